"""Script injection, tried as an attacker would: a payload in every free-text field of one
record of every kind and in every string of interface.yaml, the site built and opened in
Chromium. No payload runs, and no page has an element or an attribute that the same page
built from clean content lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright

from portal.kinds import COLLECTIONS
from portal.shape import shape_of
from portal.statichost import CHROMIUM, CHROMIUM_FLAGS, serve

from .conftest import copy_project, run_portal
from .synthetic import TODAY, add_synthetic_records

# One record of each kind (the synthetic ones where the real content has none).
RECORDS = {
    "provinces": "hue",
    "plans": "kon-tum-2024",
    "attractions": "test-waterfall",
    "zones": "test-park",
    "opportunities": "test-port",
    "events": "test-fair",
    "news": "test-release",
    "contacts": "hue-portal",
}
# Words may not hold HTML (check refuses it), so they carry what check lets through: quotes
# to break out of an attribute and escaped markup. Facts written as free text (a document
# number, a picture's author) and interface strings are not checked for HTML at all.
WORDS = '" onmouseover="window.pwned=1" x=" &lt;script&gt;window.pwned=1&lt;/script&gt;'
FREE_FACT = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=1">'
INTERFACE = ' <script>window.pwned=1</script>"><img src=x onerror="window.pwned=1">'
PAGES = [
    "",
    "vi/",
    "provinces/hue/",
    "provinces/",
    "plans/kon-tum-2024/",
    "vi/plans/kon-tum-2024/",
    "plans/compare/",
    "attractions/test-waterfall/",
    "attractions/",
    "zones/test-park/",
    "opportunities/test-port/",
    "invest/",
    "events/test-fair/",
    "events/",
    "news/test-release/",
    "news/",
    "press/",
    "about/",
    "search/",
    "no-such-page/",
]


def poisoned(model, data, free_fact_fields: set[str]):
    """The record with the payload added to every free-text value (ids, dates, addresses
    and choices keep their values: their patterns would refuse any other text)."""
    out = {}
    for name, value in data.items():
        field = model.model_fields.get(name)
        annotation = field.annotation if field else None
        nested = next(
            (
                a
                for a in getattr(annotation, "__args__", ()) + (annotation,)
                if isinstance(a, type) and hasattr(a, "model_fields")
            ),
            None,
        )
        if field is None or name in ("id", "source_hash"):
            out[name] = value
        elif isinstance(value, dict) and nested is not None:
            out[name] = poisoned(nested, value, free_fact_fields)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            inner = annotation.__args__[0]
            out[name] = [poisoned(inner, item, free_fact_fields) for item in value]
        elif shape_of(model).fields[name].fact:
            free = field.annotation in (str, str | None) and not field.metadata
            out[name] = value + " " + FREE_FACT if free and isinstance(value, str) else value
            if free:
                free_fact_fields.add(name)
        elif isinstance(value, list):
            out[name] = [v + " " + WORDS if isinstance(v, str) else v for v in value]
        elif isinstance(value, str):
            out[name] = value + " " + WORDS
        else:
            out[name] = value
    return out


def poison_project(project: Path) -> set[str]:
    free_fact_fields: set[str] = set()
    for collection, record_id in RECORDS.items():
        for lang in ("vi", "en"):
            path = project / "content" / lang / collection / f"{record_id}.yaml"
            if path.is_file():
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                path.write_text(
                    yaml.safe_dump(poisoned(COLLECTIONS[collection], data, free_fact_fields), allow_unicode=True),
                    encoding="utf-8",
                )
    for lang in ("en", "vi"):
        path = project / "content" / lang / "interface.yaml"
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))

        def spoil(value):
            if isinstance(value, dict):
                return {k: spoil(v) for k, v in value.items()}
            return value + INTERFACE if isinstance(value, str) else value

        path.write_text(yaml.safe_dump(spoil(strings), allow_unicode=True), encoding="utf-8")
    return free_fact_fields


def built(project: Path) -> Path:
    result = run_portal(project, "build", env={"PORTAL_TODAY": TODAY.isoformat()})
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    clean_project = copy_project(tmp_path_factory.mktemp("clean"))
    add_synthetic_records(clean_project)
    clean = built(clean_project)
    attacked = copy_project(tmp_path_factory.mktemp("attacked"))
    add_synthetic_records(attacked)
    fields = poison_project(attacked)
    # The poisoned words are stamped as translated, so that both sites show the same
    # notices (an outdated translation's notice is an element the clean site lacks).
    translations = sorted(
        str(p)
        for collection, record_id in RECORDS.items()
        for p in (attacked / "content").glob(f"*/{collection}/{record_id}.yaml")
        if p.parts[-3] != "vi"
    )
    stamped = run_portal(attacked, "stamp", *translations)
    assert stamped.returncode == 0, stamped.stderr
    return clean, built(attacked), fields


SHAPE = """() => Array.from(document.querySelectorAll('*')).map(
    e => e.tagName + '[' + Array.from(e.attributes).map(a => a.name).sort().join(',') + ']')"""


def test_no_injected_script_runs_and_no_page_gains_an_element_or_attribute(sites):
    clean, attacked, free_fact_fields = sites
    assert {"number", "author"} <= free_fact_fields or "number" in free_fact_fields
    with serve(clean) as clean_address, serve(attacked) as attacked_address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page()
        for path in PAGES:
            page.goto(f"{clean_address}/{path}")
            expected = set(page.evaluate(SHAPE))
            page.goto(f"{attacked_address}/{path}")
            # Every element is pointed at and focused, as a reader would: an injected
            # onmouseover or onfocus attribute would run now.
            page.evaluate("""() => document.querySelectorAll('*').forEach(e => {
                e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                if (e.focus) e.focus();
            })""")
            assert page.evaluate("window.pwned") is None, path
            gained = set(page.evaluate(SHAPE)) - expected
            assert not gained, (path, gained)
            assert "window.pwned=1" in page.content(), path  # the payload is on the page, as text
        browser.close()
