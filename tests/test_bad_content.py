"""Adversarial content: every case is refused with one message per problem that names
the file, the line and the field and says how to fix it; no traceback; the published
site is untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import run_portal

VI_PLAN = "content/vi/plans/alpha-2024.yaml"
EN_PLAN = "content/en/plans/alpha-2024.yaml"
VI_PROVINCE = "content/vi/provinces/alpha.yaml"
CONTACT = "content/vi/contacts/alpha-portal.yaml"


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(file: str, data: str | bytes) -> Callable[[Path], None]:
    def create(project: Path) -> None:
        path = project / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    return create


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

EVENT = "content/vi/events/alpha-fair.yaml"
NEWS = "content/vi/news/alpha-note.yaml"
ATTRACTION = "content/vi/attractions/alpha-falls.yaml"
ZONE = "content/vi/zones/alpha-park.yaml"
GOOD_EVENT = """province: alpha
kind: fair
starts: "2026-05-02"
ends: "2026-05-04"
dates_source: src
name: Hội chợ Alpha
summary: Hội chợ thử.
description: [Mô tả.]
sources: [{id: src, title: Thông báo thử}]
"""
GOOD_NEWS = """province: alpha
kind: clarification
published: "2026-05-02"
title: Đính chính
summary: Một đính chính.
body: [Nội dung.]
sources: [{id: src, title: Văn bản thử}]
"""
GOOD_ATTRACTION = """province: alpha
kind: landscape
image: {file: alpha-falls.jpg, licence: cc-by-4.0, author: A. Person, source_url: "https://example.org/p", alt: Thác nước}
name: Thác Alpha
summary: Thác thử.
description: [Mô tả.]
sources: [{id: src, title: Văn bản thử}]
"""

# (case, how to break the content, expected "file:line: field: message" beginnings)
CASES = [
    (
        "event ending before it starts",
        write(EVENT, GOOD_EVENT.replace('ends: "2026-05-04"', 'ends: "2026-04-30"')),
        [f"{EVENT}:4: ends: 2026-04-30 is before starts 2026-05-02"],
    ),
    (
        "event dates without a source",
        write(EVENT, GOOD_EVENT.replace("dates_source: src\n", "")),
        [f"{EVENT}:1: dates_source: the dates need a source; add dates_source"],
    ),
    (
        "event date that is only a month",
        write(EVENT, GOOD_EVENT.replace('starts: "2026-05-02"', 'starts: "2026-05"')),
        [f"{EVENT}:3: starts: '2026-05' is not a full date"],
    ),
    (
        "event in a province that does not exist",
        write(EVENT, GOOD_EVENT.replace("province: alpha", "province: alfa")),
        [f"{EVENT}:1: province: unknown province 'alfa' (did you mean 'alpha'?)"],
    ),
    (
        "news changed before it was published",
        write(NEWS, GOOD_NEWS + 'changes: [{id: c1, date: "2026-05-01", note: Sửa.}]\n'),
        [f"{NEWS}:8: changes[0].date: 2026-05-01 is before publication (2026-05-02)"],
    ),
    (
        "news withdrawn without a reason",
        write(NEWS, GOOD_NEWS + 'withdrawn: "2026-05-03"\n'),
        [f"{NEWS}:1: withdrawn_reason: a withdrawal needs both withdrawn (the day) and withdrawn_reason"],
    ),
    (
        "licensed picture without its author",
        write(ATTRACTION, GOOD_ATTRACTION.replace("author: A. Person, ", "")),
        [f"{ATTRACTION}:3: image.author: a Creative Commons image must credit its author; add author"],
    ),
    (
        "picture whose file is missing",
        write(ATTRACTION, GOOD_ATTRACTION),
        [
            f"{ATTRACTION}:3: image.file: content/images/alpha-falls.jpg does not exist; add the picture there or fix the name"
        ],
    ),
    (
        "picture under a licence that does not allow publishing",
        write(ATTRACTION, GOOD_ATTRACTION.replace("cc-by-4.0", "all-rights-reserved")),
        [f"{ATTRACTION}:3: image.licence: 'all-rights-reserved' is not allowed; 'own-work', 'public-domain'"],
    ),
    (
        "zone area without a source",
        write(
            ZONE,
            "province: alpha\nkind: industrial_park\nstatus: operating\narea_ha: 120\nname: KCN Alpha\nsummary: Khu thử.\ndescription: [Mô tả.]\nsources: [{id: src, title: Văn bản thử}]\n",
        ),
        [f"{ZONE}:1: area_source: area_ha needs a source; add area_source"],
    ),
    (
        "yaml syntax error",
        replace(EN_PLAN, "summary: A plan to test with.", "summary: [A plan"),
        [f"{EN_PLAN}:4: YAML syntax error"],
    ),
    (
        "wrong type",
        replace(VI_PLAN, "total_budget_vnd: 3000000", "total_budget_vnd: 3 triệu"),
        [f"{VI_PLAN}:6: total_budget_vnd: must be a whole number written with digits only"],
    ),
    (
        "list where text belongs",
        replace(EN_PLAN, "summary: A plan to test with.", "summary: [a, b]"),
        [f"{EN_PLAN}:3: summary: must be a text"],
    ),
    (
        "unknown field",
        replace(VI_PLAN, "issuer:", "isuer:"),
        [f"{VI_PLAN}:8: isuer: unknown field (did you mean 'issuer'?)", f"{VI_PLAN}:1: issuer: is required"],
    ),
    (
        "missing required field",
        replace(VI_PLAN, "title: Kế hoạch thử nghiệm 2024\n", ""),
        [f"{VI_PLAN}:1: title: is required; add it"],
    ),
    (
        "duplicate item id",
        replace(VI_PLAN, "      - id: t2\n", "      - id: t1\n"),
        [f"{VI_PLAN}:24: task_groups[0].tasks[1].id: 't1' is used twice in this list"],
    ),
    (
        "duplicate field",
        replace(VI_PROVINCE, "name: Alpha\n", "name: Alpha\nname: Beta\n"),
        [f"{VI_PROVINCE}:7: name: is written twice (first on line 6)"],
    ),
    (
        "id with spaces",
        write("content/vi/plans/alpha 2025.yaml", "title: x\n"),
        ["content/vi/plans/alpha 2025.yaml:1: 'alpha 2025' is not a valid id"],
    ),
    (
        "id with dots",
        write("content/vi/plans/...yaml", "title: x\n"),
        ["content/vi/plans/...yaml:1: '..' is not a valid id"],
    ),
    (
        "id with a path separator",
        write("content/vi/plans/nested/alpha.yaml", "title: x\n"),
        ["content/vi/plans/nested/alpha.yaml:1: unexpected file"],
    ),
    (
        "non-ASCII id",
        write("content/vi/provinces/hà-nội.yaml", "title: x\n"),
        ["content/vi/provinces/hà-nội.yaml:1: 'hà-nội' is not a valid id"],
    ),
    (
        "item id with a path",
        replace(VI_PLAN, "  - id: g1\n", "  - id: ../g1\n"),
        [f"{VI_PLAN}:13: task_groups[0].id: '../g1' has the wrong form"],
    ),
    (
        "reference to a missing province",
        replace(CONTACT, "province: alpha", "province: alpah"),
        [f"{CONTACT}:1: province: unknown province 'alpah' (did you mean 'alpha'?)"],
    ),
    (
        "reference to a missing source",
        replace(VI_PROVINCE, "    source: law\n", "    source: lwa\n"),
        [f"{VI_PROVINCE}:12: key_facts[0].source: unknown source 'lwa'"],
    ),
    (
        "translation restating a fact",
        replace(EN_PLAN, "title: Test plan 2024\n", 'title: Test plan 2024\nissued: "2024-03"\n'),
        [f"{EN_PLAN}:2: issued: is a fact: it is written once, in {VI_PLAN}"],
    ),
    (
        "source copied into a translation folder",
        write(
            "content/ru/provinces/alpha.yaml",
            """
