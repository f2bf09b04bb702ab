"""Figures for the lessons on the kernel and on containers: pure functions returning ``plotly.graph_objects.Figure``.

* :func:`syscall_figure`: user space above, kernel space below, programs
  asking the kernel for work with system calls that cross the boundary.
* :func:`kernel_count_figure`: how many kernels run, and how much memory
  their operating systems take, for N copies of an app as type 1 VMs, type 2
  VMs and containers (a slider picks N; the numbers come from the model).
* :func:`namespaces_figure`: what each container of a runtime sees through
  its namespaces, and what its cgroup lets it use, on the one host kernel.
* :func:`image_layers_figure`: container images stored once and shared,
  each container adding only its own files; what copies would cost.
* :func:`performance_figure`: published measurements of containers and VMs
  against bare metal, read from :func:`vizlib.parameters`.

Every figure uses the one theme (:mod:`vizlib.theme`), has a title, and
carries a plain-text description in ``fig.layout.meta["description"]`` (read
it with :func:`vizlib.describe`). Every number is computed from the model or
read from the parameter table; nothing here changes model state.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import plotly.graph_objects as go

from vizlib.figures import theme
from vizlib.figures import traces as tr
from vizlib.model.systems import PRODUCTS, AllocationError, App, Container, ContainerRuntime, Host, Hypervisor
from vizlib.model.table import GUEST_OS, IMAGES, parameters
from vizlib.text import fmt
from vizlib.text.catalog import N_, NP_, listing, t, tn, tp

__all__ = [
    "KERNEL_PARTS",
    "SYSCALL_EXAMPLES",
    "NAMESPACE_TYPES",
    "syscall_figure",
    "kernel_count_figure",
    "namespaces_figure",
    "image_layers_figure",
    "performance_figure",
]

KERNEL_PARTS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "processes": (N_("process scheduler"), N_("CPU cores"),
                  N_("decides which process runs on which core, and for how long")),
    "memory": (N_("memory manager"), N_("memory (RAM)"),
               N_("gives each process its own address space and maps it to RAM")),
    "files": (N_("file systems"), N_("disk"), N_("turns files and folders into blocks on the disk")),
    "network": (N_("network stack"), N_("network card"), N_("turns data on a socket into packets on the wire")),
})
"""Parts of the kernel a figure can draw, in drawing order (left to right):
key -> (label, the hardware it manages, what it does), in English (translate with ``t``)."""

SYSCALL_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    (NP_("program", "shell"), "fork(), execve()", "processes"),
    (NP_("program", "database"), "mmap()", "memory"),
    (NP_("program", "database"), "read(), write()", "files"),
    (NP_("program", "web server"), "recv(), send()", "network"),
)
"""Default calls of :func:`syscall_figure`: (program, system calls, kernel part). The calls are Linux
system calls documented in the syscalls(2) manual page."""

NAMESPACE_TYPES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "pid": (NP_("namespace", "PID"), N_("process IDs")),
    "net": (NP_("namespace", "Network"), N_("network devices, ports")),
    "mnt": (NP_("namespace", "Mount"), N_("mount points (file tree)")),
    "uts": (NP_("namespace", "UTS"), N_("hostname and domain name")),
    "ipc": (NP_("namespace", "IPC"), N_("shared memory, queues")),
    "user": (NP_("namespace", "User"), N_("user and group IDs")),
    "cgroup": (NP_("namespace", "Cgroup"), N_("cgroup root directory")),
    "time": (NP_("namespace", "Time"), N_("boot, monotonic clocks")),
})
"""The eight Linux namespace types (namespaces(7)): key -> (name, what it isolates), in English (translate the
name with ``tp("namespace", name)`` and what it isolates with ``t``)."""

_OPTIONAL_NS = ("user", "time")  # namespaces a runtime may leave off (Docker: user-namespace remapping is opt-in)

_MB_PER_GIB = 1.073741824 * 1000  # image sizes are published in MB (10^6 bytes); the model stores GiB


_GRID = theme.GRID


def _gib(x: float) -> str:
    """Memory in GiB, in MiB only below 0.1 GiB (``0.5 GiB``, not :func:`fmt.gib`'s ``512 MiB``)."""
    return fmt.gib(x) if abs(x) < 0.1 else f"{fmt.number(x)} GiB"


def _mb(gib: float) -> str:
    """Image sizes in MB (10^6 bytes), as they are published."""
    mb = gib * _MB_PER_GIB
    return f"{fmt.number(round(mb, 1))} MB" if mb < 100 else f"{mb:,.0f} MB"


_PLOT_PX = 800  # plot width a notebook gives a figure (JupyterLab at 1280 px shows about 850); text is fitted to it
_CHAR_PX = 6.3  # average width of one character at 12 px


def _chars(width_units: float, total_units: float, share: float = 1.0) -> int:
    """How many 12 px characters fit across ``width_units`` of an axis spanning ``total_units`` over ``share`` of
    the plot's width."""
    return int(width_units / total_units * share * _PLOT_PX / _CHAR_PX)


_UNITS = ("CPU", "vCPU", "GiB", "MiB", "MB", "ms", "s")


def _width(text: str) -> int:
    """Width of ``text`` in Latin characters: Hangul and other wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, chars: int) -> str:
    """``text`` shortened to ``chars`` characters' width with an ellipsis ("" when not even 3 fit)."""
    if _width(text) <= chars:
        return text
    if chars < 3:
        return ""
    out, used = "", 0
    for c in text:
        used += _width(c)
        if used > chars - 1:
            break
        out += c
    return out.rstrip() + "…"


def _fit(text: str, chars: int, lines: int = 2) -> str:
    """``text`` broken at spaces into at most ``lines`` lines of ``chars`` characters' width (joined by ``<br>``);
    the last line is shortened with an ellipsis if it still does not fit."""
    if _width(text) <= chars:
        return text
    if lines >= 2 and _width(text) > len(text):  # wide (Hangul) text: break after a " · " separator if one fits
        cuts = [i + 2 for i in range(len(text)) if text.startswith(" · ", i)]
        cuts = [i for i in cuts if _width(text[:i]) <= chars and _width(text[i + 1:]) <= chars]
        if cuts:
            i = min(cuts, key=lambda i: abs(2 * _width(text[:i]) - _width(text)))
            return text[:i] + "<br>" + text[i + 1:]
    if lines >= 2:  # prefer a natural break: before a parenthesis, "of" or "is", nearest the middle
        cuts = [i for i in range(len(text)) if text.startswith((" (", " of ", " is "), i)]
        cuts = [i for i in cuts if _width(text[:i]) <= chars and _width(text[i + 1:]) <= chars]
        if cuts:
            i = min(cuts, key=lambda i: abs(2 * _width(text[:i]) - _width(text)))
            return text[:i] + "<br>" + text[i + 1:]
    words, out, line = text.split(), [], ""
    if _width(text) > len(text):  # wide (Hangul) text: keep a number with its unit ("1 GiB") on one line
        glued: list[str] = []
        for w in words:
            if glued and w in _UNITS and glued[-1].replace(".", "", 1).isdigit():
                glued[-1] += " " + w
            else:
                glued.append(w)
        words = glued
    for w in words:
        if not line:
            line = w
        elif _width(line) + 1 + _width(w) <= chars:
            line += " " + w
        else:
            out.append(line)
            line = w
    out.append(line)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])]
    out = [_cut(x, chars) for x in out]
    return "<br>".join(x for x in out if x)


