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
from collections.abc import Mapping, Sequence
from functools import partial
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

_gib = partial(fmt.gib, mib_below=0.1)  # memory as these figures state it: 0.5 GiB, and MiB only below 0.1 GiB

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



def _cut(text: str, chars: int) -> str:
    """``text`` shortened to ``chars`` characters' width with an ellipsis ("" when not even 3 fit)."""
    if fmt.columns(text) <= chars:
        return text
    if chars < 3:
        return ""
    out, used = "", 0
    for c in text:
        used += fmt.columns(c)
        if used > chars - 1:
            break
        out += c
    return out.rstrip() + "…"


def _fit(text: str, chars: int, lines: int = 2) -> str:
    """``text`` broken at spaces into at most ``lines`` lines of ``chars`` characters' width (joined by ``<br>``);
    the last line is shortened with an ellipsis if it still does not fit."""
    if fmt.columns(text) <= chars:
        return text
    if lines >= 2 and fmt.columns(text) > len(text):  # wide (Hangul) text: break after a " · " separator if one fits
        cuts = [i + 2 for i in range(len(text)) if text.startswith(" · ", i)]
        cuts = [i for i in cuts if fmt.columns(text[:i]) <= chars and fmt.columns(text[i + 1:]) <= chars]
        if cuts:
            i = min(cuts, key=lambda i: abs(2 * fmt.columns(text[:i]) - fmt.columns(text)))
            return text[:i] + "<br>" + text[i + 1:]
    if lines >= 2:  # prefer a natural break: before a parenthesis, "of" or "is", nearest the middle
        cuts = [i for i in range(len(text)) if text.startswith((" (", " of ", " is "), i)]
        cuts = [i for i in cuts if fmt.columns(text[:i]) <= chars and fmt.columns(text[i + 1:]) <= chars]
        if cuts:
            i = min(cuts, key=lambda i: abs(2 * fmt.columns(text[:i]) - fmt.columns(text)))
            return text[:i] + "<br>" + text[i + 1:]
    words, out, line = text.split(), [], ""
    if fmt.columns(text) > len(text):  # wide (Hangul) text: keep a number with its unit ("1 GiB") on one line
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
        elif fmt.columns(line) + 1 + fmt.columns(w) <= chars:
            line += " " + w
        else:
            out.append(line)
            line = w
    out.append(line)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])]
    out = [_cut(x, chars) for x in out]
    return "<br>".join(x for x in out if x)


_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 (traces.boxes)
_Label = tuple[float, float, str, str, int]  # x, y, text, colour, size (traces.texts)
_Point = tuple[float, float, str]  # x, y, hover text (traces.hover)


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


# Geometry of syscall_figure on a 100 x 100 canvas, y upwards; x 0..21 is the column naming the bands.
_SYS_W, _SYS_H = 100.0, 100.0
_SYS_LEFT, _SYS_RIGHT = 23.0, 99.0  # where boxes may go
_USER_BAND = (0.0, 71.0, _SYS_W, 99.0)
_KERNEL_BAND = (0.0, 24.0, _SYS_W, 67.0)
_HARDWARE_BAND = (0.0, 0.0, _SYS_W, 22.0)
_PROG_Y, _PART_Y, _DRV_Y, _HW_Y = (78.0, 92.0), (45.0, 57.0), (30.0, 38.0), (4.0, 16.0)  # rows of boxes
_BOUNDARY = 69.0  # the dashed line between user space and kernel space
_SLOT = (_SYS_RIGHT - _SYS_LEFT) / len(KERNEL_PARTS)
_PART_X = {k: _SYS_LEFT + _SLOT * (i + 0.5) for i, k in enumerate(KERNEL_PARTS)}  # centre of each kernel part
_PART_W = _SLOT * 0.8


def _place_programs(calls: tuple[tuple[str, str, str], ...]) -> tuple[dict[str, float], float]:
    """The centre of each program's box, left to right, and the boxes' width.

    Programs are ordered (and placed) by the parts they call, so arrows do not cross, and kept apart on the canvas.
    """
    programs = list(dict.fromkeys(p for p, _, _ in calls))
    target = {p: sum(_PART_X[k] for q, _, k in calls if q == p) / sum(1 for q, _, _ in calls if q == p)
              for p in programs}
    programs.sort(key=lambda p: target[p])
    prog_w = min(_PART_W * 1.15, (_SYS_RIGHT - _SYS_LEFT) / len(programs) * 0.82)
    xs = [target[p] for p in programs]
    for i in range(1, len(xs)):  # keep boxes apart
        xs[i] = max(xs[i], xs[i - 1] + prog_w * 1.12)
    overflow = xs[-1] + prog_w / 2 - _SYS_RIGHT
    if overflow > 0:
        xs = [x - overflow for x in xs]
    for i in range(len(xs) - 2, -1, -1):
        xs[i] = min(xs[i], xs[i + 1] - prog_w * 1.12)
    return dict(zip(programs, xs, strict=True)), prog_w


