"""Dashboards: ipywidgets controls wired to the model, figures updated in place.

Each dashboard is an ``ipywidgets.VBox`` exposing ``controls`` (name ->
widget), ``figures`` (name -> ``go.FigureWidget``) and ``summary`` (an HTML
widget), so lessons and tests can drive it from Python exactly as a learner
does with the mouse. On every change the model is recomputed and the
existing figures are updated in place (:func:`update_figure`); nothing is rebuilt.
Settings the model refuses are explained in the summary, never raised.

Every word comes from the message catalogue: a dashboard follows
:func:`vizlib.set_language`, relabelling its controls and redrawing its
title, summary and figures in the new language.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined
from plotly.serializers import custom_serializers
from traitlets import Dict

from vizlib.figures import theme
from vizlib.figures.hardware import FigureSpec, efficiency_spec, hardware_spec, usage_spec
from vizlib.figures.machines import describe_migration, migration_spec
from vizlib.figures.theme import MUTED
from vizlib.model.comparison import compare
from vizlib.model.describe import describe
from vizlib.model.migration import migrate
from vizlib.model.scenario import Scenario, fill_vms
from vizlib.model.systems import DEFAULT_HOST_NAME, PRODUCTS, App, Host, Usage
from vizlib.model.table import GUEST_OS
from vizlib.text.catalog import NP_, on_language_change, t, tn, tp
from vizlib.text.fmt import number
from vizlib.widgets.quizzes import TextRepr

__all__ = [
    "Dashboard", "LiveFigure", "allocation_dashboard", "comparison_dashboard", "migration_dashboard", "for_widget",
    "update_figure",
]


def _plain(fig: go.Figure) -> tuple[list[dict], dict]:
    """A figure's traces and layout as plain dicts (the template left out: every figure shares it)."""
    d = fig.to_plotly_json()
    d["layout"].pop("template", None)
    return d["data"], d["layout"]


def _diff(old: dict, new: dict) -> dict:
    """Top-level properties of ``new`` that differ from ``old``; vanished ones become ``None``."""
    out = {k: v for k, v in new.items() if old.get(k, _MISSING) != v}
    out.update({k: None for k in old if k not in new})
    return out


_MISSING = object()
WIDGET_WIDTH = 860  # px; FigureWidgets inside a VBox do not follow the notebook's width (plotly.py #4027)


def for_widget(fig: go.Figure | FigureSpec) -> go.Figure | FigureSpec:
    """Adapt a figure (or a :class:`~vizlib.figures.FigureSpec`) for display as a ``FigureWidget`` in a dashboard.

    Two plotly.js-in-a-widget quirks are worked around here, leaving the
    figure functions untouched: the view is drawn before it is attached to
    the page, so text is measured as empty: a ``title.subtitle`` lands on
    top of the title, and a top-anchored title slides out of view. So the
    subtitle moves into the title text, on a second line, and the title is
    anchored by its bottom line, which needs no measuring. And the view does
    not follow the notebook's width, so a width is set.
    """
    if isinstance(fig, FigureSpec):
        return FigureSpec(fig.data, _widget_layout(fig.layout))
    fig.update_layout(_widget_layout(fig.layout.to_plotly_json()), overwrite=True)
    return fig


def _widget_layout(layout: dict) -> dict:
    """``layout`` (plain dicts) with the dashboard's title and width (see :func:`for_widget`)."""
    out = dict(layout)
    title = dict(out.get("title") or {})
    sub = (title.get("subtitle") or {}).get("text")
    if sub:
        style = f"font-size:13px;font-weight:normal;color:{MUTED}"
        height = out.get("height") or 450
        title.update(text=f"{title.get('text', '')}<br><span style='{style}'>{sub}</span>",
                     subtitle={"text": None}, yref="container", yanchor="bottom", y=1 - 62 / height)
        out["title"] = title
        margin = dict(out.get("margin") or {})
        margin["t"] = (margin.get("t") or 80) + 12
        out["margin"] = margin
    if out.get("width") is None:
        out["width"] = WIDGET_WIDTH
    for key, axis in out.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and "ticklabeloverflow" not in axis:
            # plotly's default ("hide past div") measures every tick label against the div after each tick label
            # it draws: many forced page layouts per redraw, the larger part of a dashboard's redraw. The labels
            # fit (automargin) and nothing is hidden, so "allow" draws the same picture.
            out[key] = {**axis, "ticklabeloverflow": "allow"}
    return out