# ---------------------------------------------------------------------------- system calls
def _check_calls(calls: object) -> tuple[tuple[str, str, str], ...]:
    if isinstance(calls, (str, bytes)) or not isinstance(calls, Sequence) or not calls:
        raise ValueError(f"calls must be a non-empty list of (program, system calls, kernel part) tuples, "
                         f"got {calls!r}")
    out = []
    for i, c in enumerate(calls):
        if isinstance(c, (str, bytes)) or not isinstance(c, Sequence) or len(c) != 3:
            raise ValueError(f"calls[{i}] must be a (program, system calls, kernel part) tuple, got {c!r}")
        program, call, part = c
        for what, value in (("program", program), ("system calls", call)):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"calls[{i}]: the {what} must be a non-empty string, got {value!r}")
        if part not in KERNEL_PARTS:
            raise ValueError(f"calls[{i}]: unknown kernel part {part!r}; known: "
                             f"{', '.join(repr(k) for k in KERNEL_PARTS)}")
        out.append((program.strip(), call.strip(), part))
    if len({p for p, _, _ in out}) > 5:
        raise ValueError(f"calls name {len({p for p, _, _ in out})} programs; the figure has room for at most 5")
    return tuple(out)


def syscall_figure(calls: Sequence[tuple[str, str, str]] = SYSCALL_EXAMPLES, *, title: str | None = None) -> go.Figure:
    """User space and kernel space, with programs' system calls crossing the boundary.

    Programs (green) live in user space and cannot touch the hardware; every
    request (start a process, get memory, read a file, send data) is a system
    call into kernel space, where the part of the kernel that owns that
    resource does the work through a device driver. Point at an arrow to read
    what the call asks for.

    Parameters
    ----------
    calls : sequence of (program, system calls, kernel part)
        One arrow each; ``kernel part`` is a key of :data:`KERNEL_PARTS`. At
        most 5 different programs. Default: :data:`SYSCALL_EXAMPLES`.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> from vizlib.figures.kernel import syscall_figure
    >>> fig = syscall_figure()
    >>> [a.text for a in fig.layout.annotations if a.showarrow and a.text][:2]
    ['fork(), execve()', 'mmap()']
    >>> fig = syscall_figure([("editor", "write()", "files")])
    >>> "editor" in fig.layout.meta["description"]
    True
    """
    calls = _check_calls(calls)
    title = theme.check_title(title)
    parts = list(KERNEL_PARTS)
    n_parts = len(parts)
    W, H = 100.0, 100.0
    left, right = 23.0, 99.0  # x 0..21: the column naming the bands
    slot = (right - left) / n_parts
    part_x = {p: left + slot * (i + 0.5) for i, p in enumerate(parts)}
    box_w = slot * 0.8

    # programs, ordered (and placed) by the parts they call, so arrows do not cross
    programs = list(dict.fromkeys(p for p, _, _ in calls))
    target = {p: sum(part_x[k] for q, _, k in calls if q == p) / sum(1 for q, _, _ in calls if q == p)
              for p in programs}
    programs.sort(key=lambda p: target[p])
    prog_w = min(box_w * 1.15, (right - left) / len(programs) * 0.82)
    xs = [target[p] for p in programs]
    for i in range(1, len(xs)):  # keep boxes apart
        xs[i] = max(xs[i], xs[i - 1] + prog_w * 1.12)
    overflow = xs[-1] + prog_w / 2 - right
    if overflow > 0:
        xs = [x - overflow for x in xs]
    for i in range(len(xs) - 2, -1, -1):
        xs[i] = min(xs[i], xs[i + 1] - prog_w * 1.12)
    prog_x = dict(zip(programs, xs, strict=True))

    user = (0.0, 71.0, W, 99.0)
    kernel = (0.0, 24.0, W, 67.0)
    hardware = (0.0, 0.0, W, 22.0)
    prog_y = (78.0, 92.0)
    part_y = (45.0, 57.0)
    drv_y = (30.0, 38.0)
    hw_y = (4.0, 16.0)
    boundary = 69.0

    green, pink, grey = theme.COLORS["apps"], theme.COLORS["host_os"], theme.COLORS["hardware"]
    drv_fill = theme.tint(pink, 0.45)
    traces = [
        tr.boxes("user_space", [user], theme.tint(green, 0.08)),
        tr.boxes("kernel_space", [kernel], theme.tint(pink, 0.12)),
        tr.boxes("hardware_space", [hardware], theme.tint(grey, 0.10)),
        tr.boxes("programs", [(prog_x[p] - prog_w / 2, prog_y[0], prog_x[p] + prog_w / 2, prog_y[1]) for p in programs],
               green),
        tr.boxes("kernel_parts", [(part_x[k] - box_w / 2, part_y[0], part_x[k] + box_w / 2, part_y[1]) for k in parts],
               pink),
        tr.boxes("drivers", [(left, drv_y[0], right, drv_y[1])], drv_fill),
        tr.boxes("hardware", [(part_x[k] - box_w / 2, hw_y[0], part_x[k] + box_w / 2, hw_y[1]) for k in parts], grey),
    ]
    on = theme.text_color
    name = {p: tp("program", p) for p in programs}  # the default programs' names are translated; others shown as given
    part = {k: (t(KERNEL_PARTS[k][0]), t(KERNEL_PARTS[k][1]), t(KERNEL_PARTS[k][2])) for k in parts}
    labels = [(prog_x[p], sum(prog_y) / 2, f"<b>{name[p]}</b>", on(green), 13) for p in programs]
    labels += [(part_x[k], sum(part_y) / 2, part[k][0], on(pink), 13) for k in parts]
    labels += [((left + right) / 2, sum(drv_y) / 2,
                t("device drivers: the kernel's code that talks to each piece of hardware"), on(drv_fill), 12)]
    labels += [(part_x[k], sum(hw_y) / 2, part[k][1], on(grey), 13) for k in parts]
    bands = [
        (1.0, (user[1] + user[3]) / 2,
         t("<b>User space</b><br>(사용자 공간)<br>programs; no direct<br>access to hardware")),
        (1.0, (kernel[1] + kernel[3]) / 2,
         t("<b>Kernel space</b><br>(커널 공간)<br>the kernel: always in<br>memory, in charge<br>of the hardware")),
        (1.0, (hardware[1] + hardware[3]) / 2, t("<b>Hardware</b><br>(하드웨어)")),
    ]
    band_text = tr.texts("band_titles", [(x, y, b, theme.TEXT, 13) for x, y, b in bands], position="middle right")

    annotations: list[dict] = []
    hover: list[tuple[float, float, str]] = []
    per_prog: dict[str, list[int]] = {}
    for i, (p, _, _) in enumerate(calls):
        per_prog.setdefault(p, []).append(i)
    for i, (p, call, k) in enumerate(calls):
        mine = per_prog[p]
        j = mine.index(i)
        spread = prog_w * 0.5
        x0 = prog_x[p] + (0 if len(mine) == 1 else -spread / 2 + spread * j / (len(mine) - 1))
        x1 = part_x[k]
        annotations.append({
            "x": x1, "y": part_y[1] + 0.4, "ax": x0, "ay": prog_y[0] - 0.4, "xref": "x", "yref": "y",
            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowsize": 1.3, "arrowwidth": 2,
            "arrowcolor": theme.TEXT, "text": "", "standoff": 0, "startstandoff": 0, "name": f"call:{i}",
        })
        along = (prog_y[0] - boundary) / (prog_y[0] - part_y[1])
        xm = x0 + (x1 - x0) * along
        annotations.append({
            "x": xm, "y": boundary, "xref": "x", "yref": "y", "text": call, "showarrow": True, "arrowcolor":
            "rgba(0,0,0,0)", "ax": 0, "ay": 0, "font": {"family": "ui-monospace, 'SFMono-Regular', Menlo, "
                                                                 "Consolas, monospace", "size": 13,
                                                       "color": theme.TEXT},
            "bgcolor": theme.CARD, "bordercolor": theme.TEXT, "borderwidth": 1, "borderpad": 3,
            "name": f"syscall:{i}",
        })
        label, hw, does = part[k]
        hover.append((xm, boundary, t("<b>{program}</b> calls <b>{call}</b><br>The CPU switches to kernel mode; the "
                                      "kernel's {part}<br>{does},<br>then a driver works the {hardware}.",
                                      program=name[p], call=call, part=label, does=does, hardware=hw)))
    for k in parts:  # each part drives its hardware, through a driver
        for top, bottom, head in ((part_y[0], drv_y[1], 0), (drv_y[0], hw_y[1], 2)):
            annotations.append({
                "x": part_x[k], "y": bottom + 0.3, "ax": part_x[k], "ay": top - 0.3, "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": head, "arrowsize": 1.1, "arrowwidth": 1.5,
                "arrowcolor": theme.MUTED, "text": "", "standoff": 0, "name": f"drive:{k}",
            })
        label, hw, does = part[k]
        hover.append((part_x[k], sum(part_y) / 2, f"<b>{label}</b>: {does}"))
        hover.append((part_x[k], sum(hw_y) / 2, t("<b>{hardware}</b>: only the kernel touches it directly",
                                                  hardware=hw)))
    for p in programs:
        mine = [c for q, c, _ in calls if q == p]
        hover.append((prog_x[p], sum(prog_y) / 2, t("<b>{program}</b> (user space) asks the kernel with: {calls}",
                                                    program=name[p], calls=", ".join(mine))))
    shapes = [{"type": "line", "x0": 0, "x1": W, "y0": boundary, "y1": boundary, "xref": "x", "yref": "y",
               "line": {"color": theme.TEXT, "width": 1.5, "dash": "dash"}, "layer": "below"}]
    annotations.append({
        "x": 1.0, "y": boundary, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle", "showarrow": False,
        "text": f"<i>{t('programs ask across<br>this line with system calls')}</i>",
        "font": {"size": 12, "color": theme.TEXT}, "bgcolor": theme.CARD, "borderpad": 2, "name": "boundary",
    })
    traces += [tr.hover(hover), tr.texts("labels", labels), band_text]
    n_calls = ", ".join(f"{name[p]}: {c}" for p, c, _ in calls)
    desc = " ".join((
        t("Programs in user space ({programs}) make system calls ({calls}) that cross a dashed boundary into kernel "
          "space, where the {parts} work the {hardware} through device drivers.",
          programs=listing([name[p] for p in programs]), calls=n_calls,
          parts=listing([part[k][0] for k in parts]), hardware=listing([part[k][1] for k in parts])),
        t("Programs compute on the CPU themselves but reach devices only through the kernel."),
    ))
    text = title or t("A program runs on the CPU itself, but reaches devices only by asking the kernel")
    layout = {
        "title": theme.title(text, t("User space above the dashed line, kernel space below; point at a call to see "
                                     "what it asks for")),
        "height": 560, "margin": {"l": 16, "r": 16, "t": 84, "b": 12}, "showlegend": False,
        "annotations": annotations, "shapes": shapes, "hoverdistance": 30,
        "meta": {"description": desc, "kind": "syscalls"}, **tr.canvas(W, H),
    }
    return theme.figure(traces, layout, validate=True)


