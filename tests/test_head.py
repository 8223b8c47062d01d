"""The head of a page (portal/head.py) and its JSON-LD (portal/structured.py) are made
from the language's view and the settings alone: no Renderer, no template engine. A
maintainer can compute what search engines and link previews read from the content, and
a change to the page templates cannot change it."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import yaml

from portal.content import load_content
from portal.head import page_head
from portal.settings import load_settings
from portal.views import LanguageView, Picker

from .conftest import ROOT

DAY = dt.date(2026, 6, 1)
SITE = "http://127.0.0.1:8000/"  # the tiny project names no site_url: the preview's address


def no_picture(name: str) -> str:
    raise AssertionError(f"no page of the tiny project shows a picture ({name})")


def test_the_head_of_a_partly_translated_record_comes_from_the_view_alone(tiny):
    """The plan is written in English and Vietnamese, not in Russian: its Russian page is a
    copy in English, not indexed, announcing only the real translations."""
    settings = load_settings(tiny)
    content = load_content(settings)
    pick = Picker(settings, DAY)
    view = LanguageView(content, "ru", pick)
    entry = content.entry("plans", "alpha-2024")
    record, shown = pick(entry, "ru")
    assert shown == "en"
    t = content.interface["ru"]

    head = page_head(
        view,
        "plans/alpha-2024.md",
        entry.languages(settings.languages),
        title="План",
        description="Кратко.\n  Ещё.",
        record=record,
        province="alpha",
        noindex=shown != "ru",
        picture=no_picture,
    )

    assert head.canonical == SITE + "ru/plans/alpha-2024/"
    assert [(a.lang, a.path, a.locale) for a in head.alternates] == [
        ("en", "plans/alpha-2024/", "en_US"),
        ("vi", "vi/plans/alpha-2024/", "vi_VN"),
    ]
    assert head.x_default == "plans/alpha-2024/"  # the site's default language has it
    assert head.locale == "ru_RU"
    assert head.robots == "noindex" and head.sitemap_entry() is None
    # Breadcrumbs in the reader's words, relative to the page; the section to highlight.
    assert [(c.title, c.href) for c in head.crumbs] == [(t.home, "../../../ru/"), (t.plans, "../../../ru/plans/")]
    assert head.section == "plans/index.md"
    assert head.breadcrumbs is not None
    assert [(i["name"], i["item"]) for i in head.breadcrumbs["itemListElement"]] == [
        (t.home, SITE + "ru/"),
        (t.plans, SITE + "ru/plans/"),
        ("План", SITE + "ru/plans/alpha-2024/"),
    ]
    assert [f.path for f in head.feeds] == ["ru/feeds/news.xml"]  # the tiny project has no news of Alpha
    assert head.footer.links[0].title == t.footer_about and head.footer.links[0].href == "../../../ru/about/"
    # The plan's JSON-LD: in the reader's language, the province named as the Russian
    # page shows it (Alpha has no Russian translation: its English official name).
    english_province = yaml.safe_load((tiny / "content/en/provinces/alpha.yaml").read_text(encoding="utf-8"))
    assert head.jsonld is not None
    assert head.jsonld["@type"] == "Legislation"
    assert head.jsonld["url"] == head.canonical and head.jsonld["inLanguage"] == "ru"
    assert head.jsonld["legislationJurisdiction"]["name"] == english_province["official_name"]
    # What the theme reads: the names overrides/main.html and its partials use.
    meta = head.front_matter()
    assert list(meta) == ["title", "description", "head", "footer", "crumbs", "section", "robots"]
    assert meta["description"] == "Кратко. Ещё."
    assert meta["head"]["alternates"][1] == {"lang": "vi", "path": "vi/plans/alpha-2024/", "locale": "vi_VN"}


def test_a_translated_page_is_noted_for_the_sitemap_with_its_alternates_and_x_default(tiny):
    settings = load_settings(tiny)
    content = load_content(settings)
    view = LanguageView(content, "vi", Picker(settings, DAY))
    entry = content.entry("plans", "alpha-2024")
    head = page_head(
        view, "plans/alpha-2024.md", entry.languages(settings.languages), title="Kế hoạch", picture=no_picture
    )
    assert head.sitemap_entry() == (
        SITE + "vi/plans/alpha-2024/",
        [
            ("en", SITE + "plans/alpha-2024/"),
            ("vi", SITE + "vi/plans/alpha-2024/"),
            ("x-default", SITE + "plans/alpha-2024/"),
        ],
    )


def test_a_hand_written_page_keeps_its_own_title_and_has_no_json_ld(tiny):
    settings = load_settings(tiny)
    view = LanguageView(load_content(settings), "ru", Picker(settings, DAY))
    head = page_head(view, "about.md", ["ru"], title="О портале", hand_written=True, picture=no_picture)
    meta = head.front_matter()
    assert "title" not in meta and "description" not in meta and "jsonld" not in meta["head"]
    assert head.x_default == "ru/about/"  # the only language that has it
    assert head.breadcrumbs is not None and head.breadcrumbs["itemListElement"][-1]["name"] == "О портале"
    assert head.section is None  # a page of no section: the home page only above it


def _imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved to portal.<name>, type-only
    ones included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "portal." if node.level else ""
            names |= {base + node.module} if node.module else {base + a.name for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_json_ld_and_the_head_know_nothing_of_the_renderer_or_templates():
    for module in ("structured", "head"):
        imported = _imports(ROOT / "portal" / f"{module}.py")
        assert "portal.render" not in imported, f"portal/{module}.py imports portal.render"
        assert not any(name.startswith("jinja2") for name in imported), f"portal/{module}.py imports Jinja"
    # Nor through what they import.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, portal.head, portal.structured;"
            "print(sorted(m for m in sys.modules if m == 'portal.render' or m.startswith(('jinja2', 'mkdocs'))))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
