"""Figures for the last lessons: your own machine, cloud scale, the isolation spectrum.

Pure functions of model state returning ``plotly.graph_objects.Figure``, in
the course's one theme (:mod:`vizlib.theme`). Every figure has a title that
states what it shows and a plain-text description in
``fig.layout.meta["description"]`` (read it with :func:`vizlib.describe`).

* :func:`machine_figure`: where a notebook runs, layer by layer, from
  :func:`vizlib.inspect_machine` (or any :class:`vizlib.MachineInfo`).
* :func:`placement_figure`: hosts as columns, filled by the instances a
  :class:`vizlib.Cluster` placed on them; VMs and containers side by side.
* :func:`placement_explorer`: the same, with a slider over the number of apps.
* :func:`policy_figure`: hosts each placement policy needs, per workload.
* :func:`cluster_graph_figure` and :func:`cluster_layout`: the cluster's
  ``networkx`` graph (datacenter -> hosts -> instances) on a deterministic
  radial layout.
* :func:`spectrum_figure`: the isolation spectrum from :func:`vizlib.spectrum`,
  process to full VM: boundary, start-up time and memory overhead.
* :func:`overhead_explorer`: memory the isolation machinery takes for N
  instances, with a slider for N and a log/linear switch.

Interactive parts are plain plotly sliders and buttons, so they work
without a running kernel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import plotly.graph_objects as go

from vizlib.figures import theme
from vizlib.figures import traces as tr
from vizlib.model import validate as v
from vizlib.model.cluster import PLACEMENT_POLICIES, Cluster, ClusterComparison, Placement, policy_name
from vizlib.model.isolation import BOUNDARIES, Isolation, spectrum
from vizlib.model.systems import LAYERS, App, ContainerRuntime, Hypervisor
from vizlib.model.table import GUEST_OS, parameters
from vizlib.text import fmt
from vizlib.text.catalog import N_, NP_, listing, t, tn, tp
from vizlib.tools.machine import MachineInfo, said

__all__ = [
    "PLACEMENT_LAYERS",
    "cluster_graph_figure",
    "cluster_layout",
    "host_breakdown",
    "machine_figure",
    "overhead_explorer",
    "placement_explorer",
    "placement_figure",
    "policy_figure",
    "spectrum_figure",
    "vcpu_figure",
]

PLACEMENT_LAYERS: tuple[str, ...] = LAYERS
"""Layers stacked in each host's column by :func:`placement_figure`, bottom to top
(the model's :data:`vizlib.LAYERS`); a figure draws those a placement uses, and always ``free``."""

# Colours this module adds to the theme's: greys and blues mixed from the theme's own.
_GRID = theme.tint(theme.MUTED, 0.12)  # grid lines
_EDGE = theme.tint(theme.MUTED, 0.3)  # graph edges
_BUTTON = theme.tint(theme.MUTED, 0.05)
_HATCH = theme.MUTED  # hatch over the stranded layer's yellow
_POLICY_COLORS = {"first_fit": theme.tint(theme.TEXT, 0.35), "first_fit_decreasing": theme.tint(theme.TEXT, 0.65),
                  "best_fit_decreasing": theme.tint(theme.TEXT, 0.92)}


# ---------------------------------------------------------------------------- shared pieces

def _mib(x: float) -> str:
    """MiB for people: ``2.5 MiB``, ``148 MiB``, ``2.4 GiB``, ``141 GiB``, ``1.5 TiB``.

    Like :func:`vizlib.text.fmt.mib`, except that GiB below 100 and TiB keep one decimal (``2.4 GiB``,
    ``1.0 TiB``), as these figures have always shown them.
    """
    if x >= 1024 * 1024:
        return f"{x / 1024 / 1024:,.1f} TiB"
    if x >= 1024:
        g = x / 1024
        return f"{g:,.1f} GiB" if g < 100 else f"{g:,.0f} GiB"
    return f"{x:.3g} MiB" if x < 10 else fmt.mib(x)



def _form(x: float) -> int:
    """The count that chooses a plural form for an amount that may be fractional: 1 for exactly one, else itself
    (2 for a fraction: "1.5 cores", "0.5 cores")."""
    return int(x) if x == int(x) else 2



def _wrap(text: str, width: int = 18) -> str:
    """Break ``text`` into lines of about ``width`` columns with ``<br>`` (for axis labels).

    Hangul and other wide characters take two columns each, so Korean breaks about twice as often.

    Examples
    --------
    >>> _wrap("first fit decreasing works best")
    'first fit<br>decreasing works<br>best'
    >>> _wrap("큰 작업이 나중에 도착하는 경우")
    '큰 작업이 나중에<br>도착하는 경우'
    """
    lines: list[str] = []
    for word in text.split():
        if lines and fmt.columns(lines[-1]) + 1 + fmt.columns(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _count(packaging: str, n: int) -> str:
    """``3 VMs``, ``1 container``: ``n`` instances of ``packaging``."""
    if packaging == "vm":
        return tn("{n} VM", "{n} VMs", n, n=fmt.number(n))
    return tn("{n} container", "{n} containers", n, n=fmt.number(n))


def _hosts(n: int) -> str:
    """``1 host``, ``12 hosts``."""
    return tn("{n} host", "{n} hosts", n, n=fmt.number(n))


def _placements(args: tuple, param: str = "placements") -> tuple[Placement, ...]:
    """Placements from ``*args``: Placement objects, or one ClusterComparison (VMs, then containers)."""
    if len(args) == 1 and isinstance(args[0], ClusterComparison):
        return (args[0].vm, args[0].container)
    if not args:
        raise TypeError(f"{param}: give at least one vizlib.Placement (from Cluster.place) or a ClusterComparison")
    for i, p in enumerate(args):
        if not isinstance(p, Placement):
            raise TypeError(
                f"{param}[{i}] must be a vizlib.Placement (from Cluster.place) or a ClusterComparison, "
                f"got {p!r} ({type(p).__name__})"
            )
    return tuple(args)


# ---------------------------------------------------------------------------- machine
def _short_signal(s: str) -> str:
    """A sign of a VM or container in the current language, without the explanation in parentheses at its end:
    ``/.dockerenv exists``.

    Examples
    --------
    >>> _short_signal("the CPU flags show 'hypervisor' (set by a hypervisor, which can hide it)")
    "the CPU flags show 'hypervisor'"
    >>> _short_signal("/.dockerenv 파일이 있음(Docker가 만듦)"), _short_signal("the firmware names 'QEMU'")
    ('/.dockerenv 파일이 있음', "the firmware names 'QEMU'")
    """
    text = said(s)
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                return text[:i].rstrip() or text
    return text


def _cpus(x: float) -> str:
    """``16 CPUs``, ``1 CPU``, ``1.5 CPUs``."""
    return tn("{n} CPU", "{n} CPUs", _form(x), n=fmt.number(x))


def _amounts(*items: str | None) -> str:
    """The amounts that are known, as a short list: ``16 CPUs, 64 GiB``."""
    return ", ".join(x for x in items if x)


def _machine_bands(info: MachineInfo) -> list[tuple[str, str, str]]:
    """(layer, heading, detail) from the bottom up, for one machine."""
    bands: list[tuple[str, str, str]] = []
    cpus = info.cpu_count
    mem = info.memory_total_gib
    size = _amounts(None if cpus is None else _cpus(cpus), None if mem is None else f"{fmt.number(mem, 1)} GiB")
    if not info.supported:
        bands.append(("hardware", tp("machine layer", "hardware"), size or t("size unknown")))
        system = {"Darwin": "macOS (Darwin)"}.get(info.system, info.system)
        kernel = (t("{system} kernel {release}", system=system, release=info.kernel_release) if info.kernel_release
                  else t("{system} kernel", system=system))
        bands.append(("host_os", kernel, t("no /proc or /sys: cgroups and namespaces cannot be read here")))
        bands.append(("apps", t("this notebook (a Python process)"), t("live inspection needs Linux")))
        return bands
    if info.in_vm:
        bands.append(("hardware", tp("machine layer", "physical server"), t("not visible from inside the VM")))
        evidence = _short_signal(info.vm_signals[0]) if info.vm_signals else t("signs of a hypervisor")
        bands.append(("hypervisor", tp("machine layer", "hypervisor"), evidence))
        vcpus = None if cpus is None else tn("{n} vCPU", "{n} vCPUs", cpus, n=fmt.number(cpus))
        vsize = _amounts(vcpus, None if mem is None else f"{fmt.number(mem, 1)} GiB")
        bands.append(("vm", tp("machine layer", "virtual machine"), vsize or t("size unknown")))
    else:
        bands.append(("hardware", tp("machine layer", "hardware"), size or t("size unknown")))
    kernel = (t("{system} kernel {release}", system="Linux", release=info.kernel_release) if info.kernel_release
              else t("{system} kernel", system="Linux"))
    pid = next((ns for ns in info.namespaces if ns.name == "pid"), None)
    hedged = bool(info.in_container) and pid is not None and bool(pid.initial)  # the summary hedges here too
    if info.in_container and not hedged:
        detail = t("the host's kernel, shared by every container on it")
    else:
        detail = info.os_name or t("the operating system's kernel")
    bands.append(("host_os", kernel, detail))
    if info.in_container:
        limits = []
        if info.cpu_quota is not None:
            limits.append(tn("{n} core", "{n} cores", _form(info.cpu_quota), n=fmt.number(info.cpu_quota)))
        if info.memory_limit_gib is not None:
            limits.append(f"{fmt.number(info.memory_limit_gib, 2)} GiB")
        own = [ns.name for ns in info.namespaces if ns.initial is False or ns.shared_with_pid1 is False]
        parts = [t("cgroup limit: {limits}", limits=listing(limits)) if limits else t("no cgroup limit")]
        if own:
            parts.append(t("own namespaces: {names}", names=", ".join(own)))
        elif info.container_signals:
            parts.append(t("sign: {signal}", signal=_short_signal(info.container_signals[0])))
        if hedged:  # container signs, yet the kernel's own PID namespace: the isolation may be a VM's
            parts.append(t("PID namespace is the kernel's own: maybe a VM or sandbox instead"))
            bands.append(("container", t("container? (signs only)"), " · ".join(parts)))
        else:
            bands.append(("container", tp("machine layer", "container"), " · ".join(parts)))
    elif info.in_container is None:
        bands.append(("free", tp("machine layer", "container?"), t("could not tell")))
    eff_cpu, eff_mem = info.effective_cpus, info.effective_memory_gib
    sees = _amounts(None if cpus is None else _cpus(cpus), None if mem is None else f"{fmt.number(mem, 1)} GiB")
    may = _amounts(None if eff_cpu is None else _cpus(eff_cpu),
                   None if eff_mem is None else f"{fmt.number(eff_mem, 2)} GiB")
    if sees and may and sees != may:
        detail = t("sees {sees}; may use {may}", sees=sees, may=may)
    else:
        detail = t("may use {may}", may=may) if may else ""
    bands.append(("apps", t("this notebook (a Python process)"), detail))
    return bands


def _then(items: list[str]) -> str:
    """Items in order, from the bottom up: ``a, then b, then c``."""
    out = items[0] if items else ""
    for item in items[1:]:
        out = t("{first}, then {next}", first=out, next=item)
    return out


def _machine_description(info: MachineInfo, name: str) -> str:
    if not info.supported:
        return f"{name}: {said(info.message)}"
    layers = [heading for _layer, heading, _detail in _machine_bands(info)]
    return t("{name}, from the bottom up: {layers}.", name=name, layers=_then(layers)) + " " + info.summary()


_MACHINE_TITLES = {  # (in a container?, on a VM?) -> title of one machine
    (True, False): N_("{name}: a notebook inside a container"),
    (True, True): N_("{name}: a notebook inside a container, on a virtual machine"),
    (False, False): N_("{name}: a notebook not in a container"),
    (False, True): N_("{name}: a notebook not in a container, on a virtual machine"),
    (None, False): N_("{name}: a notebook container: unknown"),
    (None, True): N_("{name}: a notebook container: unknown, on a virtual machine"),
}
_MACHINE_LAYERS = {  # names of the band traces
    "hardware": NP_("machine layer", "hardware"), "hypervisor": NP_("machine layer", "hypervisor"),
    "vm": NP_("machine layer", "virtual machine"), "host_os": NP_("machine layer", "kernel"),
    "container": NP_("machine layer", "container"), "free": NP_("machine layer", "unknown"),
    "apps": NP_("machine layer", "this notebook"),
}


def _check_infos(infos: tuple, names: object) -> list[str]:
    """The heading of each machine's column, once ``infos`` and ``names`` are valid."""
    if not infos:
        raise TypeError("machine_figure needs at least one vizlib.MachineInfo (from vizlib.inspect_machine())")
    for i, info in enumerate(infos):
        if not isinstance(info, MachineInfo):
            raise TypeError(f"infos[{i}] must be a vizlib.MachineInfo (from vizlib.inspect_machine()), "
                            f"got {info!r} ({type(info).__name__})")
    k = len(infos)
    if names is None:
        names = [t("Your machine")] if k == 1 else [t("Machine {i}", i=i + 1) for i in range(k)]
    if isinstance(names, str) or not isinstance(names, Sequence) or len(names) != k or not all(
            isinstance(n, str) for n in names):
        raise ValueError(f"names must be a list of {k} strings, one per machine, got {names!r}")
    return list(names)


# Geometry of machine_figure: a column per machine, a band per layer.
_COLUMN_W, _COLUMN_GAP = 10.0, 0.6
_BAND_H, _BAND_GAP = 1.0, 0.12
_MACHINE_ORDER = ("hardware", "hypervisor", "vm", "host_os", "container", "free", "apps")  # drawing order of bands


def _machine_traces(stacks: list[list[tuple[str, str, str]]], names: list[str]) -> list[dict]:
    """The bands of every column, one trace per layer, then the hover points and the labels."""
    k = len(stacks)
    rows = max(len(s) for s in stacks)
    shapes: dict[str, list[tuple[float, float, float, float]]] = {}
    hover: list[tuple[float, float, str]] = []
    texts: list[tuple[float, float, str, str]] = []
    for c, bands in enumerate(stacks):
        x0 = c * (_COLUMN_W + _COLUMN_GAP)
        for r, (layer, heading, detail) in enumerate(bands):
            y0 = r * (_BAND_H + _BAND_GAP)
            shapes.setdefault(layer, []).append((x0, y0, x0 + _COLUMN_W, y0 + _BAND_H))
            fill = theme.COLORS[layer]
            texts.append((x0 + _COLUMN_W / 2, y0 + _BAND_H / 2,
                          f"<b>{heading}</b>" + (f"<br>{detail}" if detail else ""), theme.text_color(fill)))
            hover.append((x0 + _COLUMN_W / 2, y0 + _BAND_H / 2, f"{heading}: {detail}" if detail else heading))
        if k > 1:  # one machine: its name is in the title
            texts.append((x0 + _COLUMN_W / 2, rows * (_BAND_H + _BAND_GAP) + 0.05, f"<b>{names[c]}</b>", theme.TEXT))
    traces = [_machine_band(layer, shapes[layer]) for layer in _MACHINE_ORDER if layer in shapes]
    traces.append({
        "type": "scatter", "name": "hover", "mode": "markers", "x": [h[0] for h in hover], "y": [h[1] for h in hover],
        "hovertext": [h[2] for h in hover], "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"size": 30, "opacity": 0, "color": theme.TEXT}, "showlegend": False, "meta": {"key": "hover"},
    })
    traces.append({
        "type": "scatter", "name": "labels", "mode": "text", "x": [x[0] for x in texts], "y": [x[1] for x in texts],
        "text": [x[2] for x in texts], "textposition": "middle center",
        "textfont": {"color": [x[3] for x in texts], "size": 13}, "hoverinfo": "skip", "showlegend": False,
        "cliponaxis": False, "meta": {"key": "labels"},
    })
    return traces


def _machine_band(layer: str, rects: list[tuple[float, float, float, float]]) -> dict:
    """The bands of one layer, in every column."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x0, y0, x1, y1 in rects:
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return {
        "type": "scatter", "name": tp("machine layer", _MACHINE_LAYERS[layer]), "x": xs, "y": ys, "mode": "lines",
        "fill": "toself", "fillcolor": theme.COLORS[layer], "line": {"width": 1.5, "color": theme.CARD},
        "hoverinfo": "skip", "showlegend": False, "meta": {"key": layer, "band": True},
    }


def _machine_title(infos: tuple[MachineInfo, ...], names: list[str]) -> str:
    if len(infos) > 1:
        return t("Where a notebook can run")
    info = infos[0]
    if not info.supported:
        return t("{name}: live inspection needs Linux", name=names[0])
    return t(_MACHINE_TITLES[(info.in_container, bool(info.in_vm))], name=names[0])


def machine_figure(*infos: MachineInfo, names: Sequence[str] | None = None, title: str | None = None) -> go.Figure:
    """Where a notebook runs, layer by layer: hardware, hypervisor, kernel, container, the notebook itself.

    One column per machine, built from what :func:`vizlib.inspect_machine`
    found. A layer appears only when there is evidence for it (a hypervisor
    when the CPU or firmware reports one, a container when a sign of one was
    found), and each layer says what the evidence was. The top band compares
    what the notebook *sees* (CPUs online, memory) with what it *may use*
    (affinity, cgroup limits).

    Parameters
    ----------
    *infos : MachineInfo
        From :func:`vizlib.inspect_machine`, or built by hand as an example.
    names : sequence of str, optional
        A heading per column (default "Your machine", or "Machine 1", ...).
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import machine_figure
    >>> info = vz.MachineInfo(supported=True, system="Linux", kernel_release="6.8.0", cpu_count=16,
    ...                       cpus_allowed=16, cpu_quota=2.0, memory_total_gib=64.0, memory_limit_gib=4.0,
    ...                       in_container=True, in_vm=True,
    ...                       vm_signals=("the CPU flags show 'hypervisor' (set by a hypervisor, which can hide it)",))
    >>> fig = machine_figure(info, names=["Example"])
    >>> [t.meta["key"] for t in fig.data if t.meta and t.meta.get("band")]
    ['hardware', 'hypervisor', 'vm', 'host_os', 'container', 'apps']
    """
    names = _check_infos(infos, names)
    title = theme.check_title(title)
    stacks = [_machine_bands(info) for info in infos]
    k, rows = len(infos), max(len(s) for s in stacks)
    total_w = k * _COLUMN_W + (k - 1) * _COLUMN_GAP
    top = rows * (_BAND_H + _BAND_GAP) + (0.5 if k > 1 else 0.0)
    layout = {
        "title": theme.title(_machine_title(infos, names) if title is None else title,
                             t("From the bottom up: what runs under this notebook, and the evidence for each layer")),
        "height": int(84 + (40 if k > 1 else 16) + rows * 62),
        "margin": {"l": 16, "r": 16, "t": 84, "b": 16},
        "showlegend": False,
        "xaxis": {"visible": False, "fixedrange": True, "range": [-0.1, total_w + 0.1]},
        "yaxis": {"visible": False, "fixedrange": True, "range": [-0.1, top]},
        "hoverdistance": 60,
        "meta": {"description": " ".join(_machine_description(info, n) for info, n in zip(infos, names, strict=True)),
                 "kind": "machine"},
    }
    return theme.figure(_machine_traces(stacks, names), layout)


# ---------------------------------------------------------------------------- placement
def host_breakdown(placement: Placement) -> dict[str, dict[str, np.ndarray]]:
    """Per used host and per layer, the cores and GiB the model accounts to it.

    Returns ``{"cpu": {layer: array}, "memory": {layer: array}}`` with one
    entry per layer of :data:`PLACEMENT_LAYERS` and one array element per
    used host. The same rules as the single-host model: each host pays its
    platform (hypervisor, or host OS and runtime); a VM adds its guest OS, the
    hypervisor's per-VM overhead, its app, and strands the rest of its whole
    vCPUs; a container adds its app and the runtime's per-container overhead.
    ``free`` is what is left (never negative; with overcommit the rest of the
    column passes the capacity).

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import host_breakdown
    >>> apps = [vz.App(f"a{i}", cpus=0.5, memory_gib=1) for i in range(3)]
    >>> b = host_breakdown(vz.Cluster(vz.Host(cpu_cores=8, memory_gib=32)).place(apps, packaging="vm"))
    >>> float(b["cpu"]["apps"][0]), float(b["cpu"]["stranded"][0])
    (1.5, 1.5)
    """
    if not isinstance(placement, Placement):
        raise TypeError(f"placement must be a vizlib.Placement (from Cluster.place), got {placement!r} "
                        f"({type(placement).__name__})")
    c = placement.cluster
    n = placement.hosts_used
    cpu = {k: np.zeros(n) for k in LAYERS}
    mem = {k: np.zeros(n) for k in LAYERS}
    empty = (Hypervisor(c.host, kind=c.hypervisor) if placement.packaging == "vm" else ContainerRuntime(c.host))
    platform = empty.usage().memory.layers
    for k in ("hypervisor", "host_os", "runtime"):
        mem[k] += platform[k]
    guest = GUEST_OS[c.guest_os].memory_gib
    idx = [(h, a, f) for h, a, f in zip(placement.host_of, placement.apps, placement.footprints, strict=True)
           if h is not None]
    if idx:
        hosts = np.array([h for h, _, _ in idx], dtype=int)
        app_cpu = np.array([a.cpus for _, a, _ in idx])
        app_mem = np.array([a.memory_gib for _, a, _ in idx])
        f_cpu = np.array([f.cpus for _, _, f in idx])
        f_mem = np.array([f.memory_gib for _, _, f in idx])
        np.add.at(cpu["apps"], hosts, app_cpu)
        np.add.at(cpu["stranded"], hosts, f_cpu - app_cpu)
        np.add.at(mem["apps"], hosts, app_mem)
        if placement.packaging == "vm":
            np.add.at(mem["guest_os"], hosts, np.full(len(idx), guest))
            np.add.at(mem["hypervisor"], hosts, f_mem - guest - app_mem)
        else:
            np.add.at(mem["runtime"], hosts, f_mem - app_mem)
    for res, cap in ((cpu, float(c.host.cpu_cores)), (mem, float(c.host.memory_gib))):
        used = sum(res[k] for k in LAYERS if k != "free")
        res["free"] = np.maximum(0.0, cap - used)
    return {"cpu": cpu, "memory": mem}


def _placement_label(p: Placement) -> str:
    if p.packaging == "vm":
        return t("VMs ({policy})", policy=policy_name(p.policy))
    return t("Containers ({policy})", policy=policy_name(p.policy))


def _bar_hover(res: str, layer: str, instances: str | None = None) -> str:
    """Hover text of one host's bar: ``host 3 · app: 12.50 cores``; plotly fills the ``%{...}`` parts."""
    host, amount = "%{x}", "%{y:.2f}"
    if res == "cpu":
        if instances is None:
            return t("host {host} · {layer}: {amount} cores", host=host, layer=layer, amount=amount)
        return t("host {host} ({count} instances) · {layer}: {amount} cores", host=host, count=instances,
                 layer=layer, amount=amount)
    if instances is None:
        return t("host {host} · {layer}: {amount} GiB", host=host, layer=layer, amount=amount)
    return t("host {host} ({count} instances) · {layer}: {amount} GiB", host=host, count=instances, layer=layer,
             amount=amount)


def _panel_layers(ps: tuple[Placement, ...]) -> dict[tuple[int, str], tuple[str, ...]]:
    """Per (column, resource): the layers with a nonzero amount on some host, in :data:`PLACEMENT_LAYERS` order."""
    out = {}
    for col, p in enumerate(ps):
        b = host_breakdown(p)
        for res in ("cpu", "memory"):
            out[(col, res)] = tuple(k for k in LAYERS if k == "free" or bool((b[res][k] > 1e-9).any()))
    return out


def _placement_data(
    ps: tuple[Placement, ...], hosts_shown: int, layers: dict[tuple[int, str], tuple[str, ...]] | None = None,
) -> tuple[list[dict], list[dict], list[dict]]:
    """Traces, annotations and shapes of the placement grid.

    One bar trace per (column, resource, layer) in ``layers`` (default: the layers these placements use), so
    a slider can restyle placements of different sizes as long as it passes the same ``layers``.
    """
    k = len(ps)
    layers = _panel_layers(ps) if layers is None else layers
    traces: list[dict] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    for col, p in enumerate(ps):
        b = host_breakdown(p)
        xs = list(range(1, p.hosts_used + 1))
        inst = list(p.utilisation()["instances"])
        for row, res in enumerate(("cpu", "memory")):
            ax = col * 2 + row + 1
            sfx = "" if ax == 1 else str(ax)
            for layer in layers[(col, res)]:
                ys = b[res][layer]
                name = theme.label(layer)
                bar: dict[str, Any] = {
                    "type": "bar", "name": name, "x": xs, "y": [round(float(y), 3) for y in ys],
                    "xaxis": f"x{sfx}", "yaxis": f"y{sfx}", "legendgroup": layer,
                    "marker": {"color": theme.COLORS[layer], "line": {"width": 0}},
                    "hovertemplate": _bar_hover(res, name) + "<extra></extra>",
                    "showlegend": False, "legendrank": LAYERS.index(layer),
                    "meta": {"key": f"{col}:{res}:{layer}"},
                }
                if layer == "apps":  # the instance count rides on one trace only, to keep figures small
                    bar["customdata"] = inst
                    bar["hovertemplate"] = _bar_hover(res, name, "%{customdata}") + "<extra></extra>"
                if layer == "stranded":
                    bar["marker"]["pattern"] = {"shape": theme.PATTERNS["stranded"], "fgcolor": _HATCH, "size": 6,
                                                "solidity": 0.3, "fillmode": "overlay"}  # yellow stays under the hatch
                traces.append(bar)
        x0, x1 = col / k, (col + 1) / k
        mid = (x0 + x1) / 2
        lb = p.lower_bound_hosts
        facts = [_count(p.packaging, p.placed), t("fewest possible: {n}", n=fmt.number(lb))]
        if p.unplaced:
            facts.append(t("{n} not placed", n=fmt.number(len(p.unplaced))))
        head = (f"<b>{_placement_label(p)}: {_hosts(p.hosts_used)}</b>"
                f"<br><span style='font-size:12px'>{' · '.join(facts)}</span>")
        annotations.append({"text": head, "x": mid, "xref": "paper", "y": 1.0, "yref": "paper", "yanchor": "bottom",
                            "showarrow": False, "font": {"size": 13, "color": theme.TEXT}})
        for row, res in enumerate(("cpu", "memory")):
            ax = col * 2 + row + 1
            sfx = "" if ax == 1 else str(ax)
            cap = p.cluster.host.cpu_cores if res == "cpu" else p.cluster.host.memory_gib
            shapes.append({"type": "line", "xref": f"x{sfx}", "yref": f"y{sfx}", "x0": 0.5, "x1": hosts_shown + 0.5,
                           "y0": cap, "y1": cap, "line": {"color": theme.TEXT, "width": 1, "dash": "dash"}})
            if lb > 0:
                shapes.append({"type": "line", "xref": f"x{sfx}", "yref": f"y{sfx} domain", "x0": lb + 0.5,
                               "x1": lb + 0.5, "y0": 0, "y1": 1,
                               "line": {"color": theme.MUTED, "width": 1, "dash": "dot"}})
    # one legend entry per layer that appears anywhere
    seen: set[str] = set()
    for bar in traces:
        layer = bar["legendgroup"]
        if layer not in seen and any(y > 1e-9 for y in bar["y"]):
            bar["showlegend"] = True
            seen.add(layer)
    return traces, annotations, shapes


def _placement_title(ps: tuple[Placement, ...]) -> str:
    n = max(p.instances for p in ps)
    packs = {p.packaging for p in ps}
    if len(ps) == 2 and packs == {"vm", "container"} and ps[0].apps == ps[1].apps:
        vm = next(p for p in ps if p.packaging == "vm")
        ct = next(p for p in ps if p.packaging == "container")
        return t("{n} apps: {hosts} as VMs, {containers} as containers", n=fmt.number(n),
                 hosts=_hosts(vm.hosts_used), containers=fmt.number(ct.hosts_used))
    return t("{n} apps: {placements}", n=fmt.number(n),
             placements=", ".join(f"{_hosts(p.hosts_used)} ({_placement_label(p)})" for p in ps))


def _placement_description(ps: tuple[Placement, ...]) -> str:
    h = ps[0].cluster.host
    out = [t("Each column is one host of {cores} cores and {memory} GiB.", cores=h.cpu_cores,
             memory=fmt.number(h.memory_gib))]
    for p in ps:
        out.append(p.summary())
        out.append(t("No policy could use fewer than {n} hosts.", n=fmt.number(p.lower_bound_hosts)))
    return " ".join(out)


def _placement_layout(ps: tuple[Placement, ...], hosts_shown: int) -> dict:
    k = len(ps)
    layout: dict[str, Any] = {}
    h = ps[0].cluster.host
    for col in range(k):
        gap = 0.06 if k > 1 else 0.0
        d0, d1 = col / k + (gap / 2 if col else 0), (col + 1) / k - (gap / 2 if col < k - 1 else 0)
        for row, res in enumerate(("cpu", "memory")):
            ax = col * 2 + row + 1
            sfx = "" if ax == 1 else str(ax)
            cap = h.cpu_cores if res == "cpu" else h.memory_gib
            over = max(p.cluster.cpu_overcommit if res == "cpu" else p.cluster.memory_overcommit for p in ps)
            layout[f"xaxis{sfx}"] = {
                "domain": [d0, d1], "anchor": f"y{sfx}", "range": [0.5, hosts_shown + 0.5], "fixedrange": True,
                "showticklabels": row == 1, "ticks": "", "title": {"text": tp("axis", "host") if row == 1 else ""},
                "matches": None if ax == 1 else "x",
            }
            layout[f"yaxis{sfx}"] = {
                "domain": [0.55, 1.0] if row == 0 else [0.0, 0.45], "anchor": f"x{sfx}", "fixedrange": True,
                "range": [0, cap * over * 1.04], "showgrid": True, "gridcolor": _GRID,
                "title": {"text": (tp("axis", "CPU (cores)") if res == "cpu" else tp("axis", "memory (GiB)"))
                          if col == 0 else ""},
            }
    return layout


def placement_figure(*placements: Placement | ClusterComparison, title: str | None = None) -> go.Figure:
    """Hosts as columns, each filled by what its instances take: VMs and containers side by side.

    For each placement, two rows of bars share the host axis: CPU cores on
    top, memory below, one bar per powered-on host, stacked by layer (the
    host's platform, guest OSes, per-instance overhead, apps, stranded
    vCPUs, free). The dashed line is one host's capacity; the dotted line
    marks the fewest hosts any policy could use. All placements share the
    same host axis, so the shorter row of containers is visible at a glance.

    Parameters
    ----------
    *placements : Placement or ClusterComparison
        From :meth:`vizlib.Cluster.place`, or one :meth:`vizlib.Cluster.compare`
        result (drawn as VMs, then containers). At most 4.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import placement_figure
    >>> both = vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128)).compare(vz.workload(200, seed=0))
    >>> fig = placement_figure(both)
    >>> fig.layout.title.text
    '200 apps: 10 hosts as VMs, 7 as containers'
    """
    ps = _placements(placements)
    if len(ps) > 4:
        raise ValueError(f"placements: at most 4 side by side, got {len(ps)}")
    hosts = {(p.cluster.host.cpu_cores, p.cluster.host.memory_gib) for p in ps}
    if len(hosts) > 1:
        raise ValueError(f"placements must come from clusters with the same host size, got {sorted(hosts)}")
    title = theme.check_title(title)
    shown = max(1, max(p.hosts_used for p in ps))
    traces, annotations, shapes = _placement_data(ps, shown)
    h = ps[0].cluster.host
    sub = t("One column per powered-on host ({cores} cores, {memory} GiB each), filled by its instances · "
            "dashed: one host's capacity · dotted: fewest hosts possible", cores=h.cpu_cores,
            memory=fmt.number(h.memory_gib))
    layout = {
        "title": theme.title(title or _placement_title(ps), sub),
        "barmode": "stack", "bargap": 0.12, "height": 520,
        "margin": {"l": 16, "r": 16, "t": 124, "b": 16},
        "showlegend": True, "legend": {"y": -0.16, "yanchor": "top", "traceorder": "normal"},
        "annotations": annotations, "shapes": shapes, "hovermode": "closest",
        "meta": {"description": _placement_description(ps), "kind": "placement"},
        **_placement_layout(ps, shown),
    }
    return theme.figure(traces, layout)


def _check_counts(counts: object, limit: int) -> tuple[int, ...]:
    if isinstance(counts, (str, bytes)) or not isinstance(counts, Sequence) or not counts:
        raise ValueError(f"counts must be a non-empty list of whole numbers, got {counts!r}")
    out = []
    for i, n in enumerate(counts):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= limit:
            raise ValueError(f"counts[{i}] must be a whole number from 1 to {limit} (the number of apps), got {n!r}")
        out.append(int(n))
    if out != sorted(set(out)):
        raise ValueError(f"counts must be increasing and distinct, got {list(counts)!r}")
    return tuple(out)


def _check_apps(apps: object) -> tuple[App, ...]:
    if isinstance(apps, (str, bytes)) or not isinstance(apps, Sequence):
        raise TypeError(f"apps must be a list of vizlib.App (e.g. vizlib.workload(1000)), got {apps!r}")
    for i, a in enumerate(apps):
        if not isinstance(a, App):
            raise TypeError(f"apps[{i}] must be a vizlib.App, got {a!r} ({type(a).__name__})")
    return tuple(apps)


def placement_explorer(
    cluster: Cluster,
    apps: Sequence[App],
    *,
    counts: Sequence[int] = (50, 100, 250, 500, 1000, 2000),
    policy: str = "first_fit",
    start: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """:func:`placement_figure` for VMs and containers, with a slider over how many apps arrive.

    Step ``n`` of the slider places the first ``n`` apps of ``apps`` (in
    their order) with ``policy``, once as VMs and once as containers, on one
    shared host axis that fits the step. Everything is computed up front:
    the slider works without a kernel.

    Parameters
    ----------
    cluster : Cluster
    apps : sequence of App
        For example ``vizlib.workload(2000, seed=0)``.
    counts : sequence of int
        Increasing numbers of apps, one slider step each (each at most ``len(apps)``).
    policy : str
        One of :data:`vizlib.PLACEMENT_POLICIES`.
    start : int, optional
        The count shown first (default: the middle step).
    title : str, optional
        Fixed title; by default each step's title states its numbers.

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import placement_explorer
    >>> fig = placement_explorer(vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128)), vz.workload(300, seed=0),
    ...                          counts=[100, 300])
    >>> [s.label for s in fig.layout.sliders[0].steps]
    ['100', '300']
    """
    if not isinstance(cluster, Cluster):
        raise TypeError(f"cluster must be a vizlib.Cluster, got {cluster!r} ({type(cluster).__name__})")
    apps = _check_apps(apps)
    if not apps:
        raise ValueError("apps must not be empty")
    counts = _check_counts(counts, len(apps))
    if policy not in PLACEMENT_POLICIES:
        raise ValueError(f"unknown policy {policy!r}; known: {', '.join(repr(p) for p in PLACEMENT_POLICIES)}")
    if start is None:
        start = counts[len(counts) // 2]
    if start not in counts:
        raise ValueError(f"start must be one of counts {list(counts)}, got {start!r}")
    title = theme.check_title(title)
    placed = []
    layers: dict[tuple[int, str], set[str]] = {}
    for n in counts:
        both = cluster.compare(apps[:n], policy=policy)
        ps = (both.vm, both.container)
        placed.append((n, ps))
        for key, used in _panel_layers(ps).items():
            layers.setdefault(key, set()).update(used)
    fixed = {key: tuple(k for k in LAYERS if k in used) for key, used in layers.items()}
    built = []
    for n, ps in placed:
        shown = max(1, max(p.hosts_used for p in ps))
        built.append((n, ps, shown, *_placement_data(ps, shown, fixed)))
    first = counts.index(start)
    _n0, ps0, shown0, traces0, ann0, shapes0 = built[first]
    h = cluster.host
    sub = t("{policy} · one column per powered-on host ({cores} cores, {memory} GiB) · dashed: capacity · "
            "dotted: fewest possible · drag the slider to add apps", policy=policy_name(policy), cores=h.cpu_cores,
            memory=fmt.number(h.memory_gib))

    def step_title(ps: tuple[Placement, ...]) -> dict:
        return theme.title(title or _placement_title(ps), sub)

    steps = []
    for n, ps, shown, traces, ann, shapes in built:
        restyle = {"x": [bar["x"] for bar in traces], "y": [bar["y"] for bar in traces],
                   "customdata": [bar.get("customdata") for bar in traces],
                   "showlegend": [bar["showlegend"] for bar in traces]}
        relayout = {"title": step_title(ps), "annotations": ann, "shapes": shapes, "xaxis.range": [0.5, shown + 0.5],
                    "meta": {"description": _placement_description(ps), "kind": "placement_explorer", "apps": n}}
        steps.append({"method": "update", "label": fmt.number(n), "args": [restyle, relayout]})
    layout = {
        "title": step_title(ps0),
        "barmode": "stack", "bargap": 0.12, "height": 600,
        "margin": {"l": 16, "r": 16, "t": 124, "b": 16},
        "showlegend": True, "legend": {"y": -0.14, "yanchor": "top", "traceorder": "normal"},
        "annotations": ann0, "shapes": shapes0, "hovermode": "closest",
        "meta": {"description": _placement_description(ps0), "kind": "placement_explorer", "apps": start},
        "sliders": [{
            "active": first, "steps": steps, "x": 0.1, "len": 0.9, "xanchor": "left", "y": -0.25, "yanchor": "top",
            "pad": {"t": 10, "b": 0},
            "currentvalue": {"visible": True, "prefix": t("apps: "), "xanchor": "left",
                             "font": {"size": 13, "color": theme.TEXT}},
            "font": {"color": theme.TEXT, "size": 12}, "bgcolor": theme.LINE,
            "activebgcolor": theme.COLORS["runtime"], "bordercolor": theme.EDGE, "tickcolor": theme.EDGE,
            "transition": {"duration": 0},
        }],
        **_placement_layout(ps0, shown0),
    }
    layout["margin"]["b"] = 90
    return theme.figure(traces0, layout)


def _policy_hover(packaging: str, policy: str) -> str:
    """Hover text of one policy's bar: ``mix as VMs, first fit: 12 hosts``; plotly fills the ``%{...}`` parts."""
    if packaging == "vm":
        return t("{workload} as VMs, {policy}: {hosts} hosts", workload="%{x}", policy=policy, hosts="%{y}")
    return t("{workload} as containers, {policy}: {hosts} hosts", workload="%{x}", policy=policy, hosts="%{y}")


def policy_figure(cluster: Cluster, workloads: Mapping[str, Sequence[App]], *, title: str | None = None) -> go.Figure:
    """Hosts each placement policy needs, for several workloads, as VMs and as containers.

    Grouped bars: one group per workload, one bar per policy of
    :data:`vizlib.PLACEMENT_POLICIES` (lighter to darker grey), labelled with
    the number of hosts; a black tick marks the fewest hosts any policy
    could use (total need over one host's room).

    Parameters
    ----------
    cluster : Cluster
    workloads : mapping of str to sequence of App
        A name (shown under its group) and the apps, in arrival order.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import policy_figure
    >>> c = vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128))
    >>> fig = policy_figure(c, {"mix": vz.workload(200, seed=0)})
    >>> [t.name for t in fig.data][:3]
    ['first fit', 'first fit decreasing', 'best fit decreasing']
    """
    if not isinstance(cluster, Cluster):
        raise TypeError(f"cluster must be a vizlib.Cluster, got {cluster!r} ({type(cluster).__name__})")
    if not isinstance(workloads, Mapping) or not workloads:
        raise ValueError(f"workloads must be a non-empty mapping of name -> list of vizlib.App, got {workloads!r}")
    wl = {}
    for name, apps in workloads.items():
        if not isinstance(name, str):
            raise TypeError(f"workload names must be strings, got {name!r}")
        wl[name] = _check_apps(apps)
    title = theme.check_title(title)
    names = list(wl)
    shown = [_wrap(n) for n in names]
    results = {(pk, pol, name): cluster.place(wl[name], packaging=pk, policy=pol)
               for pk in ("vm", "container") for pol in PLACEMENT_POLICIES for name in names}
    traces: list[dict] = []
    for i, pk in enumerate(("vm", "container")):
        sfx = "" if i == 0 else "2"
        for pol in PLACEMENT_POLICIES:
            ys = [results[(pk, pol, n)].hosts_used for n in names]
            traces.append({
                "type": "bar", "name": policy_name(pol), "x": shown, "y": ys, "xaxis": f"x{sfx}", "yaxis": f"y{sfx}",
                "marker": {"color": _POLICY_COLORS[pol], "line": {"width": 0}}, "text": [str(y) for y in ys],
                "textposition": "outside", "textfont": {"size": 12, "color": theme.TEXT}, "cliponaxis": False,
                "legendgroup": pol, "showlegend": i == 0, "offsetgroup": pol,
                "hovertemplate": _policy_hover(pk, policy_name(pol)) + "<extra></extra>",
                "meta": {"key": f"{pk}:{pol}"},
            })
        lbs = [results[(pk, "first_fit", n)].lower_bound_hosts for n in names]
        traces.append({
            "type": "scatter", "mode": "markers", "name": tp("legend", "fewest possible"), "x": shown, "y": lbs,
            "xaxis": f"x{sfx}", "yaxis": f"y{sfx}",
            "marker": {"symbol": "line-ew", "size": 54, "line": {"width": 2.5, "color": theme.TEXT}},
            "hovertemplate": t("{workload}: no policy can use fewer than {hosts} hosts", workload="%{x}",
                               hosts="%{y}") + "<extra></extra>",
            "legendgroup": "bound", "showlegend": i == 0, "meta": {"key": f"{pk}:bound"},
        })
    top = max(r.hosts_used for r in results.values())
    h = cluster.host
    sentences = []
    for name in names:
        for pk in ("vm", "container"):
            counts = ", ".join(tp("hosts a policy needs", "{policy} {hosts}", policy=policy_name(pol),
                                  hosts=results[(pk, pol, name)].hosts_used) for pol in PLACEMENT_POLICIES)
            bound = fmt.number(results[(pk, "first_fit", name)].lower_bound_hosts)
            if pk == "vm":
                sentences.append(t("{workload}, as VMs: {counts} hosts (fewest possible {bound}).", workload=name,
                                   counts=counts, bound=bound))
            else:
                sentences.append(t("{workload}, as containers: {counts} hosts (fewest possible {bound}).",
                                   workload=name, counts=counts, bound=bound))
    layout: dict[str, Any] = {
        "title": theme.title(title or t("Which placement policy needs fewest hosts?"),
                             t("Hosts powered on ({cores} cores, {memory} GiB each); black tick: the fewest any policy "
                               "could use", cores=h.cpu_cores, memory=fmt.number(h.memory_gib))),
        "barmode": "group", "bargap": 0.25, "bargroupgap": 0.06, "height": 440,
        "margin": {"l": 16, "r": 16, "t": 110, "b": 16},
        "legend": {"y": -0.2, "yanchor": "top"},
        "annotations": [
            {"text": f"<b>{w}</b>", "x": x, "xref": "paper", "y": 1.0, "yref": "paper", "yanchor": "bottom",
             "showarrow": False, "font": {"size": 13, "color": theme.TEXT}}
            for w, x in ((t("Apps as VMs"), 0.23), (t("Apps as containers"), 0.77))
        ],
        "meta": {"description": " ".join(sentences), "kind": "policy"},
    }
    for i, dom in enumerate(([0.0, 0.46], [0.54, 1.0])):
        sfx = "" if i == 0 else "2"
        layout[f"xaxis{sfx}"] = {"domain": dom, "anchor": f"y{sfx}", "fixedrange": True, "ticks": "", "tickangle": 0}
        layout[f"yaxis{sfx}"] = {"anchor": f"x{sfx}", "fixedrange": True, "range": [0, top * 1.15],
                                 "showgrid": True, "gridcolor": _GRID,
                                 "title": {"text": tp("axis", "hosts") if i == 0 else ""},
                                 "matches": None if i == 0 else "y"}
    return theme.figure(traces, layout)


# ---------------------------------------------------------------------------- cluster graph
def cluster_layout(graph: nx.DiGraph, *, center: tuple[float, float] = (0.0, 0.0)) -> dict[str, tuple[float, float]]:
    """Positions for a cluster graph (from :meth:`vizlib.Placement.graph`): deterministic and radial.

    The datacenter sits at ``center``; hosts on a circle of radius 1 around
    it, in order, starting at the top and going clockwise; each host's
    instances fan out in its own sector, on arcs from radius 1.55 outwards.
    No randomness: the same graph always gets the same positions.

    Parameters
    ----------
    graph : networkx.DiGraph
        With a ``"datacenter"`` node whose successors are hosts, whose
        successors are instances.
    center : (float, float)

    Returns
    -------
    dict
        Node -> (x, y).

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import cluster_layout
    >>> g = vz.Cluster(vz.Host(cpu_cores=8, memory_gib=32)).place(vz.workload(30, seed=1)).graph()
    >>> pos = cluster_layout(g)
    >>> pos["datacenter"], len(pos) == g.number_of_nodes()
    ((0.0, 0.0), True)
    """
    if not isinstance(graph, nx.DiGraph) or "datacenter" not in graph:
        raise TypeError(f"graph must be a networkx.DiGraph with a 'datacenter' node (Placement.graph()), got {graph!r}")
    cx, cy = float(center[0]), float(center[1])
    pos = {"datacenter": (cx, cy)}
    hosts = list(graph.successors("datacenter"))
    hosts.sort(key=lambda n: graph.nodes[n].get("index", 0))
    m = len(hosts)
    if not m:
        return pos
    sector = 2 * math.pi / m
    spacing = 0.075
    for j, h in enumerate(hosts):
        theta = math.pi / 2 - sector * (j + 0.5)
        pos[h] = (cx + math.cos(theta), cy + math.sin(theta))
        kids = list(graph.successors(h))
        usable = sector * (0.82 if m > 1 else 0.95)
        r = 1.55
        i = 0
        while i < len(kids):
            room = max(1, int(usable * r / spacing))
            ring = kids[i:i + room]
            q = len(ring)
            for k, node in enumerate(ring):
                a = theta + usable * ((k + 0.5) / q - 0.5) if q > 1 else theta
                pos[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
            i += q
            r += 0.09
    return pos


def _hosts_for(p: Placement) -> str:
    """``12 hosts for VMs``: what a placement needs, for a title."""
    if p.packaging == "vm":
        return tn("{n} host for VMs", "{n} hosts for VMs", p.hosts_used, n=fmt.number(p.hosts_used))
    return tn("{n} host for containers", "{n} hosts for containers", p.hosts_used, n=fmt.number(p.hosts_used))


def _instance_trace(g: nx.DiGraph, pos: dict, sfx: str, packaging: str, showlegend: bool) -> dict:
    """The instances of one placement: dots sized by memory."""
    inst = [n for n, d in g.nodes(data=True) if d["layer"] in ("vm", "container")]
    mem = [g.nodes[n]["memory_gib"] for n in inst]
    layer = "vm" if packaging == "vm" else "container"
    return {
        "type": "scatter", "mode": "markers",
        "name": tp("legend", "VM") if layer == "vm" else tp("legend", "container"),
        "x": [pos[n][0] for n in inst], "y": [pos[n][1] for n in inst], "xaxis": f"x{sfx}", "yaxis": f"y{sfx}",
        "marker": {"size": [round(4 + 2.2 * math.sqrt(m), 2) for m in mem], "color": theme.COLORS[layer],
                   "line": {"width": 0.6, "color": theme.COLORS["runtime" if layer == "vm" else "vm"]}},
        "hovertext": [t("{instance}: {cpus} cores, {memory}", instance=g.nodes[n]["label"],
                        cpus=fmt.number(g.nodes[n]["cpus"]), memory=fmt.gib(g.nodes[n]["memory_gib"], digits=1))
                      for n in inst],
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": showlegend, "meta": {"key": "instances"},
    }


def _host_trace(g: nx.DiGraph, pos: dict, sfx: str, showlegend: bool) -> dict:
    """The hosts of one placement: numbered squares (unnumbered and smaller past 40)."""
    hosts = [n for n, d in g.nodes(data=True) if d["layer"] == "host"]
    return {
        "type": "scatter", "mode": "markers+text", "name": tp("legend", "host"), "x": [pos[n][0] for n in hosts],
        "y": [pos[n][1] for n in hosts], "xaxis": f"x{sfx}", "yaxis": f"y{sfx}",
        "marker": {"symbol": "square", "size": 17 if len(hosts) <= 40 else 11, "color": theme.COLORS["hardware"]},
        "text": [str(g.nodes[n]["index"] + 1) if len(hosts) <= 40 else "" for n in hosts],
        "textfont": {"size": 9, "color": theme.text_color(theme.COLORS["hardware"])},
        "textposition": "middle center",
        "hovertext": [t("{host}: {count} instances, CPU {cpu} reserved, memory {memory}", host=g.nodes[n]["label"],
                        count=fmt.number(g.out_degree(n)), cpu=f"{g.nodes[n]['cpu_reserved']:.0%}",
                        memory=f"{g.nodes[n]['memory_reserved']:.0%}") for n in hosts],
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": showlegend, "meta": {"key": "hosts"},
    }


def _graph_panel(p: Placement, col: int, legend_instances: bool) -> tuple[list[dict], float]:
    """One placement's graph on the axes of column ``col`` (edges, instances, hosts, the datacenter), and how far
    from the centre its farthest node lies."""
    g = p.graph()
    pos = {n: (round(x, 3), round(y, 3)) for n, (x, y) in cluster_layout(g).items()}  # 1/1000: plenty on screen
    extent = max(max(abs(x), abs(y)) for x, y in pos.values())
    sfx = "" if col == 0 else str(col + 1)
    ex: list[float | None] = []
    ey: list[float | None] = []
    for a, b in g.edges():
        ex += [pos[a][0], pos[b][0], None]
        ey += [pos[a][1], pos[b][1], None]
    edges = {"type": "scatter", "mode": "lines", "name": "edges", "x": ex, "y": ey,
             "xaxis": f"x{sfx}", "yaxis": f"y{sfx}", "line": {"width": 0.6, "color": _EDGE},
             "hoverinfo": "skip", "showlegend": False, "meta": {"key": "edges"}}
    datacenter = {
        "type": "scatter", "mode": "markers", "name": tp("legend", "datacenter"), "x": [pos["datacenter"][0]],
        "y": [pos["datacenter"][1]], "xaxis": f"x{sfx}", "yaxis": f"y{sfx}",
        "marker": {"symbol": "diamond", "size": 22, "color": theme.TEXT},
        "hovertext": [g.nodes["datacenter"]["label"]], "hovertemplate": "%{hovertext}<extra></extra>",
        "showlegend": col == 0, "meta": {"key": "datacenter"},
    }
    return [edges, _instance_trace(g, pos, sfx, p.packaging, legend_instances), _host_trace(g, pos, sfx, col == 0),
            datacenter], extent


def _graph_domain(col: int, k: int) -> tuple[float, float]:
    """Where column ``col`` of ``k`` sits across the figure (paper coordinates)."""
    return col / k + (0.02 if col else 0), (col + 1) / k - (0.02 if col < k - 1 else 0)


def _graph_heading(p: Placement, col: int, k: int) -> dict:
    d0, d1 = _graph_domain(col, k)
    return {
        "text": f"<b>{_placement_label(p)}</b><br>" + ", ".join((
            _hosts(p.hosts_used), _count(p.packaging, p.placed),
            tn("{n} kernel", "{n} kernels", p.kernels, n=fmt.number(p.kernels)))),
        "x": (d0 + d1) / 2, "xref": "paper", "y": 1.0, "yref": "paper", "yanchor": "bottom", "showarrow": False,
        "font": {"size": 13, "color": theme.TEXT}}


def _graph_axes(k: int, lim: float) -> dict:
    """Hidden, square axes from -lim to lim for each of ``k`` columns."""
    axes: dict[str, Any] = {}
    for col in range(k):
        sfx = "" if col == 0 else str(col + 1)
        axes[f"xaxis{sfx}"] = {"domain": list(_graph_domain(col, k)), "anchor": f"y{sfx}", "visible": False,
                               "fixedrange": True, "range": [-lim, lim]}
        axes[f"yaxis{sfx}"] = {"anchor": f"x{sfx}", "visible": False, "fixedrange": True,
                               "scaleanchor": f"x{sfx}", "scaleratio": 1, "range": [-lim, lim]}
    return axes


def _cluster_graph_title(ps: tuple[Placement, ...]) -> str:
    if len(ps) == 2:
        first, second = (_hosts_for(p) for p in ps)
        return t("The cluster as a graph: {first} vs {second}", first=first, second=second)
    p = ps[0]
    return t("The cluster as a graph: {instances} on {hosts}", instances=_count(p.packaging, p.placed),
             hosts=_hosts(p.hosts_used))


def cluster_graph_figure(*placements: Placement | ClusterComparison, title: str | None = None) -> go.Figure:
    """The cluster as a graph: datacenter -> hosts -> instances, on :func:`cluster_layout`.

    Hosts are dark squares numbered in placement order; each instance is a
    dot joined to its host, light blue for VMs and paler for containers,
    sized by the memory it takes. Point at a host for its reserved CPU and
    memory, at an instance for its app. Two placements (or a
    :class:`vizlib.ClusterComparison`) are drawn side by side.

    Parameters
    ----------
    *placements : Placement or ClusterComparison
        One or two.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.cloud import cluster_graph_figure
    >>> p = vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128)).place(vz.workload(100, seed=0), packaging="container")
    >>> fig = cluster_graph_figure(p)
    >>> [t.meta["key"] for t in fig.data]
    ['edges', 'instances', 'hosts', 'datacenter']
    """
    ps = _placements(placements)
    if len(ps) > 2:
        raise ValueError(f"placements: one or two, got {len(ps)}")
    title = theme.check_title(title)
    panels = [_graph_panel(p, col, col == 0 or ps[0].packaging != p.packaging) for col, p in enumerate(ps)]
    traces = [trace for panel, _ in panels for trace in panel]
    extent = max(e for _, e in panels)
    desc = " ".join([t("A graph with the datacenter in the middle, its hosts on a circle around it and each host's "
                       "instances fanned out beyond it.")] + [p.summary() for p in ps])
    layout = {
        "title": theme.title(_cluster_graph_title(ps) if title is None else title,
                             t("datacenter (diamond) -> hosts (numbered squares) -> instances (dots sized by "
                               "memory); point at any node")),
        "height": 560 if len(ps) == 2 else 620, "margin": {"l": 16, "r": 16, "t": 110, "b": 16},
        "legend": {"y": 0, "yanchor": "top"}, "hovermode": "closest",
        "annotations": [_graph_heading(p, col, len(ps)) for col, p in enumerate(ps)],
        "meta": {"description": desc, "kind": "cluster_graph"}, **_graph_axes(len(ps), extent + 0.12),
    }
    return theme.figure(traces, layout)


# ---------------------------------------------------------------------------- isolation spectrum
# Colour of each boundary (Isolation.boundary is a key of BOUNDARIES: shared kernel, user-space kernel, separate
# guest kernel, in that order).
_BOUNDARY_COLORS = dict(zip(BOUNDARIES, (theme.COLORS["host_os"], theme.COLORS["runtime"], theme.COLORS["guest_os"]),
                            strict=True))
_CONFIDENCE = {  # marker symbol and words for how sure a number is
    "read": ("circle", N_("read from the source")),
    "derived": ("circle", N_("derived from the authors' data")),
    "secondary": ("circle-open", N_("quoted by another study (approximate)")),
    "assumption": ("diamond-open", N_("course assumption")),
}
_TICKS_S = ([1e-3, 1e-2, 1e-1, 1, 10, 100], ["1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s"])
_TICKS_MIB = ([1, 10, 100, 1000], ["1 MiB", "10 MiB", "100 MiB", "1000 MiB"])


def _check_rows(rows: object) -> tuple[Isolation, ...]:
    rows = spectrum() if rows is None else rows
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not rows:
        raise TypeError(f"rows must be vizlib.spectrum() or a non-empty list of vizlib.Isolation, got {rows!r}")
    for i, r in enumerate(rows):
        if not isinstance(r, Isolation):
            raise TypeError(f"rows[{i}] must be a vizlib.Isolation, got {r!r} ({type(r).__name__})")
    return tuple(rows)


# The spectrum's rows keep their words in English (``boundary`` is also a key); Isolation.text gives each in the
# current language, where it is shown.
def _label(r: Isolation) -> str:
    return r.text("label")


def _boundary(r: Isolation) -> str:
    return r.text("boundary")


def _confidence(confidence: str) -> str:
    """How sure a number is, in words (an unknown confidence as it is)."""
    return t(_CONFIDENCE[confidence][1]) if confidence in _CONFIDENCE else confidence


def _source_line(source: str, confidence: str) -> str:
    if not source:
        return ""
    return f"<br><i>{source}</i> ({_confidence(confidence)})"


def _measured(legend: bool = False) -> str:
    """The words for numbers read from a source or derived from its data."""
    return t("measured (read from the source or its data)") if legend else t("measured (source or its data)")


def _boundary_trace(rows: tuple[Isolation, ...], label: dict[Isolation, str]) -> dict:
    """The left column: where each row draws its isolation boundary."""
    return {
        "type": "scatter", "mode": "markers+text", "name": "boundary", "x": [0.0] * len(rows),
        "y": [label[r] for r in rows],
        "marker": {"symbol": "square", "size": 16, "color": [_BOUNDARY_COLORS.get(r.boundary, theme.MUTED)
                                                            for r in rows]},
        "text": [_boundary(r) for r in rows], "textposition": "middle right", "textfont": {"size": 12},
        "hovertext": [f"<b>{label[r]}</b> ({r.text('examples')})<br>{r.text('note')}" for r in rows],
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False, "cliponaxis": False,
        "meta": {"key": "boundary"},
    }


def _start_traces(rows: tuple[Isolation, ...], label: dict[Isolation, str]) -> tuple[list[dict], set[str]]:
    """The middle column: start-up times, one trace per confidence (so the legend explains the marker shapes), and
    the confidences shown."""
    groups: dict[str, list[Isolation]] = {}
    for r in rows:
        if r.start_seconds is not None:
            groups.setdefault(r.start_confidence or "read", []).append(r)
    traces, shown = [], set()
    for conf in ("read", "derived", "secondary", "assumption"):
        rs = groups.get(conf, [])
        key = "read" if conf in ("read", "derived") else conf
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": _measured() if key == "read" else _confidence(conf),
            "x": [r.start_seconds for r in rs], "y": [label[r] for r in rs], "xaxis": "x2", "yaxis": "y2",
            "marker": {"symbol": _CONFIDENCE[conf][0], "size": 13, "color": theme.COLORS["runtime"],
                       "line": {"width": 2, "color": theme.COLORS["runtime"]}},
            "text": [r.start_text() for r in rs], "textposition": "middle right", "textfont": {"size": 12},
            "hovertext": [f"<b>{label[r]}</b>: {r.start_text()}<br>{r.text('start_what')}"
                          + _source_line(r.text("start_source"), r.start_confidence) for r in rs],
            "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": False, "legendgroup": key,
            "showlegend": False, "meta": {"key": f"start:{conf}"},
        })
        if rs:
            shown.add(key)
    return traces, shown


def _overhead_traces(rows: tuple[Isolation, ...], label: dict[Isolation, str]) -> tuple[list[dict], set[str]]:
    """The right column: memory overheads (a bar where the sources give a range, then one trace per confidence),
    and the confidences shown."""
    ranged = [r for r in rows if r.overhead_mib and r.overhead_max_mib]
    traces = [{
        "type": "scatter", "mode": "lines", "name": "range", "xaxis": "x3", "yaxis": "y3",
        "x": [x for r in ranged for x in (r.overhead_mib, r.overhead_max_mib, None)],
        "y": [y for r in ranged for y in (label[r], label[r], None)],
        "line": {"width": 6, "color": theme.COLORS["hypervisor"]}, "opacity": 0.45, "hoverinfo": "skip",
        "showlegend": False, "meta": {"key": "overhead:range"},
    }]
    groups: dict[str, list[Isolation]] = {}
    for r in rows:
        if r.overhead_mib:
            groups.setdefault(r.overhead_confidence or "read", []).append(r)
    shown = set()
    for conf in ("read", "derived", "secondary", "assumption"):
        rs = groups.get(conf, [])
        key = "read" if conf in ("read", "derived") else conf
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": _measured() if key == "read" else _confidence(conf),
            "xaxis": "x3", "yaxis": "y3",
            "x": [r.overhead_max_mib or r.overhead_mib for r in rs], "y": [label[r] for r in rs],
            "marker": {"symbol": _CONFIDENCE[conf][0], "size": 13, "color": theme.COLORS["hypervisor"],
                       "line": {"width": 2, "color": theme.COLORS["hypervisor"]}},
            "text": [r.overhead_text() for r in rs], "textfont": {"size": 12},
            # labels of the largest overheads go left of their marker, so they stay inside the figure
            "textposition": ["middle left" if (r.overhead_max_mib or r.overhead_mib) >= 100 else "middle right"
                             for r in rs],
            "hovertext": [f"<b>{label[r]}</b>: {r.overhead_text()}<br>{r.text('overhead_what')}"
                          + _source_line(r.text("overhead_source"), r.overhead_confidence) for r in rs],
            "hovertemplate": "%{hovertext}<extra></extra>", "cliponaxis": False, "legendgroup": key,
            "showlegend": False, "meta": {"key": f"overhead:{conf}"},
        })
        if rs:
            shown.add(key)
    return traces, shown


def _confidence_legend(shown: set[str]) -> list[dict]:
    """The legend explains marker shapes only, in a neutral colour (blue = time, orange = memory, as labelled)."""
    return [{
        "type": "scatter", "mode": "markers", "name": _measured(legend=True) if key == "read" else _confidence(key),
        "x": [None], "y": [None], "xaxis": "x2", "yaxis": "y2",
        "marker": {"symbol": _CONFIDENCE[key][0], "size": 12, "color": theme.MUTED,
                   "line": {"width": 2, "color": theme.MUTED}},
        "hoverinfo": "skip", "showlegend": True, "meta": {"key": f"legend:{key}"},
    } for key in ("read", "secondary", "assumption") if key in shown]


def _missing_traces(rows: tuple[Isolation, ...], label: dict[Isolation, str]) -> list[dict]:
    """Words in place of a marker, for rows without a number."""
    start_missing = [r for r in rows if r.start_seconds is None]
    over_missing = [r for r in rows if not r.overhead_mib]
    return [{
        "type": "scatter", "mode": "text", "name": "no number", "xaxis": "x2", "yaxis": "y2",
        "x": [_TICKS_S[0][0]] * len(start_missing), "y": [label[r] for r in start_missing],
        "text": [t("no cited figure")] * len(start_missing), "textposition": "middle right",
        "textfont": {"size": 12, "color": theme.MUTED}, "hoverinfo": "skip", "showlegend": False,
        "meta": {"key": "start:missing"},
    }, {
        "type": "scatter", "mode": "text", "name": "no number", "xaxis": "x3", "yaxis": "y3",
        "x": [_TICKS_MIB[0][0]] * len(over_missing), "y": [label[r] for r in over_missing],
        "text": [t("none (the baseline)") if r.overhead_mib == 0 else t("no cited figure") for r in over_missing],
        "textposition": "middle right", "textfont": {"size": 12, "color": theme.MUTED}, "hoverinfo": "skip",
        "showlegend": False, "meta": {"key": "overhead:missing"},
    }]


def _boundary_lines(rows: tuple[Isolation, ...]) -> list[dict]:
    """Horizontal separators where the boundary changes."""
    return [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": i - 0.5, "y1": i - 0.5,
             "line": {"color": theme.LINE, "width": 1}}
            for i in range(1, len(rows)) if rows[i].boundary != rows[i - 1].boundary]


