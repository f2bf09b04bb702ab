"""Cloud scale: many identical hosts, hundreds to thousands of instances.

A :class:`Cluster` is a row of identical :class:`~vizlib.model.Host` servers.
:meth:`Cluster.place` packs a list of apps onto as few hosts as a placement
policy manages, either one app per VM or one app per container, with exactly
the per-instance footprints of the single-host model:

* a **VM** reserves ``ceil(app.cpus)`` whole vCPUs and guest RAM = guest OS +
  app memory, plus the hypervisor's per-VM overhead outside guest RAM
  (:func:`vizlib.vm_overhead_gib`); on disk, the guest OS plus the app;
* a **container** reserves the app's own CPU and memory plus the runtime's
  per-container overhead; on disk, the app (the image is stored once per host);
* each host first pays its platform: a type 1 hypervisor's own memory, or a
  host OS plus hypervisor (type 2) or plus container runtime.

So replaying one host's instances through :class:`~vizlib.Hypervisor` or
:class:`~vizlib.ContainerRuntime` always succeeds (the tests do exactly that).

Cost and energy are shown in plain terms with course assumptions for the
price of a host-hour and a host's idle and peak power (see
:func:`vizlib.parameters`, rows ``cluster.*``). Power follows a linear model:
``idle + (peak - idle) x CPU utilisation`` for each powered-on host.
"""

from __future__ import annotations

import html
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np

from vizlib.model import validate as v
from vizlib.model.systems import EPS, App, ContainerRuntime, Host, Hypervisor, vcpus_for, vm_overhead_gib
from vizlib.model.table import GUEST_OS, IMAGES, MIB, parameters
from vizlib.text.catalog import N_, NP_, t, tp
from vizlib.text.fmt import columns, number, pad

__all__ = [
    "AppSize",
    "DEFAULT_MIX",
    "PACKAGINGS",
    "PLACEMENT_POLICIES",
    "POLICY_NAMES",
    "Footprint",
    "Cluster",
    "Placement",
    "ClusterComparison",
    "footprint",
    "policy_name",
    "policy_text",
    "workload",
]

PACKAGINGS = ("vm", "container")
"""How each app is packaged: one per VM, or one per container."""

PLACEMENT_POLICIES = {
    "first_fit": N_("each instance, in the order given, goes on the first host with room"),
    "first_fit_decreasing": N_("largest instances first, each on the first host with room"),
    "best_fit_decreasing": N_("largest instances first, each on the host it leaves with the least room (its free "
                              "shares of CPU, memory and disk added up)"),
}
"""Placement policies :meth:`Cluster.place` knows, with what each does (in English; show it with
:func:`policy_text`)."""

POLICY_NAMES = {
    "first_fit": NP_("placement policy", "first fit"),
    "first_fit_decreasing": NP_("placement policy", "first fit decreasing"),
    "best_fit_decreasing": NP_("placement policy", "best fit decreasing"),
}
"""The name of each placement policy in words (in English; show it with :func:`policy_name`)."""


def policy_name(policy: str) -> str:
    """The placement policy ``policy`` (a key of :data:`PLACEMENT_POLICIES`) named in the current language.

    >>> policy_name("first_fit_decreasing")
    'first fit decreasing'
    """
    return tp("placement policy", POLICY_NAMES[policy]) if policy in POLICY_NAMES else policy.replace("_", " ")


def policy_text(policy: str) -> str:
    """What the placement policy ``policy`` does, in the current language.

    >>> policy_text("first_fit")
    'each instance, in the order given, goes on the first host with room'
    """
    return t(PLACEMENT_POLICIES[policy])

HOURS_PER_MONTH = 730.0  # 365 x 24 / 12


