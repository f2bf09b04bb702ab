"""Shared by the cluster tests: a cluster placement replayed through the single-host model."""

import math

import vizlib as vz


def replay_hosts(placement: vz.Placement) -> list:
    """Rebuild every used host of a cluster placement with the model's own Hypervisor / ContainerRuntime.

    Raises AllocationError if the placement overfilled a host, so a test can check the cluster's
    arithmetic against the single-host model.
    """
    c = placement.cluster
    systems = []
    for h in range(placement.hosts_used):
        if placement.packaging == "vm":
            s = vz.Hypervisor(c.host, kind=c.hypervisor, cpu_overcommit=c.cpu_overcommit,
                              memory_overcommit=c.memory_overcommit, product=c.product)
            for i in placement.host_instances(h):
                a = placement.apps[i]
                s.create_vm(f"i{i}", vcpus=math.ceil(a.cpus - 1e-9),
                            memory_gib=vz.GUEST_OS[c.guest_os].memory_gib + a.memory_gib, guest_os=c.guest_os, app=a)
        else:
            s = vz.ContainerRuntime(c.host, cpu_overcommit=c.cpu_overcommit, memory_overcommit=c.memory_overcommit)
            for i in placement.host_instances(h):
                a = placement.apps[i]
                s.run(f"i{i}", cpus=a.cpus, memory_gib=a.memory_gib, image=c.image, app=a)
        systems.append(s)
    return systems
