"""Plain-language descriptions of systems, comparisons and figures.

One or two sentences a screen reader can read aloud and a notebook test can
compare. Pure text: no plotly import. Figures made by :mod:`vizlib.figures`
carry their description in ``fig.layout.meta["description"]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from vizlib.model import validate as v
from vizlib.model.comparison import Comparison
from vizlib.model.scenario import Refusal, Scenario
from vizlib.model.stack import BENEATH_WHAT
from vizlib.model.systems import VIEWS, ContainerRuntime, Host, Hypervisor

__all__ = ["describe", "system_title"]

_MEMORY_WORDS = {
    "apps": "for apps",
    "guest_os": "for guest operating systems (their sizing floors: the memory their vendors require)",
    "hypervisor": "for the hypervisor",
    "host_os": "for the host OS",
    "runtime": "for the container runtime",
    "stranded": "stranded (reserved but unused)",
    "free": "free",
}
_USED_WORDS = {
    "apps": "for apps",
    "guest_os": "for guest operating systems (what an idle one touches)",
    "hypervisor": "for the hypervisor and its per-VM processes",
    "host_os": "for the host OS (idle)",
    "runtime": "for the container runtime",
    "free": "free",
}


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else f"{round(x)}"


def _gib(x: float) -> str:
    return f"{x * 1024:.0f} MiB" if 0 < abs(x) < 0.1 else f"{_num(x)} GiB"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _list(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _hardware(host: Host) -> str:
    return f"{_plural(host.cpu_cores, 'core')}, {_num(host.memory_gib)} GiB"


def _kind(system: Hypervisor) -> str:
    return f"{system.product.label} ({system.product.kind_short})"


def system_title(system: Hypervisor | ContainerRuntime | Host, refused: Sequence[Refusal] = ()) -> str:
    """A figure title stating the state in words.

    Examples
    --------
    >>> import vizlib as vz
    >>> s = vz.fill_vms(vz.Host(cpu_cores=16, memory_gib=64), count=6, vcpus=4, memory_gib=8)
    >>> system_title(s.system, s.refused)
    'KVM (usually type 1): 4 VMs on 16 cores, 64 GiB (2 not placed)'
    """
    if isinstance(system, Hypervisor):
        title = f"{_kind(system)}: {_plural(len(system.vms), 'VM')} on {_hardware(system.host)}"
    elif isinstance(system, ContainerRuntime):
        title = f"Containers: {len(system.containers)} on {_hardware(system.host)} (1 kernel)"
    elif isinstance(system, Host):
        title = f"Bare server: {_hardware(system)}, nothing installed"
    else:
        raise TypeError(
            f"system must be a vizlib Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )
    if refused:
        title += f" ({len(refused)} not placed)"
    return title


def _memory_sentence(system: Hypervisor | ContainerRuntime, view: str = "reserved") -> str:
    u = system.usage(view)
    m = u.memory
    if view == "used":
        parts = [f"{_gib(m.layers[k])} {w}" for k, w in _USED_WORDS.items() if m.layers[k] > 1e-9]
        c = u.cpu
        out = (f"In use, of its memory, {_list(parts)}; nothing is stranded. Of the "
               f"{_plural(system.host.cpu_cores, 'core')}, the apps keep {_num(c.layers['apps'])} busy")
        if c.layers["hypervisor"] > 1e-9:
            out += f" and running them in VMs burns {_num(c.layers['hypervisor'])} more"
        return out + "."
    parts = [f"{_gib(m.layers[k])} {w}" for k, w in _MEMORY_WORDS.items() if m.layers[k] > 1e-9]
    out = f"Of its memory, {_list(parts)}"
    if m.excess > 1e-9:
        out += f"; memory is overcommitted by {_gib(m.excess)}"
    c = u.cpu
    reserved = c.layers["apps"] + c.layers["stranded"]
    unit = "vCPUs" if isinstance(system, Hypervisor) else "CPUs"
    out += (
        f". Of the {_plural(system.host.cpu_cores, 'core')}, {_num(reserved)} {unit} are reserved "
        f"and {_num(c.layers['apps'])} kept busy by apps"
    )
    if c.layers["stranded"] > 1e-9:
        out += " (the rest of what is reserved is idle, and no new reservation may claim it)"
    if c.excess > 1e-9:
        out += f"; the CPU is overcommitted: {_num(reserved)} {unit} share {_plural(system.host.cpu_cores, 'core')}"
    return out + "."


def _system(system: Hypervisor | ContainerRuntime | Host, view: str = "reserved") -> str:
    if isinstance(system, Host):
        return (
            f"A bare server with {_plural(system.cpu_cores, 'CPU core')} and {_num(system.memory_gib)} GiB "
            "of memory; nothing is installed on it yet."
        )
    h = system.host
    if isinstance(system, Hypervisor):
        n = len(system.vms)
        if system.kind == "type1":
            kind = system.product.kind_text.replace("type 1", "a type 1 hypervisor")
            where, beneath = kind, BENEATH_WHAT[system.product.key]
        else:
            where = f"a type 2 hypervisor on a {system.host_os.label} host OS"
            beneath = "the host OS's kernel"
        first = (
            f"{system.product.label}, {where}, runs {_plural(n, 'VM')} on a server with "
            f"{_plural(h.cpu_cores, 'core')} and {_num(h.memory_gib)} GiB: {_plural(n, 'guest kernel')} plus "
            f"{beneath}, so {_plural(system.kernels, 'kernel')} {'runs' if system.kernels == 1 else 'run'}."
        )
    else:
        n = len(system.containers)
        where = f"a server with {_plural(h.cpu_cores, 'core')} and {_num(h.memory_gib)} GiB"
        if n == 0:
            first = f"A container runtime on the {system.host_os.label} kernel of {where} runs no containers yet."
        else:
            verb = "runs on" if n == 1 else "share"
            first = f"{_plural(n, 'container')} {verb} one {system.host_os.label} kernel on {where}."
    return f"{first} {_memory_sentence(system, view)}"


def _comparison(c: Comparison) -> str:
    vm, ct, h, a = c.vm, c.container, c.host, c.app
    limit = {"cpu": "CPU", "memory": "memory", "disk": "disk"}
    first = (
        f"One copy of app {a.name} ({_num(a.cpus)} CPU, {_gib(a.memory_gib)}) per VM or per container on "
        f"{_plural(h.cpu_cores, 'core')} and {_num(h.memory_gib)} GiB: {vm.max_instances} fit as VMs "
        f"(limited by {limit[vm.limited_by]}) and {ct.max_instances} as containers "
        f"(limited by {limit[ct.limited_by]}), counting reservations under a policy of {c.policy}."
    )
    at = f"At {vm.count} VMs and {ct.count} containers" if (vm.count, ct.count) != (
        vm.max_instances, ct.max_instances) else "When full"
    second = (
        f"{at}, VMs spend {_gib(vm.memory_overhead_gib)} on overhead "
        f"({_gib(vm.memory_overhead_gib - vm.platform_memory_gib)} for the copies, "
        f"{_gib(vm.platform_memory_gib)} for the platform) and run {_plural(vm.kernels, 'kernel')} "
        f"({vm.guest_kernels} guest, {vm.kernels - vm.guest_kernels} beneath), "
        f"containers spend {_gib(ct.memory_overhead_gib)} "
        f"({_gib(ct.memory_overhead_gib - ct.platform_memory_gib)} for the copies, "
        f"{_gib(ct.platform_memory_gib)} for the host OS and runtime) and run {_plural(ct.kernels, 'kernel')}; "
        f"one more starts in {_num(vm.startup_seconds)} s as a VM and {_num(ct.startup_seconds)} s as a container."
    )
    return f"{first} {second}"


def _scenario(s: Scenario) -> str:
    text = _system(s.system)
    what = "VMs" if (isinstance(s.system, Hypervisor) or (s.refused and s.refused[0].name.startswith("vm"))) \
        else "containers"
    if s.refused:
        text += (
            f" {len(s.refused)} of {s.requested} requested {what} {'was' if len(s.refused) == 1 else 'were'} "
            "not placed; "
            f"{s.refused[0].name}: {s.refused[0].reason}."
        )
    elif s.requested == 0:
        text += f" No {what} were requested."
    elif s.requested == 1:
        text += f" The one requested {what[:-1]} was placed."
    else:
        text += f" All {s.requested} requested {what} were placed."
    return text


def describe(obj: object, *, view: str = "reserved") -> str:
    """One or two plain sentences describing ``obj``.

    Parameters
    ----------
    obj : Hypervisor, ContainerRuntime, Host, Comparison, Scenario or plotly Figure
        A figure must have been made by :mod:`vizlib.figures` (its description
        is stored in ``fig.layout.meta["description"]``).
    view : {"reserved", "used"}
        For a hypervisor or container runtime: describe what is reserved (the default) or what the host actually
        uses (see :meth:`vizlib.Hypervisor.usage`).

    Returns
    -------
    str

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("c1", cpus=0.5, memory_gib=0.5, app=vz.App("web", cpus=0.5, memory_gib=0.5))
    >>> describe(rt).split(". ")[0]
    '1 container runs on one Ubuntu Server 24.04 kernel on a server with 4 cores and 8 GiB'
    """
    if isinstance(obj, Scenario):
        return _scenario(obj)
    if isinstance(obj, (Hypervisor, ContainerRuntime, Host)):
        return _system(obj, v.choice("view", view, VIEWS))
    if isinstance(obj, Comparison):
        return _comparison(obj)
    layout = getattr(obj, "layout", None)
    if layout is not None and hasattr(layout, "meta"):
        meta = layout.meta
        if isinstance(meta, dict) and isinstance(meta.get("description"), str):
            return meta["description"]
        raise ValueError(
            "obj is a figure without a description (fig.layout.meta['description']); "
            "describe() knows figures made by vizlib.figures"
        )
    raise TypeError(
        "obj must be a Hypervisor, ContainerRuntime, Host, Comparison, Scenario or a figure made by "
        f"vizlib.figures, got {obj!r} ({type(obj).__name__})"
    )
