"""The web editor at /admin/ (Decap CMS): its configuration, generated from the models,
and the files the build copies into the site.

Decap's own i18n cannot write this project's layout: its `multiple_folders` puts the
language right above the file (`<folder>/<lang>/<id>.yaml`), ours above the collection
(`content/<lang>/<collection>/<id>.yaml`). So each kind of record has one collection
for the source language, with every field (facts and words), and one per translation,
with the words only (lists of items keep their `id`, by which they are matched). A
fact is therefore edited once, in Vietnamese. Every collection writes its files
through our own format (portal/admin/portal-format.js): the YAML style of the files in
content/ and their schema line, so a saved record is the file `portal new` and the
other editors' tools write, and a pull request shows only what the editor changed.

Drafts become pull requests (Decap's editorial workflow on the GitHub backend); on a
developer's machine `python -m portal editor` runs the CMS against the working tree
through decap-server (no account)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import socket
import subprocess
import time
import types
import typing
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import yaml
from babel import Locale
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .content import item_model, nested_model
from .models import COLLECTIONS, ID_PATTERN, RECORD_NAMES, is_fact, ref_of
from .schema import schema_of
from .security import admin_policy
from .settings import Settings

ADMIN = Path(__file__).parent / "admin"  # our page, script and format
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# The prebuilt bundle (pinned in package.json) and the YAML library our format uses (the
# version Decap itself reads and writes YAML with).
BUNDLE = NODE_MODULES / "decap-cms" / "dist"
YAML_LIBRARY = NODE_MODULES / "yaml" / "browser" / "dist"
FILE_ID = "file_id"  # the form's field for a new record's id; never written into the file
LOCAL_BACKEND_PORT = 8081  # decap-server's default; `portal editor` passes its own


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).parent / "data" / "cms-labels.yaml").read_text(encoding="utf-8"))


def _english(name: str) -> str:
    return name.replace("_", " ").capitalize().replace(" vnd", " (VND)").replace(" usd", " (USD)").replace("Url", "URL")


def field_label(name: str) -> str:
    """'Giờ mở cửa · Opening hours': Vietnamese first, for the provincial editors."""
    return f"{_labels()['fields'][name]} · {_english(name)}"


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return args[0] if optional and len(args) == 1 else annotation


def _base(annotation: Any) -> tuple[Any, list]:
    """(python type, metadata) of an `Annotated[...]` type."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        inner, more = _base(base)
        return inner, [*more, *meta]
    return annotation, []


def _pattern(meta: list) -> str | None:
    for item in meta:
        for candidate in (getattr(item, "pattern", None), *(getattr(m, "pattern", None) for m in getattr(item, "metadata", []))):
            if candidate:
                return candidate
    return None


def _hint(info: FieldInfo, fact: bool, source_language: str) -> str:
    hint = info.description or ""
    if fact:
        hint += f" — Dữ kiện: chỉ ghi ở bản tiếng Việt, dùng chung cho mọi ngôn ngữ. (A fact: written once, in content/{source_language}/.)"
    return hint.strip()


def _value_widget(annotation: Any, fact: bool, constraints: list = ()) -> dict:
    """The widget of one value (a field, or the items of a list of values)."""
    base, meta = _base(_unwrap(annotation))
    meta = [*constraints, *meta]
    if typing.get_origin(base) is Literal:
        return {"widget": "select", "options": list(typing.get_args(base))}
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int"}
    if base is float:
        return {"widget": "number", "value_type": "float"}
    widget: dict[str, Any] = {"widget": "string" if fact else "text"}
    pattern = _pattern(meta)
    if pattern:
        widget["pattern"] = [pattern, f"Sai định dạng · Wrong form ({pattern})"]
    return widget


def fields(model: type[BaseModel], settings: Settings, words_only: bool) -> list[dict]:
    """Decap fields of a model: every field of the source record, or the words (and item
    ids) of a translation."""
    out = []
    # A record's own fields first, its lists of key facts and sources last (pydantic lists
    # the fields of a base class such as Sourced first).
    ordered = sorted(model.model_fields.items(), key=lambda item: item[0] in ("key_facts", "sources"))
    for name, info in ordered:
        fact = is_fact(model, name)
        if words_only and fact and name != "id":
            continue
        annotation = _unwrap(info.annotation)
        field: dict[str, Any] = {"name": name, "label": field_label(name)}
        hint = _hint(info, fact and not words_only, settings.source_language)
        if hint:
            field["hint"] = hint
        if not info.is_required() or words_only and name != "id":
            field["required"] = False  # a translation may leave words for later
        if (inner := item_model(annotation)) is not None:
            inner_fields = fields(inner, settings, words_only)
            if words_only and [f["name"] for f in inner_fields] == ["id"]:
                continue  # items without words (e.g. tasks' partner ids) are not translated
            field.update(widget="list", fields=inner_fields, summary="{{fields.id}}", collapsed=True)
        elif (inner := nested_model(annotation)) is not None:
            inner_fields = fields(inner, settings, words_only)
            if not inner_fields:
                continue
            field.update(widget="object", fields=inner_fields, collapsed=True)
        elif typing.get_origin(_base(annotation)[0]) is list:
            (item,) = typing.get_args(_base(annotation)[0])
            item_widget = _value_widget(item, fact)
            if item_widget["widget"] == "select":
                field.update(item_widget, multiple=True)
            else:
                field.update(widget="list", field={"name": name, "label": field_label(name), **item_widget})
        elif (collection := ref_of(model, name)) is not None:
            field.update(
                widget="relation", collection=f"{collection}-{settings.source_language}", value_field="{{slug}}",
                search_fields=["name"], display_fields=["name"],
            )
        else:
            field.update(_value_widget(annotation, fact, info.metadata))
        out.append(field)
    return out


