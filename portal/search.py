"""Search support: what Pagefind (run after the build) needs from our pages.

Each page carries a hidden copy of the words Pagefind could not otherwise find: indexed,
never shown.

- Pagefind folds diacritics (a search for "Khanh Hoa" finds "Khánh Hòa") but treats đ as
  a letter of its own, so "Da Nang" would miss "Đà Nẵng": words with đ or Đ are copied
  spelt with d.
- Pagefind splits text on spaces, or with its own segmenter for Chinese, Japanese and
  Korean. Lao and Khmer are written without spaces between words, so a whole phrase
  would be one word of the index: their text is copied cut into words by a segmenter
  of that language (ICU's word breaker), one space between words. The segmenters do not
  know our place names and would cut ກອນຕູມ (Kon Tum) in two: the names of the provinces
  in that language, with and without the word for "province", are kept whole. The search
  box needs nothing more: a reader types one word, or words with spaces between them.
- Chinese and Japanese: the browser cuts the query with its own dictionary (Chromium's
  ICU), which splits a name it does not know, such as 芽庄 (Nha Trang), into single
  characters, while Pagefind's index holds the name whole; each Han character of a page
  is therefore also indexed on its own, so the characters of any name are found.

SEGMENTERS and CHARACTER_INDEXED are the one place that says which languages are
segmented here and how."""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
_H1 = re.compile(r"<h1(?P<attributes>[^>]*)>(?P<text>.*?)</h1>", re.S)
_WEIGHT = re.compile(r'data-pagefind-weight="([\d.]+)"')
H1_WEIGHT = "7"  # Pagefind's own weight of an <h1>


WINDOW = 24  # characters: longer than two long words


def _icu_words(lang: str, recut: bool) -> Callable[[str], list[str]]:
    """Words as ICU's dictionary-based word breaker finds them: the segmentation browsers
    use for these languages (Unicode UAX #29 with ICU's Lao and Khmer dictionaries), from
    C++, a hundred times faster than the CRF models of khmer-nltk and laonlp were."""
    from icu4py.breakers import CharacterBreaker, WordBreaker
    from icu4py.locale import Locale

    locale = Locale(lang)

    def one_word(text: str) -> bool:
        return sum(1 for _ in WordBreaker(text, locale)) == 1

    # The same words recur wherever they are written (headings, labels, names, the
    # notices of every page): what is found in a window or a word is worked out once.
    @functools.lru_cache(maxsize=200_000)
    def window_words(window: str) -> tuple[str, ...]:
        """The pieces of `window` but its first (which the window may have cut), of more
        than one letter (a letter ends inside the piece)."""
        letters = [end for _, end in CharacterBreaker(window, locale).segments()]
        return tuple(
            window[first:last]
            for first, last in list(WordBreaker(window, locale).segments())[1:]
            if bisect.bisect_left(letters, last) > bisect.bisect_right(letters, first)
        )

    @functools.lru_cache(maxsize=200_000)
    def parts(word: str) -> tuple[str, ...]:
        """The dictionary keeps some compounds whole (ច្រកព្រំដែន, border gate), which a
        reader searches by their parts (ព្រំដែន, border): a word that splits into two
        words, its two parts."""
        clusters = list(CharacterBreaker(word, locale))
        out: list[str] = []
        for i in range(2, len(clusters) - 1):  # each part two letters or more
            head, tail = "".join(clusters[:i]), "".join(clusters[i:])
            if one_word(head) and one_word(tail):
                out += [head, tail]
        return tuple(out)

    def words(text: str) -> list[str]:
        found = list(WordBreaker(text, locale))
        # A name the dictionary does not know misleads it about the words before it
        # (`recut`: seen in Khmer): ច្រកព្រំដែនប៉ឺអ៊ី (the Bờ Y border gate) comes out as
        # ច្រក ព្រំ ដែ នប៉ឺ អ៊ី. So the text is also cut as if it ended after each letter,
        # where the words before that point come out right (ព្រំដែន, border, ending at
        # ន): the last WINDOW characters before that point.
        if recut:
            ends = {end for _, end in WordBreaker(text, locale).segments()}
            for _, end in list(CharacterBreaker(text, locale).segments())[:-1]:
                if end not in ends:
                    found += window_words(text[max(0, end - WINDOW) : end])
        out = []
        for word in dict.fromkeys(found):
            out.append(word)
            out += parts(word)
        return out

    return words


# language -> (a run of its script, the segmenter's loader: imported on first use)
SEGMENTERS: dict[str, tuple[re.Pattern[str], Callable[[], Callable[[str], list[str]]]]] = {
    # Lao's dictionary found every word of the search table without the recut (which
    # costs about six microseconds a letter); Khmer's did not.
    "lo": (re.compile(r"[\u0E80-\u0EFF]+"), lambda: _icu_words("lo", recut=False)),
    "km": (re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]+"), lambda: _icu_words("km", recut=True)),
}


# language -> the characters of its text also indexed one by one
CHARACTER_INDEXED: dict[str, re.Pattern[str]] = {
    "zh": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
    "ja": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
}


# Languages written without spaces between words: a word may begin anywhere in a run.
WITHOUT_SPACES = frozenset(SEGMENTERS) | frozenset(CHARACTER_INDEXED)


