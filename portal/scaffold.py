"""`python -m portal new <collection> <id>`: a new record in the source language with
every field present and described, and empty translation stubs in the other languages
(an empty stub counts as a missing translation, so it never breaks the build)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .kinds import COLLECTIONS
from .models import ID_PATTERN
from .schema import with_modeline
from .settings import Settings
from .shape import Role, Shape, shape_of


def lines(shape: Shape, indent: str = "", translation: bool = False) -> list[str]:
    """A record's fields as YAML lines: in a source record each under a comment saying what
    it is (kind, whether required, description, choices); in a translation, its words and
    the ids of its items only."""
    out = []
    for field in shape.fields.values():
        if translation and field.kind is Role.FACT:
            continue
        if not translation:
            kind = "LIST" if field.kind is Role.ITEMS else "FACT" if field.fact else "WORDS"
            out.append(
                f"{indent}# {kind}, {'required' if field.required else 'optional'}: {field.description}".rstrip()
            )
            if field.choices:
                out.append(f"{indent}#   one of: {', '.join(field.choices)}")
        if field.kind is Role.ITEMS:
            out += [f"{indent}{field.name}:", f"{indent}  -"] + lines(field.sub, indent + "    ", translation)
        else:
            value = ([""] if translation else []) if field.many else ("" if field.required else None)
            out.append(
                f"{indent}{field.name}: {yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}"
            )
    return out


def scaffold(settings: Settings, collection: str, record_id: str) -> list[Path]:
    if collection not in COLLECTIONS:
        raise ValueError(f"unknown collection '{collection}'; use one of: {', '.join(COLLECTIONS)}")
    if not re.match(ID_PATTERN, record_id):
        raise ValueError(
            f"'{record_id}' is not a valid id: use lowercase ASCII letters, digits and single hyphens, e.g. 'khanh-hoa'"
        )
    model = COLLECTIONS[collection]
    targets = {lang: settings.content_dir / lang / collection / f"{record_id}.yaml" for lang in settings.languages}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        raise ValueError(f"{existing[0].relative_to(settings.root)} exists already; pick another id or edit that file")
    doc = " ".join((model.__doc__ or "").split())  # one comment line, however the docstring wraps
    for lang, path in targets.items():
        source = lang == settings.source_language
        head = (
            [f"# {doc}", "# Fill in every field; optional ones may stay empty (null, []) or be removed.", ""]
            if source
            else [
                f"# Translation into '{lang}' of content/{settings.source_language}/{collection}/{record_id}.yaml: words only,",
                "# list items matched by their id. Leave it empty until you translate it; then run",
                "# `.venv/bin/python -m portal stamp` on this file.",
                "",
            ]
        )
        text = "\n".join(head + lines(shape_of(model), translation=not source)) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(with_modeline(settings, path, text), encoding="utf-8")
    return list(targets.values())
