"""Figures of the course: pure functions of model state returning ``plotly.graph_objects.Figure``.

Every figure uses the one theme (:mod:`vizlib.theme`), has a title that
states the state in words, and carries a plain-text description in
``fig.layout.meta["description"]`` (read it with :func:`vizlib.describe`).

Figures that dashboards update live (:func:`hardware_figure`,
:func:`usage_figure`, :func:`efficiency_figure`) always have the same traces
in the same order, whatever the state: a dashboard builds a ``FigureWidget``
once and then calls :func:`refresh_figure` with a freshly computed figure.
The trace order is in :data:`HARDWARE_TRACES`, :data:`USAGE_TRACES` and
:data:`EFFICIENCY_TRACES` (each trace's key is in ``trace.meta["key"]``).

Animations (:func:`animate_split`, :func:`animate_containers`) are plain
plotly frames with Play/Pause buttons and a step slider, so they also play in
a static HTML export, without a kernel.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure

from vizlib.figures import theme
from vizlib.layout import grids as L
from vizlib.model.comparison import Comparison
from vizlib.model.describe import describe
from vizlib.model.scenario import Refusal
from vizlib.model.stack import BENEATH_WHAT
from vizlib.model.systems import LAYERS, PRODUCTS, ContainerRuntime, Host, Hypervisor
from vizlib.model.table import GUEST_OS
from vizlib.text.catalog import N_, NP_, t, tn, tp

__all__ = [
    "HARDWARE_TRACES",
    "USAGE_TRACES",
    "EFFICIENCY_TRACES",
    "FigureSpec",
    "hardware_figure",
    "hardware_spec",
    "usage_figure",
    "usage_spec",
    "animate_split",
    "animate_containers",
    "stack_figure",
    "efficiency_figure",
    "efficiency_spec",
    "refresh_figure",
]

HARDWARE_TRACES: tuple[str, ...] = (*L.DRAW_LAYERS, "hatch", "owners", "hover", "labels")
"""Trace keys (``trace.meta["key"]``; ``trace.name`` holds the legend's words) of :func:`hardware_figure` and of
the animations, in order: one filled-shape trace per layer of :data:`vizlib.layout.DRAW_LAYERS`, then the hatch
lines over stranded shares, the outlines around each owner's share, the hover points and the text labels."""

USAGE_TRACES: tuple[str, ...] = (*LAYERS, "totals")
"""Trace keys (``trace.meta["key"]``) of :func:`usage_figure`, in order: one bar trace per layer of
:data:`vizlib.LAYERS`, then the text at the end of each bar."""

EFFICIENCY_TRACES: tuple[str, ...] = (
    "copies", "memory_apps", "memory_overhead", "memory_platform", "memory_free", "startup", "kernels",
)
"""Trace keys (``trace.meta["key"]``) of :func:`efficiency_figure`, in order."""

class FigureSpec(NamedTuple):
    """A figure as plain dicts: its traces and its layout (no template). ``theme.figure(*spec)`` builds it.

    Dashboards update their live figures from specs directly, which spares building a validated
    ``go.Figure`` and turning it back into dicts on every change.
    """

    data: list[dict]
    layout: dict


_LEGEND_H = 64


# ---------------------------------------------------------------------------- shared pieces
def _layer_trace(layer: str, rects: Sequence[tuple[float, float, float, float]], showlegend: bool) -> dict:
    xs, ys = L.polygon(rects)
    tr: dict[str, Any] = {
        "type": "scatter", "name": layer, "x": xs, "y": ys, "mode": "lines", "fill": "toself",
        "fillcolor": theme.COLORS[layer], "line": {"width": 0, "color": theme.COLORS[layer]},
        "hoverinfo": "skip", "showlegend": showlegend, "legendgroup": layer,
        "legendrank": L.DRAW_LAYERS.index(layer), "meta": {"label": theme.label(layer)},
    }
    line_extra = {"simplify": False}  # keep every point, so shapes morph point by point in animations
    if layer == "not_placed":
        tr["fillcolor"] = "rgba(110,119,129,0.06)"
        tr["fillpattern"] = {"shape": theme.PATTERNS["not_placed"], "fgcolor": theme.EDGE, "bgcolor": "rgba(0,0,0,0)",
                             "size": 8, "solidity": 0.15, "fillmode": "overlay"}
        tr["line"] = {"width": 1.6, "color": theme.COLORS[layer], "dash": "dash"}
    elif layer == "overcommitted":
        tr["fillcolor"] = "rgba(213,94,0,0.05)"
        tr["line"] = {"width": 1.6, "color": theme.COLORS[layer], "dash": "dash"}
    elif layer == "hardware":
        tr["line"] = {"width": 0, "color": theme.COLORS[layer]}
    tr["line"].update(line_extra)
    return tr


_HATCH = theme.HATCH


def _hatch_trace(segments: Sequence[tuple[float, float, float, float]]) -> dict:
    """Diagonal lines over stranded shares: the pattern that says "stranded" without colour.

    (Drawn as lines rather than a plotly fill pattern: plotly.js fails when
    it animates a scatter fill that has a pattern.)
    """
    xs: list = []
    ys: list = []
    for xa, ya, xb, yb in segments:
        xs += [xa, xb, None]
        ys += [ya, yb, None]
    return {
        "type": "scatter", "name": "hatch", "x": xs, "y": ys, "mode": "lines",
        "line": {"width": 1.1, "color": _HATCH, "simplify": False}, "hoverinfo": "skip", "showlegend": False,
    }


def _outline_trace(rects: Sequence[tuple[float, float, float, float]]) -> dict:
    xs, ys = L.polygon(rects)
    return {
        "type": "scatter", "name": "owners", "x": xs, "y": ys, "mode": "lines",
        "line": {"width": 2, "color": theme.CARD, "simplify": False}, "hoverinfo": "skip", "showlegend": False,
    }


def _hover_trace(points: Sequence[tuple[float | None, float | None, str]]) -> dict:
    return {
        "type": "scatter", "name": "hover", "mode": "markers", "x": [p[0] for p in points],
        "y": [p[1] for p in points], "hovertext": [p[2] for p in points],
        "hovertemplate": "%{hovertext}<extra></extra>", "marker": {"size": 18, "opacity": 0, "color": theme.TEXT},
        "showlegend": False,
    }


def _label_color(lab: L.Label) -> str:
    return theme.text_color(theme.COLORS[lab.layer]) if lab.layer in theme.COLORS else theme.TEXT


def _label_shadow(lab: L.Label) -> str:
    """A soft halo in the background's direction, so labels stay legible over patterns and seams."""
    if lab.layer not in theme.COLORS:
        return "none"
    if _label_color(lab) == theme.TEXT:
        return "0 0 2px rgba(255,255,255,0.9)"
    return "0 0 3px rgba(0,0,0,0.55)"


def _text_trace(labels: Sequence[L.Label], name: str = "labels") -> dict:
    return {
        "type": "scatter", "name": name, "mode": "text", "x": [lab.x for lab in labels],
        "y": [lab.y for lab in labels], "text": [lab.text for lab in labels],
        "textposition": [lab.position for lab in labels],
        "textfont": {"color": [_label_color(lab) for lab in labels], "size": [lab.size for lab in labels],
                     "shadow": [_label_shadow(lab) for lab in labels]},
        "hoverinfo": "skip", "showlegend": False, "cliponaxis": False,
    }


def _named_legend(traces: list[dict]) -> None:
    """plotly shows ``name`` in the legend: put the human label there and the trace's key in ``meta["key"]``."""
    for tr in traces:
        meta = tr.get("meta") if isinstance(tr.get("meta"), dict) else {}
        tr["meta"] = {**meta, "key": tr["name"]}
        if "label" in meta:
            tr["name"] = meta["label"]


def _grid_axes(extent: tuple[float, float, float, float]) -> dict:
    x0, y0, x1, y1 = extent
    hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    return {
        "xaxis": {**hidden, "range": [x0, x1], "constrain": "domain"},
        "yaxis": {**hidden, "range": [y0, y1], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
    }


def _grid_height(extent: tuple[float, float, float, float], px: float, top: int = 84) -> int:
    return int(round((extent[3] - extent[1]) * px + top + _LEGEND_H + 16))


def _check_system(system: object) -> None:
    if not isinstance(system, (Hypervisor, ContainerRuntime, Host)):
        raise TypeError(
            f"system must be a vizlib Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )


def _pct(x: float, total: float) -> str:
    return f"{100 * x / total:.0f}%"


def _system_title(system: Hypervisor | ContainerRuntime | Host, refused: Sequence[Refusal] = ()) -> str:
    """The figure title that states the state in words (the words of :func:`vizlib.system_title`, from the
    catalogue)."""
    host = system if isinstance(system, Host) else system.host
    cores, memory = L.fmt_amount(host.cpu_cores, "cores"), f"{L.fmt_amount(host.memory_gib, '')} GiB"
    if isinstance(system, Hypervisor):
        title = tn("{product} ({kind}): {n} VM on {cores}, {memory}",
                   "{product} ({kind}): {n} VMs on {cores}, {memory}", len(system.vms), product=system.product.label,
                   kind=system.product.kind_short, cores=cores, memory=memory)
    elif isinstance(system, ContainerRuntime):
        title = t("Containers: {n} on {cores}, {memory} (1 kernel)", n=len(system.containers), cores=cores,
                  memory=memory)
    else:
        title = t("Bare server: {cores}, {memory}, nothing installed", cores=cores, memory=memory)
    if refused:
        title = t("{title} ({n} not placed)", title=title, n=len(refused))
    return title


def _kernel_words(system: Hypervisor | ContainerRuntime) -> str:
    """``5 kernels (4 guest, 1 beneath)``, or ``1 kernel, shared`` for containers."""
    n = system.kernels
    if isinstance(system, ContainerRuntime):
        return tn("{n} kernel, shared", "{n} kernels, shared", n)
    return tn("{n} kernel ({guest} guest, {beneath} beneath)", "{n} kernels ({guest} guest, {beneath} beneath)", n,
              guest=system.guest_kernels, beneath=system.kernels_beneath)


def _subtitle(system: Hypervisor | ContainerRuntime | Host, view: str = "reserved") -> str:
    if isinstance(system, Host):
        return t("Nothing installed yet: every core and every GiB is free.")
    u = system.usage(view)
    m = u.memory
    overhead = m.layers["hypervisor"] + m.layers["host_os"] + m.layers["guest_os"] + m.layers["runtime"]
    apps, share = L.fmt_amount(m.layers["apps"]), _pct(m.layers["apps"], m.capacity)
    parts = [
        t("Reserved view: {amount} ({percent}) of memory for apps", amount=apps, percent=share) if view == "reserved"
        else t("Used view: {amount} ({percent}) of memory for apps", amount=apps, percent=share),
        t("{amount} for OS and platform", amount=L.fmt_amount(overhead)),
    ]
    if view == "reserved":
        parts.append(t("{amount} stranded", amount=L.fmt_amount(m.layers["stranded"])))
    parts += [t("{amount} free", amount=L.fmt_amount(m.layers["free"])), _kernel_words(system)]
    if u.cpu.excess > 1e-9 or m.excess > 1e-9:
        over = []
        if u.cpu.excess > 1e-9:
            over.append(t("CPU {ratio}x", ratio=f"{1 + u.cpu.excess / u.cpu.capacity:.2g}"))
        if m.excess > 1e-9:
            over.append(t("memory {ratio}x", ratio=f"{1 + m.excess / m.capacity:.2g}"))
        parts.append(t("overcommitted: {what}", what=", ".join(over)))
    return " · ".join(parts)


def _used_sentence(system: Hypervisor | ContainerRuntime) -> str:
    """What the used view shows, against the reserved one, in a sentence."""
    r, u = system.usage("reserved"), system.usage("used")
    return t("In use, the host backs {memory} of memory and burns {cores} of CPU, against {reserved_memory} and "
             "{reserved_cores} reserved.", memory=L.fmt_amount(u.memory.allocated),
             cores=L.fmt_amount(u.cpu.allocated, "cores"), reserved_memory=L.fmt_amount(r.memory.allocated),
             reserved_cores=L.fmt_amount(r.cpu.allocated, "cores"))


# ---------------------------------------------------------------------------- hardware
def _hardware_traces(lay: L.HardwareLayout) -> list[dict]:
    blocks, labels = lay.blocks, lay.labels
    origin = {"cpu": lay.cpu_grid.x, "memory": lay.memory_grid.x}
    by_layer: dict[str, list] = {layer: [] for layer in L.DRAW_LAYERS}
    for b in blocks:
        if b.layer == "hardware":
            by_layer[b.layer].append(L._padded(b))
        elif b.layer in ("overcommitted", "not_placed"):
            by_layer[b.layer].append((b.x0, b.y0, b.x1, b.y1))
        else:
            by_layer[b.layer] += L.cell_rects(b, origin[b.resource])
    traces = [_layer_trace(layer, by_layer[layer], bool(by_layer[layer]) and layer != "hardware")
              for layer in L.DRAW_LAYERS]
    traces.append(_hatch_trace([seg for r in by_layer["stranded"] for seg in L.hatch_lines(r)]))
    traces.append(_outline_trace(lay.outlines))
    traces.append(_hover_trace(L.hover_points(blocks)))
    traces.append(_text_trace(labels))
    _named_legend(traces)
    return traces


def hardware_spec(
    system: Hypervisor | ContainerRuntime | Host,
    refused: Sequence[Refusal] = (),
    *,
    title: str | None = None,
    view: str = "reserved",
) -> FigureSpec:
    """The :class:`FigureSpec` (plain dicts) behind :func:`hardware_figure`; same arguments."""
    _check_system(system)
    lay = L.hardware_layout(system, refused, view=view)
    refused = L._check_refused(refused)
    text = _system_title(system, refused) if title is None else theme.check_title(title)
    if title is None and view == "used" and not isinstance(system, Host):
        text = t("{title} · as used", title=text)
    desc = describe(system, view=view)
    if refused:
        desc += " " + t("{n} more asked for did not fit, for example {name}: {reason}.", n=len(refused),
                        name=refused[0].name, reason=refused[0].reason)
    if view == "used" and not isinstance(system, Host):
        desc += f" {_used_sentence(system)}"
    layout = {
        "title": theme.title(text, _subtitle(system, view)),
        "height": _grid_height(lay.extent, lay.px_per_square),
        "margin": {"l": 16, "r": 16, "t": 84, "b": 16},
        "showlegend": True,
        "legend": {"y": 0, "yanchor": "top", "traceorder": "normal"},
        "hoverdistance": 28,
        "meta": {"description": desc, "kind": "hardware", "view": view},
        **_grid_axes(lay.extent),
    }
    return FigureSpec(_hardware_traces(lay), layout)


# ---------------------------------------------------------------------------- usage
_USAGE_SHORT = {
    "stranded": NP_("layer", "stranded"), "apps": NP_("layer", "apps"), "guest_os": NP_("layer", "guest OS"),
    "host_os": NP_("layer", "host OS"), "runtime": NP_("layer", "runtime"), "hypervisor": NP_("layer", "hyp."),
    "free": NP_("layer", "free"),
}
"""Words inside the usage bars, where there is room: shorter than the legend's."""


def usage_spec(
    system: Hypervisor | ContainerRuntime | Host, *, title: str | None = None, view: str = "reserved"
) -> FigureSpec:
    """The :class:`FigureSpec` (plain dicts) behind :func:`usage_figure`; same arguments."""
    _check_system(system)
    if isinstance(system, Host):
        rows = {
            "cpu": {"layers": {k: (float(system.cpu_cores) if k == "free" else 0.0) for k in LAYERS},
                    "capacity": float(system.cpu_cores), "excess": 0.0, "unit": "cores"},
            "memory": {"layers": {k: (system.memory_gib if k == "free" else 0.0) for k in LAYERS},
                       "capacity": system.memory_gib, "excess": 0.0, "unit": "GiB"},
        }
    else:
        u = system.usage(view)
        rows = {r.resource: {"layers": dict(r.layers), "capacity": r.capacity, "excess": r.excess, "unit": r.unit}
                for r in (u.cpu, u.memory)}
    names = {"cpu": "CPU", "memory": tp("resource", "Memory")}
    order = ("cpu", "memory")
    traces = []
    for layer in LAYERS:
        label = theme.label(layer)
        short = tp("layer", _USAGE_SHORT[layer])
        xs, text, custom = [], [], []
        for res in order:
            r = rows[res]
            amount = r["layers"][layer]
            pct = 100 * amount / r["capacity"]
            xs.append(pct)
            unit = r["unit"]
            if res == "cpu" and isinstance(system, Hypervisor) and layer != "free" and view == "reserved":
                unit = "vCPUs"
            custom.append([L.fmt_amount(amount, unit), L.fmt_amount(r["capacity"], r["unit"])])
            text.append(f"{short} {pct:.0f}%" if pct >= 14 else (f"{pct:.0f}%" if pct >= 6 else ""))
        bar: dict[str, Any] = {
            "type": "bar", "orientation": "h", "name": layer, "x": xs, "y": [names[r] for r in order],
            "text": text, "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
            "customdata": custom, "marker": {"color": theme.COLORS[layer], "line": {"width": 1, "color": theme.CARD}},
            "textfont": {"color": theme.text_color(theme.COLORS[layer]), "size": 12},
            "hovertemplate": t("{resource} · {layer}: {amount} ({percent} of {capacity})", resource="%{y}",
                               layer=label, amount="%{customdata[0]}", percent="%{x:.1f}%",
                               capacity="%{customdata[1]}") + "<extra></extra>",
            "meta": {"label": label}, "showlegend": any(x > 1e-9 for x in xs),
            "legendrank": LAYERS.index(layer),
        }
        if layer == "stranded":
            bar["marker"]["pattern"] = {"shape": theme.PATTERNS["stranded"], "fgcolor": _HATCH, "size": 8,
                                        "bgcolor": theme.COLORS[layer], "solidity": 0.25, "fillmode": "replace"}
        traces.append(bar)
    totals_x, totals_text = [], []
    for res in order:
        r = rows[res]
        reserved = sum(a for k, a in r["layers"].items() if k != "free")
        pct = 100 * reserved / r["capacity"]
        end = max(100.0, pct)
        totals_x.append(end)
        share = f"{pct:.0f}%"
        total = t("{percent} reserved", percent=share) if view == "reserved" else t("{percent} used", percent=share)
        if r["excess"] > 1e-9:
            unit = "vCPUs" if res == "cpu" and isinstance(system, Hypervisor) and view == "reserved" else r["unit"]
            excess = L.fmt_amount(r["excess"], unit)
            more = (t("+{amount} overcommitted", amount=excess) if view == "reserved" else
                    t("+{amount} more than exists", amount=excess))
            totals_text.append(f"  <b>{total}</b><br>  {more}")
        else:
            totals_text.append(f"  {total}")
    traces.append({
        "type": "scatter", "name": "totals", "mode": "text", "x": totals_x, "y": [names[r] for r in order],
        "text": totals_text, "textposition": "middle right", "hoverinfo": "skip", "showlegend": False,
        "textfont": {"size": 12, "color": theme.TEXT}, "cliponaxis": False,
    })
    _named_legend(traces)
    top = max(totals_x)
    if title is not None:
        text = theme.check_title(title)
    elif view == "reserved":
        text = t("Reserved, by layer · {title}", title=_system_title(system))
    else:
        text = t("Used, by layer · {title}", title=_system_title(system))
    desc = describe(system, view=view)
    if view == "used" and not isinstance(system, Host):
        desc += f" {_used_sentence(system)}"
    sub = (t("Each bar is 100% of the physical CPU or memory; reservations past the dashed line are overcommitted")
           if view == "reserved" else
           t("What the host actually backs and burns: idle vCPUs take no core, untouched guest RAM is not backed"))
    layout = {
        "title": theme.title(text, sub),
        "barmode": "stack", "bargap": 0.35, "height": 330,
        "margin": {"l": 16, "r": 24, "t": 110, "b": 16},
        "xaxis": {"range": [0, top * 1.28], "ticksuffix": "%", "title": {"text": t("% of physical capacity")},
                  "fixedrange": True, "showgrid": True, "gridcolor": theme.GRID, "dtick": 25},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "ticks": "", "tickfont": {"size": 14}},
        "shapes": [{"type": "line", "x0": 100, "x1": 100, "y0": -0.04, "y1": 1.04, "yref": "paper",
                    "line": {"color": theme.TEXT, "width": 1.5, "dash": "dash"}}],
        "annotations": [{"text": t("100% = what physically exists"), "x": 100, "y": 1.04, "yref": "paper",
                         "yanchor": "bottom", "showarrow": False, "font": {"size": 12, "color": theme.MUTED},
                         "bgcolor": theme.CARD},  # the dashed line stops under the words, not through them
                        ],
        "uniformtext": {"minsize": 11, "mode": "hide"},
        "legend": {"y": -0.4, "yanchor": "top", "traceorder": "normal"},
        "meta": {"description": desc, "kind": "usage", "view": view},
    }
    return FigureSpec(traces, layout)


# ---------------------------------------------------------------------------- animations
def _frame_traces(frame: L.Frame, legend: set[str], hatch_counts: Sequence[int]) -> list[dict]:
    traces = [_layer_trace(layer, frame.shapes[layer], layer in legend) for layer in L.DRAW_LAYERS]
    traces.append(_hatch_trace([seg for r, n in zip(frame.shapes["stranded"], hatch_counts, strict=True)
                                for seg in L.hatch_lines(r, n)]))
    traces.append(_outline_trace(frame.shapes["owners"]))
    traces.append(_hover_trace(frame.hover))
    traces.append(_text_trace(frame.labels))
    _named_legend(traces)
    return traces


def _collapsed(r: tuple[float, float, float, float]) -> bool:
    return r[2] - r[0] < 1e-9 or r[3] - r[1] < 1e-9


def _text_to_annotations(traces: list[dict]) -> list[dict]:
    """Move the text of ``mode="text"`` traces into layout annotations (the traces keep empty text).

    During an animation, plotly morphs trace data at the start of a step but
    applies layout (the step's title) at its end; labels drawn as traces
    would announce the next step while the title still tells the last one,
    and new labels would fly in from a corner. As annotations, labels change
    together with the title.
    """
    notes = []
    for tr in traces:
        if tr.get("mode") != "text":
            continue
        font = tr["textfont"]
        for j, (x, y, text, pos) in enumerate(zip(tr["x"], tr["y"], tr["text"], tr["textposition"], strict=True)):
            if not text or x is None or y is None:
                continue
            vertical, horizontal = pos.split()
            side = {"left": "right", "right": "left"}.get(horizontal, "center")
            notes.append({
                "x": x, "y": y, "text": text, "showarrow": False, "xref": "x", "yref": "y",
                "xanchor": side, "align": side,
                "yanchor": {"top": "bottom", "bottom": "top"}.get(vertical, "middle"),
                "font": {"color": font["color"][j], "size": font["size"][j], "shadow": font["shadow"][j]},
            })
        tr["text"] = [""] * len(tr["text"])
    return notes


def _animation_figure(anim: L.Animation, *, description: str, frame_ms: int, transition_ms: int) -> go.Figure:
    legend = {layer for f in anim.frames for layer, rects in f.shapes.items()
              if layer != "hardware" and any(not _collapsed(r) for r in rects)}
    # a fixed number of hatch lines per stranded slot, enough for its largest size
    counts = [0] * len(anim.frames[0].shapes["stranded"])
    for f in anim.frames:
        for j, (x0, y0, x1, y1) in enumerate(f.shapes["stranded"]):
            counts[j] = max(counts[j], math.ceil(((x1 - x0) + (y1 - y0)) / L.HATCH_SPACING))
    frames = []
    first = _frame_traces(anim.frames[0], legend, counts)
    first_notes = _text_to_annotations(first)
    for i, f in enumerate(anim.frames):
        data = _frame_traces(f, legend, counts)
        notes = _text_to_annotations(data)
        slim = [{k: tr[k] for k in ("x", "y", "hovertext", "text", "textfont") if k in tr} for tr in data]
        frames.append({"name": str(i), "data": slim, "traces": list(range(len(data))),
                       "layout": {"title": theme.title(f.title, f.step.detail), "annotations": notes}})
    n = len(frames)
    many = n > 14
    steps = [
        {"method": "animate", "label": str(i + 1) if many else f.step.label,
         "args": [[str(i)], {"mode": "immediate", "frame": {"duration": transition_ms, "redraw": True},
                             "transition": {"duration": transition_ms, "easing": "cubic-in-out"}}]}
        for i, f in enumerate(anim.frames)
    ]
    play = {"frame": {"duration": frame_ms, "redraw": True}, "fromcurrent": True, "mode": "immediate",
            "transition": {"duration": transition_ms, "easing": "cubic-in-out"}}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    layout = {
        "title": theme.title(anim.frames[0].title, anim.frames[0].step.detail),
        "annotations": first_notes,
        "height": _grid_height(anim.extent, anim.px_per_square) + 70,
        "margin": {"l": 16, "r": 16, "t": 84, "b": 90},
        "showlegend": True,
        "legend": {"y": 0, "yanchor": "top", "traceorder": "normal"},
        "hoverdistance": 28,
        "meta": {"description": description, "kind": "animation", "steps": n},
        **_grid_axes(anim.extent),
        "updatemenus": [{
            "type": "buttons", "direction": "left", "showactive": False, "x": 0, "xanchor": "left",
            "y": -0.02, "yanchor": "top", "pad": {"t": 56, "r": 8},
            "bgcolor": theme.PANEL, "bordercolor": theme.LINE, "font": {"color": theme.TEXT, "size": 13},
            "buttons": [
                {"label": "▶ " + tp("button", "Play"), "method": "animate", "args": [None, play]},
                {"label": "❚❚ " + tp("button", "Pause"), "method": "animate", "args": [[None], pause]},
            ],
        }],
        "sliders": [{
            "active": 0, "steps": steps, "x": 0.2, "len": 0.8, "xanchor": "left", "y": -0.02, "yanchor": "top",
            "pad": {"t": 48, "b": 0}, "currentvalue": {"visible": False},
            "font": {"color": theme.TEXT, "size": 11 if not many else 10}, "bgcolor": theme.LINE,
            "activebgcolor": theme.COLORS["runtime"], "bordercolor": theme.EDGE, "tickcolor": theme.EDGE,
            "transition": {"duration": transition_ms, "easing": "cubic-in-out"},
        }],
    }
    return theme.figure(first, layout, frames)


def _check_ms(param: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{param} must be a whole number of milliseconds >= 0, got {value!r}")
    return value


def animate_split(hypervisor: Hypervisor, *, frame_ms: int = 1600, transition_ms: int = 700) -> go.Figure:
    """Animation: a hypervisor carving its host into VMs, one event per frame.

    Bare hardware; the hypervisor is installed (type 2: the host OS first);
    then for each VM: its vCPUs and memory are reserved (empty), its guest OS
    boots, its app runs. Each frame's title says what happens. Play/Pause
    buttons and a labelled step slider drive plain plotly frames, so the
    animation plays in a static HTML export without a kernel.

    Parameters
    ----------
    hypervisor : Hypervisor
    frame_ms : int
        How long each step stays on screen when playing.
    transition_ms : int
        Duration of the morph from one step to the next.

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import animate_split
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=16, memory_gib=64))
    >>> for i in range(3):
    ...     _ = hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=4, app=vz.App("web", cpus=1, memory_gib=1))
    >>> fig = animate_split(hv)
    >>> len(fig.frames), fig.frames[3].layout.title.text
    (11, "Step 4/11: vm1's guest OS boots: 1.5 GiB of vm1's memory")
    """
    if not isinstance(hypervisor, Hypervisor):
        raise TypeError(f"hypervisor must be a vizlib.Hypervisor, got {hypervisor!r} ({type(hypervisor).__name__})")
    frame_ms, transition_ms = _check_ms("frame_ms", frame_ms), _check_ms("transition_ms", transition_ms)
    anim = L.split_animation(hypervisor)
    fields = {"n": len(anim.frames), "cores": hypervisor.host.cpu_cores, "vms": len(hypervisor.vms),
              "memory": L.fmt_amount(hypervisor.host.memory_gib), "product": hypervisor.product.label,
              "kind": hypervisor.product.kind_short}
    story = t("An animation in {n} steps: {product} ({kind}) starts on a bare server with {cores} cores and {memory}, "
              "then carves out {vms} VMs one by one, each booting its own guest OS before its app runs.", **fields)
    desc = f"{story} {describe(hypervisor)}"
    return _animation_figure(anim, description=desc, frame_ms=frame_ms, transition_ms=transition_ms)


def animate_containers(runtime: ContainerRuntime, *, frame_ms: int = 1300, transition_ms: int = 600) -> go.Figure:
    """Animation: containers attaching, one by one, to the host's one kernel.

    Left, the layer stack: hardware, then the host OS kernel as one band
    across the bottom, the runtime, and each container on top holding only
    its app and its libraries and settings. Right, the memory grid filling
    up. Each frame counts the kernels (always 1) and the memory each
    container adds.

    Parameters
    ----------
    runtime : ContainerRuntime
    frame_ms, transition_ms : int
        Milliseconds per step and per morph when playing.

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import animate_containers
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=16, memory_gib=64))
    >>> for i in range(4):
    ...     _ = rt.run(f"c{i + 1}", cpus=0.5, memory_gib=0.5, app=vz.App("web", cpus=0.5, memory_gib=0.5))
    >>> fig = animate_containers(rt)
    >>> len(fig.frames), any("Kernels running: 1" in a.text for a in fig.frames[-1].layout.annotations)
    (7, True)
    """
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    frame_ms, transition_ms = _check_ms("frame_ms", frame_ms), _check_ms("transition_ms", transition_ms)
    anim = L.containers_animation(runtime)
    n, count = len(anim.frames), len(runtime.containers)
    each = {round(c.footprint_gib, 6) for c in runtime.containers}
    if len(each) == 1:
        story = t("An animation in {n} steps: the host OS kernel boots, the container runtime starts, then {count} "
                  "containers start one by one on that same kernel; each adds {amount} of memory and the number of "
                  "kernels stays 1.", n=n, count=count, amount=L.fmt_amount(next(iter(each))))
    else:
        story = t("An animation in {n} steps: the host OS kernel boots, the container runtime starts, then {count} "
                  "containers start one by one on that same kernel; each adds its own memory and the number of "
                  "kernels stays 1.", n=n, count=count)
    desc = f"{story} {describe(runtime)}"
    return _animation_figure(anim, description=desc, frame_ms=frame_ms, transition_ms=transition_ms)


# ---------------------------------------------------------------------------- stack
_STACK_ORDER = ("hardware", "hypervisor", "host_os", "vm", "guest_os", "runtime", "container", "apps")


def _stack_title(system: Hypervisor | ContainerRuntime | Host) -> str:
    if isinstance(system, Hypervisor):
        return tn("<b>{product}</b>, {kind}<br>{n} kernel: {guest} guest + {beneath} beneath",
                  "<b>{product}</b>, {kind}<br>{n} kernels: {guest} guest + {beneath} beneath", system.kernels,
                  product=system.product.label, kind=system.product.kind_short, guest=system.guest_kernels,
                  beneath=system.kernels_beneath)
    if isinstance(system, ContainerRuntime):
        return t("<b>Containers</b><br>1 kernel for {n} containers", n=len(system.containers))
    return t("<b>Bare server</b><br>no kernel yet")


_STACK_WORDS = {"vm": NP_("layer", "VM"), "guest_os": NP_("layer", "guest OS kernel"), "apps": NP_("layer", "app"),
                "hardware": NP_("layer", "hardware")}
"""Legend words of the stack figure, where they differ from the theme's."""


def stack_figure(*systems: Hypervisor | ContainerRuntime | Host, title: str | None = None) -> go.Figure:
    """The layer stacks of one or more systems side by side: who runs on whom, hardware at the bottom.

    Drawn from :func:`vizlib.stack_graph`: every box is a node, sitting on
    the node it runs on. Put a type 1 hypervisor, a type 2 hypervisor and a
    container runtime next to each other to see where kernels multiply.

    Parameters
    ----------
    *systems : Hypervisor, ContainerRuntime or Host
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import stack_figure
    >>> host = vz.Host(cpu_cores=8, memory_gib=32)
    >>> hv, rt = vz.Hypervisor(host), vz.ContainerRuntime(host)
    >>> _ = hv.create_vm("vm1", vcpus=1, memory_gib=2)
    >>> _ = rt.run("c1", cpus=1, memory_gib=1)
    >>> fig = stack_figure(hv, rt)
    >>> fig.layout.title.text
    'Layer stacks: KVM (usually type 1) vs containers'
    """
    if not systems:
        raise TypeError("stack_figure needs at least one system (a Hypervisor, ContainerRuntime or Host)")
    for i, s in enumerate(systems):
        if not isinstance(s, (Hypervisor, ContainerRuntime, Host)):
            raise TypeError(
                f"systems[{i}] must be a vizlib Hypervisor, ContainerRuntime or Host, got {s!r} ({type(s).__name__})"
            )
    k = len(systems)
    gap = 1.2
    width = min(12.0, (24.0 - (k - 1) * gap) / k)
    total = k * width + (k - 1) * gap
    px = 940 / total
    blocks: list[L.Block] = []
    labels: list[L.Label] = []
    top = 0.0
    for i, s in enumerate(systems):
        x = i * (width + gap)
        bl = L.stack_layout(s, x=x, width=width, px_per_unit=px)
        blocks += bl
        top = max(top, max(b.y1 for b in bl))
    for i, s in enumerate(systems):
        labels.append(L.Label(i * (width + gap) + width / 2, top + 0.25, _stack_title(s), "", "top center", 13,
                              key=f"title:{i}"))
    for b in blocks:
        if b.label:
            labels.append(L.Label(*b.center, b.label, b.layer, size=11))
    by_layer: dict[str, list] = {layer: [] for layer in _STACK_ORDER}
    for b in blocks:
        by_layer[b.layer].append((b.x0, b.y0, b.x1, b.y1))
    traces = [_layer_trace(layer, by_layer[layer], bool(by_layer[layer])) for layer in _STACK_ORDER]
    for tr in traces:
        if tr["name"] in _STACK_WORDS:
            tr["meta"]["label"] = tp("layer", _STACK_WORDS[tr["name"]])
        tr["line"] = {"width": 0}
    traces.append(_hover_trace([(*b.center, b.hover) for b in blocks]))
    traces.append(_text_trace(labels))
    _named_legend(traces)
    kinds = []
    for s in systems:
        if isinstance(s, Hypervisor):
            kinds.append(t("{product} ({kind})", product=s.product.label, kind=s.product.kind_short))
        elif isinstance(s, ContainerRuntime):
            kinds.append(tp("stack", "containers"))
        else:
            kinds.append(tp("stack", "bare server"))
    if title is None:
        versus = kinds[0]
        for kind in kinds[1:]:
            versus = t("{first} vs {second}", first=versus, second=kind)
        text = t("Layer stacks: {stacks}", stacks=versus)
    else:
        text = theme.check_title(title)
    clauses = []
    for s in systems:
        if isinstance(s, Hypervisor):
            beneath = t("a host OS kernel") if s.kind == "type2" else t(BENEATH_WHAT[s.product.key])
            clauses.append(tn(
                "the {product} ({kind}) stack runs {vms} VMs, each with its own guest kernel, on {beneath} ({n} kernel "
                "in all)",
                "the {product} ({kind}) stack runs {vms} VMs, each with its own guest kernel, on {beneath} ({n} "
                "kernels in all)", s.kernels, product=s.product.label, kind=s.product.kind_text, vms=len(s.vms),
                beneath=beneath))
        elif isinstance(s, ContainerRuntime):
            clauses.append(t("the container stack runs {n} containers on one shared host kernel", n=len(s.containers)))
        else:
            clauses.append(t("the bare server runs nothing"))
    desc = t("Layer stacks, hardware at the bottom: {stacks}.", stacks="; ".join(clauses))
    rows = top + 1.2
    layout = {
        "title": theme.title(text, t("Each box runs on the box below it; point at a box for details")),
        "height": int(rows * 58 + 84 + _LEGEND_H),
        "margin": {"l": 16, "r": 16, "t": 84, "b": 16},
        "xaxis": {"visible": False, "fixedrange": True, "range": [-0.3, total + 0.3]},
        "yaxis": {"visible": False, "fixedrange": True, "range": [-0.2, top + 1.3]},
        "legend": {"y": 0, "yanchor": "top", "traceorder": "normal"},
        "hoverdistance": 40,
        "meta": {"description": desc, "kind": "stack"},
    }
    return theme.figure(traces, layout)


# ---------------------------------------------------------------------------- efficiency
STARTUP_WORDS = {
    "boot_to_init": N_("VM started, minimal kernel to init"),
    "boot_rest": N_("the rest of the guest OS's boot"),
    "container_start": N_("namespaces, cgroup, process"),
}
"""What each part of a start-up time is (English; shown with ``t(STARTUP_WORDS[key])``)."""
_LIMITS = {"cpu": NP_("resource", "cpu"), "memory": NP_("resource", "memory"), "disk": NP_("resource", "disk")}
_PANELS = (N_("Copies that fit"), N_("Memory reserved (GiB)"), N_("Start one more (log scale)"),
           N_("Kernels running"))


def _limit(resource: str) -> str:
    """The resource that limits a count, in words (the key itself if it has none)."""
    return tp("resource", _LIMITS[resource]) if resource in _LIMITS else resource


def efficiency_spec(comparison: Comparison, *, title: str | None = None) -> FigureSpec:
    """The :class:`FigureSpec` (plain dicts) behind :func:`efficiency_figure`; same arguments."""
    if not isinstance(comparison, Comparison):
        raise TypeError(f"comparison must be a vizlib.Comparison (from vizlib.compare), got {comparison!r} "
                        f"({type(comparison).__name__})")
    vm, ct, host = comparison.vm, comparison.container, comparison.host
    cats = [tp("category", "VMs"), tp("category", "containers")]
    inst = [theme.COLORS["vm"], theme.COLORS["container"]]
    p_color = [theme.COLORS["hypervisor" if comparison.hypervisor == "type1" else "host_os"], theme.COLORS["host_os"]]
    o_color = [theme.COLORS["guest_os"], theme.COLORS["runtime"]]
    per_copy = [vm.memory_overhead_gib - vm.platform_memory_gib, ct.memory_overhead_gib - ct.platform_memory_gib]
    apps = [vm.memory_for_apps_gib, ct.memory_for_apps_gib]
    platform = [vm.platform_memory_gib, ct.platform_memory_gib]
    free = [max(0.0, host.memory_gib - a - o - p) for a, o, p in zip(apps, per_copy, platform, strict=True)]
    counts = [vm.count, ct.count]

    def seg_text(values: list[float], word: str) -> list[str]:
        return [f"{word}<br>{L.fmt_amount(v)}" if v >= 0.12 * host.memory_gib else "" for v in values]

    def bar(name: str, axis: int, y: list[float], colors: list[str], text: list[str], hover: list[str],
            **extra: Any) -> dict:
        return {
            "type": "bar", "name": name, "x": cats, "y": y, "xaxis": f"x{axis if axis > 1 else ''}",
            "yaxis": f"y{axis if axis > 1 else ''}", "marker": {"color": colors, "line": {"width": 1,
                                                                                        "color": theme.CARD}},
            "text": text, "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
            "textfont": {"color": [theme.text_color(c) for c in colors], "size": 13},
            "constraintext": "none", "cliponaxis": False,
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False, **extra,
        }

    os_label = comparison.guest_os
    product = PRODUCTS[comparison.product].label
    fmt = L.fmt_amount
    parts = " + ".join(t("{seconds} ({what})", seconds=fmt(s, "s"), what=t(STARTUP_WORDS[k]))
                       for k, s in vm.startup_parts)
    traces = [
        bar("copies", 1, [vm.max_instances, ct.max_instances], inst,
            [str(vm.max_instances), str(ct.max_instances)],
            [t("{n} VMs fit (limited by {resource})", n=vm.max_instances, resource=_limit(vm.limited_by)),
             t("{n} containers fit (limited by {resource})", n=ct.max_instances, resource=_limit(ct.limited_by))],
            textposition="auto"),
        bar("memory_apps", 2, apps, [theme.COLORS["apps"]] * 2, seg_text(apps, tp("layer", "apps")),
            [t("{n} copies of app {app}: {amount}", n=n, app=comparison.app.name, amount=fmt(a))
             for n, a in zip(counts, apps, strict=True)]),
        bar("memory_overhead", 2, per_copy, o_color, seg_text(per_copy, t("copies' overhead")),
            [t("{n} guest OS sizing floors ({os}) + hypervisor reserve per VM: {amount}", n=vm.count, os=os_label,
               amount=fmt(per_copy[0])),
             t("runtime overhead for {n} containers: {amount}", n=ct.count, amount=fmt(per_copy[1]))]),
        bar("memory_platform", 2, platform, p_color, seg_text(platform, t("platform")),
            [t("{product} platform: {amount}", product=product, amount=fmt(platform[0])),
             t("host OS + container runtime: {amount}", amount=fmt(platform[1]))]),
        bar("memory_free", 2, free, [theme.COLORS["free"]] * 2, seg_text(free, tp("layer", "free")),
            [t("free: {amount}", amount=fmt(f)) for f in free]),
        bar("startup", 3, [vm.startup_seconds, ct.startup_seconds], inst,
            [f"{fmt(vm.startup_seconds, 's')}", f"{fmt(ct.startup_seconds, 's')}"],
            [t("start one more VM: {seconds} = {parts}", seconds=fmt(vm.startup_seconds, "s"), parts=parts),
             t("start one more container: {seconds} (no OS to boot)", seconds=fmt(ct.startup_seconds, "s"))],
            textposition="outside"),
        bar("kernels", 4, [vm.kernels, ct.kernels], inst, [str(vm.kernels), str(ct.kernels)],
            [t("{n} kernels: {guest} guest kernels, one per VM, + {beneath} beneath them ({product})", n=vm.kernels,
               guest=vm.guest_kernels, beneath=vm.kernels - vm.guest_kernels, product=product),
             t("1 kernel: the host's, shared by every container")], textposition="auto"),
    ]
    traces[4]["textfont"]["color"] = [theme.MUTED, theme.MUTED]
    _named_legend(traces)
    a = comparison.app
    if title is None:
        text = t("VMs vs containers: app {app} ({cpus}, {memory}) on {cores} cores, {host_memory}", app=a.name,
                 cpus=fmt(a.cpus, "CPU"), memory=fmt(a.memory_gib), cores=host.cpu_cores,
                 host_memory=fmt(host.memory_gib))
    else:
        text = theme.check_title(title)
    kind = PRODUCTS[comparison.product].kind_text
    policy = (t("a core per vCPU") if comparison.cpu_overcommit == 1 else
              t("CPU overcommit {ratio}", ratio=f"{comparison.cpu_overcommit:g}"))
    sub = " · ".join((
        t("{vms} VMs fit vs {containers} containers", vms=vm.max_instances, containers=ct.max_instances),
        t("reserved memory at {vms} VMs and {containers} containers", vms=vm.count, containers=ct.count),
        t("{product} ({kind}), {os} guests", product=product, kind=kind, os=GUEST_OS[comparison.guest_os].label),
        t("policy: {policy}", policy=policy),
    ))
    domains = [(0.0, 0.19), (0.28, 0.55), (0.64, 0.81), (0.88, 1.0)]
    panel = [t(p) for p in _PANELS]
    layout: dict[str, Any] = {
        "title": theme.title(text, sub), "barmode": "stack", "bargap": 0.3, "height": 420, "showlegend": False,
        "margin": {"l": 16, "r": 16, "t": 110, "b": 16},
        "meta": {"description": describe(comparison), "kind": "efficiency"},
        "annotations": [
            {"text": f"<b>{words}</b>", "x": (d0 + d1) / 2, "xref": "paper", "y": 1.0, "yref": "paper",
             "yanchor": "bottom", "showarrow": False, "font": {"size": 13, "color": theme.TEXT}}
            for words, (d0, d1) in zip(panel, domains, strict=True)
        ],
    }
    for i, (d0, d1) in enumerate(domains, start=1):
        sfx = "" if i == 1 else str(i)
        layout[f"xaxis{sfx}"] = {"domain": [d0, d1], "anchor": f"y{sfx}", "fixedrange": True, "ticks": "",
                                 "tickfont": {"size": 12}}
        layout[f"yaxis{sfx}"] = {"anchor": f"x{sfx}", "fixedrange": True, "showgrid": True, "gridcolor": theme.GRID,
                                 "rangemode": "tozero", "automargin": True}
    layout["yaxis3"].pop("rangemode")
    layout["yaxis3"].update({"type": "log", "range": [-1.5, 2.5], "tickvals": [0.1, 1, 10, 100],
                             "ticktext": ["0.1 s", "1 s", "10 s", "100 s"]})
    stacked = [a + o + p for a, o, p in zip(apps, per_copy, platform, strict=True)]
    layout["yaxis2"]["range"] = [0, max(host.memory_gib, *stacked) * 1.02]
    return FigureSpec(traces, layout)


# ---------------------------------------------------------------------------- public figures of the specs
def hardware_figure(
    system: Hypervisor | ContainerRuntime | Host,
    refused: Sequence[Refusal] = (),
    *,
    title: str | None = None,
    view: str = "reserved",
) -> go.Figure:
    """The host's CPU cores and memory, each square coloured by owner and layer.

    One square per physical core (left) and per GiB of memory (right). A
    VM's vCPUs sit on consecutive cores, green where its app is busy, hatched
    yellow where reserved but unused; its memory shows hypervisor overhead,
    guest OS, app and stranded shares. Overcommitted reservations appear in
    dashed rows below the grids; refused instances as dashed "not placed"
    ghosts beside the host. Point at any square to read what it is.

    The figure always has the traces of :data:`HARDWARE_TRACES`, in that
    order, so a dashboard can update it in place with :func:`refresh_figure`.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    refused : sequence of Refusal, optional
        From :func:`vizlib.fill_vms` / :func:`vizlib.fill_containers` (``scenario.refused``).
    title : str, optional
        Replaces the title that states the state.
    view : {"reserved", "used"}
        ``"reserved"`` (default) draws reservations, what admission counts and
        a customer pays for; ``"used"`` what the host actually backs and burns
        (idle vCPUs take no core, untouched guest RAM is not backed).

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import hardware_figure
    >>> s = vz.fill_vms(vz.Host(cpu_cores=16, memory_gib=64), count=4, vcpus=2, memory_gib=4)
    >>> fig = hardware_figure(s.system, s.refused)
    >>> fig.layout.title.text
    'KVM (usually type 1): 4 VMs on 16 cores, 64 GiB'
    """
    return theme.figure(*hardware_spec(system, refused, title=title, view=view))


def usage_figure(
    system: Hypervisor | ContainerRuntime | Host, *, title: str | None = None, view: str = "reserved"
) -> go.Figure:
    """CPU and memory of the host by layer, as stacked horizontal bars in % of capacity.

    Bars pass 100% when reservations are overcommitted (reserved view) or
    when the host is asked for more than it has (used view); the dashed line
    marks the physical capacity. Hover shows cores and GiB. The figure always
    has the traces of :data:`USAGE_TRACES`, in that order.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    title : str, optional
    view : {"reserved", "used"}

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import usage_figure
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=16), cpu_overcommit=2)
    >>> for i in range(3):
    ...     _ = hv.create_vm(f"vm{i}", vcpus=2, memory_gib=2)
    >>> fig = usage_figure(hv)
    >>> fig.data[-1].meta["key"], round(sum(t.x[0] for t in fig.data[:-1]))  # CPU row, in %
    ('totals', 150)
    """
    return theme.figure(*usage_spec(system, title=title, view=view))


def efficiency_figure(comparison: Comparison, *, title: str | None = None) -> go.Figure:
    """VMs vs containers for one app: copies that fit, where the memory goes, start time, kernels.

    Four panels from :func:`vizlib.compare`: how many copies fit; memory at
    that many copies, stacked (apps, overhead per copy, the platform, free);
    seconds to start one more (log scale); kernels running. The figure
    always has the traces of :data:`EFFICIENCY_TRACES`, in that order.

    Parameters
    ----------
    comparison : Comparison
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import EFFICIENCY_TRACES, efficiency_figure
    >>> c = vz.compare(vz.Host(cpu_cores=16, memory_gib=64), vz.App("web", cpus=0.5, memory_gib=0.5))
    >>> fig = efficiency_figure(c)
    >>> [t.meta["key"] for t in fig.data] == list(EFFICIENCY_TRACES), fig.data[0].y[1] > fig.data[0].y[0]
    (True, True)
    """
    return theme.figure(*efficiency_spec(comparison, title=title))



# ---------------------------------------------------------------------------- live updates
def _keys(fig: BaseFigure) -> list[str]:
    return [t.meta.get("key") if isinstance(t.meta, dict) else t.name for t in fig.data]


def refresh_figure(target: go.Figure, source: go.Figure) -> None:
    """Copy ``source``'s trace data, title and axes into ``target`` in place (one batch on a ``FigureWidget``).

    Both must come from the same vizlib figure function (same traces in the
    same order): a dashboard builds ``target`` once and refreshes it from a
    freshly computed figure whenever a control changes.

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.hardware import hardware_figure, refresh_figure
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=16))
    >>> shown = hardware_figure(hv)
    >>> _ = hv.create_vm("vm1", vcpus=2, memory_gib=4)
    >>> refresh_figure(shown, hardware_figure(hv))
    >>> shown.layout.title.text
    'KVM (usually type 1): 1 VM on 4 cores, 16 GiB'
    """
    for param, fig in (("target", target), ("source", source)):
        if not isinstance(fig, BaseFigure):
            raise TypeError(f"{param} must be a plotly Figure or FigureWidget, got {fig!r} ({type(fig).__name__})")
    keys_t, keys_s = _keys(target), _keys(source)
    if keys_t != keys_s:
        raise ValueError(f"source has traces {keys_s} but target has {keys_t}; make both with the same function")
    batch = target.batch_update() if hasattr(target, "batch_update") else contextlib.nullcontext()
    with batch:
        for tr, s in zip(target.data, source.data, strict=True):
            props = s.to_plotly_json()
            props.pop("type", None)
            props.pop("uid", None)
            tr.update(props, overwrite=True)
        lay = source.layout.to_plotly_json()
        lay.pop("template", None)
        target.layout.update(lay, overwrite=True)
