"""One typed model per kind of record.

Each field is either a FACT (numbers, dates, identifiers, codes, URLs, references,
statuses) written once in the source-language record, or WORDS written per language.
Facts are declared with ``fact()``; every other scalar field is words. Lists of nested
models are structure: their items carry an ``id`` by which translations are matched.
The same models validate the content; portal/shape.py reads from these declarations what
each field is to translation, for the checks, the merge, the hash, the JSON Schema, the
scaffold and the web editor."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    field_validator,
    model_validator,
)

from .markup import MarkdownText, link_problem, markdown_problem

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A record's page is <collection>/<id>/: these ids are the addresses of the site's own pages.
RESERVED_IDS = frozenset({"index", "compare", "search", "404"})
FACT = "x-fact"


def fact(description: str, **kwargs: Any) -> Any:
    """A field whose value is the same in every language; only the source record sets it."""
    return Field(description=description, json_schema_extra={FACT: True}, **kwargs)


REF = "x-ref"


def ref(collection: str, description: str, **kwargs: Any) -> Any:
    """A fact naming a record of another collection by its id; the loader checks it exists."""
    return Field(description=description, json_schema_extra={FACT: True, REF: collection}, **kwargs)


def words(description: str, **kwargs: Any) -> Any:
    """A field written in each language: a text, or a list of texts translated one by one."""
    return Field(description=description, **kwargs)


# --- value types -----------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _real_day(value: str) -> bool:
    """A full date that the calendar has (no 30 February, no 29 February 2025)."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY in quotes, e.g. \"2023-12-29\"")
    if len(value) == 10 and not _real_day(value):
        raise ValueError(f"'{value}' is not a day of the calendar; check the day and month")
    return value


def _timeline_point(token: str) -> bool:
    if _PARTIAL_DATE.match(token):
        return len(token) != 10 or _real_day(token)
    return token in ("ongoing", "yearly") or bool(_QUARTER.match(token))


def _timeline(value: str) -> str:
    for token in (t.strip() for t in value.split(",")):
        ends = token.split("..")
        if len(ends) == 1:
            valid = _timeline_point(token)
        else:  # a range joins two dated points, never "ongoing" or "yearly"
            valid = len(ends) == 2 and all(_timeline_point(e) and e not in ("ongoing", "yearly") for e in ends)
        if not valid:
            raise ValueError(
                f"'{token}' is not a timeline; use ongoing, yearly, YYYY, YYYY-Qn, YYYY-MM, "
                'YYYY-MM-DD or a range A..B, separated by commas, e.g. "2024-Q3, ongoing"'
            )
    return value


def _full_date(value: str) -> str:
    if not (_PARTIAL_DATE.match(value) and len(value) == 10):
        raise ValueError(f"'{value}' is not a full date; write YYYY-MM-DD in quotes, e.g. \"2026-11-22\"")
    if not _real_day(value):
        raise ValueError(f"'{value}' is not a day of the calendar; check the day and month")
    return value


def _month_day(value: str) -> str:
    if not _MONTH_DAY.match(value) or value[3:] > "30":  # lunar months have 29 or 30 days
        raise ValueError(f'\'{value}\' is not a month and day; write "MM-DD" in quotes, e.g. "01-10"')
    return value


def _due(value: str) -> str:
    if (_MONTH_DAY.match(value) and _real_day(f"2024-{value}")) or (
        _PARTIAL_DATE.match(value) and len(value) == 10 and _real_day(value)
    ):
        return value
    raise ValueError(f'\'{value}\' is not a deadline; write "MM-DD" for a yearly one or "YYYY-MM-DD" for a one-off')


# Record text is plain text or, in paragraph fields, a small Markdown (portal/markup.py):
# an editor's paste must not reach readers as markup or script. Links may lead only to
# web, mail and telephone addresses.
_HTML = re.compile(r"<\s*/?\s*[a-z!?][^>]*>|<!--", re.I)
_AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>\s]*>", re.I)
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S*?)>?\s*$|<([a-z][a-z0-9+.\-]*:[^>\s]*)>", re.I | re.M
)
_ATTRIBUTES = re.compile(r"\{[^}\n]*(=|\s[#.:]|^[#.:])[^}\n]*\}|\{:", re.M)


