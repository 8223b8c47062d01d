"""The reader's way through the built site in a real browser (Debian's Chromium, headless):
phones, the language menu, breadcrumbs and the menu, the header's search box, keyboard
focus, 404 pages, print and dark mode."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from portal.content import MAX_TITLE_WIDTH, load_content, load_interface, title_width
from portal.settings import load_settings
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS

from .conftest import ROOT
from .synthetic import TODAY

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SETTINGS = load_settings(ROOT)
LANGUAGES = {lang: "" if lang == SETTINGS.default_language else f"{lang}/" for lang in SETTINGS.languages}
# One page of every kind: home, hand-written, section lists, each kind of record, the
# comparison, search, and a page that does not exist.
EVERY_KIND = [
    "",
    "about/",
    "provinces/",
    "provinces/khanh-hoa/",
    "plans/",
    "plans/kon-tum-2024/",
    "plans/compare/",
    "attractions/",
    "attractions/hue-monuments/",
    "invest/",
    "zones/nghi-son/",
    "opportunities/test-farm/",
    "events/",
    "events/test-fair/",
    "news/",
    "news/test-release/",
    "press/",
    "search/",
    "no-such-page/",
]


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_is_wider_than_a_phone_screen_even_with_the_language_menu_open(server, chromium, lang):
    widest = {}
    for width in (320, 360, 390):
        context = chromium.new_context(viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True)
        page = context.new_page()
        for path in EVERY_KIND:
            page.goto(f"{server}/{LANGUAGES[lang]}{path}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            widest[(width, path)] = scroll_width
            assert scroll_width <= width, f"/{LANGUAGES[lang]}{path} is {scroll_width} px wide on a {width} px screen"
            page.locator(".md-header__option .md-select > button").focus()  # opens the menu (CSS :focus-within)
            menu = page.locator(".md-select__inner").bounding_box()
            assert 0 <= menu["x"] and menu["x"] + menu["width"] <= width, (
                f"/{LANGUAGES[lang]}{path}: the language menu leaves the screen"
            )
        context.close()
    assert max(widest.values()) <= 390


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_short_title_the_header_search_box_and_below_the_home_breadcrumbs(server, chromium, lang):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in EVERY_KIND:
        page.goto(f"{server}/{LANGUAGES[lang]}{path}")
        heading = page.locator("h1").first.inner_text().rstrip("¶").strip()
        assert 0 < title_width(heading) <= MAX_TITLE_WIDTH, (path, heading)
        robots = page.locator('meta[name="robots"]')
        shown_in_another_language = robots.count() and "noindex" in robots.get_attribute("content")
        # A page shown in another language keeps its title in the reader's language (tab, menu).
        assert page.title().startswith(heading) or shown_in_another_language, (path, page.title())
        assert title_width(page.title().rsplit(" - ", 1)[0]) <= MAX_TITLE_WIDTH, (path, page.title())
        search = page.locator(".md-header form.portal-search")
        assert (
            search.get_attribute("method") == "get"
            and search.evaluate("f => new URL(f.action).pathname") == f"/{LANGUAGES[lang]}search/"
        )
        if path in ("", "no-such-page/"):
            assert page.locator(".portal-crumbs").count() == 0, path
            continue
        crumbs = page.locator(".portal-crumbs li")
        assert crumbs.count() >= 2 and crumbs.first.locator("a").evaluate("a => a.pathname") == f"/{LANGUAGES[lang]}", (
            path
        )
        assert crumbs.last.get_attribute("aria-current") == "page", path
        if not shown_in_another_language:
            ld = [json.loads(s) for s in page.locator('script[type="application/ld+json"]').all_text_contents()]
            trail = next(d for d in ld if d["@type"] == "BreadcrumbList")["itemListElement"]
            assert len(trail) == crumbs.count(), path
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wide_tables_scroll_with_a_fixed_first_column_and_a_cue_or_become_cards(server, chromium, lang):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/{LANGUAGES[lang]}plans/compare/")
    regions = page.locator(".portal-wide-table").all()
    wide = [r for r in regions if r.evaluate("r => r.scrollWidth > r.clientWidth")]
    assert wide, "no table of the comparison is wider than a phone: nothing here is measured"
    for region in wide:
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
        assert region.get_attribute("tabindex") == "0"  # the keyboard can scroll it
        assert "radial-gradient" in region.evaluate("r => getComputedStyle(r).backgroundImage")  # the shadow cue
        first = region.locator("tr").nth(1).locator("td").first
        before = first.bounding_box()["x"]
        region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
        assert region.evaluate("r => r.scrollLeft") > 0
        assert abs(first.bounding_box()["x"] - before) <= 2  # the first column stays (it would move by the scroll)
        last = region.locator("tr").nth(1).locator("td").last.bounding_box()
        assert last["x"] + last["width"] <= 390  # what was hidden can be scrolled into view
    page.goto(f"{server}/{LANGUAGES[lang]}invest/")
    rows = page.locator("[data-catalogue] tbody tr")
    assert rows.count() > 1 and rows.first.evaluate("r => getComputedStyle(r).display") == "block"
    label = rows.first.locator("td[data-label]").nth(1)
    assert (
        label.evaluate("c => getComputedStyle(c, '::before').content")
        .strip('"')
        .startswith(label.get_attribute("data-label"))
    )
    context.close()


def test_the_language_menu_marks_the_readers_language_and_the_missing_translations(server, chromium):
    # The real site is built without content/ru/plans/hue-2024.yaml (tests/conftest.py).
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/ru/plans/hue-2024/")
    current = page.locator(".md-select__link[aria-current]")
    assert current.count() == 1 and current.get_attribute("hreflang") == "ru"
    missing = {
        link.get_attribute("hreflang")
        for link in page.locator(".md-select__link").all()
        if link.locator(".portal-languages__missing").count()
    }
    translated = load_content(SETTINGS).get("plans", "hue-2024").by_language
    assert missing == {lang for lang in SETTINGS.languages if lang not in translated} | {"ru"} and "en" not in missing
    page.locator(".md-header__option .md-select > button").focus()
    assert page.locator('.md-select__link[hreflang="ru"]').inner_text().strip() == "Русский (нет перевода)"
    page.goto(f"{server}/ru/plans/kon-tum-2024/")
    translated = load_content(SETTINGS).get("plans", "kon-tum-2024").by_language
    assert page.locator(".portal-languages__missing").count() == len(
        [lang for lang in SETTINGS.languages if lang not in translated]
    )
    assert page.locator('.md-select__link[hreflang="ru"] .portal-languages__missing').count() == 0
    page.close()


def test_a_record_page_has_breadcrumbs_and_its_section_is_highlighted_in_the_menu(server, chromium):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/vi/plans/kon-tum-2024/")
    crumbs = page.locator(".portal-crumbs li")
    assert [c.strip() for c in crumbs.all_inner_texts()] == [
        "Trang chủ",
        "Kế hoạch",
        page.locator("h1").inner_text().rstrip("¶").strip(),
    ]
    assert page.locator(".portal-crumbs a").evaluate_all("links => links.map(a => a.pathname)") == [
        "/vi/",
        "/vi/plans/",
    ]
    ld = [json.loads(s) for s in page.locator('script[type="application/ld+json"]').all_text_contents()]
    trail = next(d for d in ld if d["@type"] == "BreadcrumbList")["itemListElement"]
    assert [(i["position"], i["item"].split("/", 3)[-1]) for i in trail] == [
        (1, "vi/"),
        (2, "vi/plans/"),
        (3, "vi/plans/kon-tum-2024/"),
    ]
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__link")
    assert active.count() == 1 and active.get_attribute("href") == "../"
    assert page.locator(".md-footer__link").count() == 0  # no previous/next between unrelated sections
    page.goto(f"{server}/vi/")
    assert page.locator(".portal-crumbs").count() == 0
    assert page.locator(".md-nav--primary .md-nav__link--active").first.inner_text().strip() == "Trang chủ"
    page.close()


def test_a_plan_page_has_a_short_title_and_the_official_title_beneath(server, chromium):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/plans/kon-tum-2024/")
    heading = page.locator("h1").inner_text().rstrip("¶").strip()
    assert heading == "Kon Tum plan (2024)"
    assert page.title().startswith(heading + " - ")
    official = page.locator(".portal-official-title")
    assert official.locator(".portal-official-title__label").inner_text().strip().lower() == "official title"
    assert len(official.inner_text()) > len(heading) * 2
    assert page.locator("h1").bounding_box()["height"] < 120  # two lines at most on a phone
    page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_header_search_box_reaches_the_search_page_without_javascript(server, chromium, lang):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/{LANGUAGES[lang]}provinces/khanh-hoa/")
    page.locator(".portal-search__input").fill("Khanh Hoa")
    page.locator(".portal-search__input").press("Enter")
    page.wait_for_url(re.compile(rf"/{LANGUAGES[lang]}search/\?q=Khanh\+Hoa$"))
    context.close()
    page = chromium.new_page()  # with JavaScript, the search page runs the query it was sent
    page.goto(f"{server}/{LANGUAGES[lang]}search/?q=Khanh+Hoa")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    assert page.locator(".pagefind-ui__search-input").input_value() == "Khanh Hoa"
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_stop_of_the_keyboard_through_the_header_shows_a_visible_focus(server, chromium, width):
    page = chromium.new_page(viewport={"width": width, "height": 844})
    page.goto(f"{server}/vi/plans/kon-tum-2024/")
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {inHeader: !!e.closest('.md-header, .md-skip'), name: e.tagName + '.' + e.className.replaceAll(' ', '.'),
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
                    visible: e.getBoundingClientRect().width > 0};
        }""")
        if not focused["inHeader"]:
            break
        if not focused["visible"]:  # the skip link and the drawer's hidden toggle
            continue
        stops.append(focused)
        assert focused["outline"] != "none" and focused["width"] >= 2, focused
        assert not focused["colour"].endswith(", 0)"), focused  # not transparent
    names = " ".join(s["name"] for s in stops)
    assert "md-logo" in names or width < 1220  # Material hides the logo on narrow screens
    assert "portal-search__input" in names and "portal-search__button" in names and "md-icon" in names
    page.close()