def _spectrum_axes(labels: list[str]) -> dict:
    """Three columns sharing the rows: boundary, start-up time (log), memory overhead (log), each with a heading."""
    ycommon = {"type": "category", "categoryorder": "array", "categoryarray": labels, "autorange": "reversed",
               "fixedrange": True, "range": [len(labels) - 0.5, -0.5], "ticks": "", "showline": False}
    return {
        "xaxis": {"domain": [0.0, 0.25], "range": [-0.05, 1], "visible": False, "fixedrange": True},
        "yaxis": {**ycommon, "anchor": "x", "tickfont": {"size": 13}},
        "xaxis2": {"domain": [0.31, 0.63], "anchor": "y2", "type": "log", "range": [-3.3, 2.7], "fixedrange": True,
                   "tickvals": _TICKS_S[0], "ticktext": _TICKS_S[1], "showgrid": True, "gridcolor": _GRID},
        "yaxis2": {**ycommon, "anchor": "x2", "matches": "y", "showticklabels": False},
        "xaxis3": {"domain": [0.68, 1.0], "anchor": "y3", "type": "log", "range": [-0.3, 3.7], "fixedrange": True,
                   "tickvals": _TICKS_MIB[0], "ticktext": _TICKS_MIB[1], "showgrid": True, "gridcolor": _GRID},
        "yaxis3": {**ycommon, "anchor": "x3", "matches": "y", "showticklabels": False},
        "annotations": [
            {"text": f"<b>{head}</b>", "x": x, "xref": "paper", "y": 1.0, "yref": "paper", "yanchor": "bottom",
             "xanchor": "left", "showarrow": False, "font": {"size": 13, "color": theme.TEXT}}
            for head, x in ((t("Isolation boundary"), 0.0), (t("Start one instance"), 0.31),
                            (t("Memory overhead per instance"), 0.68))
        ],
    }


