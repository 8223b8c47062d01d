"""Search table: for each query, the pages of that language whose text holds the word
as written (accents, đ, Chinese characters), and how many of them the site's own search
finds in Debian's Chromium. Exits 1 when a page is missed or a result is in another
language.

    python scripts/search_table.py [--site site]

A query is typed as a foreign reader would type it: without diacritics, đ as d. A page
holds the word where a word of its text begins with it (Pagefind matches the beginnings of
words: Нячанге holds Нячанг, Бакнячанг does not), anywhere in languages written without
spaces; its text is what Pagefind indexes: not the map's drawing (SVG) nor what the site
tells Pagefind to ignore.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's package beside it
from portal.search import WITHOUT_SPACES  # noqa: E402
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS, language_of, serve, site_languages  # noqa: E402

QUERIES = [
    # (language, what the reader types, the word as the pages write it)
    ("en", "Khanh Hoa", "Khánh Hòa"),
    ("en", "Hue", "Huế"),
    ("vi", "Khanh Hoa", "Khánh Hòa"),
    ("vi", "Hue", "Huế"),
    ("vi", "dau tu", "đầu tư"),
    ("vi", "Dong Van", "Đồng Văn"),
    ("zh", "芽庄", "芽庄"),
    ("zh", "投资", "投资"),
    ("ru", "инвестиции", "инвестиции"),
    ("ru", "Нячанг", "Нячанг"),
    ("ja", "カインホア", "カインホア"),  # a province typed without 省
    ("ja", "ニャチャン", "ニャチャン"),
    ("ko", "카인호아", "카인호아"),  # without 성
    ("ko", "나트랑", "나트랑"),
    ("lo", "ຊາຍແດນ", "ຊາຍແດນ"),  # a word inside text written without spaces
    ("lo", "ກອນຕູມ", "ກອນຕູມ"),
    ("km", "ព្រំដែន", "ព្រំដែន"),
    ("km", "កុងទុំ", "កុងទុំ"),
    ("lo", "ການລົງທຶນ", "ການລົງທຶນ"),  # typed as one run: cut into words as the pages were
    ("km", "ការវិនិយោគ", "ការវិនិយោគ"),
]
# The options the search page gives Pagefind (portal/search.py), read from the page, and
# the query as the page's script cuts it (docs/assets/search.js).
SEARCH = """async query => {
  const pagefind = await import('/pagefind/pagefind.js');
  const { segmentWords, ...options } = JSON.parse(document.querySelector('#search').dataset.options || '{}');
  await pagefind.options(options);
  const found = await pagefind.search(window.searchTerm(query));
  return Promise.all(found.results.map(r => r.data().then(d => d.url)));
}"""


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def pages_with(site: Path, lang: str, word: str) -> set[str]:
    """URLs of the indexed pages of `lang` whose searchable text holds `word`."""
    prefixes = site_languages(site)
    begins = "" if lang in WITHOUT_SPACES else r"(?<!\w)"
    found = set()
    for page in site.rglob("index.html"):
        folder = page.parent.relative_to(site).as_posix()
        url = "/" if folder == "." else f"/{folder}/"
        if language_of(url, prefixes) != lang:
            continue
        body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(attrs={"data-pagefind-body": True})
        if body is None:
            continue
        for unindexed in body.select("svg, [data-pagefind-ignore], .headerlink"):
            unindexed.decompose()
        if re.search(begins + re.escape(_normal(word)), _normal(body.get_text(" "))):
            found.add(url)
    return found


def table(site: Path) -> list[dict]:
    prefixes = site_languages(site)
    rows = []
    with serve(site) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page()
        for lang, query, word in QUERIES:
            page.goto(f"{address}{prefixes[lang]}search/")
            results = page.evaluate(SEARCH, query)
            expected = pages_with(site, lang, word)
            rows.append(
                {
                    "language": lang,
                    "query": query,
                    "word": word,
                    "expected": len(expected),
                    "found": len(expected & set(results)),
                    "results": len(results),
                    # how far down the reader must look to see every expected page
                    "last_rank": max((results.index(url) + 1 for url in expected if url in results), default=0),
                    "missed": sorted(expected - set(results)),
                    "other_language": sorted(url for url in results if language_of(url, prefixes) != lang),
                }
            )
        browser.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    rows = table(parser.parse_args().site)
    print("| language | query | pages holding | expected | found | results | last expected at | in another language |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['language']} | {row['query']} | {row['word']} | {row['expected']} | {row['found']} | "
            f"{row['results']} | {row['last_rank']} | {len(row['other_language'])} |"
        )
    failed = [row for row in rows if row["missed"] or row["other_language"] or not row["expected"]]
    for row in failed:
        print(
            f"{row['language']} {row['query']!r}: missed {row['missed']}, other language {row['other_language']}",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
