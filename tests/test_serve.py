"""The preview server: editing a record updates the page without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import yaml

from .conftest import ROOT, copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def test_editing_a_record_updates_the_served_page(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "portal", "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/ru/provinces/hue/"
        assert wait_for(url, "<h1", 60), "the preview server did not start"
        assert wait_for(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", '"zh"', 10), "the preview has no search index"
        record = project / "content/ru/provinces/hue.yaml"
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        data["name"] = "Хюэ (правка)"
        record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert wait_for(url, "Хюэ (правка)", 30), "the edit did not reach the served page"
    finally:
        server.terminate()
        server.wait(timeout=10)
