"""Figures of what a hypervisor can do with a whole machine: copies of it, and live migration, round by round.

Pure functions of a :class:`vizlib.migration.Migration`: :func:`migration_figure`
(static, with a fixed trace structure so a dashboard can update it in place)
and :func:`animate_migration` (plain plotly frames, one per round, playable
without a kernel). Both carry a plain-text description in
``fig.layout.meta["description"]``.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from vizlib.figures import theme
from vizlib.figures import traces as tr
from vizlib.figures.hardware import FigureSpec
from vizlib.model.migration import Migration
from vizlib.model.paging import TRANSLATIONS, translation
from vizlib.model.snapshots import CloneStorage

__all__ = ["MIGRATION_TRACES", "address_translation_figure", "animate_migration", "clones_figure", "migration_figure",
           "migration_spec"]

MIGRATION_TRACES = ("precopy", "stop_and_copy", "threshold", "memory", "labels")
"""Trace keys of :func:`migration_figure`, in order: the pre-copy rounds' bars, the stop-and-copy bar, the stop
threshold and the VM's memory as dashed lines, and the text over the bars."""

_RUN = theme.COLORS["vm"]
_PAUSE = theme.COLORS["hypervisor"]


def _seconds(s: float) -> str:
    if math.isinf(s):
        return "never"
    if s < 1:
        return f"{s * 1000:.0f} ms" if s >= 0.001 else f"{s * 1000:.2f} ms"
    return f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def _mib(x: float) -> str:
    return f"{x / 1024:.2f} GiB" if x >= 1024 else f"{x:.0f} MiB" if x >= 10 else f"{x:.1f} MiB"


def _why(m: Migration) -> str:
    if m.stopped_by == "threshold":
        return f"what was left fell to the stop threshold of {_mib(m.stop_mib)}"
    if m.stopped_by == "max_rounds":
        return f"pre-copy hit the cap of {m.max_rounds} rounds"
    if m.stopped_by == "max_sent":
        return f"pre-copy would have sent more than {m.max_sent_factor:g}x the memory"
    return "each round leaves as much to send as the one before"


def describe_migration(m: Migration) -> str:
    """One or two sentences on the migration, for a screen reader and for the dashboard."""
    rate = f"{m.dirty_mib_s:g} MiB/s dirtied, a {m.bandwidth_gbit_s:g} Gbit/s link ({m.bandwidth_mib_s:.0f} MiB/s)"
    if not m.converged:
        return (f"Live migration of a {m.memory_gib:g} GiB VM with {rate} does not converge: the VM dirties memory at "
                "least as fast as the link sends it, so each round leaves as much to send as the one before.")
    pre = len(m.precopy_rounds)
    return (
        f"Live migration of a {m.memory_gib:g} GiB VM with {rate}: {pre} pre-copy "
        f"{'round' if pre == 1 else 'rounds'} while the VM runs, until {_why(m)}; then the VM pauses for "
        f"{_seconds(m.downtime_seconds)} while the last {_mib(m.rounds[-1].sent_mib)} is copied. In all "
        f"{_seconds(m.total_seconds)}, and {m.sent_ratio:.2f}x the VM's memory crossed the link."
    )


