"""The site's own map (portal/geomap.py): well-formed SVG of today's 34 provinces, named in
the page's language, the portal's provinces linked, nothing from another host, text
escaped, and the merger data in agreement with the content's merged records."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from portal import geomap
from portal.geomap import MapPoint, province_map

ROOT = Path(__file__).resolve().parent.parent
OURS = ["hue", "khanh-hoa", "quang-ngai", "thanh-hoa", "tuyen-quang"]
HIGHLIGHTED = {pid: f"../provinces/{pid}/" for pid in OURS}
POINTS = [
    MapPoint(16.4698, 107.5786, "Complex of Huế Monuments", "../attractions/hue-monuments/", "place"),
    MapPoint(19.3170, 105.7860, "Nghi Sơn Economic Zone", "../zones/nghi-son/", "zone"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def provinces_in(root: ET.Element) -> dict[str, ET.Element]:
    return {p.get("data-id"): p for p in root.iter("path") if "pm-province" in p.get("class", "").split()}


def title_of(element: ET.Element) -> str:
    return element.find("title").text


@pytest.fixture(scope="module")
def national() -> str:
    return province_map("en", {}, HIGHLIGHTED, POINTS, title="Viet Nam's provinces")


def test_the_merger_makes_34_provinces_of_63():
    assert len(geomap.provinces()) == 34
    assert len(geomap.merged_into()) == 63
    assert geomap.merged_into()["kon-tum"] == "quang-ngai"


def test_national_map_is_well_formed_with_34_provinces(national):
    root = parse(national)
    assert root.tag == "svg"
    assert len(provinces_in(root)) == 34
    title_id = root.get("aria-labelledby")
    assert [t.text for t in root.iter("title") if t.get("id") == title_id] == ["Viet Nam's provinces"]
    assert root.get("role") in ("img", "group")
    # A few tens of KB at most for the whole country.
    assert len(national.encode()) < 40_000


def test_map_without_links_is_an_image():
    root = parse(province_map("en", {}, {}, [], title="Viet Nam"))
    assert root.get("role") == "img"
    assert root.find(".//a") is None


def test_the_five_are_highlighted_and_linked(national):
    root = parse(national)
    links = {a.get("href"): a for a in root.iter("a")}
    for pid in OURS:
        link = links[f"../provinces/{pid}/"]
        path = link.find("path")
        assert path.get("data-id") == pid
        assert "pm-ours" in path.get("class").split()
    others = [p for pid, p in provinces_in(root).items() if pid not in OURS]
    assert len(others) == 29 and all("pm-ours" not in p.get("class") for p in others)


def test_points_are_circles_with_titles(national):
    circles = [c for c in parse(national).iter("circle") if "pm-point" in c.get("class")]
    assert {title_of(c) for c in circles} == {p.label for p in POINTS}
    assert {c.get("class") for c in circles} == {"pm-point pm-place", "pm-point pm-zone"}


@pytest.mark.parametrize(
    ("lang", "names", "expected"),
    [
        ("vi", {}, {"ho-chi-minh": "Thành phố Hồ Chí Minh", "da-nang": "Đà Nẵng"}),
        ("en", {}, {"ha-noi": "Hanoi", "ho-chi-minh": "Ho Chi Minh City"}),
        ("zh", {"hue": "顺化市", "khanh-hoa": "庆和省"}, {"hue": "顺化市", "khanh-hoa": "庆和省"}),
        (
            "ru",
            {"tuyen-quang": "Туенкуанг", "thanh-hoa": "Тханьхоа"},
            {"tuyen-quang": "Туенкуанг", "thanh-hoa": "Тханьхоа"},
        ),
    ],
)
def test_provinces_are_named_in_the_page_language(lang, names, expected):
    root = parse(province_map(lang, names, HIGHLIGHTED, [], title="map"))
    found = provinces_in(root)
    for pid, name in expected.items():
        title = found[pid].find("title")
        assert title.text == name
        assert title.get("lang") is None


def test_a_name_missing_in_the_language_falls_back_to_english_marked_as_such():
    root = parse(province_map("ru", {}, {}, [], title="Карта"))
    title = provinces_in(root)["ho-chi-minh"].find("title")
    assert (title.text, title.get("lang")) == ("Ho Chi Minh City", "en")


def test_nothing_refers_to_another_host(national):
    for svg in (national, province_map("en", {}, HIGHLIGHTED, POINTS, title="x", focus="hue")):
        root = parse(svg)
        for element in root.iter():
            for name, value in element.attrib.items():
                assert "http" not in value.lower() and not value.startswith("//"), (element.tag, name, value)
                assert "url(" not in value.lower() and "javascript" not in value.lower()
            assert element.tag not in ("script", "image", "use", "foreignObject", "style")
        assert "http" not in svg and "@import" not in svg


@pytest.mark.parametrize(
    "href", ["https://example.org/", "//example.org/x", "javascript:alert(1)", "data:text/html,x", 'a" onclick="x']
)
def test_links_to_another_host_or_scheme_are_refused(href):
    with pytest.raises(ValueError):
        province_map("en", {}, {"hue": href}, [], title="x")
    with pytest.raises(ValueError):
        province_map("en", {}, {}, [MapPoint(16.4, 107.5, "x", href)], title="x")


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script> & Co'
    svg = province_map(
        "en", {"hue": hostile}, HIGHLIGHTED, [MapPoint(16.47, 107.58, hostile, None, "place")], title=hostile
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find(".//script") is None
    assert title_of(provinces_in(root)["hue"]) == hostile
    assert root.find("title").text == hostile
    assert title_of(next(root.iter("circle"))) == hostile


def test_merger_data_agrees_with_the_content():
    merged = 0
    for path in sorted((ROOT / "content").glob("*/provinces/*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record.get("merged_into"):
            merged += 1
            assert geomap.merged_into()[path.stem] == record["merged_into"], path
        elif path.parent.parent.name == "vi":
            # A province of today in the content is one of today's 34.
            assert path.stem in geomap.provinces(), path
    assert merged >= 3  # kon-tum, ha-giang, ninh-thuan


@pytest.mark.parametrize("focus", OURS)
def test_focus_map_shows_the_province_and_its_neighbours(focus, national):
    svg = province_map("vi", {}, HIGHLIGHTED, POINTS, title="Bản đồ", focus=focus)
    root = parse(svg)
    found = provinces_in(root)
    assert "pm-focus" in found[focus].get("class").split()
    neighbours = [p for pid, p in found.items() if pid != focus]
    assert neighbours and all("pm-context" in p.get("class").split() for p in neighbours)
    assert len(found) < 34
    assert len(svg) < len(national)


def test_unknown_province_is_refused():
    with pytest.raises(ValueError):
        province_map("en", {}, {"atlantis": "../atlantis/"}, [], title="x")
    with pytest.raises(ValueError):
        province_map("en", {}, {}, [], title="x", focus="kon-tum")  # not a province of today


def test_archipelagos_are_drawn_as_part_of_their_provinces():
    """Hoàng Sa is in Đà Nẵng, Trường Sa in Khánh Hòa, as in the source."""
    outlines = geomap.outlines()
    assert outlines["da-nang"].bounds[2] > 112  # Hoàng Sa reaches past 112°E
    assert outlines["khanh-hoa"].bounds[2] > 114  # Trường Sa past 114°E


def test_crowded_linked_points_are_moved_apart_to_be_tapped_and_joined_to_where_they_are():
    # Two places 300 m apart in Huế, a third far away: on Huế's own map the two would overlap.
    near = [
        MapPoint(16.4698, 107.5786, "A", "../a/"),
        MapPoint(16.4720, 107.5800, "B", "../b/"),
        MapPoint(16.20, 107.85, "C", "../c/"),
    ]
    root = parse(province_map("en", {}, HIGHLIGHTED, near, title="Huế", focus="hue"))
    width = float(root.get("viewBox").split()[2])
    per_px = width / geomap.PHONE_COLUMN_PX  # viewBox units per CSS px on a 390-px phone
    links = {a.get("href"): a for a in root.iter("a") if a.get("href") in ("../a/", "../b/", "../c/")}
    hits = {href: a.find("circle[@class='pm-hit']") for href, a in links.items()}
    for hit in hits.values():  # each disc holds a 24 x 24 CSS px square
        assert float(hit.get("r")) * 2 / per_px >= 24 * 2**0.5
    a, b = (hits[h] for h in ("../a/", "../b/"))
    gap = ((float(a.get("cx")) - float(b.get("cx"))) ** 2 + (float(a.get("cy")) - float(b.get("cy"))) ** 2) ** 0.5
    assert gap >= float(a.get("r")) + float(b.get("r")) - 2  # the discs do not overlap (rounding)
    assert len(links["../a/"].findall("line")) + len(links["../b/"].findall("line")) >= 1
    assert links["../c/"].find("line") is None  # a point with room stays where it is, unjoined
