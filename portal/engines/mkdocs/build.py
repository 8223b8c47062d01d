"""One language's MkDocs build, in a process of its own (MkDocsEngine.prepare forks as
many as the machine has cores; portal/sitebuild.py merges their folders into one site).

mkdocs-static-i18n builds the languages one after another in one process (its
on_post_build starts a build per further language). A language's build reads only its
own folder of the generated pages, so each can run alone: a process loads mkdocs.yml,
tells the plugin which language it builds (as static-i18n's own loop does before each
inner build) and builds it into a folder of its own.

A page is reused from the last build when nothing it is made of changed (PageCache):
its Markdown, the menu (titles and addresses of the pages in `nav`), the configuration,
the theme overrides, the portal's code and the versions of MkDocs and its plugins. The
cache is keyed by those bytes, never by file times: build/page-cache/<key>, a hard link
to the page in the site that made it (so it costs no disk), read-only (a tool that
wrote into a published page in place would change the cached one)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config

from ...digests import tree_digest
from ...processes import can_fork
from ...sitebuild import CACHE_FORMAT, cache_dir, link_file

# MkDocs loads the hooks from their file at each build; what they import (the portal's
# render, search and typography) is imported here, before the workers are forked.
from . import MkDocsEngine, hooks, state  # noqa: F401
from .log import show_mkdocs_log

PORTAL = Path(__file__).resolve().parents[2]  # the hooks, the Markdown extension (portal/links.py) and what they call


def theme_digest(root: Path, site_url: str) -> str:
    """What every page of the site is made of besides its own Markdown and the menu."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for package, version in MkDocsEngine().versions().items():
        digest.update(f"{package}={version}\0".encode())
    digest.update((root / "mkdocs.yml").read_bytes() + b"\0" + site_url.encode() + b"\0")
    tree_digest(digest, root / "overrides")
    # The hooks, the Markdown extension (portal/links.py) and what they call.
    tree_digest(digest, PORTAL, (".py",))
    return digest.hexdigest()


class PageCache:
    """A MkDocs plugin (registered by the language build, not in mkdocs.yml): pages whose
    key is in the cache are linked into the site and left out of the build (MkDocs's
    dirty build skips a page whose file says it is not modified); the others are built
    and stored after a successful build."""

    def __init__(self, folder: Path, theme: str, lang: str, reuse: bool):
        self.folder = folder
        self.theme = theme
        self.lang = lang
        self.reuse = reuse
        self.keys: dict[str, str] = {}  # abs_dest_path -> key, every page of this build
        self.built: list[str] = []  # abs_dest_path of the pages this build rendered

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    # After static-i18n's on_nav (-100) and the hooks': the menu is final. A skipped page
    # is never read, but the menu of every page shows the titles of the pages in it.
    def on_nav(self, nav, config, files):
        menu = hashlib.sha256(f"{self.theme}\0{self.lang}\0".encode())
        # The interface words the theme prints (header, print note, 404 page: the hooks'
        # on_pre_build). Not the day of the build: a reused page keeps the day of its version.
        words = {name: text for name, text in config.extra.get("words", {}).items() if name != "published"}
        menu.update(json.dumps([words, config.extra.get("not_found")], sort_keys=True).encode())
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
            menu.update(f"{page.file.src_uri}\0{page.url}\0{page.title}\0".encode())
        menu_digest = menu.hexdigest()
        for file in files.documentation_pages():
            key = hashlib.sha256(
                f"{menu_digest}\0{file.src_uri}\0".encode() + Path(file.abs_src_path).read_bytes()
            ).hexdigest()
            self.keys[file.abs_dest_path] = key
            cached = self.entry(key)
            if self.reuse and cached.is_file():
                target = Path(file.abs_dest_path)
                target.parent.mkdir(parents=True, exist_ok=True)
                link_file(cached, target)
                file.is_modified = lambda: False
            else:
                file.is_modified = lambda: True
                self.built.append(file.abs_dest_path)
        return nav

    def store(self) -> None:
        for dest in self.built:
            cached = self.entry(self.keys[dest])
            if cached.exists() or not os.path.isfile(dest):
                continue
            cached.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(dest, 0o444)
            link_file(Path(dest), cached)


