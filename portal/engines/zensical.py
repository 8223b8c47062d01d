"""The second engine: the generated pages (build/docs, written by the core) built into a
site by Zensical, the Material team's successor of MkDocs and Material, with
zensical-i18n for the languages. It proves that the pages do not need MkDocs; what the
MkDocs adapter adds through its hooks is not here (README, "Second engine: Zensical").

Zensical runs in a virtual environment of its own (.venv-zensical, pinned in
requirements-zensical.txt: `make .venv-zensical/.deps`), so it cannot change the MkDocs
stack's packages; this module only writes its configuration and starts it. It never
imports MkDocs or Zensical.

How mkdocs.yml maps to Zensical's configuration (build/zensical.yml, MkDocs's format,
which Zensical reads natively):
- site_name, site_description, use_directory_urls, nav, extra, extra_css: as they are.
  site_url: the resolved one (Settings.site_url, SITE_URL wins as in MkDocs).
- theme: `material` is Zensical's built-in theme (its classic variant looks like
  Material); language, font, features and palette as they are. `custom_dir` is left out:
  our overrides read what the hooks put into `config.extra` and Zensical's template engine
  (minijinja) stops at the first undefined value (`undefined value (in main.html:19)`).
- markdown_extensions: as they are; the toc's `!!python/object/apply` slugify becomes
  Zensical's `{object, kwds}` form (its zensical.toml cannot hold Python tags). Our own
  extension (portal.links) is imported from this package's folder (PYTHONPATH).
- plugins: only i18n, which zensical-i18n reads with mkdocs-static-i18n's options (its
  `build` flags included). hooks, validation, strict and watch are not passed: Zensical
  has no hooks, and it warns of pages missing from `nav` (records are left out of the menu
  on purpose), which `strict` would make fatal.

Zensical's project is build/ (both engines read build/docs): Zensical and zensical-i18n
refuse a docs or site folder outside the configuration's folder, so the site is built
into build/zensical-site and then moved where the caller wants it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from ..settings import Settings, env_value, load_settings
from . import EngineError

# The package's own project (where `make` creates the environment), not the project built.
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
ENVIRONMENT = PACKAGE_PARENT / ".venv-zensical"
CONFIG_NAME = "zensical.yml"
SITE_NAME = "zensical-site"

# Keys of mkdocs.yml that Zensical reads as MkDocs does.
KEPT = ("site_name", "site_description", "use_directory_urls", "nav", "extra", "extra_css")
THEME_KEPT = ("name", "language", "font", "features", "palette")


class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types: its classes are Any
    """mkdocs.yml as Zensical should see it: `!ENV` resolved, and
    `!!python/object/apply:f {kwds: …}` (how MkDocs names a function with options) in
    Zensical's own notation, `{object: f, kwds: …}`."""


def _python_object(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict:
    options = loader.construct_mapping(node, deep=True) if isinstance(node, yaml.MappingNode) else {}
    return {"object": suffix, "kwds": options.get("kwds", {})}


_Loader.add_constructor("!ENV", env_value)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _python_object)


