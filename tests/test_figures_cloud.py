"""Figures of the last lessons (vizlib.figures_cloud): checked against the model, not against pixels."""

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replay import replay_hosts  # tests/replay.py

import vizlib as vz
from vizlib.figures import cloud as fc
from vizlib.figures import theme
from vizlib.model.cluster import PLACEMENT_POLICIES, Cluster, workload

HOST = vz.Host(cpu_cores=32, memory_gib=128)
CLUSTER = Cluster(HOST)


def common_checks(fig):
    assert fig.layout.title.text, "every figure has a title"
    assert vz.describe(fig) == fig.layout.meta["description"] and len(vz.describe(fig)) > 40
    assert fig.layout.template.layout.paper_bgcolor == theme.CARD


def traces(fig, prefix):
    return [t for t in fig.data if isinstance(t.meta, dict) and str(t.meta.get("key", "")).startswith(prefix)]


def trace(fig, key):
    (t,) = [t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("key") == key]
    return t


# -- host_breakdown -------------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 120), packaging=st.sampled_from(["vm", "container"]),
       hypervisor=st.sampled_from(["type1", "type2"]), guest=st.sampled_from(sorted(vz.GUEST_OS)),
       policy=st.sampled_from(sorted(PLACEMENT_POLICIES)))
def test_host_breakdown_is_what_the_model_accounts_on_each_host(seed, n, packaging, hypervisor, guest, policy):
    cluster = Cluster(vz.Host(cpu_cores=16, memory_gib=64), hypervisor=hypervisor, guest_os=guest)
    p = cluster.place(workload(n, seed=seed), packaging=packaging, policy=policy)
    b = fc.host_breakdown(p)
    assert all(len(b[r][k]) == p.hosts_used for r in ("cpu", "memory") for k in fc.PLACEMENT_LAYERS)
    for h, system in enumerate(replay_hosts(p)):
        cpu, mem = system.usage().cpu.layers, system.usage().memory.layers
        for k in fc.PLACEMENT_LAYERS:
            assert b["cpu"][k][h] == pytest.approx(cpu[k], abs=1e-9), (h, "cpu", k)
            assert b["memory"][k][h] == pytest.approx(mem[k], abs=1e-9), (h, "memory", k)
    util = p.utilisation()
    reserved = sum(b["memory"][k] for k in fc.PLACEMENT_LAYERS if k != "free") / cluster.host.memory_gib
    assert np.allclose(reserved, util["memory_reserved"])


def test_host_breakdown_rejects_what_is_not_a_placement():
    with pytest.raises(TypeError, match="placement must be a vizlib.Placement"):
        fc.host_breakdown(CLUSTER)


# -- placement_figure -----------------------------------------------------------------------------


def test_placement_figure_draws_every_host_of_both_packagings():
    both = CLUSTER.compare(workload(500, seed=0))
    fig = fc.placement_figure(both)
    common_checks(fig)
    assert fig.layout.title.text == f"500 apps: {both.vm.hosts_used} hosts as VMs, {both.container.hosts_used} as " \
                                    "containers"
    for col, p in enumerate((both.vm, both.container)):
        b = fc.host_breakdown(p)
        for res, cap in (("cpu", HOST.cpu_cores), ("memory", HOST.memory_gib)):
            bars = traces(fig, f"{col}:{res}:")
            used = [k for k in fc.PLACEMENT_LAYERS if k == "free" or (b[res][k] > 1e-9).any()]
            assert [t.meta["key"].split(":")[2] for t in bars] == used, "one trace per layer in use, in order"
            assert all(list(t.x) == list(range(1, p.hosts_used + 1)) for t in bars)
            stacked = np.sum([np.array(t.y) for t in bars], axis=0)
            assert np.allclose(stacked, cap, atol=1e-3), "without overcommit each column fills exactly one host"
            assert np.allclose(traces(fig, f"{col}:{res}:apps")[0].y, b[res]["apps"], atol=1e-3)
    # the two packagings share one host axis, so the shorter row of containers shows
    assert fig.layout.xaxis.range == fig.layout.xaxis3.range == (0.5, both.vm.hosts_used + 0.5)
    # stranded vCPUs only exist for VMs
    assert sum(traces(fig, "0:cpu:stranded")[0].y) > 0 and traces(fig, "1:cpu:stranded") == []
    legend = [t.name for t in fig.data if t.showlegend]
    assert len(legend) == len(set(legend)) and "app" in legend and "stranded (reserved, unused)" in legend


