"""Charts drawn on the server as SVG: bars, a timeline and a world map.

Each chart is readable without colour: bars carry their number, the map has a legend with the number of
countries in each class and a hatched pattern for members not represented, and every shape has a
``<title>`` (a tooltip, and what a screen reader reads). Pages also show each chart's numbers as a table.
No ``style`` attribute anywhere (the CSP allows none): only SVG presentation attributes and classes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from delegates.admin.worldmap import world_shapes

INK = "#1b2330"
MUTED = "#556070"
GRID = "#d8dee6"
BAR = "#0a6cbd"
LINE = "#8a5300"
# a sequential blue scale, light to dark; every step differs from its neighbours in lightness
SCALE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
NOT_REPRESENTED = "#eef1f5"
NOT_MEMBER = "#fafbfc"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = BAR
    href: str | None = None


def _text_width(text: str, size: float) -> float:
    """A rough width for laying out labels (no font metrics on the server): wide enough for Latin and Arabic."""
    return len(text) * size * 0.56


def _svg_open(width: float, height: float, chart_id: str, title: str, desc: str, css_class: str,
              role: str = "img") -> str:
    """The chart's root: an image, or a group when it holds links (an image holds no interactive part)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="{role}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'id="{chart_id}" font-family="system-ui, sans-serif" direction="ltr">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>')


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, desc: str, rtl: bool = False,
              width: int = 520) -> Markup:
    """Horizontal bars, one line each: the label, the bar, its number. Mirrored right to left when ``rtl``."""
    size, row, gap = 13, 26, 6
    label_w = min(max((_text_width(b.label, size) for b in bars), default=40) + 12, width * 0.45)
    number_w = max((_text_width(str(b.value), size) for b in bars), default=10) + 10
    plot_w = width - label_w - number_w
    top = max((b.value for b in bars), default=0) or 1
    height = len(bars) * row + gap
    role = "group" if any(b.href for b in bars) else "img"
    out = [_svg_open(width, height, chart_id, title, desc, "bar-chart", role)]
    for i, b in enumerate(bars):
        y = i * row + gap
        length = plot_w * b.value / top
        if rtl:
            label_x, label_anchor = width, "start"
            bar_x = width - label_w - length
            number_x, number_anchor = bar_x - 4, "end"
        else:
            label_x, label_anchor = 0, "start"
            bar_x = label_w
            number_x, number_anchor = label_w + length + 4, "start"
        label = escape(b.label)
        direction = ' direction="rtl"' if rtl else ""
        row_svg = (f'<g class="bar"><title>{label}: {b.value}</title>'
                   f'<text x="{label_x:.1f}" y="{y + row / 2 + 2:.1f}" font-size="{size}" fill="{INK}" '
                   f'text-anchor="{label_anchor}"{direction}>{label}</text>'
                   f'<rect x="{bar_x:.1f}" y="{y + 3}" width="{max(length, 0):.1f}" height="{row - 10}" rx="2" '
                   f'fill="{escape(b.colour)}" stroke="{INK}" stroke-opacity="0.25"/>'
                   f'<text x="{number_x:.1f}" y="{y + row / 2 + 2:.1f}" font-size="{size}" font-weight="600" '
                   f'fill="{INK}" text-anchor="{number_anchor}">{b.value}</text></g>')
        if b.href:
            row_svg = f'<a href="{escape(b.href)}" aria-label="{label}: {b.value}">{row_svg}</a>'
        out.append(row_svg)
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704  every text in it went through escape()


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (for an axis)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def timeline_chart(days: Sequence[tuple[date, int, int]], *, chart_id: str, title: str, desc: str,
                   day_label: Callable[[date], str], daily_name: str, cumulative_name: str,
                   width: int = 1000, height: int = 260) -> Markup:
    """Registrations per day as bars (left axis) and the running total as a line (right axis).

    Time runs left to right in every language, as on a calendar's axis; the legend names both series.
    """
    left, right, top_pad, bottom = 44, 56, 30, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    out = [_svg_open(width, height, chart_id, title, desc, "timeline-chart")]
    if not days:
        out.append("</svg>")
        return Markup("".join(out))  # noqa: S704  every text in it went through escape()
    daily_top = _nice_ceiling(max(n for _, n, _ in days))
    total_top = _nice_ceiling(days[-1][2])
    slot = plot_w / len(days)
    # legend
    out.append(f'<g font-size="12" fill="{INK}"><rect x="{left}" y="6" width="12" height="12" fill="{BAR}"/>'
               f'<text x="{left + 16}" y="16">{escape(daily_name)}</text>'
               f'<line x1="{left + 200}" y1="12" x2="{left + 224}" y2="12" stroke="{LINE}" stroke-width="2.5" '
               f'stroke-dasharray="6 3"/><text x="{left + 230}" y="16">{escape(cumulative_name)}</text></g>')
    # axes and grid: 0, half, top on both sides
    for fraction in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - fraction)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end">'
                   f'{daily_top * fraction:g}</text>'
                   f'<text x="{left + plot_w + 6}" y="{y + 4:.1f}" font-size="11" fill="{LINE}">'
                   f'{total_top * fraction:g}</text>')
    points = []
    label_every = max(1, round(len(days) / 10))
    for i, (day, n, running) in enumerate(days):
        x = left + i * slot
        h = plot_h * n / daily_top
        bar_w = max(slot * 0.8, 1)
        out.append(f'<rect x="{x + slot * 0.1:.1f}" y="{top_pad + plot_h - h:.1f}" width="{bar_w:.1f}" '
                   f'height="{h:.1f}" fill="{BAR}"><title>{escape(day_label(day))}: {n} ({running})</title></rect>')
        points.append(f"{x + slot / 2:.1f},{top_pad + plot_h * (1 - running / total_top):.1f}")
        # every tenth or so, and the last one; a regular one too close to the last is left out, not drawn over it
        if i == len(days) - 1 or (i % label_every == 0 and len(days) - 1 - i >= label_every):
            out.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" font-size="11" fill="{MUTED}" '
                       f'text-anchor="middle">{escape(day_label(day))}</text>')
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2.5" '
               f'stroke-dasharray="6 3" stroke-linejoin="round"/>')
    last_x, last_y = points[-1].split(",")
    out.append(f'<circle cx="{last_x}" cy="{last_y}" r="4" fill="{LINE}"/>'
               f'<text x="{float(last_x) - 6:.1f}" y="{float(last_y) - 8:.1f}" font-size="12" font-weight="600" '
               f'fill="{INK}" text-anchor="end">{days[-1][2]}</text>')
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704  every text in it went through escape()


