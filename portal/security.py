"""Security headers for the built site.

The Content-Security-Policy allows only what the site itself serves: its own scripts,
styles, images and search worker, and, by hash, the few inline scripts Material writes
into each page (one of them differs with the page's depth). Every page carries its own
policy in a <meta> tag, which works on any static host (GitHub Pages sets no headers);
`_headers` (Netlify, Cloudflare Pages) sends the union of the pages' policies as a header,
together with the headers a <meta> tag cannot carry."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""type=["']?application/(ld\+)?json""", re.I)

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


def policy(hashes: set[str], *, header: bool) -> str:
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


def with_policy_meta(html: str) -> str:
    """The page with its own policy as the first tag of <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(html), header=False)}">'
    return re.sub(r"<head>", lambda m: m.group(0) + meta, html, count=1, flags=re.I)


def write_headers(site: Path) -> None:
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    lines = ["/*", f"  Content-Security-Policy: {policy(hashes, header=True)}"]
    lines += [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()]
    (site / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")