@dataclass(frozen=True)
class AppSize:
    """One kind of app in a workload mix: its needs and how often it occurs."""

    name: str
    cpus: float
    memory_gib: float
    weight: float
    disk_gib: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", v.name("name", self.name))
        object.__setattr__(self, "cpus", v.number("cpus", self.cpus))
        object.__setattr__(self, "memory_gib", v.number("memory_gib", self.memory_gib))
        object.__setattr__(self, "weight", v.number("weight", self.weight))
        object.__setattr__(self, "disk_gib", v.number("disk_gib", self.disk_gib, inclusive=True))

    def app(self) -> App:
        """An :class:`~vizlib.App` with these needs."""
        return App(self.name, cpus=self.cpus, memory_gib=self.memory_gib, disk_gib=self.disk_gib)


DEFAULT_MIX: tuple[AppSize, ...] = (
    AppSize("small", cpus=0.25, memory_gib=0.5, weight=0.5),
    AppSize("medium", cpus=1.0, memory_gib=2.0, weight=0.3),
    AppSize("large", cpus=2.5, memory_gib=6.0, weight=0.15),
    AppSize("xlarge", cpus=4.0, memory_gib=16.0, weight=0.05),
)
"""The course's illustrative mix of app sizes (a course assumption, not a
measurement): many small services, fewer big ones."""


@dataclass(frozen=True)
class Footprint:
    """What one instance takes from its host: cores, GiB of memory and of disk."""

    cpus: float
    memory_gib: float
    disk_gib: float


def _profiles(guest_os: str, image: str) -> tuple:
    return GUEST_OS[v.choice("guest_os", guest_os, GUEST_OS)], v.choice("image", image, IMAGES)


def footprint(app: App, packaging: str = "vm", *, guest_os: str = "ubuntu-server", image: str = "alpine") -> Footprint:
    """The host resources one instance of ``app`` takes, under the model's rules.

    Parameters
    ----------
    app : App
    packaging : {"vm", "container"}
    guest_os : str
        Guest OS profile of each VM (see :data:`vizlib.GUEST_OS`).
    image : str
        Container image; stored once per host, so not part of an instance.

    Examples
    --------
    >>> f = footprint(App("web", cpus=0.5, memory_gib=0.5), "vm")
    >>> f.cpus, round(f.memory_gib, 3)
    (1.0, 2.225)
    >>> footprint(App("web", cpus=0.5, memory_gib=0.5), "container").cpus
    0.5
    """
    if not isinstance(app, App):
        raise TypeError(f"app must be a vizlib.App, got {app!r} ({type(app).__name__})")
    v.choice("packaging", packaging, PACKAGINGS)
    os_, _ = _profiles(guest_os, image)
    if packaging == "vm":
        vcpus = vcpus_for(app.cpus)
        guest_ram = os_.memory_gib + app.memory_gib
        return Footprint(float(vcpus), guest_ram + vm_overhead_gib(guest_ram, vcpus), os_.disk_gib + app.disk_gib)
    per = parameters().value("runtime.per_container_mib") * MIB
    return Footprint(app.cpus, app.memory_gib + per, app.disk_gib)


def workload(count: int, *, seed: int = 0, mix: Sequence[AppSize] | None = None) -> tuple[App, ...]:
    """``count`` apps drawn at random from ``mix`` (default :data:`DEFAULT_MIX`).

    The same ``seed`` always gives the same workload. Each app is named after
    its size and a running number (``"small-1"``, ``"medium-2"``, ...).

    Examples
    --------
    >>> apps = workload(4, seed=1)
    >>> [a.name for a in apps] == [a.name for a in workload(4, seed=1)]
    True
    """
    count = v.whole("count", count, minimum=0)
    seed = v.whole("seed", seed, minimum=0)
    mix = tuple(DEFAULT_MIX if mix is None else mix)
    if not mix or not all(isinstance(m, AppSize) for m in mix):
        raise TypeError(f"mix must be a non-empty sequence of vizlib.AppSize, got {mix!r}")
    rng = random.Random(seed)
    picks = rng.choices(range(len(mix)), weights=[m.weight for m in mix], k=count)
    seen: Counter[str] = Counter()
    out = []
    for i in picks:
        m = mix[i]
        seen[m.name] += 1
        out.append(App(f"{m.name}-{seen[m.name]}", cpus=m.cpus, memory_gib=m.memory_gib, disk_gib=m.disk_gib))
    return tuple(out)


