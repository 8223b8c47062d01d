"""The documented benchmark command runs end to end (at a tiny size) and reports a row
per size with both timings and their ratio."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .conftest import ROOT


def test_benchmark_reports_ours_against_the_baseline():
    result = subprocess.run(
        [sys.executable, "scripts/benchmark.py", "--sizes", "3"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    row = result.stdout.strip().splitlines()[-1]
    size, pages, ours, baseline, ratio, per_page, peak_ours, peak_base = (c.strip() for c in row.strip("|").split("|"))
    assert size == "3" and int(pages) >= 4 * 3
    # The times are printed to 0.1 s, the ratio from the unrounded times.
    assert float(ours) > 0 and float(baseline) > 0
    assert abs(float(ratio) - float(ours) / float(baseline)) <= 0.15 * float(ratio)
    assert re.fullmatch(r"\d+", peak_ours) and int(peak_ours) > 0 and int(peak_base) > 0