# ---------------------------------------------------------------------------- counting kernels
_STYLES = (  # colour, dash, marker of each series, in order: the hypervisors asked for, then containers
    (theme.COLORS["vm"], "solid", "circle", 7),
    (theme.COLORS["hypervisor"], "dash", "diamond-open", 11),
    (theme.COLORS["guest_os"], "dashdot", "x-thin-open", 9),
)
_CONTAINER_STYLE = (theme.COLORS["runtime"], "dot", "square", 7)


_NOW_TEXT = ("bottom right", "top left", "bottom left", "top right")  # where each series' value sits beside it


def _kernel_series(host: Host, app: App, guest_os: str, max_count: int, type2_host_os: str,
                   products: Sequence[str]) -> dict[str, list[tuple[int, float] | None]]:
    """For n = 0..max_count copies: (kernels, memory reserved for everything but the apps in GiB: the platform,
    the operating systems and the per-copy overheads), or None once n does not fit. Keys: the product keys, then
    ``"containers"``."""
    os_ = GUEST_OS[guest_os]
    vcpus = max(1, math.ceil(app.cpus - 1e-9))
    try:
        systems: dict[str, Hypervisor | ContainerRuntime] = {
            p: Hypervisor(host, product=p, host_os=type2_host_os if PRODUCTS[p].kind == "type2" else None)
            for p in products
        }
        systems["containers"] = ContainerRuntime(host)
    except AllocationError as e:
        raise ValueError(f"host is too small for a hypervisor or a container runtime: {e}") from None
    rows: dict[str, list] = {k: [] for k in systems}
    for n in range(max_count + 1):
        for key, s in systems.items():
            if rows[key] and rows[key][-1] is None:
                rows[key].append(None)
                continue
            if n:
                try:
                    if isinstance(s, Hypervisor):
                        s.create_vm(f"vm{n}", vcpus=vcpus, memory_gib=os_.memory_gib + app.memory_gib,
                                    guest_os=guest_os, app=app)
                    else:
                        s.run(f"c{n}", cpus=app.cpus, memory_gib=app.memory_gib, app=app)
                except AllocationError:
                    rows[key].append(None)
                    continue
            m = s.usage().memory
            rows[key].append((s.kernels, m.allocated - m.layers["apps"] - m.layers["stranded"]))
    return rows


def _short_name(key: str) -> str:
    return tp("series", "containers") if key == "containers" else PRODUCTS[key].label.split()[-1]


def _once(texts: list[str]) -> list[str]:
    """The same value beside several markers at one point is written once."""
    seen: set[str] = set()
    out = []
    for text in texts:
        out.append("" if text in seen else text)
        seen.add(text)
    return out


def _series_name(key: str) -> str:
    if key == "containers":
        return tp("series", "containers")
    p = PRODUCTS[key]
    return t("VMs on {product} (type {kind})", product=p.label, kind=p.kind[-1])


def _copies_hover(key: str, name: str, n: int, panel: str, y: float | None) -> str:
    """Hover text of one point of :func:`kernel_count_figure`: n copies of one series, and their kernels or memory."""
    if y is None:
        if key == "containers":
            return tn("{n} container ({series}): does not fit", "{n} containers ({series}): do not fit", n,
                      series=name)
        return tn("{n} VM ({series}): does not fit", "{n} VMs ({series}): do not fit", n, series=name)
    amount = (tn("{n} kernel", "{n} kernels", round(y), n=fmt.number(y)) if panel == "kernels"
              else f"{fmt.number(y)} GiB")
    if key == "containers":
        return tn("{n} container ({series}): {amount}", "{n} containers ({series}): {amount}", n, series=name,
                  amount=amount)
    return tn("{n} VM ({series}): {amount}", "{n} VMs ({series}): {amount}", n, series=name, amount=amount)


