"""The seam between the portal's core and MkDocs: before MkDocs collects its files, load
and check the content and write the pages it will read; on each page, add what search
and the security policy need; after the whole site is built, index it for search
(Pagefind, one index per language) and write its sitemap and security headers. The
preview server (portal/preview.py) generates its own pages and skips search and the
security policy: they are for the published site, and would cost it seconds an edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from portal.cms import write_admin
from portal.content import load_interface
from portal.errors import ContentError
from portal.render import PAGES_READY, PREVIEW, generate, load_site
from portal.search import place_names, searchable
from portal.typography import typeset
from portal.security import with_policy_meta, write_headers
from portal.settings import load_settings
from portal.sitemap import write_sitemap


def _inner_language_build(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n runs one whole build per further language from inside its own
    on_post_build; work meant for the whole site is done once, outside those."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language or i18n.default_language


_names: dict[str, list[str]] = {}  # language -> its place names, for search
_heading_link: dict[str, str] = {}  # language -> the title of its heading anchors


def on_pre_build(config: MkDocsConfig) -> None:
    # The words of this language's 404 page (every language build renders one).
    lang = _language(config)
    try:
        t = load_interface(load_settings(Path(config.config_file_path).parent), lang)
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error.report()}") from None
    prefix = "" if lang == config.plugins.get("i18n").default_language else f"{lang}/"
    config.extra["not_found"] = {
        "title": t.not_found_title, "text": t.not_found_text, "home": t.home_title, "home_path": prefix,
        "search": t.search, "search_path": f"{prefix}search/",
    }
    # The place names this language's segmenter keeps whole (portal/search.py).
    _names[lang] = place_names(Path(config.config_file_path).parent / "content", lang, t.province)
    _heading_link[lang] = t.heading_link
    # Runs before MkDocs lists docs_dir, so the generated pages are there to be listed.
    if _inner_language_build(config) or os.environ.get(PAGES_READY):
        return
    try:
        generate(load_site(load_settings(Path(config.config_file_path).parent)))
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error.report()}") from None


def on_nav(nav, config: MkDocsConfig, files):
    # Before MkDocs reads the pages. The preview's dirty builds read and render only the
    # pages that changed, but the menu on them shows the titles of the section pages:
    # read those (front matter only, no rendering), or the menu says "None".
    if os.environ.get(PREVIEW):
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    # Before any page is rendered. The preview builds after every edit with a fresh theme
    # environment: Jinja's own cache keeps the compiled templates (keyed by their source).
    if os.environ.get(PREVIEW):
        env.bytecode_cache = FileSystemBytecodeCache()
    return env


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    # The page's own HTML, before the theme wraps it: typeset in its language, then with
    # the words Pagefind should also find.
    lang = _language(config)
    return searchable(typeset(html, lang, _heading_link.get(lang, "")), lang, _names.get(lang, ()))


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    # The page is final here: its inline scripts can be hashed into its own policy.
    return output if os.environ.get(PREVIEW) else with_policy_meta(output)


_not_found: dict[str, str] = {}  # language -> its rendered 404 page


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # static-i18n writes every language's 404.html to the site's root, the last one
    # winning: keep each, and write them to their language folders after the build.
    if template_name == "404.html" and not os.environ.get(PREVIEW):
        output = with_policy_meta(output)
        _not_found[_language(config)] = output
    return output


def _sort_pagefind_entry(path: Path) -> None:
    """Pagefind lists the languages of its index in the order its threads finish: sorted,
    two builds of the same content give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    # After static-i18n's on_post_build (priority -100), which builds the other
    # languages: the whole site is on disk. The preview builds one language and skips this.
    if _inner_language_build(config) or os.environ.get(PREVIEW):
        return
    site = Path(config.site_dir)
    indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink", "--silent"])
    if indexed.returncode != 0:
        raise PluginError("Pagefind could not index the site (see its message above)")
    _sort_pagefind_entry(site / "pagefind" / "pagefind-entry.json")
    default = config.plugins.get("i18n").default_language
    for lang, page in _not_found.items():
        (site / ("" if lang == default else lang) / "404.html").write_text(page, encoding="utf-8")
    # Netlify and Cloudflare Pages: a missing page under /<lang>/ gets that language's 404.
    rules = [f"/{lang}/* /{lang}/404.html 404" for lang in sorted(_not_found) if lang != default]
    (site / "_redirects").write_text("".join(f"{rule}\n" for rule in rules), encoding="utf-8")
    write_sitemap(site)
    write_headers(site)
    write_admin(site, load_settings(Path(config.config_file_path).parent))
