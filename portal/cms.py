"""The web editor at /admin/ (Sveltia CMS): its configuration, generated from the models,
and the files the build copies into the site.

One collection per kind of record, its languages side by side: the folder
`content/{{locale}}/<collection>` is this project's layout (Decap's i18n could only put the
language below the collection folder). Facts are edited once, in the source language
(`i18n: false`: a translation's file leaves them out); words per language (`i18n: true`);
the `id` of list items, by which translations are matched, is copied into each language.
Every file is written through our own format (portal/admin/portal-format.js): the YAML
style of the files in content/ and their schema line, so a saved record is the file
`portal new` and the other editors' tools write, and a pull request shows only what the
editor changed.

Drafts become pull requests (the editorial workflow on the GitHub backend); on a
developer's machine `python -m portal editor` serves /admin/ on 127.0.0.1, where Sveltia
edits the project's folder directly (File System Access API; no account)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import typing
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .content import SOURCE_HASH, pattern_hint
from .kinds import COLLECTIONS, KINDS, RECORD_NAMES
from .models import RecordId
from .schema import schema_of
from .security import admin_policy
from .settings import Settings
from .shape import Field, Role, Shape, shape_of, unannotated

ADMIN = Path(__file__).parent / "admin"  # our page, script and format
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# The prebuilt bundle (pinned in package.json) and the YAML library our format uses
# (yaml 1.10, pinned: its output style is what the round-trip test pins).
BUNDLE = NODE_MODULES / "@sveltia" / "cms" / "dist"
YAML_LIBRARY = NODE_MODULES / "yaml" / "browser" / "dist"
# The bundle names its fonts on a CDN; the build serves the same files (npm's fontsource
# packages, pinned to the versions the bundle names) from site/admin/fonts/ instead.
FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2": "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2": "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2": "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
}
FILE_ID = "file_id"  # the form's field for a new record's id; never written into the file


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = yaml.safe_load(  # PyYAML ships no types
        (Path(__file__).parent / "data" / "cms-labels.yaml").read_text(encoding="utf-8")
    )
    return labels


def _english(name: str) -> str:
    return name.replace("_", " ").capitalize().replace(" vnd", " (VND)").replace(" usd", " (USD)").replace("Url", "URL")


def field_label(name: str) -> str:
    """'Giờ mở cửa · Opening hours': Vietnamese first, for the provincial editors."""
    return f"{_labels()['fields'][name]} · {_english(name)}"


def _flat(meta: Sequence[Any]) -> typing.Iterator[Any]:
    """The constraints of a type's metadata (a `Field(...)` inside `Annotated` holds its own)."""
    for item in meta:
        if isinstance(item, FieldInfo):
            yield from _flat(item.metadata)
        else:
            yield item


def _constraints(meta: Sequence[Any], widget: str) -> dict[str, Any]:
    """Sveltia's options for the model's constraints, so that the form refuses what the
    content check would, before saving, with the check's own words for a pattern. A
    minimum length of 1 is left to `required`; an exclusive bound (`gt`) has no option."""
    out: dict[str, Any] = {}
    for item in _flat(meta):
        if widget == "number" and isinstance(item, annotated_types.Ge):
            out["min"] = item.ge
        elif widget == "number" and isinstance(item, annotated_types.Le):
            out["max"] = item.le
        elif widget in ("list", "select") and isinstance(item, annotated_types.MinLen):
            out["min"] = item.min_length
        elif widget in ("list", "select") and isinstance(item, annotated_types.MaxLen):
            out["max"] = item.max_length
        elif widget in ("string", "text") and isinstance(item, annotated_types.MaxLen):
            out["maxlength"] = item.max_length
        elif widget in ("string", "text") and isinstance(item, annotated_types.MinLen) and item.min_length > 1:
            out["minlength"] = item.min_length
        elif widget in ("string", "text") and getattr(item, "pattern", None):
            out["pattern"] = [item.pattern, f"Sai định dạng · Wrong form: write {pattern_hint(item.pattern)}"]
    return out


def _hint(field: Field, source_language: str) -> str:
    hint = field.description
    if field.fact:
        hint += f" — Dữ kiện: chỉ ghi ở bản tiếng Việt, dùng chung cho mọi ngôn ngữ. (A fact: written once, in content/{source_language}/.)"
    return hint.strip()


def _value_widget(field: Field) -> dict[str, Any]:
    """The widget of one value (a field's, or each of a list's)."""
    if field.choices:
        return {"widget": "select", "options": list(field.choices)}
    base, meta = unannotated(field.value)
    meta = [*meta] if field.many else [*field.metadata, *meta]  # a list's own constraints are the list widget's
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int", **_constraints(meta, "number")}
    if base is float:
        return {"widget": "number", "value_type": "float", **_constraints(meta, "number")}
    widget = "string" if field.fact else "text"
    return {"widget": widget, **_constraints(meta, widget)}


