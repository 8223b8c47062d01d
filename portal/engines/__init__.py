"""The seam between the portal's core and the static-site engine that turns the generated
Markdown pages into HTML.

The core (content, render, sitebuild, …) loads and checks the content, writes every
language's pages into `Settings.generated_dir`, and after the engine has built them does
what the whole site needs (search index, security policy, sitemap, headers: portal/
sitebuild.py `finish_site`). What the engine needs to know about the site (the folders,
the address form, the languages) is read once from its configuration into `Settings`
(portal/settings.py); the engine itself is imported only when a command builds or
previews, so `portal check` never loads it.

An engine builds some languages, each into a folder of its own, and previews one
language. MkDocs with Material and mkdocs-static-i18n (portal/engines/mkdocs/) is the
engine of record; portal/engines/zensical.py builds the same pages with Zensical, its
successor (`portal build --engine zensical`), through the same steps before and after. No module outside portal/engines/ imports an engine's packages
(tests/test_engine_seam.py)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from ..settings import Settings


class EngineError(Exception):
    """The engine could not build: its message says why, in one line."""


class Engine(Protocol):
    name: str  # as `portal build --engine` names it
    # Whether each group of languages may be built by a process of its own, as many at
    # once as there are cores (MkDocs builds one language at a time); otherwise the
    # engine gets every language in one call (Zensical builds them with threads of its own).
    parallel: bool

    def versions(self) -> dict[str, str]:
        """The packages whose code shapes a page's HTML, with their versions: a change of
        any of them means every page must be built again."""
        ...

    def build_languages(
        self, settings: Settings, folders: dict[str, Path], reuse: bool, verbose: bool
    ) -> dict[str, Any] | None:
        """Build each language of `folders` into its folder, one after another: per
        language its figures ({"pages", "built", "keys", "seconds"}), or None when one
        failed (its errors were printed)."""
        ...

    def prepare(self, workers: int) -> AbstractContextManager[None]:
        """build_languages is called inside it, at most `workers` times: the engine may
        start beforehand (while the core checks and renders)."""
        ...

    def serve(self, root: Path, lang: str, address: str, verbose: bool) -> int:
        """Preview one language with live reload at `address` until stopped; an exit status."""
        ...


ENGINES = ("mkdocs", "zensical")  # the first is the engine of record


def engine(name: str = ENGINES[0]) -> Engine:
    """The engine called `name` (imported here, not at the core's import time)."""
    if name == "zensical":
        from .zensical import ZensicalEngine

        return ZensicalEngine()
    if name != "mkdocs":
        raise EngineError(f"no engine called {name!r}: choose one of {', '.join(ENGINES)}")
    from .mkdocs import MkDocsEngine

    return MkDocsEngine()