def migration_spec(m: Migration, *, rounds_shown: int | None = None, title: str | None = None) -> FigureSpec:
    """The :class:`~vizlib.figures.FigureSpec` behind :func:`migration_figure`; ``rounds_shown`` draws only the first
    rounds (the animation's frames)."""
    if not isinstance(m, Migration):
        raise TypeError(f"m must be a vizlib Migration (from vizlib.migrate), got {m!r} ({type(m).__name__})")
    rounds = m.rounds if rounds_shown is None else m.rounds[:rounds_shown]
    pre = [r for r in rounds if not r.stop_and_copy]
    stop = [r for r in rounds if r.stop_and_copy]
    names = [str(r.index) for r in m.precopy_rounds] + (["stop"] if m.converged else [])
    x_pre, x_stop = [str(r.index) for r in pre], ["stop"] * len(stop)

    def round_hover(r) -> str:
        what = ("the VM paused: stop-and-copy" if r.stop_and_copy else
                "the whole memory, while the VM runs" if r.index == 1 else "pages dirtied during the round before")
        return (f"round {r.index}: {_mib(r.sent_mib)} sent in {_seconds(r.seconds)}<br>{what}<br>"
                f"from {_seconds(r.start_s)} to {_seconds(r.end_s)}")

    top = max(m.memory_mib, max((r.sent_mib for r in m.rounds), default=0.0))
    labels_x = x_pre + x_stop
    labels_y = [r.sent_mib for r in pre + stop]
    labels_t = [f"{_seconds(r.seconds)}" for r in pre] + [f"<b>paused {_seconds(r.seconds)}</b>" for r in stop]
    traces = [
        {"type": "bar", "name": "pre-copy round (VM running)", "x": x_pre, "y": [r.sent_mib for r in pre],
         "marker": {"color": _RUN, "line": {"width": 1, "color": theme.CARD}},
         "hovertext": [round_hover(r) for r in pre], "hovertemplate": "%{hovertext}<extra></extra>",
         "meta": {"key": "precopy"}},
        {"type": "bar", "name": "stop-and-copy (VM paused)", "x": x_stop, "y": [r.sent_mib for r in stop],
         "marker": {"color": _PAUSE, "line": {"width": 1, "color": theme.CARD},
                    "pattern": {"shape": "x", "fgcolor": theme.CARD, "bgcolor": _PAUSE, "size": 7, "solidity": 0.2,
                                "fillmode": "replace"}},
         "hovertext": [round_hover(r) for r in stop], "hovertemplate": "%{hovertext}<extra></extra>",
         "meta": {"key": "stop_and_copy"}},
        {"type": "scatter", "mode": "lines", "name": f"stop threshold ({_mib(m.stop_mib)})",
         "x": [names[0], names[-1]] if names else [], "y": [m.stop_mib, m.stop_mib],
         "line": {"color": theme.MUTED, "dash": "dot", "width": 1.5}, "hoverinfo": "skip",
         "meta": {"key": "threshold"}},
        {"type": "scatter", "mode": "lines", "name": f"the VM's memory ({_mib(m.memory_mib)})",
         "x": [names[0], names[-1]] if names else [], "y": [m.memory_mib, m.memory_mib],
         "line": {"color": theme.TEXT, "dash": "dash", "width": 1.5}, "hoverinfo": "skip",
         "meta": {"key": "memory"}},
        {"type": "scatter", "mode": "text", "x": labels_x, "y": labels_y, "text": labels_t,
         "textposition": "top center", "textfont": {"size": 11, "color": theme.TEXT}, "hoverinfo": "skip",
         "showlegend": False, "cliponaxis": False, "meta": {"key": "labels"}},
    ]
    for t in traces:
        t.setdefault("showlegend", True)
    if title is None:
        if not m.converged:
            title = f"Live migration of a {m.memory_gib:g} GiB VM does not converge"
        else:
            pre_n = len(m.precopy_rounds)
            title = (f"Live migration of a {m.memory_gib:g} GiB VM: {pre_n} pre-copy "
                     f"{'round' if pre_n == 1 else 'rounds'}, {_seconds(m.total_seconds)} in all, "
                     f"{_seconds(m.downtime_seconds)} paused")
    else:
        title = theme.check_title(title)
    sub = (f"VM dirties {m.dirty_mib_s:g} MiB/s · link {m.bandwidth_gbit_s:g} Gbit/s = {m.bandwidth_mib_s:.0f} MiB/s · "
           + (f"sent {m.sent_ratio:.2f}x the memory · stopped because {_why(m)}" if m.converged else _why(m)))
    layout = {
        "title": theme.title(title, sub), "height": 440, "barmode": "overlay", "bargap": 0.25,
        "margin": {"l": 16, "r": 24, "t": 96, "b": 70},
        "xaxis": {"title": {"text": "round (the last one with the VM paused)" if m.converged else
                            "round (none gets below the threshold, so the VM is never paused)"}, "type": "category",
                  "categoryorder": "array", "categoryarray": names, "fixedrange": True},
        "yaxis": {"title": {"text": "memory sent in the round (MiB, log scale)"}, "type": "log", "fixedrange": True,
                  "range": [math.log10(max(0.5, min(m.stop_mib, *(r.sent_mib for r in m.rounds if r.sent_mib > 0),
                                                     top) / 2)), math.log10(top * 2.5)],
                  "showgrid": True, "gridcolor": "#EAEEF2"},
        "legend": {"orientation": "h", "y": -0.26, "yanchor": "top"},
        "meta": {"description": describe_migration(m), "kind": "migration"},
    }
    return FigureSpec(traces, layout)


