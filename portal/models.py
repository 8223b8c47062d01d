"""One typed model per kind of record.

Each field is either a FACT (numbers, dates, identifiers, codes, URLs, references,
statuses) written once in the source-language record, or WORDS written per language.
Facts are declared with ``fact()``; every other scalar field is words. Lists of nested
models are structure: their items carry an ``id`` by which translations are matched.
The same models validate the content and will generate the editors' JSON Schema."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FACT = "x-fact"


def fact(description: str, **kwargs: Any) -> Any:
    """A field whose value is the same in every language; only the source record sets it."""
    return Field(description=description, json_schema_extra={FACT: True}, **kwargs)


def words(description: str, **kwargs: Any) -> Any:
    return Field(description=description, **kwargs)


def is_fact(model: type[BaseModel], name: str) -> bool:
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(FACT))


# --- value types -----------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY in quotes, e.g. \"2023-12-29\"")
    return value


def _timeline_point(token: str) -> bool:
    return token in ("ongoing", "yearly") or bool(_PARTIAL_DATE.match(token) or _QUARTER.match(token))


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
                "YYYY-MM-DD or a range A..B, separated by commas, e.g. \"2024-Q3, ongoing\""
            )
    return value


def _due(value: str) -> str:
    if _MONTH_DAY.match(value) or (_PARTIAL_DATE.match(value) and len(value) == 10):
        return value
    raise ValueError(f"'{value}' is not a deadline; write \"MM-DD\" for a yearly one or \"YYYY-MM-DD\" for a one-off")


# Record text is Markdown without HTML: an editor's paste must not reach readers as markup
# or script. Links may lead only to web, mail and telephone addresses.
_HTML = re.compile(r"<\s*/?\s*[a-z!?][^>]*>|<!--", re.I)
_AUTOLINK = re.compile(r"<(?:https?|mailto|tel):[^>\s]*>", re.I)
_LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S*?)>?\s*$|<([a-z][a-z0-9+.\-]*:[^>\s]*)>", re.I | re.M)
SAFE_SCHEMES = ("https", "http", "mailto", "tel")


def _link_problem(target: str) -> str | None:
    # Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    squeezed = re.sub(r"[\x00-\x20]", "", target).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", squeezed)
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"the link '{target}' is not allowed; links may lead to https://, http://, mailto: or tel: addresses"
    if not scheme and squeezed and not squeezed.startswith("#"):
        return f"the link '{target}' leads nowhere from a record; write the full https:// address"
    return None


_ATTRIBUTES = re.compile(r"\{[^}\n]*(=|\s[#.:]|^[#.:])[^}\n]*\}|\{:", re.M)


def _safe_text(value: str) -> str:
    if _HTML.search(_AUTOLINK.sub("", value)):
        raise ValueError("HTML is not allowed in text; write plain text or Markdown (**bold**, *italic*, [text](https://...))")
    if "![" in value:
        raise ValueError("images are not allowed in text; remove the ![...](...) and use the record's image fields")
    if _ATTRIBUTES.search(value):
        raise ValueError("attribute lists in braces ({: ...}, { #id }, {key=value}) are not allowed in text; remove them")
    for match in _LINK_TARGETS.finditer(value):
        problem = _link_problem(next(g for g in match.groups() if g is not None))
        if problem:
            raise ValueError(problem)
    return value


PartialDate = Annotated[str, AfterValidator(_partial_date)]
Timeline = Annotated[str, AfterValidator(_timeline)]
Due = Annotated[str, AfterValidator(_due)]
RecordId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"']+$")]
Text = Annotated[str, Field(min_length=1), AfterValidator(_safe_text)]

TaskKind = Literal[
    "promotion", "investment", "channels", "publications", "foreign_press", "clarification",
    "events", "diaspora", "training", "human_rights", "border", "digital", "monitoring",
    "coordination", "survey",
]
Region = Literal[
    "northern_midlands_mountains", "red_river_delta", "north_central_central_coast",
    "central_highlands", "southeast", "mekong_delta",
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
                        raise ValueError(f"{name}[{index}].id: '{item_id}' is used twice in this list; ids must be unique")
        return self


class Item(Model):
    """An element of a list that translations refer to by its id."""

    id: RecordId = fact("Key of this item, unique in its list; translations repeat it.")


# --- shared parts ----------------------------------------------------------------------


class Source(Item):
    title: Text = words("What the source is: kind of document, issuer, subject.")
    url: Url | None = fact("Address of the source, if it is published online.", default=None)
    date: PartialDate | None = fact("Date of the source.", default=None)


# --- province --------------------------------------------------------------------------


class KeyFact(Item):
    label: Text = words("Short label, e.g. 'Status'.")
    text: Text = words("The fact in words, as its source states it.")
    source: RecordId = fact("Id of the entry in `sources` that states this fact.")


class Province(Model):
    """A province or centrally governed city, as it is today."""

    status: Literal["province", "municipality", "merged"] = fact(
        "Today's status: province, municipality (centrally governed city) or merged into another province."
    )
    status_since: PartialDate | None = fact("Date the current status took effect.", default=None)
    status_source: RecordId = fact("Id of the entry in `sources` that states the status.")
    region: Region = fact("Socio-economic region.")
    centre_source: RecordId | None = fact("Id of the source for the administrative centre.", default=None)
    name: Text = words("Short name, e.g. 'Khánh Hòa'.")
    official_name: Text = words("Official name today, e.g. 'Tỉnh Khánh Hòa'.")
    successor: Text | None = words("For a merged province: the province it is part of today.", default=None)
    absorbed: list[Text] = words("Provinces merged into this one.", default_factory=list)
    centre: Text | None = words("Administrative centre.", default=None)
    overview: list[Text] = words("Paragraphs of overview, Markdown.", min_length=1)
    key_facts: list[KeyFact] = Field(default_factory=list, description="Key facts, each with a source.")
    sources: list[Source] = Field(min_length=1, description="Sources of the facts on this page.")

    @model_validator(mode="after")
    def _check(self) -> Province:
        ids = {s.id for s in self.sources}
        refs = [("status_source", self.status_source)] + [("centre_source", self.centre_source)] * bool(self.centre_source)
        refs += [(f"key_facts[{i}].source", k.source) for i, k in enumerate(self.key_facts)]
        for where, ref in refs:
            if ref not in ids:
                raise ValueError(f"{where}: unknown source '{ref}'; add it to `sources` or use one of: {', '.join(sorted(ids))}")
        if (self.status == "merged") != (self.successor is not None):
            raise ValueError("successor: set it exactly when status is merged")
        if self.centre and not self.centre_source:
            raise ValueError("centre_source: the administrative centre needs a source")
        return self


# --- contact ---------------------------------------------------------------------------


class Contact(Model):
    """A real, published way to reach a provincial body."""

    province: RecordId = fact("Id of the province this contact belongs to.")
    kind: Literal["portal", "office", "spokesperson", "press"] = fact("What kind of contact this is.")
    url: Url | None = fact("Web address.", default=None)
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = fact("E-mail address.", default=None)
    phone: Annotated[str, Field(pattern=r"^\+?[0-9 ().-]{6,20}$")] | None = fact("Telephone number.", default=None)
    name: Text = words("Name of the body or channel.")
    description: Text | None = words("What it is for.", default=None)
    source: Text = words("Where this contact is published.")

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
    timeline: Timeline | None = fact("When: ongoing, yearly, YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD or A..B, comma-separated.", default=None)
    budget_vnd: Annotated[int, Field(ge=0)] | None = fact("Budget in đồng, only if the plan gives one.", default=None)
    task: Text = words("What is to be done.")
    lead: Text | None = words("Lead agency.", default=None)
    partners: list[Text] = words("Partner agencies.", default_factory=list)
    output: Text | None = words("Expected output or product.", default=None)
    note: Text | None = words("Remark, e.g. where the budget comes from.", default=None)


class TaskGroup(Item):
    title: Text = words("Title of the group of tasks.")
    tasks: list[Task] = Field(min_length=1, description="The tasks of this group.")


class Reporting(Item):
    due: Due = fact("\"MM-DD\" for a yearly deadline, \"YYYY-MM-DD\" for a one-off.")
    from_year: Annotated[int, Field(ge=1945, le=2100)] | None = fact("First year the deadline applies.", default=None)
    description: Text = words("Who reports what to whom.")


class Plan(Model):
    """A provincial plan for external information work, summarized faithfully."""

    province: RecordId = fact("Id of the province that issued the plan.")
    number: str | None = fact("Document number as written, or null if it is blank in the document.")
    issued: PartialDate | None = fact("Date of issue (YYYY-MM-DD, YYYY-MM or YYYY), or null if not given.")
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = fact(
        "Foreign languages the plan names for channels and material (ISO 639-1).", default_factory=list
    )
    markets: list[Annotated[str, Field(pattern=r"^([A-Z]{2}|\d{3})$")]] = fact(
        "Target markets the plan names: ISO 3166 codes or UN M49 region codes.", default_factory=list
    )
    total_budget_vnd: Annotated[int, Field(ge=0)] | None = fact("Total budget in đồng, if the plan states one.", default=None)
    title: Text = words("Title of the plan.")
    issuer: Text = words("Issuing body as it was named on the date of the plan.")
    summary: Text = words("Two or three sentences on what the plan is for.")
    legal_basis: list[LegalBasis] = Field(default_factory=list, description="Documents the plan is based on.")
    purpose: list[Text] = words("Purpose, paragraphs.", min_length=1)
    requirements: list[Text] = words("Requirements, paragraphs.", default_factory=list)
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


# Collections: the folder name under content/<lang>/ and the model of its records.
COLLECTIONS: dict[str, type[Model]] = {
    "provinces": Province,
    "plans": Plan,
    "contacts": Contact,
}
