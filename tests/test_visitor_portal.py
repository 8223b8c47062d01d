"""The portal as a visitor, an investor or a journalist uses it: today's provinces linked to
the former ones, sourced records, dated events in the coming year, a home page that leads
to the sections on a phone's first screen, the site's own map, and a footer on every page."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from portal.lunar import next_occurrence, to_solar
from portal.render import Renderer, load_site
from portal.settings import load_settings
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS

from .conftest import ROOT

CONTENT = load_site(load_settings(ROOT))
SOURCE = CONTENT.settings.source_language
TODAY_PROVINCES = [e.id for e in CONTENT.of("provinces") if e.by_language[SOURCE].status != "merged"]


def html(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_five_provinces_of_today_and_the_former_ones_they_absorbed():
    assert sorted(TODAY_PROVINCES) == ["hue", "khanh-hoa", "quang-ngai", "thanh-hoa", "tuyen-quang"]
    merged = {
        e.id: e.by_language[SOURCE].merged_into for e in CONTENT.of("provinces") if e.by_language[SOURCE].merged_into
    }
    assert merged == {"kon-tum": "quang-ngai", "ninh-thuan": "khanh-hoa", "ha-giang": "tuyen-quang"}


def test_a_former_province_and_the_province_it_joined_link_to_each_other(real_site):
    former = html(real_site, "provinces/kon-tum")
    assert former.select_one('article a[href="../quang-ngai/"]') is not None
    today = html(real_site, "provinces/quang-ngai")
    assert today.select_one('article a[href="../kon-tum/"]') is not None


def test_each_plan_stays_with_the_province_that_issued_it():
    assert CONTENT.get("plans", "kon-tum-2024").by_language[SOURCE].province == "kon-tum"


# Records whose source is the unpublished document they summarise (the plans and the news
# of their summaries) cite that document without an address.
SUMMARIES_OF_DOCUMENTS = {"plans"}


def test_every_record_cites_a_public_source_with_its_address_and_date():
    missing = []
    for collection, entries in CONTENT.entries.items():
        if collection in SUMMARIES_OF_DOCUMENTS:
            continue
        for entry in entries.values():
            record = entry.by_language[SOURCE]
            if getattr(record, "about_portal", False):
                continue
            if not any(s.url and s.date for s in record.sources):
                missing.append(f"{collection}/{entry.id}")
    assert not missing, missing


def test_there_is_enough_to_visit_and_to_read_about_each_province():
    for province in TODAY_PROVINCES:
        places = [e for e in CONTENT.of("attractions") if e.by_language[SOURCE].province == province]
        assert len(places) >= 5, province
    news = [
        e
        for e in CONTENT.of("news")
        if not e.by_language[SOURCE].about_portal and e.by_language[SOURCE].published >= "2025-01-01"
    ]
    assert len(news) >= 15


def test_at_least_ten_events_fall_in_the_coming_twelve_months():
    today = dt.date.today()
    renderer = Renderer(CONTENT, today)
    coming = []
    for entry in CONTENT.of("events"):
        record, _ = renderer.pick(entry, "en")
        if record.starts and today.isoformat() <= record.starts <= (today + dt.timedelta(days=365)).isoformat():
            coming.append(entry.id)
    assert len(coming) >= 10, coming


def test_lunar_dates_convert_as_the_vietnamese_calendar_does():
    assert to_solar(2027, 1, 1) == dt.date(2027, 2, 6)  # Tết 2027
    assert to_solar(1985, 1, 1) == dt.date(1985, 1, 21)  # Vietnam's Tết 1985 (China's fell on 20 February)
    # Po Nagar's festival, lunar 20-23 of the 3rd month: after it ended in 2026, the next is in 2027.
    assert next_occurrence("03-20", "03-23", dt.date(2026, 12, 4)) == (dt.date(2027, 4, 26), dt.date(2027, 4, 29))


def test_an_event_computed_from_the_lunar_calendar_says_so(real_site):
    lunar = next(
        e.id for e in CONTENT.of("events") if e.by_language[SOURCE].lunar_starts and not e.by_language[SOURCE].starts
    )
    text = html(real_site, f"events/{lunar}").get_text(" ", strip=True)
    assert "computed from the traditional date in the lunar calendar" in text


def test_zone_figures_show_their_date_and_source(real_site):
    zone = next(e for e in CONTENT.of("zones") if e.by_language[SOURCE].projects is not None)
    record = zone.by_language[SOURCE]
    row = next(
        tr for tr in html(real_site, f"zones/{zone.id}").select("article tr") if "Investment projects" in tr.get_text()
    )
    assert "as of" in row.get_text() and row.select_one('a[href^="#source-"]') is not None
    assert f"{record.projects:,}" in row.get_text()


def test_the_home_page_leads_to_the_sections_within_a_phones_first_screen(server):
    sections = ["attractions/", "invest/", "events/", "press/", "provinces/"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for prefix in ("", "zh/"):
            page.goto(f"{server}/{prefix}")
            for section in sections:
                link = page.locator(f'.portal-tasks a[href="{section}"]')
                box = link.bounding_box()
                assert box is not None and box["y"] + box["height"] <= 844, (prefix, section, box)
        browser.close()


@pytest.mark.parametrize("lang, prefix", [("en", ""), ("ru", "ru/"), ("zh", "zh/")])
def test_the_map_names_the_provinces_in_the_readers_language_and_loads_nothing_from_elsewhere(real_site, lang, prefix):
    name = CONTENT.get("provinces", "hue").by_language[lang].name
    page = (real_site / prefix / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"pm-map.*?</svg>", page, re.S).group(0)
    tree = ET.fromstring(svg)  # well-formed XML
    titles = [t.text for t in tree.iter("title")]
    assert name in titles
    provinces = tree.findall(".//*[@class]")
    assert len([p for p in provinces if "pm-province" in p.get("class", "").split()]) == 34
    for element in tree.iter():
        for attribute, value in element.attrib.items():
            assert "//" not in value, (attribute, value)
    linked = {a.get("href") for a in tree.iter("a")}
    assert {f"provinces/{p}/" for p in TODAY_PROVINCES} <= linked


def test_a_province_page_has_its_own_map(real_site):
    page = html(real_site, "provinces/khanh-hoa")
    assert page.select_one("figure.portal-map svg") is not None


def test_every_page_has_the_footer_with_its_statements(real_site):
    pages = [p for p in real_site.glob("**/index.html") if not p.relative_to(real_site).as_posix().startswith("admin/")]
    for page in pages[:400]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        footer = soup.select_one(".portal-footer")
        assert footer is not None, page
        targets = [a["href"] for a in footer.select("a")]
        assert any(t.endswith("accessibility/") for t in targets) and any(t.endswith("privacy/") for t in targets), page
        assert "CC BY 4.0" in footer.get_text()
