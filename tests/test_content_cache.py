"""The checks of each record file kept between runs (build/content-cache/): keyed
by the files' bytes and the code that checks them, never by file times."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import portal.yamlfile
from portal.content import CheckCache, load_content
from portal.errors import ContentError
from portal.render import load_site
from portal.settings import load_settings

from .conftest import ROOT, run_portal


def rewrite_keeping_time(path: Path, old: str, new: str) -> None:
    """Edit a file and give it back its modification time: a cache keyed by file times
    would not see the edit."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_an_edited_record_loads_as_it_would_without_the_cache(tiny, monkeypatch):
    result = run_portal(tiny, "check")  # a process of its own fills the cache
    assert result.returncode == 0, result.stderr
    assert CheckCache.of(load_settings(tiny)).folder.is_dir()
    edited = tiny / "content/en/provinces/alpha.yaml"
    rewrite_keeping_time(edited, "Alpha is a test province.", "Alpha is a trial province.")

    parsed: list[str] = []
    parse = portal.yamlfile._parse
    monkeypatch.setattr(portal.yamlfile, "_parse", lambda shown, *rest: parsed.append(shown) or parse(shown, *rest))
    settings = load_settings(tiny)
    cached = load_site(settings, cache=CheckCache.of(settings))
    assert parsed == ["content/en/provinces/alpha.yaml"]  # every other file came from the cache

    fresh = load_content(load_settings(tiny))
    assert cached.entries == fresh.entries
    assert cached.interface == fresh.interface
    assert cached.entry("provinces", "alpha").by_language["en"].overview == ["Alpha is a trial province."]


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        (
            "content/vi/provinces/alpha.yaml",
            "region: central_highlands",
            "region: central_highland",
            "content/vi/provinces/alpha.yaml:4: region: 'central_highland' is not allowed",
        ),
        (
            "content/en/provinces/alpha.yaml",
            "    label: Status\n",
            "    label: Status\n    source: law\n",
            "content/en/provinces/alpha.yaml:8: key_facts[0].source: is a fact",
        ),
        (
            "content/en/provinces/alpha.yaml",
            "  - id: law\n",
            "  - id: law\n   title: [\n",
            "content/en/provinces/alpha.yaml:11: YAML syntax error",
        ),
    ],
    ids=["fact of a source", "fact in a translation", "syntax"],
)
def test_a_broken_edit_of_a_cached_file_is_reported_at_its_line(tiny, file, old, new, expected):
    assert run_portal(tiny, "check").returncode == 0
    rewrite_keeping_time(tiny / file, old, new)

    result = run_portal(tiny, "check")

    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_change_to_the_models_code_checks_every_file_again(tiny):
    """The project runs its own copy of the package, whose models are then made stricter:
    results kept from the old models must not hide what the new ones refuse."""
    shutil.copytree(ROOT / "portal", tiny / "portal", ignore=shutil.ignore_patterns("__pycache__"))

    def check() -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "portal", "check"]
        return subprocess.run(command, capture_output=True, text=True, cwd=tiny)

    assert check().returncode == 0
    models = tiny / "portal" / "models.py"
    rewrite_keeping_time(
        models,
        "Text = Annotated[str, Field(min_length=1),",
        "Text = Annotated[str, Field(min_length=1, max_length=3),",
    )

    result = check()

    assert result.returncode == 1
    assert "content/vi/provinces/alpha.yaml:6: name: " in result.stderr, result.stderr


def test_an_unreadable_cache_is_ignored_and_written_again(tiny):
    settings = load_settings(tiny)
    expected = load_content(settings).entries
    folder = CheckCache.of(settings).folder
    folder.mkdir(parents=True)
    parts = [folder / f"{number:02d}.pickle" for number in range(CheckCache.PARTS)]
    for part in parts:
        part.write_bytes(b"\x80\x05 not a pickle")

    assert load_site(settings, cache=CheckCache.of(settings)).entries == expected
    assert load_site(settings, cache=CheckCache.of(settings)).entries == expected  # from the cache written again
    assert all(b"not a pickle" not in part.read_bytes() for part in parts)
    assert sum(len(part.read_bytes()) > 100 for part in parts) > CheckCache.PARTS // 2  # the tiny project's files