@dataclass(frozen=True)
class Placement:
    """Where every instance went. Produced by :meth:`Cluster.place`.

    Attributes
    ----------
    cluster : Cluster
    packaging : str
        ``"vm"`` or ``"container"``.
    policy : str
    apps : tuple of App
        The apps, in the order they were given.
    host_of : tuple of int or None
        For each app, the index of its host (0-based), or ``None`` when no host
        had room (only possible when the cluster has ``max_hosts``).
    footprints : tuple of Footprint
        For each app, what its instance takes from its host.
    """

    cluster: Cluster
    packaging: str
    policy: str
    apps: tuple[App, ...]
    host_of: tuple[int | None, ...]
    footprints: tuple[Footprint, ...]
    _per_host: np.ndarray = field(repr=False, compare=False)  # rows: hosts; cols: cpu, mem, disk, app_cpu, app_mem, n

    @property
    def instances(self) -> int:
        """Instances asked for (placed or not)."""
        return len(self.apps)

    @property
    def placed(self) -> int:
        return sum(1 for h in self.host_of if h is not None)

    @property
    def unplaced(self) -> tuple[App, ...]:
        """Apps no host had room for."""
        return tuple(a for a, h in zip(self.apps, self.host_of, strict=True) if h is None)

    @property
    def hosts_used(self) -> int:
        """Hosts with at least one instance (the ones that must be powered on)."""
        return int(self._per_host.shape[0])

    def host_instances(self, host: int) -> tuple[int, ...]:
        """Indices (into :attr:`apps`) of the instances on host ``host``."""
        host = v.whole("host", host, minimum=0)
        if host >= self.hosts_used:
            raise ValueError(f"host must be < hosts_used ({self.hosts_used}), got {host}")
        return tuple(i for i, h in enumerate(self.host_of) if h == host)

    def utilisation(self) -> dict[str, tuple[float, ...]]:
        """Per used host, fractions (0..1, can exceed 1 with overcommit) of the physical host.

        Keys: ``"cpu_reserved"``, ``"cpu_busy"`` (app work), ``"memory_reserved"``
        (platform + instances), ``"memory_apps"``, and ``"instances"`` (a count).
        """
        c = self.cluster
        ph = self._per_host
        platform = c.platform_memory_gib(self.packaging)
        return {
            "cpu_reserved": tuple((ph[:, 0] / c.host.cpu_cores).tolist()),
            "cpu_busy": tuple((ph[:, 3] / c.host.cpu_cores).tolist()),
            "memory_reserved": tuple(((ph[:, 1] + platform) / c.host.memory_gib).tolist()),
            "memory_apps": tuple((ph[:, 4] / c.host.memory_gib).tolist()),
            "instances": tuple(int(n) for n in ph[:, 5]),
        }

    @property
    def mean_cpu_busy(self) -> float:
        """Average share of the used hosts' cores doing app work."""
        if not self.hosts_used:
            return 0.0
        return float(self._per_host[:, 3].sum() / (self.hosts_used * self.cluster.host.cpu_cores))

    @property
    def guest_kernels(self) -> int:
        """Guest kernels: one per VM, none for containers."""
        return self.placed if self.packaging == "vm" else 0

    @property
    def kernels(self) -> int:
        """Every kernel running across the cluster: the guests' plus, on each host, those beneath them."""
        beneath = 1 if self.packaging == "container" else self.cluster.kernels_beneath
        return self.guest_kernels + self.hosts_used * beneath

    @property
    def lower_bound_hosts(self) -> int:
        """Hosts no policy can beat: total of each resource over one host's room."""
        if not self.footprints:
            return 0
        room = self.cluster.room(self.packaging)
        tot = np.array([[f.cpus, f.memory_gib, f.disk_gib] for f in self.footprints]).sum(axis=0)
        return max(int(math.ceil(t / r - 1e-9)) if r > 0 else 0 for t, r in zip(tot, room, strict=True))

    @property
    def power_watts(self) -> float:
        """Power drawn by the used hosts under the linear model."""
        c = self.cluster
        busy = np.minimum(self._per_host[:, 3] / c.host.cpu_cores, 1.0)
        return float((c.idle_watts + (c.peak_watts - c.idle_watts) * busy).sum())

    @property
    def energy_kwh_per_day(self) -> float:
        return self.power_watts * 24 / 1000

    @property
    def cost_per_hour(self) -> float:
        return self.hosts_used * self.cluster.host_cost_per_hour

    @property
    def cost_per_month(self) -> float:
        return self.cost_per_hour * HOURS_PER_MONTH

    def graph(self) -> nx.DiGraph:
        """``networkx.DiGraph``: ``datacenter -> host:i -> vm:name`` (or ``container:name``).

        Every node has ``layer`` (``"datacenter"``, ``"host"``, ``"vm"`` or
        ``"container"``) and ``label``; hosts also carry ``cpu_reserved`` and
        ``memory_reserved`` (fractions), instances ``cpus`` and ``memory_gib``.
        """
        g = nx.DiGraph()
        c = self.cluster
        g.add_node("datacenter", layer="datacenter",
                   label=t("datacenter: {hosts} hosts of {cores} cores, {memory} GiB", hosts=self.hosts_used,
                           cores=c.host.cpu_cores, memory=number(c.host.memory_gib)))
        util = self.utilisation()
        for h in range(self.hosts_used):
            g.add_node(f"host:{h}", layer="host", label=t("host {number}", number=h + 1), index=h,
                       cpu_reserved=util["cpu_reserved"][h], memory_reserved=util["memory_reserved"][h])
            g.add_edge("datacenter", f"host:{h}")
        for i, (a, h, f) in enumerate(zip(self.apps, self.host_of, self.footprints, strict=True)):
            if h is None:
                continue
            node = f"{self.packaging}:{a.name}" if a.name else f"{self.packaging}:{i}"
            if node in g:  # duplicate app names: keep nodes distinct
                node = f"{self.packaging}:{a.name}#{i}"
            label = f"VM {a.name}" if self.packaging == "vm" else t("container {name}", name=a.name)
            g.add_node(node, layer=self.packaging, label=label, cpus=f.cpus, memory_gib=f.memory_gib, app=a.name)
            g.add_edge(f"host:{h}", node)
        return g

    def summary(self) -> str:
        """One or two plain sentences."""
        fields = dict(placed=self.placed, instances=self.instances, hosts=self.hosts_used,
                      policy=policy_name(self.policy), busy=f"{self.mean_cpu_busy:.0%}")
        if self.packaging == "vm":
            s = t("{placed} of {instances} apps as VMs on {hosts} hosts ({policy}); the cores are {busy} busy on "
                  "average.", **fields)
        else:
            s = t("{placed} of {instances} apps as containers on {hosts} hosts ({policy}); the cores are {busy} busy "
                  "on average.", **fields)
        if self.unplaced:
            s += " " + t("{n} did not fit within the cluster's {max_hosts} hosts.", n=len(self.unplaced),
                         max_hosts=self.cluster.max_hosts)
        return s

    def __repr__(self) -> str:
        return f"Placement({self.summary()})"


