"""Loading, translation and the messages an editor gets for bad content."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.content import load_content
from portal.errors import ContentError
from portal.settings import load_settings

from .conftest import run_portal


def load(project: Path):
    return load_content(load_settings(project))


def problems_of(project: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(project)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_translation_carries_words_and_takes_facts_from_the_source(tiny):
    content = load(tiny)
    plan = content.get("plans", "alpha-2024")
    english = plan.by_language["en"]
    assert english.title == "Test plan 2024"
    assert english.task_groups[0].tasks[0].lead == "Department A"
    assert english.task_groups[0].tasks[0].budget_vnd == 1000000
    assert english.task_groups[0].tasks[1].timeline == "2024-Q1, 2024-Q2"
    assert plan.languages(content.settings.languages) == ["en", "vi"]


def test_a_translation_that_sets_a_fact_is_rejected(tiny):
    edit(
        tiny / "content/en/plans/alpha-2024.yaml",
        "        task: Survey\n",
        "        task: Survey\n        budget_vnd: 5\n",
    )
    assert problems_of(tiny) == [
        "content/en/plans/alpha-2024.yaml:12: task_groups[0].tasks[0].budget_vnd: is a fact: it is written once, "
        "in content/vi/plans/alpha-2024.yaml, and shared by every language; remove it here",
    ]


def test_an_unknown_field_names_the_field_meant(tiny):
    edit(tiny / "content/vi/plans/alpha-2024.yaml", "summary:", "sumary:")
    (problem,) = [p for p in problems_of(tiny) if "sumary" in p]
    assert problem.startswith("content/vi/plans/alpha-2024.yaml:9: sumary: unknown field (did you mean 'summary'?)")


def test_every_problem_of_the_run_is_reported_at_once(tiny):
    edit(tiny / "content/vi/plans/alpha-2024.yaml", 'timeline: "2024-Q2"', 'timeline: "Q2/2024"')
    edit(tiny / "content/vi/provinces/alpha.yaml", "region: central_highlands", "region: highlands")
    edit(
        tiny / "content/en/provinces/alpha.yaml",
        "official_name: Alpha Province\n",
        "official_name: Alpha Province\nofficial_name: Again\n",
    )
    problems = problems_of(tiny)
    assert len(problems) == 3, problems
    assert problems[0].startswith(
        "content/en/provinces/alpha.yaml:3: official_name: is written twice (first on line 2)"
    )
    assert problems[1].startswith(
        "content/vi/plans/alpha-2024.yaml:18: task_groups[0].tasks[0].timeline: 'Q2/2024' is not a timeline"
    )
    assert problems[2].startswith("content/vi/provinces/alpha.yaml:4: region: 'highlands' is not allowed;")


def test_a_yaml_syntax_error_names_its_line(tiny):
    edit(tiny / "content/en/plans/alpha-2024.yaml", "summary: A plan to test with.", "summary: [A plan")
    (problem,) = problems_of(tiny)
    assert problem.startswith("content/en/plans/alpha-2024.yaml:4: YAML syntax error")


def test_a_reference_to_a_missing_province_suggests_the_one_meant(tiny):
    edit(tiny / "content/vi/contacts/alpha-portal.yaml", "province: alpha", "province: alpah")
    assert problems_of(tiny) == [
        "content/vi/contacts/alpha-portal.yaml:1: province: unknown province 'alpah' (did you mean 'alpha'?)"
    ]


def test_translated_items_must_match_the_source_items(tiny):
    edit(
        tiny / "content/en/plans/alpha-2024.yaml",
        "      - id: t2\n        task: Make videos\n        lead: Department A\n",
        "      - id: t3\n        task: Make videos\n",
    )
    problems = problems_of(tiny)
    assert any(
        "tasks[1]: item with id 't3' is not in the source content/vi/plans/alpha-2024.yaml;" in p for p in problems
    )
    assert any("task_groups[0].tasks: item 't2' of the source is not translated" in p for p in problems)


def test_paragraph_lists_must_have_as_many_items_as_the_source(tiny):
    edit(
        tiny / "content/en/plans/alpha-2024.yaml",
        "  - Purpose of the test.\n",
        "  - Purpose of the test.\n  - An extra paragraph.\n",
    )
    assert problems_of(tiny) == [
        "content/en/plans/alpha-2024.yaml:4: purpose: has 2 items but the source has 1; translate each one, in the same order"
    ]


def test_a_stated_total_budget_must_match_its_tasks(tiny):
    edit(tiny / "content/vi/plans/alpha-2024.yaml", "total_budget_vnd: 3000000", "total_budget_vnd: 3500000")
    assert problems_of(tiny) == [
        "content/vi/plans/alpha-2024.yaml:6: total_budget_vnd: 3,500,000 differs from the sum of the task budgets (3,000,000); check both against the document"
    ]


def test_a_translation_without_a_source_record_is_rejected(tiny):
    (tiny / "content/en/plans/alpha-2025.yaml").write_text("title: Orphan\n", encoding="utf-8")
    assert problems_of(tiny) == [
        "content/en/plans/alpha-2025.yaml:1: there is no source record content/vi/plans/alpha-2025.yaml (did you mean 'alpha-2024'?); a translation needs its source first"
    ]


def test_a_language_folder_not_declared_in_mkdocs_yml_is_rejected(tiny):
    (tiny / "content/fr").mkdir()
    (problem,) = problems_of(tiny)
    assert problem.startswith(
        "content/fr:1: 'fr' is not a site language; add it to the i18n plugin's languages in mkdocs.yml"
    )


def test_bad_file_names_and_encodings_are_reported(tiny):
    (tiny / "content/vi/plans/Bad Name.yaml").write_text("x: 1\n", encoding="utf-8")
    (tiny / "content/vi/provinces/beta.yaml").write_bytes("name: B\xe1\n".encode("latin-1"))
    (tiny / "content/vi/contacts/empty.yaml").write_text("", encoding="utf-8")
    problems = problems_of(tiny)
    assert any(p.startswith("content/vi/plans/Bad Name.yaml:1: 'Bad Name' is not a valid id") for p in problems)
    assert "content/vi/provinces/beta.yaml:1: the file is not UTF-8 text; save it as UTF-8" in problems
    assert (
        "content/vi/contacts/empty.yaml:1: the file is empty; write the record's fields or delete the file" in problems
    )


def test_check_command_prints_every_problem_and_exits_1_without_a_traceback(tiny):
    edit(tiny / "content/vi/plans/alpha-2024.yaml", 'issued: "2024-02"', 'issued: "Feb 2024"')
    edit(tiny / "content/vi/provinces/alpha.yaml", "status: province", "status: gone")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("content/vi/plans/alpha-2024.yaml:3: issued: 'Feb 2024' is not a date")
    assert lines[1].startswith("content/vi/provinces/alpha.yaml:1: status: 'gone' is not allowed")
    assert lines[-1] == "2 problems found; nothing was published."


def test_check_command_accepts_valid_content(tiny):
    result = run_portal(tiny, "check")
    assert result.returncode == 0, result.stderr
    assert "content is valid: 1 provinces, 1 plans, 1 contacts in 3 languages" in result.stderr


def test_a_translation_is_checked_even_when_its_source_has_problems(tiny):
    edit(tiny / "content/vi/plans/alpha-2024.yaml", "budget_vnd: 1000000", "budget_vnd: 1.000.000")
    edit(tiny / "content/en/plans/alpha-2024.yaml", "title: Test plan 2024", "titel: Test plan 2024")
    edit(
        tiny / "content/en/plans/alpha-2024.yaml",
        "        task: Survey\n",
        '        task: Survey\n        timeline: "2024-Q2"\n',
    )
    problems = problems_of(tiny)
    assert [p.split(": ")[0] + ": " + p.split(": ")[1] for p in problems] == [
        "content/en/plans/alpha-2024.yaml:1: titel",
        "content/en/plans/alpha-2024.yaml:12: task_groups[0].tasks[0].timeline",
        "content/vi/plans/alpha-2024.yaml:19: task_groups[0].tasks[0].budget_vnd",
    ]