def _syscall_boxes(prog_x: dict[str, float], prog_w: float) -> list[dict]:
    """The three bands, then the programs, the kernel's parts, the drivers and the hardware."""
    green, pink, grey = theme.COLORS["apps"], theme.COLORS["host_os"], theme.COLORS["hardware"]
    parts = [(_PART_X[k] - _PART_W / 2, _PART_X[k] + _PART_W / 2) for k in KERNEL_PARTS]
    return [
        tr.boxes("user_space", [_USER_BAND], theme.tint(green, 0.08)),
        tr.boxes("kernel_space", [_KERNEL_BAND], theme.tint(pink, 0.12)),
        tr.boxes("hardware_space", [_HARDWARE_BAND], theme.tint(grey, 0.10)),
        tr.boxes("programs", [(x - prog_w / 2, _PROG_Y[0], x + prog_w / 2, _PROG_Y[1]) for x in prog_x.values()],
                 green),
        tr.boxes("kernel_parts", [(x0, _PART_Y[0], x1, _PART_Y[1]) for x0, x1 in parts], pink),
        tr.boxes("drivers", [(_SYS_LEFT, _DRV_Y[0], _SYS_RIGHT, _DRV_Y[1])], theme.tint(pink, 0.45)),
        tr.boxes("hardware", [(x0, _HW_Y[0], x1, _HW_Y[1]) for x0, x1 in parts], grey),
    ]


def _syscall_texts(prog_x: dict[str, float], name: dict[str, str],
                   part: dict[str, tuple[str, str, str]]) -> list[dict]:
    """The words on the boxes, and the titles of the three bands at the left."""
    green, pink, grey = theme.COLORS["apps"], theme.COLORS["host_os"], theme.COLORS["hardware"]
    on = theme.text_color
    labels = [(x, sum(_PROG_Y) / 2, f"<b>{name[p]}</b>", on(green), 13) for p, x in prog_x.items()]
    labels += [(_PART_X[k], sum(_PART_Y) / 2, part[k][0], on(pink), 13) for k in KERNEL_PARTS]
    labels += [((_SYS_LEFT + _SYS_RIGHT) / 2, sum(_DRV_Y) / 2,
                t("device drivers: the kernel's code that talks to each piece of hardware"),
                on(theme.tint(pink, 0.45)), 12)]
    labels += [(_PART_X[k], sum(_HW_Y) / 2, part[k][1], on(grey), 13) for k in KERNEL_PARTS]
    bands = [
        ((_USER_BAND[1] + _USER_BAND[3]) / 2,
         t("<b>User space</b><br>(사용자 공간)<br>programs; no direct<br>access to hardware")),
        ((_KERNEL_BAND[1] + _KERNEL_BAND[3]) / 2,
         t("<b>Kernel space</b><br>(커널 공간)<br>the kernel: always in<br>memory, in charge<br>of the hardware")),
        ((_HARDWARE_BAND[1] + _HARDWARE_BAND[3]) / 2, t("<b>Hardware</b><br>(하드웨어)")),
    ]
    return [tr.texts("labels", labels),
            tr.texts("band_titles", [(1.0, y, b, theme.TEXT, 13) for y, b in bands], position="middle right")]


def _call_arrows(calls: tuple[tuple[str, str, str], ...], prog_x: dict[str, float], prog_w: float,
                 name: dict[str, str], part: dict[str, tuple[str, str, str]]) -> tuple[list[dict], list[_Point]]:
    """Per call, an arrow from its program to its kernel part and the call's name where the arrow crosses the
    boundary (annotations), and what the call asks for there (hover points)."""
    annotations: list[dict] = []
    hover: list[_Point] = []
    per_prog: dict[str, list[int]] = {}
    for i, (p, _, _) in enumerate(calls):
        per_prog.setdefault(p, []).append(i)
    for i, (p, call, k) in enumerate(calls):
        mine = per_prog[p]
        j = mine.index(i)
        spread = prog_w * 0.5
        x0 = prog_x[p] + (0 if len(mine) == 1 else -spread / 2 + spread * j / (len(mine) - 1))
        x1 = _PART_X[k]
        annotations.append({
            "x": x1, "y": _PART_Y[1] + 0.4, "ax": x0, "ay": _PROG_Y[0] - 0.4, "xref": "x", "yref": "y",
            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2, "arrowsize": 1.3, "arrowwidth": 2,
            "arrowcolor": theme.TEXT, "text": "", "standoff": 0, "startstandoff": 0, "name": f"call:{i}",
        })
        along = (_PROG_Y[0] - _BOUNDARY) / (_PROG_Y[0] - _PART_Y[1])
        xm = x0 + (x1 - x0) * along
        annotations.append({
            "x": xm, "y": _BOUNDARY, "xref": "x", "yref": "y", "text": call, "showarrow": True, "arrowcolor":
            "rgba(0,0,0,0)", "ax": 0, "ay": 0, "font": {"family": "ui-monospace, 'SFMono-Regular', Menlo, "
                                                                 "Consolas, monospace", "size": 13,
                                                       "color": theme.TEXT},
            "bgcolor": theme.CARD, "bordercolor": theme.TEXT, "borderwidth": 1, "borderpad": 3,
            "name": f"syscall:{i}",
        })
        label, hw, does = part[k]
        hover.append((xm, _BOUNDARY, t("<b>{program}</b> calls <b>{call}</b><br>The CPU switches to kernel mode; the "
                                       "kernel's {part}<br>{does},<br>then a driver works the {hardware}.",
                                       program=name[p], call=call, part=label, does=does, hardware=hw)))
    return annotations, hover


