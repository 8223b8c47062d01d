"""Read one YAML record safely and remember the line of every value, so that a problem
found later (by the model or by a cross-reference check) can point at its line.

PyYAML's safe loader builds plain data but forgets positions; its composer keeps them on
the nodes. We compose once, record the line of each path, then construct from the same
nodes. PyYAML also accepts duplicate keys silently (the last one wins), which would drop
an editor's text without a word, so they are reported here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Path_ = tuple[str | int, ...]


@dataclass
class YamlRecord:
    file: str  # path shown to editors (relative to the project root)
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

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


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[str]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append((node.start_mark.line + 1, key_node.start_mark.line + 1, key, seen[key]))
            seen[key] = key_node.start_mark.line + 1
            _record_lines(value_node, path + (key,), lines, problems)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines, problems)


def _plain(value: Any) -> Any:
    """Dates typed without quotes arrive as date objects; the models read ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(path: Path, shown_as: str) -> tuple[YamlRecord | None, list[Problem]]:
    """Load ``path``; return the record, or None with the problems that stopped it."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, "", "the file is not UTF-8 text; save it as UTF-8")]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(shown_as, 1, "", "the file is empty; write the record's fields or delete the file")]
        lines: dict[Path_, int] = {}
        duplicates: list = []
        _record_lines(node, (), lines, duplicates)
        data = _plain(loader.construct_document(node))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [error.context, error.problem]))
        return None, [Problem(shown_as, line, "", f"YAML syntax error: {what} (check indentation, colons and quotes)")]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, "", f"YAML error: {error}")]
    finally:
        loader.dispose()
    record = YamlRecord(shown_as, data, lines)
    problems = [
        Problem(shown_as, line, key, f"is written twice (first on line {first}); keep one")
        for _, line, key, first in duplicates
    ]
    if not isinstance(data, dict):
        problems.append(Problem(shown_as, 1, "", "a record is a mapping of `field: value` lines"))
        return None, problems
    return record, problems
