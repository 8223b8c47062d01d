"""Nothing leaves the reader's browser for another host: no fonts, scripts, styles,
images or frames from elsewhere in any built file (links to other sites are fine)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

FOREIGN = re.compile(r"^(https?:)?//", re.I)
# Elements and attributes whose address the browser loads by itself.
LOADED = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("embed", "src"),
    ("object", "data"),
    ("track", "src"),
    ("input", "src"),
]
LOADED_LINKS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "apple-touch-icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)
JS_LOAD = re.compile(
    r"""(?:fetch|importScripts|import|Worker|EventSource|WebSocket)\s*\(\s*['"`]((?:https?:|wss?:)?//[^'"`]+)"""
)


# The web editor (/admin/) is for the portal's editors, not its readers: it talks to the
# Git host it is configured for, and its bundle names the other backends it supports. No
# reader's page loads it (test below).
EDITOR = "admin/"


def loaded_from_elsewhere(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        where = path.relative_to(site).as_posix()
        if where.startswith(EDITOR):
            continue
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for tag, attribute in LOADED:
                for element in soup.find_all(tag):
                    value = element.get(attribute, "")
                    if any(FOREIGN.match(part.strip()) for part in value.split(",")):
                        found.append(f"{where}: <{tag} {attribute}={value}>")
            for link in soup.find_all("link", href=FOREIGN):
                if LOADED_LINKS & set(link.get("rel", [])):
                    found.append(f"{where}: <link rel={link['rel']} href={link['href']}>")
            for style in soup.find_all("style"):
                found += [f"{where}: <style> {url}" for url in CSS_URL.findall(style.get_text())]
        elif path.suffix == ".css":
            found += [f"{where}: {url}" for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))]
        elif path.suffix in (".js", ".mjs"):
            found += [f"{where}: {url}" for url in JS_LOAD.findall(path.read_text(encoding="utf-8", errors="replace"))]
    return found


def test_no_built_file_loads_anything_from_another_host(real_site):
    assert len(list(real_site.rglob("*.html"))) > 50
    assert loaded_from_elsewhere(real_site) == []


def test_no_readers_page_loads_the_web_editor(real_site):
    pages = [p for p in real_site.rglob("*.html") if not p.relative_to(real_site).as_posix().startswith(EDITOR)]
    assert pages and not [p for p in pages if "decap-cms" in p.read_text(encoding="utf-8")]


def test_the_scan_finds_a_font_a_script_and_an_image_from_elsewhere(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script><img src="https://example.com/a.png">'
        '<a href="https://example.com/">a link is fine</a>',
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text("@font-face { src: url(https://fonts.gstatic.com/x.woff2) }", encoding="utf-8")
    (tmp_path / "a.js").write_text('fetch("https://api.example.com/data")', encoding="utf-8")
    assert len(loaded_from_elsewhere(tmp_path)) == 5