def _safe_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank; write the text")
    if _HTML.search(_AUTOLINK.sub("", value)):
        raise ValueError(
            "HTML is not allowed in text; write plain text or Markdown (**bold**, *italic*, [text](https://...))"
        )
    if "![" in value:
        raise ValueError("images are not allowed in text; remove the ![...](...) and use the record's image fields")
    if _ATTRIBUTES.search(value):
        raise ValueError(
            "attribute lists in braces ({: ...}, { #id }, {key=value}) are not allowed in text; remove them"
        )
    for match in _LINK_TARGETS.finditer(value):
        problem = link_problem(next(g for g in match.groups() if g is not None))
        if problem:
            raise ValueError(problem)
    return value


def _paragraph(value: str) -> MarkdownText:
    problem = markdown_problem(value)
    if problem:
        raise ValueError(problem)
    return MarkdownText(value)


# Numbers as numbers: YAML reads `yes` and `true` as booleans, which are not amounts; the
# bounds keep figures within what a page can format (and what any province could count).
Money = Annotated[int, Strict(), Field(ge=0, le=10**18)]
Count = Annotated[int, Strict(), Field(ge=0, le=10**9)]
Amount = Annotated[float, Field(gt=0, le=10**9, allow_inf_nan=False)]


def _no_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("is a yes/no value, not a number; write the number")
    return value


PartialDate = Annotated[str, AfterValidator(_partial_date)]
FullDate = Annotated[str, AfterValidator(_full_date)]
Timeline = Annotated[str, AfterValidator(_timeline)]
Due = Annotated[str, AfterValidator(_due)]
RecordId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
# JSON Schema patterns are ECMA-262 regular expressions with the `u` flag in editors'
# tools: no escapes that only Python accepts (such as \" inside a class).
URL_PATTERN = r"""^https?://[^\s<>"']+$"""
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}$"
Url = Annotated[str, Field(pattern=URL_PATTERN)]
Text = Annotated[str, Field(min_length=1), AfterValidator(_safe_text)]
# A paragraph: Markdown limited to emphasis, code, lists and links (portal/markup.py).
Paragraph = Annotated[str, Field(min_length=1), AfterValidator(_safe_text), AfterValidator(_paragraph)]

TaskKind = Literal[
    "promotion",
    "investment",
    "channels",
    "publications",
    "foreign_press",
    "clarification",
    "events",
    "diaspora",
    "training",
    "human_rights",
    "border",
    "digital",
    "monitoring",
    "coordination",
    "survey",
]
Region = Literal[
    "northern_midlands_mountains",
    "red_river_delta",
    "north_central_central_coast",
    "central_highlands",
    "southeast",
    "mekong_delta",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _unique_item_ids(self) -> Model:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list) and value and isinstance(value[0], Item):
                ids = [item.id for item in value]
                for index, item_id in enumerate(ids):
                    if item_id in ids[:index]:
                        raise ValueError(
                            f"{name}[{index}].id: '{item_id}' is used twice in this list; ids must be unique"
                        )
        return self


RecordT = TypeVar("RecordT", bound=Model)  # one kind of record


def as_kind(record: Model, model: type[RecordT]) -> RecordT:
    """A record as the model its collection holds: another one is a bug."""
    if not isinstance(record, model):
        raise TypeError(f"expected a {model.__name__}, found a {type(record).__name__}")
    return record


class Item(Model):
    """An element of a list that translations refer to by its id."""

    id: RecordId = fact("Key of this item, unique in its list; translations repeat it.")


# --- shared parts ----------------------------------------------------------------------


class Source(Item):
    title: Text = words("What the source is: kind of document, issuer, subject.")
    publisher: Text | None = words(
        "Who published it: news agency, portal or body, e.g. 'Vietnam News Agency'.", default=None
    )
    url: Url | None = fact("Address of the source, if it is published online.", default=None)
    date: PartialDate | None = fact("Date of the source.", default=None)


def check_sources(sources: list[Source], refs: list[tuple[str, str | None]]) -> None:
    """Every (field, source id) reference names an entry of `sources`."""
    ids = {s.id for s in sources}
    for where, source in refs:
        if source is not None and source not in ids:
            raise ValueError(
                f"{where}: unknown source '{source}'; add it to `sources` or use one of: {', '.join(sorted(ids))}"
            )


# --- province --------------------------------------------------------------------------


