"""What content may put into a page: plain text, escaped wherever it lands, and the small
Markdown that paragraph fields allow.

The pages are Markdown files that MkDocs turns into HTML, so a value from content is
dangerous twice: as HTML (a pasted `<script>`) and as Markdown (a `# heading`, an
`!!! admonition`, a `{: onclick=...}` attribute list, a `[link](javascript:...)`).
Templates therefore escape every value by default (`escape_markdown`, applied by the
template environment to everything they print); a paragraph field that is declared
Markdown is checked once, when the content is checked, by rendering it with the site's own
Markdown extensions and accepting only the elements and attributes a paragraph may hold,
and then travels as `MarkdownText`, which templates print as it is.

No library does this: bleach-style sanitizers clean HTML after the fact, where we want to
refuse an editor's input with a message before anything is built."""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from html.parser import HTMLParser

import markdown
from markupsafe import Markup


class MarkdownText(str):
    """A paragraph whose Markdown was checked: templates print it unescaped."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


# Line breaks and runs of ordinary spaces; a no-break space (Russian and French thousands,
# "№ 5") is kept.
_LINE_BREAKS = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]+")
_TO_SPACE = re.compile(r"[\t\r\n\f\v\x85\u2028\u2029]|  ")  # what _LINE_BREAKS changes

# The characters escape_markdown changes, in one table (templates print a quarter of a
# million values at 1,000 records a language): HTML's as entities; Python-Markdown's
# escapable characters (with `|`, which its tables extension adds; a backslash before
# any other character would show) after a backslash.
_ESCAPES = str.maketrans(
    {char: "\\" + char for char in "\\`*_{}[]()#+-.!|"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
)


def escape_markdown(value: object) -> Markup:
    """Plain text as Markdown that shows exactly that text: HTML characters become
    entities, Markdown punctuation is backslash-escaped, and line breaks become spaces
    (a new line could start a block)."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    text = str(value)
    if _TO_SPACE.search(text):
        text = _LINE_BREAKS.sub(" ", text)
    return Markup(text.translate(_ESCAPES))


def table_cell(value: object) -> Markup:
    """A value inside a Markdown table row: on one line, its pipes escaped."""
    if hasattr(value, "__html__"):
        return Markup(_LINE_BREAKS.sub(" ", value.__html__()).replace("|", "\\|"))
    return escape_markdown(value)


# --- invisible characters ----------------------------------------------------------------

# Bidirectional controls reorder what a reader sees (a "Trojan Source" text reads one way
# and says another); other format characters hide text. Zero-width space and the joiners
# are part of ordinary writing (Khmer and Lao word breaks, Indic and emoji joins).
_ALLOWED_FORMAT = {"\u200b", "\u200c", "\u200d", "\u00ad"}


def invisible_character(text: str) -> str | None:
    """A description of the first invisible or control character of `text`, if any."""
    if text.isprintable():  # no Cc or Cf character (nor a separator but the space): the usual case
        return None
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cf" and char not in _ALLOWED_FORMAT) or (category == "Cc" and char not in "\n\t"):
            name = unicodedata.name(char, "control character")
            return f"U+{ord(char):04X} {name}"
    return None


# --- the Markdown of paragraph fields ------------------------------------------------------

# The extensions of mkdocs.yml that change the structure of a page (tests/test_markup.py
# checks the list against mkdocs.yml): a paragraph is checked as the site will render it.
SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables"]

# What a paragraph may become: text with emphasis, code, links, line breaks and lists.
ALLOWED = {
    "p": set(),
    "em": set(),
    "strong": set(),
    "code": set(),
    "br": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "a": {"href"},
}
SAFE_SCHEMES = ("https", "http", "mailto", "tel")

# Quick test: text with none of these can only render as a plain paragraph.
_NEEDS_RENDERING = re.compile(r"[\n<>\[\]{}!`\\&|=~:]|^[\s#>\-+*\d]")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]*\]:", re.M)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def link_problem(target: str) -> str | None:
    # Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    squeezed = re.sub(r"[\x00-\x20]", "", target).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", squeezed)
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"the link '{target}' is not allowed; links may lead to https://, http://, mailto: or tel: addresses"
    if not scheme and squeezed and not squeezed.startswith("#"):
        return f"the link '{target}' leads nowhere from a record; write the full https:// address"
    return None


@functools.lru_cache(maxsize=1)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=SITE_EXTENSIONS)


@functools.lru_cache(maxsize=50_000)
def markdown_problem(text: str) -> str | None:
    """Why `text` may not be a paragraph of a page, or None. Rendered as the site renders
    it; anything but the allowed elements and attributes is refused."""
    if not _NEEDS_RENDERING.search(text):
        return None
    if _REFERENCE_DEFINITION.search(text):
        return "reference-style link definitions ([name]: address) are not allowed; write the link inline: [text](https://...)"
    renderer = _renderer()
    renderer.reset()
    parser = _Elements()
    parser.feed(renderer.convert(text))
    for tag, attributes in parser.found:
        if tag not in ALLOWED:
            what = {
                "h1": "a heading",
                "h2": "a heading",
                "h3": "a heading",
                "h4": "a heading",
                "h5": "a heading",
                "h6": "a heading",
                "div": "an admonition or a block of HTML",
                "img": "an image",
                "table": "a table",
                "blockquote": "a quotation block (a line starting with >)",
                "hr": "a horizontal rule",
                "pre": "a code block (a line indented by four spaces)",
            }.get(tag, f"<{tag}>")
            return f"{what} is not allowed in a paragraph; write plain text, **bold**, *italic*, lists and [links](https://...)"
        for name, value in attributes:
            if name not in ALLOWED[tag]:
                return f"the attribute '{name}' is not allowed in text; remove the {{...}} attribute list"
            problem = link_problem(value or "") if name == "href" else None
            if problem:
                return problem
    return None


def external_url(value: object) -> Markup:
    """An address from content (already checked against the models' URL pattern), for a
    Markdown autolink or link target: only web, mail and telephone schemes."""
    text = str(value)
    if link_problem(text) or re.search(r"[\s<>\"'`\\]", text):
        raise ValueError(f"not a safe address: {text!r}")
    return Markup(text.replace("(", "%28").replace(")", "%29"))


# --- interface strings with placeholders ---------------------------------------------------

_FORMATTER = string.Formatter()
PLACEHOLDER = re.compile(r"^[a-z_]+$")


def placeholders(template: str) -> list[str]:
    """The placeholders of an interface string; ValueError names one that is not a plain
    name ({name.attribute}, {name[0]}, {name!r} and {name:spec} are not allowed)."""
    names = []
    for _, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not PLACEHOLDER.match(name) or spec or conversion:
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            raise ValueError(f"the placeholder {shown} is not allowed; write a plain name such as {{date}}")
        names.append(name)
    return names


def fill(template: str, **values: object) -> Markup:
    """An interface string with its placeholders filled, for a page: the string's own
    words are escaped as text, each value is escaped unless it is markup (a link)."""
    out = []
    for literal, name, _, _ in _FORMATTER.parse(template):
        out.append(escape_markdown(literal))
        if name is not None:
            out.append(escape_markdown(values[name]))
    return Markup("".join(out))
