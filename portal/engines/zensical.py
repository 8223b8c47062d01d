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

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def build(settings: Settings, site_dir: Path, config: dict | None = None, environment: Path = ENVIRONMENT) -> None:
    """Build the pages in settings.generated_dir into `site_dir` with Zensical, configured
    by `config` (by default zensical_config's). Raises RuntimeError with Zensical's output
    when the build fails."""
    project = settings.generated_dir.parent
    path = project / CONFIG_NAME
    text = yaml.safe_dump(config or zensical_config(settings), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(environment / "bin" / "python"), "-m", "zensical_i18n", "build", "--clean", "--config-file", str(path)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)},
    )
    if result.returncode != 0:
        raise RuntimeError(f"Zensical could not build the site:\n{result.stdout}{result.stderr}")
    if site_dir.exists() or site_dir.is_symlink():
        shutil.rmtree(site_dir) if site_dir.is_dir() and not site_dir.is_symlink() else site_dir.unlink()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(project / SITE_NAME, site_dir)


def main(argv: list[str] | None = None) -> int:
    """`python -m portal.engines.zensical [--root DIR] [--site-dir DIR]`: generate the pages,
    build them with Zensical (default: site-zensical/) and finish the site as the MkDocs
    build does (the core's site-wide steps: security policy, search index, sitemap,
    headers), printing the time of each step."""
    import argparse

    from ..errors import ContentError
    from ..render import generate, load_site
    from ..sitebuild import finish_site

    parser = argparse.ArgumentParser(prog="python -m portal.engines.zensical", description=main.__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--site-dir", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        settings = load_settings(args.root)
        generate(load_site(settings))
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    generated = time.perf_counter()
    site_dir = args.site_dir or settings.root / "site-zensical"
    try:
        build(settings, site_dir)
        built = time.perf_counter()
        finish_site(site_dir, settings)
    except (RuntimeError, EngineError) as error:
        print(error, file=sys.stderr)
        return 1
    end = time.perf_counter()
    print(
        f"pages generated in {generated - start:.1f} s, built by Zensical in {built - generated:.1f} s, "
        f"site-wide steps in {end - built:.1f} s: {site_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
