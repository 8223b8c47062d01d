"""The shape of a record (portal/shape.py): what each field is to translation, read once
from the models, and asked by the check, the merge, the words hash, the JSON Schema and
the scaffold, so that a new shape of field needs no other code."""

from __future__ import annotations

from typing import Literal

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import Field as PydanticField

from portal.content import _shape_problems, merge_translation, words_hash, words_only
from portal.models import Attraction, Count, Item, Model, News, Plan, Point, Text, fact, ref, words
from portal.scaffold import lines
from portal.schema import record_schemas
from portal.shape import Role, shape_of
from portal.yamlfile import load


def test_the_shape_says_what_each_kind_of_real_field_is():
    attraction = shape_of(Attraction).fields
    assert attraction["name"].kind is Role.WORDS and attraction["name"].required
    assert (
        attraction["description"].kind is Role.TEXTS
        and attraction["description"].description == "Paragraphs, Markdown."
    )
    assert attraction["province"].kind is Role.FACT and attraction["province"].ref == "provinces"
    assert attraction["kind"].choices[:2] == ("landscape", "heritage") and attraction["kind"].ref is None
    assert attraction["best_season"].kind is Role.WORDS and not attraction["best_season"].required
    # A picture: one sub-record with a fact (its file) and words (its alt text).
    image = attraction["image"]
    assert image.kind is Role.NESTED and image.shape.model.__name__ == "Image" and image.shape.has_words
    assert image.shape.fields["file"].kind is Role.FACT and image.shape.fields["alt"].kind is Role.WORDS
    # A map point is a fact that is a group: the editor shows its fields, translations leave it out.
    coordinates = attraction["coordinates"]
    assert coordinates.kind is Role.FACT and coordinates.shape is shape_of(Point) and not coordinates.shape.has_words
    # Lists of items matched by id, one inside another.
    groups = shape_of(Plan).fields["task_groups"]
    assert groups.kind is Role.ITEMS and groups.many and groups.required
    tasks = groups.shape.fields["tasks"].shape.fields
    assert tasks["id"].kind is Role.ID and tasks["id"].fact
    assert tasks["kinds"].kind is Role.FACT and tasks["kinds"].many and "promotion" in tasks["kinds"].choices
    assert tasks["partners"].kind is Role.TEXTS and not tasks["partners"].required
    assert (
        shape_of(News).fields["about_portal"].kind is Role.FACT and shape_of(News).fields["about_portal"].value is bool
    )


def test_a_list_of_sub_records_without_an_id_is_refused_where_it_is_declared():
    class Stop(Model):
        name: Text = words("Name.")

    class Tour(Model):
        stops: list[Stop] = PydanticField(description="Stops.")

    with pytest.raises(
        TypeError, match=r"Tour\.stops: a list of sub-records needs items with an id; derive Stop from Item"
    ):
        shape_of(Tour)


# A kind of record no real model has the shape of: an optional list of items (`| None`),
# at the top and inside a nested sub-record, with lists of texts inside the items.
class Step(Item):
    minutes: Count | None = fact("Minutes the step takes.", default=None)
    says: Text = words("What to do.")
    tips: list[Text] = words("Tips.", default_factory=list)


class Stop(Model):
    lat: float = fact("Latitude.")
    name: Text = words("Name of the stop.")
    steps: list[Step] | None = PydanticField(default=None, description="Steps at this stop.")


class Walk(Model):
    """A walk through a province."""

    province: str = ref("provinces", "Id of the province.")
    kind: Literal["easy", "hard"] = fact("easy or hard.")
    title: Text = words("Title.")
    start: Stop | None = PydanticField(default=None, description="Where it starts.")
    steps: list[Step] | None = PydanticField(default=None, description="Steps.")


SOURCE = {
    "province": "hue",
    "kind": "easy",
    "title": "Đi bộ",
    "start": {"lat": 16.4, "name": "Cổng", "steps": [{"id": "look", "minutes": 5, "says": "Nhìn"}]},
    "steps": [{"id": "a", "minutes": 10, "says": "Đi", "tips": ["Mang nước"]}, {"id": "b", "says": "Nghỉ"}],
}
TRANSLATION = {  # the items in another order: they are matched by id
    "title": "Walk",
    "start": {"name": "Gate", "steps": [{"id": "look", "says": "Look"}]},
    "steps": [{"id": "b", "says": "Rest"}, {"id": "a", "says": "Go", "tips": ["Bring water"]}],
}


def _record(tmp_path, text):
    path = tmp_path / "walk.yaml"
    path.write_text(text, encoding="utf-8")
    record, problems = load(path, "content/en/walks/walk.yaml")
    assert problems == []
    return record


