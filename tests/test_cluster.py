"""Cloud scale: placement on many hosts, checked against the single-host model."""

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replay import replay_hosts  # tests/replay.py

import vizlib as vz
from vizlib.model.cluster import (
    DEFAULT_MIX,
    PLACEMENT_POLICIES,
    AppSize,
    Cluster,
    ClusterComparison,
    footprint,
    workload,
)
from vizlib.model.systems import AllocationError

HOST = vz.Host(cpu_cores=32, memory_gib=128)


def test_footprints_are_the_models():
    app = vz.App("api", cpus=1.5, memory_gib=3, disk_gib=2)
    hv = vz.Hypervisor(HOST)
    vm = hv.create_vm("a", vcpus=2, memory_gib=1.5 + 3, app=app)
    f = footprint(app, "vm")
    assert (f.cpus, f.memory_gib, f.disk_gib) == (vm.cpus, pytest.approx(vm.footprint_gib), vm.disk_gib)
    rt = vz.ContainerRuntime(HOST)
    c = rt.run("a", cpus=1.5, memory_gib=3, app=app)
    f = footprint(app, "container")
    assert (f.cpus, f.memory_gib, f.disk_gib) == (c.cpus, pytest.approx(c.footprint_gib), app.disk_gib)
    with pytest.raises(ValueError, match="unknown packaging 'pod'"):
        footprint(app, "pod")
    with pytest.raises(TypeError, match="app must be a vizlib.App"):
        footprint("api", "vm")


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(0, 150),
    cores=st.sampled_from([8, 16, 32, 64]),
    memory=st.sampled_from([32, 64, 128, 256]),
    packaging=st.sampled_from(["vm", "container"]),
    policy=st.sampled_from(sorted(PLACEMENT_POLICIES)),
    hypervisor=st.sampled_from(["type1", "type2"]),
    cpu_oc=st.sampled_from([1.0, 1.5, 3.0]),
)
def test_every_host_replays_through_the_model(seed, n, cores, memory, packaging, policy, hypervisor, cpu_oc):
    cluster = Cluster(vz.Host(cpu_cores=cores, memory_gib=memory), hypervisor=hypervisor, cpu_overcommit=cpu_oc)
    apps = workload(n, seed=seed)
    p = cluster.place(apps, packaging=packaging, policy=policy)
    assert p.placed == n and not p.unplaced
    assert p.hosts_used >= p.lower_bound_hosts
    assert (p.hosts_used == 0) == (n == 0)
    systems = replay_hosts(p)  # raises AllocationError if a host were overfull
    assert sum(len(s._instances) for s in systems) == n
    util = p.utilisation()
    assert sum(util["instances"]) == n and all(k >= 1 for k in util["instances"])
    assert all(0 <= u <= cpu_oc + 1e-9 for u in util["cpu_reserved"])
    assert all(0 <= u <= 1 + 1e-9 for u in util["memory_reserved"])
    # every VM's guest kernel, plus on each host the kernel beneath them (KVM's Linux, or the type 2 host OS)
    assert p.kernels == (n + p.hosts_used if packaging == "vm" else p.hosts_used)
    assert p.kernels == sum(s.kernels for s in systems)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), packaging=st.sampled_from(["vm", "container"]))
def test_first_fit_puts_each_instance_on_the_first_host_the_model_accepts(seed, packaging):
    cluster = Cluster(vz.Host(cpu_cores=16, memory_gib=64))
    apps = workload(120, seed=seed)
    p = cluster.place(apps, packaging=packaging, policy="first_fit")
    hosts: list = []
    for i, a in enumerate(apps):
        for h, system in enumerate(hosts + [None]):
            if system is None:
                system = cluster._system(packaging)
                hosts.append(system)
            try:
                if packaging == "vm":
                    system.create_vm(f"i{i}", vcpus=math.ceil(a.cpus), memory_gib=1.5 + a.memory_gib, app=a)
                else:
                    system.run(f"i{i}", cpus=a.cpus, memory_gib=a.memory_gib, app=a)
            except AllocationError:
                continue
            assert p.host_of[i] == h, f"app {i} went to host {p.host_of[i]}, the first with room is {h}"
            break
    assert len(hosts) == p.hosts_used


def test_decreasing_policies_help_when_big_apps_arrive_last():
    apps = [vz.App(f"s{i}", cpus=0.5, memory_gib=1) for i in range(300)]
    apps += [vz.App(f"b{i}", cpus=6, memory_gib=20) for i in range(60)]
    cluster = Cluster(HOST)
    for packaging in ("vm", "container"):
        ff = cluster.place(apps, packaging=packaging, policy="first_fit")
        bfd = cluster.place(apps, packaging=packaging, policy="best_fit_decreasing")
        assert bfd.hosts_used < ff.hosts_used
        assert bfd.hosts_used == bfd.lower_bound_hosts


def test_containers_need_fewer_hosts_for_the_default_mix():
    both = Cluster(HOST).compare(workload(1000, seed=3))
    assert isinstance(both, ClusterComparison)
    assert both.container.hosts_used < both.vm.hosts_used and both.hosts_saved > 0
    assert both.vm.guest_kernels == 1000 and both.vm.kernels == 1000 + both.vm.hosts_used
    assert both.container.kernels == both.container.hosts_used and both.container.guest_kernels == 0
    xen = Cluster(HOST, product="xen").place(both.vm.apps, packaging="vm")
    assert xen.kernels == 1000 + 2 * xen.hosts_used
    text = repr(both)
    assert "hosts powered on" in text and "course assumptions" in both.summary()
    assert "<table>" in both._repr_html_()