def spectrum_figure(rows: Sequence[Isolation] | None = None, *, title: str | None = None) -> go.Figure:
    """The isolation spectrum: where each technology draws its boundary, how fast one instance starts,
    and how much memory its isolation machinery adds.

    One row per step of :func:`vizlib.spectrum`, grouped by the mechanism of the boundary (shared kernel first).
    Left, the boundary (shared kernel, user-space kernel, separate guest
    kernel); middle, time to start one instance; right, memory overhead per
    instance (a range where the sources give one). Both numeric axes are
    logarithmic: the values span four orders of magnitude. Marker shape says
    how sure a number is: filled = read from the source or its data, open =
    quoted by another study, open diamond = course assumption. Rows without
    a number in the course's sources say "no cited figure".

    Parameters
    ----------
    rows : sequence of Isolation, optional
        Default :func:`vizlib.spectrum`.
    title : str, optional

    Examples
    --------
    >>> from vizlib.figures.cloud import spectrum_figure
    >>> fig = spectrum_figure()
    >>> fig.layout.xaxis2.type, list(fig.layout.yaxis.categoryarray)[:2]
    ('log', ['process', 'container'])
    """
    rows = _check_rows(rows)
    title = theme.check_title(title)
    labels = [_label(r) for r in rows]
    label = dict(zip(rows, labels, strict=True))
    start, start_shown = _start_traces(rows, label)
    overhead, overhead_shown = _overhead_traces(rows, label)
    traces = [_boundary_trace(rows, label), *start, *overhead, *_confidence_legend(start_shown | overhead_shown),
              *_missing_traces(rows, label)]
    desc_rows = [t("{label}: {boundary}, starts in {start}, memory overhead {overhead}", label=label[r],
                   boundary=_boundary(r), start=r.start_text(), overhead=r.overhead_text()) for r in rows]
    layout = {
        "title": theme.title(title or t("The isolation spectrum: from a process to a full virtual machine"),
                             t("Grouped by mechanism, shared kernel at the top · log scales: each grid step is 10x · "
                               "numbers from different studies: compare orders of magnitude")),
        "height": 150 + 52 * len(rows), "margin": {"l": 16, "r": 24, "t": 110, "b": 16},
        "legend": {"y": -0.1, "yanchor": "top"}, "shapes": _boundary_lines(rows), "hovermode": "closest",
        **_spectrum_axes(labels),
        "meta": {"description": t("The isolation spectrum, grouped by mechanism: shared kernel, user-space kernel, "
                                  "separate guest kernel. {rows}.", rows="; ".join(desc_rows)),
                 "kind": "spectrum"},
    }
    return theme.figure(traces, layout)


