"""Solar dates of festivals fixed by the Vietnamese lunar calendar.

A festival such as Po Nagar's is held on the same lunar days every year; its solar dates
move. The conversion uses vnlunar, which computes the Vietnamese calendar (new moons at
UTC+7, Hồ Ngọc Đức's method): it differs from the Chinese calendar in some years (Tết
1985 fell on 21 January in Vietnam, 20 February in China)."""

from __future__ import annotations

import datetime as dt

from vnlunar import convert_lunar_to_solar

VIETNAM_TIME_ZONE = 7.0


def to_solar(lunar_year: int, month: int, day: int) -> dt.date:
    """The solar date of a day of a (non-leap) lunar month. A 30th day in a month of 29
    days is held on the 29th, as such festivals are."""
    for candidate in (day, day - 1) if day == 30 else (day,):
        solar = convert_lunar_to_solar(candidate, month, lunar_year, 0, VIETNAM_TIME_ZONE)
        if solar is not None:
            d, m, y = solar
            return dt.date(y, m, d)
    raise ValueError(f"no lunar day {day} of month {month} in lunar year {lunar_year}")


def next_occurrence(starts: str, ends: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last solar day of the next (or current) occurrence of a festival held
    from lunar "MM-DD" `starts` to `ends` (same day if None)."""
    first_month, first_day = (int(part) for part in starts.split("-"))
    last_month, last_day = (int(part) for part in (ends or starts).split("-"))
    for lunar_year in range(today.year - 1, today.year + 2):
        first = to_solar(lunar_year, first_month, first_day)
        # A festival that runs past the 12th month ends in the next lunar year.
        last = to_solar(lunar_year + (last_month < first_month), last_month, last_day)
        if last >= today:
            return first, last
    raise ValueError(f"no occurrence of lunar {starts} after {today}")
