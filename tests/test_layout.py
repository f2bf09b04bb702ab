"""Geometry from model state (vizlib.layout): what is drawn adds up to what the model says."""

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vizlib as vz
from vizlib.layout import grids as L

ROOT = Path(__file__).resolve().parents[1]
WEB = vz.App("web", cpus=1.5, memory_gib=3)


def type1(n=4, **kw):
    hv = vz.Hypervisor(vz.Host(cpu_cores=16, memory_gib=64), **kw)
    for i in range(n):
        hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=8, app=WEB)
    return hv


def containers(n=12):
    rt = vz.ContainerRuntime(vz.Host(cpu_cores=16, memory_gib=64))
    for i in range(n):
        rt.run(f"c{i + 1}", cpus=0.25, memory_gib=1, app=vz.App("web", cpus=0.2, memory_gib=0.75))
    return rt


def overcommitted():
    hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=16), cpu_overcommit=3, memory_overcommit=1.5, product="esxi")
    for i in range(5):
        hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=4, app=vz.App("api", cpus=2, memory_gib=1))
    return hv


def type2():
    hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), kind="type2")
    hv.create_vm("linux", vcpus=2, memory_gib=4, app=vz.App("db", cpus=1, memory_gib=1.5))
    hv.create_vm("win", vcpus=2, memory_gib=6, guest_os="windows-desktop")
    return hv


SYSTEMS = {"type1": type1, "containers": containers, "overcommitted": overcommitted, "type2": type2,
           "empty runtime": lambda: vz.ContainerRuntime(vz.Host(cpu_cores=2, memory_gib=4))}


def totals(blocks):
    out = {}
    for b in blocks:
        out[b.layer] = out.get(b.layer, 0.0) + b.amount
    return out


def assert_layers_match(drawn, breakdown):
    for layer in vz.LAYERS:
        assert drawn.get(layer, 0.0) == pytest.approx(breakdown.layers[layer], abs=1e-9), layer
    assert set(drawn) <= set(vz.LAYERS)


@pytest.mark.parametrize("make", SYSTEMS.values(), ids=SYSTEMS.keys())
def test_drawn_totals_equal_the_model_usage(make):
    system = make()
    u = system.usage()
    assert_layers_match(totals(L.core_blocks(system)), u.cpu)
    assert_layers_match(totals(L.memory_blocks(system)), u.memory)
    lay = L.hardware_layout(system)
    assert_layers_match(lay.layer_totals("cpu"), u.cpu)
    assert_layers_match(lay.layer_totals("memory"), u.memory)


@pytest.mark.parametrize("make", SYSTEMS.values(), ids=SYSTEMS.keys())
def test_each_block_is_as_big_as_its_amount_and_none_overlap(make):
    system = make()
    for blocks, grid in ((L.core_blocks(system), L._cpu_grid(system.host)),
                         (L.memory_blocks(system), L._memory_grid(system.host))):
        for b in blocks:
            assert b.height == pytest.approx(1.0)
            assert b.width * grid.unit == pytest.approx(b.amount)
            assert grid.x - 1e-9 <= b.x0 < b.x1 <= grid.x + grid.columns + 1e-9
        for i, a in enumerate(blocks):
            for b in blocks[i + 1:]:
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                assert overlap_x <= 1e-9 or overlap_y <= 1e-9, (a, b)


def test_a_vms_vcpus_sit_on_consecutive_cores_with_fractions_as_partial_squares():
    hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32))
    hv.create_vm("a", vcpus=3, memory_gib=4, app=vz.App("x", cpus=0.5, memory_gib=1))
    hv.create_vm("b", vcpus=2, memory_gib=4)
    blocks = L.core_blocks(hv, columns=8)
    a = [b for b in blocks if b.owner == "a"]
    assert [(b.layer, b.x0, b.x1) for b in a] == [("apps", 0, 0.5), ("stranded", 0.5, 3)]
    assert [(b.layer, b.x0, b.x1) for b in blocks if b.owner == "b"] == [("stranded", 3, 5)]
    assert [(b.layer, b.x0, b.x1) for b in blocks if b.layer == "free"] == [("free", 5, 8)]


