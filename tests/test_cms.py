"""The web editor (/admin/, Decap CMS): its configuration follows the models, and what it
saves is what content/ holds."""

from __future__ import annotations

import shutil
import subprocess

from portal.cms import _labels, config
from portal.content import item_model, load_content, nested_model
from portal.models import COLLECTIONS, is_fact
from portal.schema import schema_of
from portal.settings import load_settings

from .conftest import ROOT, copy_project, run_portal

SETTINGS = load_settings(ROOT)


def _field_names(model, seen=None):
    seen = set() if seen is None else seen
    for name, info in model.model_fields.items():
        seen.add(name)
        inner = item_model(info.annotation) or nested_model(info.annotation)
        if inner:
            _field_names(inner, seen)
    return seen


def test_every_field_and_collection_has_a_vietnamese_label():
    names = set().union(*(_field_names(m) for m in COLLECTIONS.values()))
    assert sorted(names - _labels()["fields"].keys()) == []
    assert sorted(COLLECTIONS.keys() - _labels()["collections"].keys()) == []


def test_facts_are_edited_in_the_source_language_only():
    collections = {c["name"]: c for c in config(SETTINGS)["collections"]}
    assert len(collections) == len(COLLECTIONS) * len(SETTINGS.languages)
    for name, model in COLLECTIONS.items():
        source = {f["name"] for f in collections[f"{name}-vi"]["fields"]}
        assert set(model.model_fields) <= source
        for lang in SETTINGS.languages:
            if lang != "vi":
                fields = {f["name"] for f in collections[f"{name}-{lang}"]["fields"]}
                assert collections[f"{name}-{lang}"]["folder"] == f"content/{lang}/{name}"
                assert not {n for n in fields if n in model.model_fields and is_fact(model, n)}, name
    event = {f["name"]: f for f in collections["events-vi"]["fields"]}
    assert event["kind"]["options"] == ["festival", "fair", "conference", "exhibition"]
    assert event["province"]["widget"] == "relation" and event["province"]["collection"] == "provinces-vi"
    assert event["name"]["label"] == "Tên · Name" and "Dữ kiện" in event["starts"]["hint"]


def test_records_saved_by_the_editor_pass_the_check_unchanged(tmp_path):
    """Every record of every collection and language, read and written by the CMS's format,
    makes the same content, passes `portal check` and keeps its schema line; a file in the
    project's style comes back byte for byte."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "schema", project / "schema")
    files = sorted(p.relative_to(ROOT).as_posix() for p in SETTINGS.content_dir.glob("*/*/*.yaml"))
    module = tmp_path / "portal-format.mjs"
    shutil.copy(ROOT / "portal/admin/portal-format.js", module)
    pairs = [f"{f}={schema_of(SETTINGS, ROOT / f)}" for f in files]
    subprocess.run(["node", str(ROOT / "tests/cms/roundtrip.mjs"), str(module), str(project), str(ROOT), *pairs], check=True)
    assert run_portal(project, "check").returncode == 0
    assert run_portal(project, "schema", "--check").returncode == 0
    before, after = load_content(SETTINGS), load_content(load_settings(project))
    for collection in COLLECTIONS:
        for entry in before.of(collection):
            saved = after.get(collection, entry.id)
            assert saved.by_language == entry.by_language and saved.outdated == entry.outdated, f"{collection}/{entry.id}"
    same = [f for f in files if (project / f).read_bytes() == (ROOT / f).read_bytes()]
    assert "content/vi/events/festival-hue.yaml" in same and len(same) > len(files) * 0.9