def _drive_arrows(part: dict[str, tuple[str, str, str]]) -> tuple[list[dict], list[_Point]]:
    """Each kernel part drives its hardware through a driver: two arrows per part (annotations), and what the part
    and its hardware are (hover points)."""
    annotations: list[dict] = []
    hover: list[_Point] = []
    for k in KERNEL_PARTS:
        for top, bottom, head in ((_PART_Y[0], _DRV_Y[1], 0), (_DRV_Y[0], _HW_Y[1], 2)):
            annotations.append({
                "x": _PART_X[k], "y": bottom + 0.3, "ax": _PART_X[k], "ay": top - 0.3, "xref": "x", "yref": "y",
                "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": head, "arrowsize": 1.1, "arrowwidth": 1.5,
                "arrowcolor": theme.MUTED, "text": "", "standoff": 0, "name": f"drive:{k}",
            })
        label, hw, does = part[k]
        hover.append((_PART_X[k], sum(_PART_Y) / 2, f"<b>{label}</b>: {does}"))
        hover.append((_PART_X[k], sum(_HW_Y) / 2, t("<b>{hardware}</b>: only the kernel touches it directly",
                                                    hardware=hw)))
    return annotations, hover


def _boundary() -> tuple[dict, dict]:
    """The dashed line between user space and kernel space (a shape), and its note (an annotation)."""
    line = {"type": "line", "x0": 0, "x1": _SYS_W, "y0": _BOUNDARY, "y1": _BOUNDARY, "xref": "x", "yref": "y",
            "line": {"color": theme.TEXT, "width": 1.5, "dash": "dash"}, "layer": "below"}
    note = {
        "x": 1.0, "y": _BOUNDARY, "xref": "x", "yref": "y", "xanchor": "left", "yanchor": "middle", "showarrow": False,
        "text": f"<i>{t('programs ask across<br>this line with system calls')}</i>",
        "font": {"size": 12, "color": theme.TEXT}, "bgcolor": theme.CARD, "borderpad": 2, "name": "boundary",
    }
    return line, note


