"""Plain-language descriptions of systems, comparisons and figures.

One or two sentences a screen reader can read aloud and a notebook test can
compare. Pure text: no plotly import. Figures made by :mod:`vizlib.figures`
carry their description in ``fig.layout.meta["description"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from vizlib.model import validate as v
from vizlib.model.comparison import Comparison, resource_word
from vizlib.model.scenario import Refusal, Scenario
from vizlib.model.stack import beneath_what
from vizlib.model.systems import VIEWS, ContainerRuntime, Host, Hypervisor
from vizlib.text.catalog import N_, listing, t, tn
from vizlib.text.fmt import gib, number

__all__ = ["describe", "system_title"]

_gib = partial(gib, mib_below=0.1)  # memory as describe() states it: 0.5 GiB, and MiB only below 0.1 GiB

_MEMORY_WORDS = {
    "apps": N_("{amount} for apps"),
    "guest_os": N_("{amount} for guest operating systems (their sizing floors: the memory their vendors require)"),
    "hypervisor": N_("{amount} for the hypervisor"),
    "host_os": N_("{amount} for the host OS"),
    "runtime": N_("{amount} for the container runtime"),
    "stranded": N_("{amount} stranded (reserved but unused)"),
    "free": N_("{amount} free"),
}
_USED_WORDS = {
    "apps": N_("{amount} for apps"),
    "guest_os": N_("{amount} for guest operating systems (what an idle one touches)"),
    "hypervisor": N_("{amount} for the hypervisor and its per-VM processes"),
    "host_os": N_("{amount} for the host OS (idle)"),
    "runtime": N_("{amount} for the container runtime"),
    "free": N_("{amount} free"),
}




def _cores(n: int) -> str:
    """``1 core``, ``16 cores``, in the current language."""
    return tn("{amount} core", "{amount} cores", n, amount=str(n))


def _kernels(n: int) -> str:
    return tn("{n} kernel", "{n} kernels", n)


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
    if isinstance(system, (Hypervisor, ContainerRuntime)):
        h = system.host
    elif isinstance(system, Host):
        h = system
    else:
        raise TypeError(
            f"system must be a vizlib Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )
    f = dict(cores=_cores(h.cpu_cores), memory=number(h.memory_gib), refused=len(refused))
    if isinstance(system, Hypervisor):
        n = len(system.vms)
        f["kind"] = _kind(system)
        if refused:
            return tn("{kind}: {n} VM on {cores}, {memory} GiB ({refused} not placed)",
                      "{kind}: {n} VMs on {cores}, {memory} GiB ({refused} not placed)", n, **f)
        return tn("{kind}: {n} VM on {cores}, {memory} GiB", "{kind}: {n} VMs on {cores}, {memory} GiB", n, **f)
    if isinstance(system, ContainerRuntime):
        f["n"] = len(system.containers)
        if refused:
            return t("Containers: {n} on {cores}, {memory} GiB (1 kernel) ({refused} not placed)", **f)
        return t("Containers: {n} on {cores}, {memory} GiB (1 kernel)", **f)
    if refused:
        return t("Bare server: {cores}, {memory} GiB, nothing installed ({refused} not placed)", **f)
    return t("Bare server: {cores}, {memory} GiB, nothing installed", **f)


def _memory_sentence(system: Hypervisor | ContainerRuntime, view: str = "reserved") -> str:
    u = system.usage(view)
    m = u.memory
    c = u.cpu
    n = system.host.cpu_cores
    if view == "used":
        parts = listing([t(w, amount=_gib(m.layers[k])) for k, w in _USED_WORDS.items() if m.layers[k] > 1e-9])
        f = dict(parts=parts, cores=_cores(n), busy=number(c.layers["apps"]), extra=number(c.layers["hypervisor"]))
        if c.layers["hypervisor"] > 1e-9:
            return t("In use, of its memory, {parts}; nothing is stranded. Of the {cores}, the apps keep {busy} busy "
                     "and running them in VMs burns {extra} more.", **f)
        return t("In use, of its memory, {parts}; nothing is stranded. Of the {cores}, the apps keep {busy} busy.",
                 **f)
    parts = listing([t(w, amount=_gib(m.layers[k])) for k, w in _MEMORY_WORDS.items() if m.layers[k] > 1e-9])
    if m.excess > 1e-9:
        memory = t("Of its memory, {parts}; memory is overcommitted by {excess}.", parts=parts, excess=_gib(m.excess))
    else:
        memory = t("Of its memory, {parts}.", parts=parts)
    reserved = c.layers["apps"] + c.layers["stranded"]
    f = dict(cores=_cores(n), reserved=number(reserved), busy=number(c.layers["apps"]))
    stranded, over = c.layers["stranded"] > 1e-9, c.excess > 1e-9
    if isinstance(system, Hypervisor):
        sentences = [t("Of the {cores}, {reserved} vCPUs are reserved and {busy} kept busy by apps.", **f)]
        overcommitted = t("The CPU is overcommitted: {reserved} vCPUs share {cores}.", **f)
    else:
        sentences = [t("Of the {cores}, {reserved} CPUs are reserved and {busy} kept busy by apps.", **f)]
        overcommitted = t("The CPU is overcommitted: {reserved} CPUs share {cores}.", **f)
    if stranded:
        sentences.append(t("The rest of what is reserved is idle, and no new reservation may claim it."))
    if over:
        sentences.append(overcommitted)
    cpu = " ".join(sentences)
    return f"{memory} {cpu}"


def _system(system: Hypervisor | ContainerRuntime | Host, view: str = "reserved") -> str:
    if isinstance(system, Host):
        return tn("A bare server with {n} CPU core and {memory} GiB of memory; nothing is installed on it yet.",
                  "A bare server with {n} CPU cores and {memory} GiB of memory; nothing is installed on it yet.",
                  system.cpu_cores, memory=number(system.memory_gib))
    h = system.host
    if isinstance(system, Hypervisor):
        n = len(system.vms)
        f = dict(product=system.product.label, vms=tn("{n} VM", "{n} VMs", n), cores=_cores(h.cpu_cores),
                 memory=number(h.memory_gib), guest_kernels=tn("{n} guest kernel", "{n} guest kernels", n))
        k = system.kernels
        if system.kind == "type2":
            first = tn("{product}, a type 2 hypervisor on a {host_os} host OS, runs {vms} on a server with {cores} and "
                       "{memory} GiB: {guest_kernels} plus the host OS's kernel, so {n} kernel runs.",
                       "{product}, a type 2 hypervisor on a {host_os} host OS, runs {vms} on a server with {cores} and "
                       "{memory} GiB: {guest_kernels} plus the host OS's kernel, so {n} kernels run.",
                       k, host_os=system.host_os.label, **f)
        elif system.product.disputed:
            first = tn("{product}, usually classed as a type 1 hypervisor, runs {vms} on a server with {cores} and "
                       "{memory} GiB: {guest_kernels} plus {beneath}, so {n} kernel runs.",
                       "{product}, usually classed as a type 1 hypervisor, runs {vms} on a server with {cores} and "
                       "{memory} GiB: {guest_kernels} plus {beneath}, so {n} kernels run.",
                       k, beneath=beneath_what(system.product.key), **f)
        else:
            first = tn("{product}, a type 1 hypervisor, runs {vms} on a server with {cores} and {memory} GiB: "
                       "{guest_kernels} plus {beneath}, so {n} kernel runs.",
                       "{product}, a type 1 hypervisor, runs {vms} on a server with {cores} and {memory} GiB: "
                       "{guest_kernels} plus {beneath}, so {n} kernels run.",
                       k, beneath=beneath_what(system.product.key), **f)
    else:
        n = len(system.containers)
        f = dict(os=system.host_os.label, cores=_cores(h.cpu_cores), memory=number(h.memory_gib))
        if n == 0:
            first = t("A container runtime on the {os} kernel of a server with {cores} and {memory} GiB runs no "
                      "containers yet.", **f)
        else:
            first = tn("{n} container runs on one {os} kernel on a server with {cores} and {memory} GiB.",
                       "{n} containers share one {os} kernel on a server with {cores} and {memory} GiB.", n, **f)
    return f"{first} {_memory_sentence(system, view)}"


def _comparison(c: Comparison) -> str:
    vm, ct, h, a = c.vm, c.container, c.host, c.app
    first = t(
        "One copy of app {app} ({cpus} CPU, {memory}) per VM or per container on {cores} and {host_memory} GiB: "
        "{vm_max} fit as VMs (limited by {vm_limit}) and {container_max} as containers (limited by "
        "{container_limit}), counting reservations under a policy of {policy}.",
        app=a.name, cpus=number(a.cpus), memory=_gib(a.memory_gib), cores=_cores(h.cpu_cores),
        host_memory=number(h.memory_gib), vm_max=vm.max_instances, vm_limit=resource_word(vm.limited_by),
        container_max=ct.max_instances, container_limit=resource_word(ct.limited_by), policy=c.policy)
    f = dict(
        vms=vm.count, containers=ct.count,
        vm_overhead=_gib(vm.memory_overhead_gib), vm_copies=_gib(vm.memory_overhead_gib - vm.platform_memory_gib),
        vm_platform=_gib(vm.platform_memory_gib), vm_kernels=_kernels(vm.kernels), guest=vm.guest_kernels,
        beneath=vm.kernels - vm.guest_kernels,
        container_overhead=_gib(ct.memory_overhead_gib),
        container_copies=_gib(ct.memory_overhead_gib - ct.platform_memory_gib),
        container_platform=_gib(ct.platform_memory_gib), container_kernels=_kernels(ct.kernels),
        vm_start=number(vm.startup_seconds), container_start=number(ct.startup_seconds),
    )
    if (vm.count, ct.count) != (vm.max_instances, ct.max_instances):
        second = t(
            "At {vms} VMs and {containers} containers, VMs spend {vm_overhead} on overhead ({vm_copies} for the "
            "copies, {vm_platform} for the platform) and run {vm_kernels} ({guest} guest, {beneath} beneath), "
            "containers spend {container_overhead} ({container_copies} for the copies, {container_platform} for the "
            "host OS and runtime) and run {container_kernels}; one more starts in {vm_start} s as a VM and "
            "{container_start} s as a container.", **f)
    else:
        second = t(
            "When full, VMs spend {vm_overhead} on overhead ({vm_copies} for the copies, {vm_platform} for the "
            "platform) and run {vm_kernels} ({guest} guest, {beneath} beneath), containers spend "
            "{container_overhead} ({container_copies} for the copies, {container_platform} for the host OS and "
            "runtime) and run {container_kernels}; one more starts in {vm_start} s as a VM and {container_start} s "
            "as a container.", **f)
    return f"{first} {second}"


def _scenario(s: Scenario) -> str:
    text = _system(s.system)
    vms = isinstance(s.system, Hypervisor) or bool(s.refused and s.refused[0].kind == "vm")
    if s.refused:
        f = dict(requested=s.requested, name=s.refused[0].name, reason=s.refused[0].reason)
        if vms:
            more = tn("{n} of {requested} requested VMs was not placed; {name}: {reason}.",
                      "{n} of {requested} requested VMs were not placed; {name}: {reason}.", len(s.refused), **f)
        else:
            more = tn("{n} of {requested} requested containers was not placed; {name}: {reason}.",
                      "{n} of {requested} requested containers were not placed; {name}: {reason}.",
                      len(s.refused), **f)
    elif s.requested == 0:
        more = t("No VMs were requested.") if vms else t("No containers were requested.")
    elif s.requested == 1:
        more = t("The one requested VM was placed.") if vms else t("The one requested container was placed.")
    elif vms:
        more = t("All {n} requested VMs were placed.", n=s.requested)
    else:
        more = t("All {n} requested containers were placed.", n=s.requested)
    return f"{text} {more}"


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
