"""schema.org JSON-LD for each kind of page, so that search engines know what a page is
about: a province, a plan, a tourist attraction, an event, a news article, the press
centre's government bodies, the open data of the investment catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import Attraction, Contact, Event, Model, News, Opportunity, Plan, Province, RecordT, Zone

if TYPE_CHECKING:
    from .render import Renderer

CONTEXT = "https://schema.org"


def _place(renderer: Renderer, province_id: str, lang: str) -> dict[str, Any]:
    province = renderer.view(lang).one("provinces", Province, province_id).record
    return {
        "@type": "AdministrativeArea",
        "name": province.official_name,
        "containedInPlace": {"@type": "Country", "name": "Vietnam"},
    }


def _sources(record: Model) -> list[str]:
    return [s.url for s in getattr(record, "sources", []) if s.url]


# One function per kind of record (portal/kinds.py names it): the schema.org description
# of a record's page, before the parts every page has (for_record).


def province(renderer: Renderer, record: Province, lang: str) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "name": record.official_name,
        "alternateName": record.name,
        "description": record.overview[0],
        "containedInPlace": {"@type": "Country", "name": "Vietnam"},
    }


def plan(renderer: Renderer, record: Plan, lang: str) -> dict[str, Any]:
    return {
        "@type": "Legislation",
        "name": record.title,
        "legislationIdentifier": record.number,
        "legislationDate": record.issued,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": record.issuer},
        "abstract": record.summary,
        "legislationJurisdiction": _place(renderer, record.province, lang),
    }


def attraction(renderer: Renderer, record: Attraction, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "TouristAttraction",
        "name": record.name,
        "description": record.summary,
        "containedInPlace": _place(renderer, record.province, lang),
    }
    if record.image:
        data["image"] = renderer.settings.site_url + renderer.images.variant(
            record.image.file, renderer.images.widths(record.image.file)[-1]
        )
    return _same_as(data, record)


def zone(renderer: Renderer, record: Zone, lang: str) -> dict[str, Any]:
    return _same_as(
        {
            "@type": "Place",
            "name": record.name,
            "description": record.summary,
            "containedInPlace": _place(renderer, record.province, lang),
        },
        record,
    )


def opportunity(renderer: Renderer, record: Opportunity, lang: str) -> dict[str, Any]:
    return {
        "@type": "Offer",
        "name": record.name,
        "description": record.summary,
        "areaServed": _place(renderer, record.province, lang),
    }


def event(renderer: Renderer, record: Event, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Event",
        "name": record.name,
        "description": record.summary,
        "location": {
            "@type": "Place",
            "name": record.venue or _place(renderer, record.province, lang)["name"],
            "address": _place(renderer, record.province, lang)["name"],
        },
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if record.starts:
        data |= {"startDate": record.starts, "endDate": record.ends or record.starts}
    return _same_as(data, record)


def news(renderer: Renderer, record: News, lang: str) -> dict[str, Any]:
    return {
        "@type": "NewsArticle",
        "headline": record.title,
        "description": record.summary,
        "datePublished": record.published,
        "dateModified": record.updated,
        "publisher": {
            "@type": "Organization",
            "name": renderer.content.interface[lang].home_title,
            "url": renderer.settings.site_url,
        },
    }


def _same_as(data: dict[str, Any], record: Model) -> dict[str, Any]:
    """The record's sources and its own site: the same place or event described elsewhere."""
    url = getattr(record, "url", None)
    same_as = _sources(record) + ([url] if url else [])
    return data | {"sameAs": same_as} if same_as else data


def for_record(
    describe: Callable[[Renderer, RecordT, str], dict[str, Any]],
    renderer: Renderer,
    record: RecordT,
    lang: str,
    url: str,
) -> dict[str, Any]:
    data = describe(renderer, record, lang)
    return {"@context": CONTEXT, **{k: v for k, v in data.items() if v is not None}, "url": url, "inLanguage": lang}


def for_catalogue(renderer: Renderer, lang: str, url: str) -> dict[str, Any]:
    t = renderer.content.interface[lang]
    site = renderer.settings.site_url
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": t.invest,
        "description": t.invest_intro,
        "url": url,
        "inLanguage": list(renderer.settings.languages),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": site + "data/investment.csv"},
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": site + "data/investment.json",
            },
        ],
    }


def for_press(renderer: Renderer, lang: str, url: str) -> dict[str, Any]:
    bodies = []
    for item in renderer.view(lang).all("contacts", Contact):
        c = item.record
        body = {
            "@type": "GovernmentOrganization",
            "name": c.name,
            "url": c.url,
            "email": c.email,
            "telephone": c.phone,
            "areaServed": _place(renderer, c.province, lang),
        }
        bodies.append({k: v for k, v in body.items() if v is not None})
    return {"@context": CONTEXT, "@type": "WebPage", "url": url, "inLanguage": lang, "about": bodies}


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """The page's place in the site, from the home page down to itself: (name, address)."""
    items = [
        {"@type": "ListItem", "position": number, "name": name, "item": url}
        for number, (name, url) in enumerate(trail, 1)
    ]
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}