def migration_figure(m: Migration, *, title: str | None = None) -> go.Figure:
    """Live migration, round by round: what each pre-copy round sends, and the stop-and-copy that pauses the VM.

    One bar per round on a log scale (rounds shrink geometrically while the
    link outruns the dirty rate), the stop-and-copy bar hatched, the stop
    threshold and the VM's memory as dashed lines, and each bar's duration
    over it. The title gives the rounds, the total time and the downtime.
    The figure always has the traces of :data:`MIGRATION_TRACES`.

    Parameters
    ----------
    m : Migration
        From :func:`vizlib.migrate`.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> fig = migration_figure(vz.migrate(memory_gib=4, dirty_mib_s=50, bandwidth_gbit_s=1))
    >>> fig.layout.title.text
    'Live migration of a 4 GiB VM: 5 pre-copy rounds, 58.9 s in all, 446 ms paused'
    """
    return theme.figure(*migration_spec(m, title=title))


def animate_migration(m: Migration, *, frame_ms: int = 900) -> go.Figure:
    """:func:`migration_figure`, revealed one round at a time (Play button and a slider; no kernel needed).

    Examples
    --------
    >>> import vizlib as vz
    >>> fig = animate_migration(vz.migrate(memory_gib=4, dirty_mib_s=50, bandwidth_gbit_s=1))
    >>> len(fig.frames), fig.frames[0].layout.title.text
    (6, 'Round 1: the whole 4 GiB is copied while the VM runs (34.4 s)')
    """
    if isinstance(frame_ms, bool) or not isinstance(frame_ms, int) or frame_ms < 50:
        raise ValueError(f"frame_ms must be a whole number of milliseconds >= 50, got {frame_ms!r}")
    full = migration_spec(m)
    frames, steps = [], []
    for k, r in enumerate(m.rounds, start=1):
        if r.stop_and_copy:
            text = f"Stop-and-copy: the VM pauses for {_seconds(r.seconds)} while the last {_mib(r.sent_mib)} is sent"
        elif r.index == 1:
            text = f"Round 1: the whole {m.memory_gib:g} GiB is copied while the VM runs ({_seconds(r.seconds)})"
        else:
            text = f"Round {r.index}: re-send the {_mib(r.sent_mib)} dirtied meanwhile ({_seconds(r.seconds)})"
        spec = migration_spec(m, rounds_shown=k)
        frames.append({"name": str(k - 1), "data": spec.data,
                       "layout": {"title": theme.title(text, full.layout["title"]["text"])}})
        steps.append({"method": "animate", "label": "stop" if r.stop_and_copy else str(r.index),
                      "args": [[str(k - 1)], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                          "transition": {"duration": 0}}]})
    layout = dict(full.layout)
    layout["height"] = 540
    layout["margin"] = {"l": 16, "r": 24, "t": 96, "b": 150}
    if frames:
        layout["title"] = frames[-1]["layout"]["title"]
    layout["updatemenus"] = [{
        "type": "buttons", "direction": "left", "x": 0.0, "y": -0.4, "xanchor": "left", "yanchor": "top",
        "showactive": False, "pad": {"r": 8, "t": 0},
        "buttons": [{"label": "▶ Play", "method": "animate",
                     "args": [None, {"frame": {"duration": frame_ms, "redraw": True}, "fromcurrent": False,
                                     "transition": {"duration": 0}}]},
                    {"label": "❚❚ Pause", "method": "animate",
                     "args": [[None], {"mode": "immediate", "frame": {"duration": 0}}]}],
    }]
    layout["sliders"] = [{"active": len(frames) - 1, "steps": steps, "x": 0.18, "len": 0.82, "y": -0.34,
                          "yanchor": "top", "currentvalue": {"prefix": "round: "}, "pad": {"t": 8}}]
    return theme.figure(full.data, layout, frames)


_CLONE_PARTS = (
    ("shared", "the template or image, stored once", theme.COLORS["vm"]),
    ("copied", "a whole copy of the template, per clone", theme.COLORS["guest_os"]),
    ("written", "what each copy has written itself", theme.COLORS["apps"]),
)
_CLONE_NAMES = {"full": "full clones", "linked": "linked clones", "containers": "containers from one image"}


def _gib(x: float) -> str:
    return f"{x:.1f} GiB" if x >= 1 else f"{x * 1024:.0f} MiB"


