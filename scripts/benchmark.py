"""Build-speed benchmark: our build against plain MkDocs + Material + static-i18n, same
machine, same run.

For each number of languages (4: en vi ru zh; 8: also ja ko lo km, the site's own) and each size (records per language) it generates synthetic
provinces outside content/ (in a temporary folder) and times
  ours          `python -m portal build`: YAML to finished site (check, render, every
                language with MkDocs in parallel, Pagefind's index, sitemap, headers);
  edited        `portal build` again after one record's paragraph changed (renders and
                builds again only what the edit affects), and once more with nothing
                changed;
  same nav      plain MkDocs + Material + static-i18n with Material's own search on the
                very Markdown pages our build generated, with our section-only `nav`
                (as a competent Material user configures a site of a thousand records);
  automatic nav the same without `nav` (MkDocs lists every page on every page; its
                time grows with the square of the pages: above --auto-nav-up-to, skipped);
and prints the times, the ratios, time per page, peak memory (the sum over the build's
processes of their proportional set size, sampled from /proc: Linux only), and where our
build's time goes.

With --preview it times the preview server instead: at each size it starts
`python -m portal serve --lang ru` on the synthetic project, edits a paragraph of one
record five times, and times each edit until the served page holds the new text (polling
over HTTP, as a browser's live reload would); it prints the median and the slowest.

    python scripts/benchmark.py [--sizes 100 1000] [--languages 4 8] [--auto-nav-up-to 1000] [--preview]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The site's own languages first; the others as a site with eight languages would add them.
LANGUAGES = ("en", "vi", "ru", "zh", "ja", "ko", "lo", "km")
# Synthetic words in each language's script, so that search indexing has real work.
WORDS = {
    "vi": "tỉnh thông tin đối ngoại phát triển du lịch đầu tư văn hóa người dân kế hoạch biển núi".split(),
    "en": "province information external development tourism investment culture people plan sea mountain".split(),
    "ru": "провинция информация внешняя развитие туризм инвестиции культура люди план море горы".split(),
    "zh": "省 信息 对外 发展 旅游 投资 文化 人民 计划 海洋 山区".split(),
    "ja": "省 情報 対外 発展 観光 投資 文化 人々 計画 海 山".split(),
    "ko": "성 정보 대외 발전 관광 투자 문화 사람 계획 바다 산".split(),
    "lo": "ແຂວງ ຂໍ້ມູນ ການຕ່າງປະເທດ ການພັດທະນາ ທ່ອງທ່ຽວ ການລົງທຶນ ວັດທະນະທຳ ປະຊາຊົນ ແຜນການ ທະເລ ພູ".split(),
    "km": "ខេត្ត ព័ត៌មាន ការបរទេស ការអភិវឌ្ឍ ទេសចរណ៍ ការវិនិយោគ វប្បធម៌ ប្រជាជន ផែនការ សមុទ្រ ភ្នំ".split(),
}
UNSPACED = ("zh", "ja", "lo", "km")  # written without spaces between words


def text(lang: str, rng: random.Random, words: int) -> str:
    joiner = "" if lang in UNSPACED else " "
    return joiner.join(rng.choice(WORDS[lang]) for _ in range(words)).capitalize() + (
        "。" if lang in ("zh", "ja") else "."
    )


def province(lang: str, index: int, rng: random.Random) -> dict:
    words = {
        "name": f"{text(lang, rng, 2)[:-1]} {index}",
        "official_name": f"{text(lang, rng, 3)[:-1]} {index}",
        "overview": [text(lang, rng, 60) for _ in range(3)],
        "key_facts": [{"id": f"k{k}", "label": text(lang, rng, 3), "text": text(lang, rng, 12)} for k in range(3)],
        "sources": [{"id": "s1", "title": text(lang, rng, 8)}],
    }
    if lang != "vi":
        return words
    facts = {"status": "province", "status_since": "2025-07-01", "status_source": "s1", "region": "central_highlands"}
    words["key_facts"] = [dict(k, source="s1") for k in words["key_facts"]]
    words["sources"] = [dict(words["sources"][0], date="2025-06-12")]
    return {**facts, **words}


def make_project(folder: Path, size: int, languages: int = 4) -> Path:
    """A copy of the project's configuration and pages with `size` synthetic records in
    each of the first `languages` languages."""
    folder.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "portal"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    if (ROOT / "node_modules").is_dir():  # the web editor's bundle, copied by the build
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    site_languages = LANGUAGES[:languages]
    # The site's own entries of the languages measured (mkdocs.yml lists all of them).
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(
        r"^        - locale: (\w+)\n(?:          .*\n)*",
        lambda entry: entry.group(0) if entry.group(1) in site_languages else "",
        config,
        flags=re.M,
    )
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    for lang in site_languages:
        records = folder / "content" / lang / "provinces"
        records.mkdir(parents=True)
        shutil.copy2(ROOT / "content" / lang / "interface.yaml", folder / "content" / lang / "interface.yaml")
        rng = random.Random(f"{lang}-{size}")
        for index in range(size):
            data = province(lang, index, rng)
            (records / f"p{index:05d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def make_baseline(ours: Path, folder: Path, languages: int, same_nav: bool) -> Path:
    """Plain MkDocs + Material (default features) + static-i18n + Material's search, on
    the Markdown pages our build generated; with our `nav` or without one."""
    folder.mkdir()
    shutil.copytree(ours / "build" / "docs", folder / "docs")
    # Material ships no interface words for Lao and Khmer: a competent user adds the two
    # partials, as this project does.
    shutil.copytree(ROOT / "overrides" / "partials" / "languages", folder / "theme" / "partials" / "languages")
    ours_config = yaml.load((ours / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)
    i18n = next(p["i18n"] for p in ours_config["plugins"] if isinstance(p, dict) and "i18n" in p)
    names = {entry["locale"]: entry["name"] for entry in i18n["languages"]}
    config = {
        "site_name": "Baseline",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "en", "custom_dir": "theme"},
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", "toc"],
        "plugins": [
            "search",
            {
                "i18n": {
                    "docs_structure": "folder",
                    "languages": [
                        {"locale": lang, "name": names[lang], "default": lang == "en", "build": True}
                        for lang in LANGUAGES[:languages]
                    ],
                }
            },
        ],
    }
    if same_nav:
        config["nav"] = ours_config["nav"]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml's !ENV and !!python tags: the benchmark reads its `nav` only."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def _tree_memory(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants, from /proc: each one's
    proportional set size, so that pages a forked process shares with its parent (the
    render's processes start as copies of the build's) are counted once, not in each."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as rollup:
                total += 1024 * int(re.search(rb"^Pss:\s+(\d+) kB", rollup.read(), re.M).group(1))
        except (OSError, AttributeError):  # ended meanwhile
            pass
        todo += children.get(current, [])
    return total


def measure(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Seconds, peak memory (bytes, every process of the command together) and stderr."""
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_memory(process.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stderr[-3000:]}")
    return seconds, peak, stderr


