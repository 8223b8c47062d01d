"""Generated pages: where they go, when they are (not) rewritten, how a missing
translation and the facts are shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from portal.content import load_content
from portal.interface import Formatter
from portal.processes import can_fork
from portal.render import GENERATED, Renderer, generate, split_front_matter
from portal.settings import load_settings


def unescaped(markdown: str) -> str:
    """Generated Markdown as a reader sees its text: without the backslashes that escape it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def front_matter(text: str) -> dict:
    return split_front_matter(text)[0]


def test_every_record_gets_a_page_in_every_language(tiny):
    generate(load_content(load_settings(tiny)))
    out = tiny / "build" / "docs"
    for lang in ("en", "vi", "ru"):
        for page in ("index.md", "provinces/alpha.md", "plans/alpha-2024.md", "plans/compare.md"):
            text = (out / lang / page).read_text(encoding="utf-8")
            assert GENERATED in text


def test_pages_are_rewritten_only_when_their_text_changes(tiny):
    settings = load_settings(tiny)
    first = generate(load_content(settings))
    assert "en/plans/alpha-2024.md" in first
    assert generate(load_content(settings)) == []  # nothing changed: `serve` does not loop

    source = tiny / "content/en/plans/alpha-2024.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Test plan 2024", "Renamed plan"), encoding="utf-8")
    changed = generate(load_content(settings))
    assert "en/plans/alpha-2024.md" in changed
    assert "vi/plans/alpha-2024.md" not in changed
    assert "Renamed plan" in (tiny / "build/docs/en/plans/alpha-2024.md").read_text(encoding="utf-8")


def test_pages_of_deleted_records_are_removed(tiny):
    settings = load_settings(tiny)
    generate(load_content(settings))
    for lang in ("vi", "en"):
        (tiny / f"content/{lang}/plans/alpha-2024.yaml").unlink()
    changed = generate(load_content(settings))
    assert "ru/plans/alpha-2024.md" in changed
    assert not (tiny / "build/docs/ru/plans/alpha-2024.md").exists()


def test_hand_written_pages_are_placed_beside_the_generated_ones(tiny):
    (tiny / "docs/ru").mkdir(parents=True)
    (tiny / "docs/ru/about.md").write_text("# О портале\n", encoding="utf-8")
    generate(load_content(load_settings(tiny)))
    text = (tiny / "build/docs/ru/about.md").read_text(encoding="utf-8")
    assert text.endswith("---\n# О портале\n")
    # Only the language that has the page is announced as its translation.
    assert front_matter(text)["head"]["alternates"] == [{"lang": "ru", "path": "ru/about/", "locale": "ru_RU"}]
    assert front_matter(text)["head"]["x_default"] == "ru/about/"


def test_a_missing_translation_is_shown_in_the_default_language_with_a_notice(tiny):
    content = load_content(load_settings(tiny))
    text = Renderer(content).site()["ru/plans/alpha-2024.md"]
    meta = front_matter(text)
    assert meta["robots"] == "noindex"
    # The title is in the reader's words, the page's text in the language it is written in.
    assert meta["title"] == content.interface["ru"].plan_short_title.format(province="Alpha", year="2024")
    assert "Эта страница ещё не переведена на русский язык. Ниже она приведена на языке: английский." in unescaped(text)
    assert '<a href="../../../plans/alpha-2024/" hreflang="en" lang="en">English</a>' in text
    assert '<a href="../../../vi/plans/alpha-2024/" hreflang="vi" lang="vi">Tiếng Việt</a>' in text
    assert '<div lang="en" markdown>' in text
    assert "Test plan 2024" in text


def test_a_record_only_in_the_source_language_falls_back_to_it(tiny):
    for lang in ("en",):
        (tiny / f"content/{lang}/provinces/alpha.yaml").unlink()
    text = Renderer(load_content(load_settings(tiny))).site()["en/provinces/alpha.md"]
    assert '<div lang="vi" markdown>' in text
    assert "Alpha là một tỉnh thử nghiệm." in text
    assert front_matter(text)["robots"] == "noindex"


def test_translated_pages_are_not_marked(tiny):
    site = Renderer(load_content(load_settings(tiny))).site()
    for page in ("en/plans/alpha-2024.md", "vi/plans/alpha-2024.md"):
        assert "robots" not in front_matter(site[page])
        assert "<div lang=" not in site[page]


