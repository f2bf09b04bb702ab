"""Figures (vizlib.figures), theme and describe(): asserted on figure data, not pixels."""


import plotly.graph_objects as go
import plotly.io as pio
import pytest

import vizlib as vz
from vizlib.figures import hardware as F
from vizlib.figures import theme
from vizlib.layout import grids as L
from vizlib.model.describe import describe, system_title

WEB = vz.App("web", cpus=1.5, memory_gib=3)
H16 = vz.Host(cpu_cores=16, memory_gib=64)


def type1(n=4, host=H16, **kw):
    hv = vz.Hypervisor(host, **kw)
    for i in range(n):
        hv.create_vm(f"vm{i + 1}", vcpus=2, memory_gib=8, app=WEB)
    return hv


def runtime(n=12):
    rt = vz.ContainerRuntime(H16)
    for i in range(n):
        rt.run(f"c{i + 1}", cpus=0.5, memory_gib=1, app=vz.App("web", cpus=0.4, memory_gib=0.75))
    return rt


def states():
    """Very different states a dashboard may pass through."""
    over = vz.fill_vms(H16, count=11, vcpus=3, memory_gib=6, cpu_overcommit=2.5, memory_overcommit=1.2,
                       app=vz.App("api", cpus=2.5, memory_gib=2))
    refused = vz.fill_vms(H16, count=9, vcpus=4, memory_gib=8, app=WEB)
    t2 = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), kind="type2")
    t2.create_vm("win", vcpus=2, memory_gib=6, guest_os="windows-desktop")
    bare = vz.fill_vms(vz.Host(cpu_cores=2, memory_gib=1), count=2, vcpus=1, memory_gib=2, kind="type2")
    return [
        (H16, ()), (vz.Hypervisor(H16), ()), (type1(), ()), (runtime(), ()), (over.system, over.refused),
        (refused.system, refused.refused), (t2, ()), (bare.system, bare.refused),
    ]


def keys(fig):
    return [t.meta["key"] for t in fig.data]


def trace(fig, key):
    return next(t for t in fig.data if t.meta["key"] == key)


# ---------------------------------------------------------------------------- theme
def test_theme_has_one_distinct_colour_and_label_per_layer():
    needed = {*vz.LAYERS, "hardware", "vm", "container", "not_placed"}
    assert needed <= set(theme.COLORS) and needed <= set(theme.LABELS)
    colours = [theme.COLORS[k] for k in needed]
    assert len(set(colours)) == len(colours)
    assert theme.LABELS["guest_os"] == "guest OS" and theme.LABELS["apps"] == "app"
    with pytest.raises(ValueError, match="unknown layer 'gpu'; known: 'hardware'"):
        theme.color("gpu")


def _contrast(a, b):
    la, lb = theme._luminance(a), theme._luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_text_on_every_layer_colour_is_readable():
    for layer, colour in theme.COLORS.items():
        assert _contrast(theme.text_color(colour), colour) >= 4.0, layer
    assert _contrast(theme.TEXT, theme.CARD) >= 7  # the card keeps dark text on light in both JupyterLab themes


def test_template_is_registered_without_changing_plotly_defaults():
    default_template, default_renderer = pio.templates.default, pio.renderers.default
    fig = F.hardware_figure(type1())
    assert pio.templates.default == default_template and pio.renderers.default == default_renderer
    assert "vizlib" in pio.templates
    assert fig.layout.template.layout.paper_bgcolor == theme.CARD


# ---------------------------------------------------------------------------- hardware
def test_hardware_figure_has_fixed_traces_whatever_the_state():
    for system, refused in states():
        fig = F.hardware_figure(system, refused)
        assert keys(fig) == list(F.HARDWARE_TRACES)
        assert isinstance(fig, go.Figure) and fig.layout.title.text