def test_placement_figure_is_deterministic_and_validates():
    both = CLUSTER.compare(workload(120, seed=4))
    assert fc.placement_figure(both).to_json() == fc.placement_figure(both.vm, both.container).to_json()
    with pytest.raises(TypeError, match=r"placements\[1\] must be a vizlib.Placement"):
        fc.placement_figure(both.vm, "containers")
    with pytest.raises(TypeError, match="at least one"):
        fc.placement_figure()
    with pytest.raises(ValueError, match="at most 4"):
        fc.placement_figure(*([both.vm] * 5))
    other = Cluster(vz.Host(cpu_cores=8, memory_gib=32)).place(workload(10, seed=0))
    with pytest.raises(ValueError, match="same host size"):
        fc.placement_figure(both.vm, other)
    with pytest.raises(TypeError, match="title must be a string"):
        fc.placement_figure(both, title=3)


def test_placement_figure_shows_unplaced_apps_and_overcommit():
    apps = [vz.App(f"a{i}", cpus=1, memory_gib=1) for i in range(20)]
    p = Cluster(vz.Host(cpu_cores=4, memory_gib=64), max_hosts=2, cpu_overcommit=2).place(apps, packaging="vm")
    fig = fc.placement_figure(p)
    assert "not placed" in fig.layout.annotations[0].text
    assert fig.layout.yaxis.range[1] >= 8, "the CPU axis leaves room for 2x overcommit"


# -- placement_explorer ---------------------------------------------------------------------------


def test_placement_explorer_steps_are_the_placements_of_each_prefix():
    apps = workload(800, seed=2)
    counts = [100, 400, 800]
    fig = fc.placement_explorer(CLUSTER, apps, counts=counts, policy="best_fit_decreasing", start=400)
    common_checks(fig)
    slider = fig.layout.sliders[0]
    assert [s.label for s in slider.steps] == ["100", "400", "800"] and slider.active == 1
    for n, step in zip(counts, slider.steps, strict=True):
        restyle, relayout = step.args
        want = fc.placement_figure(CLUSTER.compare(apps[:n], policy="best_fit_decreasing"))
        assert len(restyle["y"]) == len(fig.data) >= len(want.data)
        got = dict(zip([t.meta["key"] for t in fig.data], restyle["y"], strict=True))
        for t in want.data:  # every layer the placement uses is there with the same bars
            assert list(got[t.meta["key"]]) == list(t.y)
        assert all(not any(y) for key, y in got.items() if key not in {t.meta["key"] for t in want.data})
        assert relayout["meta"]["apps"] == n
        assert relayout["title"]["text"] == want.layout.title.text
        assert relayout["xaxis.range"] == list(want.layout.xaxis.range), "the host axis fits each step"
    assert fig.layout.xaxis.range == (0.5, CLUSTER.place(apps[:400], policy="best_fit_decreasing").hosts_used + 0.5)
    assert fig.layout.meta["apps"] == 400


def test_placement_explorer_validates():
    apps = workload(50, seed=0)
    with pytest.raises(ValueError, match=r"counts\[1\] must be a whole number from 1 to 50"):
        fc.placement_explorer(CLUSTER, apps, counts=[10, 60])
    with pytest.raises(ValueError, match="increasing and distinct"):
        fc.placement_explorer(CLUSTER, apps, counts=[20, 10])
    with pytest.raises(ValueError, match="unknown policy 'worst_fit'"):
        fc.placement_explorer(CLUSTER, apps, counts=[10], policy="worst_fit")
    with pytest.raises(ValueError, match="start must be one of counts"):
        fc.placement_explorer(CLUSTER, apps, counts=[10, 20], start=15)
    with pytest.raises(TypeError, match="cluster must be a vizlib.Cluster"):
        fc.placement_explorer(HOST, apps, counts=[10])
    with pytest.raises(TypeError, match=r"apps\[0\] must be a vizlib.App"):
        fc.placement_explorer(CLUSTER, ["web"], counts=[1])
    with pytest.raises(ValueError, match="apps must not be empty"):
        fc.placement_explorer(CLUSTER, [], counts=[1])


