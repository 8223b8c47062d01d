"""Files the site publishes beside its pages, each made from the same resolved records:

    data/investment.json, data/investment.csv   open data: every zone and opportunity
    <lang>/events/<id>.ics                      one calendar per dated event
    <lang>/calendars/all.ics, <province>.ics    every dated event, and per province
    <lang>/feeds/news.xml, <province>.xml       Atom feeds of the news (withdrawn items leave)
    assets/images/<name>-<width>.webp           responsive sizes of the attractions' pictures

Addresses inside them are absolute (site_url), as calendar and feed readers need. Their
content depends only on the records and the build date, so an unchanged site rewrites no
file (the preview server watches them)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import icalendar
from PIL import Image as Picture

from .models import Event, Image, News, Opportunity, Province, Zone

if TYPE_CHECKING:
    from .content import Content
    from .settings import Settings
    from .views import LanguageView, Listed

ATOM = "http://www.w3.org/2005/Atom"


def absolute(settings: Settings, lang: str, path: str) -> str:
    return settings.site_url + settings.page_url(lang, path)


def file_path(settings: Settings, lang: str, path: str) -> str:
    """Where a file of a language's folder is served, relative to the site's root."""
    return ("" if lang == settings.default_language else f"{lang}/") + path


# --- open data -------------------------------------------------------------------------


def investment_rows(content: Content) -> list[dict[str, Any]]:
    """One row per zone and opportunity: facts once, words in every language (empty
    where a translation is missing)."""
    settings = content.settings
    languages = settings.languages
    rows = []
    kinds: tuple[tuple[str, str, type[Zone | Opportunity]], ...] = (
        ("zones", "zone", Zone),
        ("opportunities", "opportunity", Opportunity),
    )
    for collection, kind, model in kinds:
        for entry in content.of(collection):
            r = entry.record(settings.source_language, model)
            row = {
                "id": entry.id,
                "type": kind,
                "province": r.province,
                "kind": getattr(r, "kind", None) or kind,
                "sectors": list(getattr(r, "sectors", None) or ([r.sector] if hasattr(r, "sector") else [])),
                "forms": list(getattr(r, "forms", [])),
                "status": r.status,
                "established": getattr(r, "established", None),
                "area_ha": r.area_ha,
                "capital_usd": getattr(r, "capital_usd", None),
                "capital_vnd": getattr(r, "capital_vnd", None),
                "zone": getattr(r, "zone", None),
                "url": absolute(settings, settings.default_language, f"{collection}/{entry.id}.md"),
            }
            for lang in languages:
                words = entry.record(lang, model) if lang in entry.by_language else None
                row[f"name_{lang}"] = words.name if words else None
                row[f"summary_{lang}"] = words.summary if words else None
            rows.append(row)
    return rows


def open_data(content: Content) -> dict[str, str]:
    rows = investment_rows(content)
    document = {
        "title": "Investment zones and opportunities",
        "source": content.settings.site_url,
        "languages": list(content.settings.languages),
        "records": rows,
    }
    out = io.StringIO()
    columns = list(rows[0]) if rows else ["id", "type", "province"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: spreadsheet_safe(" ".join(v) if isinstance(v, list) else ("" if v is None else v))
                for k, v in row.items()
            }
        )
    return {
        "data/investment.json": json.dumps(document, ensure_ascii=False, indent=2) + "\n",
        "data/investment.csv": out.getvalue(),
    }


# --- calendars -------------------------------------------------------------------------


def _calendar(name: str, lang: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Provincial portal//portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(view: LanguageView, entry_id: str, stamp: dt.datetime) -> icalendar.Event | None:
    settings, lang = view.content.settings, view.lang
    record = view.one("events", Event, entry_id).record
    if not record.starts:
        return None
    event = icalendar.Event()
    event.add("uid", f"{entry_id}@{settings.site_url.split('//', 1)[-1].rstrip('/')}")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.date.fromisoformat(record.starts))
    # All-day events end the day after their last day (RFC 5545, DTEND is exclusive).
    event.add("dtend", dt.date.fromisoformat(record.ends or record.starts) + dt.timedelta(days=1))
    event.add("summary", record.name)
    event.add("description", record.summary)
    if record.venue:
        event.add("location", record.venue)
    event.add("url", absolute(settings, lang, f"events/{entry_id}.md"))
    return event


def calendars(view: LanguageView) -> dict[str, bytes]:
    lang, t = view.lang, view.content.interface[view.lang]
    stamp = dt.datetime.combine(dt.date.fromisoformat(view.today), dt.time(0, 0), tzinfo=dt.UTC)
    everything = _calendar(t.events, lang)
    by_province: dict[str, icalendar.Calendar] = {}  # only provinces with a dated event: the others link none
    files = {}
    for entry in view.content.of("events"):
        event = _event(view, entry.id, stamp)
        if event is None:
            continue
        record = view.one("events", Event, entry.id).record
        single = _calendar(record.name, lang)
        single.add_component(event)
        files[f"{lang}/events/{entry.id}.ics"] = single.to_ical()
        everything.add_component(event)
        if record.province not in by_province:
            province = view.one("provinces", Province, record.province).record
            by_province[record.province] = _calendar(f"{t.events} · {province.name}", lang)
        by_province[record.province].add_component(event)
    files[f"{lang}/calendars/all.ics"] = everything.to_ical()
    for province_id, calendar in by_province.items():
        files[f"{lang}/calendars/{province_id}.ics"] = calendar.to_ical()
    return files


# --- feeds -----------------------------------------------------------------------------


def _feed(view: LanguageView, name: str, title: str, items: list[Listed[News]]) -> str:
    """An Atom feed (RFC 4287). Written with ElementTree: a feed is a dozen elements, and
    the feed libraries on PyPI add lxml and their own date handling for no gain here."""
    settings, lang = view.content.settings, view.lang
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    address = settings.site_url + file_path(settings, lang, f"feeds/{name}.xml")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = address
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": address})
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {"rel": "alternate", "type": "text/html", "href": absolute(settings, lang, "news/index.md")},
    )
    newest = max((item.record.updated for item in items), default=view.today)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = f"{newest}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = view.content.interface[lang].home_title
    for item in items:
        record = item.record
        page = absolute(settings, lang, f"news/{item.id}.md")
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {"xml:lang": item.lang} if item.lang != lang else {})
        ET.SubElement(entry, f"{{{ATOM}}}id").text = page
        ET.SubElement(entry, f"{{{ATOM}}}title").text = record.title
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": page})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = f"{record.published}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{record.updated}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = record.summary
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": record.kind})
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feeds(view: LanguageView) -> dict[str, str]:
    """The site's feed, and one per province that has news (the others announce none:
    their readers follow the site's)."""
    lang, t = view.lang, view.content.interface[view.lang]
    files = {f"{lang}/feeds/news.xml": _feed(view, "news", f"{t.news} · {t.home_title}", view.current_news)}
    for province_id in sorted(view.news_provinces):
        items = [i for i in view.current_news if i.record.province == province_id]
        files[f"{lang}/feeds/{province_id}.xml"] = _feed(
            view, province_id, f"{t.news} · {view.province_name(province_id)}", items
        )
    return files


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with =, +,
    -, @, a tab or a carriage return gets a leading apostrophe (OWASP's advice on CSV
    injection). Numbers stay numbers; the JSON keeps the text as written."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- images ----------------------------------------------------------------------------