def update_figure(
    target: go.FigureWidget, source: go.Figure | FigureSpec, previous: go.Figure | tuple[list[dict], dict] | None = None
) -> tuple[list[dict], dict]:
    """Make ``target`` show ``source`` (a figure, or a :class:`~vizlib.figures.FigureSpec`), in one batched update.

    With ``previous`` (the figure ``target`` showed so far, or the value
    this function returned last time) only properties that changed are
    sent, which keeps a dashboard's update to a few milliseconds. Both
    figures must have the same number of traces (the figure functions used
    by dashboards keep a fixed trace structure). Returns ``source`` as plain
    dicts, to pass as ``previous`` next time.
    """
    if len(target.data) != len(source.data):
        raise ValueError(
            f"source has {len(source.data)} traces but target has {len(target.data)}; "
            "dashboard figures need a fixed trace structure"
        )
    new_data, new_layout = (source.data, source.layout) if isinstance(source, FigureSpec) else _plain(source)
    if previous is None:
        old_data, old_layout = [{} for _ in new_data], {}
    elif isinstance(previous, go.Figure):
        old_data, old_layout = _plain(previous)
    else:
        old_data, old_layout = previous
    # One plotly update (one message, one redraw), applied as ``batch_update`` would apply it, minus plotly's
    # per-element validation of every changed array (the larger part of an update's time in the kernel): the figure
    # functions' output is validated by their tests, and figures are built unvalidated too (``theme.figure``).
    indexes, changes = [], []
    for i, (old, new) in enumerate(zip(old_data, new_data, strict=True)):
        changed = _diff(old, new)
        changed.pop("uid", None)
        if changed:
            indexes.append(i)
            changes.append(changed)
    restyle = {k: [_copy(c[k]) if k in c else Undefined for c in changes] for k in {k for c in changes for k in c}}
    relayout = {k: _copy(v) for k, v in _diff(old_layout, new_layout).items()}
    if restyle or relayout:
        _send_update(target, restyle, relayout, indexes)
        # Objects plotly built for arrays of objects (annotations, shapes) hold positions in the old array: let
        # plotly build them again on the next access, as its own unvalidated assignment does.
        edited = [(target.layout, relayout), *((target.data[i], c) for i, c in zip(indexes, changes, strict=True))]
        for obj, keys in edited:
            for k in keys:
                obj._compound_array_props.pop(k, None)
    return new_data, new_layout


