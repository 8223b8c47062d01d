"""The view model: what each page of a language shows, resolved in Python from the checked
content before any template runs.

`LanguageView` is the site as one language shows it: every record in the reader's
language or the best one available (`Listed`), and the lists derived from them, each
rule written once (current news = not withdrawn, newest first; upcoming events = the
dated ones not over yet, soonest first; today's provinces = those not merged; …),
computed once per language and shared by every page, feed and calendar of it.

Each kind of page has a view (`PAGE_VIEWS`, keyed by its template): a dataclass holding
the records, links and derived lists its template prints, so templates only present:
no queries, no derived data set in them. A mistake in a rule is a Python traceback with
a line here, not a Jinja error in the middle of a page."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, runtime_checkable

from .geomap import provinces as map_provinces
from .lunar import next_occurrence
from .models import Attraction, Contact, Event, Model, News, Opportunity, Plan, Point, Province, RecordT, Zone, as_kind

if TYPE_CHECKING:
    from .content import Content, Entry
    from .settings import Settings

# The kinds of news a press centre lists as its releases.
PRESS_KINDS = ("press_release", "clarification")
# Contacts a journalist wants first, in the press centre and on a province's page.
PRESS_CONTACTS = ("spokesperson", "press")
# How many items a page's short lists show (the section page has them all).
LATEST = 5
LATEST_PRESS = 10


@dataclass(frozen=True)
class Listed(Generic[RecordT]):
    """A record as a page shows it: in the reader's language or the best one available
    (`lang`, the language its words are in)."""

    id: str
    record: RecordT
    lang: str

    @property
    def name(self) -> str:
        name = getattr(self.record, "name", None) or getattr(self.record, "title", None)
        if not isinstance(name, str):
            raise TypeError(f"a {type(self.record).__name__} has neither a name nor a title to list it by")
        return name

    @property
    def sectors(self) -> list[str]:
        return list(
            getattr(self.record, "sectors", None)
            or [getattr(self.record, "sector", None)] * hasattr(self.record, "sector")
        )


def _starts(event: Listed[Event]) -> str:
    """The first day of a dated event (a date-less one is a bug where events are sorted)."""
    if event.record.starts is None:
        raise ValueError(f"event {event.id} has no dates to sort it by")
    return event.record.starts


class Picker:
    """Which version of a record a page shows: the reader's language or the best one
    available, an event of the lunar calendar with the dates of its next occurrence."""

    def __init__(self, settings: Settings, today: dt.date):
        self.settings, self.today = settings, today
        self._dated: dict[tuple[int, dt.date], Model] = {}

    def order(self, lang: str) -> list[str]:
        """Languages to show a record in when it is missing in `lang`: the reader's own,
        then the site's default (the lingua franca of foreign readers), then the source."""
        order = [lang, self.settings.default_language, self.settings.source_language]
        return list(dict.fromkeys(order + list(self.settings.languages)))

    def __call__(self, entry: Entry, lang: str) -> tuple[Model, str]:
        """The record as a page in `lang` shows it, and the language its words are in."""
        shown = next(other for other in self.order(lang) if other in entry.by_language)
        return self.dated(entry.by_language[shown]), shown

    def dated(self, record: Model) -> Model:
        """An event fixed by the lunar calendar, with the solar dates of its next
        occurrence as of the day of the build (the page says they are computed)."""
        if not isinstance(record, Event) or not record.lunar_starts or record.starts:
            return record
        key = (id(record), self.today)
        if key not in self._dated:
            first, last = next_occurrence(record.lunar_starts, record.lunar_ends, self.today)
            self._dated[key] = record.model_copy(
                update={
                    "starts": first.isoformat(),
                    "ends": last.isoformat() if last != first else None,
                    "dates_source": record.lunar_source,
                }
            )
        return self._dated[key]


