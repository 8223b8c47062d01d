"""The real site, built once: what a reader gets in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.content import load_content
from portal.settings import load_settings

from .conftest import ROOT

LANGUAGES = ["en", "vi", "ru", "zh"]
CONTENT = load_content(load_settings(ROOT))


def html(site: Path, lang: str, path: str) -> BeautifulSoup:
    prefix = "" if lang == "en" else f"{lang}/"
    return BeautifulSoup((site / prefix / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def record_pages() -> list[tuple[str, str]]:
    return [(c, e.id) for c in ("provinces", "plans") for e in CONTENT.of(c)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_record_has_a_page_in_every_language(real_site, lang):
    for collection, record_id in record_pages() + [("plans", "compare"), ("plans", ""), ("provinces", "")]:
        page = html(real_site, lang, f"{collection}/{record_id}")
        assert page.html["lang"] == lang
        assert page.h1 and page.h1.get_text(strip=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_province_pages_carry_the_name_in_the_readers_language(real_site, lang):
    for entry in CONTENT.of("provinces"):
        name = entry.by_language[lang].name
        page = html(real_site, lang, f"provinces/{entry.id}")
        assert page.h1.get_text(strip=True).startswith(name)
        assert page.title.get_text().startswith(name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(real_site, lang):
    page = html(real_site, lang, "provinces/khanh-hoa")
    targets = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert set(targets) == set(load_settings(ROOT).languages)
    here = Path(real_site / ("" if lang == "en" else lang) / "provinces/khanh-hoa")
    for other, href in targets.items():
        landed = (here / href).resolve()
        expected = (real_site / ("" if other == "en" else other) / "provinces/khanh-hoa").resolve()
        assert landed == expected, (lang, other, href)


def test_a_missing_translation_says_so_in_the_readers_language_and_is_not_indexed(real_site):
    # The build fixture removed content/ru/plans/hue-2024.yaml.
    page = html(real_site, "ru", "plans/hue-2024")
    assert page.html["lang"] == "ru"
    notice = page.select_one(".admonition")
    assert "не переведена на русский" in notice.get_text()
    links = {a["hreflang"]: a["href"] for a in notice.select("a[hreflang]")}
    assert set(links) == {"en", "vi", "zh"}
    assert links["en"] == "../../../plans/hue-2024/"
    shown = page.select_one('div[lang="en"]')
    english = CONTENT.get("plans", "hue-2024").by_language["en"]
    assert shown is not None and english.title in shown.get_text()
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select_one("[data-pagefind-body]") is None  # not in the Russian search index
    assert html(real_site, "ru", "plans/kon-tum-2024").select_one("[data-pagefind-body]") is not None


@pytest.mark.parametrize("lang", ["en", "vi", "zh"])
def test_translated_pages_are_indexed(real_site, lang):
    assert html(real_site, lang, "plans/hue-2024").select_one('meta[name="robots"]') is None


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_headings_have_readable_ids(real_site, lang):
    page = html(real_site, lang, "plans/kon-tum-2024")
    ids = [h["id"] for h in page.select("h2[id], h3[id]")]
    assert ids
    for heading_id in ids:
        assert heading_id and not re.fullmatch(r"[_\d-]*", heading_id), heading_id
    # Chinese and Cyrillic letters survive in the ids
    assert any(re.search(r"[\u4e00-\u9fff]" if lang == "zh" else r"[а-я]", i) for i in ids)


@pytest.mark.parametrize(
    "lang, total",
    [
        ("en", "587,600,000 VND"),
        ("vi", "587.600.000 đồng"),
        ("ru", "587\xa0600\xa0000 донгов"),
        ("zh", "587,600,000越南盾"),
    ],
)
def test_plan_page_shows_the_documents_facts_and_tasks_in_each_language(real_site, lang, total):
    text = html(real_site, lang, "plans/kon-tum-2024").get_text()
    assert total in text
    for task in CONTENT.get("plans", "kon-tum-2024").by_language[lang].tasks():
        assert " ".join(task.task.split())[:60] in " ".join(text.split())


def test_compare_page_lists_every_plan(real_site):
    page = html(real_site, "en", "plans/compare")
    linked = {a["href"].strip("./").split("/")[-1] for a in page.select("table a")}
    assert {e.id for e in CONTENT.of("plans")} <= linked
