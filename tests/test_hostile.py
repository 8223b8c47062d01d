"""Hostile input beyond a record's own text: the configuration, the content tree, pictures,
open data, two builds at once, and generated hostile strings in every field of every kind
of record. `check` and the build must agree, never with a traceback, and no value may add
an element or an attribute to a page."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args, get_origin

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as Picture
from pydantic import BaseModel, ValidationError

from portal.content import load_content
from portal.kinds import COLLECTIONS
from portal.markup import SITE_EXTENSIONS
from portal.outputs import spreadsheet_safe
from portal.render import Renderer, split_front_matter
from portal.settings import load_settings
from portal.shape import shape_of

from .conftest import ROOT, run_portal

# --- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, expected",
    [
        ("", "mkdocs.yml:1: holds no settings"),
        ("site_name: x\nplugins:\n  - search\n", "mkdocs.yml:2: plugins: the i18n plugin"),
        (
            "site_name: x\nplugins:\n  - i18n:\n      languages:\n        - locale: en\n",
            "languages: exactly one language must have `default: true`",
        ),
        (
            "plugins:\n  - i18n:\n      languages:\n        - {locale: en, default: true}\n",
            "mkdocs.yml:1: site_name: is required",
        ),
        ("site_name: x\nplugins: [\n", "mkdocs.yml:3: is not valid YAML"),
        (
            "site_name: x\ndocs_dir: docs\nplugins:\n  - i18n:\n      languages:\n        - {locale: en, default: true}\n",
            "mkdocs.yml:2: docs_dir: 'docs' cannot hold the generated pages",
        ),
        (
            "site_name: x\ndocs_dir: build/docs\nuse_directory_urls: sometimes\nplugins:\n  - i18n:\n      languages:\n        - {locale: en, default: true}\n",
            "mkdocs.yml:3: use_directory_urls: must be true (pages at plans/x/) or false (pages at plans/x.html), not 'sometimes'",
        ),
    ],
)
def test_a_broken_configuration_is_reported_like_content(tiny, config, expected):
    (tiny / "mkdocs.yml").write_text(config, encoding="utf-8")
    for command in ("check", "build"):
        result = run_portal(tiny, command)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert expected in result.stderr, result.stderr


# --- the content tree -----------------------------------------------------------------------


def test_a_link_out_of_the_content_folder_is_refused(tiny, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: a secret\n", encoding="utf-8")
    (tiny / "content/vi/plans/beta-2024.yaml").symlink_to(secret)
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    assert "content/vi/plans/beta-2024.yaml:1: is a link to a file outside content/" in result.stderr


PICTURE_RECORD = """province: alpha
kind: landscape
name: Thác
summary: Một thác nước.
description: [Mô tả.]
sources: [{id: src, title: Nguồn}]
image: {file: NAME, licence: own-work, alt: Thác nước}
"""


def picture_record(project: Path, record_id: str, name: str) -> None:
    path = project / f"content/vi/attractions/{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PICTURE_RECORD.replace("NAME", name), encoding="utf-8")


def test_a_file_that_is_not_a_picture_is_refused_when_checking(tiny):
    (tiny / "content/images").mkdir()
    (tiny / "content/images/falls.jpg").write_text("not a picture", encoding="utf-8")
    picture_record(tiny, "alpha-falls", "falls.jpg")
    result = run_portal(tiny, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "image.file: content/images/falls.jpg is not a picture Pillow can read" in result.stderr


def test_a_gigantic_picture_is_refused_when_checking(tiny):
    (tiny / "content/images").mkdir()
    Picture.new("1", (9000, 9000)).save(tiny / "content/images/falls.png")  # 81 megapixels, a few KB
    picture_record(tiny, "alpha-falls", "falls.png")
    result = run_portal(tiny, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is 9000×9000 pixels" in result.stderr


def test_two_pictures_published_under_one_name_are_refused(tiny):
    (tiny / "content/images").mkdir()
    Picture.new("RGB", (40, 30)).save(tiny / "content/images/falls.png")
    Picture.new("RGB", (40, 30)).save(tiny / "content/images/falls.jpg")
    picture_record(tiny, "alpha-falls", "falls.png")
    picture_record(tiny, "alpha-lake", "falls.jpg")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    assert "would be published under the same name (falls)" in result.stderr


# --- open data --------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_spreadsheet_formula_is_neutralised_in_the_csv(cell):
    out = io.StringIO()
    csv.writer(out).writerow([spreadsheet_safe(cell), spreadsheet_safe(12)])
    first = next(csv.reader(io.StringIO(out.getvalue())))
    assert first[0] == "'" + cell and first[1] == "12"


def test_ordinary_text_is_unchanged_in_the_csv():
    assert spreadsheet_safe("Khu kinh tế Vân Phong") == "Khu kinh tế Vân Phong"


# --- builds ---------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    from .conftest import copy_project

    return copy_project(tmp_path / "project")


def test_two_clean_builds_of_the_same_content_are_identical(project, tmp_path):
    trees = []
    for attempt in range(2):
        site = tmp_path / f"site-{attempt}"
        result = run_portal(project, "build", "--clean", "--site-dir", str(site))
        assert result.returncode == 0, result.stderr
        trees.append(
            {p.relative_to(site.resolve()).as_posix(): p.read_bytes() for p in site.resolve().rglob("*") if p.is_file()}
        )
    assert trees[0].keys() == trees[1].keys()
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []


def test_a_second_build_waits_for_the_first(project):
    command = [sys.executable, "-m", "portal", "--root", str(project), "build"]
    first = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)  # the first holds the lock from its first step
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    first.communicate()
    assert first.returncode == 0 and second.returncode == 0
    assert "another build of this project is running; waiting for it to finish" in second.stderr
    assert (project / "site" / "index.html").is_file()
    assert [
        p for p in (project / ".site-builds").iterdir() if p != (project / "site").resolve()
    ] == []  # nothing left over


# --- generated hostile strings in every field -------------------------------------------------

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "<script>window.pwned=1</script>",
            '" onmouseover="window.pwned=1',
            "x' autofocus onfocus='window.pwned=1",
            "</title><script>window.pwned=1</script>",
            "&lt;script&gt;window.pwned=1&lt;/script&gt;",
            "[click](javascript:window.pwned=1)",
            "[a][x]\n\n[x]: javascript:window.pwned=1",
            "# Heading",
            '!!! danger "x"',
            '{: onclick="window.pwned=1" }',
            "text {: .x }",
            "![img](https://example.org/x.png)",
            "<!-- -->",
            "{name.__class__}",
            "{0}",
            "{{ 7*7 }}",
            "{% if %}",
            "| a | b |\n|---|---|",
            "    indented code",
            "\u202eevil",
            "a\u200bb",
            "x\x00y",
            "*" * 50,
            "[" * 60,
            "- a\n- b",
            "1. one",
            "---",
            "> quote",
            "a" * 5000,
            "<https://example.org>",
            "Khánh Hòa & Huế < Thanh Hóa",
            "`code`",
            "**bold** and *it*",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40),
)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[tuple[str, tuple[str, ...]]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add((tag, tuple(sorted(name for name, _ in attrs))))


def page_elements(text: str) -> set[tuple[str, tuple[str, ...]]]:
    """The elements of a generated page's body once Markdown made it HTML, as the site
    does (the site's extensions, its heading ids and permalinks)."""
    _, body = split_front_matter(text)
    html = markdown.markdown(
        body, extensions=SITE_EXTENSIONS + ["portal.links", "toc"], extension_configs={"toc": {"permalink": True}}
    )
    parser = Elements()
    parser.feed(html)
    return parser.found


# What a checked paragraph may add to a page (portal/markup.py ALLOWED).
PARAGRAPH_ELEMENTS = {
    ("p", ()),
    ("em", ()),
    ("strong", ()),
    ("code", ()),
    ("br", ()),
    ("ul", ()),
    ("ol", ()),
    ("li", ()),
    ("a", ("href",)),
    ("a", ("href", "rel")),
}


def text_paths(model: type[BaseModel], data: Any, path: tuple = ()) -> list[tuple[tuple, bool]]:
    """Every text value of a record: (path, whether it is a Markdown paragraph)."""
    out = []
    for name, field in model.model_fields.items():
        if name not in data or name == "id":
            continue
        value, annotation = data[name], field.annotation
        inner = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        options = [a for a in get_args(inner) if a is not type(None)] or [inner]
        nested = next((a for a in options if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is not None and isinstance(value, list):
            out += [p for i, item in enumerate(value) for p in text_paths(nested, item, path + (name, i))]
        elif nested is not None and isinstance(value, dict):
            out += text_paths(nested, value, path + (name,))
        elif not free_text(model, name):
            continue  # ids, dates, addresses, choices: their own patterns refuse any other text
        elif isinstance(value, list):
            out += [
                (path + (name, i), "_paragraph" in str(annotation)) for i, v in enumerate(value) if isinstance(v, str)
            ]
        elif isinstance(value, str):
            out.append((path + (name,), False))
    return out


def free_text(model: type[BaseModel], name: str) -> bool:
    """Words, or a fact written as free text (a document number, a picture's author)."""
    field = model.model_fields[name]
    return not shape_of(model).fields[name].fact or (field.annotation in (str, str | None) and not field.metadata)


def replaced(data: Any, path: tuple, value: str) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


@pytest.fixture(scope="module")
def synthetic_content(tmp_path_factory):
    """The real project's content with the synthetic records of every kind."""
    from .conftest import copy_project
    from .synthetic import add_synthetic_records

    project = copy_project(tmp_path_factory.mktemp("hostile"))
    add_synthetic_records(project)
    return load_content(load_settings(project))


def source_data(content, collection: str, record_id: str) -> dict:
    path = content.settings.content_dir / content.settings.source_language / collection / f"{record_id}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# Records of every kind that has a page, chosen to set as many free-text fields as the
# content has (a picture's author, a place's access and season, a zone's figures, a news
# item's changes), with synthetic ones where the real content has none.
SAMPLES = [
    ("provinces", "hue"),
    ("plans", "kon-tum-2024"),
    ("attractions", "test-waterfall"),
    ("attractions", "khanh-hoa-binh-ba"),
    ("attractions", "hue-bach-ma-national-park"),
    ("zones", "test-park"),
    ("zones", "khanh-hoa-van-phong"),
    ("opportunities", "test-port"),
    ("opportunities", "hue-chan-may-lng-terminal"),
    ("events", "test-fair"),
    ("events", "festival-hue"),
    ("news", "test-release"),
    ("news", "test-withdrawn"),
    ("contacts", "hue-portal"),
]


@pytest.mark.parametrize("collection, record_id", SAMPLES, ids=[f"{c}-{i}" for c, i in SAMPLES])
def test_hostile_text_in_any_field_is_refused_or_shown_as_text(synthetic_content, collection, record_id):
    content = synthetic_content
    entry = content.get(collection, record_id)
    data = source_data(content, collection, entry.id)
    model = COLLECTIONS[collection]
    paths = text_paths(model, data)
    assert paths, collection
    page_of = {"contacts": ("provinces", data.get("province"))}.get(collection, (collection, entry.id))
    renderer = Renderer(content)
    page = next(p for p in renderer.pages("vi") if p.path == f"{page_of[0]}/{page_of[1]}.md")
    clean = page_elements(renderer.render("vi", page))
    runs = {"count": 0}

    @settings(
        max_examples=max(40, 6 * len(paths)), deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(st.sampled_from(paths), HOSTILE)
    def hostile(where, text):
        path, is_paragraph = where
        try:
            record = model.model_validate(replaced(data, path, text))
        except ValidationError:
            return  # refused by `check`, with a message: the build never sees it
        runs["count"] += 1
        original = entry.by_language["vi"]
        entry.by_language["vi"] = record
        try:
            renderer_now = Renderer(content)
            text_of_page = renderer_now.render("vi", page)  # the build renders it without a traceback
        finally:
            entry.by_language["vi"] = original
        added = page_elements(text_of_page) - clean
        allowed = PARAGRAPH_ELEMENTS if is_paragraph else set()
        assert added <= allowed, (path, text, added - allowed)
        assert "window.pwned" not in text_of_page or "window.pwned" in str(record)  # shown as text only

    hostile()
    assert runs["count"] > 0