def fields(shape: Shape, settings: Settings) -> list[dict[str, Any]]:
    """Sveltia fields of a model, each with its `i18n` option: words are edited per language
    side by side (`i18n: true`), facts in the source language only (`i18n: false`: a
    translation's file leaves them out), and the `id` of list items, by which translations
    are matched, is copied into every language (`duplicate`)."""
    out = []
    # A record's own fields first, its lists of key facts and sources last (pydantic lists
    # the fields of a base class such as Sourced first).
    for field in sorted(shape.fields.values(), key=lambda field: field.name in ("key_facts", "sources")):
        entry: dict[str, Any] = {"name": field.name, "label": field_label(field.name)}
        hint = _hint(field, settings.source_language)
        if hint:
            entry["hint"] = hint
        if not field.required:
            entry["required"] = False
        if field.kind is Role.ITEMS:
            entry.update(
                widget="list",
                fields=fields(field.sub, settings),
                summary="{{fields.id}}",
                collapsed=True,
                **_constraints(field.metadata, "list"),
            )
            entry["i18n"] = field.sub.has_words
        elif field.shape is not None:  # one sub-record, or a fact that is a group (a map point)
            entry.update(
                widget="object", fields=fields(field.shape, settings), collapsed=True, i18n=field.shape.has_words
            )
        elif field.many:
            item_widget = _value_widget(field)
            if item_widget["widget"] == "select":
                entry.update(item_widget, multiple=True, **_constraints(field.metadata, "select"))
            else:
                # The item's own `i18n` too: Sveltia lets a translation add items to a list
                # only when one of its subfields is translated (paragraphs otherwise could
                # not be added on the English side).
                entry.update(
                    widget="list",
                    field={"name": field.name, "label": field_label(field.name), **item_widget, "i18n": not field.fact},
                    **_constraints(field.metadata, "list"),
                )
            entry["i18n"] = not field.fact
        elif field.ref is not None:
            entry.update(
                widget="relation",
                collection=field.ref,
                value_field="{{slug}}",
                search_fields=["name"],
                display_fields=["name"],
                i18n=False,
            )
        else:
            entry.update(_value_widget(field))
            entry["i18n"] = "duplicate" if field.kind is Role.ID else not field.fact
        out.append(entry)
    return out


def format_name(collection: str) -> str:
    """The format a collection writes with: our YAML style and schema line."""
    return f"portal:{collection}"


def facts_of(model: type[BaseModel]) -> list[str]:
    """The top-level facts of a kind of record: a file that has one is the source record."""
    return [field.name for field in shape_of(model).fields.values() if field.kind is Role.FACT]


def _name_field(model: type[BaseModel]) -> str:
    """The field a record is known by in a list: its name, or its title."""
    return "name" if "name" in model.model_fields else "title"


def collections(settings: Settings) -> list[dict[str, Any]]:
    out = []
    for collection, model in COLLECTIONS.items():
        english = collection.capitalize()
        out.append(
            {
                "name": collection,
                "label": f"{KINDS[collection].editor_label} · {english}",
                "label_singular": f"{KINDS[collection].editor_one} · {RECORD_NAMES[collection]}",
                "description": f"content/<ngôn ngữ · language>/{collection}/",
                # Our layout, content/<lang>/<collection>/<id>.yaml: the language folder sits
                # between the content folder and the collection's.
                "folder": f"{settings.content_dir.relative_to(settings.root).as_posix()}/{{{{locale}}}}/{collection}",
                "extension": "yaml",
                "format": format_name(collection),
                "i18n": True,
                "create": True,
                "delete": False,  # a published record is withdrawn, not deleted (README)
                # A record's id is its file name, the same in every language: typed once, for
                # a new record (our format does not write it into the file).
                "identifier_field": FILE_ID,
                "slug": f"{{{{fields.{FILE_ID}}}}}",
                # The list shows each record by its name (in the editors' language) and id.
                "summary": f"{{{{{_name_field(model)}}}}} ({{{{slug}}}})",
                "fields": [
                    {
                        "name": FILE_ID,
                        "label": "Mã bản ghi (tên tệp) · Record id (file name)",
                        "widget": "string",
                        "required": False,
                        "i18n": False,
                        **_constraints(unannotated(RecordId)[1], "string"),
                        "hint": "Chỉ điền khi tạo mới; giống nhau ở mọi ngôn ngữ, ví dụ hue-festival-2026. "
                        "· Only for a new record; the same in every language, e.g. hue-festival-2026.",
                    },
                    *fields(shape_of(model), settings),
                    # Written by `portal stamp`, kept as it is when a translation is saved.
                    {"name": SOURCE_HASH, "widget": "hidden", "i18n": True},
                ],
            }
        )
    return out


