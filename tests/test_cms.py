"""The web editor (/admin/, Sveltia CMS): its configuration follows the models, and what it
saves is what content/ holds."""

from __future__ import annotations

import json
import shutil
import subprocess

from portal.cms import _labels, config, format_name, formats
from portal.content import load_content, pattern_hint
from portal.kinds import COLLECTIONS, KINDS
from portal.settings import load_settings
from portal.shape import shape_of

from .conftest import ROOT, copy_project, run_portal

SETTINGS = load_settings(ROOT)


def _field_names(shape, seen=None):
    seen = set() if seen is None else seen
    for field in shape.fields.values():
        seen.add(field.name)
        if field.shape:
            _field_names(field.shape, seen)
    return seen


def test_every_field_and_collection_has_a_vietnamese_label():
    names = set().union(*(_field_names(shape_of(m)) for m in COLLECTIONS.values()))
    assert sorted(names - _labels()["fields"].keys()) == []
    assert [kind.collection for kind in KINDS.values() if not kind.editor_label.strip()] == []


def test_facts_are_edited_once_and_words_per_language_side_by_side():
    cms = config(SETTINGS)
    assert cms["i18n"]["locales"][0] == cms["i18n"]["default_locale"] == "vi"
    assert set(cms["i18n"]["locales"]) == set(SETTINGS.languages)
    collections = {c["name"]: c for c in cms["collections"]}
    assert collections.keys() == COLLECTIONS.keys()
    for name, model in COLLECTIONS.items():
        assert collections[name]["folder"] == f"content/{{{{locale}}}}/{name}"
        by_name = {f["name"]: f for f in collections[name]["fields"]}
        assert set(model.model_fields) <= set(by_name)
        for field in model.model_fields:
            translated = by_name[field]["i18n"]
            assert translated is not True if shape_of(model).fields[field].fact else translated is True, (name, field)
    event = {f["name"]: f for f in collections["events"]["fields"]}
    assert event["kind"]["options"] == ["festival", "fair", "conference", "exhibition"]
    assert event["province"]["widget"] == "relation" and event["province"]["collection"] == "provinces"
    assert event["name"]["label"] == "Tên · Name" and "Dữ kiện" in event["starts"]["hint"]
    source = {f["name"]: f for f in event["sources"]["fields"]}
    assert source["id"]["i18n"] == "duplicate" and source["title"]["i18n"] is True and source["url"]["i18n"] is False


def _resolved(schema, defs):
    """A property of the JSON Schema with its `$ref` followed and `| None` taken off."""
    if "$ref" in schema:
        return _resolved(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in schema:
        (inner,) = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolved(inner, defs)
    return schema


def _value_checks(field, schema):
    """What the form checks of one value, next to what the model's JSON Schema asks of it."""
    if field["widget"] in ("relation", "select"):  # chosen from a list, not typed
        return
    where = field["name"]
    assert field.get("maxlength") == schema.get("maxLength"), where
    # (pydantic writes a bound it cannot express in JSON Schema, such as that of a value
    # with a BeforeValidator, under its own name: `ge`, `le`.)
    assert field.get("min") == schema.get("minimum", schema.get("ge")), where
    assert field.get("max") == schema.get("maximum", schema.get("le")), where
    if "pattern" in schema:
        regex, message = field["pattern"]
        # The content check's own words for that pattern (one is written for each).
        assert regex == schema["pattern"] and pattern_hint(regex) in message and "text matching" not in message, where
    else:
        assert "pattern" not in field, where


def _compare(fields, schema, defs, where):
    by_name = {f["name"]: f for f in fields}
    for name, prop in schema["properties"].items():
        field, prop = by_name[name], _resolved(prop, defs)
        assert field.get("required", True) == (name in schema.get("required", [])), f"{where}.{name}"
        if prop.get("type") == "array":
            assert (field.get("min"), field.get("max")) == (prop.get("minItems"), prop.get("maxItems")), (
                f"{where}.{name}"
            )
            items = _resolved(prop["items"], defs)
            if "properties" in items:
                _compare(field["fields"], items, defs, f"{where}.{name}[]")
            elif "field" in field:
                _value_checks(field["field"], items)
        elif "properties" in prop:
            _compare(field["fields"], prop, defs, f"{where}.{name}")
        else:
            _value_checks(field, prop)


def test_the_form_checks_what_the_content_check_checks_before_saving():
    """Required fields, patterns (with the check's words), lengths, numbers of items and
    bounds of numbers in the web editor's form are those of the models' JSON Schema."""
    collections = {c["name"]: c for c in config(SETTINGS)["collections"]}
    for name, model in COLLECTIONS.items():
        schema = model.model_json_schema()
        _compare(collections[name]["fields"], schema, schema.get("$defs", {}), name)
    file_id = collections["events"]["fields"][0]
    assert file_id["name"] == "file_id" and "lowercase ASCII letters" in file_id["pattern"][1]
    provinces = {f["name"]: f for f in collections["provinces"]["fields"]}
    assert provinces["sources"]["min"] == 1 and provinces["key_facts"].get("min") is None


def test_records_saved_by_the_editor_pass_the_check_unchanged(tmp_path):
    """Every record of every collection and language, read and written by the CMS's format,
    makes the same content, passes `portal check` and keeps its schema line; a file in the
    project's style comes back byte for byte."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "schema", project / "schema")
    files = sorted(p.relative_to(ROOT).as_posix() for p in SETTINGS.content_dir.glob("*/*/*.yaml"))
    module = tmp_path / "portal-format.mjs"
    shutil.copy(ROOT / "portal/admin/portal-format.js", module)
    (tmp_path / "formats.json").write_text(json.dumps(formats(SETTINGS)), encoding="utf-8")
    pairs = [f"{f}={format_name(f.split('/')[2])}" for f in files]
    subprocess.run(
        [
            "node",
            str(ROOT / "tests/cms/roundtrip.mjs"),
            str(module),
            str(tmp_path / "formats.json"),
            str(project),
            str(ROOT),
            *pairs,
        ],
        check=True,
    )
    assert run_portal(project, "check").returncode == 0
    assert run_portal(project, "schema", "--check").returncode == 0
    before, after = load_content(SETTINGS), load_content(load_settings(project))
    for collection in COLLECTIONS:
        for entry in before.of(collection):
            saved = after.get(collection, entry.id)
            assert saved.by_language == entry.by_language and saved.outdated == entry.outdated, (
                f"{collection}/{entry.id}"
            )
    same = [f for f in files if (project / f).read_bytes() == (ROOT / f).read_bytes()]
    assert "content/vi/events/festival-hue.yaml" in same and len(same) > len(files) * 0.9
