"""Who runs on whom: the layer stack of a system as a directed graph."""

from __future__ import annotations

import networkx as nx

from vizlib.model.systems import ContainerRuntime, Host, Hypervisor
from vizlib.text.catalog import N_, t

__all__ = ["BENEATH_LABELS", "BENEATH_WHAT", "beneath_label", "beneath_what", "stack_graph"]

BENEATH_LABELS = {
    "linux_kvm": ("host_os", N_("host Linux kernel with the KVM module")),
    "vmkernel": ("hypervisor", "VMkernel"),
    "xen": ("hypervisor", N_("Xen hypervisor")),
    "dom0": ("host_os", N_("dom0: a Linux kernel (control domain)")),
    "hyperv": ("hypervisor", N_("Hyper-V hypervisor")),
    "root_partition": ("host_os", N_("root partition: a Windows kernel")),
}
"""For each kernel key a product runs besides its guests' own: its layer and its label (in English; show it with
:func:`beneath_label`). The first runs on the hardware; dom0 and the root partition are privileged VMs beside the
guests, on the hypervisor."""

BENEATH_WHAT = {
    "kvm": N_("the host's Linux kernel with KVM in it"),
    "esxi": N_("the VMkernel"),
    "xen": N_("the Xen hypervisor, and dom0's Linux kernel in a privileged VM beside the guests"),
    "hyper-v": N_("the Hyper-V hypervisor, and the Windows kernel of the root partition, a privileged VM beside the "
                  "guests"),
}
"""For each type 1 product, what runs beneath its guests, in words (in English; show it with :func:`beneath_what`)."""


def beneath_label(key: str) -> str:
    """The label of the kernel ``key`` of :data:`BENEATH_LABELS`, in the current language.

    >>> beneath_label("dom0"), beneath_label("vmkernel")
    ('dom0: a Linux kernel (control domain)', 'VMkernel')
    """
    return t(BENEATH_LABELS[key][1])


def beneath_what(product: str, default: str | None = None) -> str:
    """What runs beneath the guests of the type 1 ``product`` (a key of :data:`BENEATH_WHAT`), in the current
    language; ``default`` (an English message marked with ``N_``, translated here) for a product not listed.

    >>> beneath_what("xen")
    "the Xen hypervisor, and dom0's Linux kernel in a privileged VM beside the guests"
    >>> beneath_what("virtualbox", N_("the host OS's kernel, which it runs on"))
    "the host OS's kernel, which it runs on"
    """
    if product in BENEATH_WHAT:
        return t(BENEATH_WHAT[product])
    if default is None:
        raise KeyError(product)
    return t(default)


def stack_graph(system: Hypervisor | ContainerRuntime | Host) -> nx.DiGraph:
    """A ``networkx.DiGraph`` with an edge ``a -> b`` when ``b`` runs on ``a``.

    Every node has ``layer`` (one of "hardware", "hypervisor", "host_os",
    "vm", "guest_os", "runtime", "container", "app"), ``label`` and
    ``kernel`` (True for every kernel the host runs), so the number of
    kernels is the number of nodes with ``kernel=True``.

    What runs beneath the guests depends on the hypervisor's product:

    * KVM: hardware -> Linux kernel with KVM -> VM -> guest kernel -> app;
    * ESXi: hardware -> VMkernel -> VM -> ...;
    * Xen: hardware -> Xen -> dom0's Linux kernel, and Xen -> VM -> ...;
    * Hyper-V: hardware -> hypervisor -> root partition's Windows kernel, and hypervisor -> VM -> ...;
    * type 2: hardware -> host kernel -> hypervisor application -> VM -> ...;
    * containers: hardware -> host kernel -> runtime -> container (holding the app).

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("web", cpus=1, memory_gib=1)
    >>> g = vz.stack_graph(rt)
    >>> sum(1 for _, d in g.nodes(data=True) if d["kernel"]) == rt.kernels
    True
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=8), product="xen")
    >>> _ = hv.create_vm("a", vcpus=1, memory_gib=2)
    >>> sum(1 for _, d in vz.stack_graph(hv).nodes(data=True) if d["kernel"]) == hv.kernels == 3
    True
    """
    g = nx.DiGraph()

    def node(name: str, layer: str, label: str, kernel: bool = False) -> None:
        g.add_node(name, layer=layer, label=label, kernel=kernel)

    if isinstance(system, Host):
        h = system
        node("hardware", "hardware", _hardware(h))
        return g
    if not isinstance(system, (Hypervisor, ContainerRuntime)):
        raise TypeError(
            f"system must be a Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )
    h = system.host
    node("hardware", "hardware", _hardware(h))
    if isinstance(system, Hypervisor):
        product = system.product
        if system.kind == "type2":
            node("host kernel", "host_os", t("host OS kernel ({os})", os=system.host_os.label), kernel=True)
            g.add_edge("hardware", "host kernel")
            node("hypervisor", "hypervisor", t("{product}: hypervisor application", product=product.label))
            g.add_edge("host kernel", "hypervisor")
        else:
            first, *beside = product.beneath
            layer, _ = BENEATH_LABELS[first]
            node("hypervisor", layer, f"{product.label}: {beneath_label(first)}", kernel=True)
            g.add_edge("hardware", "hypervisor")
            for key in beside:  # a control domain or root partition, beside the guests on the hypervisor
                layer, _ = BENEATH_LABELS[key]
                node(key, layer, beneath_label(key), kernel=True)
                g.add_edge("hypervisor", key)
        for vm in system.vms:
            vm_node, k_node = f"vm:{vm.name}", f"kernel:{vm.name}"
            node(vm_node, "vm", f"VM {vm.name} ({vm.vcpus} vCPU, {vm.memory_gib:g} GiB)")  # the same in every language
            node(k_node, "guest_os", t("guest kernel ({os})", os=vm.guest_os.label), kernel=True)
            g.add_edge("hypervisor", vm_node)
            g.add_edge(vm_node, k_node)
            if vm.app:
                node(f"app:{vm.name}", "app", t("app {name}", name=vm.app.name))
                g.add_edge(k_node, f"app:{vm.name}")
    else:
        node("host kernel", "host_os", t("host OS kernel ({os})", os=system.host_os.label), kernel=True)
        node("runtime", "runtime", t("container runtime"))
        g.add_edge("hardware", "host kernel")
        g.add_edge("host kernel", "runtime")
        for c in system.containers:
            if c.app:
                label = t("container {name} (app {app} + libraries, image {image})", name=c.name, app=c.app.name,
                          image=c.image)
            else:
                label = t("container {name} (app + libraries, image {image})", name=c.name, image=c.image)
            node(f"container:{c.name}", "container", label)
            g.add_edge("runtime", f"container:{c.name}")
    return g


def _hardware(h: Host) -> str:
    return t("{name}: {cores} cores, {memory} GiB", name=h.name, cores=h.cpu_cores, memory=f"{h.memory_gib:g}")
