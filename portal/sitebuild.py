"""The published site from the generated pages (build/docs): every language built by a
MkDocs process of its own, as many at once as the machine has cores, merged into one
site; then, once, what the whole site needs (Pagefind's index, the sitemap, the
security headers, the redirects of the 404 pages, the web editor).

mkdocs-static-i18n builds the languages one after another in one process (its
on_post_build starts a build per further language). A language's build reads only its
own folder of build/docs, so each can run alone: a process loads mkdocs.yml, tells the
plugin which language it builds (as static-i18n's own loop does before each inner build)
and builds it into a folder of its own. The default language's folder becomes the site;
each other language's `<lang>/` folder is moved into it. The files outside the language
folders (theme assets, shared pictures, open data) are the same bytes in every language
build, so the default's are kept. tests/test_sitebuild.py compares the result with
static-i18n's sequential build byte for byte.

A page is reused from the last build when nothing it is made of changed (PageCache):
its Markdown, the menu (titles and addresses of the pages in `nav`), the configuration,
the theme overrides, the portal's code and the versions of MkDocs and its plugins. The
cache is keyed by those bytes, never by file times: build/page-cache/<key>, a hard link
to the page in the site that made it (so it costs no disk), read-only (a tool that
wrote into a published page in place would change the cached one)."""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from .cms import write_admin
from .mkdocslog import show_mkdocs_log, silence_material_banner
from .security import write_headers
from .settings import Settings, load_settings
from .sitemap import write_sitemap

# Bumped when what the cache stores changes meaning.
CACHE_FORMAT = "1"
# Packages whose code shapes a page's HTML.
RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "jinja2")


def cache_dir(root: Path) -> Path:
    return root / "build" / "page-cache"


def _tree_digest(digest: "hashlib._Hash", folder: Path, suffixes: tuple[str, ...] = ()) -> None:
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and "__pycache__" not in path.parts and (not suffixes or path.suffix in suffixes):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def theme_digest(root: Path, site_url: str) -> str:
    """What every page of the site is made of besides its own Markdown and the menu."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for package in RENDERING_PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    digest.update((root / "mkdocs.yml").read_bytes() + b"\0" + site_url.encode() + b"\0")
    _tree_digest(digest, root / "overrides")
    # The hooks, the Markdown extension (portal/links.py) and what they call.
    _tree_digest(digest, Path(__file__).resolve().parent, (".py",))
    return digest.hexdigest()


# What a build reads besides files: the day (upcoming events), the site's address and
# the web editor's settings.
BUILD_ENVIRONMENT = ("PORTAL_TODAY", "SITE_URL", "CMS_REPO", "CMS_BRANCH", "CMS_AUTH_URL")


def inputs_digest(root: Path) -> str:
    """Everything a build is made of: when it is the last good build's, the site is the
    same and nothing needs building."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for package in (*RENDERING_PACKAGES, "pagefind-bin-extended", "pydantic", "pyyaml", "babel"):
        digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
    for name in BUILD_ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    digest.update(f"today={time.strftime('%Y-%m-%d')}\0".encode())
    for name in ("mkdocs.yml", "package-lock.json"):
        path = root / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    for folder in ("content", "docs", "overrides"):
        _tree_digest(digest, root / folder)
    _tree_digest(digest, Path(__file__).resolve().parent)
    return digest.hexdigest()


def _last_builds(root: Path) -> Path:
    return root / "build" / "last-builds.json"


def up_to_date(root: Path, site_dir: Path, inputs: str) -> bool:
    """`site_dir` is the build of these very inputs (and still on disk)."""
    try:
        last = json.loads(_last_builds(root).read_text(encoding="utf-8")).get(str(site_dir.absolute()))
    except (OSError, ValueError):
        return False
    return bool(last) and last["inputs"] == inputs and site_dir.is_symlink() and str(site_dir.resolve()) == last["build"]


def record_inputs(root: Path, site_dir: Path, inputs: str) -> None:
    path = _last_builds(root)
    try:
        builds = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        builds = {}
    builds[str(site_dir.absolute())] = {"inputs": inputs, "build": str(site_dir.resolve())}
    path.write_text(json.dumps(builds, indent=1), encoding="utf-8")


