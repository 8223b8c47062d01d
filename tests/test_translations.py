"""Translation status: current, outdated when the source's words change, missing."""

from __future__ import annotations

import os
import subprocess

from portal.content import load_content
from portal.render import Renderer
from portal.settings import load_settings

from .conftest import run_portal

EN_PLAN = "content/en/plans/alpha-2024.yaml"
VI_PLAN = "content/vi/plans/alpha-2024.yaml"


def load(project):
    return load_content(load_settings(project))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_stamped_translation_is_current_until_the_source_words_change(tiny):
    assert run_portal(tiny, "stamp", str(tiny / EN_PLAN)).returncode == 0
    assert (tiny / EN_PLAN).read_text(encoding="utf-8").startswith("source_hash: ")
    assert load(tiny).get("plans", "alpha-2024").status("en") == "current"

    edit(tiny / VI_PLAN, "total_budget_vnd: 3000000", "total_budget_vnd: 3000000\n")  # no word changed
    edit(tiny / VI_PLAN, "budget_vnd: 2000000", "budget_vnd: 2000000")
    assert load(tiny).get("plans", "alpha-2024").status("en") == "current"

    edit(tiny / VI_PLAN, "task: Làm video", "task: Làm video giới thiệu")
    entry = load(tiny).get("plans", "alpha-2024")
    assert entry.status("en") == "outdated"
    assert entry.status("ru") == "missing"


def test_a_fact_change_does_not_make_a_translation_outdated(tiny):
    run_portal(tiny, "stamp", str(tiny / EN_PLAN))
    edit(tiny / VI_PLAN, "budget_vnd: 2000000", "budget_vnd: 2500000")
    edit(tiny / VI_PLAN, "total_budget_vnd: 3000000", "total_budget_vnd: 3500000")
    assert load(tiny).get("plans", "alpha-2024").status("en") == "current"


def test_an_outdated_translation_says_so_and_links_to_the_original(tiny):
    run_portal(tiny, "stamp", str(tiny / EN_PLAN))
    text = Renderer(load(tiny)).site()["en/plans/alpha-2024.md"]
    assert "original of this page has changed" not in text
    edit(tiny / VI_PLAN, "summary: Một kế hoạch để thử.", "summary: Một kế hoạch mới để thử.")
    text = Renderer(load(tiny)).site()["en/plans/alpha-2024.md"]
    assert "The Vietnamese original of this page has changed since it was translated" in text
    assert '<a href="../../vi/plans/alpha-2024/" hreflang="vi">Read the original</a>' in text


def test_an_empty_stub_counts_as_missing_not_as_an_error(tiny):
    (tiny / "content/ru/provinces").mkdir(parents=True)
    (tiny / "content/ru/provinces/alpha.yaml").write_text(
        'name: ""\nofficial_name: ""\noverview:\n  - ""\n', encoding="utf-8"
    )
    assert load(tiny).get("provinces", "alpha").status("ru") == "missing"


def test_status_prints_the_matrix_and_can_fail_ci(tiny):
    run_portal(tiny, "stamp", str(tiny / EN_PLAN))
    result = run_portal(tiny, "status")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["record", "en", "ru"]
    assert lines[1].split() == ["provinces/alpha", "⚠", "outdated", "✗", "missing"]
    assert lines[2].split() == ["plans/alpha-2024", "✓", "current", "✗", "missing"]
    assert "To translate next:" in result.stdout
    assert run_portal(tiny, "status", "--fail-on", "outdated").returncode == 1
    markdown = run_portal(tiny, "status", "--markdown").stdout
    assert "| plans/alpha-2024 | ✓ current | ✗ missing |" in markdown


def test_stamping_a_source_file_is_refused(tiny):
    result = run_portal(tiny, "stamp", str(tiny / VI_PLAN))
    assert result.returncode == 1 and "not a translation" in result.stderr


def test_stamp_without_names_refuses_outdated_translations_and_changes_nothing(tiny):
    run_portal(tiny, "stamp", str(tiny / EN_PLAN))
    edit(tiny / VI_PLAN, "task: Làm video", "task: Làm video giới thiệu")
    before = {p: p.read_text(encoding="utf-8") for p in (tiny / "content").rglob("*.yaml")}
    result = run_portal(tiny, "stamp")
    assert result.returncode == 1
    assert EN_PLAN in result.stderr and "--all-outdated" in result.stderr and "Nothing was stamped." in result.stderr
    assert {p: p.read_text(encoding="utf-8") for p in (tiny / "content").rglob("*.yaml")} == before
    assert load(tiny).get("plans", "alpha-2024").status("en") == "outdated"


def test_stamp_all_outdated_says_what_it_does(tiny):
    (tiny / "content/ru/provinces").mkdir(parents=True)  # an empty stub is no reason to stop
    (tiny / "content/ru/provinces/alpha.yaml").write_text(
        'name: ""\nofficial_name: ""\noverview:\n  - ""\n', encoding="utf-8"
    )
    result = run_portal(tiny, "stamp", "--all-outdated")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--all-outdated: marking 2 outdated translation(s) current without naming them\n")
    content = load(tiny)
    assert (
        content.get("plans", "alpha-2024").status("en") == content.get("provinces", "alpha").status("en") == "current"
    )
    assert run_portal(tiny, "stamp").stdout == "every translation is current: nothing to stamp\n"