# libyaml's loader when PyYAML has it (its wheels do): every language build reads the
# names of all its provinces, ten times faster than with the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def place_names(content_dir: Path, lang: str, province_word: str) -> list[str]:
    """The names of the provinces as written in `lang` (its own province records), each
    also without the language's word for "province" (ແຂວງກອນຕູມ and ກອນຕູມ), for its
    segmenter: none in a language that is not segmented here (SEGMENTERS)."""
    if lang not in SEGMENTERS:
        return []
    names: dict[str, None] = {}
    for path in sorted((content_dir / lang / "provinces").glob("*.yaml")):
        name = (yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("name")
        if isinstance(name, str) and name.strip():
            names[name.strip()] = None
            bare = name.strip().removeprefix(province_word).removesuffix(province_word).strip()
            if bare:
                names[bare] = None
    return list(names)


@functools.cache
def _segmenter(lang: str) -> Callable[[str], list[str]]:
    return SEGMENTERS[lang][1]()


def _trie(words: Iterable[str]) -> str:
    """A pattern matching any of `words`, the longest at a given place, shaped as a tree
    of their letters (ab(?:c)? for ab and abc). Python's re tries the branches of an
    alternation one after another at every place of the text: with a site's thousand
    place names, `a|b|c|…` made each page's search words take a tenth of a second."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Ending here is the last choice: a longer word that matches comes first.
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


@functools.lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, tuple[str, ...], tuple[int, ...]]:
    """The pattern that finds `names` in a text, the names (the longest first), and their lengths."""
    whole = tuple(sorted((n for n in names if n), key=len, reverse=True))
    if not whole:
        return None, (), ()
    return re.compile(f"({_trie(whole)})"), whole, tuple(sorted({len(n) for n in whole}))


def segmented_words(text: str, lang: str, names: Iterable[str] = ()) -> list[str]:
    """The words of `text` in a language written without spaces, each once, in order;
    `names` are words of their own, never cut (the longest first: ແຂວງກອນຕູມ before ກອນຕູມ)."""
    if lang not in SEGMENTERS:
        return []
    script, _ = SEGMENTERS[lang]
    cut = _segmenter(lang)
    keep, whole, lengths = _names_pattern(tuple(names))
    words: dict[str, None] = {}
    for run in script.findall(text):
        for i, piece in enumerate(keep.split(run) if keep else [run]):
            if i % 2:  # a name, caught by the group of the split
                words[piece] = None
                # and as the browser cuts it when a reader types it (docs/assets/search.js)
                words.update(dict.fromkeys(w for w in (w.strip() for w in cut(piece)) if w))
            elif piece:
                words.update(dict.fromkeys(w for w in (w.strip() for w in cut(piece)) if w))
    # A name inside a longer word is a word too: ກອນຕູມ in ແຂວງກອນຕູມ (looked up by each
    # stretch of a word as long as a name, not each name in each word).
    known = set(whole)
    inside = {
        w[i : i + size]
        for w in words
        for size in lengths
        if size < len(w)
        for i in range(len(w) - size + 1)
        if w[i : i + size] in known
    }
    words.update(dict.fromkeys(name for name in whole if name in inside))
    return list(words)


def indexed_characters(text: str, lang: str) -> list[str]:
    """The characters of `text` that are also indexed one by one in `lang`, each once."""
    pattern = CHARACTER_INDEXED.get(lang)
    return list(dict.fromkeys(pattern.findall(text))) if pattern else []


def _folded(text: str) -> dict[str, None]:
    """The words holding đ or Đ, folded. Whole words, then a test of each: a pattern such
    as \\w*[đĐ]\\w* would try every position of a long run of Chinese characters again."""
    if "đ" not in text and "Đ" not in text:
        return {}
    return dict.fromkeys(w.replace("đ", "d").replace("Đ", "D") for w in _WORD.findall(text) if "đ" in w or "Đ" in w)


def _hidden(words: dict[str, None], weight: str | None = None) -> str:
    weighted = f' data-pagefind-weight="{weight}"' if weight else ""
    return f'\n<p hidden aria-hidden="true"{weighted}>{html.escape(" ".join(words))}</p>\n' if words else ""


def searchable(content: str, lang: str, names: Iterable[str] = ()) -> str:
    """A page's HTML with its hidden copies of extra words for the index, if it needs
    them. The title's words keep the title's weight: "dau tu" ranks the page titled
    "Đầu tư" as high as "dau" would if Pagefind folded đ itself."""
    text = html.unescape(_TAG.sub(" ", content))
    title = _H1.search(content)
    title_words = _folded(html.unescape(_TAG.sub(" ", title["text"]))) if title else {}
    weight = (_WEIGHT.search(title["attributes"]) or [None, H1_WEIGHT])[1] if title else None
    words = {w: None for w in _folded(text) if w not in title_words}
    words.update(dict.fromkeys(segmented_words(text, lang, names)))
    words.update(dict.fromkeys(indexed_characters(text, lang)))
    return content + _hidden(title_words, weight) + _hidden(words)


def pagefind_options(lang: str) -> dict[str, Any]:
    """Options of Pagefind's search in `lang`, given to it by the search page (and read
    from there by scripts/search_table.py, so the table measures what readers get).

    - termSimilarity: a word as long as the one typed ranks above longer words it merely
      begins: "dau tu" finds "đầu tư" (folded "dau tu") before "Tum" or "Tuyên".
    - the title weighs most: a province's name typed without its suffix (庆和 for 庆和省,
      カインホア for カインホア省) finds the province's own page first.
    - Lao and Khmer vowel signs are combining marks that Pagefind would fold away like
      accents, so that ບຸນ would find ບີ: their words are matched exactly.
    - Lao and Khmer queries are cut into words in the browser (segmentWords: not
      Pagefind's, read by docs/assets/search.js), as the pages were."""
    options: dict[str, Any] = {"ranking": {"termSimilarity": 4.0, "pageLength": 0.3, "metaWeights": {"title": 10.0}}}
    if lang in SEGMENTERS:
        options["exactDiacritics"] = True
        options["segmentWords"] = True  # the query is cut into words too (docs/assets/search.js)
    return options
