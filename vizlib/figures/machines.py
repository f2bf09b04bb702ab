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
from vizlib.model.paging import TRANSLATIONS, step_label, translation
from vizlib.model.snapshots import CloneStorage
from vizlib.text import fmt
from vizlib.text.catalog import N_, t, tn, tp

__all__ = ["MIGRATION_TRACES", "address_translation_figure", "animate_migration", "clones_figure", "migration_figure",
           "migration_spec"]

MIGRATION_TRACES = ("precopy", "stop_and_copy", "threshold", "memory", "labels")
"""Trace keys of :func:`migration_figure`, in order: the pre-copy rounds' bars, the stop-and-copy bar, the stop
threshold and the VM's memory as dashed lines, and the text over the bars."""

_RUN = theme.COLORS["vm"]
_PAUSE = theme.COLORS["hypervisor"]


_GRID = theme.GRID


def _seconds(s: float) -> str:
    """:func:`fmt.seconds`, except below 1 ms (two decimals: ``0.50 ms``) and for a migration that never ends."""
    if math.isinf(s):
        return tp("duration", "never")
    return f"{s * 1000:.2f} ms" if s < 0.001 else fmt.seconds(s)


def _mib(x: float) -> str:
    """Migration amounts: ``4.00 GiB``, ``446 MiB``, ``5.0 MiB`` (more fixed decimals than :func:`fmt.mib`)."""
    return f"{x / 1024:.2f} GiB" if x >= 1024 else f"{x:.0f} MiB" if x >= 10 else f"{x:.1f} MiB"


def _words(m: Migration) -> dict[str, str]:
    """The numbers of ``m`` as the migration's messages show them."""
    return {"memory": f"{m.memory_gib:g}", "dirty": f"{m.dirty_mib_s:g}", "link": f"{m.bandwidth_gbit_s:g}",
            "link_mib": f"{m.bandwidth_mib_s:.0f}", "stop": _mib(m.stop_mib), "max_rounds": str(m.max_rounds),
            "factor": f"{m.max_sent_factor:g}" if m.max_sent_factor is not None else ""}


def _stopped_because(m: Migration) -> str:
    """Why pre-copy ended, for the subtitle of :func:`migration_figure`."""
    w = _words(m)
    if m.stopped_by == "threshold":
        return t("stopped because what was left fell to the stop threshold of {stop}", **w)
    if m.stopped_by == "max_rounds":
        return t("stopped because pre-copy hit the cap of {max_rounds} rounds", **w)
    if m.stopped_by == "max_sent":
        return t("stopped because pre-copy would have sent more than {factor}x the memory", **w)
    return t("each round leaves as much to send as the one before")


def describe_migration(m: Migration) -> str:
    """One or two sentences on the migration, for a screen reader and for the dashboard."""
    w = _words(m)
    if not m.converged:
        return t("Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                 "MiB/s) does not converge: the VM dirties memory at least as fast as the link sends it, so each round "
                 "leaves as much to send as the one before.", **w)
    pre = len(m.precopy_rounds)
    w.update(downtime=_seconds(m.downtime_seconds), last=_mib(m.rounds[-1].sent_mib))
    if m.stopped_by == "max_rounds":
        first = tn("Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy round while the VM runs, until pre-copy hit the cap of {max_rounds} rounds; "
                   "then the VM pauses for {downtime} while the last {last} is copied.",
                   "Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy rounds while the VM runs, until pre-copy hit the cap of {max_rounds} rounds; "
                   "then the VM pauses for {downtime} while the last {last} is copied.", pre, **w)
    elif m.stopped_by == "max_sent":
        first = tn("Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy round while the VM runs, until pre-copy would have sent more than {factor}x "
                   "the memory; then the VM pauses for {downtime} while the last {last} is copied.",
                   "Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy rounds while the VM runs, until pre-copy would have sent more than {factor}x "
                   "the memory; then the VM pauses for {downtime} while the last {last} is copied.", pre, **w)
    else:
        first = tn("Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy round while the VM runs, until what was left fell to the stop threshold of "
                   "{stop}; then the VM pauses for {downtime} while the last {last} is copied.",
                   "Live migration of a {memory} GiB VM with {dirty} MiB/s dirtied, a {link} Gbit/s link ({link_mib} "
                   "MiB/s): {n} pre-copy rounds while the VM runs, until what was left fell to the stop threshold of "
                   "{stop}; then the VM pauses for {downtime} while the last {last} is copied.", pre, **w)
    return first + " " + t("In all {total}, and {ratio}x the VM's memory crossed the link.",
                           total=_seconds(m.total_seconds), ratio=f"{m.sent_ratio:.2f}")