# -- policy_figure --------------------------------------------------------------------------------


def test_policy_figure_bars_are_hosts_used_and_ticks_the_lower_bound():
    mid = [vz.App(f"m{i}", cpus=12, memory_gib=24) for i in range(10)]
    big = [vz.App(f"b{i}", cpus=20, memory_gib=40) for i in range(10)]
    wl = {"random mix": workload(300, seed=1), "mid then big": mid + big}
    fig = fc.policy_figure(CLUSTER, wl)
    common_checks(fig)
    for pk in ("vm", "container"):
        for pol in PLACEMENT_POLICIES:
            t = trace(fig, f"{pk}:{pol}")
            assert list(t.y) == [CLUSTER.place(a, packaging=pk, policy=pol).hosts_used for a in wl.values()]
        bound = trace(fig, f"{pk}:bound")
        assert list(bound.y) == [CLUSTER.place(a, packaging=pk).lower_bound_hosts for a in wl.values()]
        # the model's finding, visible in the figure: sorting wins when big jobs arrive last
        ff = trace(fig, f"{pk}:first_fit").y[1]
        ffd = trace(fig, f"{pk}:first_fit_decreasing").y[1]
        assert ffd < ff and ffd == bound.y[1]
    assert all("<br>" not in n or len(n) > 18 for t in fig.data for n in t.x)


def test_policy_figure_validates():
    with pytest.raises(ValueError, match="non-empty mapping"):
        fc.policy_figure(CLUSTER, {})
    with pytest.raises(TypeError, match="workload names must be strings"):
        fc.policy_figure(CLUSTER, {1: workload(3)})
    with pytest.raises(TypeError, match=r"apps\[0\] must be a vizlib.App"):
        fc.policy_figure(CLUSTER, {"x": ["web"]})


# -- cluster graph --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 7, 200, 1500])
def test_cluster_layout_is_deterministic_radial_and_never_stacks_two_nodes(n):
    g = CLUSTER.place(workload(n, seed=n), packaging="container").graph()
    pos = fc.cluster_layout(g)
    assert pos == fc.cluster_layout(g)
    assert set(pos) == set(g.nodes) and pos["datacenter"] == (0.0, 0.0)
    radius = {node: math.hypot(*xy) for node, xy in pos.items()}
    layers = nx.get_node_attributes(g, "layer")
    assert all(abs(radius[v] - 1) < 1e-9 for v, layer in layers.items() if layer == "host")
    assert all(radius[v] >= 1.55 - 1e-9 for v, layer in layers.items() if layer == "container")
    pts = np.array([pos[v] for v, layer in layers.items() if layer == "container"])
    if len(pts) > 1:
        d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)) + np.eye(len(pts)) * 9
        assert d.min() > 0.03, "two instances drawn on top of each other"
    # each instance sits in its own host's direction (within the host's sector)
    hosts = [v for v, layer in layers.items() if layer == "host"]
    sector = 2 * math.pi / len(hosts)
    for h in hosts:
        ha = math.atan2(pos[h][1], pos[h][0])
        for kid in g.successors(h):
            ka = math.atan2(pos[kid][1], pos[kid][0])
            assert abs((ka - ha + math.pi) % (2 * math.pi) - math.pi) <= sector / 2 + 1e-9


def test_cluster_graph_figure_has_a_node_for_everything_placed():
    both = CLUSTER.compare(workload(150, seed=3))
    fig = fc.cluster_graph_figure(both)
    common_checks(fig)
    inst = traces(fig, "instances")
    hosts = traces(fig, "hosts")
    assert [len(t.x) for t in inst] == [150, 150]
    assert [len(t.x) for t in hosts] == [both.vm.hosts_used, both.container.hosts_used]
    edges = traces(fig, "edges")
    assert [sum(x is None for x in t.x) for t in edges] == [150 + both.vm.hosts_used, 150 + both.container.hosts_used]
    assert f"{both.vm.kernels} kernels" in fig.layout.annotations[0].text
    assert inst[0].marker.color == theme.COLORS["vm"] and inst[1].marker.color == theme.COLORS["container"]
    one = fc.cluster_graph_figure(both.container)
    assert len(one.data) == 4 and one.layout.yaxis.scaleanchor == "x"
    with pytest.raises(ValueError, match="one or two"):
        fc.cluster_graph_figure(both.vm, both.vm, both.vm)
    with pytest.raises(TypeError, match="'datacenter' node"):
        fc.cluster_layout(nx.DiGraph())