def _check_instances(instances: object, start: object) -> tuple[tuple[int, ...], int]:
    """The slider's instance counts, and the one shown first."""
    if isinstance(instances, (str, bytes)) or not isinstance(instances, Sequence) or not instances:
        raise ValueError(f"instances must be a non-empty list of whole numbers, got {instances!r}")
    counts = _check_counts(instances, 10**7)
    if start is None:
        start = counts[0]
    if start not in counts:
        raise ValueError(f"start must be one of instances {list(counts)}, got {start!r}")
    return counts, start


def _overhead_bars(have: list[Isolation], n: int) -> dict:
    """The bars' lengths (to the high end where a source gives a range) and labels (both ends) for ``n`` instances."""
    lo = [n * r.overhead_mib for r in have]
    hi = [n * (r.overhead_max_mib or r.overhead_mib) for r in have]
    return {
        "x": hi,
        "text": [f"{fmt.mib_range(lo_, h, _mib)}  ({fmt.number(n)} x {r.overhead_text()})"
                 for lo_, h, r in zip(lo, hi, have, strict=True)],
    }


def _explorer_traces(have: list[Isolation], missing: list[Isolation], n: int) -> list[dict]:
    """A bar per row with a published overhead, for ``n`` instances; words for the rows without one."""
    bars = _overhead_bars(have, n)
    return [
        {
            "type": "bar", "orientation": "h", "name": "isolation machinery", "y": [_label(r) for r in have],
            "x": bars["x"], "text": bars["text"], "textposition": "outside",
            "textfont": {"size": 12, "color": theme.TEXT}, "cliponaxis": False,
            "marker": {"color": [theme.COLORS["runtime"] if not r.own_kernel else theme.COLORS["hypervisor"]
                                 for r in have],
                       "pattern": {"shape": ["/" if r.overhead_confidence == "assumption" else "" for r in have],
                                   "fgcolor": theme.CARD, "size": 7, "solidity": 0.3}},
            "hovertext": [t("<b>{label}</b>: {overhead} per instance", label=_label(r), overhead=r.overhead_text())
                          + f"<br>{r.text('overhead_what')}"
                          + _source_line(r.text("overhead_source"), r.overhead_confidence)
                          for r in have],
            "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False, "meta": {"key": "bars"},
        },
        {
            "type": "scatter", "mode": "text", "name": "no number", "y": [_label(r) for r in missing],
            "x": [1.0] * len(missing),
            "text": [t("none: the baseline") if r.overhead_mib == 0
                     else t("no cited figure: the course's sources give none") for r in missing],
            "textposition": "middle right", "textfont": {"size": 12, "color": theme.MUTED}, "hoverinfo": "skip",
            "showlegend": False, "meta": {"key": "missing"},
        },
    ]