class KeyFact(Item):
    label: Text = words("Short label, e.g. 'Status'.")
    text: Text = words("The fact in words, as its source states it.")
    source: RecordId = fact("Id of the entry in `sources` that states this fact.")
    as_of: PartialDate | None = fact("For a figure that changes: the date it refers to.", default=None)


class Point(Model):
    """A place on the map, in decimal degrees (WGS 84)."""

    lat: Annotated[float, BeforeValidator(_no_boolean), Field(ge=-90, le=90, allow_inf_nan=False)] = fact(
        "Latitude, e.g. 12.2388."
    )
    lon: Annotated[float, BeforeValidator(_no_boolean), Field(ge=-180, le=180, allow_inf_nan=False)] = fact(
        "Longitude, e.g. 109.1967."
    )


class Province(Model):
    """A province or centrally governed city, as it is today."""

    status: Literal["province", "municipality", "merged"] = fact(
        "Today's status: province, municipality (centrally governed city) or merged into another province."
    )
    status_since: PartialDate | None = fact("Date the current status took effect.", default=None)
    status_source: RecordId = fact("Id of the entry in `sources` that states the status.")
    region: Region = fact("Socio-economic region.")
    centre_source: RecordId | None = fact("Id of the source for the administrative centre.", default=None)
    merged_into: RecordId | None = ref(
        "provinces", "For a merged province: id of the province it is part of today.", default=None
    )
    name: Text = words("Short name, e.g. 'Khánh Hòa'.")
    official_name: Text = words("Official name today, e.g. 'Tỉnh Khánh Hòa'.")
    centre: Text | None = words("Administrative centre.", default=None)
    overview: list[Paragraph] = words("Paragraphs of overview, Markdown.", min_length=1)
    key_facts: list[KeyFact] = Field(default_factory=list, description="Key facts, each with a source.")
    sources: list[Source] = Field(min_length=1, description="Sources of the facts on this page.")

    @model_validator(mode="after")
    def _check(self) -> Province:
        refs = [("status_source", self.status_source), ("centre_source", self.centre_source)]
        check_sources(self.sources, refs + [(f"key_facts[{i}].source", k.source) for i, k in enumerate(self.key_facts)])
        if (self.status == "merged") != (self.merged_into is not None):
            raise ValueError("merged_into: set it exactly when status is merged")
        if self.centre and not self.centre_source:
            raise ValueError("centre_source: the administrative centre needs a source")
        return self


# --- contact ---------------------------------------------------------------------------


class Contact(Model):
    """A real, published way to reach a provincial body: its portal, an office, a
    spokesperson or a press contact. A person is named only as the source names them."""

    province: RecordId = ref("provinces", "Id of the province this contact belongs to.")
    kind: Literal[
        "portal", "office", "foreign_affairs", "investment_promotion", "tourist_information", "spokesperson", "press"
    ] = fact(
        "What kind of contact this is: portal, office, foreign_affairs, investment_promotion, tourist_information, spokesperson or press."
    )
    url: Url | None = fact("Web address.", default=None)
    email: Annotated[str, Field(pattern=EMAIL_PATTERN)] | None = fact("E-mail address.", default=None)
    phone: Annotated[str, Field(pattern=r"^\+?[0-9 ().-]{6,20}$")] | None = fact("Telephone number.", default=None)
    name: Text = words("Name of the body or channel.")
    person: Text | None = words(
        "For a spokesperson: the person's name and position, as the source gives them.", default=None
    )
    address: Text | None = words("Postal address, as the source gives it.", default=None)
    description: Text | None = words("What it is for.", default=None)
    sources: list[Source] = Field(min_length=1, description="Where this contact is published.")

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.url or self.email or self.phone):
            raise ValueError("a contact needs at least one of url, email or phone")
        return self


# --- plan ------------------------------------------------------------------------------


class LegalBasis(Item):
    number: str | None = fact("Document number as written, or null if the plan leaves it blank.", default=None)
    date: PartialDate | None = fact("Date of the document.", default=None)
    title: Text = words("Kind of document, issuer and subject.")


class ContentArea(Item):
    title: Text = words("Title of the content area.")
    summary: Text | None = words("What it covers.", default=None)


