"""Who runs on whom: the layer stack of a system as a directed graph."""

from __future__ import annotations

import networkx as nx

from .model import ContainerRuntime, Host, Hypervisor

__all__ = ["stack_graph"]


def stack_graph(system: Hypervisor | ContainerRuntime | Host) -> nx.DiGraph:
    """A ``networkx.DiGraph`` with an edge ``a -> b`` when ``b`` runs on ``a``.

    Every node has ``layer`` (one of "hardware", "hypervisor", "host_os",
    "vm", "guest_os", "runtime", "container", "app") and ``label``.

    Type 1: hardware -> hypervisor -> VM -> guest kernel -> app.
    Type 2: hardware -> host kernel -> hypervisor -> VM -> guest kernel -> app.
    Containers: hardware -> host kernel -> runtime -> container (holding the app).

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    >>> _ = rt.run("web", cpus=1, memory_gib=1)
    >>> g = vz.stack_graph(rt)
    >>> sum(1 for _, d in g.nodes(data=True) if d["layer"] == "host_os")
    1
    """
    g = nx.DiGraph()
    if isinstance(system, Host):
        h = system
        g.add_node("hardware", layer="hardware", label=f"{h.name}: {h.cpu_cores} cores, {h.memory_gib:g} GiB")
        return g
    if not isinstance(system, (Hypervisor, ContainerRuntime)):
        raise TypeError(
            f"system must be a Hypervisor, ContainerRuntime or Host, got {system!r} ({type(system).__name__})"
        )
    h = system.host
    g.add_node("hardware", layer="hardware", label=f"{h.name}: {h.cpu_cores} cores, {h.memory_gib:g} GiB")
    if isinstance(system, Hypervisor):
        below = "hardware"
        if system.kind == "type2":
            g.add_node("host kernel", layer="host_os", label=f"host OS kernel ({system.host_os.label})")
            g.add_edge("hardware", "host kernel")
            below = "host kernel"
        g.add_node("hypervisor", layer="hypervisor", label=f"{system.kind} hypervisor")
        g.add_edge(below, "hypervisor")
        for vm in system.vms:
            vm_node, k_node = f"vm:{vm.name}", f"kernel:{vm.name}"
            g.add_node(vm_node, layer="vm", label=f"VM {vm.name} ({vm.vcpus} vCPU, {vm.memory_gib:g} GiB)")
            g.add_node(k_node, layer="guest_os", label=f"guest kernel ({vm.guest_os.label})")
            g.add_edge("hypervisor", vm_node)
            g.add_edge(vm_node, k_node)
            if vm.app:
                g.add_node(f"app:{vm.name}", layer="app", label=f"app {vm.app.name}")
                g.add_edge(k_node, f"app:{vm.name}")
    else:
        g.add_node("host kernel", layer="host_os", label=f"host OS kernel ({system.host_os.label})")
        g.add_node("runtime", layer="runtime", label="container runtime")
        g.add_edge("hardware", "host kernel")
        g.add_edge("host kernel", "runtime")
        for c in system.containers:
            what = f"app {c.app.name}" if c.app else "app"
            g.add_node(f"container:{c.name}", layer="container",
                       label=f"container {c.name} ({what} + libraries, image {c.image})")
            g.add_edge("runtime", f"container:{c.name}")
    return g