def _syscall_description(calls: tuple[tuple[str, str, str], ...], name: dict[str, str],
                         part: dict[str, tuple[str, str, str]]) -> str:
    return " ".join((
        t("Programs in user space ({programs}) make system calls ({calls}) that cross a dashed boundary into kernel "
          "space, where the {parts} work the {hardware} through device drivers.",
          programs=listing(list(name.values())), calls=", ".join(f"{name[p]}: {c}" for p, c, _ in calls),
          parts=listing([part[k][0] for k in KERNEL_PARTS]), hardware=listing([part[k][1] for k in KERNEL_PARTS])),
        t("Programs compute on the CPU themselves but reach devices only through the kernel."),
    ))


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
    prog_x, prog_w = _place_programs(calls)
    name = {p: tp("program", p) for p in prog_x}  # the default programs' names are translated; others shown as given
    part = {k: (t(KERNEL_PARTS[k][0]), t(KERNEL_PARTS[k][1]), t(KERNEL_PARTS[k][2])) for k in KERNEL_PARTS}
    call_arrows, call_hover = _call_arrows(calls, prog_x, prog_w, name, part)
    drive_arrows, drive_hover = _drive_arrows(part)
    program_hover = [(x, sum(_PROG_Y) / 2, t("<b>{program}</b> (user space) asks the kernel with: {calls}",
                                             program=name[p], calls=", ".join(c for q, c, _ in calls if q == p)))
                     for p, x in prog_x.items()]
    line, note = _boundary()
    traces = [*_syscall_boxes(prog_x, prog_w), tr.hover(call_hover + drive_hover + program_hover),
              *_syscall_texts(prog_x, name, part)]
    text = title or t("A program runs on the CPU itself, but reaches devices only by asking the kernel")
    layout = {
        "title": theme.title(text, t("User space above the dashed line, kernel space below; point at a call to see "
                                     "what it asks for")),
        "height": 560, "margin": {"l": 16, "r": 16, "t": 84, "b": 12}, "showlegend": False,
        "annotations": [*call_arrows, *drive_arrows, note], "shapes": [line], "hoverdistance": 30,
        "meta": {"description": _syscall_description(calls, name, part), "kind": "syscalls"},
        **tr.canvas(_SYS_W, _SYS_H),
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


def _check_copies(host: object, app: object, guest_os: object, type2_host_os: object) -> tuple[Host, App]:
    """The host and the app of :func:`kernel_count_figure` (or their defaults), once its settings are valid."""
    host = host if host is not None else Host(cpu_cores=16, memory_gib=64)
    app = app if app is not None else App("web", cpus=0.5, memory_gib=0.5)
    if not isinstance(host, Host):
        raise TypeError(f"host must be a vizlib.Host or None, got {host!r} ({type(host).__name__})")
    if not isinstance(app, App):
        raise TypeError(f"app must be a vizlib.App or None, got {app!r} ({type(app).__name__})")
    for param, value in (("guest_os", guest_os), ("type2_host_os", type2_host_os)):
        if not isinstance(value, str) or value not in GUEST_OS:
            raise ValueError(f"unknown {param} {value!r}; known: {', '.join(repr(k) for k in GUEST_OS)}")
    return host, app


def _check_products(hypervisors: object) -> tuple[str, ...]:
    if isinstance(hypervisors, str) or not isinstance(hypervisors, Sequence) or not 1 <= len(hypervisors) <= 3:
        raise ValueError(f"hypervisors must be a list of 1 to 3 product keys, got {hypervisors!r}")
    for p in hypervisors:
        if p not in PRODUCTS:
            raise ValueError(f"unknown product {p!r} in hypervisors; known: {', '.join(repr(k) for k in PRODUCTS)}")
    return tuple(hypervisors)


_Rows = dict[str, list[tuple[int, float] | None]]  # what _kernel_series returns
_Series = list[tuple[str, str, str, str, str, int]]  # (key, name, colour, dash, marker, marker size) of each line


def _count_series(hypervisors: tuple[str, ...]) -> _Series:
    return [(key, _series_name(key), *style) for key, style in zip(
        (*hypervisors, "containers"), (*_STYLES[:len(hypervisors)], _CONTAINER_STYLE), strict=True)]


def _fits(rows: _Rows, key: str) -> int:
    """The most copies of series ``key`` that fit."""
    return max(n for n, r in enumerate(rows[key]) if r is not None)


def _count_lines(rows: _Rows, series: _Series) -> list[dict]:
    """One line per series in each panel: kernels (left), then memory (right)."""
    traces: list[dict] = []
    for panel, idx in (("kernels", 0), ("memory", 1)):
        ax = "" if panel == "kernels" else "2"
        for key, name, colour, dash, symbol, size in series:
            ns = list(range(len(rows[key])))
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
    return traces


def _now_markers(rows: _Rows, series: _Series, n: int) -> list[dict]:
    """Rings round the points of ``n`` copies, with their values, in each panel (the slider moves them)."""
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


def _count_heading(rows: _Rows, series: _Series, n: int, title: str | None) -> str:
    """The title for ``n`` copies: ``title`` if given, else the kernels each series runs."""
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


def _count_readout(rows: _Rows, series: _Series, n: int) -> str:
    """The subtitle for ``n`` copies: the memory each series reserves for all but the apps."""
    parts = [t("{amount} on {system}", amount=_gib(rows[key][n][1]), system=_short_name(key))
             if rows[key][n] is not None else t("{system}: only {n} fit", system=_short_name(key), n=_fits(rows, key))
             for key, *_ in series]
    return t("Reserved for all but the apps (platform, OSes, per-copy overhead): {amounts}",
             amounts=" · ".join(parts))


def _count_frames(rows: _Rows, series: _Series, max_count: int, title: str | None, now: list[int]) -> list[dict]:
    """One frame per number of copies: the rings (traces ``now``), the title and the dotted lines move."""
    return [{"name": str(n), "data": _now_markers(rows, series, n), "traces": now,
             "layout": {"title": theme.title(_count_heading(rows, series, n, title), _count_readout(rows, series, n)),
                        "shapes": _now_lines(n)}} for n in range(max_count + 1)]


def _kernel_count_description(host: Host, app: App, rows: _Rows, hypervisors: tuple[str, ...], max_count: int,
                               heading: str) -> str:
    vm_parts = "; ".join(
        tn("on {product} one guest kernel per VM plus {n} kernel beneath them (up to {fits} VMs fit)",
           "on {product} one guest kernel per VM plus {n} kernels beneath them (up to {fits} VMs fit)",
           PRODUCTS[k].kernels_beneath, product=PRODUCTS[k].label, fits=_fits(rows, k)) for k in hypervisors)
    return " ".join((
        tn("Kernels and the memory reserved for all but the apps for 0 to {max_count} copies of app {app} "
           "({cpus} CPU, {memory}) on {n} core and {host_memory} GiB.",
           "Kernels and the memory reserved for all but the apps for 0 to {max_count} copies of app {app} "
           "({cpus} CPU, {memory}) on {n} cores and {host_memory} GiB.", host.cpu_cores,
           max_count=max_count, app=app.name, cpus=fmt.number(app.cpus), memory=_gib(app.memory_gib),
           host_memory=fmt.number(host.memory_gib)),
        t("As VMs: {vm_parts}; as containers the kernels stay at 1 (up to {fits} of {max_count} shown fit).",
          vm_parts=vm_parts, fits=_fits(rows, "containers"), max_count=max_count),
        t("Selected: {heading}.", heading=heading),
    ))


def _kernel_count_axes(rows: _Rows, max_count: int) -> dict:
    """The two panels' axes: copies across, kernels (left) and memory (right) up."""
    kmax = max(r[0] for key in rows for r in rows[key] if r is not None)
    mmax = max(r[1] for key in rows for r in rows[key] if r is not None)
    axis = {"fixedrange": True, "showgrid": True, "gridcolor": _GRID, "rangemode": "tozero"}
    xaxis = {**axis, "range": [-0.6, max_count + 0.6], "dtick": max(1, math.ceil(max_count / 16)),
             "title": {"text": t("copies of the app (VMs or containers)")}}
    return {
        "xaxis": {**xaxis, "domain": [0.0, 0.45]}, "xaxis2": {**xaxis, "domain": [0.55, 1.0], "anchor": "y2"},
        "yaxis": {**axis, "range": [0, kmax * 1.12 + 0.5], "title": {"text": t("kernels running")}},
        "yaxis2": {**axis, "range": [0, mmax * 1.12], "title": {"text": t("reserved for all but the apps (GiB)")},
                   "anchor": "x2"},
    }


def _copies_slider(max_count: int, count: int) -> dict:
    steps = [{"method": "animate", "label": str(n),
              "args": [[str(n)], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                  "transition": {"duration": 0}}]} for n in range(max_count + 1)]
    return {
        "active": count, "steps": steps, "x": 0.0, "len": 1.0, "y": -0.16, "yanchor": "top",
        "pad": {"t": 8, "b": 0},
        "currentvalue": {"prefix": t("copies: "), "font": {"size": 13, "color": theme.TEXT}},
        "font": {"color": theme.TEXT, "size": 11}, "bgcolor": theme.LINE, "activebgcolor": theme.COLORS["runtime"],
        "bordercolor": theme.EDGE, "tickcolor": theme.EDGE,
    }


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
    host, app = _check_copies(host, app, guest_os, type2_host_os)
    max_count = _whole("max_count", max_count, 1, 64)
    count = _whole("count", count, 0, max_count)
    hypervisors = _check_products(hypervisors)
    title = theme.check_title(title)
    rows = _kernel_series(host, app, guest_os, max_count, type2_host_os, hypervisors)
    series = _count_series(hypervisors)
    traces = _count_lines(rows, series) + _now_markers(rows, series, count)
    heading = _count_heading(rows, series, count, title)
    layout = {
        "title": theme.title(heading, _count_readout(rows, series, count)), "height": 560,
        "margin": {"l": 16, "r": 24, "t": 96, "b": 110}, **_kernel_count_axes(rows, max_count),
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        "shapes": _now_lines(count), "hovermode": "closest", "sliders": [_copies_slider(max_count, count)],
        "meta": {"description": _kernel_count_description(host, app, rows, hypervisors, max_count, heading),
                 "kind": "kernel_count"},
    }
    frames = _count_frames(rows, series, max_count, title, [len(traces) - 2, len(traces) - 1])
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