def _whole(param: str, value: object, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{param} must be a whole number from {lo} to {hi}, got {value!r}")
    return value


def kernel_count_figure(
    host: Host | None = None,
    app: App | None = None,
    *,
    guest_os: str = "ubuntu-server",
    count: int = 4,
    max_count: int = 16,
    type2_host_os: str = "windows-11",
    hypervisors: Sequence[str] = ("kvm", "virtualbox"),
    title: str | None = None,
) -> go.Figure:
    """Kernels running, and memory reserved for everything but the apps, for 0..``max_count`` copies.

    Each copy runs in its own VM (one series per hypervisor product; whole
    vCPUs, guest RAM = guest OS floor + app) or in its own container, placed
    on ``host`` by the model. Left: kernels running (every VM boots a guest
    kernel, on top of the kernels its hypervisor runs beneath the guests;
    containers share one). Right: memory reserved for everything but the
    apps: the platform, the operating systems and the per-copy overheads.
    A slider (plain plotly, no kernel needed) picks the number of copies; a
    line stops where no more copies fit.

    Parameters
    ----------
    host : Host, optional
        Default: 16 cores, 64 GiB.
    app : App, optional
        Default: ``App("web", cpus=0.5, memory_gib=0.5)``.
    guest_os : str
        Guest OS of the VMs (a key of :data:`vizlib.GUEST_OS`).
    count : int
        Copies selected when the figure opens (0..max_count).
    max_count : int
        Largest number of copies on the slider (1..64).
    type2_host_os : str
        Host OS under a type 2 hypervisor (a key of :data:`vizlib.GUEST_OS`).
    hypervisors : sequence of str
        One to three products of :data:`vizlib.PRODUCTS`, one series each.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.kernel import kernel_count_figure
    >>> fig = kernel_count_figure(count=5)
    >>> [t.y[5] for t in fig.data[:3]]
    [6, 6, 1]
    >>> fig.layout.sliders[0].active
    5
    """
    host = host if host is not None else Host(cpu_cores=16, memory_gib=64)
    app = app if app is not None else App("web", cpus=0.5, memory_gib=0.5)
    if not isinstance(host, Host):
        raise TypeError(f"host must be a vizlib.Host or None, got {host!r} ({type(host).__name__})")
    if not isinstance(app, App):
        raise TypeError(f"app must be a vizlib.App or None, got {app!r} ({type(app).__name__})")
    for param, value in (("guest_os", guest_os), ("type2_host_os", type2_host_os)):
        if not isinstance(value, str) or value not in GUEST_OS:
            raise ValueError(f"unknown {param} {value!r}; known: {', '.join(repr(k) for k in GUEST_OS)}")
    max_count = _whole("max_count", max_count, 1, 64)
    count = _whole("count", count, 0, max_count)
    if isinstance(hypervisors, str) or not isinstance(hypervisors, Sequence) or not 1 <= len(hypervisors) <= 3:
        raise ValueError(f"hypervisors must be a list of 1 to 3 product keys, got {hypervisors!r}")
    for p in hypervisors:
        if p not in PRODUCTS:
            raise ValueError(f"unknown product {p!r} in hypervisors; known: {', '.join(repr(k) for k in PRODUCTS)}")
    title = theme.check_title(title)
    rows = _kernel_series(host, app, guest_os, max_count, type2_host_os, tuple(hypervisors))
    series = [(key, _series_name(key), *style) for key, style in zip(
        (*hypervisors, "containers"), (*_STYLES[:len(hypervisors)], _CONTAINER_STYLE), strict=True)]
    ns = list(range(max_count + 1))

    def fits(key: str) -> int:
        return max(n for n in ns if rows[key][n] is not None)

    traces: list[dict] = []
    for panel, idx in (("kernels", 0), ("memory", 1)):
        ax = "" if panel == "kernels" else "2"
        for key, name, colour, dash, symbol, size in series:
            ys = [None if r is None else r[idx] for r in rows[key]]
            hover = [_copies_hover(key, name, n, panel, y) for n, y in zip(ns, ys, strict=True)]
            traces.append({
                "type": "scatter", "name": name, "x": ns, "y": ys, "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5, "dash": dash, "shape": "linear"},
                "marker": {"symbol": symbol, "size": size, "color": colour, "line": {"color": colour, "width": 2}},
                "hovertext": hover,
                "hovertemplate": "%{hovertext}<extra></extra>", "xaxis": f"x{ax}", "yaxis": f"y{ax}",
                "showlegend": panel == "kernels", "legendgroup": key, "meta": {"key": f"{panel}_{key}"},
            })

    def current(n: int) -> list[dict]:
        out = []
        for panel, idx in (("kernels", 0), ("memory", 1)):
            ax = "" if panel == "kernels" else "2"
            pts = [(k, rows[k][n]) for k, *_ in series]
            out.append({
                "type": "scatter", "x": [n for _, r in pts if r is not None],
                "y": [r[idx] for _, r in pts if r is not None], "mode": "markers+text",
                "text": _once([fmt.number(r[idx]) for _, r in pts if r is not None]),
                "textposition": [pos for (_, r), pos in zip(pts, _NOW_TEXT[:len(pts)], strict=True) if r is not None],
                "textfont": {"size": 14, "color": theme.TEXT, "weight": 600,
                             "shadow": "0 0 3px rgba(255,255,255,0.95)"},
                "marker": {"size": 14, "color": "rgba(0,0,0,0)", "line": {"width": 2.5, "color": theme.TEXT}},
                "hoverinfo": "skip", "showlegend": False, "xaxis": f"x{ax}", "yaxis": f"y{ax}",
                "name": f"now_{panel}", "meta": {"key": f"now_{panel}"}, "cliponaxis": False,
            })
        return out

    def heading(n: int) -> str:
        if title is not None:
            return title
        parts = []
        for key, *_ in series:
            r = rows[key][n]
            short = _short_name(key)
            parts.append(t("{system} {kernels}", system=short, kernels=r[0]) if r is not None
                         else t("{system}: do not fit", system=short))
        return tn("{n} copy of the app · kernels: {counts}", "{n} copies of the app · kernels: {counts}", n,
                  counts=", ".join(parts))

    def readout(n: int) -> str:
        parts = [t("{amount} on {system}", amount=_gib(rows[key][n][1]), system=_short_name(key))
                 if rows[key][n] is not None else t("{system}: only {n} fit", system=_short_name(key), n=fits(key))
                 for key, *_ in series]
        return t("Reserved for all but the apps (platform, OSes, per-copy overhead): {amounts}",
                 amounts=" · ".join(parts))

    traces += current(count)
    frames = [{"name": str(n), "data": current(n), "traces": [len(traces) - 2, len(traces) - 1],
               "layout": {"title": theme.title(heading(n), readout(n)),
                          "shapes": _now_lines(n)}} for n in ns]
    steps = [{"method": "animate", "label": str(n),
              "args": [[str(n)], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                  "transition": {"duration": 0}}]} for n in ns]
    kmax = max(r[0] for key in rows for r in rows[key] if r is not None)
    mmax = max(r[1] for key in rows for r in rows[key] if r is not None)
    axis = {"fixedrange": True, "showgrid": True, "gridcolor": _GRID, "rangemode": "tozero"}
    xaxis = {**axis, "range": [-0.6, max_count + 0.6], "dtick": max(1, math.ceil(max_count / 16)),
             "title": {"text": t("copies of the app (VMs or containers)")}}
    vm_parts = "; ".join(
        tn("on {product} one guest kernel per VM plus {n} kernel beneath them (up to {fits} VMs fit)",
           "on {product} one guest kernel per VM plus {n} kernels beneath them (up to {fits} VMs fit)",
           PRODUCTS[k].kernels_beneath, product=PRODUCTS[k].label, fits=fits(k)) for k in hypervisors)
    desc = " ".join((
        tn("Kernels and the memory reserved for all but the apps for 0 to {max_count} copies of app {app} "
           "({cpus} CPU, {memory}) on {n} core and {host_memory} GiB.",
           "Kernels and the memory reserved for all but the apps for 0 to {max_count} copies of app {app} "
           "({cpus} CPU, {memory}) on {n} cores and {host_memory} GiB.", host.cpu_cores,
           max_count=max_count, app=app.name, cpus=fmt.number(app.cpus), memory=_gib(app.memory_gib),
           host_memory=fmt.number(host.memory_gib)),
        t("As VMs: {vm_parts}; as containers the kernels stay at 1 (up to {fits} of {max_count} shown fit).",
          vm_parts=vm_parts, fits=fits("containers"), max_count=max_count),
        t("Selected: {heading}.", heading=heading(count)),
    ))
    layout = {
        "title": theme.title(heading(count), readout(count)), "height": 470,
        "margin": {"l": 16, "r": 24, "t": 96, "b": 16},
        "xaxis": {**xaxis, "domain": [0.0, 0.45]}, "xaxis2": {**xaxis, "domain": [0.55, 1.0], "anchor": "y2"},
        "yaxis": {**axis, "range": [0, kmax * 1.12 + 0.5], "title": {"text": t("kernels running")}},
        "yaxis2": {**axis, "range": [0, mmax * 1.12], "title": {"text": t("reserved for all but the apps (GiB)")},
                   "anchor": "x2"},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        "shapes": _now_lines(count), "hovermode": "closest",
        "sliders": [{
            "active": count, "steps": steps, "x": 0.0, "len": 1.0, "y": -0.16, "yanchor": "top",
            "pad": {"t": 8, "b": 0},
            "currentvalue": {"prefix": t("copies: "), "font": {"size": 13, "color": theme.TEXT}},
            "font": {"color": theme.TEXT, "size": 11}, "bgcolor": theme.LINE, "activebgcolor": theme.COLORS["runtime"],
            "bordercolor": theme.EDGE, "tickcolor": theme.EDGE,
        }],
        "meta": {"description": desc, "kind": "kernel_count"},
    }
    layout["margin"]["b"] = 110
    layout["height"] = 560
    return theme.figure(traces, layout, frames, validate=True)