name: Alpha
official_name: Tỉnh Alpha
overview:
  - Alpha là một tỉnh thử nghiệm.
""",
        ),
        [
            "content/ru/provinces/alpha.yaml:1: its words are the source's (content/vi/provinces/alpha.yaml), untranslated"
        ],
    ),
    (
        "file in the wrong language folder",
        write(
            "content/ru/plans/alpha-2024.yaml",
            (Path(__file__).parent / "fixtures/tiny" / EN_PLAN).read_text(encoding="utf-8"),
        ),
        [
            "content/ru/plans/alpha-2024.yaml:1: the text is not written in Russian; is the file in the wrong language folder?"
        ],
    ),
    (
        "non-UTF-8 bytes",
        write("content/vi/provinces/beta.yaml", "name: Bình Định\n".encode("cp1258", errors="replace")),
        ["content/vi/provinces/beta.yaml:1: the file is not UTF-8 text; save it as UTF-8"],
    ),
    (
        "control character",
        write("content/vi/contacts/beta.yaml", "name: a\nsource: b\x00\n"),
        ["content/vi/contacts/beta.yaml:2: the file holds a control character YAML does not allow (U+0000); remove it"],
    ),
    (
        "page title too long for a heading and a browser tab",
        replace("content/en/provinces/alpha.yaml", "name: Alpha\n", "name: Alpha" + " and Beta" * 16 + "\n"),
        [
            "content/en/provinces/alpha.yaml:1: name: is 149 characters long (wide characters count twice); a page title may have at most 140"
        ],
    ),
    ("empty file", write("content/vi/contacts/beta.yaml", ""), ["content/vi/contacts/beta.yaml:1: the file is empty"]),
    (
        "very large file",
        write("content/vi/plans/beta-2024.yaml", "summary: " + "x" * 30_000_000 + "\n"),
        ["content/vi/plans/beta-2024.yaml:1: the file is 30.0 MB; a record is at most 1 MB"],
    ),
    (
        "alias bomb",
        write("content/vi/plans/beta-2024.yaml", ALIAS_BOMB),
        ["content/vi/plans/beta-2024.yaml:2: b[0]: YAML anchors and aliases (&name, *name) are not allowed"],
    ),
    (
        "python object tag",
        replace(VI_PLAN, "summary: Một kế hoạch để thử.", 'summary: !!python/object/apply:os.system ["touch pwned"]'),
        [f"{VI_PLAN}:9: summary: the tag !!python/object/apply:os.system is not allowed"],
    ),
    (
        "custom tag",
        replace(VI_PLAN, "summary: Một kế hoạch để thử.", "summary: !include secrets.yaml"),
        [f"{VI_PLAN}:9: summary: the tag !include is not allowed"],
    ),
    (
        "script in text",
        replace(EN_PLAN, "summary: A plan to test with.", "summary: <script>alert(1)</script>"),
        [f"{EN_PLAN}:3: summary: HTML is not allowed in text"],
    ),
    (
        "javascript link",
        replace(EN_PLAN, "  - Purpose of the test.", '  - "[Click](javascript:alert(1))"'),
        [f"{EN_PLAN}:5: purpose[0]: the link 'javascript:alert(1' is not allowed"],
    ),
    (
        "data link",
        replace(VI_PLAN, "Mục đích thử.", "'[x](data:text/html;base64,PHNjcmlwdD4=)'"),
        [f"{VI_PLAN}:11: purpose[0]: the link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed"],
    ),
    (
        "javascript URL in a URL field",
        replace(CONTACT, "url: https://alpha.example.org", "url: javascript:alert(1)"),
        [f"{CONTACT}:3: url: 'javascript:alert(1)' has the wrong form"],
    ),
    (
        "attribute list in text",
        replace(EN_PLAN, "summary: A plan to test with.", "summary: 'Text { onclick=alert(1) }'"),
        [f"{EN_PLAN}:3: summary: attribute lists in braces"],
    ),
    # Values that checked but crashed the build, or were accepted when they must not be.
    (
        "30 February",
        replace(VI_PLAN, 'issued: "2024-02"', 'issued: "2024-02-30"'),
        [f"{VI_PLAN}:3: issued: '2024-02-30' is not a day of the calendar"],
    ),
    (
        "29 February of a common year",
        write(
            EVENT,
            GOOD_EVENT.replace('starts: "2026-05-02"', 'starts: "2025-02-29"').replace('ends: "2026-05-04"\n', ""),
        ),
        [f"{EVENT}:3: starts: '2025-02-29' is not a day of the calendar"],
    ),
    (
        "a budget written yes",
        replace(VI_PLAN, "total_budget_vnd: 3000000", "total_budget_vnd: yes"),
        [f"{VI_PLAN}:6: total_budget_vnd: "],
    ),
    (
        "a budget too large to be a budget",
        replace(VI_PLAN, "total_budget_vnd: 3000000", "total_budget_vnd: 1" + "0" * 40),
        [f"{VI_PLAN}:6: total_budget_vnd: "],
    ),
    (
        "right-to-left override",
        replace(VI_PLAN, "summary: Một kế hoạch để thử.", 'summary: "Một kế hoạch \\u202Eđể thử."'),
        [f"{VI_PLAN}:9: summary: holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"],
    ),
    (
        "nesting twenty thousand deep",
        write("content/vi/plans/beta-2024.yaml", "a: " + "[" * 20000 + "]" * 20000 + "\n"),
        ["content/vi/plans/beta-2024.yaml:1: the values are nested more than 40 levels deep"],
    ),
    (
        "a heading in a paragraph",
        replace(EN_PLAN, "  - Purpose of the test.", '  - "# Urgent"'),
        [f"{EN_PLAN}:5: purpose[0]: a heading is not allowed in a paragraph"],
    ),
    (
        "an admonition in a paragraph",
        replace(EN_PLAN, "  - Purpose of the test.", '  - "!!! danger \\"Hacked\\""'),
        [f"{EN_PLAN}:5: purpose[0]: an admonition or a block of HTML is not allowed in a paragraph"],
    ),
    (
        "a reference-style link definition",
        replace(EN_PLAN, "  - Purpose of the test.", '  - "[x]: https://example.org"'),
        [f"{EN_PLAN}:5: purpose[0]: reference-style link definitions"],
    ),
    (
        "an id that is a page of the site",
        write("content/vi/plans/compare.yaml", "title: x\n"),
        ["content/vi/plans/compare.yaml:1: 'compare' is the address of a page of the site"],
    ),
    (
        "a misspelt placeholder in the interface",
        replace("content/en/interface.yaml", "since: since {date}", "since: since {dat}"),
        ["content/en/interface.yaml:"],
    ),
    (
        "an attribute placeholder in the interface",
        replace("content/en/interface.yaml", "since: since {date}", "since: since {date.__class__}"),
        ["content/en/interface.yaml:"],
    ),
    (
        "link from a record to a page that does not exist",
        replace(EN_PLAN, "summary: A plan to test with.", "summary: See [the plan](../plans/nothing.md)"),
        [f"{EN_PLAN}:3: summary: the link '../plans/nothing.md' leads nowhere from a record"],
    ),
    (
        "link from a hand-written page to a page that does not exist",
        write("docs/en/about.md", "# About\n\nSee [plans](plans/index.md) and\n[the plan](plans/alpha-2042.md).\n"),
        [
            "docs/en/about.md:4: the link 'plans/alpha-2042.md' leads to no page of the site (did you mean 'plans/alpha-2024.md'?)"
        ],
    ),
]


@pytest.mark.parametrize("case, breakage, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_content_is_refused_with_a_message_per_problem(tiny, case, breakage, expected):
    published = tiny / "site"
    published.mkdir()
    (published / "index.html").write_text("the last good site", encoding="utf-8")
    breakage(tiny)

    result = run_portal(tiny, "build")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    messages = result.stderr.strip().splitlines()[:-1]
    assert len(messages) == len(expected), messages
    for message, beginning in zip(sorted(messages), sorted(expected), strict=False):
        assert message.startswith(beginning), (message, beginning)
    assert [p.name for p in published.iterdir()] == ["index.html"]
    assert (published / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert not (tiny / ".site-builds").exists()
    assert not (tiny / "build").exists()


FACTS = {"province", "number", "issued", "languages", "markets", "id", "kinds", "timeline", "due"}


def poison(value):
    """Every word of a record with an HTML payload appended; returns it and their number."""
    if isinstance(value, dict):
        pairs = [(k, (v, 0) if k in FACTS else poison(v)) for k, v in value.items()]
        return {k: v for k, (v, _) in pairs}, sum(n for _, (_, n) in pairs)
    if isinstance(value, list):
        pairs = [poison(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, str):
        return value + ' <img src=x onerror="alert(1)">', 1
    return value, 0


@pytest.mark.parametrize("file", [VI_PLAN, EN_PLAN])
def test_html_is_refused_in_every_text_field(tiny, file):
    path = tiny / file
    data, words = poison(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_portal(tiny, "check")
    assert result.returncode == 1
    messages = result.stderr.strip().splitlines()[:-1]
    assert words >= 12 and len(messages) == words
    assert all(m.startswith(file) and "HTML is not allowed in text" in m for m in messages)
