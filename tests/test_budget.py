"""The page-weight budget of the first visit, quickly: a few built pages loaded in Chromium
with an empty cache from a host that serves like Netlify (gzip, `_headers`, 404 pages).
The full budget, with Lighthouse on every kind of page and language, is `make budget`
(scripts/budget.py)."""

from __future__ import annotations

import gzip
import random
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

from portal.statichost import CHROMIUM, CHROMIUM_FLAGS, serve
from scripts.budget import MAX_BYTES, MAX_REQUESTS


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


def first_visit(browser, url: str) -> tuple[int, int]:
    """Bytes transferred (compressed bodies and headers, what Lighthouse calls transferSize)
    and requests made by a visit with an empty cache, on a phone-sized screen."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True)
    page = context.new_page()
    network = context.new_cdp_session(page)
    transferred: dict[str, int] = {}
    network.on("Network.requestWillBeSent", lambda event: transferred.setdefault(event["requestId"], 0))
    network.on(
        "Network.loadingFinished", lambda event: transferred.update({event["requestId"]: event["encodedDataLength"]})
    )
    network.send("Network.enable")
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    context.close()
    return sum(transferred.values()), len(transferred)


@pytest.mark.parametrize(
    "path", ["/", "/vi/provinces/khanh-hoa/", "/ru/plans/kon-tum-2024/", "/zh/attractions/hue-monuments/"]
)
def test_a_first_visit_stays_within_the_page_weight_budget(server, browser, path):
    transferred, requests = first_visit(browser, server + path)
    assert 0 < transferred <= MAX_BYTES, f"{path}: {transferred} bytes on the first visit (budget {MAX_BYTES})"
    assert 0 < requests <= MAX_REQUESTS, f"{path}: {requests} requests on the first visit (budget {MAX_REQUESTS})"


def test_a_page_over_the_budget_is_measured_over_it(tmp_path, browser):
    """The measurement can fail: more requests than allowed, and more bytes than allowed
    of what gzip cannot shrink; text that compresses well counts compressed."""
    site = tmp_path / "site"
    site.mkdir()
    for number in range(MAX_REQUESTS):
        (site / f"style-{number}.css").write_text(f"p {{ margin: {number}px }}\n", encoding="utf-8")
    (site / "noise.css").write_bytes(b"/*" + random.Random(4).randbytes(MAX_BYTES) + b"*/")  # gzip cannot shrink it
    styles = "".join(
        f'<link rel="stylesheet" href="{name}">'
        for name in [*(f"style-{n}.css" for n in range(MAX_REQUESTS)), "noise.css"]
    )
    (site / "heavy.html").write_text(f"<!doctype html><title>Heavy</title>{styles}", encoding="utf-8")
    (site / "wordy.html").write_text(
        "<!doctype html><title>Wordy</title>" + "<p>Khánh Hòa</p>" * 20_000, encoding="utf-8"
    )
    with serve(site) as address:
        transferred, requests = first_visit(browser, f"{address}/heavy.html")
        assert transferred > MAX_BYTES
        assert requests > MAX_REQUESTS
        wordy, _ = first_visit(browser, f"{address}/wordy.html")
    assert wordy < 10_000 < (site / "wordy.html").stat().st_size


def test_the_host_compresses_text_replays_the_headers_file_and_serves_404_pages(server):
    def fetch(path: str):
        request = urllib.request.Request(server + path, headers={"Accept-Encoding": "gzip"})
        try:
            return urllib.request.urlopen(request)
        except urllib.error.HTTPError as error:
            return error

    page = fetch("/provinces/khanh-hoa/")
    assert page.status == 200
    assert page.headers["Content-Encoding"] == "gzip"
    assert "<html" in gzip.decompress(page.read()).decode("utf-8")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    image = fetch("/assets/images/favicon.png")
    assert image.status == 200 and image.headers["Content-Encoding"] is None
    missing = fetch("/vi/no-such-page/")
    assert missing.status == 404
    assert '<html lang="vi"' in gzip.decompress(missing.read()).decode("utf-8")
    assert fetch("/no-such-page/").status == 404