class PageCache:
    """A MkDocs plugin (registered by the language build, not in mkdocs.yml): pages whose
    key is in the cache are linked into the site and left out of the build (MkDocs's
    dirty build skips a page whose file says it is not modified); the others are built
    and stored after a successful build."""

    def __init__(self, folder: Path, theme: str, lang: str, reuse: bool):
        self.folder = folder
        self.theme = theme
        self.lang = lang
        self.reuse = reuse
        self.keys: dict[str, str] = {}  # abs_dest_path -> key, every page of this build
        self.built: list[str] = []  # abs_dest_path of the pages this build rendered

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    # After static-i18n's on_nav (-100) and the hooks': the menu is final. A skipped page
    # is never read, but the menu of every page shows the titles of the pages in it.
    def on_nav(self, nav, config, files):
        menu = hashlib.sha256(f"{self.theme}\0{self.lang}\0".encode())
        # The interface words the theme prints (header, print note, 404 page: the hooks'
        # on_pre_build). Not the day of the build: a reused page keeps the day of its version.
        words = {name: text for name, text in config.extra.get("words", {}).items() if name != "published"}
        menu.update(json.dumps([words, config.extra.get("not_found")], sort_keys=True).encode())
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
            menu.update(f"{page.file.src_uri}\0{page.url}\0{page.title}\0".encode())
        menu = menu.hexdigest()
        for file in files.documentation_pages():
            key = hashlib.sha256(f"{menu}\0{file.src_uri}\0".encode() + Path(file.abs_src_path).read_bytes()).hexdigest()
            self.keys[file.abs_dest_path] = key
            cached = self.entry(key)
            if self.reuse and cached.is_file():
                target = Path(file.abs_dest_path)
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(cached, target)
                file.is_modified = lambda: False
            else:
                file.is_modified = lambda: True
                self.built.append(file.abs_dest_path)
        return nav

    def store(self) -> None:
        for dest in self.built:
            cached = self.entry(self.keys[dest])
            if cached.exists() or not os.path.isfile(dest):
                continue
            cached.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(dest, 0o444)
            _link(Path(dest), cached)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: a copy
        shutil.copyfile(source, target)