def clones_figure(*storages: CloneStorage, title: str | None = None) -> go.Figure:
    """Disk taken by copies of one machine, stored as full clones, linked clones or containers.

    One horizontal bar per way of storing them (from :func:`vizlib.clone_storage`), split into the shared base
    (stored once), the copies of the template (full clones only) and what each copy wrote; the total is printed at
    the end of each bar.

    Examples
    --------
    >>> import vizlib as vz
    >>> fig = clones_figure(*(vz.clone_storage(k, 10, 0.5) for k in ("full", "linked", "containers")))
    >>> [t.meta["key"] for t in fig.data]
    ['shared', 'copied', 'written', 'totals']
    >>> fig.layout.title.text
    'Disk for 10 copies of one machine: 60.0 GiB as full clones, 10.0 GiB as linked clones'
    """
    if not storages or not all(isinstance(c, CloneStorage) for c in storages):
        raise TypeError("clones_figure needs one or more CloneStorage (from vizlib.clone_storage), got "
                        f"{[type(c).__name__ for c in storages]}")
    names = [f"{c.copies} {_CLONE_NAMES[c.kind]}" for c in storages]
    parts = {
        "shared": [c.shared_gib for c in storages],
        "copied": [c.copies * c.copied_gib for c in storages],
        "written": [c.copies * c.written_gib for c in storages],
    }
    traces = []
    for key, what, color in _CLONE_PARTS:
        traces.append({
            "type": "bar", "orientation": "h", "name": what, "y": names, "x": parts[key],
            "marker": {"color": color, "line": {"width": 1, "color": theme.CARD}},
            "hovertext": [f"<b>{n}</b>: {what}: {_gib(x)}" for n, x in zip(names, parts[key], strict=True)],
            "hovertemplate": "%{hovertext}<extra></extra>", "meta": {"key": key},
        })
    totals = [c.total_gib for c in storages]
    traces.append({
        "type": "scatter", "mode": "text", "y": names, "x": totals, "text": [f"  <b>{_gib(t)}</b>" for t in totals],
        "textposition": "middle right", "textfont": {"size": 13, "color": theme.TEXT}, "hoverinfo": "skip",
        "showlegend": False, "cliponaxis": False, "meta": {"key": "totals"},
    })
    if title is None:
        first = storages[0].copies
        shown = [f"{_gib(c.total_gib)} as {_CLONE_NAMES[c.kind]}" for c in storages if c.kind != "containers"]
        title = f"Disk for {first} copies of one machine: " + ", ".join(shown) if shown else "Disk for copies"
    else:
        title = theme.check_title(title)
    template = next((c for c in storages if c.kind != "containers"), None)
    sub = ("Template disk " + _gib(template.template_gib) + " · " if template else "") + \
        f"each copy has written {_gib(storages[0].written_gib)}"
    desc = "; ".join(
        f"{n}: {_gib(c.total_gib)} in all ({_gib(c.shared_gib)} shared once, {_gib(c.per_copy_gib)} per copy)"
        for n, c in zip(names, storages, strict=True))
    layout = {
        "title": theme.title(title, sub), "barmode": "stack", "height": 150 + 70 * len(storages),
        "margin": {"l": 16, "r": 90, "t": 84, "b": 60},
        "xaxis": {"title": {"text": "disk on the host (GiB)"}, "fixedrange": True, "rangemode": "tozero"},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        "legend": {"orientation": "h", "y": -0.35, "yanchor": "top", "traceorder": "normal"},
        "meta": {"description": f"Disk taken by copies of one machine. {desc}.", "kind": "clones"},
    }
    return theme.figure(traces, layout)


_SPACE_COLOR = {"virtual address": "apps", "guest-virtual address": "apps", "guest-physical address": "vm",
                "physical address": "hardware", "host-physical address": "hardware"}
_KEEPER_COLOR = {"kernel": "host_os", "guest kernel": "guest_os", "hypervisor": "hypervisor"}
_MODE_TITLE = {"native": "No VM", "shadow": "Shadow page tables (software)", "nested": "Nested paging (EPT/NPT)"}