def map_classes(values: Sequence[int]) -> list[tuple[int, int | None]]:
    """Up to six classes (low, high) for delegation sizes, from the sizes found: roughly equal numbers of
    countries per class, bounds rounded to numbers a person reads easily."""
    sizes = sorted(v for v in values if v > 0)
    if not sizes:
        return [(1, None)]
    bounds: list[int] = [1]
    for q in (0.35, 0.6, 0.8, 0.92, 0.98):
        b = sizes[min(int(len(sizes) * q), len(sizes) - 1)] + 1
        if b > 10:
            b = _round_bound(b)
        if b > bounds[-1] and b <= sizes[-1]:
            bounds.append(b)
    return [(low, (bounds[i + 1] - 1) if i + 1 < len(bounds) else None) for i, low in enumerate(bounds)]


def _round_bound(b: int) -> int:
    step = 5 if b < 100 else 10 if b < 1000 else 100
    return (b + step - 1) // step * step


def class_of(value: int, classes: Sequence[tuple[int, int | None]]) -> int | None:
    if value <= 0:
        return None
    for i, (low, high) in enumerate(classes):
        if value >= low and (high is None or value <= high):
            return i
    return len(classes) - 1


@dataclass(frozen=True)
class MapCountry:
    name: str
    participants: int
    member: bool


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    label: str
    countries: int | None  # None: not counted (countries that are not members)


