"""The published site from the generated pages (build/docs): every language built by the
engine (portal/engines/) in a process of its own, as many at once as the machine has
cores, merged into one site; then, once, what the whole site needs (the security policy
of every page, Pagefind's index, the sitemap, the security headers, the redirects of the
404 pages, the web editor).

The default language's folder becomes the site; each other language's `<lang>/` folder
is moved into it. The files outside the language folders (theme assets, shared pictures,
open data) are the same bytes in every language build, so the default's are kept.
tests/test_sitebuild.py compares the result with static-i18n's sequential build byte for
byte. The engine may reuse unchanged pages from build/page-cache/ (portal/engines/mkdocs/
build.py), and a language nothing of which changed is the last build's folder, linked;
the site-wide steps here never write into a page in place, since a reused page is a hard
link to the cached one and to the last build's."""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pagefind_bin_extended  # type: ignore[import-untyped]  # it ships no types

from .cms import write_admin
from .digests import file_hash, tree_digest, tree_files
from .engines import Engine, EngineError
from .security import write_headers, write_policy
from .settings import Settings
from .sitemap import index_path, write_sitemap

# Bumped when what the cache stores changes meaning.
CACHE_FORMAT = "1"


def cache_dir(root: Path) -> Path:
    return root / "build" / "page-cache"


# What a build reads besides files: the day (upcoming events), the site's address and
# the web editor's settings.
BUILD_ENVIRONMENT = ("PORTAL_TODAY", "SITE_URL", "CMS_REPO", "CMS_BRANCH", "CMS_AUTH_URL")


def inputs_digest(root: Path, builder: Engine) -> str:
    """Everything a build is made of: when it is the last good build's, the site is the
    same and nothing needs building."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    environment_digest(digest)
    engine_digest(digest, builder)
    digest.update(f"today={time.strftime('%Y-%m-%d')}\0".encode())
    for name in ("mkdocs.yml", "package-lock.json"):
        path = root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    for folder in ("content", "docs", "overrides"):
        tree_digest(digest, root / folder)
    tree_digest(digest, Path(__file__).resolve().parent)
    return digest.hexdigest()


def engine_digest(digest: hashlib._Hash, builder: Engine) -> None:
    """The engine that builds the pages and its packages' versions."""
    digest.update(f"engine={builder.name}\0".encode())
    for package, version in builder.versions().items():
        digest.update(f"{package}={version}\0".encode())


def environment_digest(digest: hashlib._Hash) -> None:
    """The versions of the packages the core runs and the build's environment variables."""
    for package in (
        "pagefind-bin-extended",
        "pydantic",
        "pyyaml",
        "babel",
        "jinja2",
        "markupsafe",
        "icalendar",
        "shapely",
        "pillow",
    ):
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    for name in BUILD_ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())


def _last_builds(root: Path) -> Path:
    return root / "build" / "last-builds.json"


def last_build(root: Path, site_dir: Path) -> dict[str, Any] | None:
    """What the build `site_dir` points at was made of (`inputs`, and each language's
    `languages`), if it is the last good build's and still on disk."""
    try:
        last = json.loads(_last_builds(root).read_text(encoding="utf-8")).get(str(site_dir.absolute()))
    except (OSError, ValueError):
        return None
    return last if last and site_dir.is_symlink() and str(site_dir.resolve()) == last["build"] else None


def up_to_date(root: Path, site_dir: Path, inputs: str) -> bool:
    """`site_dir` is the build of these very inputs (and still on disk)."""
    last = last_build(root, site_dir)
    return last is not None and last["inputs"] == inputs


def record_inputs(root: Path, site_dir: Path, inputs: str, languages: dict[str, str]) -> None:
    path = _last_builds(root)
    try:
        builds = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        builds = {}
    builds[str(site_dir.absolute())] = {"inputs": inputs, "build": str(site_dir.resolve()), "languages": languages}
    path.write_text(json.dumps(builds, indent=1), encoding="utf-8")