WIDTHS = (480, 960, 1440)


class Images:
    """Responsive sizes of the pictures in content/images/, made once per picture and
    kept in build/images/ (resizing is the slow part of a build with pictures)."""

    def __init__(self, source: Path, cache: Path):
        self.source, self.cache = source, cache
        self._sizes: dict[str, tuple[int, int]] = {}

    def size(self, name: str) -> tuple[int, int]:
        if name not in self._sizes:
            with Picture.open(self.source / name) as picture:
                self._sizes[name] = picture.size
        return self._sizes[name]

    def widths(self, name: str) -> list[int]:
        width, _ = self.size(name)
        return [w for w in WIDTHS if w < min(width, WIDTHS[-1])] + [min(width, WIDTHS[-1])]

    def variant(self, name: str, width: int) -> str:
        return f"assets/images/{Path(name).stem}-{width}.webp"

    def largest(self, name: str) -> str:
        """The address of a picture's largest size, relative to the site's root."""
        return self.variant(name, self.widths(name)[-1])

    def files(self, names: set[str]) -> dict[str, bytes]:
        out = {}
        for name in sorted(names):
            data = (self.source / name).read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:16]
            for width in self.widths(name):
                cached = self.cache / f"{digest}-{width}.webp"
                if not cached.is_file():
                    with Picture.open(io.BytesIO(data)) as opened:
                        picture = opened.convert("RGB")
                        height = round(picture.height * width / picture.width)
                        buffer = io.BytesIO()
                        picture.resize((width, height), Picture.Resampling.LANCZOS).save(buffer, "WEBP", quality=80)
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    cached.write_bytes(buffer.getvalue())
                out[self.variant(name, width)] = cached.read_bytes()
        return out

    def tag(self, image: Image, root: str) -> str:
        """An <img> with its intrinsic size (no layout shift) and every width to choose from."""
        width, height = self.size(image.file)
        widths = self.widths(image.file)
        shown = widths[-1]
        srcset = ", ".join(f"{root}{self.variant(image.file, w)} {w}w" for w in widths)
        return (
            f'<img src="{root}{self.variant(image.file, shown)}" srcset="{srcset}" '
            f'sizes="(min-width: 76.25em) 40rem, 100vw" width="{shown}" height="{round(height * shown / width)}" '
            f'alt="{escape(image.alt)}" loading="lazy" decoding="async">'
        )
