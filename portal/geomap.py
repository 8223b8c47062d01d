"""The portal's own map of Viet Nam: an inline SVG, drawn by the build, of today's 34
provinces, with the portal's provinces highlighted and linked and places and zones as
points. No tiles, no scripts, nothing loaded from another host.

Today's provinces are not drawn by hand: each is the union (shapely) of the provinces of
before the 2025 merger that it was formed from, as portal/data/mergers-2025.yaml says
(Resolution No. 202/2025/QH15), using the boundaries in
portal/data/vietnam-provinces-2024.geojson (geoBoundaries, public domain; how the file was
made: scripts/prepare_map_data.py, portal/data/README.md). The union is computed once per
process.

    province_map(lang, names, highlighted, points, title=..., focus=None) -> str

returns the markup of one <svg> element, for the home page (the whole country) or, with
`focus`, a smaller map zoomed to one province with its neighbours faded. The site's
stylesheet styles it through its classes (pm-map, pm-province, pm-ours, pm-focus,
pm-context, pm-point, pm-place, pm-zone); the presentation attributes in the markup are
fallbacks only.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES = DATA / "vietnam-provinces-2024.geojson"
MERGERS = DATA / "mergers-2025.yaml"

# Fallback colours (the stylesheet may set its own). On a light background: provinces a
# light grey with a mid-grey border (4.4:1 against white), the portal's provinces a dark
# blue (5.4:1 against the grey of the others, 6.0:1 against the faded neighbours of a focus
# map, 6.8:1 against white), points dark-ringed (13.6:1 on the grey) with a gold or white
# fill (4.8:1 and 6.8:1 on the blue).
FILL = "#dfe4ea"
STROKE = "#6e7a87"
OURS = "#1f5f8b"
CONTEXT = "#eef1f4"
PLACE = "#ffd24d"
ZONE = "#ffffff"
POINT_STROKE = "#1a1a1a"

NATIONAL_HEIGHT = 1000  # viewBox units; about 1.7 km each, near the data's own detail
# A linked point is tapped within a disc that holds a 24 x 24 CSS px square (WCAG 2.2
# target size) where the map is narrowest in common use: the 358-px column of a 390-px
# phone. Points whose discs would overlap are moved apart, each joined by a thin line to
# where it really is.
TARGET_PX = 24
PHONE_COLUMN_PX = 358
FOCUS_SIZE = 600
MARGIN = 8

_SAFE_HREF = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//)(?!\\)[^\s<>\"'`]*$")


@dataclass(frozen=True)
class MapPoint:
    """A point on the map: a place to visit ("place") or an economic zone ("zone")."""

    lat: float
    lon: float
    label: str
    href: str | None = None
    kind: Literal["place", "zone"] = "place"


@dataclass(frozen=True)
class TodayProvince:
    """A province of today and the provinces of before 2025 it was formed from."""

    id: str
    kind: str
    names: Mapping[str, str]
    formed_from: tuple[str, ...]

    def name(self, lang: str) -> tuple[str, str]:
        """The name in `lang`, else in English; with the language it is in."""
        if lang in self.names:
            return self.names[lang], lang
        return self.names["en"], "en"


@functools.cache
def provinces() -> dict[str, TodayProvince]:
    """Today's 34 provinces by id, as mergers-2025.yaml has them (checked against the
    boundaries: every province of before 2025 in exactly one province of today)."""
    data = yaml.safe_load(MERGERS.read_text(encoding="utf-8"))
    today = {}
    for entry in data["provinces"]:
        pid = entry["id"]
        if pid in today:
            raise ValueError(f"{MERGERS.name}: {pid} twice")
        if "en" not in entry["names"]:
            raise ValueError(f"{MERGERS.name}: {pid} has no English name")
        today[pid] = TodayProvince(pid, entry["kind"], dict(entry["names"]), tuple(entry["formed_from"]))
    former = [old for province in today.values() for old in province.formed_from]
    known = set(_former_shapes())
    twice = sorted({old for old in former if former.count(old) > 1})
    unknown = sorted(set(former) - known)
    missing = sorted(known - set(former))
    if twice or unknown or missing:
        raise ValueError(
            f"{MERGERS.name}: in two provinces {twice}, not in the boundaries {unknown}, in none {missing}"
        )
    return today


@functools.cache
def merged_into() -> dict[str, str]:
    """For each province of before 2025, the id of the province of today it is part of."""
    return {old: province.id for province in provinces().values() for old in province.formed_from}


@functools.cache
def _former_shapes() -> dict[str, BaseGeometry]:
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return {feature["properties"]["id"]: shape(feature["geometry"]) for feature in data["features"]}


@functools.cache
def outlines() -> dict[str, BaseGeometry]:
    """Each province of today as one shape in longitude/latitude: the union of the
    provinces it was formed from, their common borders gone."""
    former = _former_shapes()
    return {pid: shapely.union_all([former[old] for old in p.formed_from]) for pid, p in provinces().items()}


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon):
        return [p for p in geometry.geoms if not p.is_empty]
    if hasattr(geometry, "geoms"):
        return [p for g in geometry.geoms for p in _polygons(g)]
    return []


@dataclass(frozen=True)
class _Frame:
    """Equirectangular projection of a longitude/latitude window onto the viewBox,
    longitudes shortened by the cosine of the window's middle latitude."""

    west: float
    south: float
    east: float
    north: float
    scale: float
    kx: float

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], longest: float, by_height: bool = False) -> _Frame:
        west, south, east, north = bounds
        kx = math.cos(math.radians((south + north) / 2))
        width, height = (east - west) * kx, north - south
        scale = longest / (height if by_height else max(width, height))
        return cls(west, south, east, north, scale, kx)

    def xy(self, lon: float, lat: float) -> tuple[int, int]:
        return (
            round(MARGIN + (lon - self.west) * self.kx * self.scale),
            round(MARGIN + (self.north - lat) * self.scale),
        )

    @property
    def size(self) -> tuple[int, int]:
        return (
            math.ceil(2 * MARGIN + (self.east - self.west) * self.kx * self.scale),
            math.ceil(2 * MARGIN + (self.north - self.south) * self.scale),
        )


