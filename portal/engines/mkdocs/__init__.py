"""MkDocs 1.6 with Material and mkdocs-static-i18n as the portal's engine: the hooks
(hooks.py, named in mkdocs.yml), the per-language build with its page cache (build.py),
the preview (preview.py) and what MkDocs prints (log.py).

The adapter's state is here, on the adapter, not in the environment: a command of the
portal that already generated the pages, or the preview, says so to the hooks MkDocs
loads in the same process."""

from __future__ import annotations

import contextlib
import importlib.metadata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...settings import Settings
from .. import EngineError

if TYPE_CHECKING:
    from .build import Worker


@dataclass
class RunState:
    pages_ready: bool = False  # the core generated the pages: the hooks must not again
    preview: bool = False  # the preview server: no search words, one language, dirty builds


state = RunState()


class MkDocsEngine:
    name = "mkdocs"
    parallel = True
    packages: tuple[str, ...] = (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "markdown",
        "pymdown-extensions",
        "jinja2",
    )

    def versions(self) -> dict[str, str]:
        return {package: importlib.metadata.version(package) for package in self.packages}

    def __init__(self) -> None:
        self.started: list[Worker] = []  # worker processes waiting for a job

    @contextlib.contextmanager
    def prepare(self, workers: int) -> Iterator[None]:
        """Fork `workers` build processes from this one, once it has imported MkDocs, the
        theme and the portal: they wait for their languages while the core checks and
        renders, and those no build used are stopped at the end."""
        from .build import Worker

        self.started = [Worker() for _ in range(workers)]
        try:
            yield
        finally:
            for worker in self.started:
                worker.stop()
            self.started = []

    def build_languages(self, settings: Settings, folders: dict[str, Path], reuse: bool, verbose: bool) -> dict | None:
        from .build import run_group

        if not self.started:
            raise EngineError("MkDocs builds languages in processes started by prepare(): none is left")
        worker = self.started.pop()  # one thread at a time takes one
        return run_group(settings.root, folders, reuse, verbose, worker)

    def serve(self, root: Path, lang: str, address: str, verbose: bool) -> int:
        from .preview import serve

        return serve(root, lang, address, verbose)
