"""schema.org JSON-LD for each kind of page, so that search engines know what a page is
about: a province, a plan, a tourist attraction, an event, a news article, the press
centre's government bodies, the open data of the investment catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .models import Attraction, Contact, Event, Model, News, Opportunity, Plan, Province, RecordT, Zone

if TYPE_CHECKING:
    from .interface import Interface
    from .settings import Settings
    from .views import LanguageView

CONTEXT = "https://schema.org"


@dataclass(frozen=True)
class Site:
    """What a page's JSON-LD is made of besides its record: the site in the page's
    language (names of provinces, contacts) and the addresses of the pictures."""

    view: LanguageView
    picture: Callable[[str], str]  # a picture's file -> its largest size's address, relative to site_url

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def settings(self) -> Settings:
        return self.view.content.settings

    @property
    def t(self) -> Interface:
        return self.view.content.interface[self.view.lang]


def _place(site: Site, province_id: str) -> dict[str, Any]:
    province = site.view.one("provinces", Province, province_id).record
    return {
        "@type": "AdministrativeArea",
        "name": province.official_name,
        "containedInPlace": {"@type": "Country", "name": "Vietnam"},
    }


def _sources(record: Model) -> list[str]:
    return [s.url for s in getattr(record, "sources", []) if s.url]


# One function per kind of record (portal/kinds.py names it): the schema.org description
# of a record's page, before the parts every page has (for_record).


def province(site: Site, record: Province) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "name": record.official_name,
        "alternateName": record.name,
        "description": record.overview[0],
        "containedInPlace": {"@type": "Country", "name": "Vietnam"},
    }


def plan(site: Site, record: Plan) -> dict[str, Any]:
    return {
        "@type": "Legislation",
        "name": record.title,
        "legislationIdentifier": record.number,
        "legislationDate": record.issued,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": record.issuer},
        "abstract": record.summary,
        "legislationJurisdiction": _place(site, record.province),
    }


def attraction(site: Site, record: Attraction) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "TouristAttraction",
        "name": record.name,
        "description": record.summary,
        "containedInPlace": _place(site, record.province),
    }
    if record.image:
        data["image"] = site.settings.site_url + site.picture(record.image.file)
    return _same_as(data, record)


def zone(site: Site, record: Zone) -> dict[str, Any]:
    return _same_as(
        {
            "@type": "Place",
            "name": record.name,
            "description": record.summary,
            "containedInPlace": _place(site, record.province),
        },
        record,
    )


def opportunity(site: Site, record: Opportunity) -> dict[str, Any]:
    return {
        "@type": "Offer",
        "name": record.name,
        "description": record.summary,
        "areaServed": _place(site, record.province),
    }


def event(site: Site, record: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Event",
        "name": record.name,
        "description": record.summary,
        "location": {
            "@type": "Place",
            "name": record.venue or _place(site, record.province)["name"],
            "address": _place(site, record.province)["name"],
        },
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if record.starts:
        data |= {"startDate": record.starts, "endDate": record.ends or record.starts}
    return _same_as(data, record)


def news(site: Site, record: News) -> dict[str, Any]:
    return {
        "@type": "NewsArticle",
        "headline": record.title,
        "description": record.summary,
        "datePublished": record.published,
        "dateModified": record.updated,
        "publisher": {
            "@type": "Organization",
            "name": site.t.home_title,
            "url": site.settings.site_url,
        },
    }


def _same_as(data: dict[str, Any], record: Model) -> dict[str, Any]:
    """The record's sources and its own site: the same place or event described elsewhere."""
    url = getattr(record, "url", None)
    same_as = _sources(record) + ([url] if url else [])
    return data | {"sameAs": same_as} if same_as else data


def for_record(
    describe: Callable[[Site, RecordT], dict[str, Any]], site: Site, record: RecordT, url: str
) -> dict[str, Any]:
    data = describe(site, record)
    return {
        "@context": CONTEXT,
        **{k: v for k, v in data.items() if v is not None},
        "url": url,
        "inLanguage": site.lang,
    }


def for_catalogue(site: Site, url: str) -> dict[str, Any]:
    t, base = site.t, site.settings.site_url
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": t.invest,
        "description": t.invest_intro,
        "url": url,
        "inLanguage": list(site.settings.languages),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": base + "data/investment.csv"},
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": base + "data/investment.json",
            },
        ],
    }


def for_press(site: Site, url: str) -> dict[str, Any]:
    bodies = []
    for item in site.view.all("contacts", Contact):
        c = item.record
        body = {
            "@type": "GovernmentOrganization",
            "name": c.name,
            "url": c.url,
            "email": c.email,
            "telephone": c.phone,
            "areaServed": _place(site, c.province),
        }
        bodies.append({k: v for k, v in body.items() if v is not None})
    return {"@context": CONTEXT, "@type": "WebPage", "url": url, "inLanguage": site.lang, "about": bodies}


def for_website(site: Site, name: str, url: str) -> dict[str, Any]:
    """The home page: the site itself."""
    return {"@context": CONTEXT, "@type": "WebSite", "name": name, "url": url, "inLanguage": site.lang}


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """The page's place in the site, from the home page down to itself: (name, address)."""
    items = [
        {"@type": "ListItem", "position": number, "name": name, "item": url}
        for number, (name, url) in enumerate(trail, 1)
    ]
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}
