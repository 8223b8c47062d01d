"""Command line: `python -m portal check | build | serve`.

check  load and validate all content; print every problem as file:line: field: message
status translation status of every record and language (current, outdated, missing)
stamp  record in the named translation files that they match the source's current words
schema write the JSON Schema files and the schema lines of content files
new    a new record in the source language with every field described, and stubs
build  check, generate the pages, build every language with MkDocs (in parallel,
       reusing the pages nothing changed; portal/sitebuild.py) into a fresh folder, and
       only when that succeeded put it in place of site/ (a failed build leaves the last
       good site untouched); nothing changed since the last build: says so and stops
editor the web editor (/admin/ of the built site) on this machine, saving into content/
serve  preview one language with live reload; an edit shows in about a second
       (portal/engines/mkdocs/preview.py)"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from . import cms, schema, sitebuild, translations
from .content import CheckCache, Content
from .digests import hashed_once, known, remember
from .engines import ENGINES, Engine, EngineError, engine
from .errors import ContentError
from .processes import in_forked_process
from .render import generate, load_site
from .scaffold import scaffold
from .settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def _load(root: Path, summary: bool = True, clean: bool = False, jobs: int | None = None) -> Content | None:
    """The checked content, or None after printing every problem (to stderr, so that
    what a command prints on stdout is only its result); with `summary`, what it holds.
    `clean`: every file checked again, none of the checks kept from the last run used.
    `jobs`: processes that may parse and check files at once (default: one a core)."""
    try:
        settings = load_settings(root)
        content = load_site(settings, cache=CheckCache.of(settings, fresh=clean), jobs=jobs or os.cpu_count() or 1)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return None
    counts = ", ".join(f"{len(content.of(c))} {c}" for c in content.entries if content.of(c))
    if summary:
        print(f"content is valid: {counts} in {len(content.settings.languages)} languages", file=sys.stderr)
    return content


def check(root: Path) -> int:
    return 0 if _load(root) else 1


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build of a project at a time: two builds write the same generated pages and
    clear each other's folders. A second build waits for the first, and says so."""
    # The lock is taken on mkdocs.yml itself: it exists in every project, and a failed
    # build leaves nothing behind.
    config = root / "mkdocs.yml"
    if not config.is_file():  # load_settings reports it
        yield
        return
    with open(config, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another build of this project is running; waiting for it to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(
    root: Path,
    site_dir: Path,
    jobs: int | None = None,
    clean: bool = False,
    timings_file: Path | None = None,
    verbose: bool = False,
    engine_name: str = ENGINES[0],
) -> int:
    """Quiet unless `verbose`: the problems, one line each, and the line saying where the
    site is (with -v: what the content holds, the pages built and reused, the time of each
    step and MkDocs's own log)."""
    builder = engine(engine_name)
    with build_lock(root), hashed_once():
        timings: dict[str, float] = {}
        inputs = sitebuild.inputs_digest(root, builder)
        if not clean and sitebuild.up_to_date(root, site_dir, inputs):
            print(f"nothing changed since the last build: {site_dir.name}/ is up to date")
            return 0
        jobs = jobs or os.cpu_count() or 1
        # The engine starts before the content is checked and rendered (a process per core).
        with builder.prepare(jobs):
            # The content is checked and rendered by a process of its own, whose memory
            # (every record, every page) goes back to the system before the engine's
            # processes and Pagefind run.
            checked = in_forked_process(_check_and_render, root, clean, verbose, jobs)
            if checked is None:
                return 1
            steps, hashes = checked
            timings.update(steps)
            remember(hashes)
            code = publish(load_settings(root), site_dir, inputs, jobs, clean, timings, builder, verbose)
        if timings_file is not None:
            timings_file.write_text(json.dumps(timings, indent=1), encoding="utf-8")
        if verbose:
            print("time: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()), file=sys.stderr)
        return code


def publish(
    settings: Settings,
    site_dir: Path,
    inputs: str,
    jobs: int,
    clean: bool,
    timings: dict[str, float],
    builder: Engine,
    verbose: bool,
) -> int:
    """Build into a fresh folder beside the site, then point `site_dir` at it.

    `site_dir` is a symbolic link to the current build; the switch is one atomic rename
    of a new link over the old one, so at every moment `site_dir` is a complete site
    (the previous one until the switch, the new one after it), even if the build is
    killed. Static hosts and upload tools follow the link."""
    site_dir = site_dir.absolute()
    builds = site_dir.with_name(f".{site_dir.name}-builds")
    builds.mkdir(exist_ok=True)
    current = site_dir.resolve() if site_dir.is_symlink() else None
    for leftover in builds.iterdir():  # builds that a killed run left behind
        if leftover != current:
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    last = sitebuild.last_build(settings.root, site_dir)
    fresh = Path(tempfile.mkdtemp(prefix="build-", dir=builds))
    try:
        built = sitebuild.build_site(
            settings,
            fresh,
            jobs,
            reuse=not clean,
            timings=timings,
            builder=builder,
            verbose=verbose,
            previous=current,
            last=last and last.get("languages"),
        )
    except EngineError as error:
        print(error, file=sys.stderr)
        built = None
    if built is None:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"the build failed; {site_dir.name}/ was left as it was", file=sys.stderr)
        return 1
    fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    link = builds / f"link-{os.getpid()}"
    link.symlink_to(os.path.relpath(fresh, site_dir.parent))  # relative: the project may move
    if site_dir.exists() and not site_dir.is_symlink():
        # A site from before links were used: keep it until the new link is in place.
        site_dir.rename(builds / "previous")
    os.replace(link, site_dir)
    sitebuild.record_inputs(settings.root, site_dir, inputs, built)
    # The previous build is no longer served: removed by a process of its own, as deleting
    # thousands of files can take longer than the build after an edit (and the next build
    # removes whatever is left of it).
    old = [str(folder) for folder in (current, builds / "previous") if folder is not None and folder.exists()]
    if old:
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)",
                *old,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    print(f"site built in {site_dir} (-> {fresh.name})")
    return 0


