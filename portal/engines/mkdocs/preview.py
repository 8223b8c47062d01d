"""The preview server (`python -m portal serve --lang xx`): one language of the site, kept
up to date while editors change content/ and docs/.

A full build makes every language (mkdocs-static-i18n runs one MkDocs build per language)
and renders every page, a minute and more at a thousand records per language. The
preview instead
- builds one language only, with static-i18n's own `build_only_locale` option, into its
  own folders (build/preview/<lang>/docs and site), served at the root of the address;
- reads the content of that language and of those it falls back to only (the default
  and the source): the other translations appear on none of its pages, and neither they
  nor their files are watched;
- after an edit, loads the content again (unchanged files are neither parsed nor checked
  again: the caches of yamlfile.py and content.py), renders again only the pages the edit
  affects (the changed records' own pages, the pages of records they name or that name
  them, and the lists), and writes only the files whose text changed;
- lets MkDocs rebuild only those (a dirty build: pages whose Markdown is newer than
  their HTML), and runs neither Pagefind nor the security-policy hashing of the hooks;
- on content with problems, prints them (the report of `portal check`) and keeps serving
  the last good pages, each with a banner listing the problems (file, line, field, what
  is wrong and the fix) where the editor looks; fixing the file brings the preview back
  and the banner goes.

Serving, watching and reloading the browser are MkDocs's own (mkdocs.livereload, with
the watchdog observer MkDocs ships); this module only decides what to rebuild."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import logging
import socket
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.utils.yaml import yaml_load

from ...content import Content
from ...errors import ContentError, Problem
from ...render import (
    Page,
    Renderer,
    Summary,
    affected_pages,
    language_files,
    load_site,
    mirror_docs,
    shared_files,
    summary,
    write_tree,
)
from ...settings import Settings, load_settings
from . import state
from .log import show_mkdocs_log

log = logging.getLogger("mkdocs.portal.preview")

# The banner: a script every preview page loads (a file: the pages allow no inline
# script) and the problems it shows, written beside it into the served folder after every
# build and every failed update (MkDocs's live reload then reloads the browser). Its words
# are Vietnamese and English, like the web editor's labels: the banner speaks to editors,
# in whatever language they preview, not to readers.
BANNER_FOLDER = "_preview"
BANNER_SCRIPT = Path(__file__).resolve().parents[2] / "data" / "preview-problems.js"
BANNER_HEADING = (
    "Trang xem trước chưa được cập nhật: nội dung có {count} lỗi cần sửa. "
    "· This preview is not up to date: the content has {count} problem(s) to fix."
)


class Preview:
    def __init__(self, root: Path, lang: str):
        self.root = root
        self.lang = lang
        folder = root / "build" / "preview" / lang
        self.docs_dir = folder / "docs"
        self.site_dir = folder / "site"
        self.url = ""  # where the server serves the site, set by serve()
        self.content: Content | None = None  # the last good content
        self.records: Summary = {}  # its records and the records they name (render.summary)
        self.pages: dict[str, str] = {}  # page path -> its text, as last written
        self.files: dict[str, str | bytes] | None = None  # the docs tree as last written; None: as on disk
        self.today: dt.date | None = None  # the day the pages were last rendered as of
        self.theme = self._theme_stamp()
        self.problems: list[Problem] = []  # of the content the preview could not show

    def show_problems(self) -> None:
        """The banner's script and problems in the served folder (an empty list: no banner)."""
        folder = self.site_dir / BANNER_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        report = {
            "heading": BANNER_HEADING.format(count=len(self.problems)),
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
        }
        write_tree(
            folder,
            {
                "problems.js": BANNER_SCRIPT.read_text(encoding="utf-8"),
                "problems.json": json.dumps(report, ensure_ascii=False, indent=1),
            },
        )

    def update(self) -> bool:
        """Load the content and write the preview's docs tree, rendering again only the
        pages that changed. On problems, print them all and leave the last good pages."""
        try:
            content = load_site(*self.settings())
        except ContentError as error:
            print(
                f"{error.report()}\nThe preview shows the last good pages until this is fixed.",
                file=sys.stderr,
                flush=True,
            )
            self.problems = error.problems
            self.show_problems()
            return False
        if self.problems:
            print("The problems are fixed: the preview shows the new pages.", file=sys.stderr, flush=True)
            self.problems = []
        renderer = Renderer(content)
        old = self.content
        # Interface words, the day (upcoming and past events) and the languages are on
        # every page: when they change, every page is rendered again.
        everything = (
            old is None
            or old.interface != content.interface
            or self.today != renderer.today
            or old.settings != content.settings
        )
        records = summary(content)
        fresh = set() if everything else affected_pages(self.records, records)
        pages: dict[str, str] = {}

        def render(lang: str, page: Page) -> str:
            text = self.pages.get(page.path) if page.path not in fresh and not everything else None
            pages[page.path] = text if text is not None else renderer.render(lang, page)
            return pages[page.path]

        docs = mirror_docs(content.settings.docs_dir)
        files = shared_files(renderer, docs)
        files.update(language_files(renderer, self.lang, docs, render))
        written = write_tree(self.docs_dir, files, self.files)
        self.content, self.records, self.pages, self.files, self.today = content, records, pages, files, renderer.today
        log.info(
            f"{len(written)} file(s) changed, {len(pages) if everything else len(fresh & pages.keys())} page(s) rendered"
        )
        return True

    def settings(self) -> tuple[Settings, frozenset[str]]:
        """The site's settings narrowed to the languages this preview reads (the one it
        shows, and those its pages fall back to: the default and the source, whose facts
        it shows too), and the language folders it leaves unread."""
        settings = load_settings(self.root)
        read = (self.lang, settings.default_language, settings.source_language)
        shown = tuple(lang for lang in settings.languages if lang in read)
        return dataclasses.replace(settings, languages=shown), frozenset(settings.languages) - set(shown)

    def config(self) -> MkDocsConfig:
        """mkdocs.yml with static-i18n building this language only, as the default (at
        the root), into the preview's folders; a fresh config for every build, as
        `mkdocs serve` does, because plugins keep state between events."""
        config_file = self.root / "mkdocs.yml"
        with config_file.open(encoding="utf-8") as stream:
            plugins = yaml_load(stream).get("plugins", [])
        plugins = [
            {"i18n": {**plugin["i18n"], "build_only_locale": self.lang}}
            if isinstance(plugin, dict) and "i18n" in plugin
            else plugin
            for plugin in plugins
        ]
        config = load_config(
            str(config_file),
            docs_dir=str(self.docs_dir),
            site_dir=str(self.site_dir),
            plugins=plugins,
            strict=False,  # a warning must not stop the preview; `portal build` is strict
        )
        config.site_url = self.url
        config.extra_javascript.append(f"{BANNER_FOLDER}/problems.js")
        return config

    def _theme_stamp(self) -> tuple:
        """What MkDocs puts on every page besides its Markdown: the configuration and the
        theme overrides. A dirty build does not notice them."""
        files = [self.root / "mkdocs.yml", *sorted((self.root / "overrides").rglob("*"))]
        return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())

    def rebuild(self) -> None:
        """After an edit: update the docs tree, then let MkDocs build the pages whose
        Markdown changed (all of them when the theme or configuration changed)."""
        if not self.update():
            return
        theme = self._theme_stamp()
        dirty, self.theme = theme == self.theme, theme
        self.build(dirty)

    def build(self, dirty: bool) -> None:
        config = self.config()
        if dirty:
            # The theme's pages of their own (404, sitemap) show no record: the first
            # build's stay, instead of being rendered again after every edit.
            config.theme.static_templates.clear()
        try:
            build(config, serve_url=self.url, dirty=dirty)
        except MkDocsException as error:  # the last good pages stay on disk and are served
            log.error(f"the preview was not rebuilt: {error}")
        self.show_problems()  # a first build empties the folder


