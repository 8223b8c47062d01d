"""sitemap.xml from what the pages' heads say (head.PageHead.sitemap_entry, noted by
render.py while it writes them: build/indexed-pages.json): every indexable page (not a
copy shown for a missing translation, not the search page, not a 404 page) with the
alternates of its real translations and x-default. It replaces static-i18n's, which lists the fallback copies
too and has no x-default."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .settings import Settings


def index_path(settings: Settings) -> Path:
    """Where the generated pages' index is kept, beside them (not published)."""
    return settings.generated_dir.parent / "indexed-pages.json"


def write_index(path: Path, indexed: dict[str, list[tuple[str, str]]]) -> None:
    """The indexable pages (address -> alternates), noted while they were generated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(indexed.items()), ensure_ascii=False), encoding="utf-8")


def write_sitemap(site: Path, index: Path) -> None:
    """The sitemap of `site` from the index of its pages (write_index)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for address, alternates in json.loads(index.read_text(encoding="utf-8")):
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
