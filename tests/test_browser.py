"""What a reader does in a real browser (Debian's Chromium, headless), on the built site.
Screenshots are kept in build/screenshots/ for a person to look at."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import sync_playwright

from portal.content import load_content
from portal.settings import load_settings
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS

from .conftest import ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_playwright() as playwright:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
        )
        yield context
        context.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_switching_language_on_a_province_page_lands_on_the_same_province(server, browser, width, height):
    content = load_content(load_settings(ROOT))
    province = content.get("provinces", "khanh-hoa")
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server}/provinces/khanh-hoa/")
    assert page.locator("h1").inner_text().strip().rstrip("¶") == province.by_language["en"].name

    page.locator(".md-header__option .md-select > button").hover()
    page.locator('a.md-select__link[hreflang="ru"]').click()
    page.wait_for_url(f"{server}/ru/provinces/khanh-hoa/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text().strip().rstrip("¶") == province.by_language["ru"].name

    page.locator(".md-header__option .md-select > button").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(f"{server}/zh/provinces/khanh-hoa/")
    assert page.locator("h1").inner_text().strip().rstrip("¶") == province.by_language["zh"].name
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"zh-province-{width}.png"), full_page=True)
    page.close()


def test_a_missing_translation_shows_the_notice_and_the_text_in_another_language(server, browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/ru/plans/hue-2024/")
    notice = page.locator(".admonition").first
    assert "не переведена на русский" in notice.inner_text()
    notice.locator('a[hreflang="en"]').click()
    page.wait_for_url(f"{server}/plans/hue-2024/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


@pytest.mark.parametrize("lang", ["en", "vi", "ru", "zh"])
def test_pages_run_under_the_content_security_policy_without_errors(server, browser, lang):
    """No policy violation, script error, console error or failed request, also when the
    reader opens the language selector (Material's script used to fetch a sitemap.xml
    beside every alternate link there)."""
    prefix = "" if lang == "en" else f"{lang}/"
    page = browser.new_page()
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"{response.status} {response.url}"))
    for path in (
        "",
        "about/",
        "provinces/",
        "provinces/khanh-hoa/",
        "plans/kon-tum-2024/",
        "plans/compare/",
        "attractions/test-waterfall/",
        "invest/",
        "events/test-fair/",
        "news/test-release/",
        "press/",
    ):
        response = page.goto(f"{server}/{prefix}{path}")
        assert "default-src 'none'" in response.headers["content-security-policy"]
        page.locator(".md-header__option .md-select > button").hover()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
        assert errors == [], path
    page.goto(f"{server}/{prefix}search/")  # the search runs WebAssembly and fetches its index
    page.locator(".pagefind-ui__search-input").fill("Kon Tum")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    assert page.evaluate("window.__violations") == []
    assert errors == []
    page.close()


LANGUAGES = load_settings(ROOT).languages  # the default first

SEARCHES = [
    # (language, query, a page that must be among the results)
    ("en", "Khanh Hoa", "provinces/khanh-hoa/"),  # typed without diacritics
    ("vi", "Hue", "vi/provinces/hue/"),
    ("vi", "Khanh Hoa", "vi/provinces/khanh-hoa/"),
    ("vi", "doi ngoai", "vi/plans/kon-tum-2024/"),  # đối ngoại: đ typed as d
    ("zh", "庆和", "zh/provinces/khanh-hoa/"),  # Chinese, segmented
    ("zh", "投资", "zh/plans/thanh-hoa-2021/"),
    ("ru", "инвестиции", "ru/plans/thanh-hoa-2021/"),  # other forms of the word too
    ("ja", "カインホア", "ja/provinces/khanh-hoa/"),  # without 省
    ("ko", "카인호아", "ko/provinces/khanh-hoa/"),  # without 성
    ("lo", "ຊາຍແດນ", "lo/provinces/kon-tum/"),  # a word inside a phrase written without spaces
    ("km", "ព្រំដែន", "km/provinces/kon-tum/"),
]


@pytest.mark.parametrize("lang, query, expected", SEARCHES)
def test_search_finds_pages_in_the_readers_language_only(server, browser, lang, query, expected):
    page = browser.new_page()
    page.goto(f"{server}/{'' if lang == 'en' else lang + '/'}search/")
    page.locator(".pagefind-ui__search-input").fill(query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    page.wait_for_function("document.querySelector('.pagefind-ui__message')?.textContent.match(/\\d/)")
    while page.locator(".pagefind-ui__button").is_visible():  # every result, not the first five:
        page.locator(".pagefind-ui__button").click()  # all of them must be in the reader's language
    links = page.eval_on_selector_all(
        ".pagefind-ui__result-title > .pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))"
    )
    assert f"/{expected}" in links, links
    assert not [link for link in links if link.endswith("/search/")], "the search page offers itself as a result"
    others = [
        link
        for link in links
        if (link.split("/")[1] in LANGUAGES[1:]) != (lang != "en")
        or (lang != "en" and not link.startswith(f"/{lang}/"))
    ]
    assert others == [], others
    page.close()


def test_search_table_every_page_holding_the_word_is_found(real_site):
    # The documented search table: typed without accents (đ as d), in each language,
    # every indexed page of that language that holds the word is among the results.
    result = subprocess.run(
        [sys.executable, "scripts/search_table.py", "--site", str(real_site)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    rows = [line.strip("|").split("|") for line in result.stdout.splitlines()[2:]]
    assert len(rows) >= 10
    for language, query, _word, expected, found, *_ in rows:
        assert int(expected) > 0 and found == expected, (language, query, expected, found)


AXE = ROOT / "node_modules/axe-core/axe.min.js"


@pytest.mark.parametrize("lang", ["en", "vi", "ru", "zh"])
def test_pages_have_no_accessibility_violations(server, browser, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    page = browser.new_page()
    pages = (
        "",
        "about/",
        "provinces/khanh-hoa/",
        "plans/kon-tum-2024/",
        "plans/compare/",
        "search/",
        "attractions/hue-monuments/",
        "attractions/test-waterfall/",
        "invest/",
        "zones/nghi-son/",
        "events/",
        "events/test-fair/",
        "news/",
        "news/test-withdrawn/",
        "press/",
        "404.html",
    )
    for path in pages:
        page.goto(f"{server}/{prefix}{path}")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].target.join(' ')))"
        )
        assert violations == [], (path, violations)
    page.close()


def test_catalogue_filters_show_only_matching_entries(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/invest/")
    filters = page.locator("[data-catalogue-filters]")
    assert filters.is_visible()  # shown by the script; hidden without it
    rows = page.locator("[data-catalogue] tbody tr")
    total = rows.count()

    def visible() -> set[str]:
        return {rows.nth(i).locator("a").inner_text() for i in range(total) if rows.nth(i).is_visible()}

    def rows_where(**wanted: str) -> set[str]:
        """The rows whose data attributes hold every wanted value (lists are space-separated)."""
        out = set()
        for i in range(total):
            row = rows.nth(i)
            if all(value in (row.get_attribute(f"data-{name}") or "").split() for name, value in wanted.items()):
                out.add(row.locator("a").inner_text())
        return out

    assert len(visible()) == total >= 4
    page.select_option("select[name=province]", "hue")
    assert {"Test industrial park", "Test port"} <= visible() == rows_where(province="hue") != set(range(total))
    assert "Test farm" not in visible()
    assert filters.locator("output").inner_text() == f"{len(rows_where(province='hue'))} of {total} shown"
    page.select_option("select[name=form]", "fdi")
    assert visible() == rows_where(province="hue", form="fdi") and "Test port" in visible()
    page.select_option("select[name=province]", "")
    page.select_option("select[name=form]", "")
    page.select_option("select[name=status]", "in_preparation")
    assert visible() == rows_where(status="in_preparation") and "Test farm" in visible()
    page.select_option("select[name=status]", "")
    page.select_option("select[name=sector]", "logistics")
    assert visible() == rows_where(sector="logistics") and {"Test industrial park", "Test port"} <= visible()
    page.screenshot(path=str(SCREENSHOTS / "invest-filtered-en.png"), full_page=True)
    page.close()
