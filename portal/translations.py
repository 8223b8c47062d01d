"""Translation status: for every record and language, is the translation current,
outdated (the source's words changed since it was made) or missing?

A translation records the hash of the source words it was made from (`source_hash:`);
`stamp` writes it when a translator has finished. Dates and git history are not used:
a hash says exactly whether the words a translator saw are still the source's."""

from __future__ import annotations

import re
from pathlib import Path

from .content import SOURCE_HASH, Content, Entry

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


def translation_files(content: Content) -> list[Path]:
    """Every translation file of the content (stubs included), in a stable order."""
    settings = content.settings
    return [p for lang in settings.languages if lang != settings.source_language
            for p in sorted((settings.content_dir / lang).glob("*/*.yaml"))]


def _entry_of(content: Content, path: Path) -> tuple[str, Entry | None]:
    """(language, entry) of a translation file; ValueError if it is no translation."""
    try:
        relative = path.resolve().relative_to(content.settings.content_dir.resolve()).parts
    except ValueError:
        relative = ()
    if len(relative) != 3 or relative[0] == content.settings.source_language:
        raise ValueError(f"{path}: not a translation (content/<lang>/<collection>/<id>.yaml outside the source language)")
    lang, collection, name = relative
    return lang, content.get(collection, name.removesuffix(".yaml"))


def plan_stamps(content: Content, files: list[Path], all_outdated: bool) -> tuple[list[tuple[Path, str]], list[str]]:
    """What `stamp` would write, [(file, source hash)], and why it refuses, [message].
    Every file is checked before any is written: a refusal leaves every file as it was.

    A named file is stamped whatever its state: naming it says its translator read the
    source's current words. Unnamed, an outdated translation is stamped only with
    `all_outdated`: otherwise text nobody compared with the new source would be marked
    current. Unnamed stubs (not translated yet) are left alone."""
    plan: list[tuple[Path, str]] = []
    refused: list[str] = []
    for path in files:
        try:
            lang, entry = _entry_of(content, path)
        except ValueError as error:
            refused.append(str(error))
            continue
        if entry is None or lang not in entry.by_language:
            refused.append(f"{path}: no translated record to stamp (check that the file is complete and valid)")
        else:
            plan.append((path, entry.source_hash))
    if not files:
        outdated = []
        for path in translation_files(content):
            lang, entry = _entry_of(content, path)
            if entry is not None and entry.status(lang) == "outdated":
                outdated.append((path, entry.source_hash))
        if outdated and not all_outdated:
            names = "\n".join(f"  {path}" for path, _ in outdated)
            refused.append(
                f"{len(outdated)} translation(s) are outdated: the source's words changed since they were translated.\n{names}\n"
                "Update each, then stamp it by name (python -m portal stamp FILE ...); or, if you checked that "
                "they all still match the source, stamp them all with --all-outdated"
            )
        plan = outdated
    return plan, refused


def stamp(path: Path, source_hash: str) -> None:
    """Record in a translation file that it matches the source words of `source_hash`."""
    text = path.read_text(encoding="utf-8")
    line = f"{SOURCE_HASH}: {source_hash}"
    if re.search(rf"^{SOURCE_HASH}:.*$", text, re.M):
        text = re.sub(rf"^{SOURCE_HASH}:.*$", line, text, count=1, flags=re.M)
    else:
        header = re.match(r"(?:#.*\n)*", text).group(0)  # keep leading comments (the schema line) on top
        text = header + line + "\n" + text[len(header):]
    path.write_text(text, encoding="utf-8")
