"""Read one YAML record safely and remember the line of every value, so that a problem
found later (by the model or by a cross-reference check) can point at its line.

PyYAML's safe loader builds plain data but forgets positions; its composer keeps them on
the nodes. We compose once, record the line of each path, then construct from the same
nodes. PyYAML also accepts duplicate keys silently (the last one wins), which would drop
an editor's text without a word, so they are reported here.

A file is parsed again only when its bytes changed: the preview server reloads the content
after every edit, and parsing thousands of unchanged records each time takes seconds.
(Reading is cheap; a modification time is not a safe key, as the kernel stamps files with
a clock that ticks every few milliseconds.) The records returned are shared: read-only.
Between builds, content.py keeps the records of files without problems by the sha256 of
their bytes (`digest`) and hands them back to `load` as `known`."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .digests import file_hash
from .errors import Problem
from .markup import invisible_character

Path_ = tuple[str | int, ...]


@dataclass(eq=False)  # hashed by identity: checks of a record are cached by the record (content.py)
class YamlRecord:
    file: str  # path shown to editors (relative to the project root)
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file's bytes

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known value on ``path`` (1 for the file itself)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), dotted(path), message)


def dotted(path: Path_) -> str:
    """`task_groups[0].tasks[2].lead` reads better to an editor than a tuple."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# libyaml's parser (when PyYAML was built with it) is several times faster and keeps the
# same marks and tags; the safe constructor is the same either way.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Tags the safe loader builds by itself; any other tag (!!python/object, !custom) is refused.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
MAX_BYTES = 1_000_000  # a record is a page of text; anything larger is pasted data or an attack


def _inspect(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem], seen: set[int], shown_as: str
) -> None:
    """Record each value's line and refuse what a record never needs: aliases (an alias
    bomb expands to gigabytes), foreign tags, non-text keys and keys written twice."""
    line = node.start_mark.line + 1
    if id(node) in seen:  # the composer hands out the anchored node again for each alias
        if not any("aliases" in p.message for p in problems):  # once per file: a bomb has thousands
            problems.append(
                Problem(
                    shown_as,
                    lines.get(path[:-1], line),
                    dotted(path),
                    "YAML anchors and aliases (&name, *name) are not allowed; write the value out",
                )
            )
        return
    seen.add(id(node))
    lines[path] = line
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            Problem(
                shown_as,
                line,
                dotted(path),
                f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; remove it and write a plain value",
            )
        )
        return
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                problems.append(
                    Problem(shown_as, key_line, dotted(path), "a field name must be a plain word, e.g. `title:`")
                )
                continue
            key = key_node.value
            if key in first_line:
                problems.append(
                    Problem(
                        shown_as,
                        key_line,
                        dotted(path + (key,)),
                        f"is written twice (first on line {first_line[key]}); keep one",
                    )
                )
            first_line.setdefault(key, key_line)
            _inspect(value_node, path + (key,), lines, problems, seen, shown_as)
            lines[path + (key,)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _inspect(item, path + (index,), lines, problems, seen, shown_as)
    elif isinstance(node.value, str) and (hidden := invisible_character(node.value)):
        problems.append(
            Problem(
                shown_as,
                line,
                dotted(path),
                f"holds an invisible character ({hidden}) that can hide or reorder text; delete it",
            )
        )


MAX_DEPTH = 40  # a record nests a few levels; parsers recurse, so a deeper file is refused before it is built


def _too_deep(text: str) -> int | None:
    """The line where nesting first exceeds MAX_DEPTH, read from the parser's event stream
    (which does not recurse), or None."""
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line: int = event.start_mark.line + 1  # PyYAML ships no types
                return line
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _plain(value: Any) -> Any:
    """Dates typed without quotes arrive as date objects; the models read ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(
    path: Path, shown_as: str, known: Mapping[tuple[str, str], YamlRecord] | None = None
) -> tuple[YamlRecord | None, list[Problem]]:
    """Load ``path``; return the record, or None with the problems that stopped it. An
    unchanged file gives the very same (read-only) record and problems as last time.
    `known`: records parsed before, by (shown_as, digest); one of them is returned as is."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [
            Problem(
                shown_as,
                1,
                "",
                f"the file is {size / 1e6:.1f} MB; a record is at most {MAX_BYTES / 1e6:.0f} MB of text: remove pasted data or split the record",
            )
        ]
    record = known.get((shown_as, file_hash(path))) if known else None
    if record is not None:  # not read again: its hash may be known already (digests.hashed_once)
        return record, []
    raw = path.read_bytes()
    return _parse(shown_as, raw, hashlib.sha256(raw).hexdigest())


@functools.lru_cache(maxsize=20_000)
def _parse(shown_as: str, raw: bytes, digest: str) -> tuple[YamlRecord | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, "", "the file is not UTF-8 text; save it as UTF-8")]
    loader = None
    try:
        deep = _too_deep(text)
        if deep is not None:
            return None, [
                Problem(
                    shown_as,
                    deep,
                    "",
                    f"the values are nested more than {MAX_DEPTH} levels deep; a record never needs that: remove the extra brackets or indentation",
                )
            ]
        loader = SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(shown_as, 1, "", "the file is empty; write the record's fields or delete the file")]
        lines: dict[Path_, int] = {}
        problems: list[Problem] = []
        _inspect(node, (), lines, problems, set(), shown_as)
        if problems:
            return None, problems
        data = _plain(loader.construct_document(node))
    except yaml.reader.ReaderError as error:  # a control character (libyaml reports it late, without a mark)
        line = text[: error.position].count("\n") + 1
        return None, [
            Problem(
                shown_as,
                line,
                "",
                f"the file holds a control character YAML does not allow (U+{error.character:04X}); remove it",
            )
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [error.context, error.problem]))
        return None, [Problem(shown_as, line, "", f"YAML syntax error: {what} (check indentation, colons and quotes)")]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, "", f"YAML error: {' '.join(str(error).split())}; check the file's syntax")]
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(shown_as, 1, "", "a record is a list of `field: value` lines")]
    return YamlRecord(shown_as, data, lines, digest), []