def serve(root: Path, lang: str, address: str, verbose: bool = False) -> int:
    """Quiet unless `verbose`: the address, the content's problems and MkDocs's warnings,
    one line each (with -v: MkDocs's own log, each rebuild's steps)."""
    # The preview renders the pages itself (the hook must not generate the whole site) and
    # needs neither a search index nor a security policy (see hooks.py).
    state.pages_ready = state.preview = True
    show_mkdocs_log(verbose)
    preview = Preview(root, lang)
    host, _, port = address.rpartition(":")
    try:  # MkDocs binds only when it starts serving: a taken port is said before the first build
        with socket.create_server((host, int(port))):
            pass
    except OSError as error:
        why = "the port is taken" if error.errno == errno.EADDRINUSE else error.strerror
        print(f"{address}: {why}; choose another: make serve port=NNNN (or --dev-addr 127.0.0.1:NNNN)", file=sys.stderr)
        return 2
    # MkDocs polls the watched files every 0.5 s by default: half of that on average is
    # added to every edit; a poll of a few thousand files costs a few milliseconds.
    server = LiveReloadServer(
        builder=preview.rebuild, host=host, port=int(port), root=str(preview.site_dir), polling_interval=0.2
    )
    if not preview.update():
        return 1
    preview.url = server.url
    preview.build(dirty=False)  # the site folder may hold an older preview's pages
    not_found = preview.site_dir / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
    # The content the preview reads, not the other translations, which its pages do not
    # show: MkDocs polls every watched file, and the poll takes the time the rebuild needs.
    content = root / "content"
    others = {content / other for other in preview.settings()[1]}
    watched = [p for p in sorted(content.iterdir()) if p not in others] if content.is_dir() else []
    for path in [*watched, root / "docs", root / "overrides", root / "mkdocs.yml"]:
        if path.exists():
            server.watch(str(path))
    print(
        f"Previewing the '{lang}' pages at {server.url} (other languages: --lang xx; Ctrl+C stops)",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
    return 0