def _ring(coords: Iterable[tuple[float, float]], frame: _Frame) -> str:
    points: list[tuple[int, int]] = []
    for lon, lat in coords:
        p = frame.xy(lon, lat)
        if not points or p != points[-1]:
            points.append(p)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(set(points)) < 3:
        # An island smaller than the map's detail: kept, as a dot of the least visible size.
        x, y = points[0]
        return f"M{x} {y}h2v2h-2z"
    out = [f"M{points[0][0]} {points[0][1]}l"]
    previous = points[0]
    for i, (x, y) in enumerate(points[1:]):
        dx, dy = x - previous[0], y - previous[1]
        out.append(f"{'' if i == 0 or dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}")
        previous = (x, y)
    out.append("z")
    return "".join(out)


def _path_data(geometry: BaseGeometry, frame: _Frame) -> str:
    rings = []
    for polygon in _polygons(geometry):
        rings.append(_ring(polygon.exterior.coords, frame))
        rings.extend(_ring(interior.coords, frame) for interior in polygon.interiors)
    return "".join(rings)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _checked_href(href: str) -> str:
    """A link within the site: a relative or root-relative address, never another host,
    a scheme (javascript:, data:, http:) or anything that needs quoting."""
    if not _SAFE_HREF.match(href):
        raise ValueError(f"map link {href!r}: only addresses within the site")
    return href


def _main_part(geometry: BaseGeometry) -> tuple[float, float, float, float]:
    """Bounds of a province without its far-off small islands (the focus map of Khánh Hòa
    shows the coast, not the Trường Sa archipelago 500 km out at sea)."""
    parts = _polygons(geometry)
    largest = max(p.area for p in parts)
    west, south, east, north = shapely.MultiPolygon([p for p in parts if p.area >= 0.02 * largest]).bounds
    return float(west), float(south), float(east), float(north)


def _apart(xy: Sequence[tuple[int, int]], distance: float, size: tuple[int, int]) -> list[tuple[int, int]]:
    """The points moved apart until no two are nearer than `distance` (each pair that is
    too near pushed apart along the line between them, both by half of what is missing,
    until none is or a hundred rounds have passed), kept inside the map. Points far enough
    from all others stay where they are. Written here: it is a few lines on points the map
    already holds, and a label-placement library would bring a solver for a handful of dots."""
    placed = [[float(x), float(y)] for x, y in xy]
    for _ in range(100):
        crowded = False
        for i, a in enumerate(placed):
            for j in range(i + 1, len(placed)):
                b = placed[j]
                dx, dy = b[0] - a[0], b[1] - a[1]
                gap = math.hypot(dx, dy)
                if gap >= distance:
                    continue
                crowded = True
                if gap == 0:  # the same spot: spread them evenly around it
                    dx, dy, gap = math.cos(j), math.sin(j), 1.0
                push = (distance - gap) / 2 + 0.5
                a[0] -= dx / gap * push
                a[1] -= dy / gap * push
                b[0] += dx / gap * push
                b[1] += dy / gap * push
        for p in placed:
            p[0] = min(max(p[0], distance / 2), size[0] - distance / 2)
            p[1] = min(max(p[1], distance / 2), size[1] - distance / 2)
        if not crowded:
            break
    return [
        (x, y) if math.hypot(px - x, py - y) < 1 else (round(px), round(py))
        for (x, y), (px, py) in zip(xy, placed, strict=True)
    ]