class Task(Item):
    kinds: list[TaskKind] = fact("Kinds of work this task commits to (for the comparison of plans).", min_length=1)
    timeline: Timeline | None = fact(
        "When: ongoing, yearly, YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or A..B, comma-separated.", default=None
    )
    budget_vnd: Money | None = fact("Budget in đồng, only if the plan gives one.", default=None)
    task: Text = words("What is to be done.")
    lead: Text | None = words("Lead agency.", default=None)
    partners: list[Text] = words("Partner agencies.", default_factory=list)
    output: Text | None = words("Expected output or product.", default=None)
    note: Text | None = words("Remark, e.g. where the budget comes from.", default=None)


class TaskGroup(Item):
    title: Text = words("Title of the group of tasks.")
    tasks: list[Task] = Field(min_length=1, description="The tasks of this group.")


class Reporting(Item):
    due: Due = fact('"MM-DD" for a yearly deadline, "YYYY-MM-DD" for a one-off.')
    from_year: Annotated[int, Strict(), Field(ge=1945, le=2100)] | None = fact(
        "First year the deadline applies.", default=None
    )
    description: Text = words("Who reports what to whom.")


class Plan(Model):
    """A provincial plan for external information work, summarized faithfully."""

    province: RecordId = ref("provinces", "Id of the province that issued the plan.")
    number: str | None = fact("Document number as written, or null if it is blank in the document.")
    issued: PartialDate | None = fact("Date of issue (YYYY-MM-DD, YYYY-MM or YYYY), or null if not given.")
    date_note: Text | None = words(
        "Where the document is silent or contradicts itself about its date: what it says, and where.", default=None
    )
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = fact(
        "Foreign languages the plan names for channels and material (ISO 639-1).", default_factory=list
    )
    markets: list[Annotated[str, Field(pattern=r"^([A-Z]{2}|\d{3})$")]] = fact(
        "Target markets the plan names: ISO 3166 codes or UN M49 region codes.", default_factory=list
    )
    total_budget_vnd: Money | None = fact("Total budget in đồng, if the plan states one.", default=None)
    title: Text = words("Title of the plan.")
    issuer: Text = words("Issuing body as it was named on the date of the plan.")
    summary: Text = words("Two or three sentences on what the plan is for.")
    legal_basis: list[LegalBasis] = Field(default_factory=list, description="Documents the plan is based on.")
    purpose: list[Paragraph] = words("Purpose, paragraphs.", min_length=1)
    requirements: list[Paragraph] = words("Requirements, paragraphs.", default_factory=list)
    content_areas: list[ContentArea] = Field(default_factory=list, description="Content areas of the plan.")
    task_groups: list[TaskGroup] = Field(min_length=1, description="Tasks, in groups.")
    reporting: list[Reporting] = Field(default_factory=list, description="Reporting deadlines.")

    @field_validator("languages", "markets")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} is listed twice; keep one")
        return values

    def tasks(self) -> list[Task]:
        return [task for group in self.task_groups for task in group.tasks]

    def budget_of_tasks(self) -> int | None:
        budgets = [t.budget_vnd for t in self.tasks() if t.budget_vnd is not None]
        return sum(budgets) if budgets else None


# --- records about a province: attractions, investment, events, news ---------------------

Licence = Literal["own-work", "public-domain", "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-3.0", "cc-by-sa-3.0"]


class Image(Model):
    """A picture the portal may publish: made by the project, in the public domain, or
    under a Creative Commons licence, with its credit."""

    file: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*\.(jpg|jpeg|png|webp)$")] = fact(
        "File name in content/images/, e.g. 'hue-citadel.jpg'."
    )
    licence: Licence = fact(
        "Licence: own-work, public-domain, cc0-1.0, cc-by-4.0, cc-by-sa-4.0, cc-by-3.0 or cc-by-sa-3.0."
    )
    author: str | None = fact(
        "Author as the licence asks to credit them; required except for own-work and public-domain.", default=None
    )
    source_url: Url | None = fact("Page the image comes from; required except for own-work.", default=None)
    alt: Text = words("What the picture shows, for readers who cannot see it.")

    @model_validator(mode="after")
    def _credited(self) -> Image:
        if self.licence not in ("own-work", "public-domain") and not self.author:
            raise ValueError("author: a Creative Commons image must credit its author; add author")
        if self.licence != "own-work" and not self.source_url:
            raise ValueError("source_url: say where the image comes from; add source_url")
        return self