def _now_lines(n: int) -> list[dict]:
    return [{"type": "line", "x0": n, "x1": n, "y0": 0, "y1": 1, "xref": x, "yref": y,
             "line": {"color": theme.MUTED, "width": 1, "dash": "dot"}, "layer": "below"}
            for x, y in (("x", "y domain"), ("x2", "y2 domain"))]


# ---------------------------------------------------------------------------- namespaces and cgroups
def _ns_view(key: str, c: Container) -> str:
    if key == "pid":
        return t("{app} is PID 1", app=c.app.name) if c.app else t("its first process is PID 1")
    if key == "mnt":
        return t("/ is the {image} image", image=c.image)
    if key == "uts":
        return t("hostname {name}", name=c.name)
    return t({
        "net": N_("own eth0, IP, ports"),
        "ipc": N_("own IPC objects"),
        "user": N_("own user IDs (if enabled)"),
        "cgroup": N_("own cgroup root"),
        "time": N_("own clocks (if enabled)"),
    }[key])


def _ns_hover(key: str, c: Container) -> str:
    name = c.name
    if key == "pid":
        if c.app:
            return t("Inside {name}, app {app} is PID 1 and only {name}'s processes are visible;<br>the host kernel "
                     "knows the same processes under other, host-wide PIDs.", name=name, app=c.app.name)
        return t("Inside {name}, its first process is PID 1 and only {name}'s processes are visible;<br>the host "
                 "kernel knows the same processes under other, host-wide PIDs.", name=name)
    if key == "net":
        return t("{name} has its own network interfaces, IP address, routing table and ports:<br>two containers can "
                 "both listen on port 80.", name=name)
    if key == "mnt":
        return t("{name}'s file tree starts at the {image} image's files, not at the host's /.", name=name,
                 image=c.image)
    if key == "uts":
        return t("{name} can have its own hostname without renaming the host.", name=name)
    if key == "ipc":
        return t("Shared memory and message queues of {name} are invisible to other containers.", name=name)
    if key == "user":
        return t("With a user namespace, root (UID 0) inside {name} maps to an unprivileged user outside.<br>Runtimes "
                 "do not always turn it on: Docker does only when configured (userns-remap).", name=name)
    if key == "cgroup":
        return t("{name} sees its own cgroup as the root of the cgroup tree.", name=name)
    return t("{name} could see its own boot-time and monotonic clocks; runtimes rarely use this one.", name=name)


def _cgroup_hover(unit: str, capped: bool, words: dict[str, str]) -> str:
    """What a container's CPU or memory row means: its request, its limit (if any) and its app's use."""
    if unit == "CPU":
        if capped:
            return t("{name} requests {request} of CPU time: reserved for it, and what a scheduler counts;<br>capped "
                     "at {limit} (above it the kernel throttles it); its app uses {used}.", **words)
        return t("{name} requests {request} of CPU time: reserved for it, and what a scheduler counts;<br>not capped: "
                 "it may use more while the host has room; its app uses {used}.", **words)
    if capped:
        return t("{name} requests {request} of memory: reserved for it, and what a scheduler counts;<br>capped at "
                 "{limit} (above it the kernel kills a process in it); its app uses {used}.", **words)
    return t("{name} requests {request} of memory: reserved for it, and what a scheduler counts;<br>not capped: it "
             "may use more while the host has room; its app uses {used}.", **words)


def _container_sentence(c: Container) -> str:
    """One container's requests, limits and use, for the description of :func:`namespaces_figure`."""
    words = {"name": c.name, "cpus": fmt.number(c.cpus), "memory": _gib(c.memory_gib),
             "app_cpus": fmt.number(c.app_cpus), "app_memory": _gib(c.app_memory_gib)}
    if c.limit_cpus is not None and c.limit_memory_gib is not None:
        return t("{name} requests {cpus} CPU and {memory}, limited to {limit_cpus} CPU, limited to {limit_memory} "
                 "(app uses {app_cpus} CPU, {app_memory})", **words, limit_cpus=fmt.number(c.limit_cpus),
                 limit_memory=_gib(c.limit_memory_gib))
    if c.limit_cpus is not None:
        return t("{name} requests {cpus} CPU and {memory}, limited to {limit_cpus} CPU (app uses {app_cpus} CPU, "
                 "{app_memory})", **words, limit_cpus=fmt.number(c.limit_cpus))
    if c.limit_memory_gib is not None:
        return t("{name} requests {cpus} CPU and {memory}, limited to {limit_memory} (app uses {app_cpus} CPU, "
                 "{app_memory})", **words, limit_memory=_gib(c.limit_memory_gib))
    return t("{name} requests {cpus} CPU and {memory} (app uses {app_cpus} CPU, {app_memory})", **words)