def test_plan_page_shows_facts_from_the_source_with_words_of_the_language(tiny):
    text = Renderer(load_content(load_settings(tiny))).site()["en/plans/alpha-2024.md"]
    assert "| Number | not given in the document |" in text
    assert "| Date | February 2024 |" in text
    assert "| Foreign languages named | English and Lao |" in text  # joined as CLDR joins a list
    assert "| Target markets named | Laos and Europe |" in text
    assert "| Total budget | 3,000,000 VND |" in text
    assert (
        "    - Lead agency: Department A\n    - Partners: Department B; Department C\n    - Timeline: Q2 2024\n    - Budget: 1,000,000 VND"
        in text
    )
    assert "- **every year by November 30 from 2024**: Yearly report to Department A" in text


def test_timelines_read_naturally_in_each_language():
    english = yaml.safe_load((Path(__file__).parent.parent / "content/en/interface.yaml").read_text(encoding="utf-8"))
    from portal.interface import Interface

    fmt = Formatter("en", Interface.model_validate(english))
    assert fmt.timeline("2024-Q1, 2024-Q2") == "Q1 2024; Q2 2024"
    assert fmt.timeline("2024..2030, ongoing") == "2024 to 2030; ongoing"
    assert fmt.timeline("2024-03-22") == "March 22, 2024"
    assert fmt.timeline(None) == "not given in the document"
    russian = dict(english, quarter="{roman} квартал {year} г.")
    assert Formatter("ru", Interface.model_validate(russian)).timeline("2024-Q3") == "III квартал 2024 г."


def test_a_hand_written_page_missing_in_a_language_gets_the_notice_too(tiny):
    (tiny / "docs/en").mkdir(parents=True)
    (tiny / "docs/en/about.md").write_text(
        "---\ntitle: About\n---\n# About this portal\n\nSee [plans](plans/index.md).\n", encoding="utf-8"
    )
    generate(load_content(load_settings(tiny)))
    russian = (tiny / "build/docs/ru/about.md").read_text(encoding="utf-8")
    meta = front_matter(russian)
    assert (meta["title"], meta["robots"]) == ("About", "noindex")
    assert [a["lang"] for a in meta["head"]["alternates"]] == ["en"]
    assert "Эта страница ещё не переведена на русский язык" in russian
    assert '<a href="../../about/" hreflang="en" lang="en">English</a>' in russian
    assert '<div lang="en" markdown>\n\n# About this portal\n\nSee [plans](plans/index.md).\n' in russian
    english = (tiny / "build/docs/en/about.md").read_text(encoding="utf-8")
    assert front_matter(english)["title"] == "About" and "robots" not in front_matter(english)
    assert english.endswith("---\n# About this portal\n\nSee [plans](plans/index.md).\n")


def test_languages_rendered_in_processes_of_their_own_write_what_one_process_writes(tiny):
    """`portal build` renders each language in a process of its own (generate's `jobs`):
    the pages, the sitemap's entries and the snapshot the next build reads are those of
    a render in one process, in a first build and after an edit."""
    assert can_fork()  # the processes are forked (Linux, macOS)
    source = tiny / "content/en/plans/alpha-2024.yaml"
    original = source.read_text(encoding="utf-8")

    def outcome(jobs: int) -> tuple[dict[str, int], dict[str, bytes]]:
        report: dict[str, int] = {}
        generate(load_content(load_settings(tiny)), report, jobs)
        build = tiny / "build"
        return report, {p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*") if p.is_file()}

    def first_and_edited(jobs: int) -> list[tuple[dict[str, int], dict[str, bytes]]]:
        shutil.rmtree(tiny / "build", ignore_errors=True)
        source.write_text(original, encoding="utf-8")
        first = outcome(jobs)
        source.write_text(original.replace("Test plan 2024", "Renamed plan"), encoding="utf-8")
        return [first, outcome(jobs)]

    alone = first_and_edited(1)
    assert first_and_edited(3) == alone
    (first, files), (edited, edited_files) = alone
    assert first["rendered"] == first["pages"] > 0 and "docs/ru/plans/alpha-2024.md" in files
    assert "Renamed plan" in edited_files["docs/en/plans/alpha-2024.md"].decode("utf-8")
