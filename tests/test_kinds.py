"""Adding a kind of record is one model, one template and one registry entry
(portal/kinds.py): a copy of the project gets a new kind, "routes", and its records are
checked, scaffolded, described by a schema, given pages in every language with
breadcrumbs to their section, and offered in the web editor, with no other change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import copy_project

MODEL = '''

class Route(Sourced):
    """A walking or cycling route."""

    province: RecordId = ref("provinces", "Id of the province it is in.")
    name: Text = words("Name.")
    summary: Text = words("One or two sentences for lists and link previews.")
    description: list[Paragraph] = words("Paragraphs, Markdown.", min_length=1)
'''
TEMPLATE = """{% import "_macros.md.j2" as m %}
# {{ r.name }}

{{ r.summary }}

| | |
| --- | --- |
| {{ t.province }} | [{{ v.province.record.name | cell }}]({{ link("provinces", r.province) }}) |

{% for paragraph in r.description %}
{{ paragraph }}

{% endfor %}
{{ m.key_facts(r, t) }}
{{ m.sources(r, t, fmt) }}
"""
ENTRY = """    Kind("routes", Route, "route", "Tuyến đường", "tuyến đường", title_field="name",
         template="route.md.j2", section="attractions/index.md", jsonld=structured.zone),
"""
SOURCE = """province: "hue"
name: "Đường mòn thử nghiệm"
summary: "Một tuyến đường chỉ có trong bài kiểm thử."
description:
- "Đoạn văn của bài kiểm thử."
sources:
- id: "test"
  url: "https://example.org/route"
  date: "2026-01-01"
  title: "Nguồn kiểm thử"
"""
WORDS = """name: "Test trail"
summary: "A route that exists only in the test."
description:
- "The test's paragraph."
sources:
- id: "test"
  title: "Test source"
"""


def _portal(project: Path, *args: str) -> subprocess.CompletedProcess:
    # The copy's own package: its models, registry and templates.
    return subprocess.run(
        [sys.executable, "-m", "portal", "--root", str(project), *args],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project), "PORTAL_TODAY": "2026-06-01"},
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_kind_of_record_is_one_model_one_template_and_one_entry(tmp_path):
    project = copy_project(tmp_path / "project")
    package = project / "portal"
    with open(package / "models.py", "a", encoding="utf-8") as models:
        models.write(MODEL)
    (package / "templates" / "route.md.j2").write_text(TEMPLATE, encoding="utf-8")
    _edit(package / "kinds.py", "from .models import ", "from .models import Route, ")
    _edit(package / "kinds.py", '    Kind("guides",', ENTRY + '    Kind("guides",')
    for lang, text in (("vi", SOURCE), ("en", WORDS)):
        (project / "content" / lang / "routes").mkdir()
        (project / "content" / lang / "routes" / "test-trail.yaml").write_text(text, encoding="utf-8")

    checked = _portal(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert "1 routes" in checked.stderr
    assert _portal(project, "schema").returncode == 0
    assert sorted(json.loads((project / "schema" / "routes.json").read_text(encoding="utf-8"))["required"]) == sorted(
        ["province", "name", "summary", "description", "sources"]
    )
    assert _portal(project, "new", "routes", "second-trail").returncode == 0
    assert "# FACT, required: Id of the province it is in." in (
        project / "content" / "vi" / "routes" / "second-trail.yaml"
    ).read_text(encoding="utf-8")
    (project / "content" / "vi" / "routes" / "second-trail.yaml").unlink()
    for lang in ("en", "ru", "zh", "ja", "ko", "lo", "km"):
        (project / "content" / lang / "routes" / "second-trail.yaml").unlink(missing_ok=True)

    built = _portal(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    english = (site / "routes" / "test-trail" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="test-trail">Test trail<' in english and "paragraph." in english
    assert 'href="../../attractions/"' in english  # its breadcrumb leads to its section
    assert '"@type": "Place"' in english  # its kind's JSON-LD
    assert "Đường mòn thử nghiệm" in (site / "vi" / "routes" / "test-trail" / "index.html").read_text(encoding="utf-8")
    # A language with no translation gets the honest fallback page.
    assert 'name="robots" content="noindex"' in (site / "ru" / "routes" / "test-trail" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Tuyến đường · Routes" in (site / "admin" / "config.json").read_text(encoding="utf-8")