# -- isolation spectrum -----------------------------------------------------------------------------


def test_spectrum_figure_plots_every_published_number_where_it_belongs():
    rows = vz.spectrum()
    fig = fc.spectrum_figure()
    common_checks(fig)
    assert list(fig.layout.yaxis.categoryarray) == [r.label for r in rows]
    assert fig.layout.xaxis2.type == "log" and fig.layout.xaxis3.type == "log"
    starts = {y: x for t in traces(fig, "start:") if t.mode != "text" for x, y in zip(t.x, t.y, strict=True)}
    assert starts == {r.label: r.start_seconds for r in rows if r.start_seconds is not None}
    overheads = {y: x for t in traces(fig, "overhead:") if t.mode == "markers+text"
                 for x, y in zip(t.x, t.y, strict=True)}
    assert overheads == {r.label: r.overhead_max_mib or r.overhead_mib for r in rows if r.overhead_mib}
    missing = traces(fig, "start:missing")[0]
    assert list(missing.y) == [r.label for r in rows if r.start_seconds is None]
    assert set(missing.text) == {"no cited figure"}
    # what the course assumed is drawn differently from what was measured
    (assumed,) = traces(fig, "start:assumption")
    assert assumed.marker.symbol == "diamond-open" and list(assumed.y) == ["full VM"]
    legend = {t.meta["key"]: t.marker.symbol for t in fig.data if t.showlegend}
    assert legend == {"legend:read": "circle", "legend:secondary": "circle-open", "legend:assumption": "diamond-open"}
    assert traces(fig, "start:read")[0].marker.symbol == "circle"
    lightvm = next(r for r in rows if r.key == "lightvm")
    assert lightvm.start_text() in fig.layout.meta["description"]
    for label in ("shared kernel", "user-space kernel", "separate guest kernel"):
        assert label in list(traces(fig, "boundary")[0].text)


def test_spectrum_figure_validates_rows():
    with pytest.raises(TypeError, match=r"rows\[0\] must be a vizlib.Isolation"):
        fc.spectrum_figure(["process"])
    with pytest.raises(TypeError, match="rows must be"):
        fc.spectrum_figure([])
    two = vz.spectrum()[:2]
    assert len(fc.spectrum_figure(two).layout.yaxis.categoryarray) == 2


def test_overhead_explorer_multiplies_the_per_instance_overhead():
    rows = vz.spectrum()
    have = [r for r in rows if r.overhead_mib]
    fig = fc.overhead_explorer([1, 100, 5000], start=100)
    common_checks(fig)
    assert list(fig.data[0].x) == pytest.approx([100 * (r.overhead_max_mib or r.overhead_mib) for r in have])
    for n, step in zip([1, 100, 5000], fig.layout.sliders[0].steps, strict=True):
        restyle, relayout = step.args
        assert list(restyle["x"][0]) == pytest.approx([n * (r.overhead_max_mib or r.overhead_mib) for r in have])
        assert relayout["meta"]["instances"] == n and f"{n:,}" in relayout["title"]["text"]
    fc_row = next(r for r in have if r.key == "firecracker")
    assert "12.2 GiB" in fig.layout.sliders[0].steps[2].args[1]["meta"]["description"]  # 5000 x 2.5 MiB
    assert fc_row.overhead_mib == 2.5
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.args[0]["xaxis.type"] for b in buttons] == ["log", "linear"]
    missing = fig.data[1]
    assert set(missing.y) == {r.label for r in rows if not r.overhead_mib}
    with pytest.raises(ValueError, match="start must be one of instances"):
        fc.overhead_explorer([1, 10], start=5)
    with pytest.raises(ValueError, match="increasing and distinct"):
        fc.overhead_explorer([10, 1])


# -- machine ----------------------------------------------------------------------------------------


def bands(fig):
    return [t.meta["key"] for t in fig.data if isinstance(t.meta, dict) and t.meta.get("band")]