def test_hardware_figure_colours_come_from_the_theme_and_legend_shows_only_what_is_drawn():
    fig = F.hardware_figure(runtime())
    for layer in L.DRAW_LAYERS:
        t = trace(fig, layer)
        if layer not in ("not_placed", "overcommitted"):
            assert t.fillcolor == theme.COLORS[layer]
        assert t.showlegend == (bool(t.x) and layer != "hardware")
        assert t.name == theme.LABELS[layer]
    assert trace(fig, "hatch").x  # stranded shares carry diagonal lines, not only a colour
    assert not trace(fig, "guest_os").x  # containers: no guest OS anywhere
    assert trace(fig, "host_os").showlegend and trace(fig, "runtime").showlegend


def test_hardware_figure_titles_state_the_counts():
    assert F.hardware_figure(type1()).layout.title.text == "KVM (usually type 1): 4 VMs on 16 cores, 64 GiB"
    assert F.hardware_figure(runtime()).layout.title.text == "Containers: 12 on 16 cores, 64 GiB (1 kernel)"
    s = vz.fill_vms(H16, count=6, vcpus=4, memory_gib=8)
    assert F.hardware_figure(s.system, s.refused).layout.title.text.endswith("(2 not placed)")
    assert F.hardware_figure(H16).layout.title.text == "Bare server: 16 cores, 64 GiB, nothing installed"
    assert "5 kernels (4 guest, 1 beneath)" in F.hardware_figure(type1()).layout.title.subtitle.text


def test_hardware_and_usage_figures_show_either_view():
    hv = type1()
    reserved, used = F.hardware_figure(hv), F.hardware_figure(hv, view="used")
    assert reserved.layout.meta["view"] == "reserved" and used.layout.meta["view"] == "used"
    assert trace(reserved, "stranded").x and not trace(used, "stranded").x  # idle vCPUs and RAM are not used
    assert used.layout.title.subtitle.text.startswith("Used view") and "stranded" not in used.layout.title.subtitle.text
    assert "In use, the host backs" in describe(used)
    bars = F.usage_figure(hv, view="used")
    u = hv.usage("used")
    assert trace(bars, "guest_os").x[1] == pytest.approx(100 * u.memory.layers["guest_os"] / u.memory.capacity)
    with pytest.raises(ValueError, match="unknown view 'billed'"):
        F.hardware_figure(hv, view="billed")


def test_hardware_figure_draws_one_piece_per_square_covered():
    hv = type1(2)
    fig = F.hardware_figure(hv)
    lay = L.hardware_layout(hv)
    for layer in ("apps", "guest_os", "stranded", "free"):
        expected = sum(len(L.cell_rects(b, lay.cpu_grid.x if b.resource == "cpu" else lay.memory_grid.x))
                       for b in lay.blocks if b.layer == layer)
        assert trace(fig, layer).x.count(None) == expected


def test_hardware_figure_hover_and_ghosts():
    s = vz.fill_vms(H16, count=9, vcpus=4, memory_gib=8, app=WEB)
    fig = F.hardware_figure(s.system, s.refused)
    hover = trace(fig, "hover").hovertext
    assert "vm3: guest OS (Ubuntu Server 24.04), its sizing floor of 1.5 GiB" in hover
    assert any(h.startswith("vm5 not placed (4 vCPUs, 8 GiB): VM 'vm5' does not fit") for h in hover)
    assert trace(fig, "not_placed").x.count(None) == 5 and trace(fig, "not_placed").line.dash == "dash"
    assert trace(fig, "not_placed").fillpattern.shape == "x"


def test_hardware_figure_checks_its_arguments():
    with pytest.raises(TypeError, match="system must be a vizlib Hypervisor, ContainerRuntime or Host, got 3"):
        F.hardware_figure(3)
    with pytest.raises(TypeError, match="refused must be a sequence of vizlib.Refusal, got 'vm5'"):
        F.hardware_figure(type1(), refused="vm5")
    with pytest.raises(TypeError, match="title must be a string or None"):
        F.hardware_figure(type1(), title=5)