@pytest.mark.parametrize("policy", sorted(PLACEMENT_POLICIES))
def test_two_thousand_instances_all_find_a_host(policy):  # how long it takes: benchmarks/model_speed.py
    p = Cluster(HOST).place(workload(2000, seed=11), packaging="vm", policy=policy)
    assert p.placed == 2000 and p.hosts_used >= p.lower_bound_hosts


def test_graph_datacenter_hosts_instances():
    apps = workload(50, seed=2)
    p = Cluster(vz.Host(cpu_cores=8, memory_gib=32)).place(apps, packaging="container")
    g = p.graph()
    assert isinstance(g, nx.DiGraph) and nx.is_tree(g)
    layers = nx.get_node_attributes(g, "layer")
    assert sum(1 for v in layers.values() if v == "datacenter") == 1
    assert sum(1 for v in layers.values() if v == "host") == p.hosts_used
    assert sum(1 for v in layers.values() if v == "container") == 50
    for node, layer in layers.items():
        if layer == "container":
            (parent,) = g.predecessors(node)
            assert layers[parent] == "host"
            assert g.nodes[node]["cpus"] > 0 and g.nodes[node]["memory_gib"] > 0
    dupes = [vz.App("same", cpus=1, memory_gib=1)] * 3
    assert Cluster(HOST).place(dupes).graph().number_of_nodes() == 1 + 1 + 3


def test_max_hosts_leaves_the_rest_unplaced():
    apps = [vz.App(f"a{i}", cpus=1, memory_gib=1) for i in range(20)]
    p = Cluster(vz.Host(cpu_cores=4, memory_gib=64), max_hosts=2).place(apps, packaging="vm")
    assert p.hosts_used == 2 and p.placed == 8 and len(p.unplaced) == 12
    assert "did not fit within the cluster's 2 hosts" in p.summary()


def test_cost_and_energy_follow_the_stated_assumptions():
    cluster = Cluster(vz.Host(cpu_cores=4, memory_gib=64), host_cost_per_hour=2.0, idle_watts=50, peak_watts=150)
    apps = [vz.App(f"a{i}", cpus=1, memory_gib=1) for i in range(6)]  # containers: 4 on host 1, 2 on host 2
    p = cluster.place(apps, packaging="container")
    assert p.hosts_used == 2 and p.utilisation()["cpu_busy"] == (1.0, 0.5)
    assert p.power_watts == pytest.approx(50 + 100 * 1.0 + 50 + 100 * 0.5)
    assert p.energy_kwh_per_day == pytest.approx(p.power_watts * 24 / 1000)
    assert p.cost_per_hour == 4.0 and p.cost_per_month == pytest.approx(4.0 * 730)
    defaults = Cluster(HOST)
    table = vz.parameters()
    assert defaults.host_cost_per_hour == table.value("cluster.host_cost_per_hour")
    assert defaults.idle_watts == table.value("cluster.host_idle_watts")
    assert table["cluster.host_peak_watts"].confidence == "assumption"


def test_workload_is_seeded_and_follows_the_mix():
    a, b = workload(300, seed=5), workload(300, seed=5)
    assert a == b and a != workload(300, seed=6)
    assert workload(0) == ()
    names = [x.name.rsplit("-", 1)[0] for x in workload(4000, seed=1)]
    for size in DEFAULT_MIX:
        assert abs(names.count(size.name) / 4000 - size.weight) < 0.03
    one = workload(10, seed=0, mix=[AppSize("tiny", cpus=0.1, memory_gib=0.1, weight=1)])
    assert {x.cpus for x in one} == {0.1} and len({x.name for x in one}) == 10


def test_validation_names_the_parameter():
    with pytest.raises(TypeError, match="host must be a vizlib.Host"):
        Cluster("rack")
    with pytest.raises(ValueError, match="max_hosts must be >= 1, got 0"):
        Cluster(HOST, max_hosts=0)
    with pytest.raises(ValueError, match="unknown hypervisor 'type3'"):
        Cluster(HOST, hypervisor="type3")
    with pytest.raises(ValueError, match="cpu_overcommit must be >= 1, got 0.5"):
        Cluster(HOST, cpu_overcommit=0.5)
    with pytest.raises(ValueError, match=r"peak_watts must be >= idle_watts \(100\), got 50"):
        Cluster(HOST, peak_watts=50)
    with pytest.raises(TypeError, match="host_cost_per_hour must be a number"):
        Cluster(HOST, host_cost_per_hour="cheap")
    with pytest.raises(vz.AllocationError, match=r"the platform \(type 2 hypervisor\) does not fit"):
        Cluster(vz.Host(cpu_cores=2, memory_gib=2), hypervisor="type2")
    cluster = Cluster(HOST)
    with pytest.raises(ValueError, match="unknown policy 'worst_fit'"):
        cluster.place([], policy="worst_fit")
    with pytest.raises(ValueError, match="unknown packaging 'pod'"):
        cluster.place([], packaging="pod")
    with pytest.raises(TypeError, match=r"apps\[1\] must be a vizlib.App"):
        cluster.place([vz.App("a", cpus=1, memory_gib=1), "b"])
    with pytest.raises(ValueError, match=r"apps\[0\] \('huge'\) can never be placed: as a vm it needs 40 cores of cpu"):
        cluster.place([vz.App("huge", cpus=40, memory_gib=1)])
    with pytest.raises(ValueError, match="count must be >= 0, got -1"):
        workload(-1)
    with pytest.raises(TypeError, match="mix must be a non-empty sequence of vizlib.AppSize"):
        workload(3, mix=[])
    with pytest.raises(ValueError, match="host must be < hosts_used"):
        cluster.place([vz.App("a", cpus=1, memory_gib=1)]).host_instances(3)
