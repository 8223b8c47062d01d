"""The site's languages, read from the one place a maintainer declares them: the
mkdocs-static-i18n entry of mkdocs.yml. Adding a language is a folder under content/ and
docs/ plus one entry there; nothing in the code lists languages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml holds tags such as !!python/name that only MkDocs may resolve; the core
    reads plain settings from it and ignores those values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> str | None:
    """MkDocs's `!ENV [NAME, default]`: the variable's value, else the default."""
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    return next((os.environ[n] for n in names[:-1] if n in os.environ), names[-1] if len(names) > 1 else None)


_TolerantLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class Settings:
    root: Path
    languages: tuple[str, ...]  # in the order of mkdocs.yml; the default first
    default_language: str  # served at /
    source_language: str  # where facts are written
    site_url: str  # absolute, ending in "/": feeds, calendars and open data carry full addresses

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def generated_dir(self) -> Path:
        return self.root / "build" / "docs"


def load_settings(root: Path) -> Settings:
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    i18n = next(
        (p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p),
        None,
    )
    if not i18n:
        raise SystemExit("mkdocs.yml: plugins: the i18n plugin (mkdocs-static-i18n) with its languages is required")
    languages = [entry["locale"] for entry in i18n["languages"]]
    default = next(entry["locale"] for entry in i18n["languages"] if entry.get("default"))
    ordered = tuple([default] + [lang for lang in languages if lang != default])
    source = (config.get("extra") or {}).get("source_language", default)
    site_url = str(config.get("site_url") or "http://127.0.0.1:8000/")
    return Settings(root, ordered, default, source, site_url.rstrip("/") + "/")
