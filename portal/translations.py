"""Translation status: for every record and language, is the translation current,
outdated (the source's words changed since it was made) or missing?

A translation records the hash of the source words it was made from (`source_hash:`);
`stamp` writes it when a translator has finished. Dates and git history are not used:
a hash says exactly whether the words a translator saw are still the source's.

What changed since (a word diff per field, shown by `status` and on the page's outdated
notice) needs the words themselves: `stamp` keeps them, named by their hash, in
content/.stamped/<collection>/<id>/<hash>.json (one file for every translation made from
those words; a version no translation was made from any more is removed). Kept words rather than git history: a
hash names no commit, and finding the commit whose source has that hash means reading
every past version of the file, which CI's shallow checkouts do not have (fetch-depth 0
on every run), and which fails for words never committed (a translator stamping before
committing, the preview). A hidden folder: editors' file lists and the web editor
(its collections name content/<lang>/<collection>/ only) never show it."""

from __future__ import annotations

import difflib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .content import SOURCE_HASH, STAMPED, Content, Entry, load_content, words_only
from .markup import escape_markdown
from .settings import load_settings

SYMBOLS = {"current": "✓ current", "outdated": "⚠ outdated", "missing": "✗ missing"}


def matrix(content: Content) -> list[tuple[str, dict[str, str]]]:
    """(collection/id, {language: status}) for every record, in the site's order."""
    languages = [lang for lang in content.settings.languages if lang != content.settings.source_language]
    return [
        (f"{entry.collection}/{entry.id}", {lang: entry.status(lang) for lang in languages})
        for collection in content.entries
        for entry in content.of(collection)
    ]


# Unchanged words kept on each side of a change in a diff; longer runs become "…".
CONTEXT = 6


def _stamped_folder(content: Content, entry: Entry) -> Path:
    return content.settings.content_dir / STAMPED / entry.collection / entry.id


def source_words(content: Content, entry: Entry) -> dict[str, Any]:
    source = entry.by_language[content.settings.source_language]
    return words_only(type(source), source.model_dump(mode="json"))