def _explorer_title(title: str | None, n: int) -> dict:
    text = title or tn("Memory for the isolation machinery of {n} instance",
                       "Memory for the isolation machinery of {n} instances", n, n=fmt.number(n))
    return theme.title(text, t("Per-instance overhead x instances, as each source counts it (never the apps) · "
                               "orange: a guest kernel per instance · hatched: course assumption"))


def _explorer_meta(have: list[Isolation], missing: list[Isolation], n: int) -> dict:
    return {"kind": "overhead_explorer", "instances": n, "description": _overhead_description(have, missing, n)}


def _explorer_slider(counts: tuple[int, ...], start: int, have: list[Isolation], missing: list[Isolation],
                     title: str | None, missing_text: list[str]) -> dict:
    """A slider step per instance count: new bars, title and description."""
    steps = []
    for n in counts:
        bars = _overhead_bars(have, n)
        steps.append({"method": "update", "label": fmt.number(n),
                      "args": [{"x": [bars["x"], [1.0] * len(missing)], "text": [bars["text"], list(missing_text)]},
                               {"title": _explorer_title(title, n), "meta": _explorer_meta(have, missing, n)}]})
    return {
        "active": counts.index(start), "steps": steps, "x": 0.12, "len": 0.88, "xanchor": "left", "y": -0.12,
        "yanchor": "top", "pad": {"t": 30, "b": 0},
        "currentvalue": {"visible": True, "prefix": t("instances: "), "xanchor": "left",
                         "font": {"size": 13, "color": theme.TEXT}},
        "font": {"color": theme.TEXT, "size": 12}, "bgcolor": theme.LINE,
        "activebgcolor": theme.COLORS["runtime"], "bordercolor": theme.EDGE, "tickcolor": theme.EDGE,
        "transition": {"duration": 0},
    }