def province_map(
    lang: str,
    names: Mapping[str, str],
    highlighted: Mapping[str, str],
    points: Sequence[MapPoint] = (),
    *,
    title: str,
    focus: str | None = None,
) -> str:
    """SVG markup (one <svg> element, to be put inline in a page) of today's provinces.

    lang: the page's language; a province is named (its <title>) by `names` if there,
    else by mergers-2025.yaml in `lang`, else in English (marked lang="en").
    names: province id -> name from the portal's own records, e.g. {"hue": "Хюэ"}.
    highlighted: province id -> address of its page; these are filled distinctly and linked.
    points: places and zones, drawn as small circles with their label as <title>, linked
    when they have an href.
    title: the map's accessible name.
    focus: a province id: a smaller map of that province and its neighbours (faded).
    Every href must be an address within the site (ValueError otherwise); all text is
    escaped.
    """
    today = provinces()
    shapes = outlines()
    for pid in [*highlighted, *([focus] if focus else [])]:
        if pid not in today:
            raise ValueError(f"no province of today with id {pid!r}")
    hrefs = {pid: _checked_href(href) for pid, href in highlighted.items()}

    if focus:
        west, south, east, north = _main_part(shapes[focus])
        kx = math.cos(math.radians((south + north) / 2))
        pad = max((east - west) * kx, north - south) * 0.25 + 0.1
        bounds = (west - pad / kx, south - pad, east + pad / kx, north + pad)
        frame = _Frame.fit(bounds, FOCUS_SIZE)
        # Cut the neighbours a little outside the view, so that no cut edge is seen.
        cut = (bounds[0] - pad / kx, bounds[1] - pad, bounds[2] + pad / kx, bounds[3] + pad)
        drawn = {pid: shapely.clip_by_rect(g, *cut) for pid, g in shapes.items()}
        drawn = {pid: g for pid, g in drawn.items() if not g.is_empty and _polygons(g)}
    else:
        bounds = tuple(shapely.total_bounds(list(shapes.values())))
        frame = _Frame.fit(bounds, NATIONAL_HEIGHT, by_height=True)
        drawn = dict(shapes)

    width, height = frame.size
    key = focus or "vn"
    title_id = f"pm-title-{key}"
    interactive = bool(hrefs) or any(p.href for p in points)
    # role="img" makes its children presentational: a map with links is a group instead,
    # so that its links stay reachable (ARIA: no focusable content in an img).
    role = "group" if interactive else "img"
    classes = "pm-map pm-focus-map" if focus else "pm-map"
    out = [
        f'<svg class="{classes}" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="{role}" aria-labelledby="{title_id}" data-focus="{_attr(key)}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<g class="pm-provinces" fill="{FILL}" stroke="{STROKE}" stroke-width="1.2"'
        ' stroke-linejoin="round" fill-rule="evenodd">',
    ]
    # The focused province last, so that its whole border is drawn over its neighbours'.
    order = sorted(drawn, key=lambda pid: (pid == focus, pid in hrefs, pid))
    for pid in order:
        name, name_lang = (names[pid], lang) if pid in names else today[pid].name(lang)
        title_lang = "" if name_lang == lang else f' lang="{_attr(name_lang)}"'
        cls = ["pm-province"]
        fill = ""
        if pid in hrefs:
            cls.append("pm-ours")
            fill = f' fill="{OURS}"'
        if focus and pid == focus:
            cls.append("pm-focus")
            fill = f' fill="{OURS}"'
        elif focus:
            cls.append("pm-context")
            if pid not in hrefs:
                fill = f' fill="{CONTEXT}"'
        path = (
            f'<path class="{" ".join(cls)}" data-id="{_attr(pid)}"{fill} d="{_path_data(drawn[pid], frame)}">'
            f"<title{title_lang}>{escape(name)}</title></path>"
        )
        if pid in hrefs:
            path = f'<a href="{_attr(hrefs[pid])}" class="pm-link">{path}</a>'
        out.append(path)
    out.append("</g>")

    shown = []
    inside = [p for p in points if not focus or (bounds[0] <= p.lon <= bounds[2] and bounds[1] <= p.lat <= bounds[3])]
    where = [frame.xy(p.lon, p.lat) for p in inside]
    hit = (TARGET_PX / math.sqrt(2) + 0.5) * width / PHONE_COLUMN_PX  # the disc's radius in viewBox units
    linked = [i for i, p in enumerate(inside) if p.href]
    moved = dict(zip(linked, _apart([where[i] for i in linked], 2 * hit, (width, height)), strict=True))
    for i, point in enumerate(inside):
        if point.kind not in ("place", "zone"):
            raise ValueError(f"map point {point.label!r}: kind {point.kind!r} is neither place nor zone")
        x, y = moved.get(i, where[i])
        fill = PLACE if point.kind == "place" else ZONE
        circle = (
            f'<circle class="pm-point pm-{point.kind}" cx="{x}" cy="{y}" r="6" fill="{fill}">'
            f"<title>{escape(point.label)}</title></circle>"
        )
        if (x, y) != where[i]:
            circle = f'<line class="pm-leader" x1="{where[i][0]}" y1="{where[i][1]}" x2="{x}" y2="{y}"/>{circle}'
        if point.href:
            # An invisible disc around the dot takes the taps; the dot itself is small.
            circle = (
                f'<a href="{_attr(_checked_href(point.href))}" class="pm-link">'
                f'<circle class="pm-hit" cx="{x}" cy="{y}" r="{math.ceil(hit)}" fill="none" stroke="none" pointer-events="all"/>'
                f"{circle}</a>"
            )
        shown.append(circle)
    if shown:
        out.append(f'<g class="pm-points" stroke="{POINT_STROKE}" stroke-width="1.5">')
        out.extend(shown)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