def _check_runtime(runtime: object) -> ContainerRuntime:
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    if not runtime.containers:
        raise ValueError("runtime has no containers; start one with runtime.run(...) first")
    return runtime


# Geometry of namespaces_figure, y upwards: hardware, kernel, cgroup rows, namespace rows, a header per container.
_NS_W, _NS_LABEL_W, _NS_GAP = 100.0, 22.0, 1.2  # canvas width, the column naming the rows, gap between columns
_ROW_H, _ROW_PAD = 3.0, 0.35
_Y_HW, _Y_KERNEL = (0.0, 2.6), (3.2, 6.8)
_Y_MEM = (8.2, 8.2 + _ROW_H)
_Y_CPU = (_Y_MEM[1] + 0.4, _Y_MEM[1] + 0.4 + _ROW_H)
_Y_CG_TITLE = _Y_CPU[1] + 1.3
_NS_TOP = _Y_CG_TITLE + 1.4 + _ROW_H * len(NAMESPACE_TYPES)
_Y_NS = {key: (_NS_TOP - _ROW_H * (i + 1), _NS_TOP - _ROW_H * i) for i, key in enumerate(NAMESPACE_TYPES)}
_Y_NS_TITLE = _NS_TOP + 1.3
_Y_HEAD = (_Y_NS_TITLE + 1.1, _Y_NS_TITLE + 1.1 + _ROW_H * 1.25)
_NS_H = _Y_HEAD[1] + 0.3
_KERNEL_BOX = (_NS_LABEL_W + _NS_GAP, _Y_KERNEL[0], _NS_W, _Y_KERNEL[1])
_HW_BOX = (_NS_LABEL_W + _NS_GAP, _Y_HW[0], _NS_W, _Y_HW[1])

def _cgroup_cell(
    c: Container, x: float, col_w: float, fit: int, unit: str,
) -> tuple[_Rect, _Rect | None, _Label, _Point]:
    """One container's CPU or memory row: the limit's rectangle, the rectangle of what its app uses (``None`` when
    it uses nothing), a label and a hover point."""
    if unit == "CPU":
        (y0, y1), request, limit, used = _Y_CPU, c.cpus, c.limit_cpus, c.app_cpus
    else:
        (y0, y1), request, limit, used = _Y_MEM, c.memory_gib, c.limit_memory_gib, c.app_memory_gib
    scale = limit if limit is not None else max(request, used)
    frac = min(1.0, used / scale) if scale > 0 else 0.0
    used_rect = (x, y0 + _ROW_PAD, x + col_w * frac, y1 - _ROW_PAD) if frac > 0 else None

    def amount(v: float) -> str:
        return f"{fmt.number(v)} CPU" if unit == "CPU" else _gib(v)

    words = {"name": c.name, "request": amount(request), "used": amount(used)}
    if limit is not None:
        words["limit"] = amount(limit)
        text = t("uses {used} · requests {request} · limit {limit}", **words)
    else:
        text = t("uses {used} · requests {request} · no limit", **words)
    return ((x, y0 + _ROW_PAD, x + col_w, y1 - _ROW_PAD), used_rect,
            (x + col_w / 2, (y0 + y1) / 2, _fit(text, fit), theme.TEXT, 12),
            (x + col_w / 2, (y0 + y1) / 2, _cgroup_hover(unit, limit is not None, words)))


def _ns_column(c: Container, x: float, col_w: float, fit: int) -> tuple[dict[str, list], list[_Label], list[_Point]]:
    """One container's column: its header, a cell per namespace, its CPU and memory rows (rectangles by kind,
    labels and hover points, top down)."""
    ct = theme.COLORS["container"]
    cx = x + col_w / 2
    rects: dict[str, list] = {"header": [(x, _Y_HEAD[0], x + col_w, _Y_HEAD[1])], "ns": [], "ns_optional": [],
                              "limit": [], "used": []}
    head = t("container {name}", name=c.name)
    head = head if fmt.columns(head) <= fit else _cut(c.name, fit)
    labels = [(cx, sum(_Y_HEAD) / 2, f"<b>{head}</b><br>{_cut(t('image {image}', image=c.image), fit)}",
               theme.text_color(ct), 12)]
    hover = [(cx, sum(_Y_HEAD) / 2, t("<b>{name}</b>: a group of processes with its own namespaces and "
                                      "cgroup,<br>started from image {image}", name=c.name, image=c.image))]
    for key, (y0, y1) in _Y_NS.items():
        rects["ns_optional" if key in _OPTIONAL_NS else "ns"].append((x, y0 + _ROW_PAD, x + col_w, y1 - _ROW_PAD))
        labels.append((cx, (y0 + y1) / 2, _fit(_ns_view(key, c), fit), theme.TEXT, 12))
        hover.append((cx, (y0 + y1) / 2, _ns_hover(key, c)))
    for unit in ("CPU", "GiB"):
        limit, used, label, point = _cgroup_cell(c, x, col_w, fit, unit)
        rects["limit"].append(limit)
        if used:
            rects["used"].append(used)
        labels.append(label)
        hover.append(point)
    return rects, labels, hover