def test_grid_wraps_in_reading_order_and_splits_pieces_at_row_ends():
    hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=16))
    hv.create_vm("a", vcpus=3, memory_gib=4)
    blocks = [b for b in L.core_blocks(hv, columns=2) if b.owner == "a"]
    assert [(b.x0, b.y0, b.x1, b.y1) for b in blocks] == [(0, -1, 2, 0), (0, -2, 1, -1)]
    assert sum(b.amount for b in blocks) == 3


def test_containers_share_cores_as_fractions():
    blocks = L.core_blocks(containers(4), columns=4)
    c1 = [b for b in blocks if b.owner == "c1"]
    assert [(b.layer, round(b.width, 6)) for b in c1] == [("apps", 0.2), ("stranded", 0.05)]
    assert max(b.x1 for b in blocks if b.owner == "c4") == pytest.approx(1.0)  # four containers fill one core


def test_overcommit_goes_to_extra_rows_below_the_physical_grid():
    hv = overcommitted()
    u = hv.usage()
    assert u.cpu.excess == 6 and u.memory.excess > 0
    lay = L.hardware_layout(hv)
    for grid, resource in ((lay.cpu_grid, "cpu"), (lay.memory_grid, "memory")):
        physical_bottom = grid.y - grid.rows
        beyond = sum(b.amount for b in lay.blocks if b.resource == resource and b.y1 <= physical_bottom + 1e-9
                     and b.layer in vz.LAYERS)
        assert beyond == pytest.approx(getattr(u, resource).excess)
        frame = [b for b in lay.blocks if b.layer == "overcommitted" and b.resource == resource]
        assert len(frame) == 1 and frame[0].y1 < physical_bottom
    texts = [lab.text for lab in lay.labels]
    assert any("overcommitted: +6 vCPUs" in t for t in texts)
    assert not [b for b in L.hardware_layout(type1()).blocks if b.layer == "overcommitted"]


def test_hover_says_what_each_block_is():
    lay = L.hardware_layout(type1(3))
    hovers = {b.hover for b in lay.blocks}
    assert "vm3: guest OS (Ubuntu Server 24.04), its sizing floor of 1.5 GiB" in hovers
    assert "vm1: app web, 3 GiB" in hovers
    assert "vm2: stranded, 3.5 GiB of guest RAM reserved but unused" in hovers
    assert "KVM, type 1: the hypervisor's own part: 0.5 GiB" in hovers
    assert "host OS (Ubuntu Server 24.04) and its kernel, its sizing floor, reserved: 1.5 GiB" in hovers
    used = {b.hover for b in L.hardware_layout(type1(3), view="used").blocks}
    idle = vz.GUEST_OS["ubuntu-server"].idle_memory_gib
    want = f"vm3: guest OS (Ubuntu Server 24.04) idle, as the host backs it, {L.fmt_amount(idle)} of its 1.5 GiB floor"
    assert want in used
    assert not any("stranded" in h for h in used)
    assert any(h.startswith("vm1: app web keeps 1.5 of 2 vCPUs busy") for h in hovers)
    points = L.hover_points(lay.blocks)
    assert any(t.startswith("free: ") for *_, t in points)
    # every square a share covers has a hover point on it
    apps = [b for b in lay.blocks if b.layer == "apps" and b.resource == "memory"]
    assert sum(1 for *_, t in points if t == "vm1: app web, 3 GiB") == sum(math.ceil(b.width - 1e-9) for b in apps
                                                                       if b.owner == "vm1")


def test_refused_instances_become_ghosts_beside_the_host():
    s = vz.fill_vms(vz.Host(cpu_cores=16, memory_gib=64), count=9, vcpus=4, memory_gib=8)
    lay = L.hardware_layout(s.system, s.refused)
    ghosts = [b for b in lay.blocks if b.layer == "not_placed"]
    assert [g.owner for g in ghosts] == [r.name for r in s.refused] == ["vm5", "vm6", "vm7", "vm8", "vm9"]
    assert all(g.x0 > lay.memory_grid.x + lay.memory_grid.columns for g in ghosts)
    assert ghosts[0].hover.endswith(s.refused[0].reason)
    assert any(lab.text.startswith("<b>Not placed</b>: 5") for lab in lay.labels)
    many = vz.fill_containers(vz.Host(cpu_cores=1, memory_gib=4), count=60, cpus=0.5, memory_gib=0.1)
    lay = L.hardware_layout(many.system, many.refused)
    assert any(lab.text == f"+{58 - len([b for b in lay.blocks if b.layer == 'not_placed'])} more not placed"
               for lab in lay.labels)


