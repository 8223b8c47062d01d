"""`portal build` builds the languages in parallel and reuses unchanged pages, and the
site is the one static-i18n's own sequential build makes: the same bytes, every file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from portal import sitebuild
from portal.render import generate, load_site
from portal.settings import load_settings

from .conftest import copy_project, run_portal


def tree(site: Path) -> dict[str, bytes]:
    site = site.resolve()
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The real project, built once by `portal build` with a job per language."""
    project = copy_project(tmp_path_factory.mktemp("sitebuild") / "project")
    result = run_portal(project, "build", "--jobs", "4")
    assert result.returncode == 0, result.stderr
    return project


def test_languages_built_in_parallel_make_the_site_of_the_sequential_build(project, tmp_path):
    sequential = tmp_path / "sequential"
    # static-i18n's own build: one process, one language after another (the hooks
    # generate the pages and finish the site themselves, Pagefind indexing the whole
    # site at once, where `portal build` puts together each language's own index).
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(sequential)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    parallel = tree(project / "site")
    assert len(parallel) > 400
    assert differences(parallel, tree(sequential)) == []


def test_an_edited_record_rebuilds_its_pages_only_and_equals_a_clean_build(project, tmp_path):
    record = project / "content" / "en" / "attractions" / "cham-pottery.yaml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["description"][0] = "Edited by the incremental build test. " + data["description"][0]
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    result = run_portal(project, "build", "-v")
    assert result.returncode == 0, result.stderr
    rendered, generated = map(int, re.search(r"(\d+) of (\d+) pages rendered", result.stderr).groups())
    assert 1 <= rendered <= generated // 5, result.stderr
    built, pages = map(int, re.search(r"(\d+) of (\d+) pages built", result.stderr).groups())
    assert 1 <= built <= pages // 10, result.stderr
    page = project / "site" / "attractions" / "cham-pottery" / "index.html"
    assert "Edited by the incremental build test." in page.read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    result = run_portal(project, "build", "--clean", "--site-dir", str(clean))
    assert result.returncode == 0, result.stderr
    assert differences(tree(project / "site"), tree(clean)) == []


def test_a_build_with_nothing_changed_says_so_and_keeps_the_site(project):
    run_portal(project, "build")  # whatever an earlier test changed
    before = (project / "site").resolve()
    result = run_portal(project, "build")
    assert result.returncode == 0, result.stderr
    assert "nothing changed since the last build" in result.stdout
    assert (project / "site").resolve() == before


def test_a_changed_theme_override_rebuilds_every_page(project):
    footer = project / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- changed by a test -->\n", encoding="utf-8")
    result = run_portal(project, "build", "-v")
    assert result.returncode == 0, result.stderr
    built, pages = map(int, re.search(r"(\d+) of (\d+) pages built", result.stderr).groups())
    assert built == pages
    assert "changed by a test" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_ci_parts_merged_make_the_same_site(project, tmp_path):
    run_portal(project, "build")  # whatever an earlier test changed
    groups = run_portal(project, "groups", "2")
    assert groups.returncode == 0, groups.stderr
    parts = tmp_path / "parts"
    for group in json.loads(groups.stdout):
        result = run_portal(project, "build", "--languages", group, "--part-dir", str(parts))
        assert result.returncode == 0, result.stderr
    result = run_portal(project, "merge", "--part-dir", str(parts), "--site-dir", str(tmp_path / "merged"))
    assert result.returncode == 0, result.stderr
    assert differences(tree(project / "site"), tree(tmp_path / "merged")) == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pages_rendered_again_after_edits_are_those_a_generation_from_nothing_writes(tmp_path):
    """The pages an edit affects besides the edited record's own: a province's name is on
    its neighbours' maps (Huế on Quảng Ngãi's), and a news item's province announces its
    feed on the pages of that province's records (gong-culture is in Kon Tum, whose only
    news moves away)."""
    project = copy_project(tmp_path / "project")
    settings = load_settings(project)
    generate(load_site(settings))
    edits = [
        (
            ("content/en/provinces/hue.yaml", 'name: "Huế"', 'name: "Huế (edited)"'),
            lambda pages: "Huế (edited)" in pages["en/provinces/quang-ngai.md"].decode("utf-8"),
        ),
        (
            ("content/vi/news/plan-summary-kon-tum-2024.yaml", 'province: "kon-tum"', 'province: "quang-ngai"'),
            lambda pages: "kon-tum.xml" not in pages["en/attractions/gong-culture.md"].decode("utf-8"),
        ),
        # An English translation edited: rendered again in English and in the languages
        # that show it for want of their own (Japanese has no Hồ Citadel), not in Russian.
        (
            (
                "content/en/attractions/ho-citadel.yaml",
                "Citadel of the Hồ Dynasty",
                "Citadel of the Hồ Dynasty (edited)",
            ),
            lambda pages: (
                "Hồ Dynasty (edited)" in pages["ja/attractions/ho-citadel.md"].decode("utf-8")
                and "Hồ Dynasty \\(edited\\)" in pages["en/attractions/index.md"].decode("utf-8")  # escaped Markdown
            ),
        ),
        # Its Vietnamese source edited: every language.
        (
            ("content/vi/attractions/ho-citadel.yaml", 'name: "Thành nhà Hồ"', 'name: "Thành nhà Hồ (sửa)"'),
            lambda pages: "Thành nhà Hồ (sửa)" in pages["vi/attractions/ho-citadel.md"].decode("utf-8"),
        ),
    ]
    rendered = {}
    for (path, old, new), shown in edits:
        replace_in(project / path, old, new)
        report: dict[str, int] = {}
        generate(load_site(settings), report)
        assert 0 < report["rendered"] < report["pages"] // 2, (path, report)
        rendered[path] = report["rendered"]
        incremental = tree(settings.generated_dir)
        assert shown(incremental), path

        shutil.rmtree(settings.generated_dir)
        (project / "build" / "render-snapshot.json").unlink()
        generate(load_site(settings))
        assert differences(incremental, tree(settings.generated_dir)) == [], path
    # The same pages, in four languages of eight (en, and ja, lo, km, which have no
    # version of their own) after the translation's edit, in all eight after the source's.
    assert rendered["content/en/attractions/ho-citadel.yaml"] * 2 == rendered["content/vi/attractions/ho-citadel.yaml"]