def world_map(countries: dict[str, MapCountry], *, chart_id: str, title: str, desc: str,
              tooltip: Callable[[MapCountry], str], class_label: Callable[[int, int | None], str],
              member_not_represented: str, not_member: str) -> tuple[Markup, list[LegendEntry]]:
    """Countries coloured by the size of their delegation; ``countries`` keyed by upper-case alpha-2.

    Returns the map and its legend (the page draws the legend as a list, so that it follows the text's
    direction); the legend's fills refer to the map's hatch pattern, ``url(#<chart_id>-hatch)``.
    """
    shapes = world_shapes()
    _, _, w, h = shapes.view_box
    h = round(h * 0.86)  # Antarctica sends no delegation: leave it out
    classes = map_classes([c.participants for c in countries.values()])
    colours = SCALE[-len(classes):] if len(classes) > 1 else (SCALE[3],)
    hatch = f"url(#{chart_id}-hatch)"
    out = [_svg_open(w, h, chart_id, title, desc, "world-map"),
           f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NOT_REPRESENTED}"/>'
           f'<line x1="0" y1="0" x2="0" y2="6" stroke="#8391a3" stroke-width="1.5"/></pattern></defs>',
           f'<rect width="{w}" height="{h}" fill="#f7fafd"/>']
    per_class = [0] * len(classes)
    missing_members = 0
    dots = []
    for shape in shapes.shapes:
        if shape.alpha2 == "AQ":
            continue
        country = countries.get(shape.alpha2)
        if country is None:
            fill, label = NOT_MEMBER, None
        else:
            k = class_of(country.participants, classes)
            if k is not None:
                fill = colours[k]
                per_class[k] += 1
            elif country.member:
                fill = hatch
                missing_members += 1
            else:
                fill = NOT_MEMBER
            label = tooltip(country)
        title_svg = f"<title>{escape(label)}</title>" if label else ""
        represented = country is not None and country.participants > 0
        if shape.path:
            out.append(f'<path d="{shape.path}" fill="{fill}" stroke="#8391a3" stroke-width="0.4" '
                       f'data-country="{shape.alpha2}">{title_svg}</path>')
        if shape.dot and (represented or not shape.path):
            dots.append(f'<circle cx="{shape.dot[0]}" cy="{shape.dot[1]}" r="{3 if represented else 2}" '
                        f'fill="{fill}" stroke="#4a5668" stroke-width="0.6" data-country="{shape.alpha2}">'
                        f'{title_svg}</circle>')
    out.extend(dots)  # small states on top, so that they can be pointed at
    out.append("</svg>")
    legend = [LegendEntry(colours[i], class_label(low, high), per_class[i]) for i, (low, high) in enumerate(classes)]
    legend.append(LegendEntry(hatch, member_not_represented, missing_members))
    legend.append(LegendEntry(NOT_MEMBER, not_member, None))
    return Markup("".join(out)), legend  # noqa: S704  every text in it went through escape()


def swatch(fill: str) -> Markup:
    """A small square of a legend's fill (a colour or a pattern of the map)."""
    return Markup(  # noqa: S704  fills are ours, escaped all the same
        f'<svg class="swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">'
        f'<rect x="0.5" y="0.5" width="27" height="15" fill="{escape(fill)}" stroke="#4a5668"/></svg>')


def ratio_bar(done: int, total: int, *, chart_id: str, title: str, width: int = 300, rtl: bool = False) -> Markup:
    """One bar of ``done`` out of ``total`` (the text beside it says the numbers)."""
    share = done / total if total else 0
    filled = width * min(share, 1)
    x = width - filled if rtl else 0
    return Markup(  # noqa: S704  the title went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ratio" viewBox="0 0 {width} 12" width="{width}" '
        f'preserveAspectRatio="none" '
        f'height="12" role="img" aria-labelledby="{chart_id}-title" id="{chart_id}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<rect width="{width}" height="12" rx="6" fill="{NOT_REPRESENTED}" stroke="{GRID}"/>'
        f'<rect x="{x:.1f}" width="{filled:.1f}" height="12" rx="6" fill="{BAR}"/></svg>')
