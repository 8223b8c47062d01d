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


class Kind(enum.Enum):
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
    kind: Kind
    required: bool
    description: str
    value: Any  # the annotation of one value: X of `X | None`, or of the elements of `list[X]`
    many: bool  # a list of values
    metadata: tuple  # pydantic's constraints of the field itself (e.g. a list's min_length)
    choices: tuple[str, ...]  # the allowed values of a Literal
    ref: str | None  # the collection a reference names a record of
    shape: Shape | None  # of the sub-records of ITEMS and NESTED, and of a fact that is a group (a map point)

    @property
    def fact(self) -> bool:
        """Written only in the source record (an item's id too)."""
        return self.kind in (Kind.ID, Kind.FACT)


@dataclass(frozen=True)
class Shape:
    """The fields of one model, in the model's order."""

    model: type[BaseModel]
    fields: dict[str, Field]

    @functools.cached_property
    def has_words(self) -> bool:
        """Whether a translation writes anything in it (words, or items with words)."""
        return any(f.shape.has_words if f.shape is not None else not f.fact for f in self.fields.values())


def _optional(annotation: Any) -> Any:
    """`X | None` -> X."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return args[0] if optional and len(args) == 1 else annotation


def _bare(annotation: Any) -> Any:
    """`Annotated[X, ...]` -> X."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    bare = _bare(annotation)
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


@functools.cache
def shape_of(model: type[BaseModel]) -> Shape:
    """The shape of a model, computed once."""
    fields = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        value = _optional(info.annotation)
        many = typing.get_origin(_bare(value)) is list
        if many:
            (value,) = typing.get_args(_bare(value))
        sub = _model(value)
        if many and sub is not None and not issubclass(sub, Item):
            raise TypeError(f"{model.__name__}.{name}: a list of sub-records needs items with an id; derive {sub.__name__} from Item")
        if extra.get(FACT):
            kind = Kind.ID if name == "id" else Kind.FACT
        elif sub is not None:
            kind = Kind.ITEMS if many else Kind.NESTED
        else:
            kind = Kind.TEXTS if many else Kind.WORDS
        literal = _bare(value)
        fields[name] = Field(
            name=name, kind=kind, required=info.is_required(), description=info.description or "",
            value=value, many=many, metadata=tuple(info.metadata),
            choices=typing.get_args(literal) if typing.get_origin(literal) is typing.Literal else (),
            ref=extra.get(REF), shape=shape_of(sub) if sub is not None else None,
        )
    return Shape(model, fields)


def subshapes(shape: Shape) -> typing.Iterator[tuple[tuple[str, ...], Shape]]:
    """Every shape inside a shape, itself first, each with the path of field names to it."""
    yield (), shape
    for field in shape.fields.values():
        if field.shape is not None:
            for path, inner in subshapes(field.shape):
                yield (field.name, *path), inner