def build_language(root: Path, lang: str, site_dir: Path, reuse: bool) -> dict:
    """One language's MkDocs build into `site_dir`, as static-i18n's own loop builds it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    i18n = config.plugins["i18n"]
    # static-i18n builds `current_language`; `building` marks a build of its loop, which
    # starts no further languages (and the hooks leave the site-wide work to us).
    i18n.current_language = lang
    i18n.building = True
    cache = PageCache(cache_dir(root), theme_digest(root, config.site_url or ""), lang, reuse)
    config.plugins["portal/page-cache"] = cache
    # The dirty build is what skips the pages the cache holds (its warning is filtered
    # out: mkdocslog.py).
    config.plugins.on_startup(command="build", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    cache.store()
    return {"pages": len(cache.keys), "built": len(cache.built), "keys": sorted(cache.keys.values())}


def _worker_main(argv: list[str]) -> int:
    """`python -m portal.sitebuild ROOT reuse|clean quiet|verbose LANG=FOLDER...`: build
    those languages one after another (a fresh configuration each, as static-i18n's loop
    does; the process's start, imports and theme are paid once) and print their figures
    as JSON."""
    root, reuse, verbose = Path(argv[0]), argv[1] == "reuse", argv[2] == "verbose"
    jobs = [job.split("=", 1) for job in argv[3:]]
    show_mkdocs_log(verbose)
    results = {}
    for lang, folder in jobs:
        start = time.perf_counter()
        try:
            results[lang] = build_language(root, lang, Path(folder), reuse)
        except Exception as error:  # MkDocs's Abort and plugin errors: said once, no traceback
            print(f"the '{lang}' pages could not be built: {error}", file=sys.stderr)
            return 1
        results[lang]["seconds"] = time.perf_counter() - start
    print(json.dumps(results))
    return 0


def language_groups(languages: tuple[str, ...], jobs: int) -> list[tuple[str, ...]]:
    """The languages dealt out to `jobs` processes (or CI jobs), as evenly as they go."""
    return [group for group in (languages[i::jobs] for i in range(jobs)) if group]


def _run_group(root: Path, folders: dict[str, Path], reuse: bool, verbose: bool) -> dict | None:
    silence_material_banner()  # in the environment the worker inherits
    done = subprocess.run(
        [sys.executable, "-m", "portal.sitebuild", str(root), "reuse" if reuse else "clean", "verbose" if verbose else "quiet",
         *(f"{lang}={folder}" for lang, folder in folders.items())],
        stdout=subprocess.PIPE, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None


def build_languages(settings: Settings, folders: dict[str, Path], jobs: int, reuse: bool, timings: dict[str, float], verbose: bool = False) -> dict | None:
    """Build each language of `folders` into its folder, `jobs` processes at once; the
    figures of each language, or None when one failed (its errors were printed). MkDocs's
    warnings are printed as they come; its other lines and the figures only when
    `verbose`."""
    start = time.perf_counter()
    groups = language_groups(tuple(folders), jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(groups)) as pool:
        runs = [pool.submit(_run_group, settings.root, {lang: folders[lang] for lang in group}, reuse, verbose) for group in groups]
        outcomes = [run.result() for run in runs]
    if None in outcomes:
        return None
    results = {lang: result for outcome in outcomes for lang, result in outcome.items()}
    for lang in folders:
        timings[f"MkDocs {lang}"] = results[lang]["seconds"]
    timings["MkDocs, all languages"] = time.perf_counter() - start
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


def build_site(settings: Settings, fresh: Path, jobs: int, reuse: bool, timings: dict[str, float], verbose: bool = False) -> bool:
    """Build every language into `fresh` (an empty folder), then finish the site. False
    when a language failed."""
    default = settings.default_language
    folders = {lang: fresh if lang == default else fresh.with_name(f"{fresh.name}-{lang}") for lang in settings.languages}
    try:
        results = build_languages(settings, folders, jobs, reuse, timings, verbose)
        if results is None:
            return False
        merge(fresh, folders, default)
    finally:
        for lang, folder in folders.items():
            if lang != default:
                shutil.rmtree(folder, ignore_errors=True)
    finish_site(fresh, settings, timings)
    _prune(cache_dir(settings.root), {key for r in results.values() for key in r["keys"]})
    return True


def _prune(folder: Path, used: set[str]) -> None:
    """Forget pages that no longer are in the site (the cache would grow with every edit)."""
    for entry in folder.glob("*/*") if folder.is_dir() else []:
        if entry.name not in used:
            entry.unlink()


def finish_site(site: Path, settings: Settings, timings: dict[str, float] | None = None) -> None:
    """What the whole site needs once all its languages are on disk."""
    timings = {} if timings is None else timings
    start = time.perf_counter()
    indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink", "--silent"])
    if indexed.returncode != 0:
        raise PluginError("Pagefind could not index the site (see its message above)")
    _sort_pagefind_entry(site / "pagefind" / "pagefind-entry.json")
    timings["search index"] = time.perf_counter() - start
    start = time.perf_counter()
    # Netlify and Cloudflare Pages: a missing page under /<lang>/ gets that language's 404
    # (each language build wrote its own: portal/mkdocs_hooks.py).
    rules = [f"/{lang}/* /{lang}/404.html 404" for lang in sorted(settings.languages) if lang != settings.default_language]
    (site / "_redirects").write_text("".join(f"{rule}\n" for rule in rules), encoding="utf-8")
    write_sitemap(site)
    write_headers(site)
    write_admin(site, settings)
    timings["post-build"] = time.perf_counter() - start


def _sort_pagefind_entry(path: Path) -> None:
    """Pagefind lists the languages of its index in the order its threads finish: sorted,
    two builds of the same content give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(_worker_main(sys.argv[1:]))