def zensical_config(settings: Settings) -> dict:
    """Zensical's configuration of the site, derived from mkdocs.yml and the settings."""
    mkdocs = yaml.load((settings.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config = {key: mkdocs[key] for key in KEPT if key in mkdocs}
    theme = mkdocs.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else {k: v for k, v in theme.items() if k in THEME_KEPT}
    i18n = next(p["i18n"] for p in mkdocs["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {
        **config,
        "site_url": settings.site_url,
        "docs_dir": settings.generated_dir.name,
        "site_dir": SITE_NAME,
        "theme": {**theme, "variant": "classic"},
        "markdown_extensions": mkdocs.get("markdown_extensions", []),
        "plugins": [{"i18n": i18n}],
    }


def build(
    settings: Settings,
    site_dir: Path,
    config: dict | None = None,
    environment: Path = ENVIRONMENT,
    languages: Sequence[str] = (),
) -> None:
    """Build the pages in settings.generated_dir into `site_dir` with Zensical, configured
    by `config` (by default zensical_config's); only `languages` when some are named.
    Raises EngineError with Zensical's output when the build fails."""
    project = settings.generated_dir.parent
    path = project / CONFIG_NAME
    text = yaml.safe_dump(config or zensical_config(settings), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    only = [option for lang in languages for option in ("--lang", lang)]
    result = subprocess.run(
        [python(environment), "-m", "zensical_i18n", "build", "--clean", "--config-file", str(path), *only],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)},
    )
    if result.returncode != 0:
        raise EngineError(f"Zensical could not build the site:\n{result.stdout}{result.stderr}")
    if site_dir.exists() or site_dir.is_symlink():
        shutil.rmtree(site_dir) if site_dir.is_dir() and not site_dir.is_symlink() else site_dir.unlink()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(project / SITE_NAME, site_dir)


def python(environment: Path) -> str:
    """Zensical's Python (its own environment), or how to make it."""
    executable = environment / "bin" / "python"
    if not executable.exists():
        raise EngineError(
            f"Zensical's environment {environment} is missing: create it with `make .venv-zensical/.deps`"
        )
    return str(executable)


class ZensicalEngine:
    """The engine behind `portal build --engine zensical`: the core generates the pages,
    Zensical builds the languages asked for in one run (its own threads build them in
    parallel), and the core's site-wide steps finish the site as after MkDocs."""

    name = "zensical"
    parallel = False

    def versions(self) -> dict[str, str]:
        # Zensical's environment is made from these pins (Makefile), and is remade when they change.
        pins = (PACKAGE_PARENT / "requirements-zensical.txt").read_text(encoding="utf-8")
        return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", pins, re.M))

    def prepare(self, workers: int) -> contextlib.AbstractContextManager[None]:
        """Nothing to start beforehand: Zensical builds every language in one run."""
        return contextlib.nullcontext()

    def build_languages(
        self, settings: Settings, folders: dict[str, Path], reuse: bool, verbose: bool
    ) -> dict[str, Any] | None:
        """Each language into its folder as the core expects it: the default language's
        build is the site (with the theme's files), another's is `<folder>/<lang>/`."""
        start = time.perf_counter()
        built = settings.generated_dir.parent / "zensical-languages"
        try:
            build(settings, built, languages=list(folders))
        except EngineError as error:
            print(error, file=sys.stderr)
            return None
        seconds = time.perf_counter() - start
        default = settings.default_language
        results: dict[str, Any] = {}
        for lang, folder in sorted(folders.items(), key=lambda item: item[0] == default):
            own = built if lang == default else built / lang
            pages = sum(
                1
                for page in own.rglob("*.html")
                if lang != default or page.relative_to(own).parts[0] not in settings.languages
            )
            target = folder if lang == default else folder / lang
            target.mkdir(parents=True, exist_ok=True)
            for item in list(own.iterdir()) if lang == default else [own]:
                if lang == default and item.name in settings.languages:
                    continue
                os.rename(item, target / item.name if lang == default else target)
            results[lang] = {"pages": pages, "built": pages, "keys": [], "seconds": seconds}
        shutil.rmtree(built, ignore_errors=True)
        if verbose:
            print(f"Zensical built {', '.join(folders)} in {seconds:.1f} s", file=sys.stderr)
        return results

    def serve(self, root: Path, lang: str, address: str, verbose: bool) -> int:
        """Zensical's own preview of the generated pages of `lang`, with the pages
        generated again whenever content/ or docs/ changes (only those an edit affects:
        portal/render.py), which Zensical then shows."""
        from ..errors import ContentError
        from ..render import generate, load_site

        settings = load_settings(root)

        def regenerate() -> None:
            try:
                generate(load_site(load_settings(root)))
            except ContentError as error:
                print(error.report(), file=sys.stderr)

        regenerate()
        path = settings.generated_dir.parent / CONFIG_NAME
        path.write_text(
            yaml.safe_dump(zensical_config(settings), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        try:
            server = subprocess.Popen(
                [
                    python(ENVIRONMENT),
                    "-m",
                    "zensical_i18n",
                    "serve",
                    "--config-file",
                    str(path),
                    "--lang",
                    lang,
                    "--dev-addr",
                    address,
                ],
                cwd=path.parent,
                env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)},
            )
        except EngineError as error:
            print(error, file=sys.stderr)
            return 1
        seen = _edits(root)
        # Stopped by its PID (SIGTERM) as by Ctrl-C: Zensical's server stops with it.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            while server.poll() is None:
                time.sleep(0.3)
                now = _edits(root)
                if now != seen:
                    seen = now
                    regenerate()
        except KeyboardInterrupt:
            pass
        finally:
            server.terminate()
            server.wait()
        return 0


def _edits(root: Path) -> dict[str, tuple[int, int]]:
    """What the preview watches: the content and the hand-written pages, by size and time
    of change (a cheap poll; the render itself compares what files hold)."""
    return {
        str(path): (stat.st_size, stat.st_mtime_ns)
        for folder in (root / "content", root / "docs")
        for path in folder.rglob("*")
        if (stat := path.stat()) and path.is_file()
    }
