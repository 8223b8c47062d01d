"""The web editor (/admin/, Sveltia CMS) in Debian's Chromium: an editor creates an event in
Vietnamese, adds its English words beside them, saves, and the files written are the
project's files and pass the content check.

Sveltia edits a local folder through the File System Access API, whose folder picker a
headless browser cannot answer: the test gives the CMS a folder of the browser's own
private file system (a real directory handle, as the picker returns) holding a copy of
content/, and reads the files the CMS wrote back out of it. Screenshots are kept in
build/screenshots/ for a person to look at."""

from __future__ import annotations

import threading

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from portal.cms import free_port, serve_site, write_admin
from portal.settings import load_settings
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS

from .conftest import ROOT, copy_project, run_portal

SCREENSHOTS = ROOT / "build" / "screenshots"
FOLDER = "project"  # in the browser's private file system

# The folder picker answers with the prepared folder (the browser asks no person).
PICKER = f"""
window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('{FOLDER}');
"""
WRITE_FOLDER = """async ([folder, files]) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
  await root.getDirectoryHandle('.git', { create: true });  // Sveltia asks for a repository's root
  for (const [path, text] of Object.entries(files)) {
    let dir = root;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
    const writable = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }
}"""
READ_FILE = """async ([folder, path]) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  const parts = path.split('/');
  try {
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  } catch (error) {
    return null;
  }
}"""

# The file's text once the CMS has written it (checked every 200 ms, for 30 s at most;
# wait_for_function does not wait for a predicate's promise).
WAIT_FOR_FILE = f"""async ([folder, path]) => {{
  const read = {READ_FILE};
  for (let tries = 0; tries < 150; tries++) {{
    const text = await read([folder, path]);
    if (text !== null) return text;
    await new Promise(resolve => setTimeout(resolve, 200));
  }}
  return null;
}}"""


@pytest.fixture()
def editor(tmp_path):
    """(page, project): /admin/ of a copy of the project, served on a free port, in a fresh
    Chromium profile whose private file system holds the project's content/."""
    project = copy_project(tmp_path / "project")
    settings = load_settings(project)
    write_admin(tmp_path / "site", settings)
    server = serve_site(tmp_path / "site", settings, free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    files = {
        p.relative_to(project).as_posix(): p.read_text(encoding="utf-8") for p in project.glob("content/*/*/*.yaml")
    }
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            locale="vi-VN",
            viewport={"width": 1400, "height": 1000},
        )
        page = context.new_page()
        elsewhere = []
        page.on("request", lambda request: request.url.startswith(address) or elsewhere.append(request.url))
        page.goto(f"{address}/admin/manual-init.js")  # the site's origin, for its private file system
        page.evaluate(WRITE_FOLDER, [FOLDER, files])
        page.add_init_script(PICKER)
        page.goto(f"{address}/admin/")
        page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
        yield page, project
        context.close()
        server.shutdown()
        server.server_close()
    # Everything the editor needs is served from /admin/ (the update check and GitHub's
    # status page are asked for and refused by the page's policy).
    assert [
        url for url in elsewhere if "githubstatus.com" not in url and not url.endswith("/@sveltia/cms/package.json")
    ] == []


def _in_view(section, target, action):
    """Act on a part of a field once the field is scrolled into view (Sveltia renders a
    field's inside when it comes into view, and may render it again)."""
    for _ in range(20):
        try:
            section.scroll_into_view_if_needed(timeout=1000)
            return action(target, 1000)
        except PlaywrightTimeout:
            continue
    return action(target, None)


def _click(section, target):
    _in_view(section, target, lambda t, timeout: t.click(timeout=timeout))


def _fill(pane, key, text):
    section = _field(pane, key)
    _in_view(section, section.locator("input, textarea").first, lambda t, timeout: t.fill(text, timeout=timeout))


def _field(pane, key):
    """The field at `key` (e.g. `sources.0.title`) of a pane. Sveltia renders a field only
    when its placeholder comes into view (an IntersectionObserver): the first placeholder
    left is scrolled into view until the field is there."""
    section = pane.locator(f'section[data-key-path="{key}"]')
    placeholder = pane.locator("div.placeholder").first
    for _ in range(40):
        try:
            section.wait_for(timeout=500)
            section.scroll_into_view_if_needed()
            return section
        except PlaywrightTimeout:
            if placeholder.count():
                placeholder.scroll_into_view_if_needed()
    return section