class LanguageView:
    """The site's records and derived lists in one language, each computed once."""

    def __init__(self, content: Content, lang: str, pick: Picker):
        self.content, self.lang, self._pick, self.today = content, lang, pick, pick.today.isoformat()
        self._lists: dict[str, list[Any]] = {}  # collection -> its Listed records, of its kind
        self._groups: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], list[Any]]] = {}  # see where()

    def _listed(self, entry: Entry, model: type[RecordT]) -> Listed[RecordT]:
        record, shown = self._pick(entry, self.lang)
        return Listed(entry.id, as_kind(record, model), shown)

    def one(self, collection: str, model: type[RecordT], record_id: str) -> Listed[RecordT]:
        return self._listed(self.content.entry(collection, record_id), model)

    def all(self, collection: str, model: type[RecordT]) -> list[Listed[RecordT]]:
        """Every record of a collection (of `model`), in the content's order."""
        if collection not in self._lists:
            self._lists[collection] = [self._listed(e, model) for e in self.content.of(collection)]
        return self._lists[collection]

    def where(self, collection: str, model: type[RecordT], **values: Any) -> list[Listed[RecordT]]:
        """The records of a collection whose fields have these values (ids: text or
        None), in the content's order. A collection is grouped once by the fields asked
        about, so that each question is a look-up: a page of each province asks one of
        every collection, which a search through the collection would make grow with the
        square of the records."""
        fields = tuple(sorted(values))
        if (collection, fields) not in self._groups:
            groups: dict[tuple[Any, ...], list[Any]] = {}
            for listed in self.all(collection, model):
                groups.setdefault(tuple(getattr(listed.record, f) for f in fields), []).append(listed)
            self._groups[collection, fields] = groups
        return list(self._groups[collection, fields].get(tuple(values[f] for f in fields), []))

    @functools.cached_property
    def province_names(self) -> dict[str, str]:
        """Every province's name (today's and former ones) by id."""
        return {p.id: p.name for p in self.all("provinces", Province)}

    def province_name(self, province_id: str | None) -> str:
        return self.province_names[province_id] if province_id else ""

    @functools.cached_property
    def current_news(self) -> list[Listed[News]]:
        """The news the site stands by (not withdrawn), newest first: the news page, the
        feeds, a province's latest news and the press releases."""
        current = [i for i in self.all("news", News) if not i.record.withdrawn]
        return sorted(current, key=lambda i: i.record.published, reverse=True)

    @functools.cached_property
    def withdrawn_news(self) -> list[Listed[News]]:
        return [i for i in self.all("news", News) if i.record.withdrawn]

    @functools.cached_property
    def news_provinces(self) -> frozenset[str]:
        """The provinces the current news is about (each has a feed of its own)."""
        return frozenset(i.record.province for i in self.current_news if i.record.province)

    @functools.cached_property
    def upcoming_events(self) -> list[Listed[Event]]:
        """Dated events not over on the day of the build, soonest first."""
        dated = [i for i in self.all("events", Event) if i.record.starts and (i.record.last_day or "") >= self.today]
        return sorted(dated, key=_starts)

    @functools.cached_property
    def past_events(self) -> list[Listed[Event]]:
        dated = [i for i in self.all("events", Event) if i.record.starts and (i.record.last_day or "") < self.today]
        return sorted(dated, key=_starts, reverse=True)

    @functools.cached_property
    def undated_events(self) -> list[Listed[Event]]:
        """Events that recur at a time of year but have no dates yet."""
        return [i for i in self.all("events", Event) if not i.record.starts]

    @functools.cached_property
    def today_provinces(self) -> list[Listed[Province]]:
        """The provinces that exist today (not merged into another in 2025)."""
        return [i for i in self.all("provinces", Province) if i.record.status != "merged"]

    def on_map(self, focus: str | None) -> list[tuple[str, Listed[Attraction] | Listed[Zone], Point]]:
        """The places and zones with coordinates (of one province, `focus`), as the map
        draws them: (collection, record, where it is)."""
        places: list[tuple[str, Listed[Attraction] | Listed[Zone]]] = [
            *(("attractions", i) for i in self.all("attractions", Attraction)),
            *(("zones", i) for i in self.all("zones", Zone)),
        ]
        return [
            (collection, i, i.record.coordinates)
            for collection, i in places
            if i.record.coordinates is not None and (focus is None or i.record.province == focus)
        ]

    def contacts(self, province_id: str) -> list[Listed[Contact]]:
        """A province's contacts, press contacts first."""
        contacts = self.where("contacts", Contact, province=province_id)
        return [c for c in contacts if c.record.kind in PRESS_CONTACTS] + [
            c for c in contacts if c.record.kind not in PRESS_CONTACTS
        ]


# --- one view per kind of page ----------------------------------------------------------


@dataclass(frozen=True)
class ProvinceLine:
    province: Listed[Province]
    absorbed: list[Listed[Province]]  # the former provinces merged into it


@dataclass(frozen=True)
class PlanLine:
    plan: Listed[Plan]
    province: Listed[Province]
    kind_counts: dict[str, int] = field(default_factory=dict)  # task kind -> number of tasks


@dataclass(frozen=True)
class ContactSection:
    province: Listed[Province]
    contacts: list[Listed[Contact]]  # press contacts first
    has_press: bool


