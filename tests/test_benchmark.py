"""The documented benchmark command runs end to end (at a tiny size) and reports, in one
run, our build against both baselines with their ratios, where the time goes, and the
rebuild after an edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT


def table(lines: list[str], header_start: str) -> list[dict[str, str]]:
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    names = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(names, (c.strip() for c in line.strip("|").split("|")), strict=False)))
    return rows


def test_benchmark_reports_ours_against_both_baselines_in_one_run():
    result = subprocess.run(
        [sys.executable, "scripts/benchmark.py", "--sizes", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    [row] = table(lines, "| records per language | languages | pages | ours")
    assert row["records per language"] == "3" and row["languages"] == "4" and int(row["pages"]) >= 4 * 3
    ours, same, auto = (float(row[k]) for k in ("ours (s)", "baseline, same nav (s)", "baseline, automatic nav (s)"))
    assert ours > 0 and same > 0 and auto > 0
    # Times are printed to 0.1 s, the ratios from the unrounded times.
    assert abs(float(row["ours / same nav"]) - ours / same) <= 0.15 * float(row["ours / same nav"]) + 0.05
    peaks = [int(v) for v in row["peak memory, ours / same nav (MB)"].split(" / ")]
    assert all(peak > 0 for peak in peaks)
    [split] = table(lines, "| records per language | languages | load and check")
    assert {"en", "vi", "ru", "zh"} <= {part.split()[0] for part in split["engine, each language"].split(", ")}
    assert float(split["search index, each language (as its group finishes)"]) > 0
    [edit] = table(lines, "| records per language | languages | full build")
    assert int(edit["pages rendered"]) >= 1 and int(edit["pages built by the engine"]) >= 1
    # The edited record is in English, the default language: the other languages' pages
    # are the last build's, and the search index is made again.
    [edit_split] = table(lines, "| records per language | languages | languages built")
    assert edit_split["languages built"] == "en"
    assert edit_split["search index, each language"]
    # Unrounded (the table's 0.0 at this size), from the measurement's own line on stderr.
    [measured] = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert measured["edited_split"]["search index, each language"] > 0
