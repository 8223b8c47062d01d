"""Property-based tests of loading: whatever an editor's file holds, the loader accepts
it or raises the project's own ContentError with a message; never another exception."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.content import load_content
from portal.errors import ContentError
from portal.settings import load_settings

TINY = Path(__file__).parent / "fixtures" / "tiny"
ROOT = Path(__file__).resolve().parent.parent

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["2024-Q2", "ongoing", "06-15", "alpha", "kon-tum", "<b>x</b>", "[x](javascript:1)"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
# Field names the models know, so that records get past the first check now and then.
known = st.sampled_from(
    [
        "province",
        "number",
        "issued",
        "title",
        "issuer",
        "summary",
        "purpose",
        "task_groups",
        "tasks",
        "id",
        "kinds",
        "task",
        "timeline",
        "budget_vnd",
        "status",
        "status_source",
        "region",
        "name",
        "official_name",
        "overview",
        "sources",
        "kind",
        "url",
        "source",
        "reporting",
        "due",
        "languages",
        "markets",
    ]
)
records = st.dictionaries(known | st.text(max_size=10), values, max_size=8)


def project(tmp: Path) -> Path:
    shutil.copytree(TINY, tmp, dirs_exist_ok=True)
    for lang in ("en", "vi", "ru"):
        (tmp / "content" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content/en/interface.yaml", tmp / "content" / lang / "interface.yaml")
    return tmp


def loads_or_explains(root: Path) -> None:
    try:
        load_content(load_settings(root))
    except ContentError as error:
        assert error.problems and all(p.file and p.line >= 1 and p.message for p in error.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    record=records,
    where=st.sampled_from(
        [
            "content/vi/plans/alpha-2024.yaml",
            "content/en/plans/alpha-2024.yaml",
            "content/vi/provinces/alpha.yaml",
            "content/ru/provinces/alpha.yaml",
            "content/vi/contacts/new.yaml",
        ]
    ),
)
def test_any_yaml_record_is_accepted_or_explained(tmp_path_factory, record, where):
    root = project(tmp_path_factory.mktemp("p"))
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    loads_or_explains(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_accepted_or_explained(tmp_path_factory, data):
    root = project(tmp_path_factory.mktemp("p"))
    (root / "content/vi/plans/alpha-2024.yaml").write_bytes(data)
    loads_or_explains(root)
