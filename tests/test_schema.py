"""The JSON Schema that editors' tools read: current, and true to the models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from portal.schema import schema_of, stale
from portal.settings import load_settings

from .conftest import ROOT

SETTINGS = load_settings(ROOT)
CONTENT_FILES = sorted(SETTINGS.content_dir.glob("**/*.yaml"))


def validator(relative: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((ROOT / relative).read_text(encoding="utf-8")))


def test_committed_schema_and_schema_lines_are_current():
    assert sorted(stale(SETTINGS)) == [], "run `make schema` and commit the result"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=[p.relative_to(ROOT).as_posix() for p in CONTENT_FILES])
def test_every_content_file_names_and_follows_its_schema(path):
    schema = schema_of(SETTINGS, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and schema in text.splitlines()[0]
    errors = [e.message for e in validator(schema).iter_errors(yaml.safe_load(text))]
    assert errors == []


def test_a_translation_schema_flags_a_fact_and_accepts_words():
    translation = validator("schema/plans.translation.json")
    assert list(translation.iter_errors({"title": "A plan", "task_groups": [{"id": "g1", "title": "Tasks"}]})) == []
    errors = list(translation.iter_errors({"title": "A plan", "total_budget_vnd": 5}))
    assert errors and "total_budget_vnd" in errors[0].message


def test_the_source_schema_describes_each_field_and_marks_facts():
    plan = json.loads((ROOT / "schema/plans.json").read_text(encoding="utf-8"))
    assert "do not edit" in plan["$comment"]
    assert plan["properties"]["total_budget_vnd"]["description"].endswith("(A fact: written only in content/vi/.)")
    assert plan["properties"]["title"]["description"] == "Title of the plan."
    assert set(plan["required"]) >= {"province", "title", "task_groups"}


CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def test_every_schema_passes_a_strict_validator():
    """Editors' tools read `pattern` as an ECMA-262 regular expression with the `u` flag,
    which rejects escapes Python accepts; check-jsonschema checks them that way."""
    schemas = sorted(str(p) for p in (ROOT / "schema").glob("*.json"))
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--check-metaschema", *schemas], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_content_file_passes_a_strict_validator_against_its_schema():
    by_schema: dict[str, list[str]] = {}
    for path in CONTENT_FILES:
        by_schema.setdefault(schema_of(SETTINGS, path), []).append(str(path))
    for schema, files in by_schema.items():
        result = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(ROOT / schema), *files], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
