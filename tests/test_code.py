"""The code is linted and formatted by ruff and its types checked by mypy (strict on the
core), with the settings of pyproject.toml: a change that breaks any of them fails the
suite (`make test`), with the tool's own report."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

FOLDERS = ("portal", "scripts", "tests")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args, *FOLDERS], capture_output=True, text=True, cwd=ROOT)


def test_the_code_passes_the_linter():
    done = _ruff("check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_formatted():
    done = _ruff("format", "--check", "--no-cache")
    assert done.returncode == 0, "run `.venv/bin/ruff format portal scripts tests`:\n" + done.stdout + done.stderr


def test_the_types_check():
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
