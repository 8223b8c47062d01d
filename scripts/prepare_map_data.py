"""Makes portal/data/vietnam-provinces-2024.geojson, the small boundary file from which
portal/geomap.py draws the map: Viet Nam's 63 provinces as they were before the 2025
merger, simplified so that the vendored file stays small.

Run once at data-preparation time (shapely is needed; the site's build only reads the
output):

    python scripts/prepare_map_data.py SOURCE.geojson [portal/data/vietnam-provinces-2024.geojson]

SOURCE is geoBoundaries' simplified ADM1 file for Viet Nam, boundary VNM-ADM1-63759600
(geoBoundaries-VNM-ADM1_simplified.geojson, public domain, see portal/data/README.md for
where it was taken from). What this script changes:

* Côn Đảo, a separate feature in the source, is joined to Bà Rịa–Vũng Tàu, the province
  it belonged to, so that there are 63 units;
* each unit gets the portal's kind of id (ASCII, lower case, hyphens: "kon-tum"), with
  Thừa Thiên Huế as "hue" (Huế City since 1 January 2025, same territory);
* the 63 shapes are simplified together as one coverage (shapely.coverage_simplify), so
  that neighbours keep exactly the same shared border and unioning them later leaves no
  slivers; islands are kept (coverage simplification removes no polygon), including the
  Hoàng Sa and Trường Sa archipelagos that the source puts in Đà Nẵng and Khánh Hòa;
* coordinates are rounded to 3 decimals (about 100 m); rounding made two borders (Bạc
  Liêu, Kiên Giang) overlap their neighbour by a hair, so the rounded coverage is cleaned
  (shapely.coverage_clean), rounded again and checked: every shape valid, the 63 a valid
  coverage (no overlaps, identical shared edges).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

TOLERANCE = 0.012  # degrees, about 1.3 km: finer than the map's pixels at national scale
DECIMALS = 3
JOINED = {"Côn Đảo": "ba-ria-vung-tau"}
RENAMED = {"thua-thien-hue": "hue"}


def slug(name: str) -> str:
    text = unicodedata.normalize("NFD", name.strip().replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    out = "".join(c if c.isalnum() else "-" for c in text)
    out = "-".join(part for part in out.split("-") if part)
    return RENAMED.get(out, out)


def rounded(geometry):
    geometry = shapely.set_precision(geometry, 10**-DECIMALS, mode="pointwise")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry


def main(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    props: dict[str, dict] = {}
    for feature in data["features"]:
        name = feature["properties"]["shapeName"].strip()
        pid = JOINED.get(name) or slug(name)
        parts.setdefault(pid, []).append(shape(feature["geometry"]))
        if name not in JOINED:
            props[pid] = {"id": pid, "source_name": name, "iso": feature["properties"]["shapeISO"]}
    assert len(parts) == 63, len(parts)
    ids = sorted(parts)
    shapes = [shapely.union_all(parts[i]) for i in ids]
    simplified = shapely.coverage_simplify(shapes, TOLERANCE)
    simplified = [rounded(g) for g in shapely.coverage_clean([rounded(g) for g in simplified])]
    assert shapely.coverage_is_valid(simplified)
    features = []
    for pid, geometry in zip(ids, simplified, strict=True):
        assert geometry.is_valid and not geometry.is_empty, pid
        features.append({"type": "Feature", "properties": props[pid], "geometry": mapping(geometry)})
    out = {
        "type": "FeatureCollection",
        "source": "geoBoundaries VNM-ADM1-63759600 (public domain), simplified: see portal/data/README.md",
        "features": features,
    }
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    target.write_text(text + "\n", encoding="utf-8")
    points = sum(len(shapely.get_coordinates(g)) for g in simplified)
    print(f"{target}: {len(features)} provinces, {points} points, {len(text.encode()) // 1024} KB")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    default = here / "portal" / "data" / "vietnam-provinces-2024.geojson"
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else default)
