"""The words of the site's own interface (headings, labels, notices), one file per
language in content/<lang>/interface.yaml, and the formatting of facts (dates, money,
timelines, names of languages and countries) in the reader's language.

Names of languages and countries and the shapes of dates and numbers come from the
Unicode CLDR through Babel, so a new language gets them without a line of ours."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from pydantic import Field, create_model

from .markup import placeholders
from .models import Attraction, Contact, Event, Image, Model, News, Opportunity, Zone
from .shape import shape_of

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Where a language's usage differs from CLDR's data, the one place that says so.
DATE_PATTERNS = {"vi": "'ngày' d MMMM 'năm' y"}  # CLDR: "29 tháng 12, 2023"
TERRITORY_NAMES = {("zh", "021"): "北美"}  # CLDR: 美洲北部


class Statuses(Model):
    province: str
    municipality: str
    merged: str = Field(description="Uses {successor}: the name of the province it is part of today.")


class Regions(Model):
    northern_midlands_mountains: str
    red_river_delta: str
    north_central_central_coast: str
    central_highlands: str
    southeast: str
    mekong_delta: str


class TaskKinds(Model):
    promotion: str
    investment: str
    channels: str
    publications: str
    foreign_press: str
    clarification: str
    events: str
    diaspora: str
    training: str
    human_rights: str
    border: str
    digital: str
    monitoring: str
    coordination: str
    survey: str


def labels(name: str, model: type[Model], field: str) -> type[Model]:
    """A model with one required label per allowed value of a field of the records, so a
    new value cannot reach a page without its words in every language."""
    required: dict[str, Any] = {value: (str, ...) for value in shape_of(model).fields[field].choices}
    return create_model(name, __base__=Model, **required)


if TYPE_CHECKING:
    # Their fields are made at run time, from the choices of the records' fields: to the
    # type checker each is a Model.
    AttractionKinds: TypeAlias = Model
    ZoneKinds: TypeAlias = Model
    ZoneStatuses: TypeAlias = Model
    Sectors: TypeAlias = Model
    InvestmentForms: TypeAlias = Model
    OpportunityStatuses: TypeAlias = Model
    EventKinds: TypeAlias = Model
    Recurrences: TypeAlias = Model
    NewsKinds: TypeAlias = Model
    Licences: TypeAlias = Model
    ContactKinds: TypeAlias = Model
else:
    AttractionKinds = labels("AttractionKinds", Attraction, "kind")
    ZoneKinds = labels("ZoneKinds", Zone, "kind")
    ZoneStatuses = labels("ZoneStatuses", Zone, "status")
    Sectors = labels("Sectors", Opportunity, "sector")
    InvestmentForms = labels("InvestmentForms", Opportunity, "forms")
    OpportunityStatuses = labels("OpportunityStatuses", Opportunity, "status")
    EventKinds = labels("EventKinds", Event, "kind")
    Recurrences = labels("Recurrences", Event, "recurrence")
    NewsKinds = labels("NewsKinds", News, "kind")
    Licences = labels("Licences", Image, "licence")
    ContactKinds = labels("ContactKinds", Contact, "kind")


def placeholder_problems(
    model: type[Model], data: Any, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], str]]:
    """Interface strings may use only the placeholders their field declares ("Uses
    {date}." in its description), as plain names: they are filled by the site, and a
    misspelt or attribute placeholder ({date.year}) would fail the build or show Python's
    internals. Returns (path, message) pairs."""
    problems: list[tuple[tuple[str, ...], str]] = []
    if not isinstance(data, dict):
        return problems
    for name, field in model.model_fields.items():
        value = data.get(name)
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, Model):
            problems += placeholder_problems(annotation, value, path + (name,))
        elif isinstance(value, str):
            declared = set(re.findall(r"\{([a-z_]+)\}", field.description or ""))
            try:
                used = placeholders(value)
            except ValueError as error:
                problems.append((path + (name,), str(error)))
                continue
            unknown = [u for u in used if u not in declared]
            if unknown:
                allowed = ", ".join("{" + d + "}" for d in sorted(declared)) or "none"
                problems.append(
                    (
                        path + (name,),
                        f"the placeholder {{{unknown[0]}}} is not one this text can use (it may use: {allowed}); fix its spelling",
                    )
                )
    return problems


class Interface(Model):
    """Every string the generated pages need. A missing one is an error, so a new
    language cannot ship half its interface."""

    home_title: str
    home_intro: str
    provinces: str
    provinces_intro: str
    plans: str
    plans_intro: str
    compare_plans: str
    plan_short_title: str = Field(
        description="Short title of a plan (heading, menu, browser tab); uses {province} and {year}."
    )
    plan_short_title_undated: str = Field(
        description="Short title of a plan whose date of issue is not given; uses {province}."
    )
    official_title: str = Field(description="Label of a document's full official title, shown beneath its short title.")
    compare_intro: str
    search: str
    search_intro: str
    status: str
    since: str = Field(description="Uses {date}.")
    region: str
    official_name: str
    administrative_centre: str
    absorbed: str
    key_facts: str
    fact: str
    overview: str
    contacts: str
    no_contacts: str
    sources: str
    source: str
    website: str
    email: str
    phone: str
    plans_of_province: str
    no_plans: str
    plan: str
    number: str
    issuer: str
    issued: str
    province: str
    languages: str
    markets: str
    languages_and_markets: str
    none_named: str
    total_budget: str
    tasks_cost: str = Field(
        description="Label of the sum of the task budgets a plan gives: the estimated cost of those tasks, not the plan's total budget."
    )
    amount_vnd: str = Field(description="Uses {amount}.")
    not_given: str
    legal_basis: str
    purpose: str
    requirements: str
    content_areas: str
    tasks: str
    lead: str
    partners: str
    timeline: str
    budget: str
    output: str
    note: str
    reporting: str
    yearly_by: str = Field(description="Uses {date}.")
    once_by: str = Field(description="Uses {date}.")
    from_year: str = Field(
        description="Uses {year}; follows a deadline as written, so it carries its own leading space where the language needs one."
    )
    ongoing: str
    yearly: str
    quarter: str = Field(description="Uses {quarter}, {roman} and {year}.")
    range: str = Field(description="Uses {start} and {end}.")
    task_kinds: str
    task_count: str
    budget_stated: str
    budget_of_tasks: str
    deadlines: str
    missing_notice: str = Field(description="Uses {language}: the language the page is shown in.")
    available_in: str
    outdated_notice: str = Field(description="Uses {language}: the source language.")
    read_original: str
    statuses: Statuses
    regions: Regions
    kinds: TaskKinds
    contact_kinds: ContactKinds
    # attractions, investment, events, news, press centre
    attractions: str
    attractions_intro: str
    attractions_of_province: str
    no_attractions: str
    kind: str
    official_page: str
    image_credit: str = Field(description="Uses {author} and {licence}.")
    invest: str
    invest_intro: str
    name: str
    zones: str
    opportunities: str
    opportunity: str
    no_opportunities: str
    invest_of_province: str
    sector: str
    sectors: str
    investment_forms: str
    established: str
    area: str
    area_ha: str = Field(description="Uses {area}.")
    capital: str
    listed_in: str
    zone: str
    filters: str
    all: str
    shown_count: str = Field(description="Uses {shown} and {total}.")
    open_data: str
    open_data_intro: str = Field(description="Uses {csv} and {json}: links to the files.")
    open_data_fields: str
    events: str
    events_intro: str
    events_of_province: str
    upcoming: str
    past: str
    recurring: str
    no_upcoming: str
    dates: str
    venue: str
    usual_time: str
    recurrence: str
    dates_not_given: str
    add_to_calendar: str
    calendar_all: str
    calendar_province: str = Field(description="Uses {province}.")
    news: str
    news_intro: str
    news_of_province: str
    no_news: str
    published: str
    changes: str
    updated_on: str = Field(description="Uses {date}.")
    withdrawn_notice: str = Field(description="Uses {date} and {reason}.")
    withdrawn_items: str
    feed: str
    feed_province: str = Field(description="Uses {province}.")
    all_provinces: str
    press: str
    press_contacts: str
    no_press_contacts: str = Field(description="Uses {provinces}: the provinces that published no press contact.")
    latest_press: str
    not_found_title: str
    not_found_text: str
    heading_link: str = Field(
        description="The title of the link beside each heading (a link to that section), read out by screen readers."
    )
    # visitor information, zone figures, lunar dates
    location: str
    getting_there: str
    best_season: str
    opening_hours: str
    fees: str
    part_of_area: str = Field(description="Uses {area}: the former province a place lies in.")
    projects: str
    registered_capital: str
    as_of: str = Field(description="Uses {date}.")
    lunar_dates: str = Field(
        description="Uses {day} and {month}: the traditional lunar date the solar dates are computed from."
    )
    # home page
    home_tasks: str
    visit: str
    visit_text: str
    invest_text: str
    events_text: str
    press_text: str
    provinces_text: str
    whats_on: str
    latest_news: str
    official_plans: str
    official_plans_text: str
    map_title: str
    map_caption: str
    province_map_title: str = Field(description="Uses {province}.")
    # header, menu and breadcrumbs (overrides/ templates)
    home: str = Field(description="The home page in the menu and the breadcrumbs: one short word.")
    breadcrumbs: str = Field(description="Name of the breadcrumb trail for screen readers.")
    search_box: str = Field(description="Label of the search box in the header.")
    not_translated: str = Field(
        description="Beside a language in the language menu where the page is not translated into it."
    )
    print_note: str = Field(
        description="Printed at the top of a printed page; uses {address} (the page's address) and {date} (the day the page was published)."
    )
    printed_on: str = Field(
        description="Follows print_note on a printed page when the browser runs scripts; uses {date} (the day of printing, written by the browser in the page's language)."
    )
    # footer
    footer_publisher: str
    footer_about: str
    footer_contacts: str
    footer_accessibility: str
    footer_privacy: str
    footer_licence: str
    attraction_kinds: AttractionKinds
    zone_kinds: ZoneKinds
    zone_statuses: ZoneStatuses
    sector_names: Sectors
    investment_form_names: InvestmentForms
    opportunity_statuses: OpportunityStatuses
    event_kinds: EventKinds
    recurrences: Recurrences
    news_kinds: NewsKinds
    licences: Licences
    place_words: str = Field(
        description=(
            "The words written before or after a place's name to say what kind of place it is "
            "(province, city), separated by spaces, e.g. `省 市`. A reader who types the name "
            "without them finds the place's own page first."
        )
    )
    outdated_changes: str = Field(
        description="Uses {language}: the source language. Opens the list of what changed in its words since the translation was made (the changes are shown in that language)."
    )


@dataclass(frozen=True)
class Formatter:
    """Facts written in the words and shapes of one language."""

    lang: str
    t: Interface

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    def language_name(self, code: str) -> str:
        name: str = self.locale.languages.get(code, code)  # Babel's locale data is untyped
        return name

    def own_language_name(self, code: str) -> str:
        """A language's name in that language, as a language switcher shows it."""
        name = Locale.parse(code).display_name or code
        return name[:1].upper() + name[1:]

    def territory_name(self, code: str) -> str:
        return TERRITORY_NAMES.get((self.lang, code)) or self.locale.territories.get(code, code)

    def names(self, names: list[str]) -> str:
        """A list the way the language writes one (CLDR: "A、B和C", "A, B và C")."""
        return format_list(names, locale=self.lang) if names else self.t.none_named

    def language_names(self, codes: list[str]) -> str:
        return self.names([self.language_name(c) for c in codes])

    def territory_names(self, codes: list[str]) -> str:
        return self.names([self.territory_name(c) for c in codes])

    def name_alone(self, name: str) -> str:
        """A place's name without the word that says what kind of place it is (庆和省 ->
        庆和, ແຂວງກອນຕູມ -> ກອນຕູມ), as readers type it in a search box."""
        for word in sorted(self.t.place_words.split(), key=len, reverse=True):
            alone = name.removeprefix(word) if name.startswith(word) else name.removesuffix(word)
            if alone != name and alone.strip():
                return alone.strip()
        return name

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.lang)

    def vnd(self, value: int | None) -> str:
        return self.t.not_given if value is None else self.t.amount_vnd.format(amount=self.number(value))

    def date(self, value: str | None) -> str:
        """A full date, a month or a year, as precise as the source is."""
        if not value:
            return self.t.not_given
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return self._day(dt.date(*parts))
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=self.lang)
        return str(parts[0])

    def period(self, starts: str, ends: str | None) -> str:
        """A day, or the days from `starts` to `ends`, the way the language writes a span."""
        first = dt.date.fromisoformat(starts)
        if not ends or ends == starts:
            return self._day(first)
        return format_interval(first, dt.date.fromisoformat(ends), "yMMMd", locale=self.lang)

    def _day(self, day: dt.date) -> str:
        return format_date(day, DATE_PATTERNS.get(self.lang, "long"), locale=self.lang)

    def usd(self, value: int) -> str:
        return format_currency(value, "USD", locale=self.lang)

    def due(self, value: str, from_year: int | None) -> str:
        if len(value) == 5:  # MM-DD: every year
            month, day = (int(p) for p in value.split("-"))
            text = self.t.yearly_by.format(date=format_skeleton("MMMMd", dt.date(2000, month, day), locale=self.lang))
        else:
            text = self.t.once_by.format(date=self.date(value))
        return text + self.t.from_year.format(year=from_year) if from_year else text

    def _point(self, token: str) -> str:
        if token == "ongoing":
            return self.t.ongoing
        if token == "yearly":
            return self.t.yearly
        quarter = re.match(r"^(\d{4})-Q([1-4])$", token)
        if quarter:
            q = int(quarter.group(2))
            return self.t.quarter.format(year=quarter.group(1), quarter=q, roman=ROMAN[q])
        return self.date(token)

    def timeline(self, value: str | None) -> str:
        if not value:
            return self.t.not_given
        out = []
        for token in (t.strip() for t in value.split(",")):
            if ".." in token:
                start, end = token.split("..")
                out.append(self.t.range.format(start=self._point(start), end=self._point(end)))
            else:
                out.append(self._point(token))
        return "; ".join(out)