def test_bare_host_is_all_free_and_platform_refusals_are_shown():
    host = vz.Host(cpu_cores=2, memory_gib=1)
    s = vz.fill_vms(host, count=2, vcpus=1, memory_gib=2, kind="type2")
    lay = L.hardware_layout(s.system, s.refused)
    assert lay.layer_totals("cpu") == {"free": 2} and lay.layer_totals("memory") == pytest.approx({"free": 1})
    assert len([b for b in lay.blocks if b.layer == "not_placed"]) == 2


def test_memory_squares_scale_for_big_hosts():
    assert L._memory_grid(vz.Host(cpu_cores=4, memory_gib=64)).unit == 1
    big = L._memory_grid(vz.Host(cpu_cores=4, memory_gib=512))
    assert big.unit == 4 and big.cells == 128
    assert L._memory_grid(vz.Host(cpu_cores=4, memory_gib=2)).unit == 0.25


def test_arguments_are_checked_and_named():
    with pytest.raises(TypeError, match="system must be a vizlib Hypervisor, ContainerRuntime or Host, got 'x'"):
        L.core_blocks("x")
    with pytest.raises(ValueError, match="columns must be a whole number >= 1, got 0"):
        L.core_blocks(type1(), columns=0)
    with pytest.raises(ValueError, match="gib_per_block must be a number > 0, got -1"):
        L.memory_blocks(type1(), gib_per_block=-1)
    with pytest.raises(TypeError, match="refused must hold vizlib.Refusal items, got 3"):
        L.hardware_layout(type1(), refused=[3])
    with pytest.raises(TypeError, match="hypervisor must be a vizlib.Hypervisor"):
        L.split_steps(containers())
    with pytest.raises(TypeError, match="runtime must be a vizlib.ContainerRuntime"):
        L.container_steps(type1())


def test_layout_is_deterministic():
    assert L.hardware_layout(type1()) == L.hardware_layout(type1())
    assert L.split_animation(type1(2)) == L.split_animation(type1(2))


def test_cell_rects_keep_squares_apart_and_seam_partial_shares():
    rects = L.cell_rects(L.Block(0.0, -1.0, 2.5, 0.0, "apps"), 0.0, gap=0.1)
    assert len(rects) == 3
    assert rects[0] == (0.1, -0.9, 0.9, -0.1)  # a whole square: its inner area
    assert rects[2][0] == pytest.approx(2.1) and rects[2][2] < 2.5  # a half square, with a seam on its open side


# ---------------------------------------------------------------------------- stack
def test_stack_layout_puts_hardware_at_the_bottom_and_each_box_on_what_it_runs_on():
    hv = type2()
    boxes = L.stack_layout(hv, width=8)
    hw = [b for b in boxes if b.layer == "hardware"]
    assert len(hw) == 1 and hw[0].y0 == 0 and hw[0].x0 < 0.1 and hw[0].x1 > 7.9
    g = vz.stack_graph(hv)
    where = {b.owner: b for b in boxes}
    for parent, child in g.edges:
        p, c = where[parent], where[child]
        assert c.y0 == pytest.approx(p.y0 + 1)
        assert p.x0 - 1e-9 <= c.x0 and c.x1 <= p.x1 + 1e-9
    assert sum(b.layer == "guest_os" for b in boxes) == 2
    assert sum(b.layer == "host_os" for b in boxes) == 1


def test_stack_layout_containers_share_one_kernel_and_hold_only_app_and_libraries():
    rt = containers(5)
    boxes = L.stack_layout(rt)
    assert sum(b.layer == "host_os" for b in boxes) == 1
    assert sum(b.layer == "container" for b in boxes) == 5
    apps = [b for b in boxes if b.layer == "apps"]
    assert len(apps) == 5 and all(b.hover.startswith("app web in container c") for b in apps)
    assert not [b for b in boxes if b.layer == "guest_os"]


