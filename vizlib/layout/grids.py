"""Geometry of the drawings, computed from model state: which square is whose.

Pure functions, no plotly: every drawing in :mod:`vizlib.figures` is made from
what these return, so the drawings can be tested without a browser.

Coordinates are in *squares*: one square is one physical CPU core in the CPU
grid and ``gib_per_block`` GiB (usually 1) in the memory grid. ``y`` grows
upwards; grids are filled in reading order (left to right, top row first).
A share smaller than a square is drawn as a partial square. What is reserved
beyond the physical capacity (overcommit) is drawn in extra rows below the
physical grid, inside an ``"overcommitted"`` frame.

Every :class:`Block` carries ``amount`` in its resource's unit (cores or
GiB); per layer, the amounts add up to the model's
:meth:`vizlib.Hypervisor.usage` breakdown.

Words (hover text, labels, step titles) come from the message catalogue in
the language current when a layout is computed: a label is chosen by whether
it fits its box, so the layout needs the words it draws. Widths are estimated
by :func:`text_width`, which counts Hangul and other East Asian wide
characters twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vizlib.model.scenario import Refusal
from vizlib.model.stack import BENEATH_WHAT, stack_graph
from vizlib.model.systems import EPS, VIEWS, Container, ContainerRuntime, Host, Hypervisor, VirtualMachine
from vizlib.model.table import IMAGES, parameters
from vizlib.text.catalog import N_, t, tn, tp
from vizlib.text.fmt import columns

__all__ = [
    "Block",
    "Label",
    "Grid",
    "HardwareLayout",
    "Step",
    "Frame",
    "Animation",
    "DRAW_LAYERS",
    "SHAPE_KEYS",
    "core_blocks",
    "memory_blocks",
    "hardware_layout",
    "stack_layout",
    "split_steps",
    "container_steps",
    "split_animation",
    "containers_animation",
    "hover_points",
    "polygon",
    "cell_rects",
    "hatch_lines",
    "owner_outlines",
    "fmt_amount",
    "text_width",
    "CELL_GAP",
    "PX_PER_SQUARE",
    "FIT_WIDTH",
    "px_per_square",
    "SEAM",
    "BOARD_PAD",
]

DRAW_LAYERS = (
    "hardware", "hypervisor", "host_os", "guest_os", "runtime", "vm", "container", "apps", "stranded", "free",
    "overcommitted", "not_placed",
)
"""Layers in drawing order (bottom first); :func:`vizlib.figures.hardware_figure` has one trace per layer in
this order, then the owner outlines, a hover trace and a text trace."""

SHAPE_KEYS = (*DRAW_LAYERS, "owners")
"""Keys of :attr:`Frame.shapes`: every drawing layer, then ``"owners"`` (outlines around each owner's share)."""

PX_PER_SQUARE = 42
"""Largest size of one square on screen; figures size themselves to match, and labels are fitted to it."""
FIT_WIDTH = 900
"""Plot width (pixels) a drawing is made to fit: squares shrink below :data:`PX_PER_SQUARE` for wide drawings."""


def px_per_square(width: float) -> float:
    """Screen pixels per square for a drawing ``width`` squares wide.

    Examples
    --------
    >>> px_per_square(10), px_per_square(45)
    (42, 20.0)
    """
    return min(PX_PER_SQUARE, FIT_WIDTH / width)
_CHAR_PX = 6.6  # average width of a Latin character at 11 px; East Asian wide characters count twice
_LABEL_SIZE = 11
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


# ---------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Block:
    """One rectangle of a drawing.

    Parameters
    ----------
    x0, y0, x1, y1 : float
        Corners in squares (``x0 <= x1``, ``y0 <= y1``).
    layer : str
        One of :data:`DRAW_LAYERS` (its colour comes from :data:`vizlib.theme.COLORS`).
    owner : str
        Who it belongs to: a VM or container name, ``"hypervisor"``, ``"host_os"``, ``"runtime"``,
        ``"host"`` (hardware, free) or ``""``.
    label : str
        Short text drawn on the block if it fits ("" for none).
    hover : str
        What a learner reads when pointing at it.
    amount : float
        How much of the resource this rectangle stands for (cores or GiB).
    resource : str
        ``"cpu"``, ``"memory"``, ``"stack"`` or ``""``.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    layer: str
    owner: str = ""
    label: str = ""
    hover: str = ""
    amount: float = 0.0
    resource: str = ""

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Label:
    """Text at ``(x, y)``; ``position`` is a plotly ``textposition`` relative to the point."""

    x: float
    y: float
    text: str
    layer: str = ""
    position: str = "middle center"
    size: int = _LABEL_SIZE
    key: str = ""


@dataclass(frozen=True)
class Grid:
    """A grid of squares filled in reading order.

    ``capacity`` is in the resource's unit and ``unit`` is how much one square
    holds; ``(x, y)`` is the top-left corner. Positions past ``capacity`` go to
    overcommit rows ``gap`` squares below the physical rows.
    """

    resource: str
    unit: float
    capacity: float
    columns: int
    x: float = 0.0
    y: float = 0.0
    gap: float = 0.7

    @property
    def cells(self) -> float:
        """Physical squares (may end in a partial square)."""
        return self.capacity / self.unit

    @property
    def rows(self) -> int:
        return max(1, math.ceil(self.cells / self.columns - EPS))

    def excess_rows(self, reserved: float) -> int:
        """Rows needed below the grid when ``reserved`` exceeds capacity."""
        extra = (reserved - self.capacity) / self.unit
        return math.ceil(extra / self.columns - EPS) if extra > EPS else 0

    @property
    def excess_top(self) -> float:
        """Top edge of the first overcommit row."""
        return self.y - self.rows - self.gap

    def bottom(self, reserved: float = 0.0) -> float:
        """Lowest edge drawn for ``reserved`` (overcommit rows included)."""
        n = self.excess_rows(reserved)
        return self.excess_top - n if n else self.y - self.rows

    def breaks(self, reserved: float) -> list[float]:
        """Positions (resource units) where a piece must be split: row ends and the capacity."""
        step = self.columns * self.unit
        out = [k * step for k in range(1, math.ceil(self.capacity / step - EPS))]
        out.append(self.capacity)
        k = 1
        while self.capacity + k * step < reserved - EPS:
            out.append(self.capacity + k * step)
            k += 1
        return out

    def place(self, start: float, end: float) -> list[tuple[float, float, float, float, float]]:
        """Rectangles ``(x0, y0, x1, y1, amount)`` drawing positions ``start..end`` (resource units)."""
        out = []
        cuts = [start] + [b for b in self.breaks(end) if start + EPS < b < end - EPS] + [end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b - a <= EPS:
                continue
            over = a >= self.capacity - EPS
            base = self.capacity if over else 0.0
            ca, cb = (a - base) / self.unit, (b - base) / self.unit
            row = math.floor(ca / self.columns + EPS)
            top = (self.excess_top if over else self.y) - row
            x0 = self.x + ca - row * self.columns
            out.append((x0, top - 1, x0 + (cb - ca), top, b - a))
        return out

    def cell_breaks(self, reserved: float) -> list[float]:
        """Positions (resource units) of every square's edge, overcommit rows included."""
        out = [k * self.unit for k in range(1, math.ceil(self.cells - EPS))]
        out.append(self.capacity)
        k = 1
        while self.capacity + k * self.unit < reserved - EPS:
            out.append(self.capacity + k * self.unit)
            k += 1
        return out

    def board(self, hover: str) -> list[Block]:
        """The physical hardware under the squares, one block per row (layer ``"hardware"``)."""
        out = []
        for row in range(self.rows):
            w = min(float(self.columns), self.cells - row * self.columns)
            top = self.y - row
            out.append(Block(self.x, top - 1, self.x + w, top, "hardware", "host", "", hover, w * self.unit,
                             self.resource))
        return out


@dataclass(frozen=True)
class _Seg:
    layer: str
    owner: str
    amount: float
    hover: str
    name: str = ""  # owner label to draw


@dataclass(frozen=True)
class HardwareLayout:
    """Everything :func:`vizlib.figures.hardware_figure` draws, as data.

    ``blocks`` holds every rectangle (hardware rows, CPU and memory shares,
    overcommit frames, not-placed ghosts); ``labels`` the text; ``extent`` is
    ``(x0, y0, x1, y1)`` of the whole drawing; ``outlines`` are drawn
    rectangles around each owner's share in each row (see :func:`owner_outlines`);
    ``px_per_square`` is the screen size of a square that labels were fitted to.
    """

    blocks: tuple[Block, ...]
    labels: tuple[Label, ...]
    extent: tuple[float, float, float, float]
    cpu_grid: Grid
    memory_grid: Grid
    outlines: tuple[tuple[float, float, float, float], ...] = ()
    px_per_square: float = PX_PER_SQUARE

    def layer_totals(self, resource: str) -> dict[str, float]:
        """Sum of ``amount`` per layer for ``resource`` (``"cpu"`` or ``"memory"``), hardware excluded."""
        out: dict[str, float] = {}
        for b in self.blocks:
            if b.resource == resource and b.layer not in ("hardware", "overcommitted", "not_placed"):
                out[b.layer] = out.get(b.layer, 0.0) + b.amount
        return out


# ---------------------------------------------------------------------------- text helpers
def fmt_amount(x: float, unit: str = "GiB") -> str:
    """A number for people: ``1.5 GiB``, ``10 MiB`` (below 0.1 GiB), ``2 cores``, ``0.25 CPU``.

    ``unit`` is ``"GiB"``, ``"cores"`` or ``"vCPUs"`` (worded in the current language), or a unit that stays as
    it is in every language (``"CPU"``, ``"MB"``, ``"s"``, ``""`` for the bare number).

    Examples
    --------
    >>> fmt_amount(1.5), fmt_amount(10 / 1024), fmt_amount(2, "cores"), fmt_amount(1, "cores")
    ('1.5 GiB', '10 MiB', '2 cores', '1 core')
    >>> fmt_amount(1, "vCPUs"), fmt_amount(0.25, "CPU"), fmt_amount(-1e-12, "")
    ('1 vCPU', '0.25 CPU', '0')
    """
    if unit == "GiB" and 0 < abs(x) < 0.1:
        return f"{x * 1024:.0f} MiB"
    s = f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else f"{round(x)}"
    if s == "-0":
        s = "0"
    one = 1 if s == "1" else 2  # English: "1 core", "1.5 cores"
    if unit == "cores":
        return tn("{amount} core", "{amount} cores", one, amount=s)
    if unit == "vCPUs":
        return tn("{amount} vCPU", "{amount} vCPUs", one, amount=s)
    return f"{s} {unit}".strip()


def _n(x: float) -> str:
    return fmt_amount(x, "")


def text_width(text: str, size: float = _LABEL_SIZE) -> float:
    """Estimated width in pixels of ``text`` at font ``size``: its longest line (``<br>`` separates lines, other
    tags such as ``<b>`` are dropped), an East Asian wide or full-width character (Hangul, CJK) counting as two
    Latin ones.

    Examples
    --------
    >>> round(text_width("host OS"), 1), round(text_width("a<br>abc"), 1)
    (46.2, 19.8)
    >>> text_width("<b>커널</b>") == text_width("kern")
    True
    """
    widest = 0
    for line in text.split("<br>"):
        plain = _TAG.sub("", line)
        widest = max(widest, columns(plain))
    return widest * _CHAR_PX * size / _LABEL_SIZE


def _fits(text: str, width_squares: float, size: int = _LABEL_SIZE, px: float = PX_PER_SQUARE) -> bool:
    return text_width(text, size) + 4 <= width_squares * px


# ---------------------------------------------------------------------------- segments
def _check_system(system: object, param: str = "system") -> None:
    if not isinstance(system, (Hypervisor, ContainerRuntime, Host)):
        raise TypeError(
            f"{param} must be a vizlib Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )


def _host(system: Hypervisor | ContainerRuntime | Host) -> Host:
    return system if isinstance(system, Host) else system.host


def _instances(system) -> tuple[VirtualMachine | Container, ...]:
    if isinstance(system, Hypervisor):
        return system.vms
    if isinstance(system, ContainerRuntime):
        return system.containers
    return ()


def _platform_segs(system, view: str = "reserved") -> list[_Seg]:
    if isinstance(system, Host):
        return []
    out = []
    used = view == "used"
    for layer, amount in system._platform_layers(view).items():
        a = fmt_amount(amount)
        if isinstance(system, Hypervisor):
            product = system.product.label
            if layer == "hypervisor" and system.kind == "type1":
                owner, hover = "hypervisor", t("{product}, type 1: the hypervisor's own part: {amount}",
                                               product=product, amount=a)
            elif layer == "hypervisor":
                owner, hover = "hypervisor", t("{product}, type 2 hypervisor application: {amount}",
                                               product=product, amount=a)
            else:
                role, os_ = _host_role(system), system.host_os.label
                owner = "host_os"
                hover = (t("{role} ({os}) and its kernel, idle, as it is used: {amount}", role=role, os=os_, amount=a)
                         if used else t("{role} ({os}) and its kernel, its sizing floor, reserved: {amount}",
                                        role=role, os=os_, amount=a))
        elif layer == "host_os":
            os_ = system.host_os.label
            owner = "host_os"
            hover = (t("host OS ({os}): the one kernel all containers share; idle, as it is used: {amount}",
                       os=os_, amount=a) if used else
                     t("host OS ({os}): the one kernel all containers share; its sizing floor, reserved: {amount}",
                       os=os_, amount=a))
        else:
            owner, hover = "runtime", t("container runtime daemons: {amount}", amount=a)
        out.append(_Seg(layer, owner, amount, hover))
    return out


_HOST_ROLE = {"xen": "dom0", "hyper-v": N_("root partition")}
"""What a product calls the OS beside its guests, where it is not "host OS" (dom0 is a name: no translation)."""


def _host_role(hv: Hypervisor) -> str:
    """``host OS``, ``dom0`` or ``root partition``, in the current language."""
    return t(_HOST_ROLE.get(hv.product.key, N_("host OS")))


def _vm_memory_segs(vm: VirtualMachine, stage: str = "app", view: str = "reserved") -> list[_Seg]:
    """A VM's memory at a stage of its life: ``"carved"``, ``"booted"`` or ``"app"`` (running), in ``view``."""
    n = vm.name
    mine = vm.memory_layers(view)
    a = {k: fmt_amount(v) for k, v in mine.items()}
    os_ = vm.guest_os.label
    if view == "used":
        segs = [_Seg("hypervisor", n, mine["overhead"],
                     t("{name}: its VMM process, as measured outside guest RAM, {amount}", name=n,
                       amount=a["overhead"]), n)]
        if stage == "carved":
            return segs  # nothing touched yet: guest RAM is not backed until the guest writes to it
        segs.append(_Seg("guest_os", n, mine["guest_os"],
                         t("{name}: guest OS ({os}) idle, as the host backs it, {amount} of its {floor} floor",
                           name=n, os=os_, amount=a["guest_os"], floor=fmt_amount(vm.guest_os.memory_gib)), n))
        if vm.app is not None and stage == "app":
            segs.append(_Seg("apps", n, mine["apps"],
                             t("{name}: app {app}, {amount}", name=n, app=vm.app.name, amount=a["apps"]), n))
        return segs
    segs = [_Seg("hypervisor", n, mine["overhead"],
                 t("{name}: hypervisor overhead reserved outside guest RAM, {amount}", name=n, amount=a["overhead"]),
                 n)]
    if stage == "carved":
        return segs + [_Seg("vm", n, vm.memory_gib,
                            t("{name}: {amount} of guest RAM reserved, nothing running yet", name=n,
                              amount=fmt_amount(vm.memory_gib)), n)]
    segs.append(_Seg("guest_os", n, mine["guest_os"],
                     t("{name}: guest OS ({os}), its sizing floor of {amount}", name=n, os=os_, amount=a["guest_os"]),
                     n))
    rest = vm.memory_gib - mine["guest_os"]
    if stage == "booted" and vm.app is not None:
        return segs + [_Seg("vm", n, rest, t("{name}: {amount} reserved, waiting for the app", name=n,
                                               amount=fmt_amount(rest)), n)]
    if vm.app is not None:
        segs.append(_Seg("apps", n, mine["apps"],
                         t("{name}: app {app}, {amount}", name=n, app=vm.app.name, amount=a["apps"]), n))
    segs.append(_Seg("stranded", n, mine["stranded"],
                     t("{name}: stranded, {amount} of guest RAM reserved but unused", name=n, amount=a["stranded"]),
                     n))
    return segs


def _vm_cpu_segs(vm: VirtualMachine, stage: str = "app", view: str = "reserved") -> list[_Seg]:
    n, total = vm.name, fmt_amount(vm.vcpus, "vCPUs")
    mine = vm.cpu_layers(view)
    if view == "used":
        if stage != "app" or vm.app is None:
            return []  # an idle vCPU is a halted thread: it takes no core
        return [
            _Seg("apps", n, mine["apps"], t("{name}: app {app} keeps {amount} of a core busy", name=n,
                                            app=vm.app.name, amount=_n(mine["apps"])), n),
            _Seg("hypervisor", n, mine["overhead"],
                 t("{name}: {amount} more CPU for the virtualization of that work", name=n,
                   amount=_n(mine["overhead"])), n),
        ]
    if stage == "carved" or (stage == "booted" and vm.app is not None):
        return [_Seg("vm", n, float(vm.vcpus), t("{name}: {vcpus} reserved, idle", name=n, vcpus=total), n)]
    segs = []
    if vm.app is not None:
        segs.append(_Seg("apps", n, mine["apps"], t("{name}: app {app} keeps {amount} of {vcpus} busy", name=n,
                                                    app=vm.app.name, amount=_n(mine["apps"]), vcpus=total), n))
    segs.append(_Seg("stranded", n, mine["stranded"],
                     t("{name}: stranded, {amount} of {vcpus} reserved but unused (the admission policy keeps a core "
                       "per vCPU)", name=n, amount=_n(mine["stranded"]), vcpus=total), n))
    return segs


def _container_memory_segs(c: Container, view: str = "reserved") -> list[_Seg]:
    n = c.name
    mine = c.memory_layers(view)
    segs = [_Seg("runtime", n, mine["overhead"],
                 t("{name}: runtime overhead (shim, cgroups), {amount}", name=n, amount=fmt_amount(mine["overhead"])),
                 n)]
    if c.app is not None:
        segs.append(_Seg("apps", n, mine["apps"],
                         t("{name}: app {app} (image {image}), {amount}", name=n, app=c.app.name, image=c.image,
                           amount=fmt_amount(mine["apps"])), n))
    if view == "reserved":
        segs.append(_Seg("stranded", n, mine["stranded"],
                         t("{name}: stranded, {amount} of its memory request unused", name=n,
                           amount=fmt_amount(mine["stranded"])), n))
    return segs


def _container_cpu_segs(c: Container, view: str = "reserved") -> list[_Seg]:
    n = c.name
    mine = c.cpu_layers(view)
    segs = []
    if c.app is not None:
        segs.append(_Seg("apps", n, mine["apps"], t("{name}: app {app}, {amount}", name=n, app=c.app.name,
                                                    amount=fmt_amount(mine["apps"], "CPU")), n))
    if view == "reserved":
        segs.append(_Seg("stranded", n, mine["stranded"],
                         t("{name}: stranded, {amount} of its CPU request unused", name=n,
                           amount=fmt_amount(mine["stranded"], "CPU")), n))
    return segs


def _memory_segs(system, view: str = "reserved") -> list[_Seg]:
    segs = _platform_segs(system, view)
    for i in _instances(system):
        segs += _vm_memory_segs(i, view=view) if isinstance(i, VirtualMachine) else _container_memory_segs(i, view)
    return segs


def _cpu_segs(system, view: str = "reserved") -> list[_Seg]:
    segs: list[_Seg] = []
    for i in _instances(system):
        segs += _vm_cpu_segs(i, view=view) if isinstance(i, VirtualMachine) else _container_cpu_segs(i, view)
    return segs


# ---------------------------------------------------------------------------- grids
def _columns(cells: float) -> int:
    """Columns for a grid of ``cells`` squares: a divisor close to (not below) the square root, else the root."""
    n = max(1, math.ceil(cells - EPS))
    root = math.sqrt(n)
    for c in range(math.ceil(root - EPS), min(n, math.ceil(root * 1.6)) + 1):
        if n % c == 0:
            return c
    return math.ceil(root - EPS)


def _gib_per_block(memory_gib: float) -> float:
    unit = 1.0
    while memory_gib / unit > 128 + EPS:
        unit *= 2
    while memory_gib / unit < 8 - EPS and unit > 0.25:
        unit /= 2
    return unit


def _cpu_grid(host: Host, columns: int | None = None, x: float = 0.0, y: float = 0.0) -> Grid:
    cols = _columns(host.cpu_cores) if columns is None else _whole("cpu_columns", columns)
    return Grid("cpu", 1.0, float(host.cpu_cores), cols, x, y)


def _memory_grid(host: Host, columns: int | None = None, gib_per_block: float | None = None,
                 x: float = 0.0, y: float = 0.0) -> Grid:
    if gib_per_block is None:
        unit = _gib_per_block(host.memory_gib)
    elif isinstance(gib_per_block, bool) or not isinstance(gib_per_block, (int, float)) or not gib_per_block > 0:
        raise ValueError(f"gib_per_block must be a number > 0, got {gib_per_block!r}")
    else:
        unit = float(gib_per_block)
    cols = _columns(host.memory_gib / unit) if columns is None else _whole("memory_columns", columns)
    return Grid("memory", unit, host.memory_gib, cols, x, y)


def _whole(param: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{param} must be a whole number >= 1, got {value!r}")
    return value


def _positions(segs: Sequence[_Seg]) -> list[tuple[float, float, _Seg]]:
    out, p = [], 0.0
    for s in segs:
        if s.amount > EPS:
            out.append((p, p + s.amount, s))
        p += s.amount
    return out


def _free_hover(grid: Grid, free: float) -> str:
    unit = "cores" if grid.resource == "cpu" else "GiB"
    return t("free: {amount} of {capacity}", amount=fmt_amount(free, unit), capacity=fmt_amount(grid.capacity, unit))


def _pack(segs: Sequence[_Seg], grid: Grid) -> list[Block]:
    """Merged blocks of ``segs`` in ``grid``, then free up to the capacity."""
    out = []
    placed = _positions(segs)
    end = placed[-1][1] if placed else 0.0
    for a, b, s in placed:
        for x0, y0, x1, y1, amount in grid.place(a, b):
            out.append(Block(x0, y0, x1, y1, s.layer, s.owner, "", s.hover, amount, grid.resource))
    used = sum(s.amount for s in segs)
    if grid.capacity - used > EPS:
        hover = _free_hover(grid, grid.capacity - used)
        for x0, y0, x1, y1, amount in grid.place(max(end, used), grid.capacity):
            out.append(Block(x0, y0, x1, y1, "free", "host", "", hover, amount, grid.resource))
    return out


def core_blocks(
    system: Hypervisor | ContainerRuntime | Host, *, columns: int | None = None, view: str = "reserved"
) -> tuple[Block, ...]:
    """One square per physical core, filled with each instance's CPU share.

    In the reserved view a VM's whole vCPUs are mapped to consecutive cores:
    the part its app keeps busy is ``"apps"``, the rest ``"stranded"``. In
    the used view only the work is drawn: the app's, and the extra CPU
    virtualization costs for it (``"hypervisor"``). Fractions are partial
    squares. What goes beyond the cores (overcommit) goes to rows below.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    columns : int, optional
        Squares per row (default: close to the square root of the cores).
    view : {"reserved", "used"}

    Returns
    -------
    tuple of Block
        Shares (layers ``"apps"``, ``"stranded"``, ``"free"``; ``amount`` in cores), top-left first.

    Examples
    --------
    >>> import vizlib as vz
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=16))
    >>> _ = hv.create_vm("vm1", vcpus=2, memory_gib=4, app=vz.App("web", cpus=0.5, memory_gib=1))
    >>> [(b.layer, b.amount) for b in core_blocks(hv)]
    [('apps', 0.5), ('stranded', 1.5), ('free', 2.0)]
    """
    _check_system(system)
    return tuple(_pack(_cpu_segs(system, _check_view(view)), _cpu_grid(_host(system), columns)))


def memory_blocks(
    system: Hypervisor | ContainerRuntime | Host,
    *,
    columns: int | None = None,
    gib_per_block: float | None = None,
    view: str = "reserved",
) -> tuple[Block, ...]:
    """Memory as a grid of GiB squares, coloured by owner and layer.

    Order: the platform (hypervisor, or host OS and hypervisor/runtime), then
    for each VM its hypervisor overhead, guest OS, app and (reserved view)
    stranded share; for each container its runtime overhead, app and
    (reserved view) stranded share; then free. In the used view the guest OS
    and host OS take their idle footprint and the VMM its measured size.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    columns : int, optional
        Squares per row.
    gib_per_block : float, optional
        GiB per square (default 1, doubled until at most 128 squares).
    view : {"reserved", "used"}

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> sorted({b.layer for b in memory_blocks(rt)})
    ['free', 'host_os', 'runtime']
    """
    _check_system(system)
    return tuple(_pack(_memory_segs(system, _check_view(view)), _memory_grid(_host(system), columns, gib_per_block)))


def _check_view(view: object) -> str:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; known: {', '.join(repr(v) for v in VIEWS)}")
    return view


def _reserved(segs: Sequence[_Seg]) -> float:
    return sum(s.amount for s in segs)


def _owner_labels(blocks: Iterable[Block], key_prefix: str, px: float = PX_PER_SQUARE) -> list[Label]:
    best: dict[str, Block] = {}
    for b in blocks:
        if b.layer in ("free", "hardware") or b.owner in ("", "host"):
            continue
        if b.owner not in best or b.width * b.height > best[b.owner].width * best[b.owner].height + EPS:
            best[b.owner] = b
    out = []
    for owner, b in best.items():
        if owner in ("hypervisor", "host_os", "runtime"):
            text = next((w for w in _platform_words(owner) if _fits(w, b.width, px=px)), "")
        else:
            text = owner
        if text and _fits(text, b.width, px=px) and b.height > 0.5:
            out.append(Label(*b.center, text, b.layer, key=f"{key_prefix}:{owner}"))
    return out


def _platform_words(owner: str) -> list[str]:
    """Words for the platform's shares (owner ``"hypervisor"``, ``"host_os"`` or ``"runtime"``), longest first: the
    first that fits is drawn. The ``"narrow box"`` word is the same in English; a language whose word is wider gives a
    shorter one there."""
    if owner == "hypervisor":
        return [tp("layer", "hypervisor"), tp("layer", "hyp.")]
    if owner == "host_os":
        return [tp("layer", "host OS"), tp("narrow box", "host OS")]
    return [tp("layer", "runtime")]


def _free_label(blocks: Iterable[Block], key: str, px: float = PX_PER_SQUARE) -> list[Label]:
    frees = [b for b in blocks if b.layer == "free"]
    if not frees:
        return []
    b = max(frees, key=lambda b: (round(b.width, 6), -b.y0))
    total = sum(f.amount for f in frees)
    unit = "cores" if b.resource == "cpu" else "GiB"
    text = t("free {amount}", amount=fmt_amount(total, unit))
    if not _fits(text, b.width, px=px):
        text = tp("layer", "free")
    return [Label(*b.center, text, "free", key=key)] if _fits(text, b.width, px=px) else []


def _overcommit(grid: Grid, reserved: float) -> tuple[list[Block], list[Label]]:
    n = grid.excess_rows(reserved)
    if not n:
        return [], []
    excess = reserved - grid.capacity
    cpu = grid.resource == "cpu"
    what = fmt_amount(excess, "vCPUs" if cpu else "GiB")
    cap = fmt_amount(grid.capacity, "cores" if cpu else "GiB")
    if cpu:
        hover = t("overcommitted: {amount} reserved beyond the {capacity} that exist; they take turns on the same "
                  "cores", amount=what, capacity=cap)
    else:
        hover = t("overcommitted: {amount} reserved beyond the {capacity} that exist; it fits only while guests do "
                  "not all use it", amount=what, capacity=cap)
    top = grid.excess_top
    frame = Block(grid.x - 0.12, top - n - 0.12, grid.x + grid.columns + 0.12, top + 0.12, "overcommitted", "",
                  "", hover, excess, grid.resource)
    text = t("overcommitted: +{amount}<br>beyond the {capacity} that exist", amount=what, capacity=cap)
    label = Label(grid.x, top - n - 0.2, text, "", "bottom right", key=f"over:{grid.resource}")
    return [frame], [label]


def _header(grid: Grid, title: str, key: str) -> Label:
    return Label(grid.x, grid.y + 0.2, title, "", "top right", 12, key=key)


def _grid_titles(host: Host, cpu: Grid, mem: Grid) -> tuple[str, str]:
    return (
        t("<b>CPU</b>: {cores}<br>1 square = 1 core", cores=fmt_amount(host.cpu_cores, "cores")),
        _memory_title(host, mem),
    )


def _memory_title(host: Host, mem: Grid) -> str:
    return t("<b>Memory</b>: {amount}<br>1 square = {unit}", amount=fmt_amount(host.memory_gib),
             unit=fmt_amount(mem.unit))


def _boards(host: Host, cpu: Grid | None, mem: Grid) -> list[Block]:
    """The hardware under the grids, with its hover text."""
    out = cpu.board(t("{host}: physical CPU cores", host=host.name)) if cpu is not None else []
    return out + mem.board(t("{host}: physical memory", host=host.name))


def hardware_layout(
    system: Hypervisor | ContainerRuntime | Host,
    refused: Sequence[Refusal] = (),
    *,
    cpu_columns: int | None = None,
    memory_columns: int | None = None,
    gib_per_block: float | None = None,
    view: str = "reserved",
) -> HardwareLayout:
    """Geometry of the hardware figure: the CPU grid, the memory grid and not-placed ghosts side by side.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    refused : sequence of Refusal
        Instances asked for but not placed; each becomes a dashed ghost beside the host.
    cpu_columns, memory_columns : int, optional
        Squares per row of each grid.
    gib_per_block : float, optional
        GiB per memory square.
    view : {"reserved", "used"}
        What the squares show: reservations (admission, billing), or what the host actually uses.

    Examples
    --------
    >>> import vizlib as vz
    >>> s = vz.fill_vms(vz.Host(cpu_cores=4, memory_gib=16), count=5, vcpus=1, memory_gib=2)
    >>> lay = hardware_layout(s.system, s.refused)
    >>> round(lay.layer_totals("memory")["guest_os"], 6), sum(b.layer == "not_placed" for b in lay.blocks)
    (6.0, 1)
    """
    _check_system(system)
    refused = _check_refused(refused)
    host = _host(system)
    cpu = _cpu_grid(host, cpu_columns)
    mem = _memory_grid(host, memory_columns, gib_per_block, x=cpu.columns + 1.6)
    view = _check_view(view)
    cpu_segs, mem_segs = _cpu_segs(system, view), _memory_segs(system, view)
    blocks: list[Block] = _boards(host, cpu, mem)
    cpu_blocks, mem_blocks = _pack(cpu_segs, cpu), _pack(mem_segs, mem)
    blocks += cpu_blocks + mem_blocks
    outlines = [r for _, r in owner_outlines(cpu_blocks, cpu.x)] + [r for _, r in owner_outlines(mem_blocks, mem.x)]
    cpu_title, mem_title = _grid_titles(host, cpu, mem)
    labels = [_header(cpu, cpu_title, "head:cpu"), _header(mem, mem_title, "head:memory")]
    bottom = min(cpu.bottom(_reserved(cpu_segs)), mem.bottom(_reserved(mem_segs)))
    for grid, segs in ((cpu, cpu_segs), (mem, mem_segs)):
        frames, texts = _overcommit(grid, _reserved(segs))
        blocks += frames
        labels += texts
        if frames:
            bottom = min(bottom, frames[0].y0 - 1.1)
    right = mem.x + mem.columns
    vm = isinstance(system, Hypervisor) or (isinstance(system, Host) and all(r.kind == "vm" for r in refused))
    ghosts, ghost_labels, right = _ghosts(refused, right + 1.2, min(-cpu.rows, -mem.rows, bottom),
                                          "vCPUs" if vm else "CPU")
    blocks += ghosts
    labels += ghost_labels
    extent = (-0.2, bottom - 0.2, right + 0.2, 1.25)
    px = px_per_square(extent[2] - extent[0])
    labels += _owner_labels(cpu_blocks, "cpu", px) + _owner_labels(mem_blocks, "memory", px)
    labels += _free_label(cpu_blocks, "free:cpu", px) + _free_label(mem_blocks, "free:memory", px)
    return HardwareLayout(tuple(blocks), tuple(labels), extent, cpu, mem, tuple(outlines), px)


def _check_refused(refused: object) -> tuple[Refusal, ...]:
    if isinstance(refused, Refusal):
        refused = (refused,)
    if isinstance(refused, (str, bytes)) or not isinstance(refused, Iterable):
        raise TypeError(f"refused must be a sequence of vizlib.Refusal, got {refused!r} ({type(refused).__name__})")
    refused = tuple(refused)
    for r in refused:
        if not isinstance(r, Refusal):
            raise TypeError(f"refused must hold vizlib.Refusal items, got {r!r} ({type(r).__name__})")
    return refused


def _ghosts(refused: Sequence[Refusal], x: float, bottom: float, unit: str) -> tuple[list[Block], list[Label], float]:
    if not refused:
        return [], [], x - 1.2
    step = 1.3
    room = max(2, int((0 - bottom + 0.3) // step))
    shown = refused if len(refused) <= room else refused[: room - 1]
    blocks, labels = [], []
    labels.append(Label(x, 0.2, t("<b>Not placed</b>: {n}<br>asked for, did not fit", n=len(refused)), "",
                        "top right", 12, key="head:ghosts"))
    for i, r in enumerate(shown):
        top = -i * step
        size = f"{fmt_amount(r.cpus, unit)}, {fmt_amount(r.memory_gib)}"
        blocks.append(Block(x, top - 1, x + 1, top, "not_placed", r.name, r.name,
                            t("{name} not placed ({size}): {reason}", name=r.name, size=size, reason=r.reason),
                            r.memory_gib, ""))
        labels.append(Label(x + 1.2, top - 0.5, f"<b>{r.name}</b><br>{size}", "", "middle right", 11,
                            key=f"ghost:{r.name}"))
    if len(shown) < len(refused):
        top = -len(shown) * step
        labels.append(Label(x, top - 0.3, t("+{n} more not placed", n=len(refused) - len(shown)), "",
                            "middle right", 11, key="ghost:more"))
    return blocks, labels, x + 4.2


def hover_points(blocks: Iterable[Block]) -> list[tuple[float, float, str]]:
    """Points where hover text is shown: the centre of each block's part in each square it covers.

    Hardware squares and blocks without hover text get none; a CPU point
    says which core it is on.

    Examples
    --------
    >>> hover_points([Block(0, 0, 2, 1, "apps", "c1", "", "c1: app", 2.0, "memory")])
    [(0.5, 0.5, 'c1: app'), (1.5, 0.5, 'c1: app')]
    """
    out = []
    for b in blocks:
        if not b.hover or b.layer == "hardware":
            continue
        if b.layer in ("not_placed", "overcommitted") or b.resource not in ("cpu", "memory"):
            out.append((*b.center, b.hover))
            continue
        n = max(1, math.ceil(b.width - EPS))
        for k in range(n):
            out.append((b.x0 + (k + 0.5) * b.width / n, (b.y0 + b.y1) / 2, b.hover))
    return out


def polygon(rects: Iterable[tuple[float, float, float, float]]) -> tuple[list, list]:
    """``x`` and ``y`` lists drawing each ``(x0, y0, x1, y1)`` as a closed shape, separated by ``None``.

    Examples
    --------
    >>> polygon([(0, 0, 1, 1)])
    ([0, 1, 1, 0, 0, None], [0, 0, 1, 1, 0, None])
    """
    xs: list = []
    ys: list = []
    for x0, y0, x1, y1 in rects:
        x0, y0, x1, y1 = round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4)
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return xs, ys


CELL_GAP = 0.06
"""Space around each square (in squares) through which the hardware board shows."""
SEAM = 0.035
"""Space between two shares inside one square."""
BOARD_PAD = 0.06
"""How far the hardware board extends past the outer squares."""


def _to_cell(x0: float, y0: float, x1: float, y1: float, origin: float, gap: float, seam_left: bool,
             seam_right: bool) -> tuple[float, float, float, float]:
    """Map a piece lying within one square to where it is drawn inside that square's inner area."""
    c = math.floor(x0 - origin + EPS)
    left = origin + c
    inner = 1 - 2 * gap
    a = left + gap + (x0 - left) * inner
    b = left + gap + (x1 - left) * inner
    if seam_left:
        a += SEAM / 2
    if seam_right:
        b -= SEAM / 2
    return (a, y0 + gap, max(a, b), y1 - gap)


def _outline_x(x: float, origin: float, gap: float) -> float:
    k = x - origin
    if abs(k - round(k)) < 1e-7:
        return x
    left = origin + math.floor(k)
    return left + gap + (x - left) * (1 - 2 * gap)


def owner_outlines(blocks: Iterable[Block], origin: float, *, gap: float = CELL_GAP
                   ) -> list[tuple[str, tuple[float, float, float, float]]]:
    """``(key, rect)`` around each owner's share in each row of a grid, in drawn coordinates.

    Edges on a square's border run down the middle of the gap between
    squares; edges inside a square run along the seam. Free space and the
    hardware get none. ``key`` is ``"owner@row-top"``.

    Examples
    --------
    >>> owner_outlines([Block(0, -1, 1.5, 0, "apps", "c1"), Block(1.5, -1, 2, 0, "stranded", "c1")], 0.0, gap=0.1)
    [('c1@0', (0, -1, 2, 0))]
    """
    spans: dict[str, list[float]] = {}
    for b in blocks:
        if b.layer in ("free", "hardware", "overcommitted", "not_placed") or not b.owner or b.owner == "host":
            continue
        key = f"{b.owner}@{round(b.y1, 6):g}"
        if key in spans:
            spans[key][0] = min(spans[key][0], b.x0)
            spans[key][2] = max(spans[key][2], b.x1)
        else:
            spans[key] = [b.x0, b.y0, b.x1, b.y1]
    return [(k, (_outline_x(x0, origin, gap), y0, _outline_x(x1, origin, gap), y1))
            for k, (x0, y0, x1, y1) in spans.items()]


def _padded(b: Block, pad: float = BOARD_PAD) -> tuple[float, float, float, float]:
    return (b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad)


def cell_rects(block: Block, origin: float, *, gap: float = CELL_GAP) -> list[tuple[float, float, float, float]]:
    """Where ``block`` is drawn: one rectangle per square it covers, inside the square's inner area.

    A block edge that falls inside a square (a partial share) gets a thin
    seam, so two owners sharing a square stay apart. ``origin`` is the grid's
    left edge.

    Examples
    --------
    >>> cell_rects(Block(0, -1, 1.5, 0, "apps"), 0.0, gap=0.1)
    [(0.1, -0.9, 0.9, -0.1), (1.1, -0.9, 1.4825, -0.1)]
    """
    out = []
    k = math.floor(block.x0 - origin + EPS)
    while origin + k < block.x1 - EPS:
        a, b = max(block.x0, origin + k), min(block.x1, origin + k + 1)
        if b - a > EPS:
            inside_l = abs(a - (origin + k)) > EPS
            inside_r = abs(b - (origin + k + 1)) > EPS
            r = _to_cell(a, block.y0, b, block.y1, origin, gap, inside_l, inside_r)
            out.append(tuple(round(v, 6) for v in r))
        k += 1
    return out


HATCH_SPACING = 0.24
"""Horizontal distance between hatch lines, in squares."""


def hatch_lines(rect: tuple[float, float, float, float], n: int | None = None,
                spacing: float = HATCH_SPACING) -> list[tuple[float, float, float, float]]:
    """Diagonal ("/") hatch segments ``(xa, ya, xb, yb)`` clipped to ``rect``.

    Without ``n``, lines lie on one global lattice (``x - y`` a multiple of
    ``spacing``), so neighbouring pieces line up. With ``n``, exactly ``n``
    evenly spaced segments are returned (an animation needs a fixed count);
    a rectangle with no area gives ``n`` segments collapsed to its corner.

    Examples
    --------
    >>> hatch_lines((0, 0, 1, 1), n=2)
    [(0.0, 0.5, 0.5, 1), (0.5, 0, 1.0, 0.5)]
    """
    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    if n is not None and (w <= 1e-9 or h <= 1e-9):
        return [(x0, y0, x0, y0)] * n
    if n is None:
        first = math.floor((x0 - y1) / spacing) + 1
        offsets = [k * spacing for k in range(first, math.ceil((x1 - y0) / spacing))]
    else:
        offsets = [(x0 - y1) + (k + 0.5) * (w + h) / n for k in range(n)]
    out = []
    for c in offsets:  # the line x - y = c
        lo, hi = max(y0, x0 - c), min(y1, x1 - c)
        if hi > lo + 1e-9 or n is not None:
            hi = max(hi, lo)
            out.append(tuple(round(v, 4) for v in (lo + c, lo, hi + c, hi)))
    return out


# ---------------------------------------------------------------------------- stack
_STACK_LAYER = {"app": "apps"}
_KERNEL_SHORT = {"dom0": N_("dom0 kernel"), "root_partition": N_("root partition kernel")}
_KERNEL_SHORTER = {"dom0": "dom0", "root_partition": N_("root partition")}


def _short(node: str, data: Mapping, width: float, px: float, product: str = "") -> tuple[str, str]:
    """Label drawn on a stack box (the longest option that fits), and the full label for hover.

    ``product`` is the hypervisor's name (drawn on its box when the full label does not fit).
    """
    full = data["label"]
    layer = data["layer"]
    name = node.split(":", 1)[-1]
    if layer == "hardware":
        options = [full, tp("layer", "hardware")]
    elif layer == "hypervisor":
        options = [full, product, tp("layer", "hypervisor"), tp("layer", "hyp.")]
    elif layer == "host_os":
        options = [full, t(_KERNEL_SHORT.get(node, N_("host OS kernel"))),
                   t(_KERNEL_SHORTER.get(node, N_("host kernel"))), tp("layer", "kernel")]
    elif layer == "runtime":
        options = [tp("layer", "container runtime"), tp("layer", "runtime")]
    elif layer == "vm":
        options = [t("VM {name}", name=name), name]
    elif layer == "guest_os":
        options = [tp("layer", "guest OS kernel"), tp("layer", "guest kernel"), tp("layer", "kernel")]
    elif layer == "app":
        options = [full, tp("layer", "app")]
    elif layer == "container":
        options = [t("container {name}:<br>libraries + settings", name=name), t("{name}: libs", name=name), name]
    else:
        options = [full]
    for text in options:
        if text and _fits(text, width, px=px):
            return text, full
    return "", full


def stack_layout(system: Hypervisor | ContainerRuntime | Host, *, x: float = 0.0, width: float = 8.0,
                 gap: float = 0.12, px_per_unit: float = PX_PER_SQUARE) -> tuple[Block, ...]:
    """Boxes of the layer stack from :func:`vizlib.stack_graph`: hardware at the bottom, each layer on what it runs on.

    Each node is a box one unit high, as wide as the leaves above it (an
    icicle): the hardware spans everything, a VM spans its guest kernel and
    app, a shared host kernel spans all containers. A container is drawn as
    its libraries and settings with its app on top (layer ``"apps"``), so
    apps line up with the apps inside VMs.

    Parameters
    ----------
    system : Hypervisor, ContainerRuntime or Host
    x : float
        Left edge.
    width : float
        Total width (boxes get narrower as instances are added).
    gap : float
        Space between neighbouring boxes.
    px_per_unit : float
        Expected screen pixels per unit of width, to decide which labels fit.

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("c1", cpus=1, memory_gib=1)
    >>> [(b.layer, b.y0) for b in stack_layout(rt)]
    [('hardware', 0.0), ('host_os', 1.0), ('runtime', 2.0), ('container', 3.0), ('apps', 4.0)]
    """


    _check_system(system)
    g = stack_graph(system)
    leaves: dict[str, int] = {}

    def count(node: str) -> int:
        kids = list(g.successors(node))
        leaves[node] = sum(count(k) for k in kids) if kids else 1
        return leaves[node]

    count("hardware")
    containers = {c.name: c for c in system.containers} if isinstance(system, ContainerRuntime) else {}
    unit = width / leaves["hardware"]
    product = system.product.label if isinstance(system, Hypervisor) else ""
    out: list[Block] = []

    def place(node: str, left: float, depth: int) -> None:
        data = g.nodes[node]
        w = leaves[node] * unit
        text, full = _short(node, data, w - gap, px_per_unit, product)
        layer = _STACK_LAYER.get(data["layer"], data["layer"])
        out.append(Block(left + gap / 2, float(depth), left + w - gap / 2, depth + 1.0 - gap, layer, node, text,
                         full, 0.0, "stack"))
        if layer == "container":
            c = containers[node.split(":", 1)[1]]
            app = tp("layer", "app")
            what = t("app {app}", app=c.app.name) if c.app else app
            text = next((w_ for w_ in (what, app) if _fits(w_, w - gap, px=px_per_unit)), "")
            hover = (t("app {app} in container {name}: {memory}, {cpus}", app=c.app.name, name=c.name,
                       memory=fmt_amount(c.app_memory_gib), cpus=fmt_amount(c.app_cpus, "CPU"))
                     if c.app else t("container {name} runs no app", name=c.name))
            out.append(Block(left + gap / 2, depth + 1.0, left + w - gap / 2, depth + 2.0 - gap, "apps", node, text,
                             hover, 0.0, "stack"))
        for k in g.successors(node):
            place(k, left, depth + 1)
            left += leaves[k] * unit

    place("hardware", x, 0)
    out.sort(key=lambda b: (b.y0, b.x0))
    return tuple(out)


# ---------------------------------------------------------------------------- animation
@dataclass(frozen=True)
class Step:
    """One state of an animation: ``label`` for the slider, ``text`` says what happens, ``detail`` adds why.

    ``cpu`` and ``memory`` are the merged blocks of that state (the same as
    :func:`core_blocks` / :func:`memory_blocks` would draw for it).
    """

    label: str
    text: str
    cpu: tuple[Block, ...]
    memory: tuple[Block, ...]
    kernels: int
    memory_added_gib: float = 0.0
    detail: str = ""


@dataclass(frozen=True)
class Frame:
    """What one animation frame draws.

    ``shapes`` maps every key of :data:`SHAPE_KEYS` to rectangles; each key
    has the same number of rectangles in every frame of an animation
    (absent ones are collapsed to zero width, height or a point), so plotly can
    morph one frame into the next. ``hover`` and ``labels`` have a fixed
    length too. ``title`` is ``"Step i/n: <what happens>"``.
    """

    step: Step
    title: str
    shapes: Mapping[str, tuple[tuple[float, float, float, float], ...]]
    hover: tuple[tuple[float | None, float | None, str], ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Animation:
    """Frames of :func:`split_animation` or :func:`containers_animation` and the drawing's ``extent``."""

    frames: tuple[Frame, ...]
    extent: tuple[float, float, float, float]
    name: str
    px_per_square: float = PX_PER_SQUARE


@dataclass(frozen=True)
class _State:
    label: str
    text: str
    cpu: tuple[_Seg, ...]
    memory: tuple[_Seg, ...]
    kernels: int
    added: float = 0.0
    detail: str = ""


def _split_name(hv: Hypervisor) -> str:
    if hv.kind == "type1":
        return t("type 1 hypervisor splits {host}", host=hv.host.name)
    return t("type 2 hypervisor splits {host}", host=hv.host.name)


_PRESS_PLAY = N_("Press Play, or drag the slider one step at a time.")


def _split_states(hv: Hypervisor) -> list[_State]:
    h = hv.host
    p = parameters()
    cores, memory = fmt_amount(h.cpu_cores, "cores"), fmt_amount(h.memory_gib)
    states = [_State(tp("step", "hardware"), t("A bare server: {cores} and {memory} of memory", cores=cores,
                                                memory=memory), (), (), 0,
                     detail=" ".join((t("Nothing runs on it yet."), t(_PRESS_PLAY))))]
    platform = _platform_segs(hv)
    if hv.kind == "type2":
        host_os = [s for s in platform if s.layer == "host_os"]
        states.append(_State(
            tp("step", "host OS"), t("The host OS boots: {amount}", amount=fmt_amount(hv.host_os.memory_gib)), (),
            tuple(host_os), 1,
            detail=t("{os}, with its own kernel; a type 2 hypervisor runs as an app on top of it.",
                     os=hv.host_os.label)))
        states.append(_State(
            tp("step", "hypervisor"), t("The type 2 hypervisor starts: {amount}",
                                        amount=fmt_amount(p.value("hypervisor.type2.memory_gib"))),
            (), tuple(platform), 1,
            detail=t("It is an application of the host OS (like VirtualBox); it will split the rest into VMs.")))
    else:
        beneath = hv.kernels_beneath
        own = fmt_amount(p.value("hypervisor.type1.memory_gib"))
        product, kind = hv.product.label, hv.product.kind_text
        what = t(BENEATH_WHAT[hv.product.key])
        if beneath == 0:
            runs = t("It runs directly on the hardware as {what}, so no kernel runs yet.", what=what)
        else:
            runs = tn("It runs directly on the hardware as {what}, so {n} kernel runs on this server.",
                      "It runs directly on the hardware as {what}, so {n} kernels run on this server.", beneath,
                      what=what)
        if hv.host_os is None:
            text = t("{product} ({kind}) starts: {amount}", product=product, kind=kind, amount=own)
            detail = [runs]
        else:
            role = _host_role(hv)
            text = t("{product} ({kind}) starts: {amount}, with its {role}'s {role_amount}", product=product,
                     kind=kind, amount=own, role=role, role_amount=fmt_amount(hv.host_os.memory_gib))
            detail = [runs, t("Its {role} ({os}) reserves its sizing floor.", role=role, os=hv.host_os.label)]
        detail.append(t("It will split the rest into VMs."))
        states.append(_State(tp("step", "hypervisor"), text, (), tuple(platform), beneath, detail=" ".join(detail)))
    base_kernels = hv.kernels_beneath
    cpu_done: list[_Seg] = []
    mem_done: list[_Seg] = list(platform)
    for k, vm in enumerate(hv.vms):
        kernels = base_kernels + k
        n = vm.name
        cpu_c, mem_c = _vm_cpu_segs(vm, "carved"), _vm_memory_segs(vm, "carved")
        states.append(_State(
            n, t("{name} is carved out: {vcpus} and {memory}", name=n, vcpus=fmt_amount(vm.vcpus, "vCPUs"),
                 memory=fmt_amount(vm.memory_gib)),
            tuple(cpu_done + cpu_c), tuple(mem_done + mem_c), kernels, vm.footprint_gib,
            detail=t("Reserved for {name} (what admission counts and you pay for) but still empty; the hypervisor "
                     "also reserves {overhead} outside it to run the VM.", name=n,
                     overhead=fmt_amount(vm.overhead_memory_gib))))
        cpu_b, mem_b = _vm_cpu_segs(vm, "booted"), _vm_memory_segs(vm, "booted")
        detail = [tn("{os} brings its own kernel: {n} kernel runs on this server.",
                     "{os} brings its own kernel: {n} kernels run on this server.", kernels + 1, os=vm.guest_os.label),
                  t("Its share is the OS's sizing floor, what you must reserve for it.")]
        if vm.app is None:
            detail.append(t("With no app, the other {amount} stays reserved but unused.",
                            amount=fmt_amount(vm.stranded_memory_gib)))
        states.append(_State(
            tp("step", "{name} OS", name=n), t("{name}'s guest OS boots: {amount} of {name}'s memory", name=n,
                                               amount=fmt_amount(vm.guest_os.memory_gib)),
            tuple(cpu_done + cpu_b), tuple(mem_done + mem_b), kernels + 1, detail=" ".join(detail)))
        if vm.app is not None:
            cpu_a, mem_a = _vm_cpu_segs(vm), _vm_memory_segs(vm)
            if vm.stranded_memory_gib > EPS or vm.stranded_cpus > EPS:
                detail_text = t("{memory} and {vcpus} of {name} stay reserved but unused (stranded, hatched): the "
                                "host could run other work there, but this admission policy gives it to no one else.",
                                memory=fmt_amount(vm.stranded_memory_gib), vcpus=fmt_amount(vm.stranded_cpus, "vCPUs"),
                                name=n)
            else:
                detail_text = t("The app uses everything {name} has left: nothing is stranded.", name=n)
            states.append(_State(
                tp("step", "{name} app", name=n),
                t("{name}'s app {app} runs: {memory}, {cpus}", name=n, app=vm.app.name,
                  memory=fmt_amount(vm.app_memory_gib), cpus=fmt_amount(vm.app_cpus, "CPU")),
                tuple(cpu_done + cpu_a), tuple(mem_done + mem_a), kernels + 1, detail=detail_text))
        cpu_done += _vm_cpu_segs(vm)
        mem_done += _vm_memory_segs(vm)
    return states


def _steps_from(states: Sequence[_State], host: Host) -> tuple[Step, ...]:
    cpu, mem = _cpu_grid(host), _memory_grid(host)
    return tuple(
        Step(s.label, s.text, tuple(_pack(s.cpu, cpu)), tuple(_pack(s.memory, mem)), s.kernels, s.added, s.detail)
        for s in states
    )


def split_steps(hypervisor: Hypervisor) -> tuple[Step, ...]:
    """The story of a hypervisor splitting its host, one :class:`Step` per event.

    Bare hardware; (type 2: the host OS boots); the hypervisor is installed;
    then for each VM: it is carved out (vCPUs and memory reserved, empty), its
    guest OS boots, its app runs (a VM without an app has no app step). The
    last step is the hypervisor's current state.

    Examples
    --------
    >>> import vizlib as vz
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32))
    >>> _ = hv.create_vm("vm1", vcpus=2, memory_gib=4, app=vz.App("web", cpus=1, memory_gib=1))
    >>> [s.label for s in split_steps(hv)]
    ['hardware', 'hypervisor', 'vm1', 'vm1 OS', 'vm1 app']
    """
    if not isinstance(hypervisor, Hypervisor):
        raise TypeError(f"hypervisor must be a vizlib.Hypervisor, got {hypervisor!r} ({type(hypervisor).__name__})")
    return _steps_from(_split_states(hypervisor), hypervisor.host)


def _container_states(rt: ContainerRuntime) -> list[_State]:
    h = rt.host
    platform = _platform_segs(rt)
    states = [
        _State(tp("step", "hardware"), t("A bare server: {cores} and {memory} of memory",
                                         cores=fmt_amount(h.cpu_cores, "cores"), memory=fmt_amount(h.memory_gib)),
               (), (), 0, detail=" ".join((t("No kernel yet."), t(_PRESS_PLAY)))),
        _State(tp("step", "host OS"), t("The host OS boots: {amount}", amount=fmt_amount(rt.host_os.memory_gib)), (),
               tuple(platform[:1]), 1,
               detail=t("{os}: its kernel is the only one; every container will use it.", os=rt.host_os.label)),
        _State(tp("step", "runtime"), t("The container runtime starts: {amount}",
                                        amount=fmt_amount(parameters().value("runtime.memory_gib"))),
               (), tuple(platform), 1,
               detail=t("It starts containers: processes fenced off by namespaces and cgroups, on the same kernel.")),
    ]
    cpu: list[_Seg] = []
    mem: list[_Seg] = list(platform)
    for c in rt.containers:
        cpu += _container_cpu_segs(c)
        mem += _container_memory_segs(c)
        runtime = fmt_amount(c.overhead_memory_gib)
        unused = fmt_amount(c.stranded_memory_gib) if c.stranded_memory_gib > EPS else None
        app = fmt_amount(c.app_memory_gib) if c.app else None
        if app and unused:
            parts = t("App {app}, runtime {runtime}, unused {unused}.", app=app, runtime=runtime, unused=unused)
        elif app:
            parts = t("App {app}, runtime {runtime}.", app=app, runtime=runtime)
        elif unused:
            parts = t("Runtime {runtime}, unused {unused}.", runtime=runtime, unused=unused)
        else:
            parts = t("Runtime {runtime}.", runtime=runtime)
        count = len(states) - 2
        still = tn("No guest OS to boot: still 1 kernel for {n} container.",
                   "No guest OS to boot: still 1 kernel for {n} containers.", count)
        states.append(_State(
            c.name, t("{name} starts on the same kernel: +{amount}", name=c.name, amount=fmt_amount(c.footprint_gib)),
            tuple(cpu), tuple(mem), 1, c.footprint_gib, detail=f"{parts} {still}"))
    return states


def container_steps(runtime: ContainerRuntime) -> tuple[Step, ...]:
    """The story of containers attaching to one kernel: hardware, host OS, runtime, then one step per container.

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("c1", cpus=0.5, memory_gib=0.5)
    >>> [(s.label, s.kernels) for s in container_steps(rt)]
    [('hardware', 0), ('host OS', 1), ('runtime', 1), ('c1', 1)]
    """
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    return _steps_from(_container_states(runtime), runtime.host)


def _atoms(grid: Grid, states_segs: Sequence[Sequence[_Seg]]) -> list[tuple[float, float]]:
    reserved = max([grid.capacity] + [_reserved(s) for s in states_segs])
    cuts = {0.0, grid.capacity, reserved}
    cuts.update(grid.breaks(reserved))
    cuts.update(grid.cell_breaks(reserved))
    for segs in states_segs:
        for a, b, _ in _positions(segs):
            cuts.update((a, b))
    ordered = sorted(cuts)
    merged = [ordered[0]]
    for c in ordered[1:]:
        if c - merged[-1] > 1e-7:
            merged.append(c)
    return list(zip(merged, merged[1:], strict=False))


def _atom_items(grid: Grid, atoms: Sequence[tuple[float, float]], segs: Sequence[_Seg], inset: float, prefix: str):
    """Per atom: (key, rect, layer, owner, hover) for one state, with joins between atoms of one piece."""
    placed = _positions(segs)
    used = _reserved(segs)
    free_hover = _free_hover(grid, max(0.0, grid.capacity - used))
    info = []
    j = 0
    for a, b in atoms:
        mid = (a + b) / 2
        while j < len(placed) and placed[j][1] <= mid:
            j += 1
        if j < len(placed) and placed[j][0] <= mid:
            s = placed[j][2]
            info.append((s.layer, s.owner, s.hover))
        elif mid < grid.capacity:
            info.append(("free", "host", free_hover))
        else:
            info.append((None, "", ""))
    rects = [grid.place(a, b)[0][:4] for a, b in atoms]
    out = []
    def joined(i: int, k: int) -> bool:
        """Atoms ``i`` and ``k`` touch in one row and belong to the same share (drawn without a seam)."""
        if not 0 <= k < len(rects) or info[k][:2] != info[i][:2]:
            return False
        a, b = rects[i], rects[k]
        return abs(a[1] - b[1]) < 1e-9 and (abs(b[0] - a[2]) < 1e-9 or abs(b[2] - a[0]) < 1e-9)

    for i, (rect, (layer, owner, hover)) in enumerate(zip(rects, info, strict=True)):
        x0, y0, x1, y1 = rect
        origin = grid.x
        k = math.floor(x0 - origin + EPS)
        seam_l = abs(x0 - origin - k) > EPS and not joined(i, i - 1)
        seam_r = abs(x1 - origin - k - 1) > EPS and not joined(i, i + 1)
        drawn = _to_cell(x0, y0, x1, y1, origin, inset, seam_l, seam_r)
        out.append((f"{prefix}{i}", drawn, layer, owner, hover, rect))
    return out


def _animate(states: Sequence[_State], host: Host, layout_fn, name: str, inset: float, px: float) -> Animation:
    """Turn states into frames with a fixed number of shapes per layer, hover points and labels."""
    per_state, static, extent = layout_fn(states, inset)
    n = len(states)
    # shapes: union of slot keys per layer
    slots: dict[str, dict[str, tuple[float, float, float, float, str]]] = {lay: {} for lay in SHAPE_KEYS}
    for items in per_state:
        for key, rect, layer, axis in items["shapes"]:
            if layer is not None and key not in slots[layer]:
                slots[layer][key] = (*rect, axis)
    hover_keys: dict[str, tuple[float, float]] = {}
    label_keys: dict[str, Label] = {}
    for items in per_state:
        for key, x, y, _ in items["hover"]:
            hover_keys.setdefault(key, (x, y))
        for lab in items["labels"]:
            label_keys.setdefault(lab.key, lab)
    frames = []
    for i, (state, items) in enumerate(zip(states, per_state, strict=True)):
        current = {(key, layer): rect for key, rect, layer, _ in items["shapes"] if layer is not None}
        shapes = {}
        for layer in SHAPE_KEYS:
            rects = []
            for key, (x0, y0, x1, y1, axis) in slots[layer].items():
                r = current.get((key, layer))
                if r is None:
                    r = {"x": (x0, y0, x0, y1), "y": (x0, y0, x1, y0)}.get(axis, (x0, y0, x0, y0))
                rects.append(tuple(r))
            shapes[layer] = tuple(rects)
        hv = {key: (x, y, t) for key, x, y, t in items["hover"]}
        hover = tuple(hv.get(k, (None, None, "")) for k in hover_keys)
        labs = {lab.key: lab for lab in items["labels"]}
        labels = tuple(
            labs.get(k, Label(base.x, base.y, "", base.layer, base.position, base.size, k))
            for k, base in label_keys.items()
        )
        step = static[i]
        frames.append(Frame(step, t("Step {i}/{n}: {text}", i=i + 1, n=n, text=state.text), shapes, hover, labels))
    return Animation(tuple(frames), extent, name, px)


def _grid_items(grid: Grid, atoms, segs, inset, prefix):
    shapes, hover = [], []
    for key, drawn, layer, _owner, text, rect in _atom_items(grid, atoms, segs, inset, prefix):
        shapes.append((key, drawn, layer, "x"))
        if layer is not None:
            x0, y0, x1, y1 = rect
            lo, hi = x0 - grid.x, x1 - grid.x
            for c in range(math.floor(lo + EPS), math.ceil(hi - EPS)):
                a, b = max(lo, c), min(hi, c + 1)
                if grid.resource == "cpu" and y0 >= grid.y - grid.rows - EPS:
                    said = t("core {k}: {text}", k=round((grid.y - y1) * grid.columns + c + 1), text=text)
                else:
                    said = text
                hover.append((f"{key}.{c}", grid.x + (a + b) / 2, (y0 + y1) / 2, said))
    return shapes, hover


def _grid_frame_items(states, grids, inset, extra_labels_fn, px):
    """Shapes, hover and labels for the CPU and/or memory grids of each state."""
    atoms = {g.resource: _atoms(g, [getattr(s, g.resource) for s in states]) for g in grids}
    per_state = []
    for s in states:
        shapes, hover, labels = [], [], []
        for g in grids:
            segs = getattr(s, g.resource)
            sh, hv = _grid_items(g, atoms[g.resource], segs, inset, f"{g.resource}:")
            shapes += sh
            hover += hv
            blocks = _pack(segs, g)
            labels += _owner_labels(blocks, g.resource, px) + _free_label(blocks, f"free:{g.resource}", px)
            for key, rect in owner_outlines(blocks, g.x, gap=inset):
                shapes.append((f"{g.resource}:{key}", rect, "owners", "p"))
            frames, texts = _overcommit(g, _reserved(segs))
            for f in frames:
                shapes.append((f"over:{g.resource}", (f.x0, f.y0, f.x1, f.y1), "overcommitted", "y"))
                hover.append((f"over:{g.resource}", *f.center, f.hover))
            labels += texts
        labels += extra_labels_fn(s)
        per_state.append({"shapes": shapes, "hover": hover, "labels": labels})
    return per_state


def split_animation(hypervisor: Hypervisor, *, inset: float = CELL_GAP) -> Animation:
    """Frames of :func:`split_steps` drawn as the hardware figure draws them (CPU grid, memory grid).

    Parameters
    ----------
    hypervisor : Hypervisor
    inset : float
        Space around each square, in squares (see :data:`CELL_GAP`).

    Examples
    --------
    >>> import vizlib as vz
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = hv.create_vm("vm1", vcpus=1, memory_gib=2)
    >>> a = split_animation(hv)
    >>> len(a.frames), {len(f.shapes["free"]) for f in a.frames} == {len(a.frames[0].shapes["free"])}
    (4, True)
    """
    if not isinstance(hypervisor, Hypervisor):
        raise TypeError(f"hypervisor must be a vizlib.Hypervisor, got {hypervisor!r} ({type(hypervisor).__name__})")
    host = hypervisor.host
    states = _split_states(hypervisor)
    cpu = _cpu_grid(host)
    mem = _memory_grid(host, x=cpu.columns + 1.6)
    cpu_title, mem_title = _grid_titles(host, cpu, mem)
    cells = _boards(host, cpu, mem)
    right = mem.x + mem.columns
    px = px_per_square(right + 5.6)

    def labels(s: _State) -> list[Label]:
        return [_header(cpu, cpu_title, "head:cpu"), _header(mem, mem_title, "head:memory"),
                Label(right + 0.6, 0.2, _counter_text(s, "VM"), "", "top right", 12, key="counter")]

    def layout_fn(states, inset):
        per_state = _grid_frame_items(states, [cpu, mem], inset, labels, px)
        for items in per_state:
            items["shapes"] = [(f"board{i}", _padded(c), "hardware", "x") for i, c in enumerate(cells)] \
                + items["shapes"]
        bottom = min(min(g.bottom(max(_reserved(getattr(s, g.resource)) for s in states)) for g in (cpu, mem)), -1)
        if any(g.excess_rows(max(_reserved(getattr(s, g.resource)) for s in states)) for g in (cpu, mem)):
            bottom -= 1.1
        return per_state, _steps_from(states, host), (-0.2, bottom - 0.2, right + 5.4, 1.25)

    return _animate(states, host, layout_fn, _split_name(hypervisor), inset, px)


def _counter_text(s: _State, kind: str) -> str:
    reserved_mem = sum(seg.amount for seg in s.memory)
    lines = [t("<b>Kernels running: {n}</b>", n=s.kernels)]
    if kind == "VM":
        vms = len({seg.owner for seg in s.memory if seg.layer in ("vm", "guest_os", "apps", "stranded")})
        lines.append(t("VMs: {n}", n=vms))
    else:
        cs = len({seg.owner for seg in s.memory if seg.owner not in ("host_os", "runtime")})
        lines.append(t("Containers: {n}", n=cs))
    lines.append(t("Memory in use: {amount}", amount=fmt_amount(reserved_mem)))
    if s.added > EPS:
        lines.append(t("This step added: +{amount}", amount=fmt_amount(s.added)))
    return "<br>".join(lines)


def containers_animation(runtime: ContainerRuntime, *, inset: float = CELL_GAP) -> Animation:
    """Frames of :func:`container_steps`: the layer stack (one shared kernel) on the left, memory on the right.

    The hardware and the host kernel are bands across the bottom of the
    stack; each container is a box on top holding only its app and its
    libraries and settings.

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("c1", cpus=0.5, memory_gib=0.5)
    >>> a = containers_animation(rt)
    >>> len(a.frames), len(a.frames[0].shapes["apps"]) == len(a.frames[-1].shapes["apps"])
    (4, True)
    """
    if not isinstance(runtime, ContainerRuntime):
        raise TypeError(f"runtime must be a vizlib.ContainerRuntime, got {runtime!r} ({type(runtime).__name__})")
    host = runtime.host
    states = _container_states(runtime)
    containers = runtime.containers
    width = max(8.0, min(16.0, 0.9 * len(containers)))
    mem = _memory_grid(host, x=width + 1.6)
    mem_title = _memory_title(host, mem)
    reserved = max(_reserved(s.memory) for s in states)
    yb = min(-float(mem.rows), -6.6)  # the stack stands on the memory grid's baseline, below the counter
    g = 0.06
    bands = {
        "hardware": (0.0, yb, width, yb + 1.0),
        "host_os": (0.0, yb + 1.0 + g, width, yb + 2.0),
        "runtime": (0.0, yb + 2.0 + g, width, yb + 2.7),
    }
    slot = width / max(1, len(containers))
    px = px_per_square(mem.x + mem.columns + 0.5)
    image_size = {c.name: fmt_amount(IMAGES[c.image] * 1.073741824 * 1000, "MB") for c in containers}
    cores, memory = fmt_amount(host.cpu_cores, "cores"), fmt_amount(host.memory_gib)
    band_text = {  # layer: (label, hover, shorter label)
        "hardware": (t("hardware: {cores}, {memory}", cores=cores, memory=memory),
                     t("{host}: {cores}, {memory}", host=host.name, cores=cores, memory=memory),
                     tp("layer", "hardware")),
        "host_os": (t("host OS kernel: one, shared by every container"),
                    t("host OS ({os}) and its kernel, {amount}: every container's system calls go to this one kernel",
                      os=runtime.host_os.label, amount=fmt_amount(runtime.host_os.memory_gib)),
                    t("host OS kernel (shared)")),
        "runtime": (tp("layer", "container runtime"),
                    t("container runtime (containerd/dockerd): starts containers and sets up namespaces and cgroups"),
                    tp("layer", "runtime")),
    }

    def stack_items(k: int) -> tuple[list, list, list]:
        shapes, hover, labels = [], [], []
        visible = {"hardware": True, "host_os": k >= 1, "runtime": k >= 2}
        for layer, (x0, y0, x1, y1) in bands.items():
            rect = (x0 + g, y0 + g, x1 - g, y1 - g)
            shapes.append((f"band:{layer}", rect, layer if visible[layer] else None, "y"))
            if visible[layer]:
                hover.append((f"band:{layer}", (x0 + x1) / 2, (y0 + y1) / 2, band_text[layer][1]))
                text = band_text[layer][0] if _fits(band_text[layer][0], x1 - x0, px=px) else band_text[layer][2]
                labels.append(Label((x0 + x1) / 2, (y0 + y1) / 2, text, layer, key=f"band:{layer}"))
        running = max(0, k - 2)
        for i, c in enumerate(containers):
            x0 = i * slot
            lib = (x0 + g, yb + 2.7 + g, x0 + slot - g, yb + 3.5 - g / 2)
            app = (x0 + g, yb + 3.5 + g / 2, x0 + slot - g, yb + 4.6 - g)
            on = i < running
            shapes.append((f"lib:{c.name}", lib, "container" if on else None, "y"))
            shapes.append((f"app:{c.name}", app, "apps" if on else None, "y"))
            if on:
                hover.append((f"lib:{c.name}", (lib[0] + lib[2]) / 2, (lib[1] + lib[3]) / 2,
                              t("{name}: image {image}: libraries and settings ({size}), no kernel of its own",
                                name=c.name, image=c.image, size=image_size[c.name])))
                limit, cpus = fmt_amount(c.memory_gib), fmt_amount(c.cpus, "CPU")
                said = (t("{name}: app {app}, {memory} (limit {limit}, {cpus})", name=c.name, app=c.app.name,
                          memory=fmt_amount(c.app_memory_gib), limit=limit, cpus=cpus) if c.app else
                        t("{name}: no app (limit {limit}, {cpus})", name=c.name, limit=limit, cpus=cpus))
                hover.append((f"app:{c.name}", (app[0] + app[2]) / 2, (app[1] + app[3]) / 2, said))
                w = slot - 2 * g
                name = c.name if _fits(c.name, w, px=px) else ""
                app_text = next((x for x in (t("{name}<br>app", name=name), name) if _fits(x, w, px=px)), "")
                lib_text = next((x for x in (t("libs +<br>settings"), t("libs")) if _fits(x, w, px=px)), "")
                if app_text:
                    labels.append(Label((app[0] + app[2]) / 2, (app[1] + app[3]) / 2, app_text, "apps",
                                        key=f"app:{c.name}"))
                if lib_text:
                    labels.append(Label((lib[0] + lib[2]) / 2, (lib[1] + lib[3]) / 2, lib_text, "container",
                                        key=f"lib:{c.name}"))
        return shapes, hover, labels

    def layout_fn(states, inset):
        per_state = _grid_frame_items(
            states, [mem], inset, px=px, extra_labels_fn=
            lambda s: [
                Label(0.0, 0.2, t("<b>Layers</b>, hardware at the bottom:<br>containers sit on one kernel"),
                      "", "top right", 12, key="head:stack"),
                _header(mem, mem_title, "head:memory"),
                Label(0.0, -0.1, _counter_text(s, "container"), "", "bottom right", 12, key="counter"),
            ],
        )
        cells = _boards(host, None, mem)
        for k, items in enumerate(per_state):
            sh, hv, lab = stack_items(k)
            items["shapes"] = [(f"board{i}", _padded(c), "hardware", "x") for i, c in enumerate(cells)] \
                + sh + items["shapes"]
            items["hover"] = hv + items["hover"]
            items["labels"] = lab + items["labels"]
        bottom = min(yb, mem.bottom(reserved) - (1.1 if mem.excess_rows(reserved) else 0))
        return per_state, _steps_from(states, host), (-0.2, bottom - 0.2, mem.x + mem.columns + 0.3, 1.25)

    return _animate(states, host, layout_fn, t("containers attach to one kernel on {host}", host=host.name), inset,
                    px)
