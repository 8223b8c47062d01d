"""Attractions, investment, events, news and the press centre in the built site (the real
content plus the synthetic records of tests/synthetic.py, built as of synthetic.TODAY):
their pages and lists, and the files made from them, each parsed by a well-kept library."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import feedparser
import icalendar
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from portal.content import load_content
from portal.render import Renderer
from portal.settings import load_settings

from .conftest import ROOT
from .synthetic import TODAY, day

SITE_URL = "http://127.0.0.1:8000/"
LANGUAGES = ["en", "vi", "ru", "zh"]


def page(site: Path, lang: str, path: str) -> BeautifulSoup:
    prefix = "" if lang == "en" else f"{lang}/"
    return BeautifulSoup((site / prefix / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def jsonld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


# --- events ----------------------------------------------------------------------------


def test_events_are_split_into_upcoming_and_past_as_of_the_build_date(real_site):
    soup = page(real_site, "en", "events")
    sections = {h2.get_text(strip=True).rstrip("¶"): h2 for h2 in soup.select("article h2")}
    upcoming = sections["Upcoming"].find_next("ul").get_text()
    past = sections["Past"].find_next("ul").get_text()
    assert "Test fair" in upcoming and "Test exhibition" not in upcoming
    assert "Test exhibition" in past


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_dated_event_has_a_valid_calendar_file(real_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    calendar = icalendar.Calendar.from_ical((real_site / prefix / "events/test-fair.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == TODAY + dt.timedelta(days=30)
    assert event.decoded("dtend") == TODAY + dt.timedelta(days=33)  # exclusive: the day after the last
    assert str(event["url"]) == f"{SITE_URL}{prefix}events/test-fair/"
    assert str(event["uid"]).startswith("test-fair@")
    # The event page links to it, and it is served where the link leads.
    link = page(real_site, lang, "events/test-fair").find("a", href=lambda h: h and h.endswith(".ics"))
    assert (real_site / prefix / "events/test-fair" / link["href"]).resolve() == (
        real_site / prefix / "events/test-fair.ics"
    ).resolve()


def test_calendars_per_province_and_for_all_hold_the_right_events(real_site):
    def uids(name: str) -> set[str]:
        calendar = icalendar.Calendar.from_ical((real_site / "calendars" / f"{name}.ics").read_bytes())
        return {str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")}

    content = load_content(load_settings(real_site.parent))
    renderer = Renderer(content, TODAY)
    dated = {e.id: renderer.pick(e, "en")[0] for e in content.of("events") if renderer.pick(e, "en")[0].starts}
    assert {"test-fair", "test-expo"} <= set(dated)
    assert uids("all") == set(dated)
    for province in ("hue", "khanh-hoa"):
        assert uids(province) == {i for i, r in dated.items() if r.province == province}
    # A province without a dated event has no calendar (its page links none).
    assert not (real_site / "calendars" / "kon-tum.ics").exists()


def test_an_event_without_dates_says_so_and_has_no_calendar(real_site):
    undated = [
        p
        for p in (real_site / "events").iterdir()
        if p.is_dir() and not (real_site / "events" / f"{p.name}.ics").exists()
    ]
    for folder in undated:
        text = page(real_site, "en", f"events/{folder.name}").get_text()
        assert "dates are not published here yet" in text


# --- news ------------------------------------------------------------------------------


def test_an_updated_item_shows_its_dated_change(real_site):
    soup = page(real_site, "en", "news/test-release")
    text = soup.get_text()
    assert "Corrected the date." in text
    assert "Updated" in text
    assert jsonld(soup)["dateModified"] == day(-5)
    assert jsonld(soup)["@type"] == "NewsArticle"


def test_a_withdrawn_item_keeps_its_page_with_a_notice_and_leaves_lists_and_feeds(real_site):
    soup = page(real_site, "en", "news/test-withdrawn")
    notice = soup.select_one(".admonition.danger")
    assert (
        notice is not None and "withdrawn" in notice.get_text() and "The information was replaced." in notice.get_text()
    )
    news = page(real_site, "en", "news")
    current = news.select("article h2 a")
    assert "Test press release" in [a.get_text() for a in current]
    assert "Withdrawn test clarification" not in [a.get_text() for a in current]
    for feed_file in ("feeds/news.xml", "feeds/hue.xml"):
        feed = feedparser.parse((real_site / feed_file).read_bytes())
        titles = [e.title for e in feed.entries]
        assert "Test press release" in titles and "Withdrawn test clarification" not in titles
    assert "Withdrawn test clarification" not in page(real_site, "en", "provinces/hue").get_text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_news_feeds_are_valid_atom_announced_in_every_head(real_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    feed = feedparser.parse((real_site / prefix / "feeds/news.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert any(e.link == f"{SITE_URL}{prefix}news/test-release/" for e in feed.entries)
    for path in ("", "provinces/hue", "attractions"):
        head = page(real_site, lang, path).head
        hrefs = [link["href"] for link in head.select('link[rel="alternate"][type="application/atom+xml"]')]
        assert f"{SITE_URL}{prefix}feeds/news.xml" in hrefs
    province_head = page(real_site, lang, "provinces/hue").head
    assert f"{SITE_URL}{prefix}feeds/hue.xml" in [
        link["href"] for link in province_head.select('link[type="application/atom+xml"]')
    ]
    assert feedparser.parse((real_site / prefix / "feeds/hue.xml").read_bytes()).version == "atom10"


# --- investment catalogue and open data ------------------------------------------------


def test_catalogue_lists_everything_without_javascript(real_site):
    soup = page(real_site, "en", "invest")
    rows = soup.select("[data-catalogue] tbody tr")
    names = [row.a.get_text() for row in rows]
    assert {"Test industrial park", "Test port", "Test farm"} <= set(names)
    assert soup.select_one("[data-catalogue-filters]").has_attr("hidden")  # filters need the script
    port = next(row for row in rows if row.a.get_text() == "Test port")
    assert (port["data-province"], port["data-form"], port["data-status"]) == ("hue", "fdi ppp", "open")
    target = (real_site / "invest" / port.a["href"] / "index.html").resolve()
    assert target == (real_site / "opportunities/test-port/index.html").resolve()


def test_open_data_has_every_entry_with_stable_ids_and_every_language(real_site):
    document = json.loads((real_site / "data/investment.json").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in document["records"]}
    assert {"test-park", "test-port", "test-farm"} <= set(records)
    port = records["test-port"]
    assert (port["type"], port["province"], port["zone"], port["forms"], port["capital_usd"]) == (
        "opportunity",
        "hue",
        "test-park",
        ["fdi", "ppp"],
        5000000,
    )
    assert (port["name_vi"], port["name_en"], port["name_ru"]) == ("Cảng thử nghiệm", "Test port", None)
    assert port["url"] == f"{SITE_URL}opportunities/test-port/"
    with (real_site / "data/investment.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(records)
    assert rows["test-port"]["forms"] == "fdi ppp" and rows["test-port"]["name_en"] == "Test port"
    assert rows["test-park"]["area_ha"] == "120.5"
    # The catalogue links to both files and describes them as a Dataset.
    soup = page(real_site, "en", "invest")
    hrefs = [a["href"] for a in soup.select("article a")]
    assert any(h.endswith("data/investment.csv") for h in hrefs) and any(
        h.endswith("data/investment.json") for h in hrefs
    )
    dataset = jsonld(soup)
    assert dataset["@type"] == "Dataset"
    assert {d["contentUrl"] for d in dataset["distribution"]} == {
        f"{SITE_URL}data/investment.csv",
        f"{SITE_URL}data/investment.json",
    }


def test_zone_page_shows_sourced_facts_and_its_opportunities(real_site):
    soup = page(real_site, "en", "zones/test-park")
    text = soup.get_text().replace("\xa0", " ")  # a no-break space joins a figure and its unit
    assert "120.5 ha" in text and "January 2, 2010" in text
    assert "Test port" in text


# --- attractions and images ------------------------------------------------------------


def test_attraction_picture_has_size_responsive_sources_alt_and_credit(real_site):
    for lang, alt in (("en", "A waterfall falling into a lake"), ("vi", "Thác nước đổ xuống hồ")):
        soup = page(real_site, lang, "attractions/test-waterfall")
        img = soup.select_one("article img[srcset]")
        assert img["alt"] == alt
        assert (img["width"], img["height"]) == ("1440", "900")
        widths = [entry.split()[-1] for entry in img["srcset"].split(", ")]
        assert widths == ["480w", "960w", "1440w"]
        for entry in img["srcset"].split(", "):
            assert (
                (real_site / ("" if lang == "en" else "vi/") / "attractions/test-waterfall" / entry.split()[0])
                .resolve()
                .is_file()
            )
        assert "Test Author, CC BY 4.0" in soup.get_text()
    soup = page(real_site, "en", "attractions/test-waterfall")
    data = jsonld(soup)
    assert data["@type"] == "TouristAttraction" and data["image"].endswith("test-waterfall-1440.webp")
    # A link shared in a chat or a social network shows the picture (Open Graph).
    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image == data["image"] and (real_site / og_image.removeprefix(SITE_URL)).is_file()
    assert page(real_site, "en", "provinces/hue").find("meta", property="og:image") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_record_kind_has_a_page_and_is_listed_on_its_province(real_site, lang):
    province = page(real_site, lang, "provinces/hue")
    hrefs = [a["href"] for a in province.select("article a")]
    for path in ("zones/test-park/", "opportunities/test-port/", "events/test-fair/", "news/test-release/"):
        assert any(h.endswith(path) for h in hrefs), path
        assert (real_site / ("" if lang == "en" else f"{lang}/") / path / "index.html").is_file()


def test_press_centre_exists_in_every_language_with_contacts(real_site):
    for lang in LANGUAGES:
        soup = page(real_site, lang, "press")
        assert len(soup.select("article h3")) == 5, lang  # one heading per province
        assert soup.select_one("article a[href^='https://']") is not None  # the official portals
    assert jsonld(page(real_site, "vi", "press"))["about"][0]["@type"] == "GovernmentOrganization"
    # Each paragraph of the guide is a paragraph of the page (each province's tasks apart).
    guide = yaml.safe_load((ROOT / "content/en/guides/press-centre.yaml").read_text(encoding="utf-8"))
    shown = [" ".join(p.get_text(" ").split()) for p in page(real_site, "en", "press").select("article p")]
    for section in guide["sections"]:
        for paragraph in section["paragraphs"]:
            start = " ".join(BeautifulSoup(markdown.markdown(paragraph), "html.parser").get_text(" ").split())[:60]
            assert any(text.startswith(start) for text in shown), start