def _ns_columns(shown: Sequence[Container]) -> tuple[dict[str, list], list[_Label], list[_Point]]:
    """The columns of the containers drawn, side by side right of the row names."""
    k = len(shown)
    col_w = (_NS_W - _NS_LABEL_W - _NS_GAP * k) / k
    fit = _chars(col_w - 0.6, _NS_W)  # characters per line in a column
    rects: dict[str, list] = {"header": [], "ns": [], "ns_optional": [], "limit": [], "used": []}
    labels: list[_Label] = []
    hover: list[_Point] = []
    for i, c in enumerate(shown):
        col_rects, col_labels, col_hover = _ns_column(c, _NS_LABEL_W + _NS_GAP + i * (col_w + _NS_GAP), col_w, fit)
        for kind, found in col_rects.items():
            rects[kind] += found
        labels += col_labels
        hover += col_hover
    return rects, labels, hover


def _ns_row_names() -> list[_Label]:
    """The column at the left: what each row is."""
    label_fit = _chars(_NS_LABEL_W - 0.8, _NS_W)
    names = [(0.5, (y0 + y1) / 2, f"<b>{tp('namespace', NAMESPACE_TYPES[key][0])}</b><br>"
              f"{_cut(t(NAMESPACE_TYPES[key][1]), label_fit)}", theme.TEXT, 12) for key, (y0, y1) in _Y_NS.items()]
    return names + [
        (0.5, sum(_Y_CPU) / 2, t("<b>CPU</b><br>use, request, limit"), theme.TEXT, 12),
        (0.5, sum(_Y_MEM) / 2, t("<b>Memory</b><br>use, request, limit"), theme.TEXT, 12),
        (0.5, _Y_NS_TITLE, t("<b>Namespaces</b>: what each container sees as its own"), theme.TEXT, 13),
        (0.5, _Y_CG_TITLE, t("<b>Cgroups</b>: how much each container may use"), theme.TEXT, 13),
        (0.5, sum(_Y_KERNEL) / 2, t("<b>Kernel</b><br>shared by all"), theme.TEXT, 12),
    ]


def _ns_host(runtime: ContainerRuntime) -> tuple[list[_Label], list[_Point]]:
    """The words on the one host kernel and on the hardware, and what the kernel does (a hover point)."""
    pink, grey = theme.COLORS["host_os"], theme.COLORS["hardware"]
    h = runtime.host
    kernel = ((_KERNEL_BOX[0] + _NS_W) / 2, sum(_Y_KERNEL) / 2)
    labels = [
        (*kernel, t("<b>one host kernel</b> ({os})<br>keeps every container's namespaces and cgroup",
                    os=runtime.host_os.label), theme.text_color(pink), 12),
        ((_HW_BOX[0] + _NS_W) / 2, sum(_Y_HW) / 2, tn("hardware: {n} core, {memory} GiB",
                                                       "hardware: {n} cores, {memory} GiB", h.cpu_cores,
                                                       memory=fmt.number(h.memory_gib)), theme.text_color(grey), 12),
    ]
    hover = [(*kernel, t("Every container's system calls go to this one kernel;<br>it gives each its own view and "
                         "enforces each cgroup's limits."))]
    return labels, hover


def _ns_boxes(rects: dict[str, list]) -> list[dict]:
    ct, green = theme.COLORS["container"], theme.COLORS["apps"]
    return [
        tr.boxes("hardware", [_HW_BOX], theme.COLORS["hardware"]),
        tr.boxes("kernel", [_KERNEL_BOX], theme.COLORS["host_os"]),
        tr.boxes("header", rects["header"], ct),
        tr.boxes("namespaces", rects["ns"], theme.tint(ct, 0.45)),
        tr.boxes("namespaces_optional", rects["ns_optional"], theme.tint(ct, 0.18), line=theme.MUTED, dash="dot"),
        tr.boxes("limits", rects["limit"], theme.COLORS["free"]),
        tr.boxes("used", rects["used"], theme.tint(green, 0.55)),
    ]


def _ns_description(runtime: ContainerRuntime, shown: Sequence[Container]) -> str:
    return " ".join((
        tn("{n} container on one {os} kernel.", "{n} containers on one {os} kernel.", len(runtime.containers),
           os=runtime.host_os.label),
        t("For {names}: each sees its own process IDs (its app is PID 1), network, file tree (its image), hostname "
          "and IPC objects, and optionally its own user IDs and clocks; {details}.",
          names=listing([c.name for c in shown]), details="; ".join(_container_sentence(c) for c in shown)),
    ))


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
    runtime = _check_runtime(runtime)
    max_containers = _whole("max_containers", max_containers, 1, 6)
    title = theme.check_title(title)
    shown = runtime.containers[:max_containers]
    n_all = len(runtime.containers)
    rects, labels, hover = _ns_columns(shown)
    host_labels, host_hover = _ns_host(runtime)
    traces = [*_ns_boxes(rects), tr.hover(hover + host_hover),
              tr.texts("row_labels", _ns_row_names(), position="middle right"),
              tr.texts("labels", labels + host_labels)]
    text = title or tn("{n} container, one kernel: namespaces for what each sees, cgroups for what each may use",
                       "{n} containers, one kernel: namespaces for what each sees, cgroups for what each may use",
                       n_all)
    notes = [t("Dotted boxes: namespaces a runtime may leave off · point at a box for details")]
    if len(shown) < n_all:
        notes.insert(0, t("Showing {shown} of {total} containers", shown=len(shown), total=n_all))
    layout = {
        "title": theme.title(text, " · ".join(notes)),
        "height": int(_NS_H * 15.5 + 100), "margin": {"l": 12, "r": 12, "t": 84, "b": 8}, "showlegend": False,
        "hoverdistance": 40, "meta": {"description": _ns_description(runtime, shown), "kind": "namespaces"},
        **tr.canvas(_NS_W, _NS_H + 0.6),
    }
    return theme.figure(traces, layout, validate=True)