def test_a_translation_edited_rebuilds_its_language_only_and_equals_a_clean_build(project, tmp_path):
    run_portal(project, "build")  # whatever an earlier test changed
    replace_in(project / "content/ru/provinces/hue.yaml", '\nname: "', '\nname: "Правка ')
    result = run_portal(project, "build", "-v")
    assert result.returncode == 0, result.stderr
    others = [lang for lang in load_settings(project).languages if lang not in ("en", "ru")]
    assert f"nothing changed in {', '.join(others)}: the last build's folders are reused" in result.stderr
    assert "Правка" in (project / "site" / "ru" / "provinces" / "hue" / "index.html").read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    result = run_portal(project, "build", "--clean", "--site-dir", str(clean))
    assert result.returncode == 0, result.stderr
    assert differences(tree(project / "site"), tree(clean)) == []


def test_a_word_only_the_theme_shows_rebuilds_its_language(project, tmp_path):
    """The 404 page's title is read by the hooks from interface.yaml and is on no
    generated page: the language is built again all the same."""
    run_portal(project, "build")  # whatever an earlier test changed
    replace_in(
        project / "content/ru/interface.yaml",
        "not_found_title: Страница не найдена",
        "not_found_title: Страница не найдена (правка)",
    )
    result = run_portal(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Страница не найдена (правка)" in (project / "site" / "ru" / "404.html").read_text(encoding="utf-8")

    clean = tmp_path / "clean"
    result = run_portal(project, "build", "--clean", "--site-dir", str(clean))
    assert result.returncode == 0, result.stderr
    assert differences(tree(project / "site"), tree(clean)) == []


def test_each_record_page_marks_its_own_section_in_the_menu(project):
    """The menu of the pages outside it is made once per section and folder
    (overrides/partials/nav.html): every record page still marks its own section (as the
    section's page marks itself), with links relative to its own folder, in every
    language; a page of the menu marks itself."""
    from bs4 import BeautifulSoup

    def menu(path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".md-nav--primary")

    def text(link) -> str:
        return " ".join(link.get_text().split())

    site = (project / "site").resolve()
    for lang in ("", "vi/", "km/"):
        for section in ("plans", "attractions", "provinces", "events", "news"):
            [own] = menu(site / lang / section / "index.html").select("a.md-nav__link--active")
            records = sorted(p for p in (site / lang / section).iterdir() if (p / "index.html").is_file())
            assert records, (lang, section)
            for record in records:
                links = menu(record / "index.html")
                active = links.select(".md-nav__item--active > .md-nav__link")
                assert [(a["href"], text(a)) for a in active] == [("../", text(own))], record
                assert links.select(".md-nav__link")[0]["href"].rstrip("/") == "../..", record  # home, from its folder


class _HalfEngine:
    """An engine whose group with the default language fails, after the other group's
    pages were built and indexed."""

    name = "half"
    parallel = True

    def versions(self) -> dict[str, str]:
        return {}

    def prepare(self, workers: int) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def build_languages(self, settings, folders, reuse, verbose):
        if settings.default_language in folders:
            time.sleep(0.5)  # the other group is indexed first
            return None
        for lang, folder in folders.items():
            page = folder / lang / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<html lang="{lang}"><body><main data-pagefind-body><h1>{lang}</h1></main></body></html>')
        return {lang: {"pages": 1, "built": 1, "keys": [], "seconds": 0.0} for lang in folders}

    def serve(self, root, lang, address, verbose):
        raise NotImplementedError


def test_a_failed_build_leaves_nothing_beside_the_site(tiny):
    """The other languages' folders, their search indexes and the kept languages'
    links are removed when a language fails (publish removes the build's own folder)."""
    settings = load_settings(tiny)
    generate(load_site(settings))
    builds = tiny / ".site-builds"
    fresh = builds / "build-test"
    fresh.mkdir(parents=True)

    built = sitebuild.build_site(settings, fresh, 2, reuse=False, timings={}, builder=_HalfEngine())

    assert built is None
    assert sorted(p.name for p in builds.iterdir()) == ["build-test"]