@pytest.mark.parametrize("lang", ["en", "km"])
def test_the_phone_menu_opens_and_closes_from_the_keyboard(server, chromium, lang):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/{LANGUAGES[lang]}provinces/khanh-hoa/")
    menu = page.locator(".md-sidebar--primary")
    on_screen = "m => m.getBoundingClientRect().right > 100 && m.getBoundingClientRect().left >= -1"
    assert not menu.evaluate(on_screen)
    for _ in range(30):  # the closed menu's links, off-screen, are no stops of the keyboard
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getBoundingClientRect().right > 0"), page.evaluate(
            "document.activeElement.outerHTML"
        )
    page.goto(f"{server}/{LANGUAGES[lang]}provinces/khanh-hoa/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-header button[aria-expanded]')"):
            break
    button = page.locator(".md-header button[aria-expanded]")
    assert button.evaluate("b => b === document.activeElement"), "Tab does not reach the menu button"
    assert button.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    assert button.get_attribute("aria-label") and button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer slides in
    assert menu.evaluate(on_screen) and button.get_attribute("aria-expanded") == "true"
    assert menu.locator('a[href="../"]').first.is_visible()  # the section list of the menu
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not menu.evaluate(on_screen) and button.get_attribute("aria-expanded") == "false"
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Space")
    page.wait_for_timeout(400)
    assert menu.evaluate(on_screen)
    page.set_viewport_size({"width": 1280, "height": 900})  # the menu is always shown: no button
    assert button.is_hidden() and menu.is_visible()
    page.close()