@dataclass(frozen=True)
class ClusterComparison:
    """The same apps placed as VMs and as containers: ``.vm`` and ``.container``."""

    vm: Placement
    container: Placement

    @property
    def hosts_saved(self) -> int:
        """Hosts containers need fewer than VMs (negative if more)."""
        return self.vm.hosts_used - self.container.hosts_used

    def _rows(self) -> list[tuple[str, str, str]]:
        vm, ct = self.vm, self.container
        cur = self.vm.cluster.currency
        return [
            (t("apps placed"), f"{vm.placed} / {vm.instances}", f"{ct.placed} / {ct.instances}"),
            (t("hosts powered on"), str(vm.hosts_used), str(ct.hosts_used)),
            (t("fewest possible hosts"), str(vm.lower_bound_hosts), str(ct.lower_bound_hosts)),
            (t("kernels running"), str(vm.kernels), str(ct.kernels)),
            (t("cores busy with app work"), f"{vm.mean_cpu_busy:.0%}", f"{ct.mean_cpu_busy:.0%}"),
            (t("power (kW)"), f"{vm.power_watts / 1000:.1f}", f"{ct.power_watts / 1000:.1f}"),
            (t("energy per day (kWh)"), f"{vm.energy_kwh_per_day:,.0f}", f"{ct.energy_kwh_per_day:,.0f}"),
            (t("cost per month ({currency})", currency=cur), f"{vm.cost_per_month:,.0f}", f"{ct.cost_per_month:,.0f}"),
        ]

    def summary(self) -> str:
        """Plain sentences: hosts, energy and money, with the assumptions named."""
        vm, ct = self.vm, self.container
        c = vm.cluster
        out = t("{apps} apps need {vm_hosts} hosts as VMs and {container_hosts} as containers ({policy}).",
                apps=vm.instances, vm_hosts=vm.hosts_used, container_hosts=ct.hosts_used, policy=policy_name(vm.policy))
        if self.hosts_saved > 0:
            out += " " + t(
                "Containers save {hosts} hosts: about {kwh} kWh per day and {money} {currency} per month (course "
                "assumptions: {price} {currency} per host-hour, {idle} W idle to {peak} W at full load).",
                hosts=self.hosts_saved, kwh=f"{vm.energy_kwh_per_day - ct.energy_kwh_per_day:,.0f}",
                money=f"{vm.cost_per_month - ct.cost_per_month:,.0f}", currency=c.currency,
                price=f"{c.host_cost_per_hour:g}", idle=f"{c.idle_watts:g}", peak=f"{c.peak_watts:g}")
        return out

    def __repr__(self) -> str:
        rows = [("", tp("table column", "VMs"), tp("table column", "containers")), *self._rows()]
        w0 = max(columns(r[0]) for r in rows)
        w1 = max(columns(r[1]) for r in rows)
        lines = [f"{pad(r[0], w0)}  {pad(r[1], w1, right=True)}   {r[2]}" for r in rows]
        return "\n".join(lines + ["", self.summary()])

    def _repr_html_(self) -> str:
        e = html.escape
        body = "".join(
            f"<tr><td style='text-align:left'>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>"
            for a, b, c in self._rows()
        )
        return (
            f"<table><thead><tr><th></th><th>{e(tp('table column', 'VMs'))}</th>"
            f"<th>{e(tp('table column', 'containers'))}</th></tr></thead>"
            f"<tbody>{body}</tbody></table><p>{e(self.summary())}</p>"
        )


