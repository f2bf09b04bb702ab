"""Trace builders shared by every figure module: boxes, text, invisible hover points, a hidden canvas.

Each returns a plain plotly trace dict with ``meta["key"]``, so tests and dashboards can find a trace by key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vizlib.figures import theme

__all__ = ["boxes", "canvas", "hover", "rects_xy", "texts"]


def rects_xy(rects: Sequence[tuple[float, float, float, float]]) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for x0, y0, x1, y1 in rects:
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [x0, x1, x1, x0, x0]
        ys += [y0, y0, y1, y1, y0]
    return xs, ys


def boxes(key: str, rects: Sequence[tuple[float, float, float, float]], fill: str, *, line: str | None = None,
           dash: str | None = None, pattern: dict | None = None, xaxis: str = "x", yaxis: str = "y") -> dict:
    xs, ys = rects_xy(rects)
    t: dict[str, Any] = {
        "type": "scatter", "name": key, "x": xs, "y": ys, "mode": "lines", "fill": "toself", "fillcolor": fill,
        "line": {"width": 1.2 if line else 0, "color": line or fill, **({"dash": dash} if dash else {})},
        "hoverinfo": "skip", "showlegend": False, "meta": {"key": key}, "xaxis": xaxis, "yaxis": yaxis,
    }
    if pattern:
        t["fillpattern"] = pattern
    return t


def texts(key: str, items: Sequence[tuple[float, float, str, str, int]], position: str = "middle center",
           xaxis: str = "x", yaxis: str = "y") -> dict:
    """A text trace; ``items`` are (x, y, text, colour, size)."""
    return {
        "type": "scatter", "name": key, "mode": "text", "x": [i[0] for i in items], "y": [i[1] for i in items],
        "text": [i[2] for i in items], "textposition": position,
        "textfont": {"color": [i[3] for i in items], "size": [i[4] for i in items]},
        "hoverinfo": "skip", "showlegend": False, "cliponaxis": False, "meta": {"key": key},
        "xaxis": xaxis, "yaxis": yaxis,
    }


def hover(points: Sequence[tuple[float, float, str]], key: str = "hover") -> dict:
    return {
        "type": "scatter", "name": key, "mode": "markers", "x": [p[0] for p in points], "y": [p[1] for p in points],
        "hovertext": [p[2] for p in points], "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"size": 26, "opacity": 0, "color": theme.TEXT}, "showlegend": False, "meta": {"key": key},
    }


def canvas(width_units: float, height_units: float) -> dict:
    hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    return {"xaxis": {**hidden, "range": [0, width_units]}, "yaxis": {**hidden, "range": [0, height_units]}}
