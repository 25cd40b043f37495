"""
The municipalities' outlines as SVG path strings, computed once per process.

Pipeline: read the boundary GeoJSON (WGS84), project it to SWEREF 99 TM, the
transverse Mercator grid Lantmäteriet uses for all of Sweden, simplify it, round it to
a grid and write one compact path per municipality. Plain Python: no GIS libraries.

Neighbours share their border points in the file, so each shared border is simplified
once and reused by both sides; simplifying every outline on its own would open slivers
between neighbours.
"""

import functools
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from django.conf import settings

BOUNDARY_FILE = Path(settings.BASE_DIR) / "fixtures" / "reference" / "sweden_municipalities.geojson"

# Per level of detail: the Douglas–Peucker tolerance in km and the SVG units per km
# (coordinates are written as whole units). A county is drawn about four times larger
# than the whole country, so it gets finer outlines.
DETAIL = {
    "country": (0.8, 2),
    "county": (0.25, 5),
}
# Islands smaller than this (km²) are left out; a municipality's largest part never is.
MIN_ISLAND_KM2 = 4.0
MARGIN_UNITS = 10


def sweref99tm(lon, lat):
    """(easting, northing) in metres on SWEREF 99 TM for a WGS84/GRS80 lon/lat in degrees.

    Lantmäteriet's Gauss–Krüger formulas: GRS80 ellipsoid, central meridian 15° E,
    scale 0.9996, false easting 500 000 m.
    """
    a, f = 6378137.0, 1 / 298.257222101
    k0, lon0, false_easting = 0.9996, math.radians(15.0), 500000.0
    e2 = f * (2 - f)
    n = f / (2 - f)
    a_roof = a / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    coef_a = e2
    coef_b = (5 * e2**2 - e2**3) / 6
    coef_c = (104 * e2**3 - 45 * e2**4) / 120
    coef_d = 1237 * e2**4 / 1260
    betas = (
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440,
        61 * n**3 / 240 - 103 * n**4 / 140,
        49561 * n**4 / 161280,
    )
    phi, dlon = math.radians(lat), math.radians(lon) - lon0
    sin2 = math.sin(phi) ** 2
    phi_star = phi - math.sin(phi) * math.cos(phi) * (
        coef_a + coef_b * sin2 + coef_c * sin2**2 + coef_d * sin2**3
    )
    xi = math.atan(math.tan(phi_star) / math.cos(dlon))
    eta = math.atanh(math.cos(phi_star) * math.sin(dlon))
    terms = list(enumerate(betas, start=1))
    north = xi + sum(b * math.sin(2 * k * xi) * math.cosh(2 * k * eta) for k, b in terms)
    east = eta + sum(b * math.cos(2 * k * xi) * math.sinh(2 * k * eta) for k, b in terms)
    return k0 * a_roof * east + false_easting, k0 * a_roof * north


