"""What the core needs of the site's configuration (mkdocs.yml, the engine's file), read
once: the languages, from the one place a maintainer declares them (the
mkdocs-static-i18n entry; adding a language is a folder under content/ and docs/ plus one
entry there, nothing in the code lists languages), the site's address, the folder the
engine reads the generated pages from, and the form of page addresses."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError, Problem


class _TolerantLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types: its classes are Any
    """mkdocs.yml holds tags such as !!python/name that only MkDocs may resolve; the core
    reads plain settings from it and ignores those values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def env_value(loader: yaml.SafeLoader, node: yaml.Node) -> str | None:
    """MkDocs's `!ENV [NAME, default]`: the variable's value, else the default."""
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    return next((os.environ[n] for n in names[:-1] if n in os.environ), names[-1] if len(names) > 1 else None)


_TolerantLoader.add_constructor("!ENV", env_value)


@dataclass(frozen=True)
class Settings:
    root: Path
    languages: tuple[str, ...]  # in the order of mkdocs.yml; the default first
    default_language: str  # served at /
    source_language: str  # where facts are written
    site_url: str  # absolute, ending in "/": feeds, calendars and open data carry full addresses
    generated_dir: Path  # where the engine reads the generated pages (its docs_dir)
    unbuilt_languages: tuple[str, ...] = ()  # listed with `build: false`: prepared, not published
    directory_urls: bool = True  # mkdocs.yml's use_directory_urls: pages at plans/x/, else plans/x.html

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def docs_dir(self) -> Path:
        """The hand-written pages (copied into the generated pages)."""
        return self.root / "docs"

    def page_url(self, lang: str, path: str) -> str:
        """The address, relative to the site's root, of the page the Markdown file `path`
        (relative to its language's folder) becomes, as the engine makes it."""
        stem = path.removesuffix(".md")
        prefix = "" if lang == self.default_language else f"{lang}/"
        if not self.directory_urls:
            return prefix + stem + ".html"
        return prefix + ("" if stem == "index" else stem.removesuffix("/index") + "/")

    def to_root(self, lang: str, path: str) -> str:
        """The relative address of the site's root from the page `path` in `lang`."""
        return "../" * self.page_url(lang, path).count("/")


def _line_of(text: str, key: str) -> int:
    """The line where `key:` is first written in mkdocs.yml (1 if it is not there)."""
    match = re.search(rf"^\s*-?\s*{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_settings(root: Path) -> Settings:
    """The settings the core needs from mkdocs.yml. A mistake there is reported like a
    content problem (mkdocs.yml:line: key: what is wrong and the fix), never as a traceback."""
    path = root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_TolerantLoader)
    except FileNotFoundError:
        raise ContentError(
            [Problem("mkdocs.yml", 1, "", "the site's configuration is missing; restore mkdocs.yml")]
        ) from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(
            [
                Problem(
                    "mkdocs.yml",
                    mark.line + 1 if mark else 1,
                    "",
                    f"is not valid YAML ({' '.join(str(getattr(error, 'problem', error)).split())}); check indentation, colons and quotes",
                )
            ]
        ) from None

    def problem(key: str, message: str) -> ContentError:
        return ContentError([Problem("mkdocs.yml", _line_of(text, key.split(".")[-1]), key, message)])

    if not isinstance(config, dict):
        raise ContentError([Problem("mkdocs.yml", 1, "", "holds no settings; restore the project's mkdocs.yml")])
    if not isinstance(config.get("site_name"), str) or not config["site_name"].strip():
        raise problem("site_name", "is required: the name of the site, e.g. `site_name: Provincial Portal of Vietnam`")
    plugins = config.get("plugins") or []
    i18n = (
        next((p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p), None)
        if isinstance(plugins, list)
        else None
    )
    if not isinstance(i18n, dict):
        raise problem(
            "plugins",
            "the i18n plugin (mkdocs-static-i18n) with its `languages` is required; restore it from the README",
        )
    entries = i18n.get("languages")
    if not isinstance(entries, list) or not entries:
        raise problem(
            "plugins.i18n.languages", "lists no language; add one entry per language (locale, name, site_name)"
        )
    languages = []
    unbuilt = [e.get("locale") for e in entries if isinstance(e, dict) and e.get("build") is False]
    for entry in [e for e in entries if not (isinstance(e, dict) and e.get("build") is False)]:
        locale = entry.get("locale") if isinstance(entry, dict) else None
        if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2,3}", locale):
            raise problem(
                "locale", f"every language needs `locale:` with an ISO 639 code such as `ja` (found {locale!r})"
            )
        if locale in languages:
            raise problem("locale", f"'{locale}' is listed twice; keep one entry")
        languages.append(locale)
    defaults = [entry["locale"] for entry in entries if entry.get("default") and entry["locale"] in languages]
    if len(defaults) != 1:
        raise problem("languages", f"exactly one language must have `default: true` (found {len(defaults)})")
    default = defaults[0]
    ordered = tuple([default] + [lang for lang in languages if lang != default])
    extra = config.get("extra")
    if not isinstance(extra, dict):
        extra = {}
    source = extra.get("source_language", default)
    if source not in languages:
        raise problem(
            "extra.source_language", f"'{source}' is not one of the site's languages ({', '.join(languages)})"
        )
    site_url = str(config.get("site_url") or "http://127.0.0.1:8000/")
    if not re.match(r"^https?://", site_url):
        raise problem("site_url", f"'{site_url}' is not an address; write the site's https:// address")
    docs_dir = config.get("docs_dir", "docs")
    if not isinstance(docs_dir, str) or docs_dir.rstrip("/") in ("", ".", "docs", "content"):
        raise problem(
            "docs_dir",
            f"'{docs_dir}' cannot hold the generated pages: docs/ and content/ are the editors' folders; write `docs_dir: build/docs`",
        )
    directory_urls = config.get("use_directory_urls", True)
    if not isinstance(directory_urls, bool):
        raise problem(
            "use_directory_urls",
            f"must be true (pages at plans/x/) or false (pages at plans/x.html), not {directory_urls!r}",
        )
    return Settings(
        root,
        ordered,
        default,
        source,
        site_url.rstrip("/") + "/",
        root / docs_dir,
        tuple(map(str, unbuilt)),
        directory_urls,
    )
