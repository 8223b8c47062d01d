"""The head of a page: what its front matter tells the theme besides the page's text.

Its address and those of its real translations (never a copy shown for a missing one),
the version for readers of other languages (x-default), its Open Graph type and locale,
the feeds it announces, its schema.org JSON-LD, its breadcrumbs, the section of the menu
to highlight, the footer, and whether search engines may index it. `page_head` makes it
from the site in the page's language (views.LanguageView), with no template engine;
`PageHead.front_matter` writes it under the names overrides/main.html and its partials
read; the sitemap takes its addresses (`PageHead.sitemap_entry`)."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.core import get_global

from . import structured
from .kinds import RECORD_PAGES, SECTIONS
from .outputs import file_path
from .views import LIST_PAGES, PRESS_PAGE

if TYPE_CHECKING:
    from .models import Model
    from .views import LanguageView


@functools.cache  # CLDR lookups are slow, and every page asks for every language
def og_locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY: the language's most likely territory (CLDR)."""
    likely = get_global("likely_subtags").get(lang, lang)
    parts = Locale.parse(likely)
    return f"{parts.language}_{parts.territory}" if parts.territory else parts.language


@dataclass(frozen=True)
class Alternate:
    """The page in one of the languages it is written in."""

    lang: str
    path: str  # relative to the site's root
    locale: str  # Open Graph's


@dataclass(frozen=True)
class Feed:
    title: str
    path: str  # relative to the site's root


@dataclass(frozen=True)
class Link:
    title: str
    href: str  # relative to the page


@dataclass(frozen=True)
class Footer:
    """What overrides/partials/copyright.html writes at the foot of every page, in the
    reader's language (the theme's templates do not know the portal's interface words)."""

    publisher: str
    licence: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class PageHead:
    lang: str
    path: str  # relative to the language folder, e.g. "plans/kon-tum-2024.md"
    site_url: str
    title: str  # plain text
    description: str
    # A hand-written page (docs/) keeps the title and description of its own front
    # matter, and has no JSON-LD.
    hand_written: bool
    canonical: str  # the page's absolute address
    alternates: tuple[Alternate, ...]  # its real translations
    x_default: str  # relative to the site's root
    og_type: str
    locale: str  # Open Graph's
    feeds: tuple[Feed, ...]
    jsonld: dict[str, Any] | None
    crumbs: tuple[Link, ...]  # the pages above it, from the home page
    breadcrumbs: dict[str, Any] | None  # their schema.org BreadcrumbList, down to the page itself
    section: str | None  # the section of the menu to highlight
    footer: Footer
    robots: str | None  # "noindex": a copy shown for a missing translation, or the search page
    image: str | None = None  # the record's picture (its largest size), relative to the site's root: og:image

    def front_matter(self) -> dict[str, Any]:
        """The page's front matter, under the names the theme's templates read."""
        head: dict[str, Any] = {
            "alternates": [{"lang": a.lang, "path": a.path, "locale": a.locale} for a in self.alternates],
            "x_default": self.x_default,
            "og_type": self.og_type,
            "locale": self.locale,
            "feeds": [{"title": f.title, "path": f.path} for f in self.feeds],
        }
        if self.image is not None:
            head["image"] = self.image
        meta: dict[str, Any] = {}
        if not self.hand_written:
            # MkDocs and Material print a page's title as HTML (menu, header, <title>):
            # it is written escaped. The description is escaped where main.html prints it.
            meta = {"title": html.escape(self.title), "description": self.description}
            head["jsonld"] = self.jsonld
        if self.breadcrumbs is not None:
            head["breadcrumbs"] = self.breadcrumbs
        meta["head"] = head
        meta["footer"] = {
            "publisher": self.footer.publisher,
            "licence": self.footer.licence,
            "links": [{"title": link.title, "href": link.href} for link in self.footer.links],
        }
        if self.crumbs:
            meta["crumbs"] = [{"title": link.title, "href": link.href} for link in self.crumbs]
        if self.section is not None:
            meta["section"] = self.section
        if self.robots is not None:
            meta["robots"] = self.robots
        return meta

    def sitemap_entry(self) -> tuple[str, list[tuple[str, str]]] | None:
        """The page's address and those of its real translations and x-default, as its
        head announces them; None: a page search engines are asked not to index."""
        if self.robots is not None:
            return None
        alternates = [(a.lang, self.site_url + a.path) for a in self.alternates]
        return self.canonical, alternates + [("x-default", self.site_url + self.x_default)]


