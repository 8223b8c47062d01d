"""Search support: what Pagefind (run after the build) needs from our pages.

Pagefind folds diacritics (a search for "Khanh Hoa" finds "Khánh Hòa") but treats đ as
a letter of its own, so "Da Nang" would miss "Đà Nẵng". Each page therefore carries a
hidden copy of its words that contain đ or Đ, spelt with d: indexed, never shown."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")
_D_WORD = re.compile(r"\w*[đĐ]\w*")


def with_folded_d(content: str) -> str:
    words = dict.fromkeys(w.replace("đ", "d").replace("Đ", "D") for w in _D_WORD.findall(html.unescape(_TAG.sub(" ", content))))
    if not words:
        return content
    return content + f'\n<p hidden aria-hidden="true">{html.escape(" ".join(words))}</p>\n'