# ---------------------------------------------------------------------------- animation steps
def test_split_steps_tell_the_story_in_order():
    hv = type1(3)
    steps = L.split_steps(hv)
    assert len(steps) == 11
    assert [s.label for s in steps[:5]] == ["hardware", "hypervisor", "vm1", "vm1 OS", "vm1 app"]
    assert steps[3].text == "vm1's guest OS boots: 1.5 GiB of vm1's memory"
    assert [s.kernels for s in steps] == [0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4]  # KVM: the host's Linux runs first
    assert totals(steps[0].memory) == {"free": 64}
    carved = totals(steps[2].memory)
    assert carved["vm"] == 8 and "guest_os" not in carved
    assert steps[2].memory_added_gib == pytest.approx(hv.vms[0].footprint_gib)
    # the last step is the hypervisor as it is
    assert_layers_match(totals(steps[-1].memory), hv.usage().memory)
    assert_layers_match(totals(steps[-1].cpu), hv.usage().cpu)


def test_split_steps_type2_boots_host_os_first_and_vm_without_app_has_no_app_step():
    hv = type2()
    labels = [s.label for s in L.split_steps(hv)]
    assert labels == ["hardware", "host OS", "hypervisor", "linux", "linux OS", "linux app", "win", "win OS"]
    last = L.split_steps(hv)[-1]
    assert last.kernels == hv.kernels == 3
    assert_layers_match(totals(last.memory), hv.usage().memory)


def test_container_steps_keep_one_kernel_and_count_memory_added():
    rt = containers(3)
    steps = L.container_steps(rt)
    assert [s.kernels for s in steps] == [0, 1, 1, 1, 1, 1]
    assert [round(s.memory_added_gib, 6) for s in steps[3:]] == [round(c.footprint_gib, 6) for c in rt.containers]
    assert_layers_match(totals(steps[-1].memory), rt.usage().memory)


@pytest.mark.parametrize("anim", [lambda: L.split_animation(type1(3)), lambda: L.split_animation(overcommitted()),
                                  lambda: L.containers_animation(containers(6))])
def test_animation_frames_keep_a_fixed_number_of_shapes_so_plotly_can_morph(anim):
    a = anim()
    first = a.frames[0]
    for f in a.frames:
        assert set(f.shapes) == set(L.SHAPE_KEYS)
        assert {k: len(v) for k, v in f.shapes.items()} == {k: len(v) for k, v in first.shapes.items()}
        assert len(f.hover) == len(first.hover) and len(f.labels) == len(first.labels)
    # nothing is reserved-but-empty once every VM runs
    last = a.frames[-1]
    assert all(r[2] - r[0] < 1e-9 or r[3] - r[1] < 1e-9 for r in last.shapes["vm"])


def test_animation_titles_number_the_steps():
    a = L.split_animation(type1(3))
    assert a.frames[3].title == "Step 4/11: vm1's guest OS boots: 1.5 GiB of vm1's memory"
    assert all(f.title.startswith(f"Step {i + 1}/11: ") for i, f in enumerate(a.frames))


def test_container_animation_counts_kernels_and_memory_added():
    rt = containers(4)
    a = L.containers_animation(rt)
    counters = [next(lab.text for lab in f.labels if lab.key == "counter") for f in a.frames]
    assert "Kernels running: 0" in counters[0]
    assert all("Kernels running: 1" in c for c in counters[1:])
    assert f"This step added: +{L.fmt_amount(rt.containers[2].footprint_gib)}" in counters[5]
    assert "Containers: 4" in counters[-1]


# ---------------------------------------------------------------------------- properties and purity
@settings(max_examples=40, deadline=None)
@given(
    cores=st.integers(1, 24), mem=st.sampled_from([4, 8, 12, 16, 48, 100]), n=st.integers(0, 12),
    vcpus=st.integers(1, 4), vm_mem=st.sampled_from([1.5, 2, 3.25, 6]), over=st.sampled_from([1.0, 1.5, 3.0]),
    kind=st.sampled_from(["type1", "type2"]),
)
def test_any_vm_scenario_is_drawn_in_full(cores, mem, n, vcpus, vm_mem, over, kind):
    s = vz.fill_vms(vz.Host(cpu_cores=cores, memory_gib=mem), count=n, vcpus=vcpus, memory_gib=vm_mem, kind=kind,
                    cpu_overcommit=over, memory_overcommit=over, app=vz.App("a", cpus=1, memory_gib=0.5))
    lay = L.hardware_layout(s.system, s.refused)
    if isinstance(s.system, vz.Hypervisor):
        u = s.system.usage()
        assert_layers_match(lay.layer_totals("cpu"), u.cpu)
        assert_layers_match(lay.layer_totals("memory"), u.memory)
    assert len([b for b in lay.blocks if b.layer == "not_placed"]) <= len(s.refused)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 20), cpus=st.sampled_from([0.1, 0.25, 0.5, 1.5]), mem=st.sampled_from([0.2, 0.5, 1.0]))