def namespaces_figure(runtime: ContainerRuntime, *, max_containers: int = 4, title: str | None = None) -> go.Figure:
    """What each container sees (namespaces) and what it may use (cgroups), on one host kernel.

    One column per container (the first ``max_containers``). Eight rows, one
    per namespace type of namespaces(7), say what that container gets as its
    own; two rows show, for CPU and memory, how much its app uses, what it
    requests (reserved) and its limit (the cgroup's cap), from the model. Underneath, the one host kernel that keeps all
    of them apart.

    Parameters
    ----------
    runtime : ContainerRuntime
        With at least one container.
    max_containers : int
        Columns to draw (1..6); further containers are counted in a note.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.kernel import namespaces_figure
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=16))
    >>> _ = rt.run("web", cpus=1, memory_gib=1, app=vz.App("nginx", cpus=0.5, memory_gib=0.25))
    >>> fig = namespaces_figure(rt)
    >>> "hostname web" in fig.data[-1].text
    True
    """
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    if not runtime.containers:
        raise ValueError("runtime has no containers; start one with runtime.run(...) first")
    max_containers = _whole("max_containers", max_containers, 1, 6)
    title = theme.check_title(title)
    shown = runtime.containers[:max_containers]
    hidden = len(runtime.containers) - len(shown)
    k = len(shown)
    W = 100.0
    label_w = 22.0
    gap = 1.2
    col_w = (W - label_w - gap * k) / k
    col_x = [label_w + gap + i * (col_w + gap) for i in range(k)]
    fit = _chars(col_w - 0.6, W)  # characters per line in a column
    label_fit = _chars(label_w - 0.8, W)
    row_h, pad = 3.0, 0.35
    keys = list(NAMESPACE_TYPES)
    # y grows upwards: hardware, kernel, cgroup rows, namespace rows, header
    y_hw = (0.0, 2.6)
    y_kernel = (3.2, 6.8)
    y_mem = (8.2, 8.2 + row_h)
    y_cpu = (y_mem[1] + 0.4, y_mem[1] + 0.4 + row_h)
    y_cg_title = y_cpu[1] + 1.3
    ns_top = y_cg_title + 1.4 + row_h * len(keys)
    ns_rows = {key: (ns_top - row_h * (i + 1), ns_top - row_h * i) for i, key in enumerate(keys)}
    y_ns_title = ns_top + 1.3
    y_head = (y_ns_title + 1.1, y_ns_title + 1.1 + row_h * 1.25)
    H = y_head[1] + 0.3

    ct, green, pink, grey = (theme.COLORS[k_] for k_ in ("container", "apps", "host_os", "hardware"))
    cell, optional = theme.tint(ct, 0.45), theme.tint(ct, 0.18)
    rects: dict[str, list] = {"header": [], "ns": [], "ns_optional": [], "limit": [], "used": []}
    labels: list[tuple[float, float, str, str, int]] = []
    left_labels: list[tuple[float, float, str, str, int]] = []
    hover: list[tuple[float, float, str]] = []
    for c, x in zip(shown, col_x, strict=True):
        cx = x + col_w / 2
        rects["header"].append((x, y_head[0], x + col_w, y_head[1]))
        head = t("container {name}", name=c.name)
        head = head if _width(head) <= fit else _cut(c.name, fit)
        labels.append((cx, sum(y_head) / 2, f"<b>{head}</b><br>{_cut(t('image {image}', image=c.image), fit)}",
                       theme.text_color(ct), 12))
        hover.append((cx, sum(y_head) / 2, t("<b>{name}</b>: a group of processes with its own namespaces and "
                                             "cgroup,<br>started from image {image}", name=c.name, image=c.image)))
        for key, (y0, y1) in ns_rows.items():
            box = (x, y0 + pad, x + col_w, y1 - pad)
            rects["ns_optional" if key in _OPTIONAL_NS else "ns"].append(box)
            labels.append((cx, (y0 + y1) / 2, _fit(_ns_view(key, c), fit), theme.TEXT, 12))
            hover.append((cx, (y0 + y1) / 2, _ns_hover(key, c)))
        for (y0, y1), request, limit, used, unit in (
            (y_cpu, c.cpus, c.limit_cpus, c.app_cpus, "CPU"),
            (y_mem, c.memory_gib, c.limit_memory_gib, c.app_memory_gib, "GiB"),
        ):
            rects["limit"].append((x, y0 + pad, x + col_w, y1 - pad))
            scale = limit if limit is not None else max(request, used)
            frac = min(1.0, used / scale) if scale > 0 else 0.0
            if frac > 0:
                rects["used"].append((x, y0 + pad, x + col_w * frac, y1 - pad))

            def amount(v: float, unit: str = unit) -> str:
                return f"{fmt.number(v)} CPU" if unit == "CPU" else _gib(v)

            words = {"name": c.name, "request": amount(request), "used": amount(used)}
            if limit is not None:
                words["limit"] = amount(limit)
                text = t("uses {used} · requests {request} · limit {limit}", **words)
            else:
                text = t("uses {used} · requests {request} · no limit", **words)
            labels.append((cx, (y0 + y1) / 2, _fit(text, fit), theme.TEXT, 12))
            hover.append((cx, (y0 + y1) / 2, _cgroup_hover(unit, limit is not None, words)))
    for key, (y0, y1) in ns_rows.items():
        name, what = NAMESPACE_TYPES[key]
        left_labels.append((0.5, (y0 + y1) / 2, f"<b>{tp('namespace', name)}</b><br>{_cut(t(what), label_fit)}",
                            theme.TEXT, 12))
    left_labels.append((0.5, sum(y_cpu) / 2, t("<b>CPU</b><br>use, request, limit"), theme.TEXT, 12))
    left_labels.append((0.5, sum(y_mem) / 2, t("<b>Memory</b><br>use, request, limit"), theme.TEXT, 12))
    left_labels.append((0.5, y_ns_title, t("<b>Namespaces</b>: what each container sees as its own"), theme.TEXT, 13))
    left_labels.append((0.5, y_cg_title, t("<b>Cgroups</b>: how much each container may use"), theme.TEXT, 13))
    kernel_box = (label_w + gap, y_kernel[0], W, y_kernel[1])
    hw_box = (label_w + gap, y_hw[0], W, y_hw[1])
    os_label = runtime.host_os.label
    labels.append(((kernel_box[0] + W) / 2, sum(y_kernel) / 2,
                   t("<b>one host kernel</b> ({os})<br>keeps every container's namespaces and cgroup", os=os_label),
                   theme.text_color(pink), 12))
    h = runtime.host
    labels.append(((hw_box[0] + W) / 2, sum(y_hw) / 2,
                   tn("hardware: {n} core, {memory} GiB", "hardware: {n} cores, {memory} GiB", h.cpu_cores,
                      memory=fmt.number(h.memory_gib)), theme.text_color(grey), 12))
    left_labels.append((0.5, sum(y_kernel) / 2, t("<b>Kernel</b><br>shared by all"), theme.TEXT, 12))
    hover.append(((kernel_box[0] + W) / 2, sum(y_kernel) / 2,
                  t("Every container's system calls go to this one kernel;<br>it gives each its own view and "
                    "enforces each cgroup's limits.")))
    traces = [
        tr.boxes("hardware", [hw_box], grey),
        tr.boxes("kernel", [kernel_box], pink),
        tr.boxes("header", rects["header"], ct),
        tr.boxes("namespaces", rects["ns"], cell),
        tr.boxes("namespaces_optional", rects["ns_optional"], optional, line=theme.MUTED, dash="dot"),
        tr.boxes("limits", rects["limit"], theme.COLORS["free"]),
        tr.boxes("used", rects["used"], theme.tint(green, 0.55)),
        tr.hover(hover),
        tr.texts("row_labels", left_labels, position="middle right"),
        tr.texts("labels", labels),
    ]
    n_all = len(runtime.containers)
    desc = " ".join((
        tn("{n} container on one {os} kernel.", "{n} containers on one {os} kernel.", n_all, os=os_label),
        t("For {names}: each sees its own process IDs (its app is PID 1), network, file tree (its image), hostname "
          "and IPC objects, and optionally its own user IDs and clocks; {details}.",
          names=listing([c.name for c in shown]), details="; ".join(_container_sentence(c) for c in shown)),
    ))
    text = title or tn("{n} container, one kernel: namespaces for what each sees, cgroups for what each may use",
                       "{n} containers, one kernel: namespaces for what each sees, cgroups for what each may use",
                       n_all)
    notes = [t("Dotted boxes: namespaces a runtime may leave off · point at a box for details")]
    if hidden:
        notes.insert(0, t("Showing {shown} of {total} containers", shown=k, total=n_all))
    layout = {
        "title": theme.title(text, " · ".join(notes)),
        "height": int(H * 15.5 + 100), "margin": {"l": 12, "r": 12, "t": 84, "b": 8}, "showlegend": False,
        "hoverdistance": 40, "meta": {"description": desc, "kind": "namespaces"}, **tr.canvas(W, H + 0.6),
    }
    return theme.figure(traces, layout, validate=True)