def _distance_to_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, tolerance):
    """The points of a polyline worth keeping; the two ends always stay."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep.add(farthest)
            stack += [(first, farthest), (farthest, last)]
    return [points[i] for i in sorted(keep)]


def ring_area(ring):
    """Signed shoelace area of a closed ring given without its repeated last point."""
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


@functools.cache
def projected_municipalities():
    """{code: (name, [polygon]) } with polygons as lists of rings of (x, y) in km."""
    features = json.loads(BOUNDARY_FILE.read_text(encoding="utf-8"))["features"]
    result = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        result[feature["properties"]["code"]] = (
            feature["properties"]["name"],
            [[_project_ring(ring) for ring in polygon] for polygon in polygons],
        )
    return result


def _project_ring(ring):
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    points = []
    for lon, lat in ring:
        east, north = sweref99tm(lon, lat)
        points.append((round(east / 1000, 3), round(north / 1000, 3)))
    return points


class _SharedBorders:
    """Simplifies rings so that a border two rings share is simplified the same way."""

    def __init__(self, rings, tolerance):
        self.tolerance = tolerance
        self.junctions = self._junctions(rings)
        self.simplified_arcs = {}

    @staticmethod
    def _junctions(rings):
        # A point is a junction where the set of rings passing through it changes:
        # where a border between two municipalities meets a third, or the coast.
        members = defaultdict(set)
        for index, ring in enumerate(rings):
            for point in ring:
                members[point].add(index)
        junctions = {point for point, owners in members.items() if len(owners) > 2}
        for ring in rings:
            for before, point, after in zip(
                ring[-1:] + ring[:-1], ring, ring[1:] + ring[:1], strict=True
            ):
                if members[before] != members[point] or members[after] != members[point]:
                    junctions.add(point)
        return junctions

    def simplify(self, ring):
        cuts = [i for i, point in enumerate(ring) if point in self.junctions]
        if not cuts:
            # A ring that touches no other: start it at a fixed point so that an
            # enclave and the hole it fills still agree.
            start = ring.index(min(ring))
            ring, cuts = ring[start:] + ring[:start], [0]
        simplified = []
        for first, last in zip(cuts, cuts[1:] + [cuts[0] + len(ring)], strict=True):
            arc = [ring[i % len(ring)] for i in range(first, last + 1)]
            simplified += self._simplify_arc(arc)[:-1]
        return simplified

    def _simplify_arc(self, arc):
        reverse = arc[-1] < arc[0] or (arc[-1] == arc[0] and arc[-2] < arc[1])
        key = tuple(reversed(arc)) if reverse else tuple(arc)
        if key not in self.simplified_arcs:
            self.simplified_arcs[key] = douglas_peucker(list(key), self.tolerance)
        result = self.simplified_arcs[key]
        return result[::-1] if reverse else result


@dataclass(frozen=True)
class Shape:
    """One municipality on the map: its SVG path and where it lies, in SVG units."""

    code: str
    name: str
    path: str
    bbox: tuple  # (min_x, min_y, max_x, max_y)
    centre: tuple  # (x, y) of the largest part's centroid


@dataclass(frozen=True)
class Outlines:
    shapes: dict  # {code: Shape}
    width: int
    height: int


@functools.cache
def outlines(detail="country"):
    """Every municipality's outline at a level of detail in DETAIL. Computed once per process."""
    tolerance_km, units_per_km = DETAIL[detail]
    municipalities = projected_municipalities()
    rings = [ring for _, polygons in municipalities.values() for p in polygons for ring in p]
    borders = _SharedBorders(rings, tolerance_km)
    min_east = min(x for ring in rings for x, _ in ring)
    max_north = max(y for ring in rings for _, y in ring)

    def to_svg(point):
        east, north = point
        return (
            round((east - min_east) * units_per_km) + MARGIN_UNITS,
            round((max_north - north) * units_per_km) + MARGIN_UNITS,
        )

    shapes = {}
    for code, (name, polygons) in municipalities.items():
        parts = _kept_polygons(polygons)
        svg_rings = [
            _grid_ring([to_svg(p) for p in borders.simplify(ring)], fallback=ring, to_svg=to_svg)
            for polygon in parts
            for ring in polygon
        ]
        svg_rings = [ring for ring in svg_rings if len(ring) >= 3]
        largest = [to_svg(p) for p in parts[0][0]]
        shapes[code] = Shape(code, name, _path(svg_rings), _bbox(svg_rings), _centroid(largest))
    width = max(s.bbox[2] for s in shapes.values()) + MARGIN_UNITS
    height = max(s.bbox[3] for s in shapes.values()) + MARGIN_UNITS
    return Outlines(shapes, width, height)


def _kept_polygons(polygons):
    """The largest polygon first, then the other parts big enough to see."""
    by_size = sorted(polygons, key=lambda polygon: abs(ring_area(polygon[0])), reverse=True)
    return by_size[:1] + [p for p in by_size[1:] if abs(ring_area(p[0])) >= MIN_ISLAND_KM2]


def _grid_ring(points, fallback, to_svg):
    ring = _without_repeats(points)
    if len(ring) < 3:
        # Too small to survive simplification: keep every point of the original.
        ring = _without_repeats([to_svg(p) for p in fallback])
    return ring


def _without_repeats(points):
    ring = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    while len(ring) > 1 and ring[-1] == ring[0]:
        ring.pop()
    return ring


def _path(rings):
    """Absolute first point, then relative moves: the shortest way to write a ring."""
    parts = []
    for ring in rings:
        moves = " ".join(f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in pairwise(ring))
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{moves}z".replace(" -", "-"))
    return "".join(parts)


def _bbox(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def _centroid(ring):
    area = ring_area(ring)
    if area == 0:
        return (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairs:
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return (round(cx / (6 * area)), round(cy / (6 * area)))
