"""Build-speed benchmark: our full build against a plain MkDocs baseline, same machine,
same run.

For each size (records per language, 4 languages) it generates synthetic provinces
outside content/ (in a temporary folder), then times
  ours      `python -m portal build`: YAML to finished site, search index included;
  baseline  plain MkDocs + Material + mkdocs-static-i18n with Material's own search, on
            the very Markdown pages our build generated (so the pages are equivalent).
and prints size, seconds, ratio, time per page and peak memory.

With --preview it times the preview server instead: at each size it starts
`python -m portal serve --lang ru` on the synthetic project, edits a paragraph of one
record five times, and times each edit until the served page holds the new text (polling
over HTTP, as a browser's live reload would); it prints the median and the slowest.

    python scripts/benchmark.py [--sizes 100 1000] [--preview]
"""

from __future__ import annotations

import argparse
import random
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
LANGUAGES = ("vi", "en", "ru", "zh")
# Synthetic words in each language's script, so that search indexing has real work.
WORDS = {
    "vi": "tỉnh thông tin đối ngoại phát triển du lịch đầu tư văn hóa người dân kế hoạch biển núi".split(),
    "en": "province information external development tourism investment culture people plan sea mountain".split(),
    "ru": "провинция информация внешняя развитие туризм инвестиции культура люди план море горы".split(),
    "zh": "省 信息 对外 发展 旅游 投资 文化 人民 计划 海洋 山区".split(),
}
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def text(lang: str, rng: random.Random, words: int) -> str:
    joiner = "" if lang == "zh" else " "
    return joiner.join(rng.choice(WORDS[lang]) for _ in range(words)).capitalize() + ("。" if lang == "zh" else ".")


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


def make_project(folder: Path, size: int) -> Path:
    """A copy of the project's configuration and pages with `size` synthetic records."""
    folder.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "portal"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    for lang in LANGUAGES:
        records = folder / "content" / lang / "provinces"
        records.mkdir(parents=True)
        shutil.copy2(ROOT / "content" / lang / "interface.yaml", folder / "content" / lang / "interface.yaml")
        rng = random.Random(f"{lang}-{size}")
        for index in range(size):
            data = province(lang, index, rng)
            (records / f"p{index:05d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


BASELINE_CONFIG = """\
site_name: Baseline
docs_dir: docs
theme:
  name: material
  language: en
markdown_extensions: [admonition, attr_list, md_in_html, tables, toc]
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {locale: en, name: English, default: true, build: true}
        - {locale: vi, name: Tiếng Việt, build: true}
        - {locale: ru, name: Русский, build: true}
        - {locale: zh, name: 中文, build: true}
"""


def make_baseline(ours: Path, folder: Path) -> Path:
    """Plain MkDocs + Material (default features) + static-i18n + Material's search, on
    the Markdown pages our build generated."""
    folder.mkdir()
    shutil.copytree(ours / "build" / "docs", folder / "docs")
    (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return folder


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True)
    seconds, peak_kb, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed in {cwd}")
    return float(seconds), int(peak_kb)


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
        [sys.executable, "-m", "portal", "--root", str(project), "serve", "--lang", PREVIEW_LANGUAGE, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="records per language")
    parser.add_argument("--preview", action="store_true", help="time edits shown by the preview server instead of builds")
    args = parser.parse_args()
    sizes = args.sizes
    if args.preview:
        print(f"| records per language | pages ({PREVIEW_LANGUAGE}) | edit to page, median (s) | slowest of {EDITS} (s) |")
        print("|---:|---:|---:|---:|")
        for size in sizes:
            with tempfile.TemporaryDirectory() as temporary:
                project = make_project(Path(temporary) / "ours", size)
                times = time_preview(project, size)
                pages = sum(1 for _ in (project / "build" / "preview" / PREVIEW_LANGUAGE / "site").rglob("index.html"))
                print(f"| {size} | {pages} | {statistics.median(times):.2f} | {max(times):.2f} |", flush=True)
        return
    print("| records per language | pages | ours (s) | baseline (s) | ratio | ours per page (ms) | peak memory, ours (MB) | peak memory, baseline (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            ours = make_project(Path(temporary) / "ours", size)
            ours_time, ours_peak = measure([sys.executable, "-m", "portal", "--root", str(ours), "build"], ROOT)
            pages = sum(1 for _ in (ours / "site").rglob("index.html"))
            baseline = make_baseline(ours, Path(temporary) / "baseline")
            env_mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
            base_time, base_peak = measure(env_mkdocs, baseline)
            print(f"| {size} | {pages} | {ours_time:.1f} | {base_time:.1f} | {ours_time / base_time:.2f} | "
                  f"{1000 * ours_time / pages:.1f} | {ours_peak / 1024:.0f} | {base_peak / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