# ---------------------------------------------------------------------------- images and layers
_LEFT = 0.54  # share of the width the layer drawing of image_layers_figure takes


def image_layers_figure(runtime: ContainerRuntime, *, vm_guest_os: str | None = "ubuntu-server",
                        max_containers: int = 8, title: str | None = None) -> go.Figure:
    """Container images are stored once and shared; each container adds only a thin layer of its own.

    Left: the containers of ``runtime`` grouped by image, each image drawn
    once under all the containers started from it (read-only), each container
    with its own writable layer on top (its app's files, from the model).
    Right: disk space for the images as the model stores them (once per
    image), what a copy per container would take, and, if ``vm_guest_os`` is
    given, what as many VMs would take for their guest OS disks alone
    (log scale).

    Parameters
    ----------
    runtime : ContainerRuntime
        With at least one container.
    vm_guest_os : str or None
        Guest OS profile for the VM comparison bar (``None``: no VM bar).
    max_containers : int
        Containers to draw (1..12); the bars always count all of them.
    title : str, optional

    Examples
    --------
    >>> import vizlib as vz
    >>> from vizlib.figures.kernel import image_layers_figure
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=16))
    >>> for i in range(3):
    ...     _ = rt.run(f"c{i + 1}", cpus=0.5, memory_gib=0.5)
    >>> fig = image_layers_figure(rt)
    >>> [round(y, 1) for y in fig.data[-1].y]
    [5.6, 16.8, 16106.1]
    """
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    if not runtime.containers:
        raise ValueError("runtime has no containers; start one with runtime.run(...) first")
    if vm_guest_os is not None and (not isinstance(vm_guest_os, str) or vm_guest_os not in GUEST_OS):
        raise ValueError(f"unknown vm_guest_os {vm_guest_os!r}; known: None, "
                         f"{', '.join(repr(k) for k in GUEST_OS)}")
    max_containers = _whole("max_containers", max_containers, 1, 12)
    title = theme.check_title(title)
    everyone = runtime.containers
    n = len(everyone)
    images = list(dict.fromkeys(c.image for c in everyone))
    shown = [c for im in images for c in everyone if c.image == im][:max_containers]
    hidden = n - len(shown)
    disk = runtime.usage().disk.layers
    stored_images = disk["runtime"]  # the model stores each distinct image once
    copies = sum(IMAGES[c.image] for c in everyone)
    own = {c.name: (c.app.disk_gib if c.app else 0.0) for c in everyone}

    # -- left: the layer drawing (x 0..60 units)
    W_left = 60.0
    k = len(shown)
    gap = 0.8
    col_w = (W_left - gap * (k - 1)) / k
    col_x = [i * (col_w + gap) for i in range(k)]
    y_disk, y_img, y_rw, y_name = (0.0, 2.2), (2.8, 7.6), (8.0, 10.6), (11.0, 13.0)
    ct, rt_c, green, grey = (theme.COLORS[x] for x in ("container", "runtime", "apps", "hardware"))
    img_rects, rw_rects, name_rects = [], [], []
    labels: list[tuple[float, float, str, str, int]] = []
    hover: list[tuple[float, float, str]] = []
    for im in images:
        idx = [i for i, c in enumerate(shown) if c.image == im]
        if not idx:
            continue
        x0, x1 = col_x[idx[0]], col_x[idx[-1]] + col_w
        img_rects.append((x0, y_img[0], x1, y_img[1]))
        users = [c.name for c in everyone if c.image == im]
        room = _chars(x1 - x0 - 0.6, W_left, _LEFT)
        stored_once = t("read-only, stored once")
        text = (t("<b>{image} image</b> · {size}", image=im, size=_mb(IMAGES[im])) + "<br>" + stored_once
                if room >= max(24, _width(stored_once))
                else f"<b>{_cut(im, room)}</b><br>{_cut(_mb(IMAGES[im]), room)}")
        labels.append(((x0 + x1) / 2, sum(y_img) / 2, text, theme.text_color(rt_c), 12))
        hover.append(((x0 + x1) / 2, sum(y_img) / 2,
                      tn("<b>{image} image</b> ({size}): read-only layers, stored once on disk<br>and shared by {n} "
                         "container: {names}",
                         "<b>{image} image</b> ({size}): read-only layers, stored once on disk<br>and shared by {n} "
                         "containers: {names}", len(users), image=im, size=_mb(IMAGES[im]),
                         names=", ".join(users[:8]) + (" ..." if len(users) > 8 else ""))))
    own_files = t("own files")
    for c, x in zip(shown, col_x, strict=True):
        cx = x + col_w / 2
        rw_rects.append((x, y_rw[0], x + col_w, y_rw[1]))
        name_rects.append((x, y_name[0], x + col_w, y_name[1]))
        files = _gib(own[c.name]) if own[c.name] > 0 else tp("files", "empty")
        room = _chars(col_w - 0.4, W_left, _LEFT)
        short = files if _width(files) <= room else ""  # a number is shown whole or not at all
        labels.append((cx, sum(y_rw) / 2, f"{own_files}<br>{files}" if room >= max(9, _width(own_files)) else short,
                       theme.text_color(green), 11))
        labels.append((cx, sum(y_name) / 2, f"<b>{_cut(c.name, room)}</b>", theme.text_color(ct), 12))
        hover.append((cx, sum(y_rw) / 2, t("<b>{name}</b>'s writable layer: its own files ({files}).<br>Writes land "
                                           "here (copy-on-write); the image below never changes.",
                                           name=c.name, files=files)))
    labels.append((W_left / 2, sum(y_disk) / 2, t("host disk"), theme.text_color(grey), 12))

    traces = [
        tr.boxes("disk", [(0, y_disk[0], W_left, y_disk[1])], grey),
        tr.boxes("images", img_rects, rt_c),
        tr.boxes("own_files", rw_rects, green),
        tr.boxes("containers", name_rects, ct),
        tr.hover(hover),
        tr.texts("labels", labels),
    ]

    # -- right: bars, MB on a log axis
    cats = [t("stored once<br>(what happens)"), tn("a copy each<br>({n} copy)", "a copy each<br>({n} copies)", n)]
    ys = [stored_images * _MB_PER_GIB, copies * _MB_PER_GIB]
    colours = [rt_c, theme.tint(rt_c, 0.35)]
    texts = [_mb(stored_images), _mb(copies)]
    hovers = [tn("{n} image stored once: {size} (the model's disk usage)",
                 "{n} images stored once: {size} (the model's disk usage)", len(images), size=_mb(stored_images)),
              tn("if the {n} container kept its own copy: {size}",
                 "if each of the {n} containers kept its own copy: {size}", n, size=_mb(copies))]
    vm_disk = None
    if vm_guest_os is not None:
        os_ = GUEST_OS[vm_guest_os]
        vm_disk = n * os_.disk_gib
        cats.append(tn("{n} VM:<br>guest OS disks", "{n} VMs:<br>guest OS disks", n))
        ys.append(vm_disk * _MB_PER_GIB)
        colours.append(theme.COLORS["guest_os"])
        texts.append(_gib(vm_disk))
        hovers.append(tn("{n} VM would each store a {os} disk of {size}: {total}",
                         "{n} VMs would each store a {os} disk of {size}: {total}", n, os=os_.label,
                         size=_gib(os_.disk_gib), total=_gib(vm_disk)))
    traces.append({
        "type": "bar", "name": "image_disk", "x": cats, "y": ys, "xaxis": "x2", "yaxis": "y2",
        "marker": {"color": colours, "line": {"width": 1, "color": theme.CARD}}, "text": texts,
        "textposition": "outside", "textfont": {"size": 12, "color": theme.TEXT}, "hovertext": hovers,
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False, "meta": {"key": "image_disk"},
        "cliponaxis": False,
    })
    lo = math.floor(math.log10(min(ys))) - 0.1
    hi = math.log10(max(ys)) + 0.6
    sentences = [
        t("{containers} started from {images} ({names}).", containers=tn("{n} container", "{n} containers", n),
          images=tn("{n} image", "{n} images", len(images)), names=", ".join(images)),
        t("Each image is stored once, read-only, and shared: {stored} on disk, where a copy per container would take "
          "{copies}.", stored=_mb(stored_images), copies=_mb(copies)),
        t("Each container adds only its own writable layer."),
    ]
    if vm_disk:
        sentences.append(tn("{n} VM would need {size} for their guest OS disks alone.",
                            "{n} VMs would need {size} for their guest OS disks alone.", n, size=_gib(vm_disk)))
    desc = " ".join(sentences)
    text = title or t("Images are stored once and shared; each container adds only a layer of its own files")
    notes = [t("Left: the layers of each container · right: disk for the images (MB, log scale)")]
    if hidden:
        notes.insert(0, t("Drawing {shown} of {total} containers", shown=len(shown), total=n))
    layout = {
        "title": theme.title(text, " · ".join(notes)),
        "height": 430, "margin": {"l": 12, "r": 16, "t": 84, "b": 16}, "showlegend": False, "hoverdistance": 30,
        "xaxis": {"visible": False, "fixedrange": True, "range": [-0.4, W_left + 0.4], "domain": [0.0, _LEFT]},
        "yaxis": {"visible": False, "fixedrange": True, "range": [-0.3, y_name[1] + 1.8]},
        "xaxis2": {"domain": [_LEFT + 0.12, 1.0], "anchor": "y2", "fixedrange": True, "ticks": "",
                   "tickfont": {"size": 11}, "tickangle": 0},
        "yaxis2": {"type": "log", "anchor": "x2", "fixedrange": True, "range": [lo, hi], "showgrid": True,
                   "gridcolor": _GRID, "title": {"text": t("disk space (MB, log scale)")}, "dtick": 1,
                   "exponentformat": "none", "separatethousands": True},
        "bargap": 0.35, "meta": {"description": desc, "kind": "image_layers"},
    }
    return theme.figure(traces, layout, validate=True)


