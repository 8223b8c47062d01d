"""MkDocs's hooks (named in mkdocs.yml): before MkDocs collects its files, load and check
the content and write the pages it will read (unless the portal's command did, see
`state`); on each page, the typography of its language and the words search should
find, and its security policy; each language's own 404 page; after a whole `mkdocs build`, what the site needs
once (portal/sitebuild.py `finish_site`: search index, sitemap, headers). The preview (preview.py) generates its own pages and skips the site-wide
steps: they are for the published site, and would cost it seconds an edit."""

from __future__ import annotations

import html
import importlib.util
import posixpath
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from portal.content import load_interface
from portal.engines import EngineError
from portal.engines.mkdocs import state
from portal.errors import ContentError
from portal.interface import Formatter
from portal.render import build_day, generate, load_site, unpack
from portal.search import place_names, searchable
from portal.security import with_policy_meta
from portal.settings import Settings, load_settings
from portal.sitebuild import finish_site
from portal.typography import typeset


def _inner_language_build(config: MkDocsConfig) -> bool:
    """mkdocs-static-i18n runs one whole build per further language from inside its own
    on_post_build; work meant for the whole site is done once, outside those."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def _i18n(config: MkDocsConfig) -> Any:
    """mkdocs-static-i18n's plugin, which builds each language (its attributes are untyped)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("mkdocs.yml: the i18n plugin (mkdocs-static-i18n) is missing; add it back to `plugins`")
    return i18n


def _language(config: MkDocsConfig) -> str:
    i18n = _i18n(config)
    return i18n.current_language or i18n.default_language


_names: dict[str, list[str]] = {}  # language -> its place names, for search
_settings: list[Settings] = []  # the portal's settings, read by this build's on_pre_build
_heading_link: dict[str, str] = {}  # language -> the title of its heading anchors


def on_pre_build(config: MkDocsConfig) -> None:
    # static-i18n sets the language switcher's links of each page as an attribute of
    # config.extra (templates read it before the dict item), and it outlives a language's
    # build: the next language's 404 page, rendered before its pages, would lead to the
    # last page of the previous language. Each language starts from its own roots, so a
    # language builds the same alone (portal/sitebuild.py) as after the others.
    vars(config.extra).pop("alternate", None)
    # The words of this language's 404 page (every language build renders one).
    lang = _language(config)
    try:
        settings = load_settings(Path(config.config_file_path).parent)
        t = load_interface(settings, lang)
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error.report()}") from None
    _settings[:] = [settings]
    i18n = _i18n(config)
    home_path, search_path = settings.page_url(lang, "index.md"), settings.page_url(lang, "search.md")
    config.extra["not_found"] = {
        "title": t.not_found_title,
        "text": t.not_found_text,
        "home": t.home_title,
        "home_path": home_path,
        "search": t.search,
        "search_path": search_path,
    }
    # The words of the theme's own parts (header, language menu, breadcrumbs, printed
    # page), which Material's templates cannot take from the portal's interface; and each
    # language's home page, where the language menu of a 404 page leads.
    config.extra["words"] = {
        "home": t.home,
        "breadcrumbs": t.breadcrumbs,
        "search": t.search,
        "search_box": t.search_box,
        "search_path": search_path,
        "not_translated": t.not_translated,
        "print_note": t.print_note,
        "printed_on": t.printed_on,
        "published": Formatter(lang, t).date(build_day().isoformat()),
    }
    config.extra["homes"] = {language: settings.page_url(language, "index.md") for language in i18n.all_languages}
    # The place names this language's segmenter keeps whole (portal/search.py).
    _names[lang] = place_names(Path(config.config_file_path).parent / "content", lang, t.province)
    _heading_link[lang] = t.heading_link
    # Runs before MkDocs lists docs_dir, so the generated pages are there to be listed.
    if _inner_language_build(config) or state.pages_ready:
        return
    try:
        generate(load_site(load_settings(Path(config.config_file_path).parent)))
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error.report()}") from None


@event_priority(0)  # before static-i18n's (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    # A language's build reads its own folder and the shared ones (assets/, data/), not
    # the other languages': static-i18n looks at every file of the docs folder in every
    # language's build (with eight languages at 1,000 records, 2 s of each build). The
    # portal generates every page in every language, so the build needs no other
    # language's page as a fallback, and the language menu's links are set below.
    others = set(_i18n(config).all_languages) - {_language(config)}
    return Files([file for file in files if file.src_uri.partition("/")[0] not in others])


def on_nav(nav, config: MkDocsConfig, files):
    # Before MkDocs reads the pages. The preview's dirty builds read and render only the
    # pages that changed, but the menu on them shows the titles of the section pages:
    # read those (front matter only, no rendering), or the menu says "None".
    if state.preview:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
    return nav


