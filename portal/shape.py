"""The shape of a record: what each field of a model is to translation, read once per model
from its annotations and the `fact()`, `ref()` and `words()` declarations of portal/models.py.

Checking a translation, merging it over its source, hashing the source's words, the
editors' JSON Schema, the scaffold of `portal new` and the web editor's form all ask this
one description instead of reading annotations, so a new shape of field is taught here."""

from __future__ import annotations

import enum
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .models import FACT, REF, Item


class Role(enum.Enum):
    """How a field is written in the source record and in its translations."""

    ID = "id"  # the key of a list item: a fact that translations repeat to match the item
    FACT = "fact"  # written once, in the source record, shared by every language
    WORDS = "words"  # one text, written per language
    TEXTS = "texts"  # a list of texts (paragraphs, names), translated one by one, in order
    ITEMS = "items"  # a list of sub-records, each with an `id` by which translations match it
    NESTED = "nested"  # one sub-record (a picture), with facts and words of its own


@dataclass(frozen=True)
class Field:
    """One field of a model, as translation, checks and editors' tools see it."""

    name: str
    kind: Role
    required: bool
    description: str
    value: Any  # the annotation of one value: X of `X | None`, or of the elements of `list[X]`
    many: bool  # a list of values
    metadata: tuple[Any, ...]  # pydantic's constraints of the field itself (e.g. a list's min_length)
    choices: tuple[str, ...]  # the allowed values of a Literal
    ref: str | None  # the collection a reference names a record of
    shape: Shape | None  # of the sub-records of ITEMS and NESTED, and of a fact that is a group (a map point)

    @property
    def sub(self) -> Shape:
        """The shape of the sub-records of ITEMS and NESTED (asking a field without any is a bug)."""
        if self.shape is None:
            raise TypeError(f"field {self.name!r} holds no sub-records")
        return self.shape

    @property
    def fact(self) -> bool:
        """Written only in the source record (an item's id too)."""
        return self.kind in (Role.ID, Role.FACT)


@dataclass(frozen=True, eq=False)  # one per model (shape_of is cached): compared by identity
class Shape:
    """The fields of one model, in the model's order."""

    model: type[BaseModel]
    fields: dict[str, Field]

    @functools.cached_property
    def has_words(self) -> bool:
        """Whether a translation writes anything in it (words, or items with words)."""
        return any(f.shape.has_words if f.shape is not None else not f.fact for f in self.fields.values())

    @functools.cached_property
    def inner(self) -> list[Shape]:
        """The shapes of every sub-record inside this one, however deep, each once."""
        inner = [s for f in self.fields.values() if f.shape is not None for s in (f.shape, *f.shape.inner)]
        return list(dict.fromkeys(inner))


def _optional(annotation: Any) -> Any:
    """`X | None` -> X."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return args[0] if optional and len(args) == 1 else annotation


def unannotated(annotation: Any) -> tuple[Any, list[Any]]:
    """`Annotated[X, a, b]` -> (X, [a, b]), however deeply nested: a type and its constraints."""
    if typing.get_origin(annotation) is not typing.Annotated:
        return annotation, []
    base, *meta = typing.get_args(annotation)
    inner, more = unannotated(base)
    return inner, [*more, *meta]


@functools.cache
def shape_of(model: type[BaseModel]) -> Shape:
    """The shape of a model, computed once."""
    fields = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        value = _optional(info.annotation)
        many = typing.get_origin(unannotated(value)[0]) is list
        value = typing.get_args(unannotated(value)[0])[0] if many else value
        bare = unannotated(value)[0]  # of one value
        sub = bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None
        if many and sub is not None and not issubclass(sub, Item):
            raise TypeError(
                f"{model.__name__}.{name}: a list of sub-records needs items with an id; derive {sub.__name__} from Item"
            )
        if extra.get(FACT):
            kind = Role.ID if name == "id" else Role.FACT
        elif sub is not None:
            kind = Role.ITEMS if many else Role.NESTED
        else:
            kind = Role.TEXTS if many else Role.WORDS
        choices = typing.get_args(bare) if typing.get_origin(bare) is typing.Literal else ()
        ref = extra.get(REF)
        if ref is not None and not isinstance(ref, str):
            raise TypeError(f"{model.__name__}.{name}: ref() names a collection by its folder, a string")
        fields[name] = Field(
            name,
            kind,
            info.is_required(),
            info.description or "",
            value,
            many,
            tuple(info.metadata),
            choices,
            ref,
            shape_of(sub) if sub is not None else None,
        )
    return Shape(model, fields)
