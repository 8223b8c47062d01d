"""Security headers for the built site.

The Content-Security-Policy allows only what the site itself serves: its own scripts,
styles, images and search worker. Inline scripts are allowed only by hash, and the hashes
come from the inline scripts of the theme templates we ship (overrides/), never from the
built pages: a script that content managed to put into a page is not ours and does not
run. Today the templates have none (Material's bundle and its inline helpers are not
loaded), so the policy allows no inline script at all. Every page carries the policy in a
<meta> tag, which works on any static host (GitHub Pages sets no headers); `_headers`
(Netlify, Cloudflare Pages) sends it as a header, together with the headers a <meta> tag
cannot carry."""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""type=["']?application/(ld\+)?json""", re.I)
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def inline_script_hashes(html: str) -> set[str]:
    """CSP hashes of the inline scripts a browser would run (JSON data blocks are not run)."""
    hashes = set()
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if not _DATA_BLOCK.search(attributes):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return hashes


@functools.cache
def own_script_hashes(templates: Path = OVERRIDES) -> frozenset[str]:
    """The hashes of the inline scripts written in our theme templates. A script whose
    text a template fills in (`{{ ... }}`) could carry content, so it is refused."""
    hashes: set[str] = set()
    for template in sorted(templates.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for attributes, body in _INLINE_SCRIPT.findall(text):
            if not _DATA_BLOCK.search(attributes) and ("{{" in body or "{%" in body):
                raise SystemExit(
                    f"{template}: an inline script is filled in by the template; move it to a file under docs/assets/"
                )
        hashes |= inline_script_hashes(text)
    return frozenset(hashes)


def policy(hashes: frozenset[str] | set[str], *, header: bool) -> str:
    directives = [
        "default-src 'none'",
        # Pagefind's search runs as WebAssembly.
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(hashes)),
        "style-src 'self'",
        "img-src 'self' data:",  # Material's icons are data: URLs in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    if header:  # browsers ignore it in a <meta> tag
        directives.append("frame-ancestors 'none'")
    return "; ".join(d.strip() for d in directives)


def admin_policy(*, header: bool, auth_url: str | None = None) -> str:
    """The web editor's own policy (site/admin/ only; no other page loads the CMS). Sveltia
    needs what the public pages must not allow: inline styles (its components style
    themselves at run time), pictures from anywhere an editor links, and connections to
    GitHub's API and the OAuth client that logs editors in. Scripts, fonts and the
    interface's words stay our own files, served from site/admin/, never from a CDN (its
    update check and GitHub status look-up are refused). 'unsafe-eval' is kept for the
    CMS's configuration checks, on this page only."""
    connect = ["'self'", "https://api.github.com", "http://localhost:*", "http://127.0.0.1:*"]
    if auth_url:
        connect.append(auth_url.rstrip("/"))
    directives = [
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "worker-src 'self' blob:",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


@functools.cache
def _policy_meta() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(own_script_hashes(), header=False)}">'


def with_policy_meta(html: str) -> str:
    """The page with the policy as the first tag of <head>, before any script."""
    meta = _policy_meta()
    return re.sub(r"<head>", lambda m: m.group(0) + meta, html, count=1, flags=re.I)


# How far into a page its <head> begins: the doctype, <html> and a comment at most.
HEAD_BYTES = 4096


def write_policy(site: Path, kept: Sequence[str] = ()) -> None:
    """Every page of the built site (not the web editor's, which has its own) with the
    policy as the first tag of its <head>. The engine writes its pages with it (the
    MkDocs hooks): only another HTML file (one copied from docs/) is rewritten here, and
    replaced, never written in place: the engine may have linked a page from its cache.
    The folders of `kept` languages are the last build's, which had the policy."""
    has_policy = re.compile(rb"<head>" + re.escape(_policy_meta().encode()), re.I)
    for top, folders, names in os.walk(site):
        if top == os.fspath(site):  # the kept languages' thousands of pages are not walked
            folders[:] = [name for name in folders if name not in ("admin", *kept)]
        for page in (Path(top, name) for name in names if name.endswith(".html")):
            _with_policy(page, has_policy)


def _with_policy(page: Path, has_policy: re.Pattern[bytes]) -> None:
    """The page with the policy, if it has not."""
    with page.open("rb") as handle:  # the policy opens the head: the page's first bytes
        data = handle.read(HEAD_BYTES)
        if has_policy.search(data) or has_policy.search(data + handle.read()):
            return
    text = page.read_text(encoding="utf-8")
    fresh = page.with_name(page.name + ".policy")
    fresh.write_text(with_policy_meta(text), encoding="utf-8")
    os.replace(fresh, page)


def write_headers(site: Path) -> None:
    lines = ["/*", f"  Content-Security-Policy: {policy(own_script_hashes(), header=True)}"]
    lines += [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()]
    # The editor's page has its own policy: `!` detaches the site's (Cloudflare Pages;
    # Netlify sends both, so there the README's rule for /admin/ applies).
    lines += [
        "/admin/*",
        "  ! Content-Security-Policy",
        f"  Content-Security-Policy: {admin_policy(header=True, auth_url=os.environ.get('CMS_AUTH_URL'))}",
    ]
    (site / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")