# ---------------------------------------------------------------------------- images and layers
_LEFT = 0.54  # share of the width the layer drawing of image_layers_figure takes
# Geometry of the layer drawing of image_layers_figure (x 0..60 units), y upwards: the host disk, the images, each
# container's writable layer and its name.
_IMG_W, _IMG_GAP = 60.0, 0.8
_Y_DISK, _Y_IMG, _Y_RW, _Y_NAME = (0.0, 2.2), (2.8, 7.6), (8.0, 10.6), (11.0, 13.0)


def _image_cells(everyone: Sequence[Container], shown: Sequence[Container], images: list[str], col_x: list[float],
                 col_w: float) -> tuple[list[_Rect], list[_Label], list[_Point]]:
    """Each image drawn once, under the columns of the containers started from it."""
    rects: list[_Rect] = []
    labels: list[_Label] = []
    hover: list[_Point] = []
    for im in images:
        idx = [i for i, c in enumerate(shown) if c.image == im]
        if not idx:
            continue
        x0, x1 = col_x[idx[0]], col_x[idx[-1]] + col_w
        rects.append((x0, _Y_IMG[0], x1, _Y_IMG[1]))
        users = [c.name for c in everyone if c.image == im]
        room = _chars(x1 - x0 - 0.6, _IMG_W, _LEFT)
        stored_once = t("read-only, stored once")
        text = (t("<b>{image} image</b> · {size}", image=im, size=_mb(IMAGES[im])) + "<br>" + stored_once
                if room >= max(24, fmt.columns(stored_once))
                else f"<b>{_cut(im, room)}</b><br>{_cut(_mb(IMAGES[im]), room)}")
        labels.append(((x0 + x1) / 2, sum(_Y_IMG) / 2, text, theme.text_color(theme.COLORS["runtime"]), 12))
        hover.append(((x0 + x1) / 2, sum(_Y_IMG) / 2,
                      tn("<b>{image} image</b> ({size}): read-only layers, stored once on disk<br>and shared by {n} "
                         "container: {names}",
                         "<b>{image} image</b> ({size}): read-only layers, stored once on disk<br>and shared by {n} "
                         "containers: {names}", len(users), image=im, size=_mb(IMAGES[im]),
                         names=", ".join(users[:8]) + (" ..." if len(users) > 8 else ""))))
    return rects, labels, hover


def _writable_cells(shown: Sequence[Container], col_x: list[float],
                    col_w: float) -> tuple[list[_Rect], list[_Rect], list[_Label], list[_Point]]:
    """Each container's writable layer (its app's own files) and its name above it."""
    rw_rects: list[_Rect] = []
    name_rects: list[_Rect] = []
    labels: list[_Label] = []
    hover: list[_Point] = []
    green, ct = theme.COLORS["apps"], theme.COLORS["container"]
    own_files = t("own files")
    for c, x in zip(shown, col_x, strict=True):
        cx = x + col_w / 2
        rw_rects.append((x, _Y_RW[0], x + col_w, _Y_RW[1]))
        name_rects.append((x, _Y_NAME[0], x + col_w, _Y_NAME[1]))
        own = c.app.disk_gib if c.app else 0.0
        files = _gib(own) if own > 0 else tp("files", "empty")
        room = _chars(col_w - 0.4, _IMG_W, _LEFT)
        short = files if fmt.columns(files) <= room else ""  # a number is shown whole or not at all
        both = f"{own_files}<br>{files}" if room >= max(9, fmt.columns(own_files)) else short
        labels.append((cx, sum(_Y_RW) / 2, both, theme.text_color(green), 11))
        labels.append((cx, sum(_Y_NAME) / 2, f"<b>{_cut(c.name, room)}</b>", theme.text_color(ct), 12))
        hover.append((cx, sum(_Y_RW) / 2, t("<b>{name}</b>'s writable layer: its own files ({files}).<br>Writes land "
                                            "here (copy-on-write); the image below never changes.",
                                            name=c.name, files=files)))
    return rw_rects, name_rects, labels, hover


def _layer_drawing(everyone: Sequence[Container], images: list[str], shown: Sequence[Container]) -> list[dict]:
    """The left of :func:`image_layers_figure`: the host disk, the images on it, the containers on them."""
    k = len(shown)
    col_w = (_IMG_W - _IMG_GAP * (k - 1)) / k
    col_x = [i * (col_w + _IMG_GAP) for i in range(k)]
    img_rects, img_labels, img_hover = _image_cells(everyone, shown, images, col_x, col_w)
    rw_rects, name_rects, rw_labels, rw_hover = _writable_cells(shown, col_x, col_w)
    grey = theme.COLORS["hardware"]
    disk_label = (_IMG_W / 2, sum(_Y_DISK) / 2, t("host disk"), theme.text_color(grey), 12)
    return [
        tr.boxes("disk", [(0, _Y_DISK[0], _IMG_W, _Y_DISK[1])], grey),
        tr.boxes("images", img_rects, theme.COLORS["runtime"]),
        tr.boxes("own_files", rw_rects, theme.COLORS["apps"]),
        tr.boxes("containers", name_rects, theme.COLORS["container"]),
        tr.hover(img_hover + rw_hover),
        tr.texts("labels", [*img_labels, *rw_labels, disk_label]),
    ]