@dataclass(frozen=True)
class CatalogueRow:
    item: Listed[Zone] | Listed[Opportunity]
    province: Listed[Province]
    is_zone: bool


def _sources(record: Model | None) -> dict[str, int]:
    """A record's sources by id -> the number the page cites them by."""
    return {s.id: number for number, s in enumerate(getattr(record, "sources", None) or [], 1)}


@dataclass(frozen=True)
class HomeView:
    upcoming: list[Listed[Event]]  # the next events
    news: list[Listed[News]]  # the latest news about the provinces (not about the portal)
    provinces: list[ProvinceLine]
    province_names: dict[str, str]

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> HomeView:
        news = [i for i in v.current_news if not i.record.about_portal]
        provinces = [ProvinceLine(p, v.where("provinces", Province, merged_into=p.id)) for p in v.today_provinces]
        return cls(v.upcoming_events[:LATEST], news[:LATEST], provinces, v.province_names)


@dataclass(frozen=True)
class ProvincesView:
    provinces: list[tuple[Listed[Province], str]]  # every province, today's and former, with its successor's name

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> ProvincesView:
        return cls([(p, v.province_name(p.record.merged_into)) for p in v.all("provinces", Province)])


@dataclass(frozen=True)
class PlansView:
    plans: list[PlanLine]

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> PlansView:
        lines = []
        for p in v.all("plans", Plan):
            counts: dict[str, int] = {}
            for task in p.record.tasks():
                for kind in task.kinds:
                    counts[kind] = counts.get(kind, 0) + 1
            lines.append(PlanLine(p, v.one("provinces", Province, p.record.province), counts))
        return cls(lines)


@dataclass(frozen=True)
class AttractionsView:
    groups: list[
        tuple[Listed[Province], list[Listed[Attraction]]]
    ]  # province -> its places, provinces with places only

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> AttractionsView:
        groups = [(p, v.where("attractions", Attraction, province=p.id)) for p in v.all("provinces", Province)]
        return cls([(p, places) for p, places in groups if places])


@dataclass(frozen=True)
class InvestView:
    rows: list[CatalogueRow]  # zones, then opportunities
    provinces: list[Listed[Province]]  # the filters' choices, in the order of the rows
    sectors: list[str]
    forms: list[str]
    any_opportunity: bool

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> InvestView:
        zones, opportunities = v.all("zones", Zone), v.all("opportunities", Opportunity)
        items: list[Listed[Zone] | Listed[Opportunity]] = [*zones, *opportunities]
        rows = [
            CatalogueRow(i, v.one("provinces", Province, i.record.province), n < len(zones))
            for n, i in enumerate(items)
        ]
        provinces = [v.one("provinces", Province, p) for p in dict.fromkeys(row.province.id for row in rows)]
        sectors = list(dict.fromkeys(s for row in rows for s in row.item.sectors))
        forms: list[str] = list(dict.fromkeys(f for i in opportunities for f in i.record.forms))
        return cls(rows, provinces, sectors, forms, bool(opportunities))


@dataclass(frozen=True)
class EventsView:
    upcoming: list[Listed[Event]]
    past: list[Listed[Event]]
    undated: list[Listed[Event]]
    province_names: dict[str, str]

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> EventsView:
        return cls(v.upcoming_events, v.past_events, v.undated_events, v.province_names)


@dataclass(frozen=True)
class NewsView:
    items: list[Listed[News]]
    withdrawn: list[Listed[News]]

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> NewsView:
        return cls(v.current_news, v.withdrawn_news)


@dataclass(frozen=True)
class PressView:
    sources: dict[str, int]  # the guide's sources by id -> number
    sections: list[ContactSection]  # today's provinces with their contacts
    silent: list[str]  # names of the provinces with no press contact
    latest: list[Listed[News]]  # the latest press releases and clarifications

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> PressView:
        sections = []
        for p in v.today_provinces:
            contacts = v.contacts(p.id)
            sections.append(ContactSection(p, contacts, any(c.record.kind in PRESS_CONTACTS for c in contacts)))
        latest = [i for i in v.current_news if i.record.kind in PRESS_KINDS]
        return cls(
            _sources(record), sections, [s.province.name for s in sections if not s.has_press], latest[:LATEST_PRESS]
        )


@dataclass(frozen=True)
class NoView:
    """A page that shows no records (the search page)."""

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> NoView:
        return cls()