def format_name(schema: str) -> str:
    """The format a collection writes with: our YAML style and this schema's line."""
    return f"portal:{schema}"


def collections(settings: Settings) -> list[dict]:
    vi = Locale.parse(settings.source_language)
    out = []
    for collection, model in COLLECTIONS.items():
        for lang in (settings.source_language, *(l for l in settings.languages if l != settings.source_language)):
            source = lang == settings.source_language
            folder = settings.content_dir / lang / collection
            language = vi.languages.get(lang, lang)
            english = Locale.parse("en").languages.get(lang, lang)
            record = RECORD_NAMES[collection]
            what = "dữ kiện và lời văn · facts and words" if source else "chỉ lời văn · words only"
            out.append({
                "name": f"{collection}-{lang}",
                "label": f"{_labels()['collections'][collection]} — {language} · {collection.capitalize()} — {english}",
                "label_singular": f"{record} ({lang})",
                "description": f"content/{lang}/{collection}/ — {what}",
                "folder": folder.relative_to(settings.root).as_posix(),
                "extension": "yaml",
                "format": format_name(schema_of(settings, folder / "x.yaml")),
                "create": True,
                "delete": False,  # a published record is withdrawn, not deleted (README)
                # A record's id is its file name, the same in every language: typed once, for
                # a new record (our format does not write it into the file).
                "identifier_field": FILE_ID,
                "slug": "{{fields.%s}}" % FILE_ID,
                "summary": "{{slug}}",
                "fields": [
                    {"name": FILE_ID, "label": "Mã bản ghi (tên tệp) · Record id (file name)", "widget": "string", "required": False,
                     "pattern": [ID_PATTERN, "chữ thường không dấu, số và dấu gạch ngang · lowercase ASCII letters, digits and hyphens"],
                     "hint": "Chỉ điền khi tạo mới; giống nhau ở mọi ngôn ngữ, ví dụ hue-festival-2026. "
                             "· Only for a new record; the same in every language, e.g. hue-festival-2026."},
                    *fields(model, settings, words_only=not source),
                ],
            })
    return out


def config(settings: Settings, local_backend_port: int | None = None) -> dict:
    """The CMS configuration (site/admin/config.json). With a local backend's port (the
    `editor` command), saving writes the files at once: drafts and pull requests belong
    to GitHub, and decap-server's file mode writes the working tree as it is."""
    repo = os.environ.get("CMS_REPO", "OWNER/REPOSITORY")
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": os.environ.get("CMS_BRANCH", "main")}
    if os.environ.get("CMS_AUTH_URL"):  # the OAuth client that logs editors in to GitHub (README)
        backend["base_url"] = os.environ["CMS_AUTH_URL"]
    return {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "simple" if local_backend_port else "editorial_workflow",
        "local_backend": {"url": f"http://localhost:{local_backend_port or LOCAL_BACKEND_PORT}/api/v1"},
        "locale": settings.source_language if settings.source_language in ("vi", "en") else "en",
        "site_url": settings.site_url,
        "media_folder": "content/images",
        "public_folder": "",
        "collections": collections(settings),
    }


def write_admin(site: Path, settings: Settings) -> None:
    """Copy the CMS into site/admin/: our page and scripts, the pinned bundle and its
    lazily loaded parts, and the YAML library our format uses. No other page loads them."""
    if not (BUNDLE / "decap-cms.js").is_file():
        raise SystemExit(f"{BUNDLE}/decap-cms.js is missing: run `npm ci` (make build does)")
    admin = site / "admin"
    shutil.rmtree(admin, ignore_errors=True)
    shutil.copytree(ADMIN, admin)
    for part in BUNDLE.iterdir():
        if part.name.endswith(("decap-cms.js", ".wasm")) or part.name == "decap-cms.js.LICENSE.txt":
            shutil.copy2(part, admin / part.name)
    shutil.copytree(YAML_LIBRARY, admin / "yaml")
    page = admin / "index.html"
    policy = admin_policy(header=False, auth_url=os.environ.get("CMS_AUTH_URL"))
    page.write_text(page.read_text(encoding="utf-8").replace("{{POLICY}}", policy), encoding="utf-8")
    (admin / "config.json").write_text(json.dumps(config(settings), ensure_ascii=False, indent=1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def local_backend(root: Path, port: int) -> Iterator[subprocess.Popen]:
    """decap-server on `port`, reading and writing the working tree of `root` (no account,
    no pull request: files are written as they are saved); stopped by its process id."""
    server = NODE_MODULES / ".bin" / "decap-server"
    if not server.is_file():
        raise SystemExit(f"{server} is missing: run `npm ci`")
    env = {**os.environ, "PORT": str(port), "GIT_REPO_DIRECTORY": str(root), "MODE": "fs", "LOG_LEVEL": "warn"}
    process = subprocess.Popen([str(server)], cwd=root, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None:
                raise SystemExit(f"decap-server stopped at once (exit {process.returncode})")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def serve_site(site: Path, settings: Settings, backend_port: int, port: int) -> ThreadingHTTPServer:
    """A server of the built site whose /admin/config.json points the CMS at the local backend."""
    body = json.dumps(config(settings, backend_port), ensure_ascii=False).encode("utf-8")

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

    Handler.extensions_map = {**Handler.extensions_map, ".js": "text/javascript", ".wasm": "application/wasm"}
    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
