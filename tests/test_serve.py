"""The preview server: one language, served at the root of its address; an edit shows
without a restart, bad content leaves the last good page in place until it is fixed."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

from scripts.benchmark import fetch, free_port, wait_for

from .conftest import ROOT, copy_project

SCREENSHOTS = ROOT / "build" / "screenshots"


@contextmanager
def preview(project: Path, log: Path, *lang: str):
    """`portal serve` on the project; yields the address it serves."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "portal", "--root", str(project), "serve", *lang, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait(timeout=30)


def edit(path: Path, **fields) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_preview_of_a_language_shows_an_edit_and_keeps_the_last_good_page_on_bad_content(tmp_path):
    project = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    with preview(project, log, "--lang", "ru") as site:
        page = f"{site}provinces/hue/"  # the previewed language is served at the root
        assert wait_for(page, "<h1", 120), "the preview server did not start:\n" + log.read_text()
        assert 'lang="ru"' in fetch(page)
        assert fetch(f"{site}pagefind/pagefind-entry.json") == "", "the preview runs no search indexing"

        record = project / "content/ru/provinces/hue.yaml"
        edit(record, name="Хюэ (правка)")
        assert wait_for(page, "Хюэ (правка)", 30), "the edit did not reach the served page:\n" + log.read_text()
        assert wait_for(f"{site}provinces/", "Хюэ (правка)", 5), "the list of provinces does not show the edit"
        menu = re.findall(r'class="md-nav__link[^"]*">\s*(?:<span class="md-ellipsis">)?\s*([^<]*?)\s*<', fetch(page))
        assert "Провинции" in menu and "None" not in menu, f"the rebuilt page's menu lacks section titles: {menu}"

        edit(record, nmae="Хюэ")  # an unknown field: the record has a problem
        reported = re.compile(r"content/ru/provinces/hue\.yaml:\d+: nmae: unknown field \(did you mean 'name'\?\)")
        deadline = time.monotonic() + 30
        while not reported.search(log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert reported.search(log.read_text()), (
            "the problem was not reported as file:line: field: message:\n" + log.read_text()
        )
        assert "Хюэ (правка)" in fetch(page), "the last good page is no longer served"

        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        del data["nmae"]
        data["name"] = "Хюэ (исправлено)"
        record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert wait_for(page, "Хюэ (исправлено)", 30), (
            "fixing the file did not bring the preview back:\n" + log.read_text()
        )


def test_preview_of_the_default_language_follows_an_edit_of_the_source_it_falls_back_to(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/en/plans/hue-2024.yaml").unlink()  # English shows the Vietnamese source
    log = tmp_path / "serve.log"
    with preview(project, log) as site:
        page = f"{site}plans/hue-2024/"
        assert wait_for(page, "<h1", 120), "the preview server did not start:\n" + log.read_text()
        assert 'lang="vi"' in fetch(page), "the untranslated plan is not shown in its source language"
        source = project / "content/vi/plans/hue-2024.yaml"
        text = source.read_text(encoding="utf-8")
        title = yaml.safe_load(text)["title"]
        source.write_text(text.replace(title, f"{title} (sửa đổi)", 1), encoding="utf-8")
        assert wait_for(page, "(sửa đổi)", 30), (
            "an edit of the source did not reach the fallback page:\n" + log.read_text()
        )


def test_the_preview_shows_the_contents_problems_in_a_banner_on_its_pages_until_they_are_fixed(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from portal.statichost import CHROMIUM, CHROMIUM_FLAGS

    project = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"
    record = project / "content/en/provinces/hue.yaml"
    good = record.read_text(encoding="utf-8")
    with preview(project, log) as site, sync_playwright() as playwright:
        page_address = f"{site}provinces/hue/"
        assert wait_for(page_address, "<h1", 120), "the preview server did not start:\n" + log.read_text()
        assert "_preview/problems.js" in fetch(page_address)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(page_address)
        expect(page.locator("h1")).to_be_visible()
        assert page.locator("#preview-problems").count() == 0, "a banner on good content"

        record.write_text(good + "nmae: Huế\n", encoding="utf-8")  # an unknown field on the last line
        line = len(good.splitlines()) + 1
        # The open page reloads itself (MkDocs's live reload) and shows the banner.
        banner = page.locator("#preview-problems")
        expect(banner).to_contain_text(f"content/en/provinces/hue.yaml:{line}", timeout=30_000)
        expect(banner).to_contain_text("nmae: unknown field (did you mean 'name'?)")
        expect(banner).to_contain_text("1 problem")
        expect(page.locator("h1")).to_be_visible()  # the last good page, under the banner
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "preview-problem-banner.png"))

        record.write_text(good, encoding="utf-8")
        expect(banner).to_have_count(0, timeout=30_000)
        expect(page.locator("h1")).to_be_visible()
        browser.close()
    assert "The problems are fixed" in log.read_text()