def test_refresh_figure_updates_in_place_to_match_a_fresh_figure():
    shown = F.hardware_figure(H16)
    for system, refused in states():
        fresh = F.hardware_figure(system, refused)
        F.refresh_figure(shown, fresh)
        assert shown.layout.title.text == fresh.layout.title.text
        for a, b in zip(shown.data, fresh.data, strict=True):
            assert a.x == b.x and a.y == b.y and a.showlegend == b.showlegend
        assert shown.layout.yaxis.range == fresh.layout.yaxis.range and shown.layout.height == fresh.layout.height
    with pytest.raises(ValueError, match="make both with the same function"):
        F.refresh_figure(shown, F.usage_figure(type1()))
    with pytest.raises(TypeError, match="source must be a plotly Figure or FigureWidget"):
        F.refresh_figure(shown, {"data": []})


def test_refresh_figure_works_on_a_figure_widget():
    widget = go.FigureWidget(F.usage_figure(H16))
    F.refresh_figure(widget, F.usage_figure(type1()))
    assert widget.layout.title.text == F.usage_figure(type1()).layout.title.text
    assert list(widget.data[vz.LAYERS.index("apps")].x) == list(F.usage_figure(type1()).data[4].x)


# ---------------------------------------------------------------------------- usage
def test_usage_figure_has_fixed_traces_and_percentages_from_the_model():
    for system, _ in states():
        fig = F.usage_figure(system)
        assert keys(fig) == list(F.USAGE_TRACES)
    hv = type1()
    fig = F.usage_figure(hv)
    u = hv.usage()
    for i, layer in enumerate(vz.LAYERS):
        bar = fig.data[i]
        assert bar.marker.color == theme.COLORS[layer]
        assert bar.x[0] == pytest.approx(100 * u.cpu.layers[layer] / 16)
        assert bar.x[1] == pytest.approx(100 * u.memory.layers[layer] / 64)
    assert fig.data[vz.LAYERS.index("stranded")].marker.pattern.shape == "/"


def test_usage_figure_shows_overcommit_past_100_percent():
    s = vz.fill_vms(vz.Host(cpu_cores=4, memory_gib=16), count=6, vcpus=2, memory_gib=2, cpu_overcommit=3)
    fig = F.usage_figure(s.system)
    cpu_total = sum(t.x[0] for t in fig.data[:-1])
    assert cpu_total == pytest.approx(100 * (4 + s.system.usage().cpu.excess) / 4) and cpu_total > 100
    assert "+8 vCPUs overcommitted" in fig.data[-1].text[0]
    assert "overcommitted" not in fig.data[-1].text[1]
    assert fig.layout.shapes[0].x0 == 100


# ---------------------------------------------------------------------------- efficiency
def test_efficiency_figure_shows_the_comparison_numbers():
    c = vz.compare(H16, vz.App("web", cpus=0.5, memory_gib=0.5))
    fig = F.efficiency_figure(c)
    assert keys(fig) == list(F.EFFICIENCY_TRACES)
    assert list(trace(fig, "copies").y) == [c.vm.max_instances, c.container.max_instances]
    assert list(trace(fig, "kernels").y) == [c.vm.kernels, 1]
    assert list(trace(fig, "startup").y) == [c.vm.startup_seconds, c.container.startup_seconds]
    assert fig.layout.yaxis3.type == "log"
    stacked = [sum(trace(fig, k).y[i] for k in ("memory_apps", "memory_overhead", "memory_platform", "memory_free"))
               for i in (0, 1)]
    assert stacked == pytest.approx([64, 64])
    assert trace(fig, "memory_apps").y[1] == pytest.approx(c.container.memory_for_apps_gib)
    assert f"{c.vm.max_instances} VMs fit vs {c.container.max_instances} containers" in fig.layout.title.subtitle.text
    with pytest.raises(TypeError, match="comparison must be a vizlib.Comparison"):
        F.efficiency_figure(H16)


def test_efficiency_figure_keeps_its_traces_across_comparisons():
    a = F.efficiency_figure(vz.compare(H16, vz.App("a", cpus=2, memory_gib=8), hypervisor="type2"))
    b = F.efficiency_figure(vz.compare(vz.Host(cpu_cores=2, memory_gib=4), vz.App("b", cpus=0.1, memory_gib=0.1),
                                       count=3))
    assert keys(a) == keys(b) == list(F.EFFICIENCY_TRACES)