PREVIEW_LANGUAGE = "ru"
EDITS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    """The text at `url`, or "" when the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> float | None:
    """Seconds until the page at `url` holds `text`; None if it does not within `seconds`."""
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > seconds:
            return None
        time.sleep(0.05)
    return time.perf_counter() - start


def _shown(url: str, text: str, seconds: float) -> float:
    elapsed = wait_for(url, text, seconds)
    if elapsed is None:
        raise SystemExit(f"{url} did not show {text!r} within {seconds:.0f} s")
    return elapsed


def time_preview(project: Path, size: int) -> list[float]:
    """Seconds from saving an edit to the served page showing it, for each of EDITS edits
    of one record's first paragraph in the previewed language."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "portal",
            "--root",
            str(project),
            "serve",
            "--lang",
            PREVIEW_LANGUAGE,
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    record_id = f"p{size // 2:05d}"
    record = project / "content" / PREVIEW_LANGUAGE / "provinces" / f"{record_id}.yaml"
    url = f"http://127.0.0.1:{port}/provinces/{record_id}/"  # the previewed language is served at the root
    try:
        _shown(url, "<h1", 1800)
        times = []
        for edit in range(EDITS):
            data = yaml.safe_load(record.read_text(encoding="utf-8"))
            marker = f"правка{edit}метка"
            data["overview"][0] = f"{marker} {data['overview'][0]}"
            record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            times.append(_shown(url, marker, 120))
            time.sleep(1)  # let the server finish reloading before the next edit
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def edit_record(project: Path, size: int, marker: str) -> None:
    """Change one paragraph of one record (the default language's words of a province)."""
    record = project / "content" / "en" / "provinces" / f"p{size // 2:05d}.yaml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["overview"][0] = f"{marker} {data['overview'][0]}"
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def run_builds(size: int, languages: int, auto_nav: bool, same_nav: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        ours = make_project(Path(temporary) / "ours", size, languages)
        timings = Path(temporary) / "timings.json"
        portal = [sys.executable, "-m", "portal", "--root", str(ours), "build"]
        row: dict = {"size": size, "languages": languages}
        row["ours"], row["ours_peak"], _ = measure([*portal, "--clean", "--timings", str(timings)], ROOT)
        row["split"] = json.loads(timings.read_text(encoding="utf-8"))
        row["pages"] = sum(1 for _ in (ours / "site").resolve().rglob("index.html"))
        edit_record(ours, size, "benchmark-edit")
        row["edited"], _, stderr = measure(
            [*portal, "-v", "--timings", str(timings)], ROOT
        )  # -v: the pages rendered and built
        row["edited_split"] = json.loads(timings.read_text(encoding="utf-8"))
        row["rendered"] = re.search(r"(\d+) of \d+ pages rendered", stderr).group(1)
        row["rebuilt"] = re.search(r"(\d+) of \d+ pages built", stderr).group(1)
        row["unchanged"], _, stderr = measure(portal, ROOT)
        assert "nothing changed" not in stderr
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
        if same_nav:
            same = make_baseline(ours, Path(temporary) / "same-nav", languages, same_nav=True)
            row["same"], row["same_peak"], _ = measure(mkdocs, same)
        if auto_nav:
            automatic = make_baseline(ours, Path(temporary) / "auto-nav", languages, same_nav=False)
            row["auto"], row["auto_peak"], _ = measure(mkdocs, automatic)
        print(f"measured {size} records x {languages} languages", file=sys.stderr, flush=True)
        return row


def print_tables(rows: list[dict]) -> None:
    mb = 1024 * 1024
    print(
        "| records per language | languages | pages | ours (s) | baseline, same nav (s) | baseline, automatic nav (s) "
        "| ours / same nav | ours / automatic nav | ours per page (ms) | peak memory, ours / same nav (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        auto = f"{r['auto']:.1f}" if "auto" in r else "-"
        auto_ratio = f"{r['ours'] / r['auto']:.2f}" if "auto" in r else "-"
        same = f"{r['same']:.1f}" if "same" in r else "-"
        same_ratio = f"{r['ours'] / r['same']:.2f}" if "same" in r else "-"
        same_peak = f"{r['same_peak'] / mb:.0f}" if "same" in r else "-"
        print(
            f"| {r['size']} | {r['languages']} | {r['pages']} | {r['ours']:.1f} | {same} | {auto} | "
            f"{same_ratio} | {auto_ratio} | {1000 * r['ours'] / r['pages']:.1f} | "
            f"{r['ours_peak'] / mb:.0f} / {same_peak} |"
        )
    print()
    print("Where our full build's time goes (s; the languages are built at once, so their sum exceeds the wall time):")
    print()
    print(
        "| records per language | languages | load and check | render | engine, each language "
        "| search index, each language (as its group finishes) | engines and indexes, all languages "
        "| sitemap and headers (while the languages build) | security policy | search index put together | post-build |"
    )
    print("|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        split = r["split"]
        each = ", ".join(
            f"{key.split()[-1]} {value:.1f}"
            for key, value in split.items()
            if key.startswith("engine ") and "," not in key
        )
        print(
            f"| {r['size']} | {r['languages']} | {split['load and check']:.1f} | {split['render']:.1f} | {each} | "
            f"{split.get('search index, each language', 0):.1f} | {split['engines and search indexes, all languages']:.1f} | "
            f"{split['sitemap and headers (while the languages build)']:.1f} | "
            f"{split['security policy']:.1f} | {split['search index']:.1f} | {split['post-build']:.1f} |"
        )
    print()
    print(
        "| records per language | languages | full build (s) | one record edited (s) | pages rendered | pages built by the engine | edited / full | nothing changed (s) | nothing / full |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['size']} | {r['languages']} | {r['ours']:.1f} | {r['edited']:.1f} | {r['rendered']} | {r['rebuilt']} | {r['edited'] / r['ours']:.2f} | "
            f"{r['unchanged']:.1f} | {r['unchanged'] / r['ours']:.2f} |"
        )
    print()
    print("Where the build after one edited record spends its time (s):")
    print()
    steps = (
        "load and check",
        "render",
        "search index, each language",
        "engines and search indexes, all languages",
        "unchanged languages linked (while the others build)",
        "sitemap and headers (while the languages build)",
        "security policy",
        "search index",
        "post-build",
    )
    print("| records per language | languages | languages built | " + " | ".join(steps) + " |")
    print("|---:|---:|---|" + "---:|" * len(steps))
    for r in rows:
        split = r["edited_split"]
        built = ", ".join(key.split()[-1] for key in split if key.startswith("engine ") and "," not in key)
        print(
            f"| {r['size']} | {r['languages']} | {built} | "
            + " | ".join(f"{split.get(step, 0):.1f}" for step in steps)
            + " |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="records per language")
    parser.add_argument("--languages", type=int, nargs="+", default=[4], choices=[4, 8], help="numbers of languages")
    parser.add_argument(
        "--auto-nav-up-to",
        type=int,
        default=1000,
        help="time the baseline without `nav` (quadratic: slow) up to this size",
    )
    parser.add_argument(
        "--same-nav-up-to",
        type=int,
        help="time the same-nav baseline up to this size only (at 5,000 records x 8 languages it "
        "had not finished after 35 minutes on 2 cores); default: every size",
    )
    parser.add_argument(
        "--preview", action="store_true", help="time edits shown by the preview server instead of builds"
    )
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sizes = args.sizes
    if args.preview:
        print(
            f"| records per language | pages ({PREVIEW_LANGUAGE}) | edit to page, median (s) | slowest of {EDITS} (s) |"
        )
        print("|---:|---:|---:|---:|")
        for size in sizes:
            with tempfile.TemporaryDirectory() as temporary:
                project = make_project(Path(temporary) / "ours", size)
                times = time_preview(project, size)
                pages = sum(1 for _ in (project / "build" / "preview" / PREVIEW_LANGUAGE / "site").rglob("index.html"))
                print(f"| {size} | {pages} | {statistics.median(times):.2f} | {max(times):.2f} |", flush=True)
        return
    rows = []
    for languages in args.languages:
        for size in sizes:
            same_nav = args.same_nav_up_to is None or size <= args.same_nav_up_to
            rows.append(run_builds(size, languages, size <= args.auto_nav_up_to, same_nav))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # each size as soon as it is measured
    print_tables(rows)


if __name__ == "__main__":
    main()
