"""`python -m portal new <collection> <id>`: a new record in the source language with
every field present and described, and empty translation stubs in the other languages
(an empty stub counts as a missing translation, so it never breaks the build)."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .content import item_model
from .kinds import COLLECTIONS
from .models import ID_PATTERN, is_fact
from .schema import with_modeline
from .settings import Settings


def _inner(annotation: Any) -> Any:
    """`X | None` -> X."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1 else annotation


def _choices(annotation: Any) -> list[str]:
    annotation = _inner(annotation)
    if typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return list(typing.get_args(annotation)) if typing.get_origin(annotation) is typing.Literal else []


def _lines(model: type[BaseModel], indent: str, words_only: bool) -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        fact = is_fact(model, name)
        if words_only and fact and name != "id":
            continue
        item = item_model(info.annotation)
        if not words_only:
            kind = "LIST" if item is not None else "FACT" if fact else "WORDS"
            need = "required" if info.is_required() else "optional"
            out.append(f"{indent}# {kind}, {need}: {info.description or ''}".rstrip())
            if _choices(info.annotation):
                out.append(f"{indent}#   one of: {', '.join(_choices(info.annotation))}")
        if item is not None:
            out += [f"{indent}{name}:", f"{indent}  -"] + _lines(item, indent + "    ", words_only)
        else:
            annotation = _inner(info.annotation)
            is_list = typing.get_origin(annotation) is list
            value = [] if is_list else ("" if info.is_required() else None)
            if words_only and is_list:
                value = [""]
            out.append(f"{indent}{name}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}")
    return out


def scaffold(settings: Settings, collection: str, record_id: str) -> list[Path]:
    if collection not in COLLECTIONS:
        raise ValueError(f"unknown collection '{collection}'; use one of: {', '.join(COLLECTIONS)}")
    if not re.match(ID_PATTERN, record_id):
        raise ValueError(f"'{record_id}' is not a valid id: use lowercase ASCII letters, digits and single hyphens, e.g. 'khanh-hoa'")
    model = COLLECTIONS[collection]
    targets = {lang: settings.content_dir / lang / collection / f"{record_id}.yaml" for lang in settings.languages}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        raise ValueError(f"{existing[0].relative_to(settings.root)} exists already; pick another id or edit that file")
    doc = " ".join((model.__doc__ or "").split())  # one comment line, however the docstring wraps
    for lang, path in targets.items():
        source = lang == settings.source_language
        head = [f"# {doc}", "# Fill in every field; optional ones may stay empty (null, []) or be removed.", ""] if source else [
            f"# Translation into '{lang}' of content/{settings.source_language}/{collection}/{record_id}.yaml: words only,",
            "# list items matched by their id. Leave it empty until you translate it; then run",
            "# `.venv/bin/python -m portal stamp` on this file.", "",
        ]
        text = "\n".join(head + _lines(model, "", not source)) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(with_modeline(settings, path, text), encoding="utf-8")
    return list(targets.values())