@dataclass(frozen=True)
class Cluster:
    """A row of identical hosts, and the rules for packing instances on them.

    Parameters
    ----------
    host : Host
        The server every host is a copy of.
    max_hosts : int, optional
        How many hosts the cluster has; ``None`` (default) means as many as needed.
    hypervisor : {"type1", "type2"}, optional
        The kind of hypervisor on each host when apps are packaged as VMs
        (default: the product's, or type 1).
    guest_os : str
        Guest OS profile of every VM (see :data:`vizlib.GUEST_OS`).
    image : str
        Container image (see :data:`vizlib.IMAGES`).
    cpu_overcommit, memory_overcommit : float, default 1.0
        How far reservations may exceed each host's cores / memory (>= 1).
    host_cost_per_hour : float, optional
        Price of running one host for an hour (default: parameter
        ``cluster.host_cost_per_hour``, a course assumption).
    idle_watts, peak_watts : float, optional
        A host's power when idle and at full CPU load (defaults: parameters
        ``cluster.host_idle_watts`` and ``cluster.host_peak_watts``, course assumptions).
    currency : str, default "USD"
    product : str, optional
        The hypervisor product (see :data:`vizlib.PRODUCTS`; default KVM, or
        VirtualBox for type 2).

    Examples
    --------
    >>> cluster = Cluster(Host(cpu_cores=32, memory_gib=128))
    >>> both = cluster.compare(workload(500, seed=0))
    >>> both.vm.hosts_used > both.container.hosts_used
    True
    """

    host: Host
    max_hosts: int | None = None
    hypervisor: str | None = None
    guest_os: str = "ubuntu-server"
    image: str = "alpine"
    cpu_overcommit: float = 1.0
    memory_overcommit: float = 1.0
    host_cost_per_hour: float | None = None
    idle_watts: float | None = None
    peak_watts: float | None = None
    currency: str = "USD"
    product: str | None = None

    def __post_init__(self) -> None:
        p = parameters()
        if not isinstance(self.host, Host):
            raise TypeError(f"host must be a vizlib.Host, got {self.host!r} ({type(self.host).__name__})")
        if self.max_hosts is not None:
            object.__setattr__(self, "max_hosts", v.whole("max_hosts", self.max_hosts))
        if self.hypervisor is not None:
            v.choice("hypervisor", self.hypervisor, ("type1", "type2"))
        _profiles(self.guest_os, self.image)
        for name in ("cpu_overcommit", "memory_overcommit"):
            object.__setattr__(self, name, v.number(name, getattr(self, name), minimum=1.0, inclusive=True))
        defaults = {
            "host_cost_per_hour": "cluster.host_cost_per_hour",
            "idle_watts": "cluster.host_idle_watts",
            "peak_watts": "cluster.host_peak_watts",
        }
        for name, key in defaults.items():
            value = getattr(self, name)
            value = p.value(key) if value is None else v.number(name, value, inclusive=True)
            object.__setattr__(self, name, value)
        if self.peak_watts < self.idle_watts:
            raise ValueError(
                f"peak_watts must be >= idle_watts ({self.idle_watts:g}), got {self.peak_watts:g}"
            )
        object.__setattr__(self, "currency", v.name("currency", self.currency))
        # both platforms must fit on one host, or nothing can be placed
        self._system("vm")
        self._system("container")

    def _system(self, packaging: str) -> Hypervisor | ContainerRuntime:
        if packaging == "vm":
            return Hypervisor(self.host, kind=self.hypervisor, cpu_overcommit=self.cpu_overcommit,
                              memory_overcommit=self.memory_overcommit, product=self.product)
        return ContainerRuntime(self.host, cpu_overcommit=self.cpu_overcommit, memory_overcommit=self.memory_overcommit)

    @property
    def kernels_beneath(self) -> int:
        """Kernels each VM host runs beneath its guests (by the hypervisor product)."""
        return self._system("vm").kernels_beneath

    def platform_memory_gib(self, packaging: str) -> float:
        """Memory each host spends on its platform before any instance."""
        v.choice("packaging", packaging, PACKAGINGS)
        return self._system(packaging).platform_memory_gib

    def room(self, packaging: str) -> tuple[float, float, float]:
        """What instances may reserve on one empty host: (cores, GiB memory, GiB disk)."""
        v.choice("packaging", packaging, PACKAGINGS)
        free = self._system(packaging).free()
        disk = free["disk"] - (IMAGES[self.image] if packaging == "container" else 0.0)
        return free["cpu"], free["memory"], disk

    def footprint(self, app: App, packaging: str) -> Footprint:
        """What one instance of ``app`` takes from a host of this cluster."""
        return footprint(app, packaging, guest_os=self.guest_os, image=self.image)

    def place(
        self,
        apps: Iterable[App],
        *,
        packaging: Literal["vm", "container"] = "vm",
        policy: str = "first_fit",
    ) -> Placement:
        """Place one instance per app on as few hosts as ``policy`` manages.

        Parameters
        ----------
        apps : iterable of App
        packaging : {"vm", "container"}
        policy : str
            One of :data:`PLACEMENT_POLICIES`.

        Returns
        -------
        Placement

        Raises
        ------
        ValueError
            If an app is larger than a whole empty host (it could never be
            placed), naming the app and the resource.

        Examples
        --------
            >>> c = Cluster(Host(cpu_cores=8, memory_gib=32))
        >>> apps = [App(f"a{i}", cpus=1, memory_gib=1) for i in range(20)]
        >>> c.place(apps, packaging="vm").hosts_used, c.place(apps, packaging="container").hosts_used
        (3, 3)
        """
        v.choice("packaging", packaging, PACKAGINGS)
        v.choice("policy", policy, PLACEMENT_POLICIES)
        apps = tuple(apps)
        for i, a in enumerate(apps):
            if not isinstance(a, App):
                raise TypeError(f"apps[{i}] must be a vizlib.App, got {a!r} ({type(a).__name__})")
        feet = tuple(self.footprint(a, packaging) for a in apps)
        room = np.array(self.room(packaging))
        need = np.array([[f.cpus, f.memory_gib, f.disk_gib] for f in feet], dtype=float).reshape(-1, 3)
        too_big = np.nonzero((need > room + EPS).any(axis=1))[0]
        if too_big.size:
            i = int(too_big[0])
            r = ("cpu", "memory", "disk")[int(np.argmax(need[i] - room))]
            unit = "cores" if r == "cpu" else "GiB"
            k = int(np.argmax(need[i] - room))
            raise ValueError(
                f"apps[{i}] ({apps[i].name!r}) can never be placed: as a {packaging} it needs "
                f"{number(need[i, k])} {unit} of {r} but an empty host has {number(room[k])} {unit}"
            )
        order = list(range(len(apps)))
        if policy != "first_fit":
            share = (need / np.where(room > 0, room, 1.0)).max(axis=1) if len(apps) else np.zeros(0)
            order.sort(key=lambda i: (-share[i], i))
        host_of, free = _pack(need, room, order, best=policy == "best_fit_decreasing", max_hosts=self.max_hosts)
        used = free.shape[0]
        per = np.zeros((used, 6))
        app_cpu = np.array([a.cpus for a in apps], dtype=float)
        app_mem = np.array([a.memory_gib for a in apps], dtype=float)
        for i, h in enumerate(host_of):
            if h is not None:
                per[h, :3] += need[i]
                per[h, 3] += app_cpu[i]
                per[h, 4] += app_mem[i]
                per[h, 5] += 1
        return Placement(self, packaging, policy, apps, tuple(host_of), feet, per)

    def compare(self, apps: Iterable[App], *, policy: str = "first_fit") -> ClusterComparison:
        """Place ``apps`` as VMs and as containers with the same ``policy``."""
        apps = tuple(apps)
        return ClusterComparison(
            vm=self.place(apps, packaging="vm", policy=policy),
            container=self.place(apps, packaging="container", policy=policy),
        )




def _pack(need: np.ndarray, room: np.ndarray, order: list[int], *, best: bool, max_hosts: int | None):
    """Pack rows of ``need`` into bins of size ``room``; returns host per item and free room per opened host."""
    n = need.shape[0]
    limit = n if max_hosts is None else min(max_hosts, n)
    free = np.tile(room, (max(limit, 1), 1)).astype(float)
    cpu, mem, disk = free[:, 0], free[:, 1], free[:, 2]
    inv = 1.0 / np.where(room > 0, room, 1.0)
    opened = 0
    host_of: list[int | None] = [None] * n
    for i in order:
        c, m, d = need[i] - EPS
        k = min(opened + 1, limit)
        ok = (cpu[:k] >= c) & (mem[:k] >= m) & (disk[:k] >= d)
        if not ok.any():
            continue
        if best:
            left = (cpu[:k] - c) * inv[0] + (mem[:k] - m) * inv[1] + (disk[:k] - d) * inv[2]
            h = int(np.argmin(np.where(ok, left, np.inf)))
        else:
            h = int(np.argmax(ok))
        free[h] -= need[i]
        host_of[i] = h
        if h == opened:
            opened += 1
    return host_of, free[:opened]

