"""A failed build never replaces or damages the last good site."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, run_portal


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site; JSON compared by value (Pagefind writes its keys in any order)."""

    def content(path: Path) -> bytes:
        if path.suffix == ".json":
            return json.dumps(json.loads(path.read_bytes()), sort_keys=True).encode()
        return path.read_bytes()

    return {p.relative_to(site).as_posix(): content(p) for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(project: Path, wait: float = 30) -> list[str]:
    """Builds kept beside the published one (there should be none). The one a build
    replaced is removed by a process of its own after the switch (portal/cli.py):
    waited for, `wait` seconds at most."""
    current = (project / "site").resolve()
    builds = project / ".site-builds"
    deadline = time.monotonic() + wait
    while True:
        found = sorted(p.name for p in builds.iterdir() if p != current) if builds.is_dir() else []
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.fixture
def published(real_site: Path, tmp_path: Path) -> Path:
    """A copy of the project with a good site already published in site/."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(real_site, project / "site")
    return project


def test_bad_content_stops_the_build_and_keeps_the_published_site(published):
    before = snapshot(published / "site")
    plan = published / "content/vi/plans/kon-tum-2024.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines) if text.startswith("province: kon-tum"))
    lines[line] = "province: kon-tun\n"
    plan.write_text("".join(lines), encoding="utf-8")
    result = run_portal(published, "build")
    assert result.returncode == 1
    assert (
        f"content/vi/plans/kon-tum-2024.yaml:{line + 1}: province: unknown province 'kon-tun' (did you mean 'kon-tum'?)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert snapshot(published / "site") == before
    assert leftovers(published) == []


def test_a_failing_mkdocs_build_keeps_the_published_site(published):
    before = snapshot(published / "site")
    # The content check passes; MkDocs' own strict validation of anchors fails.
    (published / "docs/en/broken.md").write_text("# Broken\n\n[missing](about.md#no-such-anchor)\n", encoding="utf-8")
    result = run_portal(published, "build")
    assert result.returncode == 1
    assert "no-such-anchor" in result.stderr
    assert "site/ was left as it was" in result.stderr
    assert snapshot(published / "site") == before
    assert leftovers(published) == []


def test_a_good_build_replaces_the_site_whole(published):
    (published / "site/stale.html").write_text("left over", encoding="utf-8")
    result = run_portal(published, "build")
    assert result.returncode == 0, result.stderr
    assert not (published / "site/stale.html").exists()
    assert (published / "site/ru/plans/hue-2024/index.html").is_file()
    assert (published / "site").is_symlink() and leftovers(published) == []


def test_killing_the_build_at_any_moment_leaves_a_complete_site(published):
    assert run_portal(published, "build").returncode == 0  # from here on, site/ is a link
    before = snapshot(published / "site")
    assert len(before) > 100
    for delay in (0.2, 0.8, 1.5, 2.5, 3.5, 5.0):
        build = subprocess.Popen(
            [sys.executable, "-m", "portal", "--root", str(published), "build"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        assert snapshot(published / "site") == before, f"site changed or broken after a kill at {delay}s"
    assert run_portal(published, "build").returncode == 0
    assert snapshot(published / "site") == before
    assert leftovers(published) == []
