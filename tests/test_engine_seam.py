"""The engine behind one seam (portal/engines/): no core module imports the engine's
packages, a command that builds nothing does not load it, and the page addresses the core
writes (links, canonical, hreflang, feeds) are the ones the engine makes from its own
configuration."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import yaml

from portal.content import load_content
from portal.render import generate
from portal.settings import load_settings

from .conftest import ROOT, copy_project, run_portal

ENGINE_PACKAGES = {"mkdocs", "material", "mkdocs_static_i18n", "zensical"}
ADAPTERS = ROOT / "portal" / "engines"


def _imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_an_engine():
    core = [
        p
        for p in (ROOT / "portal").rglob("*.py")
        if ADAPTERS not in p.parents or p.parent == ADAPTERS and p.name == "__init__.py"
    ]
    assert len(core) > 20
    offenders = {p.relative_to(ROOT).as_posix(): sorted(_imported_packages(p) & ENGINE_PACKAGES) for p in core}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_seam_test_sees_an_engine_import(tmp_path):
    # The test above would pass on a parser that finds nothing: it finds MkDocs's adapter.
    assert "mkdocs" in _imported_packages(ADAPTERS / "mkdocs" / "build.py")


def test_checking_the_content_does_not_load_the_engine():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "portal", "check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "portal.content" in modules  # importtime's list is read right
    assert sorted(m for m in modules if m.split(".")[0] in ENGINE_PACKAGES) == []


def _set(config: Path, pattern: str, replacement: str) -> None:
    text = config.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, pattern
    config.write_text(changed, encoding="utf-8")


def test_addresses_follow_the_engines_configuration(tmp_path):
    """Another docs_dir and a language not built (its folder kept, being prepared): the
    site has the pages the core's links, canonical and hreflang name, and nothing of that
    language."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    _set(config, r"^docs_dir: build/docs$", "docs_dir: build/pages")
    _set(config, r"(- locale: km\n(?:\s+\w+: .*\n)*?\s+)build: true", r"\1build: false")
    settings = load_settings(project)
    assert (settings.generated_dir, "km" in settings.languages, settings.unbuilt_languages) == (
        project / "build/pages",
        False,
        ("km",),
    )

    result = run_portal(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    page = site / "vi" / "plans" / "hue-2024" / "index.html"
    html = page.read_text(encoding="utf-8")
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    assert {lang for lang, _ in alternates} >= {"en", "vi", "x-default"} and "km" not in {
        lang for lang, _ in alternates
    }
    for _, href in alternates:
        assert (site / href.removeprefix(settings.site_url) / "index.html").is_file(), href
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == settings.site_url + "vi/plans/hue-2024/"
    # A link the core wrote between records (province → its plan) leads to a page.
    province = (site / "vi" / "provinces" / "hue" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../plans/hue-2024/"' in province
    assert not (site / "km").exists() and not (project / "build" / "docs").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/km/" not in sitemap and settings.site_url + "vi/plans/hue-2024/" in sitemap


def test_generated_pages_go_where_the_engine_reads_them(tiny):
    config = tiny / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("docs_dir: build/docs", "docs_dir: out/md"), encoding="utf-8"
    )
    settings = load_settings(tiny)
    generate(load_content(settings))
    front = yaml.safe_load((tiny / "out" / "md" / "en" / "index.md").read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"]


def test_pages_are_html_files_when_use_directory_urls_is_false(tmp_path):
    """With `use_directory_urls: false` every address the core writes (links between
    records and to other languages, canonical, hreflang, sitemap, the map, the 404 page's
    links) names the page's .html file, and every one of them leads to a file."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    _set(config, r"^use_directory_urls: true$", "use_directory_urls: false")
    for lang in ("zh", "ja", "lo", "km"):  # four languages are enough: ko has untranslated pages
        _set(config, rf"(- locale: {lang}\n(?:\s+\w+: .*\n)*?\s+)build: true", r"\1build: false")
    settings = load_settings(project)
    assert settings.page_url("vi", "plans/hue-2024.md") == "vi/plans/hue-2024.html"

    result = run_portal(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    html = (site / "vi" / "plans" / "hue-2024.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == settings.site_url + "vi/plans/hue-2024.html"
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert alternates["en"] == settings.site_url + "plans/hue-2024.html"
    assert settings.site_url + "vi/plans/hue-2024.html" in (site / "sitemap.xml").read_text(encoding="utf-8")
    # A page shown in another language for want of a Korean one links the languages that have it.
    fallback = next(p for p in (site / "ko" / "plans").glob("*.html") if 'hreflang="vi" lang="vi"' in p.read_text())
    assert fallback.name != "index.html"
    assert 'href="/search.html"' in (site / "404.html").read_text(encoding="utf-8")

    broken = []
    for page in site.rglob("*.html"):
        if page.relative_to(site).parts[0] == "admin":
            continue
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|//", href):
                continue
            target = (site / href.lstrip("/")) if href.startswith("/") else page.parent / unquote(href)
            if not target.resolve().is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
    assert broken == []