class Sourced(Model):
    """A record whose facts cite its own list of sources."""

    key_facts: list[KeyFact] = Field(default_factory=list, description="Key facts, each with a source.")
    sources: list[Source] = Field(min_length=1, description="Sources of the facts on this page.")

    def source_refs(self) -> list[tuple[str, str | None]]:
        return [(f"key_facts[{i}].source", k.source) for i, k in enumerate(self.key_facts)]

    @model_validator(mode="after")
    def _sources_exist(self) -> Sourced:
        check_sources(self.sources, self.source_refs())
        return self


class Attraction(Sourced):
    """A place or tradition worth a visit."""

    province: RecordId = ref("provinces", "Id of the province it is in.")
    area: RecordId | None = ref(
        "provinces", "Id of the former province it lies in, where that province was merged.", default=None
    )
    kind: Literal["landscape", "heritage", "culture", "cuisine", "craft_village", "festival_venue"] = fact(
        "landscape, heritage, culture, cuisine, craft_village or festival_venue."
    )
    url: Url | None = fact("Official web page, if any.", default=None)
    coordinates: Point | None = fact("Where it is on the map: lat and lon in decimal degrees.", default=None)
    coordinates_source: RecordId | None = fact("Id of the entry in `sources` that gives the coordinates.", default=None)
    visitor_info_source: RecordId | None = fact(
        "Id of the entry in `sources` that states the opening hours or fees.", default=None
    )
    image: Image | None = Field(default=None, description="A picture, with its licence and credit.")
    name: Text = words("Name.")
    summary: Text = words("One or two sentences for lists and link previews.")
    location: Text | None = words(
        "Where it is: commune or ward, town, distance from the provincial centre.", default=None
    )
    getting_there: Text | None = words("How a visitor gets there.", default=None)
    best_season: Text | None = words("When to go.", default=None)
    opening_hours: Text | None = words("Opening hours, only as a source states them.", default=None)
    fees: Text | None = words("Admission fees, only as a source states them.", default=None)
    description: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)

    def source_refs(self) -> list[tuple[str, str | None]]:
        return super().source_refs() + [
            ("coordinates_source", self.coordinates_source),
            ("visitor_info_source", self.visitor_info_source),
        ]

    @model_validator(mode="after")
    def _paired(self) -> Attraction:
        if self.coordinates is not None and self.coordinates_source is None:
            raise ValueError("coordinates_source: the coordinates need a source; add coordinates_source")
        if (self.opening_hours or self.fees) and self.visitor_info_source is None:
            raise ValueError("visitor_info_source: opening hours and fees need a source; add visitor_info_source")
        return self


Sector = Literal[
    "industry",
    "energy",
    "tourism",
    "agriculture",
    "logistics",
    "infrastructure",
    "urban",
    "services",
    "technology",
    "health_education",
    "environment",
]


