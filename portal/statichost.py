"""The built site served on localhost as Netlify and Cloudflare Pages serve it, for the
browser tests and the page-weight budget (scripts/budget.py): text compressed with gzip,
the headers of the site's `_headers` file, and the not-found page that `_redirects`
names, with status 404; the languages of a built site; and the browser they drive.

Hand-written over http.server because what is measured must be what a visitor of those
hosts receives: no ready-made local server replays their `_headers` and `_redirects`
files, and Python's own sends neither compression nor a 404 page."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import re
import threading
import urllib.parse
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# The browser the tests and measurements drive: Debian's Chromium (Playwright and
# Lighthouse download none of their own), headless, with nothing of its own on the network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What the hosts compress: text, and the binary types that are not compressed already.
_COMPRESSED = {
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/manifest+json",
    "application/wasm",
    "image/svg+xml",
}


def _pattern(path: str) -> re.Pattern[str]:
    """A path of `_headers` or `_redirects` (`*` stands for any rest of the address)."""
    return re.compile("".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", path)))


def _header_rules(site: Path) -> list[tuple[re.Pattern[str], str, str]]:
    """(path, name, value) of each header `_headers` sets: a path line, then its headers indented."""
    rules, path = [], None
    file = site / "_headers"
    for line in file.read_text(encoding="utf-8").splitlines() if file.is_file() else []:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            path = _pattern(line.strip())
        elif path is not None:
            name, _, value = line.strip().partition(":")
            rules.append((path, name.strip(), value.strip()))
    return rules


def _not_found_rules(site: Path) -> list[tuple[re.Pattern[str], str]]:
    """(path, page) of the `_redirects` rules with status 404; the others are not replayed
    (the site writes none)."""
    file = site / "_redirects"
    rules = []
    for line in file.read_text(encoding="utf-8").splitlines() if file.is_file() else []:
        fields = line.split()
        if len(fields) == 3 and fields[2] == "404":
            rules.append((_pattern(fields[0]), fields[1]))
    return rules


class StaticHost(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections are kept open, as every host does

    def send_head(self) -> io.BytesIO | None:
        address = urllib.parse.urlsplit(self.path).path
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not address.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", address + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file():
            status, not_found = HTTPStatus.NOT_FOUND, self._not_found_page(address)
            if not_found is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
            target = not_found
        body = target.read_bytes()
        content_type = self.guess_type(str(target))
        self.send_response(status)
        if content_type.startswith("text/"):
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        else:
            self.send_header("Content-Type", content_type)
        if (content_type.startswith("text/") or content_type in _COMPRESSED) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        ):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_found_page(self, address: str) -> Path | None:
        site = Path(self.directory)
        for pattern, page in _not_found_rules(site):
            if pattern.fullmatch(address) and (site / page.lstrip("/")).is_file():
                return site / page.lstrip("/")
        return site / "404.html" if (site / "404.html").is_file() else None

    def end_headers(self) -> None:
        address = urllib.parse.urlsplit(self.path).path
        for pattern, name, value in _header_rules(Path(self.directory)):
            if pattern.fullmatch(address):
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # keep the output of tests and measurements readable
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site served on a free port of 127.0.0.1 while the block runs; yields its address."""
    handler = functools.partial(StaticHost, directory=str(site.resolve()))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def site_languages(site: Path) -> dict[str, str]:
    """Language -> address prefix of a built site: the default language at /, the others
    in the folders that have a not-found page of their own."""
    default = re.search(r'<html[^>]*\slang="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    if not default:
        raise SystemExit(f"{site / 'index.html'}: no <html lang>: is {site} a site built by `make build`?")
    prefixes = {default.group(1): "/"}
    prefixes.update(
        {folder.name: f"/{folder.name}/" for folder in sorted(site.iterdir()) if (folder / "404.html").is_file()}
    )
    return prefixes


def language_of(path: str, prefixes: dict[str, str]) -> str:
    """The language of an address: the one whose prefix is the longest that matches."""
    return max(
        (lang for lang, prefix in prefixes.items() if path.startswith(prefix)), key=lambda lang: len(prefixes[lang])
    )