def _disk_bars(n: int, n_images: int, stored: float, copies: float, vm_guest_os: str | None) -> dict:
    """The right of :func:`image_layers_figure`: disk for the images stored once, as copies, and (if
    ``vm_guest_os``) for as many VMs' guest OS disks, in MB."""
    rt_c = theme.COLORS["runtime"]
    cats = [t("stored once<br>(what happens)"), tn("a copy each<br>({n} copy)", "a copy each<br>({n} copies)", n)]
    ys = [stored * _MB_PER_GIB, copies * _MB_PER_GIB]
    colours = [rt_c, theme.tint(rt_c, 0.35)]
    texts = [_mb(stored), _mb(copies)]
    hovers = [tn("{n} image stored once: {size} (the model's disk usage)",
                 "{n} images stored once: {size} (the model's disk usage)", n_images, size=_mb(stored)),
              tn("if the {n} container kept its own copy: {size}",
                 "if each of the {n} containers kept its own copy: {size}", n, size=_mb(copies))]
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
    return {
        "type": "bar", "name": "image_disk", "x": cats, "y": ys, "xaxis": "x2", "yaxis": "y2",
        "marker": {"color": colours, "line": {"width": 1, "color": theme.CARD}}, "text": texts,
        "textposition": "outside", "textfont": {"size": 12, "color": theme.TEXT}, "hovertext": hovers,
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False, "meta": {"key": "image_disk"},
        "cliponaxis": False,
    }


def _image_axes(ys: list[float]) -> dict:
    """The layer drawing's hidden axes (left), and the bars' axes, MB on a log scale (right)."""
    return {
        "xaxis": {"visible": False, "fixedrange": True, "range": [-0.4, _IMG_W + 0.4], "domain": [0.0, _LEFT]},
        "yaxis": {"visible": False, "fixedrange": True, "range": [-0.3, _Y_NAME[1] + 1.8]},
        "xaxis2": {"domain": [_LEFT + 0.12, 1.0], "anchor": "y2", "fixedrange": True, "ticks": "",
                   "tickfont": {"size": 11}, "tickangle": 0},
        "yaxis2": {"type": "log", "anchor": "x2", "fixedrange": True,
                   "range": [math.floor(math.log10(min(ys))) - 0.1, math.log10(max(ys)) + 0.6], "showgrid": True,
                   "gridcolor": _GRID, "title": {"text": t("disk space (MB, log scale)")}, "dtick": 1,
                   "exponentformat": "none", "separatethousands": True},
    }


def _image_description(runtime: ContainerRuntime, images: list[str], stored: float, copies: float,
                       vm_guest_os: str | None) -> str:
    n = len(runtime.containers)
    sentences = [
        t("{containers} started from {images} ({names}).", containers=tn("{n} container", "{n} containers", n),
          images=tn("{n} image", "{n} images", len(images)), names=", ".join(images)),
        t("Each image is stored once, read-only, and shared: {stored} on disk, where a copy per container would take "
          "{copies}.", stored=_mb(stored), copies=_mb(copies)),
        t("Each container adds only its own writable layer."),
    ]
    vm_disk = n * GUEST_OS[vm_guest_os].disk_gib if vm_guest_os is not None else None
    if vm_disk:
        sentences.append(tn("{n} VM would need {size} for their guest OS disks alone.",
                            "{n} VMs would need {size} for their guest OS disks alone.", n, size=_gib(vm_disk)))
    return " ".join(sentences)


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
    runtime = _check_runtime(runtime)
    if vm_guest_os is not None and (not isinstance(vm_guest_os, str) or vm_guest_os not in GUEST_OS):
        raise ValueError(f"unknown vm_guest_os {vm_guest_os!r}; known: None, "
                         f"{', '.join(repr(k) for k in GUEST_OS)}")
    max_containers = _whole("max_containers", max_containers, 1, 12)
    title = theme.check_title(title)
    everyone = runtime.containers
    images = list(dict.fromkeys(c.image for c in everyone))
    shown = [c for im in images for c in everyone if c.image == im][:max_containers]  # grouped by image
    stored = runtime.usage().disk.layers["runtime"]  # the model stores each distinct image once
    copies = sum(IMAGES[c.image] for c in everyone)
    bars = _disk_bars(len(everyone), len(images), stored, copies, vm_guest_os)
    text = title or t("Images are stored once and shared; each container adds only a layer of its own files")
    notes = [t("Left: the layers of each container · right: disk for the images (MB, log scale)")]
    if len(shown) < len(everyone):
        notes.insert(0, t("Drawing {shown} of {total} containers", shown=len(shown), total=len(everyone)))
    layout = {
        "title": theme.title(text, " · ".join(notes)),
        "height": 430, "margin": {"l": 12, "r": 16, "t": 84, "b": 16}, "showlegend": False, "hoverdistance": 30,
        **_image_axes(bars["y"]), "bargap": 0.35,
        "meta": {"description": _image_description(runtime, images, stored, copies, vm_guest_os),
                 "kind": "image_layers"},
    }
    return theme.figure([*_layer_drawing(everyone, images, shown), bars], layout, validate=True)


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
    [100.0, 100.0, 97.7, 44.8]
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