def test_stamp_checks_every_named_file_before_writing_any(tiny):
    stub = tiny / "content/ru/provinces/alpha.yaml"
    stub.parent.mkdir(parents=True)
    stub.write_text('name: ""\nofficial_name: ""\noverview:\n  - ""\n', encoding="utf-8")
    before = (tiny / EN_PLAN).read_text(encoding="utf-8")
    result = run_portal(tiny, "stamp", str(tiny / EN_PLAN), str(stub))
    assert result.returncode == 1 and "no translated record to stamp" in result.stderr
    assert (tiny / EN_PLAN).read_text(encoding="utf-8") == before


def test_status_and_the_outdated_notice_show_the_word_diff_of_a_changed_source_paragraph(tiny):
    assert run_portal(tiny, "stamp", str(tiny / EN_PLAN)).returncode == 0
    # The words it was made from are kept out of the editors' sight (a hidden folder).
    made_from = load(tiny).get("plans", "alpha-2024").source_hash
    assert (tiny / f"content/.stamped/plans/alpha-2024/{made_from}.json").is_file()
    assert run_portal(tiny, "check").returncode == 0
    edit(tiny / VI_PLAN, "  - Mục đích thử.", "  - Mục đích thử nghiệm mới.")

    status = run_portal(tiny, "status")
    assert (
        "  en: plans/alpha-2024, what changed in the vi words since it was translated:\n"
        "    purpose[0]: Mục đích [-thử.-] {+thử nghiệm mới.+}\n" in status.stdout
    ), status.stdout
    assert "summary:" not in status.stdout.split("What changed in the source")[1], "an unchanged field is listed"
    markdown = run_portal(tiny, "status", "--markdown").stdout
    assert (
        "#### en: plans/alpha-2024\n\n- `purpose[0]`: Mục đích <del>thử\\.</del> <ins>thử nghiệm mới\\.</ins>\n"
        in markdown
    ), markdown

    text = Renderer(load(tiny)).site()["en/plans/alpha-2024.md"]
    assert "<summary>What changed in the Vietnamese original since this translation was made</summary>" in text
    assert "- `purpose[0]`: Mục đích <del>thử\\.</del> <ins>thử nghiệm mới\\.</ins>" in text

    assert run_portal(tiny, "stamp", str(tiny / EN_PLAN)).returncode == 0  # translated again
    assert "plans/alpha-2024, what changed" not in run_portal(tiny, "status").stdout
    assert "<del>" not in Renderer(load(tiny)).site()["en/plans/alpha-2024.md"]
    # The old words are kept no longer: no translation was made from them.
    assert [p.stem for p in (tiny / "content/.stamped/plans/alpha-2024").iterdir()] == [
        load(tiny).get("plans", "alpha-2024").source_hash
    ]


def test_an_outdated_translation_stamped_before_words_were_kept_says_so(tiny):
    assert run_portal(tiny, "stamp", str(tiny / EN_PLAN)).returncode == 0
    for kept in (tiny / "content/.stamped").rglob("*.json"):
        kept.unlink()
    edit(tiny / VI_PLAN, "  - Mục đích thử.", "  - Mục đích thử nghiệm mới.")
    status = run_portal(tiny, "status").stdout
    assert "(the vi words it was made from were not kept" in status
    assert "<details" not in Renderer(load(tiny)).site()["en/plans/alpha-2024.md"]


def _git(project, *args):
    subprocess.run(
        ["git", "-C", str(project), *args],
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


def test_status_since_a_commit_lists_only_the_translations_that_change_made_outdated(tiny):
    """A pull request's summary: the translations it made outdated, with their diffs, and
    not those that were outdated before it."""
    assert run_portal(tiny, "stamp", str(tiny / EN_PLAN), str(tiny / "content/en/provinces/alpha.yaml")).returncode == 0
    _git(tiny, "init", "-q")
    _git(tiny, "add", ".")
    _git(tiny, "commit", "-qm", "translated")
    edit(
        tiny / "content/vi/provinces/alpha.yaml", "một tỉnh thử nghiệm", "một tỉnh mới thử nghiệm"
    )  # outdated before the change
    _git(tiny, "commit", "-qam", "province overview")
    edit(tiny / VI_PLAN, "  - Mục đích thử.", "  - Mục đích thử nghiệm mới.")  # the change: a Vietnamese paragraph
    _git(tiny, "commit", "-qam", "plan purpose")

    markdown = run_portal(tiny, "status", "--markdown", "--since", "HEAD^1")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith(
        "## Translations this change made outdated (since HEAD^1)\n\n- en: plans/alpha-2024\n\n"
    )
    assert (
        "#### en: plans/alpha-2024\n\n- `purpose[0]`: Mục đích <del>thử\\.</del> <ins>thử nghiệm mới\\.</ins>\n"
        in markdown.stdout
    )
    assert "provinces/alpha" not in markdown.stdout and "ru:" not in markdown.stdout
    assert "provinces/alpha" in run_portal(tiny, "status", "--since", "HEAD~2").stdout  # both changes
    assert "none: no translation" in run_portal(tiny, "status", "--since", "HEAD").stdout

    missing = run_portal(tiny, "status", "--since", "no-such-branch")
    assert (
        missing.returncode == 1 and "--since no-such-branch: git cannot give mkdocs.yml and content/" in missing.stderr
    )