def _scale_buttons(log_range: list[float], log_title: str, top: float) -> dict:
    """Buttons that switch the bars' axis between log and linear."""
    return {
        "type": "buttons", "direction": "down", "showactive": True, "x": 0, "xanchor": "left", "y": -0.12,
        "yanchor": "top", "pad": {"t": 30}, "bgcolor": _BUTTON, "bordercolor": theme.LINE,
        "font": {"color": theme.TEXT, "size": 12},
        "buttons": [
            {"label": tp("button", "log scale"), "method": "relayout",
             "args": [{"xaxis.type": "log", "xaxis.range": log_range, "xaxis.title.text": log_title}]},
            {"label": tp("button", "linear scale"), "method": "relayout",
             "args": [{"xaxis.type": "linear", "xaxis.range": [0, top * 1.45],
                       "xaxis.title.text": t("MiB (linear scale)")}]},
        ],
    }


def overhead_explorer(
    instances: Sequence[int] = (1, 10, 100, 1000, 10000),
    *,
    rows: Sequence[Isolation] | None = None,
    start: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """Memory the isolation machinery takes for N instances, per step of the spectrum; slide N.

    Bars are N x each row's per-instance overhead (to the high end where the
    sources give a range; the label gives both ends), on a log axis you can
    switch to linear. Each overhead is what its source counts (hover says
    what): a monitor process alone for Firecracker and QEMU, a whole sandbox
    for Kata; never the apps. Rows without a published overhead say so
    instead of showing a bar.

    Parameters
    ----------
    instances : sequence of int
        Increasing instance counts, one slider step each.
    rows : sequence of Isolation, optional
        Default :func:`vizlib.spectrum`.
    start : int, optional
        The count shown first (default: the first).
    title : str, optional

    Examples
    --------
    >>> from vizlib.figures.cloud import overhead_explorer
    >>> fig = overhead_explorer([1, 1000])
    >>> [s.label for s in fig.layout.sliders[0].steps], [b.label for b in fig.layout.updatemenus[0].buttons]
    (['1', '1,000'], ['log scale', 'linear scale'])
    """
    rows = _check_rows(rows)
    counts, start = _check_instances(instances, start)
    title = theme.check_title(title)
    have = [r for r in rows if r.overhead_mib]
    missing = [r for r in rows if not r.overhead_mib]
    traces = _explorer_traces(have, missing, start)
    top = max(n * (r.overhead_max_mib or r.overhead_mib) for n in counts for r in have) if have else 10.0
    log_title = t("MiB (log scale: each grid step is 10x)")
    log_range = [-0.3, math.log10(top) + 1.9]  # room for the labels right of the longest bar
    layout = {
        "title": _explorer_title(title, start), "height": 150 + 52 * len(rows) + 90,
        "margin": {"l": 16, "r": 24, "t": 110, "b": 110}, "showlegend": False,
        "xaxis": {"type": "log", "range": log_range, "fixedrange": True, "showgrid": True, "gridcolor": _GRID,
                  "tickformat": "~s", "title": {"text": log_title}},
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": [_label(r) for r in rows],
                  "autorange": "reversed", "fixedrange": True, "tickfont": {"size": 13}},
        "meta": _explorer_meta(have, missing, start),
        "sliders": [_explorer_slider(counts, start, have, missing, title, traces[1]["text"])],
        "updatemenus": [_scale_buttons(log_range, log_title, top)],
    }
    return theme.figure(traces, layout)


