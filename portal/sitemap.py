"""sitemap.xml from the built pages themselves, so that it says exactly what their heads
say: every indexable page (not a copy shown for a missing translation, not a 404 page)
with the alternates of its real translations and x-default. It replaces static-i18n's,
which lists the fallback copies too and has no x-default."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_HEAD = re.compile(r"<head>(.*?)</head>", re.S | re.I)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
_ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*noindex')


def entries(site: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(address, [(hreflang, address)]) of every indexable page, sorted by address."""
    found = []
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        head = _HEAD.search(text)
        if not head or _NOINDEX.search(head.group(1)):
            continue
        canonical = _CANONICAL.search(head.group(1))
        if canonical:
            found.append((canonical.group(1), _ALTERNATE.findall(head.group(1))))
    return sorted(found)


def write_sitemap(site: Path) -> None:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for address, alternates in entries(site):
        lines.append(f"  <url>\n    <loc>{escape(address)}</loc>")
        lines += [
            f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
            for lang, href in alternates
        ]
        lines.append("  </url>")
    lines.append("</urlset>\n")
    data = "\n".join(lines).encode("utf-8")
    (site / "sitemap.xml").write_bytes(data)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