class Zone(Sourced):
    """An economic zone, industrial park or similar area with its own investment rules."""

    province: RecordId = ref("provinces", "Id of the province it is in.")
    kind: Literal["economic_zone", "border_gate_economic_zone", "industrial_park", "high_tech_park"] = fact(
        "economic_zone, border_gate_economic_zone, industrial_park or high_tech_park."
    )
    established: PartialDate | None = fact("Date of the decision that established it.", default=None)
    established_source: RecordId | None = fact("Id of the entry in `sources` that establishes it.", default=None)
    area_ha: Annotated[Amount, BeforeValidator(_no_boolean)] | None = fact(
        "Area in hectares, as its source states it.", default=None
    )
    area_source: RecordId | None = fact("Id of the entry in `sources` that states the area.", default=None)
    sectors: list[Sector] = fact("Sectors it is meant for, as its sources name them.", default_factory=list)
    status: Literal["operating", "planned"] = fact("operating or planned.")
    url: Url | None = fact("Official web page, if any.", default=None)
    area: RecordId | None = ref(
        "provinces", "Id of the former province it lies in, where that province was merged.", default=None
    )
    coordinates: Point | None = fact("Where it is on the map: lat and lon in decimal degrees.", default=None)
    coordinates_source: RecordId | None = fact("Id of the entry in `sources` that gives the coordinates.", default=None)
    projects: Count | None = fact("Number of investment projects, as last reported.", default=None)
    registered_capital_usd: Money | None = fact(
        "Registered capital of its projects in US dollars, as last reported.", default=None
    )
    registered_capital_vnd: Money | None = fact(
        "Registered capital of its projects in đồng, as last reported.", default=None
    )
    figures_as_of: PartialDate | None = fact("Date the projects and capital figures refer to.", default=None)
    figures_source: RecordId | None = fact(
        "Id of the entry in `sources` that reports the projects and capital figures.", default=None
    )
    name: Text = words("Name.")
    summary: Text = words("One or two sentences for lists and link previews.")
    description: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)

    def source_refs(self) -> list[tuple[str, str | None]]:
        return super().source_refs() + [
            ("established_source", self.established_source),
            ("area_source", self.area_source),
            ("coordinates_source", self.coordinates_source),
            ("figures_source", self.figures_source),
        ]

    @model_validator(mode="after")
    def _paired(self) -> Zone:
        for value, source in (
            ("established", "established_source"),
            ("area_ha", "area_source"),
            ("coordinates", "coordinates_source"),
        ):
            if getattr(self, value) is not None and getattr(self, source) is None:
                raise ValueError(f"{source}: {value} needs a source; add {source}")
        if (
            self.projects is not None
            or self.registered_capital_usd is not None
            or self.registered_capital_vnd is not None
        ):
            if self.figures_source is None or self.figures_as_of is None:
                raise ValueError(
                    "figures_source: projects and capital need figures_source and figures_as_of (the date they refer to)"
                )
        return self


class Opportunity(Sourced):
    """A project the province officially invites investors into, from its published list."""

    province: RecordId = ref("provinces", "Id of the province that lists it.")
    zone: RecordId | None = ref("zones", "Id of the zone it lies in, if any.", default=None)
    sector: Sector = fact("Sector.")
    forms: list[Literal["fdi", "joint_venture", "ppp", "bcc", "domestic"]] = fact(
        "Investment forms the list allows: fdi, joint_venture, ppp, bcc, domestic; leave empty when the list names none.",
        default_factory=list,
    )
    status: Literal["open", "in_preparation", "awarded", "closed"] = fact("open, in_preparation, awarded or closed.")
    listed_in: RecordId = fact("Id of the entry in `sources`: the official list that publishes it.")
    area_ha: Annotated[Amount, BeforeValidator(_no_boolean)] | None = fact(
        "Area in hectares, as the list states it.", default=None
    )
    capital_usd: Money | None = fact("Estimated capital in US dollars, as the list states it.", default=None)
    capital_vnd: Money | None = fact("Estimated capital in đồng, as the list states it.", default=None)
    contact: RecordId | None = ref("contacts", "Id of the contact for investors.", default=None)
    name: Text = words("Name of the project.")
    summary: Text = words("One or two sentences for lists and link previews.")
    description: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)

    def source_refs(self) -> list[tuple[str, str | None]]:
        return super().source_refs() + [("listed_in", self.listed_in)]