# ---------------------------------------------------------------------------- animations
def test_animate_split_has_one_frame_per_step_and_controls():
    hv = type1(3)
    fig = F.animate_split(hv)
    assert len(fig.frames) == 11
    assert fig.frames[3].layout.title.text == "Step 4/11: vm1's guest OS boots: 1.5 GiB of vm1's memory"
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps][:4] == ["hardware", "hypervisor", "vm1", "vm1 OS"]
    assert [list(s.args[0]) for s in steps] == [[str(i)] for i in range(11)]
    assert keys(fig) == list(F.HARDWARE_TRACES)
    for frame in fig.frames:  # same number of points per trace: plotly morphs shapes smoothly
        assert [len(t.x) for t in frame.data] == [len(t.x) for t in fig.data]
    assert all(t.line.simplify is False for t in fig.data if t.mode == "lines")
    assert fig.layout.updatemenus[0].buttons[0].args[1]["transition"]["duration"] > 0


def test_animate_split_type2_starts_with_the_host_os_and_ends_at_the_model_state():
    hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), kind="type2", host_os="ubuntu-server")
    hv.create_vm("vm1", vcpus=2, memory_gib=4, app=vz.App("db", cpus=1, memory_gib=1.5))
    fig = F.animate_split(hv)
    assert len(fig.frames) == 6
    assert fig.frames[1].layout.title.text == "Step 2/6: The host OS boots: 1.5 GiB"
    last = fig.frames[-1]
    # every frame carries the whole state: the last one draws guest OS, app and stranded
    drawn = {k: sum(1 for i in range(0, len(last.data[n].x), 6) if last.data[n].x[i + 1] - last.data[n].x[i] > 1e-9)
             for n, k in enumerate(F.HARDWARE_TRACES[:len(L.DRAW_LAYERS)]) if last.data[n].x}
    assert drawn["guest_os"] > 0 and drawn["apps"] > 0 and drawn["host_os"] > 0 and drawn.get("vm", 0) == 0


def test_animate_containers_counts_one_kernel_and_memory_added():
    rt = runtime(4)
    fig = F.animate_containers(rt)
    assert len(fig.frames) == 7
    # labels travel with the title (layout annotations), not with the morphing traces
    assert all(t == "" for f in fig.frames for t in f.data[-1].text)
    texts = [next(a.text for a in f.layout.annotations if "Kernels running" in a.text) for f in fig.frames]
    assert "Kernels running: 0" in texts[0] and all("Kernels running: 1" in t for t in texts[1:])
    assert "This step added: +1.01 GiB" in texts[-1]
    assert fig.frames[4].layout.title.text == "Step 5/7: c2 starts on the same kernel: +1.01 GiB"
    assert "still 1 kernel for 2 containers" in fig.frames[4].layout.title.subtitle.text


def test_animations_check_their_arguments():
    with pytest.raises(TypeError, match="hypervisor must be a vizlib.Hypervisor"):
        F.animate_split(runtime())
    with pytest.raises(TypeError, match="runtime must be a vizlib.ContainerRuntime"):
        F.animate_containers(type1())
    with pytest.raises(ValueError, match="frame_ms must be a whole number of milliseconds >= 0, got -1"):
        F.animate_split(type1(), frame_ms=-1)