# The footer's links: who publishes the portal, whom to contact, and its statements.
FOOTER_PAGES = (
    ("footer_about", "about.md"),
    ("footer_contacts", "press.md"),
    ("footer_accessibility", "accessibility.md"),
    ("footer_privacy", "privacy.md"),
)


def feed_links(view: LanguageView, province: str | None) -> tuple[Feed, ...]:
    """The feeds a page announces in its head: the site's, and its province's."""
    settings, lang, t = view.content.settings, view.lang, view.content.interface[view.lang]
    links = [Feed(t.feed, file_path(settings, lang, "feeds/news.xml"))]
    if province in view.news_provinces:
        links.append(
            Feed(
                t.feed_province.format(province=view.province_name(province)),
                file_path(settings, lang, f"feeds/{province}.xml"),
            )
        )
    return tuple(links)


def trail(view: LanguageView, path: str) -> list[tuple[str, str]]:
    """The pages above `path` (title, path under the language folder): the home page,
    then the section a record or a section's own sub-page belongs to."""
    if path == "index.md":
        return []
    t = view.content.interface[view.lang]
    pages = [(t.home, "index.md")]
    section = SECTIONS.get(path.split("/")[0]) if "/" in path else None
    if section and section != path:
        title = next(getattr(t, key) for page, _, key, _ in LIST_PAGES if page == section)
        pages.append((title, section))
    return pages


def jsonld(site: structured.Site, path: str, title: str, record: Model | None, url: str) -> dict[str, Any] | None:
    """The schema.org description of a generated page, if its kind has one."""
    collection = path.split("/")[0]
    describe = RECORD_PAGES[collection].jsonld if collection in RECORD_PAGES else None
    if record is not None and describe is not None:
        return structured.for_record(describe, site, record, url)
    if path == "invest/index.md":
        return structured.for_catalogue(site, url)
    if path == PRESS_PAGE[0]:
        return structured.for_press(site, url)
    if path == "index.md":
        return structured.for_website(site, title, url)
    return None


def page_head(
    view: LanguageView,
    path: str,
    available: list[str],
    *,
    title: str,
    description: str = "",
    og_type: str = "website",
    record: Model | None = None,
    province: str | None = None,
    noindex: bool = False,
    hand_written: bool = False,
    picture: Callable[[str], str],
) -> PageHead:
    """The head of page `path` in the view's language. `available`: the languages the page
    is written in; `record`: the record the page shows (its JSON-LD); `province`: the
    province whose feed it announces; `picture`: a picture's file -> the address of its
    largest size (structured.Site)."""
    settings, lang, t = view.content.settings, view.lang, view.content.interface[view.lang]
    root = settings.to_root(lang, path)
    canonical = settings.site_url + settings.page_url(lang, path)
    default = settings.default_language
    above = trail(view, path)
    return PageHead(
        lang=lang,
        path=path,
        site_url=settings.site_url,
        title=title,
        description=" ".join(description.split()),
        hand_written=hand_written,
        canonical=canonical,
        alternates=tuple(Alternate(other, settings.page_url(other, path), og_locale(other)) for other in available),
        x_default=settings.page_url(default if default in available else available[0], path),
        og_type=og_type,
        locale=og_locale(lang),
        feeds=feed_links(view, province),
        jsonld=None if hand_written else jsonld(structured.Site(view, picture), path, title, record, canonical),
        crumbs=tuple(Link(name, root + settings.page_url(lang, target)) for name, target in above),
        breadcrumbs=structured.breadcrumbs(
            [(name, settings.site_url + settings.page_url(lang, target)) for name, target in above + [(title, path)]]
        )
        if above
        else None,
        section=above[-1][1] if len(above) > 1 else None,
        footer=Footer(
            t.footer_publisher,
            t.footer_licence,
            tuple(Link(getattr(t, key), root + settings.page_url(lang, target)) for key, target in FOOTER_PAGES),
        ),
        robots="noindex" if noindex else None,
        image=picture(image.file) if (image := getattr(record, "image", None)) is not None else None,
    )