def migration_spec(m: Migration, *, rounds_shown: int | None = None, title: str | None = None) -> FigureSpec:
    """The :class:`~vizlib.figures.FigureSpec` behind :func:`migration_figure`; ``rounds_shown`` draws only the first
    rounds (the animation's frames)."""
    if not isinstance(m, Migration):
        raise TypeError(f"m must be a vizlib Migration (from vizlib.migrate), got {m!r} ({type(m).__name__})")
    rounds = m.rounds if rounds_shown is None else m.rounds[:rounds_shown]
    pre = [r for r in rounds if not r.stop_and_copy]
    stop = [r for r in rounds if r.stop_and_copy]
    stop_name = tp("migration round", "stop")  # the stop-and-copy round's category on the x axis
    names = [str(r.index) for r in m.precopy_rounds] + ([stop_name] if m.converged else [])
    x_pre, x_stop = [str(r.index) for r in pre], [stop_name] * len(stop)

    def round_hover(r) -> str:
        what = (t("the VM paused: stop-and-copy") if r.stop_and_copy else
                t("the whole memory, while the VM runs") if r.index == 1 else
                t("pages dirtied during the round before"))
        return "<br>".join((
            t("round {round}: {sent} sent in {seconds}", round=r.index, sent=_mib(r.sent_mib),
              seconds=_seconds(r.seconds)),
            what,
            t("from {start} to {end}", start=_seconds(r.start_s), end=_seconds(r.end_s)),
        ))

    top = max(m.memory_mib, max((r.sent_mib for r in m.rounds), default=0.0))
    labels_x = x_pre + x_stop
    labels_y = [r.sent_mib for r in pre + stop]
    labels_t = ([_seconds(r.seconds) for r in pre]
                + [f"<b>{t('paused {seconds}', seconds=_seconds(r.seconds))}</b>" for r in stop])
    traces = [
        {"type": "bar", "name": t("pre-copy round (VM running)"), "x": x_pre, "y": [r.sent_mib for r in pre],
         "marker": {"color": _RUN, "line": {"width": 1, "color": theme.CARD}},
         "hovertext": [round_hover(r) for r in pre], "hovertemplate": "%{hovertext}<extra></extra>",
         "meta": {"key": "precopy"}},
        {"type": "bar", "name": t("stop-and-copy (VM paused)"), "x": x_stop, "y": [r.sent_mib for r in stop],
         "marker": {"color": _PAUSE, "line": {"width": 1, "color": theme.CARD},
                    "pattern": {"shape": "x", "fgcolor": theme.CARD, "bgcolor": _PAUSE, "size": 7, "solidity": 0.2,
                                "fillmode": "replace"}},
         "hovertext": [round_hover(r) for r in stop], "hovertemplate": "%{hovertext}<extra></extra>",
         "meta": {"key": "stop_and_copy"}},
        {"type": "scatter", "mode": "lines", "name": t("stop threshold ({size})", size=_mib(m.stop_mib)),
         "x": [names[0], names[-1]] if names else [], "y": [m.stop_mib, m.stop_mib],
         "line": {"color": theme.MUTED, "dash": "dot", "width": 1.5}, "hoverinfo": "skip",
         "meta": {"key": "threshold"}},
        {"type": "scatter", "mode": "lines", "name": t("the VM's memory ({size})", size=_mib(m.memory_mib)),
         "x": [names[0], names[-1]] if names else [], "y": [m.memory_mib, m.memory_mib],
         "line": {"color": theme.TEXT, "dash": "dash", "width": 1.5}, "hoverinfo": "skip",
         "meta": {"key": "memory"}},
        {"type": "scatter", "mode": "text", "x": labels_x, "y": labels_y, "text": labels_t,
         "textposition": "top center", "textfont": {"size": 11, "color": theme.TEXT}, "hoverinfo": "skip",
         "showlegend": False, "cliponaxis": False, "meta": {"key": "labels"}},
    ]
    for trace in traces:
        trace.setdefault("showlegend", True)
    w = _words(m)
    if title is None:
        if not m.converged:
            title = t("Live migration of a {memory} GiB VM does not converge", **w)
        else:
            title = tn("Live migration of a {memory} GiB VM: {n} pre-copy round, {total} in all, {downtime} paused",
                       "Live migration of a {memory} GiB VM: {n} pre-copy rounds, {total} in all, {downtime} paused",
                       len(m.precopy_rounds), total=_seconds(m.total_seconds), downtime=_seconds(m.downtime_seconds),
                       **w)
    else:
        title = theme.check_title(title)
    sub = [t("VM dirties {dirty} MiB/s · link {link} Gbit/s = {link_mib} MiB/s", **w)]
    if m.converged:
        sub.append(t("sent {ratio}x the memory", ratio=f"{m.sent_ratio:.2f}"))
    sub.append(_stopped_because(m))
    layout = {
        "title": theme.title(title, " · ".join(sub)), "height": 440, "barmode": "overlay", "bargap": 0.25,
        "margin": {"l": 16, "r": 24, "t": 96, "b": 70},
        "xaxis": {"title": {"text": t("round (the last one with the VM paused)") if m.converged else
                            t("round (none gets below the threshold, so the VM is never paused)")},
                  "type": "category", "categoryorder": "array", "categoryarray": names, "fixedrange": True},
        "yaxis": {"title": {"text": t("memory sent in the round (MiB, log scale)")}, "type": "log",
                  "fixedrange": True,
                  "range": [math.log10(max(0.5, min(m.stop_mib, *(r.sent_mib for r in m.rounds if r.sent_mib > 0),
                                                     top) / 2)), math.log10(top * 2.5)],
                  "showgrid": True, "gridcolor": _GRID},
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
            text = t("Stop-and-copy: the VM pauses for {seconds} while the last {sent} is sent",
                     seconds=_seconds(r.seconds), sent=_mib(r.sent_mib))
        elif r.index == 1:
            text = t("Round 1: the whole {memory} GiB is copied while the VM runs ({seconds})",
                     memory=f"{m.memory_gib:g}", seconds=_seconds(r.seconds))
        else:
            text = t("Round {round}: re-send the {sent} dirtied meanwhile ({seconds})", round=r.index,
                     sent=_mib(r.sent_mib), seconds=_seconds(r.seconds))
        spec = migration_spec(m, rounds_shown=k)
        frames.append({"name": str(k - 1), "data": spec.data,
                       "layout": {"title": theme.title(text, full.layout["title"]["text"])}})
        steps.append({"method": "animate", "label": tp("migration round", "stop") if r.stop_and_copy else str(r.index),
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
        "buttons": [{"label": tp("button", "▶ Play"), "method": "animate",
                     "args": [None, {"frame": {"duration": frame_ms, "redraw": True}, "fromcurrent": False,
                                     "transition": {"duration": 0}}]},
                    {"label": tp("button", "❚❚ Pause"), "method": "animate",
                     "args": [[None], {"mode": "immediate", "frame": {"duration": 0}}]}],
    }]
    layout["sliders"] = [{"active": len(frames) - 1, "steps": steps, "x": 0.18, "len": 0.82, "y": -0.34,
                          "yanchor": "top", "currentvalue": {"prefix": t("round: ")}, "pad": {"t": 8}}]
    return theme.figure(full.data, layout, frames)


_CLONE_PARTS = (
    ("shared", N_("the template or image, stored once"), theme.COLORS["vm"]),
    ("copied", N_("a whole copy of the template, per clone"), theme.COLORS["guest_os"]),
    ("written", N_("what each copy has written itself"), theme.COLORS["apps"]),
)


def _clone_name(c: CloneStorage) -> str:
    """``10 full clones``: the copies of ``c`` and how they are stored."""
    if c.kind == "full":
        return tn("{n} full clone", "{n} full clones", c.copies)
    if c.kind == "linked":
        return tn("{n} linked clone", "{n} linked clones", c.copies)
    return tn("{n} container from one image", "{n} containers from one image", c.copies)


def _gib(x: float) -> str:
    """Disk in GiB with one decimal (``60.0 GiB``; :func:`fmt.gib` would write ``60 GiB``), MiB below 1 GiB."""
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
    names = [_clone_name(c) for c in storages]
    parts = {
        "shared": [c.shared_gib for c in storages],
        "copied": [c.copies * c.copied_gib for c in storages],
        "written": [c.copies * c.written_gib for c in storages],
    }
    traces = []
    for key, english, color in _CLONE_PARTS:
        what = t(english)
        traces.append({
            "type": "bar", "orientation": "h", "name": what, "y": names, "x": parts[key],
            "marker": {"color": color, "line": {"width": 1, "color": theme.CARD}},
            "hovertext": [f"<b>{n}</b>: {what}: {_gib(x)}" for n, x in zip(names, parts[key], strict=True)],
            "hovertemplate": "%{hovertext}<extra></extra>", "meta": {"key": key},
        })
    totals = [c.total_gib for c in storages]
    traces.append({
        "type": "scatter", "mode": "text", "y": names, "x": totals, "text": [f"  <b>{_gib(x)}</b>" for x in totals],
        "textposition": "middle right", "textfont": {"size": 13, "color": theme.TEXT}, "hoverinfo": "skip",
        "showlegend": False, "cliponaxis": False, "meta": {"key": "totals"},
    })
    if title is None:
        shown = [t("{size} as full clones", size=_gib(c.total_gib)) if c.kind == "full"
                 else t("{size} as linked clones", size=_gib(c.total_gib))
                 for c in storages if c.kind != "containers"]
        title = (tn("Disk for {n} copy of one machine: {totals}", "Disk for {n} copies of one machine: {totals}",
                    storages[0].copies, totals=", ".join(shown)) if shown else t("Disk for copies"))
    else:
        title = theme.check_title(title)
    template = next((c for c in storages if c.kind != "containers"), None)
    sub = [t("each copy has written {size}", size=_gib(storages[0].written_gib))]
    if template:
        sub.insert(0, t("Template disk {size}", size=_gib(template.template_gib)))
    desc = "; ".join(
        t("{name}: {total} in all ({shared} shared once, {per_copy} per copy)", name=n, total=_gib(c.total_gib),
          shared=_gib(c.shared_gib), per_copy=_gib(c.per_copy_gib))
        for n, c in zip(names, storages, strict=True))
    layout = {
        "title": theme.title(title, " · ".join(sub)), "barmode": "stack", "height": 150 + 70 * len(storages),
        "margin": {"l": 16, "r": 90, "t": 84, "b": 60},
        "xaxis": {"title": {"text": t("disk on the host (GiB)")}, "fixedrange": True, "rangemode": "tozero"},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        "legend": {"orientation": "h", "y": -0.35, "yanchor": "top", "traceorder": "normal"},
        "meta": {"description": t("Disk taken by copies of one machine.") + " " + desc + ".", "kind": "clones"},
    }
    return theme.figure(traces, layout)


# How address_translation_figure draws each mode of vizlib.model.paging, in the order of its steps: the address spaces
# top to bottom (colour key, label with the figure's line breaks) and the page tables between them (label). Hover
# text uses the model's own words (step_label); the model's keeper keys colour the arrows.
_SPACES = {
    "native": (("apps", N_("virtual<br>address")), ("hardware", N_("physical<br>address"))),
    "shadow": (("apps", N_("guest-virtual<br>address")), ("hardware", N_("host-physical<br>address"))),
    "nested": (("apps", N_("guest-virtual<br>address")), ("vm", N_("guest-physical<br>address")),
               ("hardware", N_("host-physical<br>address"))),
}
_TABLES = {
    "native": (N_("kernel's page table"),),
    "shadow": (N_("shadow page table<br>(the hypervisor's copy)"),),
    "nested": (N_("guest's page table"), N_("hypervisor's<br>nested page table<br>(EPT/NPT)")),
}
_KEEPER_COLOR = {"kernel": "host_os", "guest kernel": "guest_os", "hypervisor": "hypervisor"}
_MODE_TITLE = {"native": N_("No VM"), "shadow": N_("Shadow page tables (software)"),
               "nested": N_("Nested paging (EPT/NPT)")}


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
    for i, tl in enumerate(ts):
        cx = i + 0.5
        spaces = [tl.steps[0][0]] + [s[2] for s in tl.steps]
        ys = [8.6 - k * (6.0 / max(1, len(spaces) - 1)) for k in range(len(spaces))] if len(spaces) > 2 else [8.6, 2.6]
        drawn = [(colour, t(label)) for colour, label in _SPACES[tl.mode]]
        for space, (colour_key, text), y in zip(spaces, drawn, ys, strict=True):
            color = theme.COLORS[colour_key]
            traces.append(tr.boxes(f"space:{tl.mode}:{space}", [(cx - box_w / 2, y - box_h / 2, cx + box_w / 2,
                                                               y + box_h / 2)], theme.tint(color, 0.35), line=color))
            texts.append((cx, y, text, theme.TEXT, 12))
        for (src, table, _dst, keeper), label, y0, y1 in zip(tl.steps, _TABLES[tl.mode], ys[:-1], ys[1:],
                                                             strict=True):
            color = theme.COLORS[_KEEPER_COLOR[keeper]]
            who = step_label(keeper)
            annotations.append({
                "x": cx, "y": y1 + box_h / 2, "ax": cx, "ay": y0 - box_h / 2, "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.2, "arrowwidth": 3,
                "arrowcolor": color, "text": "",
            })
            annotations.append({
                "x": cx + 0.035, "y": (y0 + y1) / 2, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle",
                "align": "left", "showarrow": False, "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 2,
                "text": f"<b>{t(label)}</b><br><i>{t('kept by the {keeper}', keeper=who)}</i>",
                "font": {"size": 11, "color": theme.TEXT}, "bordercolor": color, "borderwidth": 1.5,
            })
            hover.append((cx, (y0 + y1) / 2, t("{table}: turns a {address} into the next address; kept by the {keeper}",
                                               table=step_label(table), address=step_label(src),
                                               keeper=who)))
        texts.append((cx, 9.75, f"<b>{t(_MODE_TITLE[tl.mode])}</b>", theme.TEXT, 13))
        edits = (t("every guest page-table edit must reach the hypervisor") if tl.exits_on_page_table_write else
                 t("guest page-table edits: no hypervisor involved") if tl.mode == "nested" else
                 t("page-table edits: the kernel's own"))
        texts.append((cx, 1.05, tn("TLB miss: up to <b>{n}</b> memory reference",
                                   "TLB miss: up to <b>{n}</b> memory references", tl.walk_references), theme.TEXT, 12))
        texts.append((cx, 0.45, edits, theme.MUTED, 11))
    traces.append(tr.texts("labels", texts))
    traces.append(tr.hover(hover))
    for x in (1.0, 2.0):
        annotations.append({"x": x, "y": 0.2, "ax": x, "ay": 9.9, "xref": "x", "yref": "y", "axref": "x",
                            "ayref": "y", "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "arrowcolor": theme.LINE,
                            "text": ""})
    nested = next(x for x in ts if x.mode == "nested").walk_references
    native = next(x for x in ts if x.mode == "native").walk_references
    if title is None:
        title = t("One guest address, two translations: nested paging reads up to {nested} page-table entries where a "
                  "native walk reads {native}", nested=nested, native=native)
    else:
        title = theme.check_title(title)
    sub = " · ".join((
        t("{guest}-level guest and {host}-level host page tables", guest=guest_levels, host=host_levels),
        t("counts per TLB miss, before the CPU's paging caches"),
    ))
    desc = " ".join((
        t("Natively a virtual address is translated by the kernel's page table: up to {native} memory references per "
          "TLB miss.", native=native),
        t("With shadow page tables the hypervisor keeps a copy mapping guest-virtual addresses straight to "
          "host-physical ones: the same {native} references, but every guest page-table edit must reach the "
          "hypervisor.", native=native),
        t("With nested paging (EPT/NPT) the CPU walks the guest's table to a guest-physical address and the "
          "hypervisor's table to a host-physical one: up to {nested} references, with no hypervisor involved when the "
          "guest edits its tables.", nested=nested),
    ))
    layout = {
        "title": theme.title(title, sub), "height": 520, "margin": {"l": 12, "r": 12, "t": 92, "b": 12},
        "showlegend": False, "annotations": annotations, **tr.canvas(W, H),
        "meta": {"description": desc, "kind": "address_translation"},
    }
    return theme.figure(traces, layout)