def test_an_edit_rewrites_only_the_part_of_the_cache_that_holds_its_file(tiny):
    """At 4,000 files, writing the whole cache again took a fifth of a second an edit."""
    settings = load_settings(tiny)
    load_site(settings, cache=CheckCache.of(settings))
    parts = sorted(CheckCache.of(settings).folder.iterdir())
    before = {part.name: part.read_bytes() for part in parts}
    rewrite_keeping_time(tiny / "content/en/provinces/alpha.yaml", "Alpha is a test province.", "Alpha is a trial.")

    load_site(settings, cache=CheckCache.of(settings))

    after = {part.name: part.read_bytes() for part in sorted(CheckCache.of(settings).folder.iterdir())}
    assert after.keys() == before.keys()
    assert len([name for name in after if after[name] != before[name]]) == 1


def test_a_clean_build_checks_every_file_again(tiny, monkeypatch):
    settings = load_settings(tiny)
    load_site(settings, cache=CheckCache.of(settings))
    parsed: list[str] = []
    parse = portal.yamlfile._parse
    monkeypatch.setattr(portal.yamlfile, "_parse", lambda shown, *rest: parsed.append(shown) or parse(shown, *rest))

    load_site(settings, cache=CheckCache.of(settings, fresh=True))

    assert "content/vi/provinces/alpha.yaml" in parsed and "content/en/provinces/alpha.yaml" in parsed
    parsed.clear()
    load_site(settings, cache=CheckCache.of(settings))
    assert parsed == []  # and the clean run kept its results


def _held(part: Path) -> object:
    """What a part of the cache holds (its bytes may differ: objects that one process
    shared, two processes copy; a record is equal to itself only)."""
    version, kept = pickle.loads(part.read_bytes())
    records = {key: (r.file, r.data, r.lines, r.digest) for key, r in kept.records.items()}
    return version, records, kept.sources, kept.translations


def test_files_parsed_and_checked_in_processes_give_what_one_process_finds(tiny, monkeypatch):
    """`portal build` and `portal check` parse and check the files the cache does not hold
    in a process per core (from CheckCache.FORK_FROM files; here from one): the content,
    the problems and the cache written are those of a check in one process."""
    bad = tiny / "content/en/provinces/alpha.yaml"
    good = bad.read_text(encoding="utf-8")
    settings = load_settings(tiny)

    def checked(jobs: int, text: str) -> tuple[object, list[str], dict[str, object]]:
        bad.write_text(text, encoding="utf-8")
        shutil.rmtree(tiny / "build", ignore_errors=True)
        parsers = tiny / "parsers"  # the process of each parse, one line each (children's too)
        parsers.write_text("", encoding="utf-8")
        parse = portal.yamlfile._parse

        def noted(*args: object) -> object:
            with parsers.open("a", encoding="utf-8") as note:
                note.write(f"{os.getpid()}\n")
            return parse(*args)

        monkeypatch.setattr(portal.yamlfile, "_parse", noted)
        try:
            content = load_site(settings, cache=CheckCache.of(settings), jobs=jobs)
            outcome: object = (content.entries, content.interface)
            problems: list[str] = []
        except ContentError as error:
            outcome, problems = None, [str(problem) for problem in error.problems]
        folder = CheckCache.of(settings).folder
        kept = {p.name: _held(p) for p in sorted(folder.iterdir())} if folder.is_dir() else {}
        elsewhere = set(parsers.read_text(encoding="utf-8").split()) - {str(os.getpid())}
        assert bool(elsewhere) == (jobs > 1)  # the records are parsed in other processes
        return outcome, problems, kept

    monkeypatch.setattr(CheckCache, "FORK_FROM", 1)
    for text in (good, good.replace("Alpha is a test province.", "[broken")):
        alone = checked(1, text)
        assert checked(2, text) == alone
    assert alone[1] and "content/en/provinces/alpha.yaml" in alone[1][0]