def test_an_event_created_in_vietnamese_with_its_english_words_is_saved_as_the_project_files(editor):
    page, project = editor
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{error} {error.stack}"[:1500]))
    page.get_by_text("Sự kiện · Events").first.click()
    expect(page.get_by_text("festival-hue").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-list.png"))

    page.get_by_role("button", name="Mới").or_(page.get_by_role("link", name="Mới")).first.click()
    vi = page.locator("#first-pane-body")
    _fill(vi, "file_id", "hoi-cho-thu-nghiem-2027")
    _field(vi, "province").get_by_role("combobox").click()
    page.get_by_role("option", name="Huế", exact=True).click()
    _field(vi, "kind").get_by_role("radio", name="fair").check()
    _fill(vi, "name", "Hội chợ thử nghiệm 2027")
    _fill(vi, "summary", "Hội chợ thương mại tổ chức tại Huế.")
    _click(_field(vi, "description"), page.locator("#first-pane-body button", has_text="Mô tả · Description"))
    _fill(vi, "description.0", "Hội chợ giới thiệu sản phẩm của các doanh nghiệp trong tỉnh.")
    _click(_field(vi, "sources"), page.locator("#first-pane-body button", has_text="Nguồn · Sources"))
    _fill(vi, "sources.0.id", "ubnd-hue")
    _fill(vi, "sources.0.title", "Cổng thông tin điện tử thành phố Huế")
    _fill(vi, "sources.0.url", "hue.gov.vn")

    # English beside the Vietnamese: the second pane's language menu (eight languages make
    # it a menu), English, enabled. Its paragraphs and sources start as the Vietnamese ones,
    # one item each, to be written over (ids copied, words empty).
    page.locator('#second-pane-header [role="combobox"]').click()
    page.get_by_role("option", name="Tiếng Anh").click()
    enable = page.locator("#second-pane-body").get_by_role("button", name="Bật")
    _click(enable, enable)
    en = page.locator("#second-pane-body")
    _fill(en, "name", "Trial Fair 2027")
    _fill(en, "summary", "A trade fair held in Huế.")
    expect(_field(en, "description.0").locator("textarea")).to_have_value("")
    expect(en.locator('section[data-key-path="description.1"]')).to_have_count(0)
    _fill(en, "description.0", "The fair presents products of the province's businesses.")
    expect(_field(en, "sources.0.id").locator("input")).to_have_value("ubnd-hue")
    _fill(en, "sources.0.title", "Huế City e-portal")
    page.screenshot(path=str(SCREENSHOTS / "admin-edit-two-languages.png"))

    # An address without https:// is refused before anything is saved, in the content
    # check's words, beside the field.
    page.get_by_role("button", name="Lưu").click()
    url = _field(vi, "sources.0.url")
    expect(url).to_contain_text("Wrong form: write a web address starting with https://")
    url.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "admin-error.png"))
    assert page.evaluate(READ_FILE, [FOLDER, "content/vi/events/hoi-cho-thu-nghiem-2027.yaml"]) is None
    _fill(vi, "sources.0.url", "https://hue.gov.vn/")
    page.get_by_role("button", name="Lưu").click()
    written = {}
    for lang in ("vi", "en"):
        path = f"content/{lang}/events/hoi-cho-thu-nghiem-2027.yaml"
        written[lang] = page.evaluate(WAIT_FOR_FILE, [FOLDER, path])
        assert written[lang] is not None, f"the editor did not write {path}; errors in the page: {errors}"
        (project / path).write_text(written[lang], encoding="utf-8")
    assert page.evaluate(READ_FILE, [FOLDER, "content/ru/events/hoi-cho-thu-nghiem-2027.yaml"]) is None

    vi_record, en_record = (yaml.safe_load(written[lang]) for lang in ("vi", "en"))
    assert written["vi"].startswith("# yaml-language-server: $schema=../../../schema/events.json\n")
    assert written["en"].startswith("# yaml-language-server: $schema=../../../schema/events.translation.json\n")
    assert vi_record == {
        "province": "hue",
        "kind": "fair",
        "name": "Hội chợ thử nghiệm 2027",
        "summary": "Hội chợ thương mại tổ chức tại Huế.",
        "description": ["Hội chợ giới thiệu sản phẩm của các doanh nghiệp trong tỉnh."],
        "sources": [{"id": "ubnd-hue", "title": "Cổng thông tin điện tử thành phố Huế", "url": "https://hue.gov.vn/"}],
    }
    # Words only in the translation; list items keep the source's id.
    assert en_record == {
        "name": "Trial Fair 2027",
        "summary": "A trade fair held in Huế.",
        "description": ["The fair presents products of the province's businesses."],
        "sources": [{"id": "ubnd-hue", "title": "Huế City e-portal"}],
    }
    assert errors == []
    result = run_portal(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