def language_digests(settings: Settings, builder: Engine) -> dict[str, str]:
    """What each language's folder of the site is made of: the generated tree (the
    language's own files and the shared ones by their bytes, the other languages' by
    their names, as its language menu links to them), its folder of content/ (the hooks
    read its interface words and place names), mkdocs.yml, overrides/, the portal's
    code, the packages, the environment and the day. A language whose digest is the last
    build's gets the same folder."""
    common = hashlib.sha256(CACHE_FORMAT.encode())
    environment_digest(common)
    engine_digest(common, builder)
    common.update(f"today={time.strftime('%Y-%m-%d')}\0".encode())
    config = settings.root / "mkdocs.yml"
    common.update(config.read_bytes() if config.is_file() else b"")
    tree_digest(common, settings.root / "overrides")
    tree_digest(common, Path(__file__).resolve().parent)
    files = [(relative, file_hash(path)) for relative, path in tree_files(settings.generated_dir)]
    digests = {}
    for lang in settings.languages:
        digest = common.copy()
        digest.update(lang.encode() + b"\0")
        tree_digest(digest, settings.content_dir / lang)
        for relative, data in files:
            top = relative.partition("/")[0]
            digest.update(f"{relative}\0{data if top == lang or top not in settings.languages else ''}\0".encode())
        digests[lang] = digest.hexdigest()
    return digests


def link_file(source: Path | str, target: Path | str) -> None:
    """`target` as a hard link to `source` (no copy, no disk), or a copy on another file
    system."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def language_groups(languages: tuple[str, ...], jobs: int) -> list[tuple[str, ...]]:
    """The languages dealt out to `jobs` processes (or CI jobs), as evenly as they go."""
    return [group for group in (languages[i::jobs] for i in range(jobs)) if group]


INDEX_ALONE_ABOVE = 2000  # pages of a language whose search index is made alone (about 0.2 MB a page)


def build_languages(
    settings: Settings,
    folders: dict[str, Path],
    jobs: int,
    reuse: bool,
    timings: dict[str, float],
    builder: Engine,
    verbose: bool = False,
    index: Path | None = None,
) -> dict[str, Any] | None:
    """Build each language of `folders` into its folder, `jobs` processes at once (or all
    in one call when the engine builds them in parallel itself); the
    figures of each language, or None when one failed (its errors were printed). MkDocs's
    warnings are printed as they come; its other lines and the figures only when
    `verbose`. With `index`, each language's search index is written to index/<lang>/."""
    start = time.perf_counter()
    groups = language_groups(tuple(folders), jobs if builder.parallel else 1)
    one_index = threading.Lock()

    def build_group(group: tuple[str, ...]) -> dict[str, Any] | None:
        outcome = builder.build_languages(settings, {lang: folders[lang] for lang in group}, reuse, verbose)
        if outcome is None or index is None:
            return outcome
        # Each language's search index as soon as its group is built, while the other
        # groups still build (finish_site puts the indexes together). Pagefind holds a
        # language's whole index in memory (a gigabyte for 5,000 pages): a large
        # language's waits for another's to end.
        for lang in group:
            began = time.perf_counter()
            with one_index if outcome[lang]["pages"] > INDEX_ALONE_ABOVE else contextlib.nullcontext():
                _pagefind(folders[lang], ["--output-path", str(index / lang)])
            outcome[lang]["index seconds"] = time.perf_counter() - began
        return outcome

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(groups)) as pool:
        outcomes = list(pool.map(build_group, groups))
    built_groups = [outcome for outcome in outcomes if outcome is not None]
    if len(built_groups) < len(outcomes):
        return None
    results = {lang: result for outcome in built_groups for lang, result in outcome.items()}
    for lang in folders:
        timings[f"engine {lang}"] = results[lang]["seconds"]
    if index is not None:
        timings["search index, each language"] = sum(results[lang]["index seconds"] for lang in folders)
    timings["engines and search indexes, all languages"] = time.perf_counter() - start
    built = sum(r["built"] for r in results.values())
    pages = sum(r["pages"] for r in results.values())
    if verbose:
        print(f"{built} of {pages} pages built, {pages - built} unchanged ones reused", file=sys.stderr)
    return results


def merge(site: Path, folders: dict[str, Path], default: str) -> None:
    """Move each other language's folder into the default language's build (`site`).
    Everything outside a language's folder is the default build's too."""
    for lang, folder in folders.items():
        if lang != default:
            os.rename(folder / lang, site / lang)


