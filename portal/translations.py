"""Translation status: for every record and language, is the translation current,
outdated (the source's words changed since it was made) or missing?

A translation records the hash of the source words it was made from (`source_hash:`);
`stamp` writes it when a translator has finished. Dates and git history are not used:
a hash says exactly whether the words a translator saw are still the source's."""

from __future__ import annotations

import re
from pathlib import Path

from .content import SOURCE_HASH, Content

SYMBOLS = {"current": "✓ current", "outdated": "⚠ outdated", "missing": "✗ missing"}


def matrix(content: Content) -> list[tuple[str, dict[str, str]]]:
    """(collection/id, {language: status}) for every record, in the site's order."""
    languages = [l for l in content.settings.languages if l != content.settings.source_language]
    return [
        (f"{entry.collection}/{entry.id}", {lang: entry.status(lang) for lang in languages})
        for collection in content.entries
        for entry in content.of(collection)
    ]


def report(content: Content, markdown: bool = False) -> str:
    rows = matrix(content)
    languages = list(rows[0][1]) if rows else []
    counts = {state: sum(s == state for _, row in rows for s in row.values()) for state in SYMBOLS}
    summary = ", ".join(f"{n} {state}" for state, n in counts.items())
    todo = [(record, lang, state) for record, row in rows for lang, state in row.items() if state != "current"]
    todo.sort(key=lambda item: (item[2] != "outdated", item[1], item[0]))  # outdated first: readers see stale text
    if markdown:
        lines = ["## Translation status", "", summary, "", "| record | " + " | ".join(languages) + " |", "|---" * (len(languages) + 1) + "|"]
        lines += [f"| {record} | " + " | ".join(SYMBOLS[row[l]] for l in languages) + " |" for record, row in rows]
        if todo:
            lines += ["", "### To translate next", ""] + [f"- {lang}: {record} ({state})" for record, lang, state in todo]
        return "\n".join(lines) + "\n"
    width = max((len(r) for r, _ in rows), default=6)
    lines = [f"{'record':<{width}}  " + "  ".join(f"{l:<11}" for l in languages)]
    lines += [f"{record:<{width}}  " + "  ".join(f"{SYMBOLS[row[l]]:<11}" for l in languages) for record, row in rows]
    lines += ["", summary]
    if todo:
        lines += ["", "To translate next:"] + [f"  {lang}: {record} ({state})" for record, lang, state in todo]
    return "\n".join(lines) + "\n"


def stamp(content: Content, path: Path) -> str:
    """Record in a translation file that it matches the source's current words."""
    relative = path.resolve().relative_to(content.settings.content_dir.resolve()).parts
    if len(relative) != 3 or relative[0] == content.settings.source_language:
        raise ValueError(f"{path}: not a translation (content/<lang>/<collection>/<id>.yaml outside the source language)")
    lang, collection, name = relative
    entry = content.get(collection, name.removesuffix(".yaml"))
    if entry is None or lang not in entry.by_language:
        raise ValueError(f"{path}: no translated record to stamp (check that the file is complete and valid)")
    text = path.read_text(encoding="utf-8")
    line = f"{SOURCE_HASH}: {entry.source_hash}"
    if re.search(rf"^{SOURCE_HASH}:.*$", text, re.M):
        text = re.sub(rf"^{SOURCE_HASH}:.*$", line, text, count=1, flags=re.M)
    else:
        header = re.match(r"(?:#.*\n)*", text).group(0)  # keep leading comments (the schema line) on top
        text = header + line + "\n" + text[len(header):]
    path.write_text(text, encoding="utf-8")
    return entry.source_hash