class OneLanguage:
    """A MkDocs plugin (registered by the language build): once static-i18n has made the
    language menu with every language (its on_config), the build is of one language.
    static-i18n would otherwise pair each page with its version in every language (its
    on_files, a tenth of a language's build at 1,000 records, half of a build after an
    edit), which the hooks set themselves (on_page_context)."""

    def __init__(self, i18n: Any, lang: str):
        self.i18n, self.lang = i18n, lang

    def on_files(self, files, config):  # before static-i18n's (-100)
        for language in self.i18n.config.languages:
            language.build = language.locale == self.lang
        return files


def build_language(root: Path, lang: str, site_dir: Path, reuse: bool) -> dict:
    """One language's MkDocs build into `site_dir`, as static-i18n's own loop builds it."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    i18n: Any = config.plugins["i18n"]  # static-i18n's plugin: these attributes are its own, untyped
    # static-i18n builds `current_language`; `building` marks a build of its loop, which
    # starts no further languages (and the hooks leave the site-wide work to us).
    i18n.current_language = lang
    i18n.building = True
    config.plugins["portal/one-language"] = OneLanguage(i18n, lang)  # type: ignore[assignment]
    cache = PageCache(cache_dir(root), theme_digest(root, config.site_url or ""), lang, reuse)
    # MkDocs calls a plugin's events by name: the cache has the ones it needs, not BasePlugin's others.
    config.plugins["portal/page-cache"] = cache  # type: ignore[assignment]
    # The dirty build is what skips the pages the cache holds (its warning is filtered
    # out: log.py).
    config.plugins.on_startup(command="build", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    cache.store()
    return {"pages": len(cache.keys), "built": len(cache.built), "keys": sorted(cache.keys.values())}


def _build_job(job: dict) -> dict | None:
    """The languages of `job` ({"root", "reuse", "verbose", "languages": [[lang,
    folder], ...]}) built one after another (a fresh configuration each, as
    static-i18n's loop does); their figures, or None after saying why one failed."""
    root, reuse, verbose = Path(job["root"]), job["reuse"], job["verbose"]
    state.pages_ready = True
    show_mkdocs_log(verbose)
    results = {}
    for lang, folder in job["languages"]:
        start = time.perf_counter()
        try:
            results[lang] = build_language(root, lang, Path(folder), reuse)
        except Exception as error:  # MkDocs's Abort and plugin errors: said once, no traceback
            print(f"the '{lang}' pages could not be built: {error}", file=sys.stderr)
            return None
        results[lang]["seconds"] = time.perf_counter() - start
    return results


def _serve(connection: Connection, parent: int) -> None:
    """A worker process's life: one job from `connection`, its figures sent back. It
    ends without one when its parent has ended (the other workers, forked from the same
    parent, hold the pipe open: no end of file would come)."""
    while not connection.poll(1):
        if os.getppid() != parent:
            return
    connection.send(_build_job(connection.recv()))


class Worker:
    """A process that builds some languages (one job), started before the job is known.

    Forked from a process that has imported MkDocs, the theme and the portal, it starts
    with them loaded (a new interpreter takes half a second to import them), which is
    why the worker is a multiprocessing Process with a pipe, not a `python -m` command;
    not a ProcessPoolExecutor either, whose manager thread would be running in this
    process when the check and render is forked from it (build in portal/cli.py).
    Where processes cannot be forked (processes.can_fork), it is spawned."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork") if can_fork() else multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, os.getpid()), name="mkdocs-worker")
        self.process.start()
        theirs.close()

    def run(self, job: dict) -> dict | None:
        """The job's figures, or None (a build failed and said why, or the process died)."""
        try:
            self.connection.send(job)
            return self.connection.recv()
        except (EOFError, OSError):  # killed, or died without a word
            print("a MkDocs build process stopped before its end", file=sys.stderr)
            return None
        finally:
            self.process.join()

    def stop(self) -> None:
        """A worker that was given no job: ended."""
        self.process.kill()
        self.process.join()


def run_group(root: Path, folders: dict[str, Path], reuse: bool, verbose: bool, worker: Worker) -> dict | None:
    """The languages of `folders` built by `worker`."""
    job = {
        "root": str(root),
        "reuse": reuse,
        "verbose": verbose,
        "languages": [[lang, str(folder)] for lang, folder in folders.items()],
    }
    return worker.run(job)
