"""Typography per language, applied once to every page's HTML (portal/engines/mkdocs/hooks.py),
so no template has to know it: Chinese and Japanese get full-width punctuation next to
their own characters, a number is never split from "№" before it or from its unit after
it, and the heading anchors' title is in the page's language. Lists (CLDR list patterns:
、 in Chinese and Japanese), dates and names of regions are formatted in
portal/interface.py; hyphenation is `hyphens: auto` in docs/assets/portal.css, which uses
each page's `lang`."""

from __future__ import annotations

import functools
import html
import re

_CJK = r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"
_CJK_BEFORE = r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF）」』》]"  # a character, or closing mark
_CJK_DIGIT = r"[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF0-9]"

# language -> [(the ASCII mark a pattern needs, the pattern: that punctuation beside its
# own characters, the full-width form)]. A run of text without the mark is not searched.
FULL_WIDTH: dict[str, list[tuple[str, re.Pattern[str], str]]] = {
    lang: [
        ("(", re.compile(rf"\s*\(([^()<>]*{_CJK}[^()<>]*)\)\s*"), r"（\1）"),
        (",", re.compile(rf"(?<={_CJK_BEFORE}),\s*(?={_CJK_DIGIT})"), comma),
        (":", re.compile(rf"(?<={_CJK_BEFORE}):\s*"), "："),
        (";", re.compile(rf"(?<={_CJK_BEFORE});\s*"), "；"),
        ("?", re.compile(rf"(?<={_CJK_BEFORE})\?\s*"), "？"),
        ("!", re.compile(rf"(?<={_CJK_BEFORE})!\s*"), "！"),
    ]
    for lang, comma in (("zh", "，"), ("ja", "、"))
}
NBSP = "\u00a0"
_NUMBER_SIGN = re.compile(r"№\s+(?=\d)")
_UNIT = re.compile(r"(?<=\d) (?=(?:km²|km|m²|ha|MW|kW|kWh|kg|tấn|га|км²|км|МВт|кг|т)(?![\w²]))")
_UNTOUCHED = {"code", "pre", "script", "style", "svg", "kbd", "textarea"}
_PIECES = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_HEADERLINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")[^"]*(")')


def typeset_text(text: str, lang: str) -> str:
    """One run of text (no tags) typeset for `lang`."""
    if "№" in text:
        text = _NUMBER_SIGN.sub("№" + NBSP, text)
    if " " in text:
        text = _UNIT.sub(NBSP, text)
    for mark, pattern, replacement in FULL_WIDTH.get(lang, ()):
        if mark in text:
            text = pattern.sub(replacement, text)
    return text


@functools.lru_cache(maxsize=4096)  # a page's tags are mostly the ones of every page: <p>, </td>…
def _nesting(tag: str) -> int:
    """1 for a tag that opens an element whose text is left alone, -1 for one that closes
    it, 0 for any other tag."""
    name = _TAG_NAME.match(tag)
    if name is None or name[1].lower() not in _UNTOUCHED or tag.endswith("/>"):
        return 0
    return -1 if tag.startswith("</") else 1


def typeset(page_html: str, lang: str, heading_link: str) -> str:
    """A page's HTML with the text between its tags typeset for `lang` (never inside code,
    scripts, styles or drawings) and its heading anchors titled `heading_link`."""
    out, untouched = [], 0
    for piece in _PIECES.split(page_html):
        if piece.startswith("<"):
            untouched += _nesting(piece)
            out.append(piece)
        else:
            out.append(piece if untouched > 0 or not piece.strip() else typeset_text(piece, lang))
    return _HEADERLINK.sub(lambda m: m[1] + html.escape(heading_link) + m[2], "".join(out))