def _check_and_render(
    root: Path, clean: bool, verbose: bool, jobs: int
) -> tuple[dict[str, float], dict[str, str]] | None:
    """Load, check and render the content into the generated pages; the time of each
    step and the hashes of the generated files (digests.known), or None after printing
    the content's problems."""
    timings = {}
    start = time.perf_counter()
    content = _load(root, summary=verbose, clean=clean, jobs=jobs)
    timings["load and check"] = time.perf_counter() - start
    if content is None:
        return None
    start = time.perf_counter()
    rendered: dict[str, int] = {}
    # MkDocs validates its docs_dir before any hook runs.
    generate(content, rendered, jobs)
    timings["render"] = time.perf_counter() - start
    if verbose:
        print(
            f"{rendered['rendered']} of {rendered['pages']} pages rendered from the content, the others unchanged",
            file=sys.stderr,
        )
    return timings, known(content.settings.generated_dir)


def build_part(root: Path, languages: list[str], parts: Path, verbose: bool, engine_name: str = ENGINES[0]) -> int:
    """CI's matrix: some languages only, each into parts/<lang>/ (uploaded; `merge`
    puts the parts together)."""
    with build_lock(root):
        content = _load(root, summary=verbose)
        if content is None:
            return 1
        unknown = [lang for lang in languages if lang not in content.settings.languages]
        if unknown:
            print(f"--languages: {', '.join(unknown)} not a language of the site (mkdocs.yml)", file=sys.stderr)
            return 2
        generate(content)
        timings: dict[str, float] = {}
        builder = engine(engine_name)
        jobs = os.cpu_count() or 1
        with builder.prepare(jobs):
            results = sitebuild.build_languages(
                content.settings, {lang: parts / lang for lang in languages}, jobs, True, timings, builder, verbose
            )
        if verbose:
            print("time: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()), file=sys.stderr)
        return 0 if results is not None else 1


def merge(root: Path, parts: Path, site_dir: Path) -> int:
    """CI's final job: the parts of every language (build --part-dir) as one site, with
    its search index, sitemap and headers."""
    settings = load_settings(root)
    missing = [lang for lang in settings.languages if not (parts / lang).is_dir()]
    if missing:
        print(
            f"{parts}: no part for {', '.join(missing)}; build them with `portal build --languages ... --part-dir`",
            file=sys.stderr,
        )
        return 1
    if site_dir.exists():
        print(f"{site_dir} exists: merge writes a new folder", file=sys.stderr)
        return 1
    # The sitemap is made from what the pages' heads say, noted while the pages are
    # generated: this job generates them too (the parts were built on other machines).
    content = _load(root, summary=False)
    if content is None:
        return 1
    generate(content)
    shutil.copytree(parts / settings.default_language, site_dir)
    sitebuild.merge(site_dir, {lang: parts / lang for lang in settings.languages}, settings.default_language)
    sitebuild.finish_site(site_dir, settings)
    print(f"site merged in {site_dir}")
    return 0


def groups(root: Path, jobs: int) -> int:
    """The languages dealt out to `jobs` CI jobs, as JSON for a matrix."""
    print(json.dumps([",".join(group) for group in sitebuild.language_groups(load_settings(root).languages, jobs)]))
    return 0


def status(root: Path, markdown: bool, fail_on: list[str], since: str | None = None) -> int:
    content = _load(root)
    if content is None:
        return 1
    if since is None:
        print(translations.report(content, markdown), end="")
    else:
        try:
            before = translations.content_at(root, since)
        except ContentError as error:
            print(
                f"the content of {since} has problems, so what it translated is unknown:\n{error.report()}",
                file=sys.stderr,
            )
            return 1
        print(translations.since_report(before, content, since, markdown), end="")
    states = {state for _, row in translations.matrix(content) for state in row.values()}
    return 1 if states & set(fail_on) else 0


def stamp(root: Path, files: list[Path], all_outdated: bool) -> int:
    content = _load(root)
    if content is None:
        return 1
    plan, refused = translations.plan_stamps(content, files, all_outdated)
    if refused:
        print("\n".join(refused) + "\nNothing was stamped.", file=sys.stderr)
        return 1
    if not plan:
        print("every translation is current: nothing to stamp")
        return 0
    if not files:
        print(f"--all-outdated: marking {len(plan)} outdated translation(s) current without naming them")
    for path, source_hash in plan:
        translations.stamp(content, path, source_hash)
        print(f"{path}: source_hash {source_hash}")
    return 0


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def editor(root: Path, port: int | None) -> int:
    """The web editor on this machine, without an account: the built site's /admin/ on
    127.0.0.1, where Sveltia CMS edits a folder the editor picks (the project) and saves
    into it directly (Chromium, Chrome or Edge: the File System Access API)."""
    site = root / "site"
    if not (site / "admin" / "index.html").is_file():
        print("site/admin/ is missing: run `make build` first", file=sys.stderr)
        return 1
    try:
        server = cms.serve_site(site.resolve(), load_settings(root), port or cms.free_port())
    except OSError as error:
        print(f"port {port} is taken ({error.strerror}); choose another with --port", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by its process id as by Ctrl+C
    print(
        f"web editor: http://127.0.0.1:{server.server_address[1]}/admin/ in Chromium, Chrome or Edge: "
        f'choose "Work with Local Repository" and pick {root.resolve()} (saves go to content/ there; Ctrl+C stops)',
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def make_schema(root: Path, check_only: bool) -> int:
    settings = load_settings(root)
    if check_only:
        changed = sorted(schema.stale(settings))
        for relative in changed:
            print(f"{relative}: out of date; run `make schema` and commit the result", file=sys.stderr)
        return 1 if changed else 0
    for relative in schema.write(settings):
        print(f"wrote {relative}")
    return 0


def new(root: Path, collection: str, record_id: str) -> int:
    settings = load_settings(root)
    try:
        paths = scaffold(settings, collection, record_id)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path.relative_to(root)}")
    print(
        f"fill in {paths[[p.parts[-3] for p in paths].index(settings.source_language)].relative_to(root)}, then run `make check`"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate all content")
    build_parser = commands.add_parser("build", help="build the site into site/")
    build_parser.add_argument("--site-dir", type=Path, help="default: site/ in the project folder")
    build_parser.add_argument("--jobs", type=int, help="languages built at once (default: one per core)")
    build_parser.add_argument(
        "--clean", action="store_true", help="build every page again (reuse nothing from the last build)"
    )
    build_parser.add_argument("--timings", type=Path, help="write the seconds of each step to this JSON file")
    build_parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the pages built and reused, the time of each step and MkDocs's own log",
    )
    build_parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=ENGINES[0],
        help="what turns the pages into HTML (default: mkdocs, with Material and static-i18n; "
        "zensical: its successor, see README)",
    )
    build_parser.add_argument(
        "--languages", help="CI: build only these languages (comma-separated) into --part-dir, for `merge`"
    )
    build_parser.add_argument(
        "--part-dir",
        type=Path,
        default=Path("parts"),
        help="with --languages: where each language's build goes (default: parts/)",
    )
    merge_parser = commands.add_parser(
        "merge", help="CI: the language parts of `build --languages` as one finished site"
    )
    merge_parser.add_argument("--part-dir", type=Path, default=Path("parts"))
    merge_parser.add_argument("--site-dir", type=Path, default=Path("site"))
    groups_parser = commands.add_parser("groups", help="CI: the languages dealt out to N jobs, as JSON")
    groups_parser.add_argument("jobs", type=int)
    status_parser = commands.add_parser("status", help="translation status of every record and language")
    status_parser.add_argument("--markdown", action="store_true", help="as a Markdown table (for CI job summaries)")
    status_parser.add_argument(
        "--fail-on", default="", help="exit 1 if any translation is in these states, e.g. outdated,missing"
    )
    status_parser.add_argument(
        "--since",
        metavar="GIT_REF",
        help="only the translations current at this commit and outdated now "
        "(a pull request's base, e.g. HEAD^1), with their diffs",
    )
    stamp_parser = commands.add_parser("stamp", help="mark translations as made from the source's current words")
    stamp_parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="translation files whose translator checked them against the source's current words",
    )
    stamp_parser.add_argument(
        "--all-outdated",
        action="store_true",
        help="without files: stamp every outdated translation (after checking them all)",
    )
    schema_parser = commands.add_parser(
        "schema", help="write the JSON Schema files and the schema lines of content files"
    )
    schema_parser.add_argument("--check", action="store_true", help="only report what is out of date (exit 1)")
    new_parser = commands.add_parser("new", help="a new record with every field described, and translation stubs")
    new_parser.add_argument("collection", help="provinces, plans or contacts")
    new_parser.add_argument("id", help="lowercase ASCII, digits and hyphens, e.g. quang-ngai")
    editor_parser = commands.add_parser("editor", help="the web editor (/admin/) on this machine, saving into content/")
    editor_parser.add_argument("--port", type=int, help="port to serve on (default: a free one)")
    serve_parser = commands.add_parser("serve", help="preview one language with live reload")
    serve_parser.add_argument("--lang", help="the language to preview (default: the site's default language)")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on")
    serve_parser.add_argument("--engine", choices=ENGINES, default=ENGINES[0], help="as for build")
    serve_parser.add_argument(
        "-v", "--verbose", action="store_true", help="also print MkDocs's own log (each rebuild's steps)"
    )
    args = parser.parse_args(argv)
    try:
        return _run(args, args.root.resolve())
    except ContentError as error:  # mkdocs.yml itself is wrong
        print(error.report(), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "check":
        return check(root)
    if args.command == "build" and args.languages:
        return build_part(root, args.languages.split(","), args.part_dir.absolute(), args.verbose, args.engine)
    if args.command == "merge":
        return merge(root, args.part_dir.absolute(), args.site_dir.absolute())
    if args.command == "groups":
        return groups(root, args.jobs)
    if args.command == "build":
        return build(
            root, args.site_dir or root / "site", args.jobs, args.clean, args.timings, args.verbose, args.engine
        )
    if args.command == "status":
        return status(root, args.markdown, [s for s in args.fail_on.split(",") if s], args.since)
    if args.command == "stamp":
        return stamp(root, args.files, args.all_outdated)
    if args.command == "new":
        return new(root, args.collection, args.id)
    if args.command == "editor":
        return editor(root, args.port)
    if args.command == "schema":
        return make_schema(root, args.check)
    languages = load_settings(root).languages
    lang = args.lang or languages[0]  # the default first
    if lang not in languages:
        print(
            f"--lang {lang}: not a language of the site; choose one of {', '.join(languages)} (mkdocs.yml)",
            file=sys.stderr,
        )
        return 2
    return engine(args.engine).serve(root, lang, args.dev_addr, args.verbose)