def address_translation_figure(guest_levels: int = 4, host_levels: int = 4, *, title: str | None = None) -> go.Figure:
    """How an address becomes a memory address: natively, with shadow page tables, and with nested paging.

    Three columns, each read from the top: the address spaces (boxes) and the page tables that translate between them
    (arrows, coloured by who keeps the table: the kernel, the guest kernel or the hypervisor). Under each column, the
    most memory references one TLB miss can cost (:func:`vizlib.walk_references`) and whether the guest's page-table
    edits must reach the hypervisor.

    Examples
    --------
    >>> fig = address_translation_figure()
    >>> fig.layout.title.text
    'One guest address, two translations: nested paging reads up to 24 page-table entries where a native walk reads 4'
    """
    modes = list(TRANSLATIONS)
    ts = [translation(m, guest_levels, host_levels) for m in modes]
    W, H = 3.0, 10.0
    box_w, box_h = 0.74, 1.05
    traces, texts, hover, annotations = [], [], [], []
    for i, t in enumerate(ts):
        cx = i + 0.5
        spaces = [t.steps[0][0]] + [s[2] for s in t.steps]
        ys = [8.6 - k * (6.0 / max(1, len(spaces) - 1)) for k in range(len(spaces))] if len(spaces) > 2 else [8.6, 2.6]
        for space, y in zip(spaces, ys, strict=True):
            color = theme.COLORS[_SPACE_COLOR[space]]
            traces.append(tr.boxes(f"space:{t.mode}:{space}", [(cx - box_w / 2, y - box_h / 2, cx + box_w / 2,
                                                              y + box_h / 2)], theme.tint(color, 0.35), line=color))
            texts.append((cx, y, space.replace(" address", "<br>address"), theme.TEXT, 12))
        for (src, table, _dst, keeper), y0, y1 in zip(t.steps, ys[:-1], ys[1:], strict=True):
            color = theme.COLORS[_KEEPER_COLOR[keeper]]
            annotations.append({
                "x": cx, "y": y1 + box_h / 2, "ax": cx, "ay": y0 - box_h / 2, "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.2, "arrowwidth": 3,
                "arrowcolor": color, "text": "",
            })
            label = table.replace(" (", "<br>(").replace("hypervisor's nested", "hypervisor's<br>nested")
            annotations.append({
                "x": cx + 0.035, "y": (y0 + y1) / 2, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle",
                "align": "left", "showarrow": False, "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 2,
                "text": f"<b>{label}</b><br><i>kept by the {keeper}</i>", "font": {"size": 11, "color": theme.TEXT},
                "bordercolor": color, "borderwidth": 1.5,
            })
            hover.append((cx, (y0 + y1) / 2, f"{table}: turns a {src} into the next address; kept by the {keeper}"))
        texts.append((cx, 9.75, f"<b>{_MODE_TITLE[t.mode]}</b>", theme.TEXT, 13))
        edits = ("every guest page-table edit must reach the hypervisor" if t.exits_on_page_table_write else
                 "guest page-table edits: no hypervisor involved" if t.mode == "nested" else
                 "page-table edits: the kernel's own")
        texts.append((cx, 1.05, f"TLB miss: up to <b>{t.walk_references}</b> memory references", theme.TEXT, 12))
        texts.append((cx, 0.45, edits, theme.MUTED, 11))
    traces.append(tr.texts("labels", texts))
    traces.append(tr.hover(hover))
    for x in (1.0, 2.0):
        annotations.append({"x": x, "y": 0.2, "ax": x, "ay": 9.9, "xref": "x", "yref": "y", "axref": "x",
                            "ayref": "y", "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "arrowcolor": "#D0D7DE",
                            "text": ""})
    nested = next(t for t in ts if t.mode == "nested")
    native = next(t for t in ts if t.mode == "native")
    if title is None:
        title = (f"One guest address, two translations: nested paging reads up to {nested.walk_references} "
                 f"page-table entries where a native walk reads {native.walk_references}")
    else:
        title = theme.check_title(title)
    sub = (f"{guest_levels}-level guest and {host_levels}-level host page tables · counts per TLB miss, before the "
           "CPU's paging caches")
    desc = (
        f"Natively a virtual address is translated by the kernel's page table: up to {native.walk_references} memory "
        "references per TLB miss. With shadow page tables the hypervisor keeps a copy mapping guest-virtual addresses "
        f"straight to host-physical ones: the same {native.walk_references} references, but every guest page-table "
        "edit must reach the hypervisor. With nested paging (EPT/NPT) the CPU walks the guest's table to a "
        "guest-physical address and the hypervisor's table to a host-physical one: up to "
        f"{nested.walk_references} references, with no hypervisor involved when the guest edits its tables."
    )
    layout = {
        "title": theme.title(title, sub), "height": 520, "margin": {"l": 12, "r": 12, "t": 92, "b": 12},
        "showlegend": False, "annotations": annotations, **tr.canvas(W, H),
        "meta": {"description": desc, "kind": "address_translation"},
    }
    return theme.figure(traces, layout)
