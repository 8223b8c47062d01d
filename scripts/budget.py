"""The page-weight and quality budget of the built site: a visitor's first visit of the
home, the investment catalogue, a province, a plan and an attraction page in every
language weighs at most 50 KB
of gzip-compressed transfer in at most 10 requests with no layout shift (the investment
catalogue too, whose filters appear with a script), Lighthouse (mobile) scores 100 in
performance, accessibility, best practices and SEO, and axe-core finds no violation, in
the light and the dark colour scheme (the site follows the system's setting). A page the
site keeps out of search engines on purpose (noindex: a record not translated into the
page's language, shown in another) is scored without Lighthouse's is-crawlable audit,
which says only that; the table marks it.

The site is served as Netlify or Cloudflare Pages serve it (portal/statichost.py: gzip,
the `_headers` file, 404 pages); Lighthouse runs --runs times a page, each time with an
empty profile, and the median of each figure counts. Builds nothing: measure a built site.

    python scripts/budget.py [--site site] [--runs 3] [--pages / /vi/plans/hue-2024/] [--schemes light dark] [--json out.json]

Prints a Markdown table and exits with status 1, naming what missed, if any budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the portal package of this tree

from portal.statichost import CHROMIUM, CHROMIUM_FLAGS, language_of, serve, site_languages  # noqa: E402

MAX_BYTES = 50_000  # 50 KB transferred (gzip) on the first visit
MAX_REQUESTS = 10
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "BP", "seo": "SEO"}
# The colour scheme the browser reports to the page (prefers-color-scheme): Blink's own
# setting, as Lighthouse starts Chromium itself (0 is dark, 1 is light).
SCHEMES = {"light": "--blink-settings=preferredColorScheme=1", "dark": "--blink-settings=preferredColorScheme=0"}

NODE = ROOT / "node_modules/node/bin/node"  # npm's node@22: Lighthouse 13 needs Node 22.19 or later
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
AXE = ROOT / "node_modules/axe-core/axe.min.js"

# Kinds of page measured besides the home page: their folder, and the schema.org type of
# the page's JSON-LD that tells a record's page from a section's own pages (plans/compare/).
KINDS = {
    "province": ("provinces", "AdministrativeArea"),
    "plan": ("plans", "Legislation"),
    "attraction": ("attractions", "TouristAttraction"),
}


@dataclass
class Result:
    path: str
    language: str
    scheme: str
    indexed: bool  # False: noindex on purpose, scored without the is-crawlable audit
    runs: list[dict] = field(default_factory=list)  # bytes, requests and the scores of each Lighthouse run
    median: dict = field(default_factory=dict)
    failing_audits: dict[str, list[str]] = field(default_factory=dict)  # category -> audits that cost it points
    axe: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        misses = []
        if self.median["bytes"] > MAX_BYTES:
            misses.append(f"{self.median['bytes'] / 1000:.1f} KB transferred (budget {MAX_BYTES / 1000:.0f} KB)")
        if self.median["cls"] > 0:
            misses.append(f"layout shift {self.median['cls']:.3f} (budget 0)")
        if self.median["requests"] > MAX_REQUESTS:
            misses.append(f"{self.median['requests']:g} requests (budget {MAX_REQUESTS})")
        for category in CATEGORIES:
            if self.median[category] != 100:
                score = "no score" if self.median[category] is None else f"{self.median[category]:g}"
                misses.append(f"{category} {score} ({', '.join(self.failing_audits.get(category, []))})")
        if self.axe:
            misses.append("axe: " + ", ".join(self.axe))
        return misses


def _json_ld_type(page: Path) -> str | None:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    return json.loads(block.group(1)).get("@type") if block else None


def _indexable(page: Path) -> bool:
    return not re.search(r'<meta name="robots" content="[^"]*noindex', page.read_text(encoding="utf-8"))


def default_pages(site: Path) -> list[str]:
    """The home page, and of each kind the first record whose page exists in every language,
    translated in as many as possible."""
    prefixes = site_languages(site).values()
    chosen = ["home", "invest/"]  # the catalogue: its filters must not move the page (layout shift)
    for kind, (folder, schema_type) in KINDS.items():
        candidates = []
        for record in sorted((site / folder).iterdir()):
            pages = [site / prefix.lstrip("/") / folder / record.name / "index.html" for prefix in prefixes]
            existing = [page for page in pages if page.is_file()]
            if existing and _json_ld_type(existing[0]) == schema_type:
                candidates.append((-len(existing), -sum(map(_indexable, existing)), f"{folder}/{record.name}/"))
        if not candidates:
            sys.exit(f"{site / folder}: no {kind} page (a folder whose index.html has a {schema_type} JSON-LD)")
        chosen.append(min(candidates)[2])
    return [prefix + ("" if page == "home" else page) for page in chosen for prefix in prefixes]


def lighthouse(url: str, scheme: str, indexed: bool = True, attempts: int = 5) -> dict:
    """One Lighthouse run (mobile, simulated throttling) in a fresh Chromium profile; a page
    not `indexed` (noindex on purpose) without the audit that fails it for being so. A run
    that Lighthouse itself gives up on (e.g. NO_NAVSTART, "run Lighthouse again" on a busy
    machine) is tried again, up to `attempts` times."""
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory(prefix="budget-chromium-") as profile, tempfile.TemporaryDirectory() as out:
            report = Path(out) / "report.json"
            flags = " ".join([*CHROMIUM_FLAGS, SCHEMES[scheme], f"--user-data-dir={profile}"])
            command = [
                str(NODE),
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
                *([] if indexed else ["--skip-audits=is-crawlable"]),
            ]
            run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
            lhr = json.loads(report.read_text(encoding="utf-8")) if run.returncode == 0 and report.is_file() else None
        if lhr and not lhr.get("runtimeError"):
            break
        error = lhr["runtimeError"]["message"] if lhr else f"exit status {run.returncode}: {run.stderr.strip()[-3000:]}"
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts}): {error}", file=sys.stderr, flush=True)
    else:
        sys.exit(f"Lighthouse could not measure {url} in {attempts} attempts; its last error is above")
    requests = lhr["audits"]["network-requests"]["details"]["items"]
    figures = {
        "bytes": sum(item.get("transferSize", 0) for item in requests),
        "requests": len(requests),
        "cls": lhr["audits"]["cumulative-layout-shift"]["numericValue"],
    }
    figures["failing_audits"] = {}
    for category_id in CATEGORIES:
        category = lhr["categories"][category_id]
        figures[category_id] = None if category["score"] is None else round(category["score"] * 100)
        if figures[category_id] != 100:
            figures["failing_audits"][category_id] = _costly_audits(lhr, category_id)
    return figures


def _costly_audits(lhr: dict, category_id: str) -> list[str]:
    """The audits that cost a category points: id, score and what Lighthouse shows of it."""
    found = []
    for ref in lhr["categories"][category_id]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            found.append(" ".join(filter(None, [ref["id"], f"{audit['score']:g}", audit.get("displayValue")])))
    return found


def axe_violations(pages: list[tuple[str, str]]) -> list[list[str]]:
    """axe-core's violations on each (address, colour scheme): the rule id and the first
    element it names."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        script = AXE.read_text(encoding="utf-8")
        for url, scheme in pages:
            page = browser.new_page(color_scheme=scheme)
            page.goto(url)
            page.evaluate(script)
            found.append(
                page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].target.join(' ')))")
            )
            page.close()
        browser.close()
    return found