def _fields(words: object, path: str = "") -> dict[str, str]:
    """{field path: text} of a record's words: `summary`, `description[1]`,
    `sources[ubnd-hue].title` (list items by their id: items keep it in every version)."""
    if isinstance(words, dict):
        return {
            k: v
            for key, value in words.items()
            if key != "id"
            for k, v in _fields(value, f"{path}.{key}" if path else key).items()
        }
    if isinstance(words, list):
        out: dict[str, str] = {}
        for index, item in enumerate(words):
            name = item.get("id", index) if isinstance(item, dict) else index
            out.update(_fields(item, f"{path}[{name}]"))
        return out
    return {path: str(words)}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind "=" (unchanged, long runs shortened to "…"), "-" or "+"."""
    before, after = re.findall(r"\S+", old), re.findall(r"\S+", new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            same = before[i1:i2]
            if len(same) > 2 * CONTEXT:
                same = ([] if i1 == 0 else same[:CONTEXT]) + ["…"] + ([] if i2 == len(before) else same[-CONTEXT:])
            out.append(("=", " ".join(same)))
            continue
        if i2 > i1:
            out.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(after[j1:j2])))
    return out


def changes(content: Content, entry: Entry, lang: str) -> list[tuple[str, list[tuple[str, str]]]] | None:
    """What changed in the source's words since `lang`'s translation was made: a word
    diff per changed field; None when the words it was made from were not kept (stamped
    before they were, or stamped from other words than its `source_hash` says)."""
    try:
        kept = json.loads(
            (_stamped_folder(content, entry) / f"{entry.made_from.get(lang)}.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    old, new = _fields(kept), _fields(source_words(content, entry))
    return [
        (name, word_diff(old.get(name, ""), new.get(name, "")))
        for name in sorted(old.keys() | new.keys(), key=_order(new, old))
        if old.get(name) != new.get(name)
    ]


def _order(*versions: dict[str, str]) -> Callable[[str], int]:
    """Fields in the record's order (the newest version's first, then removed ones)."""
    position = {name: i for i, name in enumerate(n for version in versions for n in version)}
    return lambda name: position[name]


def diff_text(diff: list[tuple[str, str]]) -> str:
    """A word diff for a terminal: [-removed-]{+added+}, as `git diff --word-diff`."""
    return " ".join(text if kind == "=" else f"[-{text}-]" if kind == "-" else f"{{+{text}+}}" for kind, text in diff)


def diff_markdown(diff: list[tuple[str, str]]) -> str:
    """A word diff as Markdown for a page or a job summary: <del> and <ins>, every word
    escaped (the source's words are text, never markup)."""
    tags = {"-": "del", "+": "ins"}
    return " ".join(
        str(escape_markdown(text)) if kind == "=" else f"<{tags[kind]}>{escape_markdown(text)}</{tags[kind]}>"
        for kind, text in diff
    )


def _changes_report(content: Content, todo: list[tuple[str, str, str]], markdown: bool) -> list[str]:
    """The word diffs of the outdated translations of `todo`."""
    source = content.settings.source_language
    lines: list[str] = []
    for record, lang, state in todo:
        if state != "outdated":
            continue
        collection, record_id = record.split("/", 1)
        found = changes(content, content.entry(collection, record_id), lang)
        if markdown:
            lines += ["", f"#### {lang}: {record}", ""]
        else:
            lines += ["", f"  {lang}: {record}, what changed in the {source} words since it was translated:"]
        if found is None:
            lines.append(
                f"{'' if markdown else '    '}(the {source} words it was made from were not kept: it was stamped before "
                f"`stamp` kept them; compare it with content/{source}/{record}.yaml)"
            )
        for name, diff in found or []:
            lines.append(f"- `{name}`: {diff_markdown(diff)}" if markdown else f"    {name}: {diff_text(diff)}")
    if not lines:
        return []
    return [
        "",
        "### What changed in the source" if markdown else "What changed in the source ([-removed-] {+added+}):",
        *lines,
    ]


def report(content: Content, markdown: bool = False) -> str:
    rows = matrix(content)
    languages = list(rows[0][1]) if rows else []
    counts = {state: sum(s == state for _, row in rows for s in row.values()) for state in SYMBOLS}
    summary = ", ".join(f"{n} {state}" for state, n in counts.items())
    todo = [(record, lang, state) for record, row in rows for lang, state in row.items() if state != "current"]
    todo.sort(key=lambda item: (item[2] != "outdated", item[1], item[0]))  # outdated first: readers see stale text
    if markdown:
        lines = [
            "## Translation status",
            "",
            summary,
            "",
            "| record | " + " | ".join(languages) + " |",
            "|---" * (len(languages) + 1) + "|",
        ]
        lines += [
            f"| {record} | " + " | ".join(SYMBOLS[row[lang]] for lang in languages) + " |" for record, row in rows
        ]
        if todo:
            lines += ["", "### To translate next", ""] + [
                f"- {lang}: {record} ({state})" for record, lang, state in todo
            ]
        lines += _changes_report(content, todo, markdown)
        return "\n".join(lines) + "\n"
    width = max((len(r) for r, _ in rows), default=6)
    lines = [f"{'record':<{width}}  " + "  ".join(f"{lang:<11}" for lang in languages)]
    lines += [
        f"{record:<{width}}  " + "  ".join(f"{SYMBOLS[row[lang]]:<11}" for lang in languages) for record, row in rows
    ]
    lines += ["", summary]
    if todo:
        lines += ["", "To translate next:"] + [f"  {lang}: {record} ({state})" for record, lang, state in todo]
    lines += _changes_report(content, todo, markdown)
    return "\n".join(lines) + "\n"


def made_outdated(before: Content, after: Content) -> list[tuple[str, str, str]]:
    """[(collection/id, language, "outdated")] of the translations current in `before` and
    outdated in `after`: those a change made outdated (not the ones already outdated)."""
    was = {(record, lang): state for record, row in matrix(before) for lang, state in row.items()}
    return [
        (record, lang, state)
        for record, row in matrix(after)
        for lang, state in row.items()
        if state == "outdated" and was.get((record, lang)) == "current"
    ]


def content_at(root: Path, ref: str) -> Content:
    """The content of the commit `ref` (its mkdocs.yml and content/, from `git archive`),
    loaded as the working tree's is. Git only says what the files were then: statuses
    still come from the hashes. SystemExit with the reason when git cannot give them;
    ContentError when that content has problems."""
    # `<ref>:./`: the project's folder at that commit, wherever it sits in the repository.
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", f"{ref}:./", "mkdocs.yml", "content"], capture_output=True
    )
    if archive.returncode != 0:
        raise SystemExit(
            f"--since {ref}: git cannot give mkdocs.yml and content/ of {ref} "
            f"({archive.stderr.decode(errors='replace').strip()}); fetch that commit (CI: fetch-depth 2 for HEAD^1)"
        )
    with (
        tempfile.TemporaryDirectory(prefix="portal-since-") as folder,
        tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar,
    ):
        tar.extractall(folder, filter="data")
        return load_content(load_settings(Path(folder)))


