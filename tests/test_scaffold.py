"""`new`: a record with every field described, and stubs that never break the build."""

from __future__ import annotations

import pytest
import yaml

from portal.content import load_content
from portal.kinds import COLLECTIONS
from portal.settings import load_settings

from .conftest import run_portal


def test_new_record_has_every_field_described_and_stubs_in_every_language(tiny):
    result = run_portal(tiny, "new", "contacts", "beta-press")
    assert result.returncode == 0, result.stderr
    source = (tiny / "content/vi/contacts/beta-press.yaml").read_text(encoding="utf-8")
    assert source.startswith("# yaml-language-server: $schema=../../../schema/contacts.json\n")
    for name, info in COLLECTIONS["contacts"].model_fields.items():
        assert f"\n{name}:" in source and info.description in source
    assert (
        "#   one of: portal, office, foreign_affairs, investment_promotion, tourist_information, spokesperson, press"
        in source
    )
    for lang in ("en", "ru"):
        stub = yaml.safe_load((tiny / f"content/{lang}/contacts/beta-press.yaml").read_text(encoding="utf-8"))
        assert set(stub) == {"name", "person", "address", "description", "sources"}  # words only


def test_a_new_record_explains_what_to_fill_in_and_its_stubs_stay_quiet(tiny):
    run_portal(tiny, "new", "contacts", "beta-press")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    problems = result.stderr.strip().splitlines()[:-1]
    assert all(p.startswith("content/vi/contacts/beta-press.yaml:") for p in problems), problems
    assert any(": province: '' has the wrong form: write an id" in p for p in problems)
    assert any(": name: is empty; write the text" in p for p in problems)


def test_a_filled_in_record_is_valid_and_its_stubs_count_as_missing(tiny):
    run_portal(tiny, "new", "contacts", "beta-press")
    path = tiny / "content/vi/contacts/beta-press.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("province: ''", "province: alpha"),
        ("kind: ''", "kind: press"),
        ("url: null", "url: https://alpha.example.org/press"),
        ("name: ''", "name: Phòng báo chí"),
        ("id: ''", "id: home"),
        ("title: ''", "title: Trang chủ"),
    ]:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    content = load_content(load_settings(tiny))
    assert content.get("contacts", "beta-press").status("en") == "missing"


def test_new_refuses_existing_ids_bad_ids_and_unknown_collections(tiny):
    assert "exists already" in run_portal(tiny, "new", "plans", "alpha-2024").stderr
    assert "not a valid id" in run_portal(tiny, "new", "plans", "Alpha 2024").stderr
    result = run_portal(tiny, "new", "planz", "x")
    assert result.returncode == 1 and "unknown collection 'planz'" in result.stderr


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_new_works_for_every_kind_of_record(tiny, collection):
    assert run_portal(tiny, "new", collection, "gamma").returncode == 0
    source = tiny / f"content/vi/{collection}/gamma.yaml"
    assert isinstance(yaml.safe_load(source.read_text(encoding="utf-8")), dict)
    result = run_portal(tiny, "check")
    problems = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert result.returncode == 1 and problems
    assert all(p.startswith(f"content/vi/{collection}/gamma.yaml:") for p in problems), problems