def test_any_container_scenario_is_drawn_in_full(n, cpus, mem):
    s = vz.fill_containers(vz.Host(cpu_cores=4, memory_gib=8), count=n, cpus=cpus, memory_gib=mem, cpu_overcommit=2)
    u = s.system.usage()
    assert_layers_match(totals(L.core_blocks(s.system)), u.cpu)
    assert_layers_match(totals(L.memory_blocks(s.system)), u.memory)


# ---------------------------------------------------------------------------- labels in wide scripts
KO = {  # (context, English) -> Korean, as the catalogue would give them
    ("layer", "hypervisor"): "하이퍼바이저", ("layer", "hyp."): "하이퍼", ("layer", "host OS"): "호스트 OS",
    ("narrow box", "host OS"): "호스트",
    ("layer", "runtime"): "런타임", ("layer", "free"): "여유", (None, "free {amount}"): "여유 {amount}",
    ("layer", "hardware"): "하드웨어", ("layer", "kernel"): "커널", ("layer", "app"): "앱",
    ("layer", "container runtime"): "컨테이너 런타임", ("layer", "guest OS kernel"): "게스트 OS 커널",
    ("layer", "guest kernel"): "게스트 커널", (None, "host OS kernel"): "호스트 OS 커널",
    (None, "host kernel"): "호스트 커널", (None, "app {app}"): "앱 {app}", (None, "{name}: libs"): "{name}: 라이브러리",
    (None, "container {name}:<br>libraries + settings"): "컨테이너 {name}:<br>라이브러리와 설정",
}


@pytest.fixture
def korean(monkeypatch):
    """The current language is Korean, with the words of :data:`KO` (whatever ko.po holds today)."""
    from vizlib.text import catalog

    cat = catalog.Catalog("en")
    cat.language = "ko"
    cat._messages = {key: (ko,) for key, ko in KO.items()}
    monkeypatch.setitem(catalog._CATALOGS, "ko", cat)
    monkeypatch.setitem(catalog._STATE, "language", "ko")
    return cat


def test_wide_characters_count_twice_when_labels_are_fitted():
    assert L.text_width("커널") == L.text_width("kern") == 2 * L.text_width("ke")
    assert L.text_width("ＡＢ") == L.text_width("abcd")  # full-width Latin is wide too
    assert L.text_width("<b>호스트</b><br>OS") == L.text_width("abcdef")  # tags dropped, longest line counts
    assert L._fits("abcdefgh", 1.5) and not L._fits("가나다라마바사아", 1.5)  # same length, twice as wide


def _inside(lab, blocks):
    return next(b for b in blocks if abs(b.center[0] - lab.x) < 1e-9 and abs(b.center[1] - lab.y) < 1e-9)


@pytest.mark.parametrize("make", [type1, lambda: containers(6), type2, overcommitted],
                         ids=["type1", "containers", "type2", "overcommitted"])
def test_korean_labels_never_overflow_their_boxes(korean, make):
    lay = L.hardware_layout(make())
    for lab in lay.labels:
        if lab.key.split(":")[0] in ("cpu", "memory", "free"):  # drawn on a share
            box = _inside(lab, lay.blocks)
            assert L.text_width(lab.text, lab.size) + 4 <= box.width * lay.px_per_square, lab.text
    for px in (20, 42, 80):
        for b in L.stack_layout(make(), width=8, px_per_unit=px):
            if b.label:
                assert L.text_width(b.label) + 4 <= b.width * px + 1e-6, (b.label, px)


def test_korean_labels_are_drawn_where_they_fit(korean):
    texts = {lab.text for lab in L.hardware_layout(type1()).labels}
    assert "호스트" in texts  # "호스트 OS" is too wide for the host OS's 1.5 squares: the narrow word is drawn
    assert "여유 8코어" in texts or any(text.startswith("여유") for text in texts)
    stack = {b.label for b in L.stack_layout(containers(2), width=8, px_per_unit=80)}
    assert "하드웨어" in stack or any(label.startswith("host:") for label in stack)
    assert "컨테이너 런타임" in stack