NOT_FOUND = {"en": "Page not found", "vi": "Không tìm thấy trang", "ru": "Страница не найдена", "zh": "页面不存在"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_404_page_says_so_and_leads_to_the_other_languages_home_pages(server, chromium, lang):
    words = NOT_FOUND.get(lang) or load_interface(SETTINGS, lang).not_found_title
    assert words != load_interface(SETTINGS, "en").not_found_title or lang == "en"
    page = chromium.new_page()
    response = page.goto(f"{server}/{LANGUAGES[lang]}plans/does-not-exist/")
    assert response.status == 404
    assert page.title().startswith(words)
    assert page.locator("h1").inner_text().strip() == words
    homes = page.locator(".portal-not-found__languages a").evaluate_all(
        "links => links.map(a => [a.hreflang, a.pathname])"
    )
    assert sorted(homes) == sorted([other, "/" + prefix] for other, prefix in LANGUAGES.items() if other != lang)
    menu = page.locator(".md-select__link").evaluate_all("links => links.map(a => [a.hreflang, a.pathname])")
    assert sorted(menu) == sorted([other, "/" + prefix] for other, prefix in LANGUAGES.items())
    page.close()


def test_a_plan_printed_to_pdf_says_where_it_comes_from(server, chromium):
    page = chromium.new_page()
    page.goto(f"{server}/plans/kon-tum-2024/")
    address = page.locator('link[rel="canonical"]').get_attribute("href")
    page.emulate_media(media="print")
    assert page.locator("h1").evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
    assert page.locator(".md-header").is_hidden() and page.locator(".portal-crumbs").is_hidden()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = re.sub(r"\s+", "", text)
    assert "Provincial Portal of Vietnam" in text
    assert re.sub(r"\s+", "", address) in flat  # the page's address (PDF text may break long lines)
    # The day of printing (the site was built as of another day: tests/conftest.py), and
    # the day of the version.
    today = datetime.date.today()
    assert today != TODAY
    assert f"printedon{today:%B}{today.day},{today.year}" in flat
    assert f"versionof{TODAY:%B}{TODAY.day},{TODAY.year}" in flat
    page.goto(f"{server}/lo/plans/kon-tum-2024/")  # Chromium cannot write dates in Lao: ISO 8601
    lao = re.sub(r"\s+", "", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    assert f"ພິມວັນທີ{today.isoformat()}" in lao
    context = chromium.new_context(java_script_enabled=False)  # without a script, the version's day only
    quiet = context.new_page()
    quiet.goto(f"{server}/plans/kon-tum-2024/")
    flat = re.sub(r"\s+", "", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(quiet.pdf(format="A4"))).pages))
    assert f"versionof{TODAY:%B}{TODAY.day},{TODAY.year}" in flat and "printedon" not in flat
    context.close()
    page.goto(f"{server}/provinces/khanh-hoa/")  # its facts link to their sources
    external = page.locator('.md-typeset a[href^="http"]').first.get_attribute("href")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    assert re.sub(r"\s+", "", external) in re.sub(r"\s+", "", text)  # a link to another site shows where it leads
    page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dark_mode_follows_the_system_and_keeps_the_contrast(server, chromium, lang):
    context = chromium.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("", "plans/kon-tum-2024/", "plans/compare/", "invest/", "news/test-release/", "no-such-page/"):
        page.goto(f"{server}/{LANGUAGES[lang]}{path}")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sum(map(int, re.findall(r"\d+", background)[:3])) < 150, background
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].target.join(' ')))"
        )
        assert violations == [], (path, violations)
    context.close()