def test_a_new_shape_of_record_is_merged_checked_and_hashed_through_the_one_definition(tmp_path):
    Walk.model_validate(SOURCE)
    merged, problems = merge_translation(
        Walk, SOURCE, TRANSLATION, _record(tmp_path, yaml.safe_dump(TRANSLATION)), "content/vi/walks/walk.yaml"
    )
    assert problems == []
    walk = Walk.model_validate(merged)
    assert (walk.title, walk.kind, walk.start.lat, walk.start.steps[0].says) == ("Walk", "easy", 16.4, "Look")
    assert [(s.id, s.minutes, s.says, s.tips) for s in walk.steps] == [
        ("a", 10, "Go", ["Bring water"]),
        ("b", None, "Rest", []),
    ]

    # A fact written in a translation, deep inside, and a misspelt field: named where they are.
    record = _record(
        tmp_path,
        """\
titel: Walk
start:
  name: Gate
  steps:
    - id: look
      says: Look
      minutes: 5
""",
    )
    wrong = record.data
    expected = [
        "content/en/walks/walk.yaml:1: titel: unknown field (did you mean 'title'?); remove it or fix its name",
        "content/en/walks/walk.yaml:7: start.steps[0].minutes: is a fact: it is written once, in content/vi/walks/walk.yaml, "
        "and shared by every language; remove it here",
    ]
    assert [str(p) for p in _shape_problems(Walk, wrong, record, "content/vi/walks/walk.yaml")] == expected
    _, problems = merge_translation(Walk, SOURCE, wrong, record, "content/vi/walks/walk.yaml")
    assert [str(p) for p in problems] == expected + [  # and the merge: what is left untranslated
        "content/en/walks/walk.yaml:1: `title` of the source is not translated; add it",
        "content/en/walks/walk.yaml:1: `steps` of the source is not translated; add it",
    ]

    # The hash of the words: facts left out, items keep their ids.
    assert words_only(Walk, SOURCE) == {
        "title": "Đi bộ",
        "start": {"name": "Cổng", "steps": [{"id": "look", "says": "Nhìn"}]},
        "steps": [{"id": "a", "says": "Đi", "tips": ["Mang nước"]}, {"id": "b", "says": "Nghỉ"}],
    }
    new_facts = {**SOURCE, "kind": "hard", "steps": [{**SOURCE["steps"][0], "minutes": 20}, SOURCE["steps"][1]]}
    assert words_hash(Walk, new_facts) == words_hash(Walk, SOURCE)
    new_words = {**SOURCE, "start": {**SOURCE["start"], "steps": [{"id": "look", "says": "Ngắm"}]}}
    assert words_hash(Walk, new_words) != words_hash(Walk, SOURCE)


def test_a_new_shape_of_record_gets_its_schemas_and_scaffold_through_the_one_definition():
    source, translation = record_schemas(Walk, "vi")
    assert (
        source["properties"]["province"]["description"] == "Id of the province. (A fact: written only in content/vi/.)"
    )
    assert source["$defs"]["Step"]["properties"]["minutes"]["description"].endswith(
        "(A fact: written only in content/vi/.)"
    )
    assert set(translation["properties"]) == {"title", "start", "steps", "source_hash"}
    assert (
        set(translation["$defs"]["Stop"]["properties"]) == {"name", "steps"}
        and "required" not in translation["$defs"]["Stop"]
    )
    assert set(translation["$defs"]["Step"]["properties"]) == {"id", "says", "tips"}
    assert translation["$defs"]["Step"]["required"] == ["id"]
    Draft202012Validator.check_schema(translation)
    validator = Draft202012Validator(translation)
    assert list(validator.iter_errors(TRANSLATION)) == []
    errors = list(validator.iter_errors({"steps": [{"id": "a", "minutes": 3}]}))  # a fact in an item
    assert "Additional properties are not allowed ('minutes' was unexpected)" in [
        c.message for e in errors for c in e.context
    ]

    assert lines(shape_of(Walk)) == [
        "# FACT, required: Id of the province.",
        "province: ''",
        "# FACT, required: easy or hard.",
        "#   one of: easy, hard",
        "kind: ''",
        "# WORDS, required: Title.",
        "title: ''",
        "# WORDS, optional: Where it starts.",
        "start: null",
        "# LIST, optional: Steps.",
        "steps:",
        "  -",
        "    # FACT, required: Key of this item, unique in its list; translations repeat it.",
        "    id: ''",
        "    # FACT, optional: Minutes the step takes.",
        "    minutes: null",
        "    # WORDS, required: What to do.",
        "    says: ''",
        "    # WORDS, optional: Tips.",
        "    tips: []",
    ]
    assert lines(shape_of(Walk), translation=True) == [
        "title: ''",
        "start: null",
        "steps:",
        "  -",
        "    id: ''",
        "    says: ''",
        "    tips: ['']",
    ]