def build_site(
    settings: Settings,
    fresh: Path,
    jobs: int,
    reuse: bool,
    timings: dict[str, float],
    builder: Engine,
    verbose: bool = False,
    previous: Path | None = None,
    last: dict[str, str] | None = None,
) -> dict[str, str] | None:
    """Build every language into `fresh` (an empty folder), then finish the site; the
    digest of each language (None when a language failed). With `reuse`, a language
    other than the default whose digest is in `last` (those of the build `previous`)
    is not built again: its folder of `previous` is linked into `fresh`."""
    default = settings.default_language
    digests = language_digests(settings, builder)
    kept = [
        lang
        for lang in settings.languages
        if reuse
        and lang != default
        and previous is not None
        and last
        and last.get(lang) == digests[lang]
        and (previous / lang).is_dir()
    ]
    folders = {
        lang: fresh if lang == default else fresh.with_name(f"{fresh.name}-{lang}")
        for lang in settings.languages
        if lang not in kept
    }
    index = fresh.with_name(f"{fresh.name}-index")
    # The kept languages' folders are linked (thousands of files) while the others build,
    # beside the site: the default language's search index is made from its folder alone.
    linked = fresh.with_name(f"{fresh.name}-kept")

    def meanwhile() -> tuple[float, bool]:
        """While the languages build: the site's own files written, the kept languages'
        folders linked (thousands of files)."""
        start = time.perf_counter()
        write_site_files(fresh, settings)
        timings["sitemap and headers (while the languages build)"] = time.perf_counter() - start
        start = time.perf_counter()
        for lang in kept:
            assert previous is not None  # a language is kept only from a previous build
            shutil.copytree(previous / lang, linked / lang, symlinks=True, copy_function=link_file)
        staged = not kept or (previous is not None and _stage_index(previous / "pagefind", kept, index / KEPT_INDEX))
        return time.perf_counter() - start, staged

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            linking = pool.submit(meanwhile)
            results = build_languages(settings, folders, jobs, reuse, timings, builder, verbose, index)
            seconds, staged = linking.result()
        if results is None:
            return None
        merge(fresh, folders, default)
        for lang in kept:
            os.rename(linked / lang, fresh / lang)
        if kept:
            timings["unchanged languages linked (while the others build)"] = seconds
            if verbose:
                print(f"nothing changed in {', '.join(kept)}: the last build's folders are reused", file=sys.stderr)
        finish_site(fresh, settings, timings, kept, index if staged else None, site_files=False)
    finally:  # what is beside the site, whether it was built or not
        for lang, folder in folders.items():
            if lang != default:
                shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(linked, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)
    _prune(cache_dir(settings.root), {key for r in results.values() for key in r["keys"]})
    return digests


def _prune(folder: Path, used: set[str]) -> None:
    """Forget pages that no longer are in any site (the cache would grow with every
    edit): those this build did not make and no site build links to."""
    for entry in folder.glob("*/*") if folder.is_dir() else []:
        if entry.name not in used and entry.stat().st_nlink == 1:
            entry.unlink()


def finish_site(
    site: Path,
    settings: Settings,
    timings: dict[str, float] | None = None,
    kept: Sequence[str] = (),
    index: Path | None = None,
    site_files: bool = True,
) -> None:
    """What the whole site needs once all its languages are on disk. `kept`: languages
    whose folder is the last build's (the security policy is in their pages already);
    `index`: the search index of each built language, index/<lang>/ (build_languages),
    and the kept languages' (index/~kept/, _stage_index); without it, the whole site is
    indexed. `site_files`: write_site_files too (build_site writes them while the
    languages build)."""
    timings = {} if timings is None else timings
    start = time.perf_counter()
    write_policy(site, kept)
    timings["security policy"] = time.perf_counter() - start
    start = time.perf_counter()
    if index is None or not _assemble_index(site, index):
        _pagefind(site, [])
        _sort_pagefind_entry(site / "pagefind" / "pagefind-entry.json")
    timings["search index"] = time.perf_counter() - start
    start = time.perf_counter()
    if site_files:
        write_site_files(site, settings)
    write_admin(site, settings)  # after the search index: its page is one Pagefind would read
    timings["post-build"] = time.perf_counter() - start