# ---------------------------------------------------------------------------- published measurements
def performance_figure(*, title: str | None = None) -> go.Figure:
    """Published measurements: CPU throughput and network round trip, containers and VMs against bare metal.

    Left: Linpack throughput as a share of native (Docker; KVM tuned with
    pinned vCPUs and the host's CPU topology; KVM untuned). Right: network
    round-trip time (netperf TCP_RR), native and KVM. Every value is read
    from :func:`vizlib.parameters` (Felter et al., ISPASS 2015).

    Examples
    --------
    >>> from vizlib.figures.kernel import performance_figure
    >>> fig = performance_figure()
    >>> list(fig.data[0].y)
    [100.0, 100.0, 97.7, 45.0]
    """
    title = theme.check_title(title)
    p = parameters()
    keys = ["performance.docker_linpack", "performance.kvm_linpack_tuned", "performance.kvm_linpack_untuned"]
    share = [100.0] + [round(100 * p.value(k), 1) for k in keys]
    native = t("native (bare metal)")
    cats = [native, t("Docker container"), t("KVM VM, tuned"), t("KVM VM, untuned")]
    grey, blue, red = theme.COLORS["hardware"], theme.COLORS["runtime"], theme.COLORS["hypervisor"]
    colours = [grey, blue, red, theme.tint(red, 0.45)]
    rtt = [p.value("performance.native_rtt_us"), p.value("performance.kvm_rtt_us")]
    source = p["performance.kvm_rtt_us"].source
    short = source.split(",")[0] + " et al., ISPASS 2015" if "ISPASS 2015" in source else source
    hover_cpu = [t("the same machine with no virtualization: 100% by definition")] + [
        t("{measurement}: {share}% of native", measurement=p[k].description, share=f"{s:g}")
        for k, s in zip(keys, share[1:], strict=True)]
    traces = [
        {"type": "bar", "name": "linpack", "x": cats, "y": share, "marker": {"color": colours, "pattern": {
            "shape": ["", "", "", "/"], "fgcolor": theme.CARD, "solidity": 0.3}},
         "text": [f"{s:g}%" for s in share], "textposition": "outside", "textfont": {"size": 13, "color": theme.TEXT},
         "hovertext": hover_cpu, "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False,
         "meta": {"key": "linpack"}, "cliponaxis": False},
        {"type": "bar", "name": "rtt", "x": [native, t("KVM VM")], "y": rtt, "xaxis": "x2",
         "yaxis": "y2", "marker": {"color": [grey, red]}, "text": [f"{v:g} µs" for v in rtt],
         "textposition": "outside", "textfont": {"size": 13, "color": theme.TEXT},
         "hovertext": [p["performance.native_rtt_us"].description, p["performance.kvm_rtt_us"].description],
         "hovertemplate": "%{hovertext}: %{y} µs<extra></extra>", "showlegend": False, "meta": {"key": "rtt"},
         "cliponaxis": False},
    ]
    slower = rtt[1] / rtt[0]
    desc = " ".join((
        t("Published measurements ({source}).", source=short),
        t("Linpack CPU throughput: Docker {docker}% of native, tuned KVM {tuned}%, untuned KVM {untuned}%.",
          docker=f"{share[1]:g}", tuned=f"{share[2]:g}", untuned=f"{share[3]:g}"),
        t("Network round trip: native {native} µs, KVM {kvm} µs ({ratio} times as long).",
          native=f"{rtt[0]:g}", kvm=f"{rtt[1]:g}", ratio=f"{slower:.2f}"),
    ))
    axis = {"fixedrange": True, "showgrid": True, "gridcolor": _GRID, "rangemode": "tozero"}
    layout = {
        "title": theme.title(title or t("Measured: containers ran at native speed (except through NAT); VMs paid for "
                                        "tuning and for I/O"),
                             t("Source: {source} · higher is better on the left, lower on the right", source=short)),
        "height": 420, "margin": {"l": 16, "r": 16, "t": 96, "b": 16}, "showlegend": False, "bargap": 0.3,
        "xaxis": {"domain": [0.0, 0.6], "fixedrange": True, "ticks": "", "tickfont": {"size": 12}},
        "yaxis": {**axis, "range": [0, 118], "title": {"text": t("Linpack throughput (% of native)")},
                  "ticksuffix": "%"},
        "xaxis2": {"domain": [0.72, 1.0], "anchor": "y2", "fixedrange": True, "ticks": "", "tickfont": {"size": 12}},
        "yaxis2": {**axis, "anchor": "x2", "range": [0, max(rtt) * 1.2],
                   "title": {"text": t("network round trip (µs)")}},
        "meta": {"description": desc, "kind": "performance"},
        "annotations": [
            {"text": f"<b>{heading}</b>", "x": x, "xref": "paper", "y": 1.02, "yref": "paper", "yanchor": "bottom",
             "showarrow": False, "font": {"size": 13, "color": theme.TEXT}}
            for heading, x in ((t("CPU: Linpack throughput"), 0.3), (t("Network: round trip (netperf TCP_RR)"), 0.86))
        ],
    }
    return theme.figure(traces, layout, validate=True)