class Event(Sourced):
    """A festival, fair, conference or exhibition. Dates are given only when a source
    states them; a recurring festival without them says when it is traditionally held."""

    province: RecordId = ref("provinces", "Id of the province it takes place in.")
    kind: Literal["festival", "fair", "conference", "exhibition"] = fact("festival, fair, conference or exhibition.")
    starts: FullDate | None = fact("First day (YYYY-MM-DD), if a source states it.", default=None)
    ends: FullDate | None = fact("Last day (YYYY-MM-DD); leave out for a one-day event.", default=None)
    dates_source: RecordId | None = fact("Id of the entry in `sources` that states the dates.", default=None)
    lunar_starts: Annotated[str, AfterValidator(_month_day)] | None = fact(
        'For a festival fixed by the lunar calendar: its traditional first day as lunar "MM-DD", e.g. "01-10" '
        "(10th day of the 1st month); the build computes the solar dates of the next occurrence.",
        default=None,
    )
    lunar_ends: Annotated[str, AfterValidator(_month_day)] | None = fact(
        'Its traditional last day, lunar "MM-DD".', default=None
    )
    lunar_source: RecordId | None = fact(
        "Id of the entry in `sources` that states the traditional lunar date.", default=None
    )
    recurrence: Literal["once", "yearly", "biennial"] | None = fact(
        "once, yearly or biennial; leave out when no source states how often it is held today.", default=None
    )
    url: Url | None = fact("Official web page, if any.", default=None)
    name: Text = words("Name.")
    summary: Text = words("One or two sentences for lists and link previews.")
    venue: Text | None = words("Where it takes place.", default=None)
    usual_time: Text | None = words(
        "For a recurring event: when it is traditionally held, e.g. by the lunar calendar.", default=None
    )
    description: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)

    def source_refs(self) -> list[tuple[str, str | None]]:
        return super().source_refs() + [("dates_source", self.dates_source), ("lunar_source", self.lunar_source)]

    @property
    def last_day(self) -> str | None:
        return self.ends or self.starts

    @model_validator(mode="after")
    def _dates(self) -> Event:
        if self.ends and not self.starts:
            raise ValueError("ends: set starts too")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError(f"ends: {self.ends} is before starts {self.starts}")
        if self.starts and not self.dates_source:
            raise ValueError("dates_source: the dates need a source; add dates_source")
        if self.lunar_ends and not self.lunar_starts:
            raise ValueError("lunar_ends: set lunar_starts too")
        if self.lunar_starts and not self.lunar_source:
            raise ValueError("lunar_source: the traditional lunar date needs a source; add lunar_source")
        if self.lunar_starts and self.starts:
            raise ValueError(
                "starts: give either the announced dates (starts) or the traditional lunar date (lunar_starts), not both"
            )
        return self


class Change(Item):
    date: FullDate = fact("Day of the change (YYYY-MM-DD).")
    note: Text = words("What changed, for readers.")


class News(Sourced):
    """A press release, announcement or official clarification. Once published it is never
    deleted: a correction adds a dated change; a withdrawal keeps the page with a notice
    and takes it out of lists and feeds."""

    province: RecordId | None = ref("provinces", "Id of the province it concerns, if one.", default=None)
    kind: Literal["press_release", "announcement", "clarification"] = fact(
        "press_release, announcement or clarification."
    )
    about_portal: bool = fact(
        "true for news about this portal itself (new pages, summaries): the home page leads with news about the provinces.",
        default=False,
    )
    published: FullDate = fact("Day of publication (YYYY-MM-DD).")
    changes: list[Change] = Field(default_factory=list, description="Dated changes after publication, oldest first.")
    withdrawn: FullDate | None = fact("Day it was withdrawn, if it was.", default=None)
    withdrawn_reason: Text | None = words("Why it was withdrawn.", default=None)
    title: Text = words("Headline.")
    summary: Text = words("One or two sentences for lists, feeds and link previews.")
    body: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)

    @model_validator(mode="after")
    def _lifecycle(self) -> News:
        dates = [c.date for c in self.changes]
        for index, date in enumerate(dates):
            if date < self.published:
                raise ValueError(f"changes[{index}].date: {date} is before publication ({self.published})")
            if index and date < dates[index - 1]:
                raise ValueError(f"changes[{index}].date: list changes oldest first")
        if (self.withdrawn is None) != (self.withdrawn_reason is None):
            raise ValueError("withdrawn_reason: a withdrawal needs both withdrawn (the day) and withdrawn_reason")
        if self.withdrawn and self.withdrawn < self.published:
            raise ValueError(f"withdrawn: {self.withdrawn} is before publication ({self.published})")
        return self

    @property
    def updated(self) -> str:
        return max([self.published, self.withdrawn or ""] + [c.date for c in self.changes])


class Section(Item):
    title: Text = words("Heading of the section.")
    paragraphs: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)
    sources: list[RecordId] = fact("Ids of the entries in `sources` this section follows.", default_factory=list)


class Guide(Model):
    """A page of guidance written once for the whole portal, e.g. the press centre."""

    title: Text = words("Title of the page.")
    summary: Text = words("One or two sentences for link previews.")
    sections: list[Section] = Field(min_length=1, description="Sections of the page.")
    sources: list[Source] = Field(min_length=1, description="Documents the guidance follows.")

    @model_validator(mode="after")
    def _sources_exist(self) -> Guide:
        check_sources(
            self.sources, [(f"sections[{i}].sources", s) for i, sec in enumerate(self.sections) for s in sec.sources]
        )
        return self