def _overhead_description(have: list[Isolation], missing: list[Isolation], n: int) -> str:
    parts = [f"{_label(r)} {fmt.mib_range(n * r.overhead_mib, n * (r.overhead_max_mib or r.overhead_mib), _mib)}"
             for r in have]
    text = tn("Memory for the isolation machinery of {n} instance: {amounts}.",
              "Memory for the isolation machinery of {n} instances: {amounts}.", n, n=fmt.number(n),
              amounts="; ".join(parts))
    if missing:
        text += " " + t("No published number for: {rows}.",
                        rows=", ".join(_label(r) for r in missing if r.overhead_mib is None))
    return text


_INSTANCE_COLORS = (theme.COLORS["vm"], theme.COLORS["guest_os"], theme.COLORS["apps"], theme.COLORS["host_os"])


_ANOTHER_VM = N_("another VM")  # the default second instance's name, shown in the current language


def vcpu_figure(cores: int = 8, instances: Sequence[tuple[str, int]] = (("n2-standard-4", 4), (_ANOTHER_VM, 2)),
                *, threads_per_core: int | None = None, title: str | None = None) -> go.Figure:
    """What a cloud vCPU is: one hardware thread of a core, so an instance of N vCPUs takes N / 2 cores.

    One square per physical core, split into its hardware threads (``threads_per_core``, by default the
    ``cloud.x86.threads_per_core`` parameter). Each instance's vCPUs fill whole cores, both threads of one core
    before the next, as clouds place them; the rest is free.

    Examples
    --------
    >>> fig = vcpu_figure()
    >>> fig.layout.title.text
    'A cloud vCPU is a hardware thread: n2-standard-4 has 4 vCPUs, 2 of the 8 cores'
    """
    cores = v.whole("cores", cores)
    tpc = v.whole("threads_per_core", threads_per_core if threads_per_core is not None
                  else round(parameters().value("cloud.x86.threads_per_core")))
    title = theme.check_title(title)
    names, owner = [], []
    for name, vcpus in instances:
        names.append(v.name("instance name", name))
        owner += [name] * v.whole(f"vCPUs of {name!r}", vcpus)
    shown = {n: t(_ANOTHER_VM) if n == _ANOTHER_VM else n for n in names}
    total = cores * tpc
    if len(owner) > total:
        raise ValueError(f"instances need {len(owner)} vCPUs but {cores} cores x {tpc} threads give {total}")
    owner += [None] * (total - len(owner))
    per_row = min(cores, 8)
    rows = math.ceil(cores / per_row)
    gap, size = 0.18, 1.0
    traces, texts, hover = [], [], []
    free_rects, by_instance = [], {n: [] for n in names}
    for c in range(cores):
        col, row = c % per_row, c // per_row
        x0, y1 = col * (size + gap), (rows - row) * (size + gap) + 0.4
        y0 = y1 - size
        w = size / tpc
        for th in range(tpc):
            rect = (x0 + th * w + 0.03, y0 + 0.03, x0 + (th + 1) * w - 0.03, y1 - 0.03)
            who = owner[c * tpc + th]
            (free_rects if who is None else by_instance[who]).append(rect)
            if who:
                words = t("core {core}, hardware thread {thread}: a vCPU of {instance}", core=c + 1, thread=th + 1,
                          instance=shown[who])
            else:
                words = t("core {core}, hardware thread {thread}: free", core=c + 1, thread=th + 1)
            hover.append((x0 + (th + 0.5) * w, (y0 + y1) / 2, words))
        traces.append(tr.boxes(f"core:{c}", [(x0, y0, x0 + size, y1)], "rgba(0,0,0,0)", line=theme.TEXT))
        texts.append((x0 + size / 2, y0 - 0.12, t("core {n}", n=c + 1), theme.MUTED, 11))
    legend = [("free", free_rects, theme.COLORS["free"], t("free hardware thread"))]
    for i, n in enumerate(names):
        count = owner.count(n)
        legend.append((f"instance:{n}", by_instance[n], _INSTANCE_COLORS[i % len(_INSTANCE_COLORS)],
                       tn("{instance}: {vcpus} vCPUs = {vcpus} hardware threads = {n} core",
                          "{instance}: {vcpus} vCPUs = {vcpus} hardware threads = {n} cores", _form(count / tpc),
                          n=f"{count / tpc:g}", instance=shown[n], vcpus=count)))
    for key, rects, fill, label in legend:
        trace = tr.boxes(key, rects, fill)
        trace.update(name=label, showlegend=bool(rects))
        traces.append(trace)
    traces.append(tr.texts("labels", texts))
    traces.append(tr.hover(hover))
    first, first_n = names[0], owner.count(names[0])
    if title is None:
        title = t("A cloud vCPU is a hardware thread: {instance} has {vcpus} vCPUs, {share} of the {cores} cores",
                  instance=shown[first], vcpus=first_n, share=f"{first_n / tpc:g}", cores=cores)
    sub = t("a host of {cores} cores x {threads} hardware threads = {cpus} CPUs the OS sees · each square is a "
            "core, each half a hardware thread", cores=cores, threads=tpc, cpus=total)
    desc = " ".join(
        [t("A host with {cores} physical cores, each running {threads} hardware threads, shows {cpus} CPUs.",
           cores=cores, threads=tpc, cpus=total)]
        + [tn("{instance} has {vcpus} vCPUs: {vcpus} hardware threads on {n} core.",
              "{instance} has {vcpus} vCPUs: {vcpus} hardware threads on {n} cores.", _form(owner.count(n) / tpc),
              n=f"{owner.count(n) / tpc:g}", instance=shown[n], vcpus=owner.count(n)) for n in names]
        + [t("{n} hardware threads are free.", n=owner.count(None))])
    width = per_row * (size + gap)
    layout = {
        "title": theme.title(title, sub), "height": 200 + 120 * rows, "margin": {"l": 12, "r": 12, "t": 92, "b": 12},
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top"},
        "xaxis": {"visible": False, "fixedrange": True, "range": [-0.1, width]},
        "yaxis": {"visible": False, "fixedrange": True, "range": [-0.1, rows * (size + gap) + 0.6],
                  "scaleanchor": "x"},
        "meta": {"description": desc, "kind": "vcpu"},
    }
    return theme.figure(traces, layout)