def _copy(value: Any) -> Any:
    """``value`` (plain dicts, lists and scalars) copied as plotly's validation would store it: tuples as lists, and
    ``None`` or an empty object inside an object left out (unset; in a list ``None`` stays, a gap in a line)."""
    if isinstance(value, dict):
        out = {k: _copy(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


KERNEL_ONLY_LAYOUT = frozenset({"meta"})
"""Layout properties the browser is not sent on an update: ``meta`` holds the figure's description, which
:func:`vizlib.describe` reads in the kernel and plotly draws nowhere. plotly.js answers a change to it by building the
figure again from its layout (its edit type is "plot"), which costs more than redrawing the data that changed."""


def _send_update(target: go.FigureWidget, restyle: dict, relayout: dict, indexes: list[int]) -> None:
    """Apply one update to ``target`` and send it to the browser: what ``target.plotly_update`` does, but in two
    comm messages instead of four (plotly sends the two edit counters separately from the update) and without the
    properties in :data:`KERNEL_ONLY_LAYOUT`, which change in the kernel only."""
    restyle, relayout, indexes = target._perform_plotly_update(
        restyle_data=restyle, relayout_data=relayout, trace_indexes=indexes)
    shown = {k: v for k, v in (relayout or {}).items() if k not in KERNEL_ONLY_LAYOUT}
    if restyle or shown:
        with target.hold_sync():  # counters and update leave together, as one message
            target._last_trace_edit_id += 1
            target._last_layout_edit_id += 1
            target._trace_edit_in_process = target._layout_edit_in_process = True
            target._py2js_update = {
                "style_data": restyle or {}, "layout_data": shown, "style_traces": indexes,
                "trace_edit_id": target._last_trace_edit_id, "layout_edit_id": target._last_layout_edit_id,
                "source_view_id": None,
            }
        target._py2js_update = None  # as plotly does: the next update is a change even if it is the same
    if restyle:
        target._dispatch_trace_change_callbacks(restyle, indexes)
    if relayout:
        target._dispatch_layout_change_callbacks(relayout)


class LiveFigure(go.FigureWidget):
    """The ``FigureWidget`` a dashboard redraws in place (with :func:`update_figure`).

    After each redraw the browser reports plotly's computed defaults to the kernel (12 to 16 KB of JSON). ipywidgets
    would echo each report back to the browser, for other views of the same widget; plotly's views do not read these
    reports, so here they are not echoed.
    """

    _js2py_traceDeltas = Dict(allow_none=True).tag(sync=True, echo_update=False, **custom_serializers)
    _js2py_layoutDelta = Dict(allow_none=True).tag(sync=True, echo_update=False, **custom_serializers)


class Dashboard(TextRepr, w.VBox):
    """A panel of controls, live figures and a plain-language summary.

    ``title`` is a string, or a function of no arguments that gives it in the current language. Controls made by
    this module's builders carry their words with them; on :func:`vizlib.set_language` the dashboard relabels
    them and recomputes its title, summary and figures (:meth:`language_changed`).
    """

    def __init__(
        self,
        controls: dict[str, w.ValueWidget],
        recompute: Callable[[dict[str, Any]], tuple[dict[str, FigureSpec], str]],
        layout_rows: list[list[str]],
        title: str | Callable[[], str],
    ):
        self.controls = controls
        self._title = title
        self._relabelling = False
        figures, summary = recompute(self.values())
        figures = {k: for_widget(f) for k, f in figures.items()}
        self.figures = {k: LiveFigure(theme.figure(*f)) for k, f in figures.items()}
        self._shown = {k: (f.data, f.layout) for k, f in figures.items()}  # what each shows: send only what changes
        self.summary = w.HTML(summary, layout=w.Layout(min_height="4em"))
        self._recompute = recompute
        self._header = w.HTML(self._header_html())
        rows = [w.HBox([controls[n] for n in row]) for row in layout_rows]
        super().__init__([self._header, *rows, self.summary, *self.figures.values()])
        self.add_class("vizlib-dashboard")
        for c in controls.values():
            c.observe(self._on_change, names="value")
        on_language_change(self)

    @property
    def title(self) -> str:
        """The dashboard's title, in the current language."""
        return self._title() if callable(self._title) else self._title

    def _header_html(self) -> str:
        return f"{_STYLE}<h3 style='margin:0.2em 0'>{html.escape(self.title)}</h3>"

    def __repr__(self) -> str:  # where widgets cannot render, say what this is instead of dumping its children
        settings = ", ".join(f"{k}={v!r}" for k, v in self.values().items())
        return f"<Dashboard {self.title!r}: {settings}>"

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {k: c.value for k, c in self.controls.items()}

    def _on_change(self, _change: dict) -> None:
        if not self._relabelling:
            self.refresh()

    def refresh(self) -> None:
        """Recompute from the controls and update figures and summary in place."""
        try:
            figures, summary = self._recompute(self.values())
        except ValueError as e:  # the model refused these settings: explain, keep the last figures
            reason = html.escape(str(e))
            self.summary.value = f"<p style='{ERROR}'>{t('<b>Not possible:</b> {reason}', reason=reason)}</p>"
            return
        for k, fig in figures.items():
            self._shown[k] = update_figure(self.figures[k], for_widget(fig), self._shown[k])
        self.summary.value = summary

    def language_changed(self) -> None:
        """Say everything again in the current language: control labels, title, summary and figures (called by
        :func:`vizlib.set_language`)."""
        self._relabelling = True  # relabelling a dropdown passes through its first option: no recompute for that
        try:
            for c in self.controls.values():
                words = _WORDS.get(c)
                if words is not None:
                    _label(c, words())
        finally:
            self._relabelling = False
        self._header.value = self._header_html()
        self.refresh()


_WORDS: weakref.WeakKeyDictionary[w.Widget, Callable[[], dict[str, Any]]] = weakref.WeakKeyDictionary()
"""For each control made here, a function giving its words (trait -> value) in the current language."""


def _label(control: w.Widget, words: dict[str, Any]) -> None:
    """Give ``control`` the words ``words`` (trait -> value), keeping its value."""
    with control.hold_sync():
        value = control.value
        for trait, text in words.items():
            setattr(control, trait, text)
        if control.value != value:  # new options select the first one: choose the learner's again
            control.value = value


def _worded(control: w.Widget, words: Callable[[], dict[str, Any]]) -> w.Widget:
    """Label ``control`` with ``words()`` now and again whenever the language changes."""
    _WORDS[control] = words
    _label(control, words())
    return control


def _slider(kind, description: str, value, lo, hi, step, fmt=None, width="440px"):
    """A slider; ``description`` is its label, marked ``NP_("control", ...)``."""
    cls = w.IntSlider if kind is int else w.FloatSlider
    kw = {} if fmt is None else {"readout_format": fmt}
    slider = cls(
        value=value, min=lo, max=hi, step=step, continuous_update=True,
        style={"description_width": "150px"}, layout=w.Layout(width=width), **kw,
    )
    return _worded(slider, lambda: {"description": tp("control", description)})


def _guest_dropdown(value: str) -> w.Dropdown:
    options = [(os_.label, key) for key, os_ in GUEST_OS.items()]  # product names: the same in every language
    dropdown = w.Dropdown(options=options, value=value, style={"description_width": "150px"},
                          layout=w.Layout(width="420px"))
    return _worded(dropdown, lambda: {"description": tp("control", "Guest OS")})


def _product_label(p) -> str:
    if p.kind == "type1":
        return f"{p.label} · {p.kind_text}"
    return t("{product} · type 2, on {host_os}", product=p.label, host_os=GUEST_OS[p.host_os].label)


def _product_dropdown(value: str) -> w.Dropdown:
    dropdown = w.Dropdown(options=[(_product_label(p), key) for key, p in PRODUCTS.items()], value=value,
                          style={"description_width": "150px"}, layout=w.Layout(width="420px"))
    return _worded(dropdown, lambda: {
        "description": tp("control", "Hypervisor"),
        "options": [(_product_label(p), key) for key, p in PRODUCTS.items()],
    })


def _view_options() -> dict[str, Any]:
    return {
        "description": tp("control", "Show"),
        "options": [(tp("view", "Reserved"), "reserved"), (tp("view", "Used"), "used")],
        "tooltips": [t("what admission control counts and a customer pays for"),
                     t("what the host actually backs and burns: idle vCPUs take no core, untouched RAM is not "
                       "backed")],
    }


def _view_toggle(value: str) -> w.ToggleButtons:
    toggle = w.ToggleButtons(options=_view_options()["options"], value=value, style={"description_width": "150px"})
    return _worded(toggle, _view_options)


def _product_of(value: str) -> str:
    """The product key for a dashboard's ``hypervisor`` argument: a product key, or a kind."""
    if value in PRODUCTS:
        return value
    if value in ("type1", "type2"):
        return {"type1": "kvm", "type2": "virtualbox"}[value]
    raise ValueError(f"unknown hypervisor {value!r}; known: {', '.join(repr(k) for k in PRODUCTS)}, "
                     "or 'type1' / 'type2'")


def _fmt(x: float) -> str:
    """Two decimals at most, as in every figure's text (7.45, 14.39, 2)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


# The chosen toggle button, marked in the theme's brand colour (JupyterLab's dark theme barely shows it).
_STYLE = (
    "<style>.vizlib-dashboard .widget-toggle-button.mod-active {background: var(--jp-brand-color1, #1976d2);"
    " color: var(--jp-ui-inverse-font-color0, #fff);}</style>"
)
ERROR = "color:var(--jp-error-color1, #b00)"  # JupyterLab's theme colours, so light and dark themes both read
WARN = "color:var(--jp-warn-color1, #8a5a00)"


def _cores(x: float) -> str:
    return tn("{amount} core", "{amount} cores", 1 if _fmt(x) == "1" else 2, amount=_fmt(x))


def _allocation_summary(s: Scenario, app: App, clamped: list[str], view: str) -> str:
    e = html.escape
    lines = []
    if s.requested:
        head = f"<b>{tn('{placed} of {n} VM placed.', '{placed} of {n} VMs placed.', s.requested, placed=s.placed)}</b>"
    else:
        head = f"<b>{t('No VMs requested.')}</b>"
    if s.refused:
        first, more = s.refused[0].reason, len(s.refused) - 1
        said = tn("{reason} ({n} more after it).", "{reason} ({n} more after it).", more, reason=first) if more \
            else f"{first}."
        head += f" <span style='{ERROR}'>{e(said)}</span>"
    lines.append(head)
    lines += [f"<span style='{WARN}'>{e(c)}</span>" for c in clamped]
    if not isinstance(s.system, Host):
        u: Usage = s.system.usage()
        used: Usage = s.system.usage("used")
        mem, cpu = u.memory, u.cpu
        over = mem.layers["hypervisor"] + mem.layers["host_os"] + mem.layers["guest_os"]
        lines.append(t(
            "<b>Reserved</b> (what admission counts and you pay for): apps use <b>{memory_share}</b> of memory and "
            "<b>{cpu_share}</b> of the cores; hypervisor, host OS and guest OS floors take <b>{floors} GiB</b>; "
            "stranded (reserved, unused): <b>{stranded_cores}</b> and <b>{stranded_memory} GiB</b>.",
            memory_share=f"{mem.utilisation:.0%}", cpu_share=f"{cpu.utilisation:.0%}", floors=_fmt(over),
            stranded_cores=_cores(cpu.layers["stranded"]), stranded_memory=_fmt(mem.layers["stranded"]),
        ))
        lines.append(
            t("<b>Used</b> (what the host backs and burns): <b>{memory} GiB</b> of memory and <b>{cores}</b>; "
              "nothing is stranded, since an idle vCPU takes no core.",
              memory=_fmt(used.memory.allocated), cores=_cores(used.cpu.allocated))
            + " "
            + t("Kernels running: <b>{kernels}</b> ({guest} guest, {beneath} beneath them).",
                kernels=u.kernels, guest=u.guest_kernels, beneath=u.kernels - u.guest_kernels)
        )
        if cpu.excess > 0 or mem.excess > 0:
            lines.append(t("Overcommitted: reservations exceed the hardware by {cores} cores and {memory} GiB.",
                           cores=_fmt(cpu.excess), memory=_fmt(mem.excess)))
        if cpu.slowdown > 1:
            said = t("CPU contention: the apps' work, with virtualization's share, wants {demand} cores of {cores}, "
                     "so each runs about <b>{slowdown}x slower</b>.",
                     demand=_fmt(cpu.demand), cores=s.host.cpu_cores, slowdown=f"{cpu.slowdown:.2f}")
            lines.append(f"<span style='{ERROR}'>{said}</span>")
        elif cpu.excess > 0:
            lines.append(t("No contention yet: the apps' real demand still fits in the physical cores."))
        if mem.pressure > 1:
            said = t("Memory pressure: {demand} GiB touched on {capacity} GiB; the host would have to reclaim "
                     "memory or swap.", demand=_fmt(mem.demand), capacity=_fmt(mem.capacity))
            lines.append(f"<span style='{ERROR}'>{said}</span>")
    lines.append(f"<i>{e(describe(s))}</i>")
    return "<br>".join(f"<span>{x}</span>" for x in lines)


def allocation_dashboard(
    host: Host | None = None,
    *,
    vm_count: int = 4,
    vcpus: int = 2,
    memory_gib: float = 4.0,
    guest_os: str = "ubuntu-server",
    hypervisor: str = "kvm",
    app_cpus: float = 1.0,
    app_memory_gib: float = 1.5,
    view: str = "reserved",
) -> Dashboard:
    """VM count, vCPUs and memory per VM, guest OS, hypervisor product, the
    view and overcommit -> hardware figure, usage bars and a summary.

    VMs that do not fit are drawn as not placed and explained in the
    summary. Each VM runs one app of ``app_cpus`` CPU and ``app_memory_gib``;
    an app larger than its VM is limited to the VM's size (and the summary
    says so). ``hypervisor`` is a product of :data:`vizlib.PRODUCTS` (or
    ``"type1"`` / ``"type2"`` for KVM / VirtualBox); a type 2 product runs on
    a Windows 11 host OS. ``view`` picks what the figures draw: reservations
    or what the host actually uses; the summary gives both.

    Examples
    --------
    >>> import vizlib as vz
    >>> d = vz.allocation_dashboard(vz.Host(cpu_cores=8, memory_gib=32))
    >>> d.controls["vm_count"].value = 5
    >>> d.figures["hardware"].layout.title.text.startswith("KVM (usually type 1): 4 VMs")
    True
    """
    host = host or Host(cpu_cores=16, memory_gib=64)
    if not isinstance(host, Host):
        raise TypeError(f"host must be a vizlib.Host or None, got {host!r} ({type(host).__name__})")
    max_mem = max(2.0, float(int(host.memory_gib // 2)))
    controls = {
        "vm_count": _slider(int, NP_("control", "VMs"), vm_count, 0, min(64, 2 * host.cpu_cores + 8), 1),
        "vcpus": _slider(int, NP_("control", "vCPUs per VM"), vcpus, 1, host.cpu_cores, 1),
        "memory_gib": _slider(float, NP_("control", "Memory per VM (GiB)"), memory_gib, 0.5, max_mem, 0.5, ".1f"),
        "app_cpus": _slider(float, NP_("control", "App CPU per VM"), app_cpus, 0.1, float(host.cpu_cores), 0.1,
                            ".1f"),
        "app_memory_gib": _slider(float, NP_("control", "App memory (GiB)"), app_memory_gib, 0.1, max_mem, 0.1,
                                  ".1f"),
        "guest_os": _guest_dropdown(guest_os),
        "hypervisor": _product_dropdown(_product_of(hypervisor)),
        "view": _view_toggle(view),
        "cpu_overcommit": _slider(float, NP_("control", "CPU overcommit"), 1.0, 1.0, 4.0, 0.25, ".2f"),
        "memory_overcommit": _slider(float, NP_("control", "Memory overcommit"), 1.0, 1.0, 2.0, 0.1, ".1f"),
    }

    def recompute(v: dict[str, Any]):
        os_ = GUEST_OS[v["guest_os"]]
        clamped = []
        cpus, mem = v["app_cpus"], v["app_memory_gib"]
        if cpus > v["vcpus"]:
            clamped.append(t("The app is limited to {vcpus} CPU: a VM cannot give it more than its vCPUs.",
                             vcpus=v["vcpus"]))
            cpus = float(v["vcpus"])
        room = v["memory_gib"] - os_.memory_gib
        if room > 0 and mem > room:
            clamped.append(t("The app is limited to {room} GiB: the VM's {memory} GiB minus {floor} GiB for its "
                             "guest OS.", room=_fmt(room), memory=_fmt(v["memory_gib"]), floor=_fmt(os_.memory_gib)))
            mem = room
        app = App("web", cpus=cpus, memory_gib=mem) if room > 0 else None
        if room <= 0 < v["vm_count"] and v["memory_gib"] >= os_.memory_gib:
            clamped.append(t(
                "No room for the app: each VM's {memory} GiB all goes to its guest OS ({os} needs {floor} GiB). "
                "Raise Memory per VM to run the app.", memory=_fmt(v["memory_gib"]), os=os_.label,
                floor=_fmt(os_.memory_gib),
            ))
        s = fill_vms(
            host, v["vm_count"], v["vcpus"], v["memory_gib"], guest_os=v["guest_os"], product=v["hypervisor"],
            cpu_overcommit=v["cpu_overcommit"], memory_overcommit=v["memory_overcommit"], app=app,
        )
        figs = {
            "hardware": hardware_spec(s.system, refused=s.refused, view=v["view"]),
            "usage": usage_spec(s.system, view=v["view"]),
        }
        return figs, _allocation_summary(s, app, clamped, v["view"])

    return Dashboard(
        controls, recompute,
        [["vm_count", "vcpus"], ["memory_gib", "guest_os"], ["app_cpus", "app_memory_gib"],
         ["hypervisor", "view"], ["cpu_overcommit", "memory_overcommit"]],
        lambda: (t("Allocate VMs: {cores} cores, {memory} GiB", cores=host.cpu_cores, memory=_fmt(host.memory_gib))
                 if host.name == DEFAULT_HOST_NAME else
                 t("Allocate VMs on {host}: {cores} cores, {memory} GiB", host=host.name, cores=host.cpu_cores,
                   memory=_fmt(host.memory_gib))),
    )


def comparison_dashboard(
    host: Host | None = None,
    app: App | None = None,
    *,
    guest_os: str = "ubuntu-server",
    hypervisor: str = "kvm",
) -> Dashboard:
    """App CPU and memory, host size, guest OS and hypervisor product -> VMs
    versus containers side by side: copies that fit, overhead, startup, kernels.

    The host-memory slider starts at 8 GiB (or the host given, if smaller),
    so every platform fits, a type 2 host OS included.

    Examples
    --------
    >>> import vizlib as vz
    >>> d = vz.comparison_dashboard()
    >>> d.controls["host_cores"].value = 32
    >>> "32 cores" in d.figures["efficiency"].layout.title.text
    True
    """
    host = host or Host(cpu_cores=16, memory_gib=64)
    app = app or App("web", cpus=0.5, memory_gib=0.5)
    for param, val, cls in (("host", host, Host), ("app", app, App)):
        if not isinstance(val, cls):
            raise TypeError(f"{param} must be a vizlib.{cls.__name__} or None, got {val!r} ({type(val).__name__})")
    controls = {
        "app_cpus": _slider(float, NP_("control", "App CPU"), app.cpus, min(0.1, app.cpus), max(8.0, app.cpus), 0.1,
                            ".1f"),
        "app_memory_gib": _slider(float, NP_("control", "App memory (GiB)"), app.memory_gib,
                                  min(0.1, app.memory_gib), max(16.0, app.memory_gib), 0.1, ".1f"),
        "host_cores": _slider(int, NP_("control", "Host cores"), host.cpu_cores, 1, max(128, host.cpu_cores), 1),
        # the slider's range always includes the host given, so it is shown as it is
        "host_memory_gib": _slider(float, NP_("control", "Host memory (GiB)"), host.memory_gib,
                                   min(8.0, host.memory_gib), max(1024.0, host.memory_gib), min(4.0, host.memory_gib),
                                   ".0f"),
        "guest_os": _guest_dropdown(guest_os),
        "hypervisor": _product_dropdown(_product_of(hypervisor)),
        "cpu_overcommit": _slider(float, NP_("control", "CPU overcommit"), 1.0, 1.0, 4.0, 0.25, ".2f"),
    }

    def recompute(v: dict[str, Any]):
        h = Host(cpu_cores=v["host_cores"], memory_gib=v["host_memory_gib"], name=host.name)
        a = App(app.name, cpus=v["app_cpus"], memory_gib=v["app_memory_gib"], disk_gib=app.disk_gib)
        c = compare(h, a, product=v["hypervisor"], guest_os=v["guest_os"], cpu_overcommit=v["cpu_overcommit"])
        vm, ct = c.vm, c.container
        if vm.max_instances and ct.max_instances == vm.max_instances:
            ratio = t("Both fit the same number of copies.")
        elif vm.max_instances and ct.max_instances > vm.max_instances:
            ratio = t("Containers fit <b>{ratio}x</b> as many copies.",
                      ratio=number(ct.max_instances / vm.max_instances))
        elif vm.max_instances:
            ratio = t("Here VMs fit more copies than containers do.")
        elif ct.max_instances:
            ratio = t("Not one VM fits; containers still do.")
        else:
            ratio = t("Neither fits: once the host OS or hypervisor has taken its share, not even one copy has room.")
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in c.reasons())
        counts = t("<b>{vms} VMs</b> ({kernels} kernels: {guest} guest + {beneath} beneath) versus "
                   "<b>{containers} containers</b> (1 kernel).", vms=vm.max_instances, kernels=vm.kernels,
                   guest=vm.guest_kernels, beneath=vm.kernels - vm.guest_kernels, containers=ct.max_instances)
        summary = f"{counts} {ratio}<ul style='margin:0.2em 0'>{reasons}</ul><i>{html.escape(describe(c))}</i>"
        return {"efficiency": efficiency_spec(c)}, summary

    return Dashboard(
        controls, recompute,
        [["app_cpus", "app_memory_gib"], ["host_cores", "host_memory_gib"], ["guest_os", "hypervisor"],
         ["cpu_overcommit"]],
        lambda: t("Package one app as VMs or as containers"),
    )


def migration_dashboard(
    *,
    memory_gib: float = 4.0,
    dirty_mib_s: float = 50.0,
    bandwidth_gbit_s: float = 1.0,
    stop_mib: float = 64.0,
    capped: bool = True,
) -> Dashboard:
    """Memory, dirty rate, link bandwidth, stop threshold and the round cap -> pre-copy live migration, round by
    round, with its total time, downtime and the bytes sent (see :func:`vizlib.migrate`).

    Without the cap (Xen's 30 rounds and 3x the memory), a VM that dirties
    memory as fast as the link sends it never converges: the summary says so
    and the figure shows the rounds that do not shrink.

    Examples
    --------
    >>> import vizlib as vz
    >>> d = vz.migration_dashboard()
    >>> d.controls["dirty_mib_s"].value = 0
    >>> d.figures["migration"].layout.title.text.startswith("Live migration of a 4 GiB VM: 1 pre-copy round")
    True
    """
    checkbox = w.Checkbox(value=capped, indent=False, layout=w.Layout(width="440px"))
    controls = {
        "memory_gib": _slider(float, NP_("control", "VM memory (GiB)"), memory_gib, 1.0, max(64.0, memory_gib), 1.0,
                              ".0f"),
        "dirty_mib_s": _slider(float, NP_("control", "Dirty rate (MiB/s)"), dirty_mib_s, 0.0,
                               max(2000.0, dirty_mib_s), 10.0, ".0f"),
        "bandwidth_gbit_s": _slider(float, NP_("control", "Link (Gbit/s)"), bandwidth_gbit_s, 0.5,
                                    max(25.0, bandwidth_gbit_s), 0.5, ".1f"),
        "stop_mib": _slider(float, NP_("control", "Stop at (MiB left)"), stop_mib, 1.0, max(512.0, stop_mib), 1.0,
                            ".0f"),
        "capped": _worded(checkbox, lambda: {
            "description": tp("control", "Cap pre-copy as Xen did: 30 rounds, 3x the memory")}),
    }

    def recompute(v: dict[str, Any]):
        cap = {} if v["capped"] else {"max_rounds": None, "max_sent_factor": None}
        m = migrate(v["memory_gib"], v["dirty_mib_s"], v["bandwidth_gbit_s"], stop_mib=v["stop_mib"], **cap)
        lines = [f"<b>{html.escape(describe_migration(m))}</b>"]
        if not m.converged:
            said = t("Not possible without a cap: the VM dirties {dirty} MiB/s and the link sends {link} MiB/s. "
                     "Raise the link, lower the dirty rate, or cap the rounds.",
                     dirty=_fmt(m.dirty_mib_s), link=_fmt(m.bandwidth_mib_s))
            lines.append(f"<span style='{ERROR}'>{said}</span>")
        elif m.stopped_by != "threshold":
            said = t("Pre-copy gave up before the stop threshold, so the VM pauses for {downtime} s: the dirty rate "
                     "is too close to the link's speed.", downtime=_fmt(m.downtime_seconds))
            lines.append(f"<span style='{WARN}'>{said}</span>")
        return {"migration": migration_spec(m)}, "<br>".join(lines)

    return Dashboard(
        controls, recompute,
        [["memory_gib", "dirty_mib_s"], ["bandwidth_gbit_s", "stop_mib"], ["capped"]],
        lambda: t("Live migration by pre-copy: move a running VM to another host"),
    )
