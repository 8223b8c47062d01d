"""What search engines and link previews read, over the whole built site: every page's
alternates are absolute, name only real translations and point back to it; the sitemap
lists exactly the indexable pages with the same alternates."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from portal.content import load_content
from portal.head import og_locale
from portal.settings import load_settings

from .conftest import ROOT

SITE_URL = "http://127.0.0.1:8000/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def page_file(site: Path, address: str) -> Path:
    assert address.startswith(SITE_URL), address
    return site / urlparse(address).path.lstrip("/") / "index.html"


@pytest.fixture(scope="module")
def heads(real_site: Path) -> dict[str, BeautifulSoup]:
    """The head of every built page, by its address."""
    found = {}
    for path in real_site.rglob("index.html"):
        if path.parent.name in ("pagefind",):
            continue
        relative = path.parent.relative_to(real_site).as_posix()
        address = SITE_URL + ("" if relative == "." else relative + "/")
        found[address] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
    return found


def alternates(head: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"][hreflang]')}


def indexable(head: BeautifulSoup) -> bool:
    return head.select_one('meta[name="robots"]') is None


def test_alternates_are_absolute_reciprocal_and_name_only_real_translations(heads):
    checked = 0
    for address, head in heads.items():
        links = alternates(head)
        if not indexable(head):
            assert links == {}, f"{address}: a copy shown for a missing translation announces alternates"
            continue
        assert head.select_one('link[rel="canonical"]')["href"] == address
        assert address in links.values(), f"{address} does not list itself"
        assert "x-default" in links and links["x-default"] in links.values()
        for lang, href in links.items():
            assert href.startswith(SITE_URL), (address, href)
            other = heads.get(href)
            assert other is not None, f"{address}: alternate {href} is not a page"
            assert indexable(other), f"{address}: alternate {href} is a copy, not a translation"
            assert alternates(other) == links, f"{href} does not point back to {address} the same way"
            if lang != "x-default":
                assert other.parent["lang"] == lang
        checked += 1
    assert checked > 50


def test_a_missing_translation_is_not_announced_anywhere(heads):
    # The build fixture removed content/ru/plans/hue-2024.yaml.
    english = heads[SITE_URL + "plans/hue-2024/"]
    assert set(alternates(english)) == {"en", "vi", "zh", "x-default"}
    assert not indexable(heads[SITE_URL + "ru/plans/hue-2024/"])


def test_every_feed_a_page_announces_exists(real_site, heads):
    # A province with no news announces only the site's feed: its own would be empty.
    announced = {link["href"] for head in heads.values() for link in head.select('link[type="application/atom+xml"]')}
    assert any("/feeds/news.xml" in href for href in announced) and any("/feeds/hue.xml" in href for href in announced)
    missing = [href for href in announced if not (real_site / urlparse(href).path.lstrip("/")).is_file()]
    assert missing == []


def test_sitemap_lists_exactly_the_indexable_pages_with_their_alternates(real_site, heads):
    tree = ET.parse(real_site / "sitemap.xml")
    assert tree.getroot().tag == f"{{{NS['s']}}}urlset"
    listed = {}
    for url in tree.getroot().findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        listed[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    expected = {
        address for address, head in heads.items() if indexable(head) and head.select_one('link[rel="canonical"]')
    }
    assert set(listed) == expected
    assert SITE_URL + "ru/plans/hue-2024/" not in listed
    for loc, links in listed.items():
        assert links == alternates(heads[loc]), loc
        assert page_file(real_site, loc).is_file()


def test_pages_carry_open_graph_tags_in_their_language(heads):
    head = heads[SITE_URL + "zh/provinces/khanh-hoa/"]
    og = {
        meta["property"]: meta["content"]
        for meta in head.select("meta[property^='og:']")
        if meta["property"] != "og:locale:alternate"
    }
    assert og["og:locale"] == "zh_CN"
    assert og["og:url"] == SITE_URL + "zh/provinces/khanh-hoa/"
    assert og["og:title"] == "庆和省"
    assert og["og:description"]
    others = sorted(meta["content"] for meta in head.select("meta[property='og:locale:alternate']"))
    translated = load_content(load_settings(ROOT)).get("provinces", "khanh-hoa").by_language
    assert others == sorted(og_locale(lang) for lang in translated if lang != "zh") and "ru_RU" in others


@pytest.mark.parametrize(
    "lang, heading",
    [("en", "Page not found"), ("vi", "Không tìm thấy trang"), ("ru", "Страница не найдена"), ("zh", "页面不存在")],
)
def test_each_language_has_its_own_404_page(real_site, lang, heading):
    prefix = "" if lang == "en" else f"{lang}/"
    soup = BeautifulSoup((real_site / prefix / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.h1.get_text() == heading
    # Served at any depth, so its own addresses are absolute paths.
    assert soup.select_one('link[rel="stylesheet"]')["href"].startswith("/")
    assert soup.select_one('meta[http-equiv="Content-Security-Policy"]') is not None
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select_one("[data-pagefind-body]") is None
    if lang != "en":
        assert f"/{lang}/* /{lang}/404.html 404" in (real_site / "_redirects").read_text(encoding="utf-8").splitlines()


SCHEMA_TYPES = {
    "WebSite",
    "AdministrativeArea",
    "Legislation",
    "TouristAttraction",
    "Place",
    "Offer",
    "Event",
    "NewsArticle",
    "Dataset",
    "WebPage",
}
REQUIRED = {
    "TouristAttraction": {"name", "description", "containedInPlace"},
    "Event": {"name", "location"},
    "NewsArticle": {"headline", "datePublished", "dateModified", "publisher"},
    "Dataset": {"name", "description", "distribution"},
    "Legislation": {"name", "legislationPassedBy"},
}


def test_every_json_ld_block_is_valid_and_describes_its_own_page(heads):
    import json

    seen = set()
    for address, head in heads.items():
        for block in head.select('script[type="application/ld+json"]'):
            data = json.loads(block.string)
            assert data["@context"] == "https://schema.org", address
            assert indexable(head), f"{address}: a copy shown for a missing translation carries JSON-LD"
            seen.add(data["@type"])
            if data["@type"] == "BreadcrumbList":  # the way from the language's home page down to this one
                trail = data["itemListElement"]
                assert [item["position"] for item in trail] == list(range(1, len(trail) + 1)) and len(trail) >= 2
                assert trail[-1]["item"] == address and address.startswith(trail[0]["item"]), address
                continue
            assert data["@type"] in SCHEMA_TYPES, (address, data["@type"])
            assert REQUIRED.get(data["@type"], set()) <= set(data), (address, data["@type"])
            assert data["url"] == address
            assert data["inLanguage"] == head.parent["lang"] or data["@type"] == "Dataset"
            assert indexable(head), f"{address}: a copy shown for a missing translation carries JSON-LD"
            seen.add(data["@type"])
    assert {"TouristAttraction", "Event", "NewsArticle", "Dataset", "WebPage", "Legislation", "BreadcrumbList"} <= seen