# ---------------------------------------------------------------------------- stack
def test_stack_figure_puts_systems_side_by_side_from_the_stack_graph():
    t1, rt = type1(2), runtime(3)
    t2 = vz.Hypervisor(H16, kind="type2")
    t2.create_vm("vm1", vcpus=1, memory_gib=2)
    fig = F.stack_figure(t1, t2, rt)
    assert fig.layout.title.text == "Layer stacks: KVM (usually type 1) vs Oracle VirtualBox (type 2) vs containers"
    hover = trace(fig, "hover").hovertext
    nodes = sum(vz.stack_graph(s).number_of_nodes() for s in (t1, t2, rt))
    assert len(hover) == nodes + 3  # plus the app box drawn on each container
    assert trace(fig, "guest_os").x.count(None) == 3 and trace(fig, "host_os").x.count(None) == 3
    titles = [t for t in trace(fig, "labels").text if t.startswith("<b>")]
    assert titles == ["<b>KVM</b>, usually type 1<br>3 kernels: 2 guest + 1 beneath",
                      "<b>Oracle VirtualBox</b>, type 2<br>2 kernels: 1 guest + 1 beneath",
                      "<b>Containers</b><br>1 kernel for 3 containers"]
    xen = vz.Hypervisor(H16, product="xen")
    xen.create_vm("vm1", vcpus=1, memory_gib=2)
    hover = trace(F.stack_figure(xen), "hover").hovertext
    assert "dom0: a Linux kernel (control domain)" in hover and "Xen: Xen hypervisor" in hover
    with pytest.raises(TypeError, match=r"systems\[1\] must be a vizlib Hypervisor"):
        F.stack_figure(t1, "docker")
    with pytest.raises(TypeError, match="at least one system"):
        F.stack_figure()


# ---------------------------------------------------------------------------- describe
def test_describe_systems_in_plain_sentences():
    text = describe(type1())
    assert text.startswith("KVM, usually classed as a type 1 hypervisor, runs 4 VMs on a server with 16 cores and "
                           "64 GiB: 4 guest kernels plus the host's Linux kernel with KVM in it, so 5 kernels run.")
    assert "12 GiB for apps" in text
    assert "6 GiB for guest operating systems (their sizing floors: the memory their vendors require)" in text
    assert describe(runtime(3)).startswith("3 containers share one Ubuntu Server 24.04 kernel")
    assert describe(H16) == "A bare server with 16 CPU cores and 64 GiB of memory; nothing is installed on it yet."
    s = vz.fill_vms(H16, count=6, vcpus=4, memory_gib=8)
    assert "2 of 6 requested VMs were not placed; vm5: VM 'vm5' does not fit" in describe(s)
    c = vz.compare(H16, vz.App("web", cpus=0.5, memory_gib=0.5))
    limit = {"cpu": "CPU", "memory": "memory", "disk": "disk"}
    assert (f"{c.vm.max_instances} fit as VMs (limited by {limit[c.vm.limited_by]}) and "
            f"{c.container.max_instances} as containers") in describe(c)
    over = vz.fill_vms(vz.Host(cpu_cores=4, memory_gib=16), count=6, vcpus=2, memory_gib=2, cpu_overcommit=3)
    assert "The CPU is overcommitted: 12 vCPUs share 4 cores." in describe(over.system)


def test_describe_figures_reads_their_stored_description():
    hv = type1()
    for fig in (F.hardware_figure(hv), F.usage_figure(hv), F.animate_split(hv), F.stack_figure(hv),
                F.efficiency_figure(vz.compare(H16, WEB)), F.animate_containers(runtime(2))):
        text = describe(fig)
        assert text == fig.layout.meta["description"] and len(text) > 40
    assert describe(F.hardware_figure(hv)).startswith(describe(hv))
    with pytest.raises(ValueError, match="figure without a description"):
        describe(go.Figure())
    with pytest.raises(TypeError, match="obj must be a Hypervisor"):
        describe(42)


def test_system_title_counts():
    assert system_title(type1(1)) == "KVM (usually type 1): 1 VM on 16 cores, 64 GiB"
    assert system_title(vz.Hypervisor(H16, kind="type2")) == "Oracle VirtualBox (type 2): 0 VMs on 16 cores, 64 GiB"


def test_used_view_figures_describe_what_is_used_not_what_is_reserved():
    t1 = type1(2)
    for fig in (F.hardware_figure(t1, view="used"), F.usage_figure(t1, view="used")):
        desc = fig.layout.meta["description"]
        free_used = t1.usage("used").memory.layers["free"]
        assert "stranded (reserved" not in desc and "nothing is stranded" in desc
        assert f"{free_used:.2f} GiB free" in desc
    assert "stranded (reserved but unused)" in F.hardware_figure(t1).layout.meta["description"]
    with pytest.raises(ValueError, match="view"):
        vz.describe(t1, view="billed")