def write_site_files(site: Path, settings: Settings) -> None:
    """The site's files that no engine writes and no page is made of: the sitemap (from
    the index of the pages the core generated), `_redirects` and `_headers`."""
    # Netlify and Cloudflare Pages: a missing page under /<lang>/ gets that language's 404
    # (each language build wrote its own: portal/engines/mkdocs/hooks.py).
    rules = [
        f"/{lang}/* /{lang}/404.html 404" for lang in sorted(settings.languages) if lang != settings.default_language
    ]
    (site / "_redirects").write_text("".join(f"{rule}\n" for rule in rules), encoding="utf-8")
    write_sitemap(site, index_path(settings))
    write_headers(site)


def _pagefind(site: Path, options: list[str]) -> None:
    indexed = subprocess.run(
        [
            # The binary itself: `python -m pagefind` would start Python to start it.
            str(pagefind_bin_extended.get_executable()),
            "--site",
            str(site),
            "--exclude-selectors",
            ".headerlink",
            "--silent",
            *options,
        ]
    )
    if indexed.returncode != 0:
        raise EngineError("Pagefind could not index the site (see its message above)")


KEPT_INDEX = "~kept"  # the part of the index that is the last build's (no language's code)


def _stage_index(old: Path, kept: Sequence[str], staged: Path) -> bool:
    """The last build's index files of the `kept` languages linked into `staged`, with
    their entries (while the other languages build); False when that index cannot be read."""
    try:
        entry = json.loads((old / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    for file in sorted(old.rglob("*")):
        relative = file.relative_to(old)
        if file.is_file() and any(_language_file(relative, lang) for lang in kept):
            (staged / relative).parent.mkdir(parents=True, exist_ok=True)
            link_file(file, staged / relative)
    staged.mkdir(parents=True, exist_ok=True)
    entry["languages"] = {lang: e for lang, e in entry["languages"].items() if lang in kept}
    (staged / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    return True


def _assemble_index(site: Path, index: Path) -> bool:
    """site/pagefind from the index of each built language (index/<lang>/, Pagefind run
    on that language's folder alone) and of the kept ones (index/~kept/): the bytes a
    run over the whole site writes. Pagefind (1.x) has no incremental mode, but it
    writes each language's index to files of its own (pagefind.<lang>_<hash>.pf_meta,
    index/ and fragment/<lang>_…, wasm.<lang>.pagefind) whose bytes depend on that
    language's pages only, and lists the languages in pagefind-entry.json
    (tests/test_sitebuild.py compares the two). False (nothing written) when the parts
    cannot be put together."""
    parts = sorted(index.iterdir()) if index.is_dir() else []
    try:
        entries = [json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8")) for part in parts]
    except (OSError, ValueError):
        return False
    if not entries or len({entry["version"] for entry in entries}) > 1:
        return False
    target = site / "pagefind"
    if (index / KEPT_INDEX).is_dir():  # linked while the other languages built: moved as it is
        os.rename(index / KEPT_INDEX, target)
    merged = dict(entries[0], languages={})
    for part, entry in zip(parts, entries, strict=True):
        merged["languages"].update(entry["languages"])
        for file in sorted(part.rglob("*")) if part.name != KEPT_INDEX else []:
            relative = file.relative_to(part)
            if file.is_file() and relative.name != "pagefind-entry.json" and not (target / relative).exists():
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                link_file(file, target / relative)
    path = target / "pagefind-entry.json"
    path.write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _sort_pagefind_entry(path)
    return True


def _language_file(relative: Path, lang: str) -> bool:
    """A file of Pagefind's index that belongs to `lang` (its meta, index, fragments and
    stemming module); the others (the scripts, the unknown language's module) are shared."""
    name = relative.name
    return (
        name.startswith(f"pagefind.{lang}_")
        or name == f"wasm.{lang}.pagefind"
        or (len(relative.parts) > 1 and name.startswith(f"{lang}_"))
    )


def _sort_pagefind_entry(path: Path) -> None:
    """Pagefind lists the languages of its index in the order its threads finish: sorted,
    two builds of the same content give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