def test_the_catalogue_filters_keep_their_place_before_and_after_the_script(server, chromium):
    def table_top(block_script: bool) -> float:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        if block_script:
            page.route("**/catalogue.js", lambda route: route.abort())
        page.goto(f"{server}/invest/")
        top = page.locator("[data-catalogue]").evaluate("t => t.getBoundingClientRect().top + scrollY")
        context.close()
        return top

    assert table_top(block_script=True) == table_top(block_script=False)


def test_targets_are_big_enough_to_tap_on_a_phone(server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("", "plans/kon-tum-2024/", "invest/", "news/test-release/"):
        page.goto(f"{server}/vi/{path}")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "axe.run({runOnly: ['target-size']}).then(r => r.violations.map(v => v.nodes.map(n => n.target.join(' '))))"
        )
        assert violations == [], (path, violations)
    context.close()


# axe-core's target-size rule measures the HTML controls of a page but skips the links of
# an inline SVG (the map): those are measured here by where a tap really lands
# (elementFromPoint), as WCAG 2.2's 2.5.8 defines it: a 24 x 24 CSS px square wholly on
# the link, or else a 24 px disc around its centre that reaches no other link and no
# other small link's disc (the spacing exception).
MAP_TARGETS = """() => {
  const links = [...document.querySelectorAll('svg.pm-map a')];
  const lands = (x, y) => document.elementFromPoint(x, y)?.closest('a');
  const fits = (link, cx, cy) => [-12, -6, 0, 6, 12].every(dx => [-12, -6, 0, 6, 12].every(dy => lands(cx + dx, cy + dy) === link));
  const small = [];
  for (const link of links) {
    const r = link.getBoundingClientRect();
    let big = false;
    for (let cx = r.left + 12; cx <= r.right - 12 && !big; cx += 3)
      for (let cy = r.top + 12; cy <= r.bottom - 12 && !big; cy += 3)
        big = fits(link, cx, cy);
    if (!big) small.push({link, x: r.left + r.width / 2, y: r.top + r.height / 2});
  }
  const failures = [];
  for (const a of small) {
    const name = a.link.getAttribute('href') + ' (' + Math.round(a.link.getBoundingClientRect().width) + ' x ' + Math.round(a.link.getBoundingClientRect().height) + ' px)';
    for (let angle = 0; angle < 360; angle += 15)
      for (const radius of [4, 8, 12]) {
        const other = lands(a.x + radius * Math.cos(angle * Math.PI / 180), a.y + radius * Math.sin(angle * Math.PI / 180));
        if (other && other !== a.link) failures.push(name + ' is under 24 px and ' + other.getAttribute('href') + ' is within 12 px of its centre');
      }
    for (const b of small)
      if (b !== a && Math.hypot(a.x - b.x, a.y - b.y) < 24) failures.push(name + ' is under 24 px and so is ' + b.link.getAttribute('href') + ', nearer than 24 px');
  }
  return [links.length, [...new Set(failures)]];
}"""


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_link_and_button_is_big_enough_or_far_enough_from_others_to_tap_on_a_phone(server, chromium, lang):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("", "provinces/hue/", "provinces/khanh-hoa/"):
        page.goto(f"{server}/{LANGUAGES[lang]}{path}")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        axe = page.evaluate("""axe.run({runOnly: ['target-size']}).then(r => [...r.violations, ...r.incomplete]
            .flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)))""")
        assert axe == [], (path, axe)
        page.locator("svg.pm-map").evaluate("map => map.scrollIntoView({block: 'center'})")
        count, failures = page.evaluate(MAP_TARGETS)
        assert count >= 4 and failures == [], (path, failures)
    context.close()


def test_korean_lines_break_between_words_not_inside_them(server, chromium):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    for lang, expected in (("ko", "keep-all"), ("en", "normal")):
        page.goto(f"{server}/{LANGUAGES[lang]}plans/thanh-hoa-2021/")
        assert page.locator("article p").first.evaluate("p => getComputedStyle(p).wordBreak") == expected, lang
    page.close()