def since_report(before: Content, after: Content, ref: str, markdown: bool = False) -> str:
    """The translations a change made outdated (since `ref`), each with the word diff of
    the source words since it was translated: what a pull request's reviewer and its
    translators need, without the translations that were outdated before it."""
    todo = made_outdated(before, after)
    title = f"Translations this change made outdated (since {ref})"
    if markdown:
        lines = [f"## {title}", ""]
        lines += [f"- {lang}: {record}" for record, lang, _ in todo] or [
            "None: no translation was current and is outdated now."
        ]
    else:
        lines = [f"{title}:"]
        lines += [f"  {lang}: {record}" for record, lang, _ in todo] or [
            "  none: no translation was current and is outdated now."
        ]
    return "\n".join(lines + _changes_report(after, todo, markdown)) + "\n"


def translation_files(content: Content) -> list[Path]:
    """Every translation file of the content (stubs included), in a stable order."""
    settings = content.settings
    return [
        p
        for lang in settings.languages
        if lang != settings.source_language
        for p in sorted((settings.content_dir / lang).glob("*/*.yaml"))
    ]


def _entry_of(content: Content, path: Path) -> tuple[str, Entry | None]:
    """(language, entry) of a translation file; ValueError if it is no translation."""
    try:
        relative = path.resolve().relative_to(content.settings.content_dir.resolve()).parts
    except ValueError:
        relative = ()
    if len(relative) != 3 or relative[0] == content.settings.source_language:
        raise ValueError(
            f"{path}: not a translation (content/<lang>/<collection>/<id>.yaml outside the source language)"
        )
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


def stamp(content: Content, path: Path, source_hash: str) -> None:
    """Record in a translation file that it matches the source words of `source_hash`,
    and keep those words (content/.stamped/) for the diff of their next change."""
    lang, entry = _entry_of(content, path)
    if entry is None:
        raise ValueError(f"{path}: the source language has no record of this id")
    folder = _stamped_folder(content, entry)
    folder.mkdir(parents=True, exist_ok=True)
    words = json.dumps(source_words(content, entry), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (folder / f"{source_hash}.json").write_text(words, encoding="utf-8")
    entry.made_from[lang] = source_hash
    for older in folder.glob("*.json"):  # words no translation is made from any more
        if older.stem not in {str(made_from) for made_from in entry.made_from.values()}:
            older.unlink()
    text = path.read_text(encoding="utf-8")
    # Quoted: a hash such as 067310e47411 is a number to YAML 1.2 readers (editors' tools).
    line = f'{SOURCE_HASH}: "{source_hash}"'
    if re.search(rf"^{SOURCE_HASH}:.*$", text, re.M):
        text = re.sub(rf"^{SOURCE_HASH}:.*$", line, text, count=1, flags=re.M)
    else:
        comments = re.match(r"(?:#.*\n)*", text)
        assert comments is not None  # the pattern matches an empty start too
        header = comments.group(0)  # keep leading comments (the schema line) on top
        text = header + line + "\n" + text[len(header) :]
    path.write_text(text, encoding="utf-8")
