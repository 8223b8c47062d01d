"""Synthetic records of every kind, written into a copy of the project for the tests (never
into content/): dated relative to TODAY so that upcoming and past events, updated and
withdrawn news are all exercised. Vietnamese source and English translation only, so the
Russian and Chinese pages are fallback copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from PIL import Image

TODAY = dt.date(2026, 6, 1)


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


SOURCE = [{"id": "src", "title": "Tài liệu thử nghiệm", "url": "https://example.org/source", "date": "2020-01-01"}]
SOURCE_EN = [{"id": "src", "title": "Test document"}]

RECORDS = {
    "attractions/test-waterfall": (
        {
            "province": "khanh-hoa",
            "kind": "landscape",
            "name": "Thác thử nghiệm",
            "summary": "Một thác nước thử nghiệm.",
            "description": ["Thác nước dùng cho kiểm thử."],
            "sources": SOURCE,
            "image": {
                "file": "test-waterfall.png",
                "licence": "cc-by-4.0",
                "author": "Test Author",
                "source_url": "https://example.org/waterfall",
                "alt": "Thác nước đổ xuống hồ",
            },
        },
        {
            "name": "Test waterfall",
            "summary": "A test waterfall.",
            "description": ["A waterfall used by the tests."],
            "sources": SOURCE_EN,
            "image": {"alt": "A waterfall falling into a lake"},
        },
    ),
    "zones/test-park": (
        {
            "province": "hue",
            "kind": "industrial_park",
            "established": "2010-01-02",
            "established_source": "src",
            "area_ha": 120.5,
            "area_source": "src",
            "sectors": ["industry", "logistics"],
            "status": "operating",
            "name": "Khu công nghiệp thử nghiệm",
            "summary": "Khu công nghiệp dùng cho kiểm thử.",
            "description": ["Mô tả khu công nghiệp."],
            "sources": SOURCE,
        },
        {
            "name": "Test industrial park",
            "summary": "An industrial park used by the tests.",
            "description": ["About the park."],
            "sources": SOURCE_EN,
        },
    ),
    "opportunities/test-port": (
        {
            "province": "hue",
            "zone": "test-park",
            "sector": "logistics",
            "forms": ["fdi", "ppp"],
            "status": "open",
            "listed_in": "src",
            "capital_usd": 5000000,
            "name": "Cảng thử nghiệm",
            "summary": "Dự án cảng thử nghiệm.",
            "description": ["Mô tả dự án cảng."],
            "sources": SOURCE,
        },
        {
            "name": "Test port",
            "summary": "A test port project.",
            "description": ["About the port."],
            "sources": SOURCE_EN,
        },
    ),
    "opportunities/test-farm": (
        {
            "province": "thanh-hoa",
            "sector": "agriculture",
            "forms": ["domestic"],
            "status": "in_preparation",
            "listed_in": "src",
            "name": "Trang trại thử nghiệm",
            "summary": "Dự án nông nghiệp thử nghiệm.",
            "description": ["Mô tả trang trại."],
            "sources": SOURCE,
        },
        {
            "name": "Test farm",
            "summary": "A test farming project.",
            "description": ["About the farm."],
            "sources": SOURCE_EN,
        },
    ),
    "events/test-fair": (
        {
            "province": "hue",
            "kind": "fair",
            "starts": day(30),
            "ends": day(32),
            "dates_source": "src",
            "recurrence": "yearly",
            "name": "Hội chợ thử nghiệm",
            "summary": "Hội chợ dùng cho kiểm thử.",
            "venue": "Trung tâm thử nghiệm",
            "description": ["Mô tả hội chợ."],
            "sources": SOURCE,
        },
        {
            "name": "Test fair",
            "summary": "A fair used by the tests.",
            "venue": "Test centre",
            "description": ["About the fair."],
            "sources": SOURCE_EN,
        },
    ),
    "events/test-expo": (
        {
            "province": "khanh-hoa",
            "kind": "exhibition",
            "starts": day(-40),
            "dates_source": "src",
            "recurrence": "once",
            "name": "Triển lãm thử nghiệm",
            "summary": "Triển lãm đã diễn ra.",
            "description": ["Mô tả triển lãm."],
            "sources": SOURCE,
        },
        {
            "name": "Test exhibition",
            "summary": "An exhibition that took place.",
            "description": ["About the exhibition."],
            "sources": SOURCE_EN,
        },
    ),
    "news/test-release": (
        {
            "province": "hue",
            "kind": "press_release",
            "published": day(-10),
            "changes": [{"id": "c1", "date": day(-5), "note": "Sửa ngày tổ chức."}],
            "title": "Thông cáo thử nghiệm",
            "summary": "Thông cáo dùng cho kiểm thử.",
            "body": ["Nội dung thông cáo."],
            "sources": SOURCE,
        },
        {
            "title": "Test press release",
            "summary": "A press release used by the tests.",
            "body": ["The release."],
            "changes": [{"id": "c1", "note": "Corrected the date."}],
            "sources": SOURCE_EN,
        },
    ),
    "news/test-withdrawn": (
        {
            "province": "hue",
            "kind": "clarification",
            "published": day(-20),
            "withdrawn": day(-3),
            "withdrawn_reason": "Thông tin đã được thay thế.",
            "title": "Đính chính thử nghiệm",
            "summary": "Đính chính đã thu hồi.",
            "body": ["Nội dung đính chính."],
            "sources": SOURCE,
        },
        {
            "title": "Withdrawn test clarification",
            "summary": "A clarification that was withdrawn.",
            "withdrawn_reason": "The information was replaced.",
            "body": ["The clarification."],
            "sources": SOURCE_EN,
        },
    ),
}


def add_synthetic_records(project: Path) -> None:
    for path, (source, english) in RECORDS.items():
        for lang, data in (("vi", source), ("en", english)):
            target = project / "content" / lang / f"{path}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    images = project / "content" / "images"
    images.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1600, 1000), (40, 120, 160)).save(images / "test-waterfall.png")