def measure(site: Path, paths: list[str], runs: int, schemes: list[str]) -> list[Result]:
    prefixes = site_languages(site)
    results = []
    with serve(site) as base:
        for path, scheme in [(path, scheme) for path in paths for scheme in schemes]:
            page = site / path.lstrip("/")
            result = Result(
                path,
                language_of(path, prefixes),
                scheme,
                _indexable(page / "index.html" if path.endswith("/") else page),
            )
            for number in range(runs):
                print(f"Lighthouse {number + 1}/{runs}: {path} ({scheme})", file=sys.stderr, flush=True)
                result.runs.append(lighthouse(base + path, scheme, result.indexed))
            result.median = {
                key: statistics.median(run[key] for run in result.runs)
                for key in ("bytes", "requests", "cls", *CATEGORIES)
                if all(run[key] is not None for run in result.runs)
            }
            result.median.update({key: None for key in CATEGORIES if key not in result.median})
            for run in result.runs:
                for category, audits in run["failing_audits"].items():
                    result.failing_audits.setdefault(category, []).extend(
                        a for a in audits if a not in result.failing_audits[category]
                    )
            results.append(result)
        print("axe-core on every page", file=sys.stderr, flush=True)
        for result, violations in zip(
            results, axe_violations([(base + r.path, r.scheme) for r in results]), strict=True
        ):
            result.axe = violations
    return results


def table(results: list[Result]) -> str:
    lines = [
        "| page | language | scheme | KB | requests | CLS | " + " | ".join(CATEGORIES.values()) + " | axe |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        m = r.median
        scores = " | ".join("–" if m[c] is None else f"{m[c]:g}" for c in CATEGORIES)
        axe = ", ".join(violation.split(":")[0] for violation in r.axe) or "0"
        language = r.language if r.indexed else f"{r.language} (noindex)"
        lines.append(
            f"| {r.path} | {language} | {r.scheme} | {m['bytes'] / 1000:.1f} | {m['requests']:g} | {m['cls']:.3f} | {scores} | {axe} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs a page; the median counts (default: 3)")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PATH",
        help="addresses to measure, e.g. / /vi/plans/hue-2024/ "
        "(default: home, a province, a plan and an attraction page in every language)",
    )
    parser.add_argument(
        "--schemes",
        nargs="+",
        choices=list(SCHEMES),
        default=list(SCHEMES),
        help="colour schemes to measure each page in (default: light dark)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site}: no built site here; build it first with `make build`")
    missing = [str(tool) for tool in (NODE, LIGHTHOUSE, AXE, Path(CHROMIUM)) if not tool.exists()]
    if missing:
        sys.exit("missing: " + ", ".join(missing) + " (`make budget` installs them: npm ci, and Debian's chromium)")
    for path in args.pages or []:
        target = args.site / path.lstrip("/")
        if not path.startswith("/") or not (target / "index.html" if path.endswith("/") else target).is_file():
            parser.error(
                f"--pages {path}: no such page in {args.site} (give addresses such as / or /vi/plans/hue-2024/)"
            )
    paths = args.pages or default_pages(args.site)
    results = measure(args.site, paths, args.runs, args.schemes)
    print(table(results))
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) for r in results], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    missed = [(r, r.misses()) for r in results if r.misses()]
    for r, misses in missed:
        print(f"MISSED {r.path} ({r.scheme}): " + "; ".join(misses), file=sys.stderr)
    if not missed:
        print(
            f"\nEvery page within budget: ≤ {MAX_BYTES / 1000:.0f} KB and ≤ {MAX_REQUESTS} requests on the first visit, "
            f"Lighthouse 100 in every category (median of {args.runs} runs), no axe-core violation."
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
