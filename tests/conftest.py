"""Shared fixtures: small content trees made for the tests, and one build of the real
site that the page and browser tests read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal.statichost import serve

from .synthetic import TODAY, add_synthetic_records

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).parent / "fixtures" / "tiny"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A three-language project (en default, vi source, ru with no records translated),
    with the real interface words of each language."""
    project = tmp_path / "tiny"
    shutil.copytree(TINY, project)
    for lang in ("en", "vi", "ru"):
        (project / "content" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "content" / lang / "interface.yaml", project / "content" / lang / "interface.yaml")
    return project


def run_portal(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "portal", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def copy_project(project: Path) -> Path:
    """The real project's sources copied to `project`."""
    project.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "docs", "overrides", "portal"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, project / name)
    if (ROOT / "node_modules").is_dir():  # the editor's bundle, which the build publishes
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project built once, with one translation removed so that the pages of a
    missing translation are built too: content/ru/plans/hue-2024.yaml, and with synthetic
    records of every kind (tests/synthetic.py), built as of synthetic.TODAY."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "content/ru/plans/hue-2024.yaml").unlink()
    add_synthetic_records(project)
    result = run_portal(project, "build", env={"PORTAL_TODAY": TODAY.isoformat()})
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def server(real_site: Path):
    """The address of `real_site` served as Netlify or Cloudflare Pages would serve it."""
    with serve(real_site) as address:
        yield address