def test_machine_figure_draws_only_layers_with_evidence():
    in_container_on_vm = vz.MachineInfo(
        supported=True, system="Linux", kernel_release="6.8.0", cpu_count=16, cpus_allowed=16, cpu_quota=2.0,
        memory_total_gib=64.0, memory_limit_gib=4.0, cgroup_version=2, in_container=True, in_vm=True,
        vm_signals=("the CPU flags show 'hypervisor' (set by a hypervisor, which can hide it)",),
        namespaces=(vz.Namespace("pid", 4026532500, None, False), vz.Namespace("uts", 4026531838, None, True)))
    laptop = vz.MachineInfo(supported=True, system="Linux", kernel_release="6.1.0", cpu_count=8, cpus_allowed=8,
                            memory_total_gib=16.0, cgroup_version=2, in_container=False, in_vm=False)
    fig = fc.machine_figure(in_container_on_vm)
    common_checks(fig)
    assert bands(fig) == ["hardware", "hypervisor", "vm", "host_os", "container", "apps"]
    labels = " ".join(fig.data[-1].text)
    assert "cgroup limit: 2 cores and 4 GiB" in labels and "own namespaces: pid" in labels
    assert "sees 16 CPUs, 64 GiB; may use 2 CPUs, 4 GiB" in labels and "Linux kernel 6.8.0" in labels
    assert fig.layout.title.text == "Your machine: a notebook inside a container, on a virtual machine"
    bare = fc.machine_figure(laptop, names=["Laptop"])
    assert bands(bare) == ["hardware", "host_os", "apps"]
    assert "hardware</b><br>8 CPUs, 16 GiB" in " ".join(bare.data[-1].text)
    both = fc.machine_figure(laptop, in_container_on_vm, names=["Laptop", "Cloud"])
    assert both.layout.title.text == "Where a notebook can run"
    assert sum(1 for t in both.data[-1].text if t in ("<b>Laptop</b>", "<b>Cloud</b>")) == 2


def test_machine_figure_on_other_systems_and_live():
    mac = vz.inspect_machine(system="Darwin")
    fig = fc.machine_figure(mac)
    common_checks(fig)
    assert fig.layout.title.text == "Your machine: live inspection needs Linux"
    assert "macOS (Darwin) kernel" in " ".join(fig.data[-1].text)
    live = fc.machine_figure(vz.inspect_machine())  # never raises, whatever this machine is
    assert bands(live)[0] == "hardware" and bands(live)[-1] == "apps"
    unknown = fc.machine_figure(vz.MachineInfo(supported=True, system="Linux"))
    assert "free" in bands(unknown), "no evidence either way: the container layer is drawn as unknown"


def test_machine_figure_validates():
    with pytest.raises(TypeError, match="at least one vizlib.MachineInfo"):
        fc.machine_figure()
    with pytest.raises(TypeError, match=r"infos\[0\] must be a vizlib.MachineInfo"):
        fc.machine_figure("linux")
    info = vz.inspect_machine(system="Darwin")
    with pytest.raises(ValueError, match="names must be a list of 1 strings"):
        fc.machine_figure(info, names=["a", "b"])
    with pytest.raises(ValueError, match="names must be a list"):
        fc.machine_figure(info, names="mine")


def test_every_public_name_is_exported_and_documented():
    for name in fc.__all__:
        obj = getattr(fc, name)
        if callable(obj):
            assert obj.__doc__ and "Examples" in obj.__doc__, name


def test_machine_figure_hedges_when_container_signs_meet_the_initial_pid_namespace():
    def info(initial):
        return vz.MachineInfo(
            supported=True, system="Linux", kernel_release="6.8.0", cpu_count=4, in_container=True,
            container_signals=("/.dockerenv exists",),
            namespaces=(vz.Namespace("pid", 4026531836, 4026531836, initial),),
        )

    def texts(fig):
        return " ".join(t for tr in fig.data if tr.mode and "text" in tr.mode for t in tr.text if t)

    assert "container? (signs only)" in texts(vz.machine_figure(info(True)))
    plain = texts(vz.machine_figure(info(False)))
    assert "container? (signs only)" not in plain and "<b>container</b>" in plain