@event_priority(100)  # before anything reads the page's front matter
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    unpack(page.meta)  # the theme's structures, written as JSON (portal/render.py)
    return markdown


def _section_of(page, nav):
    """The menu's page for the section a record's page belongs to (its front matter names
    it, e.g. plans/index.md), or None."""
    section = page.meta.get("section") if page and page.meta else None
    if not section:
        return None
    return next((item for item in nav.pages if item.file.src_uri.endswith(section) and item is not page), None)


_highlighted: list = []  # the menu's section page marked active for the page being rendered


def on_page_context(context, page, config: MkDocsConfig, nav):
    # Just before the theme renders the page, with the menu of this language (static-i18n
    # makes its own after on_nav). The home page is "Home" in the menu; its heading and
    # browser tab keep its own title (front matter). A record's page is not in the menu,
    # so the menu marks its section as the current one (Material styles the active item).
    if nav.homepage is not None:
        nav.homepage.title = html.escape(config.extra["words"]["home"])  # the theme prints titles as HTML
    # The language menu (static-i18n's copy of extra.alternate, made for this page before
    # this hook, an attribute of config.extra): each language's version of this page, at
    # the address the portal gives it; a home page leads to each language's home, as
    # static-i18n sets.
    if page is not nav.homepage and _settings:
        path = page.file.src_uri.partition("/")[2]
        for alternate in vars(config.extra).get("alternate") or []:
            alternate["link"] = _settings[0].page_url(alternate["lang"], path)
    section = _section_of(page, nav)
    if section is not None:
        section.active = True
        _highlighted.append(section)
    # The menu of a page outside it: that of its section, with links relative to its
    # folder (overrides/partials/nav.html makes it once).
    in_menu = any(item is page for item in nav.pages)
    folder = posixpath.dirname(page.url.rstrip("/"))
    context["menu_key"] = None if in_menu else f"{section.url if section else ''}\0{folder}"
    return context


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    # Before any page is rendered. Each language's build (and the preview's, after every
    # edit) makes a fresh theme environment, which would compile Material's templates
    # again (half a second): Jinja's own cache keeps them compiled, keyed by their source.
    env.bytecode_cache = FileSystemBytecodeCache()
    # Material's own templates also under "material/" (overrides/partials/nav.html
    # includes the one it stands for), and `once` for the menu made once per section.
    material = Path(importlib.util.find_spec("material").origin).parent / "templates"  # type: ignore[union-attr,arg-type]
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": FileSystemLoader(material)})])  # type: ignore[list-item]
    _fragments.clear()
    env.globals["once"] = _once
    return env


_fragments: dict[str, str] = {}  # what `once` made in this language's build


def _once(key: str, caller) -> str:
    """The template text `caller` makes, made once per `key` (a Jinja call block)."""
    if key not in _fragments:
        _fragments[key] = caller()
    return _fragments[key]


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    # The page's own HTML, before the theme wraps it: typeset in its language, then with
    # the words Pagefind should also find.
    lang = _language(config)
    return searchable(typeset(html, lang, _heading_link.get(lang, "")), lang, _names.get(lang, ()))


@event_priority(-200)
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    # The page is rendered: its section is no longer the current one for the next page.
    while _highlighted:
        _highlighted.pop().active = False
    # Last of every plugin's: the page as written, with its security policy (so the page
    # cache, build.py, keeps the finished page and finish_site has nothing to rewrite).
    return output if state.preview else with_policy_meta(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # static-i18n writes every language's theme pages to the site's root, the last one
    # winning. Each language's 404 page goes to its own folder instead (written here:
    # nothing else of the build knows every language), and the sitemap is the portal's,
    # written once after the whole site (an empty output tells MkDocs to write nothing).
    if state.preview:
        return output
    if template_name == "sitemap.xml":
        return ""
    if template_name == "404.html":
        output = with_policy_meta(output)
        lang = _language(config)
        if lang != _i18n(config).default_language:
            page = Path(config.site_dir) / lang / "404.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(output, encoding="utf-8")
            return ""
    return output


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    # After static-i18n's on_post_build (priority -100), which builds the other
    # languages: the whole site is on disk. The preview builds one language and skips
    # this; `portal build` builds the languages in processes of their own and does it
    # once after them (portal/sitebuild.py).
    if _inner_language_build(config) or state.preview:
        return
    try:
        finish_site(Path(config.site_dir), load_settings(Path(config.config_file_path).parent))
    except EngineError as error:
        raise PluginError(str(error)) from None