@dataclass(frozen=True)
class ProvinceView:
    sources: dict[str, int]
    successor: str  # the name of the province it was merged into
    absorbed: list[Listed[Province]]  # the former provinces merged into it
    plans: list[Listed[Plan]]
    attractions: list[Listed[Attraction]]
    zones: list[Listed[Zone]]
    opportunities: list[Listed[Opportunity]]
    events: list[Listed[Event]]
    any_dated_event: bool
    news: list[Listed[News]]  # its latest current news
    contacts: list[Listed[Contact]]
    on_map: bool  # a province of today that the map draws (portal/geomap.py)

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> ProvinceView:
        page_entry, page_record = _own(entry, record)
        own, province = page_entry.id, as_kind(page_record, Province)
        events = v.where("events", Event, province=own)
        return cls(
            _sources(province),
            v.province_name(province.merged_into),
            v.where("provinces", Province, merged_into=own),
            v.where("plans", Plan, province=own),
            v.where("attractions", Attraction, province=own),
            v.where("zones", Zone, province=own),
            v.where("opportunities", Opportunity, province=own),
            events,
            any(i.record.starts for i in events),
            [i for i in v.current_news if i.record.province == own][:LATEST],
            v.where("contacts", Contact, province=own),
            province.status != "merged" and own in map_provinces(),
        )


@runtime_checkable
class InProvince(Protocol):
    """A record of one province (a plan, a place, a zone, an event...)."""

    @property
    def province(self) -> str: ...


def _own(entry: Entry | None, record: Model | None) -> tuple[Entry, Model]:
    """The entry and record of a record's page (a record's view asked without them is a bug)."""
    if entry is None or record is None:
        raise TypeError("a record's page needs its record")
    return entry, record


class PageView(Protocol):
    """What a page shows, made from the language's view and the page's record (if any)."""

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> PageView: ...


@dataclass(frozen=True)
class RecordView:
    """A record of a province: the province, and the former one it is in (`area`)."""

    province: Listed[Province]
    area: str  # the former province's name, or ""

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> RecordView:
        own = _own(entry, record)[1]
        if not isinstance(own, InProvince):
            raise TypeError(f"a {type(own).__name__} has no province for its page to show")
        return cls(v.one("provinces", Province, own.province), v.province_name(getattr(own, "area", None)))


@dataclass(frozen=True)
class ZoneView(RecordView):
    opportunities: list[Listed[Opportunity]]  # listed in the zone

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> ZoneView:
        base = RecordView.of(v, entry, record)
        return cls(base.province, base.area, v.where("opportunities", Opportunity, zone=_own(entry, record)[0].id))


@dataclass(frozen=True)
class OpportunityView(RecordView):
    zone: Listed[Zone] | None

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> OpportunityView:
        base, zone = RecordView.of(v, entry, record), as_kind(_own(entry, record)[1], Opportunity).zone
        return cls(base.province, base.area, v.one("zones", Zone, zone) if zone else None)


@dataclass(frozen=True)
class NewsItemView:
    province: Listed[Province] | None

    @classmethod
    def of(cls, v: LanguageView, entry: Entry | None, record: Model | None) -> NewsItemView:
        province = as_kind(_own(entry, record)[1], News).province
        return cls(v.one("provinces", Province, province) if province else None)


# Pages that list or compare records: path under the language folder, template, and the
# interface strings of their title and description.
LIST_PAGES = [
    ("index.md", "home.md.j2", "home_title", "home_intro"),
    ("provinces/index.md", "provinces.md.j2", "provinces", "provinces_intro"),
    ("plans/index.md", "plans.md.j2", "plans", "plans_intro"),
    ("plans/compare.md", "compare.md.j2", "compare_plans", "compare_intro"),
    ("attractions/index.md", "attractions.md.j2", "attractions", "attractions_intro"),
    ("invest/index.md", "invest.md.j2", "invest", "invest_intro"),
    ("events/index.md", "events.md.j2", "events", "events_intro"),
    ("news/index.md", "news.md.j2", "news", "news_intro"),
    ("search.md", "search.md.j2", "search", "search_intro"),
]
# The press centre: the guide `press-centre` (content/<lang>/guides/) with every
# province's contacts and the latest press releases.
PRESS_PAGE = ("press.md", "press.md.j2", "guides", "press-centre")
# The view of each section's own page, by its template (a record's page: its kind's view,
# portal/kinds.py).
LIST_VIEWS: dict[str, type[PageView]] = {
    "home.md.j2": HomeView,
    "provinces.md.j2": ProvincesView,
    "plans.md.j2": PlansView,
    "compare.md.j2": PlansView,
    "attractions.md.j2": AttractionsView,
    "invest.md.j2": InvestView,
    "events.md.j2": EventsView,
    "news.md.j2": NewsView,
    "press.md.j2": PressView,
    "search.md.j2": NoView,
}