def config(settings: Settings, *, local: bool = False) -> dict[str, Any]:
    """The CMS configuration. On GitHub, saving opens a pull request (the editorial
    workflow); on this machine (`local`, the `editor` command) Sveltia writes the files of
    the folder the editor picks ("Work with Local Repository") as they are saved."""
    repo = os.environ.get("CMS_REPO", "OWNER/REPOSITORY")
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": os.environ.get("CMS_BRANCH", "main")}
    if os.environ.get("CMS_AUTH_URL"):  # the OAuth client that logs editors in to GitHub (README)
        backend["base_url"] = os.environ["CMS_AUTH_URL"]
    source = settings.source_language
    return {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "simple" if local else "editorial_workflow",
        "site_url": settings.site_url,
        "media_folder": f"{settings.content_dir.relative_to(settings.root).as_posix()}/images",
        "public_folder": "",
        # An optional list left empty (key facts, say) is left out of the file, as `portal
        # new` and the editors' other tools leave it out.
        "output": {"omit_empty_optional_fields": True},
        "i18n": {
            "structure": "multiple_root_folders",  # the {{locale}} of each folder says where
            "locales": [source, *(lang for lang in settings.languages if lang != source)],
            "default_locale": source,
            # A new record starts in the source language; a translation is added when its
            # words are ready (an empty file would count as missing anyway).
            "initial_locales": "default",
        },
        "collections": collections(settings),
    }


def formats(settings: Settings) -> dict[str, Any]:
    """What our format needs per collection: each file's schema line, and the facts by
    which a record's source file is told from its translations (Sveltia's formatter is
    given the data only, not the file's path)."""
    folder = settings.content_dir
    return {
        format_name(collection): {
            "source": schema_of(settings, folder / settings.source_language / collection / "x.yaml"),
            "translation": f"schema/{collection}.translation.json",
            "facts": facts_of(model),
        }
        for collection, model in COLLECTIONS.items()
    }


def settings_file(settings: Settings, *, local: bool = False) -> str:
    """site/admin/config.json: the CMS's configuration and our formats."""
    return json.dumps(
        {"cms": config(settings, local=local), "formats": formats(settings)}, ensure_ascii=False, indent=1
    )


def write_admin(site: Path, settings: Settings) -> None:
    """Copy the CMS into site/admin/: our page and scripts, the pinned bundle and its
    lazily loaded part, and the YAML library our format uses. No other page loads them."""
    if not (BUNDLE / "sveltia-cms.mjs").is_file():
        raise SystemExit(f"{BUNDLE}/sveltia-cms.mjs is missing: run `npm ci` (make build does)")
    admin = site / "admin"
    shutil.rmtree(admin, ignore_errors=True)
    shutil.copytree(ADMIN, admin)
    bundle = (BUNDLE / "sveltia-cms.mjs").read_text(encoding="utf-8")
    (admin / "fonts").mkdir()
    for url, font in FONTS.items():
        if url not in bundle:
            raise SystemExit(f"the CMS bundle no longer names {url}: update FONTS in portal/cms.py to its fonts")
        shutil.copy2(NODE_MODULES / font, admin / "fonts" / Path(font).name)
        bundle = bundle.replace(url, f"fonts/{Path(font).name}")  # relative to the page, /admin/
    (admin / "sveltia-cms.mjs").write_text(bundle, encoding="utf-8")
    shutil.copytree(BUNDLE / "chunks", admin / "chunks", ignore=shutil.ignore_patterns("*.map"))
    shutil.copy2(BUNDLE.parent / "LICENSE.txt", admin / "sveltia-cms.LICENSE.txt")
    shutil.copytree(BUNDLE.parent / "locales", admin / "locales")
    version = json.loads((BUNDLE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    (admin / "version.js").write_text(
        f"// Generated by the build: the version of Sveltia CMS copied here.\nexport const version = {json.dumps(version)};\n",
        encoding="utf-8",
    )
    shutil.copytree(YAML_LIBRARY, admin / "yaml")
    page = admin / "index.html"
    policy = admin_policy(header=False, auth_url=os.environ.get("CMS_AUTH_URL"))
    page.write_text(page.read_text(encoding="utf-8").replace("{{POLICY}}", policy), encoding="utf-8")
    (admin / "config.json").write_text(settings_file(settings), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]  # (host, port) of an IPv4 socket
        return port


def serve_site(site: Path, settings: Settings, port: int) -> ThreadingHTTPServer:
    """A server of the built site on 127.0.0.1 (where Sveltia offers to work with a local
    folder) whose /admin/config.json saves straight into that folder, without pull requests."""
    body = settings_file(settings, local=True).encode("utf-8")

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if self.path.split("?")[0] == "/admin/config.json":
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *args: Any) -> None:
            pass  # one line per request would bury what matters

    Handler.extensions_map = {**Handler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript"}
    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
