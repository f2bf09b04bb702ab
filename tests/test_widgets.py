"""Dashboards driven from Python, as a learner drives them with the mouse."""

import html
import random

import ipywidgets as w
import pytest

import vizlib as vz
from vizlib.figures.hardware import efficiency_figure, hardware_figure, usage_figure
from vizlib.text.catalog import set_language
from vizlib.widgets.dashboards import ERROR, Dashboard


@pytest.fixture
def alloc():
    return vz.allocation_dashboard(vz.Host(cpu_cores=8, memory_gib=32))


def _data(fig):
    """Trace data as plotly would send it, minus the per-widget trace ids."""
    return [{k: v for k, v in t.to_plotly_json().items() if k != "uid"} for t in fig.data]


def test_dashboards_expose_controls_figures_summary(alloc):
    assert set(alloc.controls) == {
        "vm_count", "vcpus", "memory_gib", "guest_os", "hypervisor", "view", "cpu_overcommit", "memory_overcommit",
        "app_cpus", "app_memory_gib",
    }
    assert [v for _, v in alloc.controls["hypervisor"].options] == list(vz.PRODUCTS)
    assert set(alloc.figures) == {"hardware", "usage"}
    cmp_ = vz.comparison_dashboard()
    assert set(cmp_.controls) == {"app_cpus", "app_memory_gib", "host_cores", "host_memory_gib", "guest_os",
                                  "hypervisor", "cpu_overcommit"}
    assert set(cmp_.figures) == {"efficiency"}


def test_vm_count_change_matches_model_exactly(alloc):
    fw = alloc.figures["hardware"]
    alloc.controls["vm_count"].value = 3
    s = vz.fill_vms(alloc_host := vz.Host(cpu_cores=8, memory_gib=32), 3, 2, 4.0,
                    app=vz.App("web", cpus=1.0, memory_gib=1.5))
    expected = hardware_figure(s.system, refused=s.refused)
    assert fw.layout.title.text.startswith(expected.layout.title.text + "<br>")  # subtitle on a second line
    assert expected.layout.title.subtitle.text in fw.layout.title.text
    assert _data(fw) == _data(expected)
    assert _data(alloc.figures["usage"]) == _data(usage_figure(s.system))
    assert "3 of 3 VMs placed" in alloc.summary.value
    assert alloc_host.cpu_cores == 8


def test_figures_are_updated_in_place_not_rebuilt(alloc):
    fws = dict(alloc.figures)
    alloc.controls["vcpus"].value = 1
    alloc.controls["hypervisor"].value = "virtualbox"
    alloc.controls["view"].value = "used"
    assert all(alloc.figures[k] is fws[k] for k in fws)
    assert alloc.children[-2] is fws["hardware"]


def _sent(widget, monkeypatch):
    """The comm messages ``widget`` sends from now on (their contents)."""
    sent = []
    monkeypatch.setattr(widget, "_send", lambda msg, buffers=None: sent.append(msg))
    return sent


def test_an_update_reaches_the_browser_in_two_messages_and_the_description_stays_in_the_kernel(alloc, monkeypatch):
    fw = alloc.figures["hardware"]
    sent = _sent(fw, monkeypatch)
    trace_id, layout_id = fw._last_trace_edit_id, fw._last_layout_edit_id
    alloc.controls["vm_count"].value = 3
    first, second = (m["state"] for m in sent if m["method"] == "update")  # exactly two
    assert second == {"_py2js_update": None}
    update = first.pop("_py2js_update")
    assert first == {"_last_trace_edit_id": trace_id + 1, "_last_layout_edit_id": layout_id + 1}
    assert (update["trace_edit_id"], update["layout_edit_id"]) == (trace_id + 1, layout_id + 1)
    assert "meta" not in update["layout_data"] and update["layout_data"]["title"]["text"] == fw.layout.title.text
    s = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), 3, 2, 4.0, app=vz.App("web", cpus=1.0, memory_gib=1.5))
    assert vz.describe(fw) == vz.describe(hardware_figure(s.system, refused=s.refused))  # the kernel's copy is new


def test_the_browser_reports_after_a_redraw_are_not_echoed(alloc, monkeypatch):
    import plotly.graph_objects as go

    report = {"_js2py_layoutDelta": {"layout_delta": {}, "layout_edit_id": 0}}
    plain = go.FigureWidget(alloc.figures["usage"])
    for fig, echoed in ((alloc.figures["usage"], False), (plain, True)):
        sent = _sent(fig, monkeypatch)
        fig.set_state(dict(report))
        assert any(m["method"] == "echo_update" for m in sent) is echoed


def test_refused_vms_are_explained_not_raised(alloc):
    alloc.controls["vm_count"].value = 6  # 6 x 2 vCPUs on 8 cores
    text = alloc.summary.value
    assert "4 of 6 VMs placed" in text
    assert "VM &#x27;vm5&#x27; does not fit: cpu needs 2 cores, 0 cores free" in text
    assert "(2 not placed)" in alloc.figures["hardware"].layout.title.text


def test_memory_below_guest_os_minimum_is_explained(alloc):
    alloc.controls["guest_os"].value = "windows-desktop"
    alloc.controls["memory_gib"].value = 1.5
    assert "0 of 4 VMs placed" in alloc.summary.value
    assert "sizing floor" in alloc.summary.value


def test_app_larger_than_vm_is_limited_and_said(alloc):
    alloc.controls["app_cpus"].value = 3.0
    assert "limited to 2 CPU" in alloc.summary.value
    u = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), 4, 2, 4.0, app=vz.App("web", cpus=2, memory_gib=1.5))
    assert u.system.usage().cpu.layers["stranded"] == 0


def test_overcommit_contention_in_summary(alloc):
    alloc.controls["cpu_overcommit"].value = 2.0
    alloc.controls["vcpus"].value = 2
    alloc.controls["app_cpus"].value = 2.0
    alloc.controls["vm_count"].value = 8
    s = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), 8, 2, 4.0, cpu_overcommit=2.0,
                    app=vz.App("web", cpus=2.0, memory_gib=1.5))
    assert s.placed == 7  # memory runs out first: 0.5 GiB hypervisor + 7 x 4.24 GiB <= 32 GiB
    overhead = vz.parameters().value("hypervisor.cpu_overhead_fraction")
    # 7 apps x 2 CPU on 8 cores; an app that fills its 2 vCPUs cannot burn virtualization's extra on top
    assert overhead > 0 and s.system.usage().cpu.slowdown == pytest.approx(14 / 8)
    slowdown = s.system.usage().cpu.slowdown
    assert f"{slowdown:.2f}x slower" in alloc.summary.value


def test_comparison_dashboard_follows_compare():
    d = vz.comparison_dashboard()
    d.controls["app_cpus"].value = 1.5
    d.controls["host_memory_gib"].value = 128.0
    c = vz.compare(vz.Host(cpu_cores=16, memory_gib=128), vz.App("web", cpus=1.5, memory_gib=0.5))
    assert _data(d.figures["efficiency"]) == _data(efficiency_figure(c))
    assert f"<b>{c.vm.max_instances} VMs</b>" in d.summary.value
    assert f"<b>{c.container.max_instances} containers</b>" in d.summary.value


def test_view_toggle_redraws_the_used_view_and_the_summary_gives_both(alloc):
    alloc.controls["view"].value = "used"
    s = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), 4, 2, 4.0, app=vz.App("web", cpus=1.0, memory_gib=1.5))
    assert _data(alloc.figures["hardware"]) == _data(hardware_figure(s.system, s.refused, view="used"))
    assert _data(alloc.figures["usage"]) == _data(usage_figure(s.system, view="used"))
    assert "<b>Reserved</b>" in alloc.summary.value and "<b>Used</b>" in alloc.summary.value
    used = s.system.usage("used")
    assert f"<b>{used.memory.allocated:.2f}".rstrip("0").rstrip(".") in alloc.summary.value


def test_hypervisor_product_changes_the_kernel_count(alloc):
    alloc.controls["hypervisor"].value = "xen"
    assert "Kernels running: <b>6</b> (4 guest, 2 beneath them)" in alloc.summary.value
    alloc.controls["hypervisor"].value = "virtualbox"
    assert "Kernels running: <b>5</b> (4 guest, 1 beneath them)" in alloc.summary.value
    with pytest.raises(ValueError, match="unknown hypervisor 'qemu'"):
        vz.allocation_dashboard(hypervisor="qemu")
    assert vz.allocation_dashboard(hypervisor="type2").controls["hypervisor"].value == "virtualbox"


def _fuzz(d, rng, steps):
    for _ in range(steps):
        name, c = rng.choice(sorted(d.controls.items()))
        if hasattr(c, "options") and c.options:
            opts = [o[1] if isinstance(o, tuple) else o for o in c.options]
            c.value = rng.choice(opts)
        else:
            c.value = rng.choice([c.min, c.max, c.min + (c.max - c.min) * rng.random()])
        assert "<b>Not possible" not in d.summary.value, (name, c.value, d.summary.value)
        assert d.figures and d.summary.value


def test_fuzz_allocation_dashboard_never_raises():
    d = vz.allocation_dashboard()
    _fuzz(d, random.Random(1), 300)


def test_fuzz_comparison_dashboard_never_raises():
    d = vz.comparison_dashboard()
    _fuzz(d, random.Random(2), 300)


def test_bad_host_argument():
    with pytest.raises(TypeError, match="host must be a vizlib.Host or None"):
        vz.allocation_dashboard(host="big")


def test_plain_text_repr_names_the_dashboard_and_its_settings(alloc):
    alloc.controls["vm_count"].value = 3
    text = alloc._repr_mimebundle_()["text/plain"]
    assert text.startswith("<Dashboard 'Allocate VMs") and "vm_count=3" in text and "children" not in text


# -- following vz.set_language (the `marked` fixture is in conftest.py) -------------------------------------


def _words(d):
    """Everything a dashboard says, and its settings."""
    return {
        "values": d.values(), "title": d.title, "header": d.children[0].value, "summary": d.summary.value,
        "repr": repr(d),
        "labels": {k: (c.description, getattr(c, "options", None), getattr(c, "tooltips", None))
                   for k, c in d.controls.items()},
        "figures": {k: f.layout.title.text for k, f in d.figures.items()},
    }


def test_dashboards_follow_set_language(marked, monkeypatch):
    dashboards = [vz.allocation_dashboard(vz.Host(cpu_cores=8, memory_gib=32)), vz.comparison_dashboard(),
                  vz.migration_dashboard()]
    alloc = dashboards[0]
    alloc.controls["hypervisor"].value = "xen"  # not the first option: relabelling must keep it
    alloc.controls["view"].value = "used"
    alloc.controls["vm_count"].value = 6
    before = [_words(d) for d in dashboards]
    figures = [dict(d.figures) for d in dashboards]
    calls = []
    relabel = Dashboard.language_changed
    monkeypatch.setattr(Dashboard, "language_changed", lambda self: (calls.append(self), relabel(self)))
    try:
        set_language("ko")
        set_language("ko")  # the same language again: nothing to redo
        assert all(sum(c is d for c in calls) == 1 for d in dashboards)  # set_language told each live dashboard
        for d, was, figs in zip(dashboards, before, figures, strict=True):
            now = _words(d)
            assert now["values"] == was["values"]  # same settings
            assert all(d.figures[k] is figs[k] for k in figs)  # figures updated in place
            for k, (description, _, _) in now["labels"].items():  # every control's label read again
                assert description == f"«{was['labels'][k][0]}»", k
            assert now["title"] == f"«{was['title']}»" and html.escape(now["title"]) in now["header"]
            assert now["summary"] != was["summary"] and "«" in now["summary"]
            assert now["repr"].startswith(f"<Dashboard {now['title']!r}")
        view = alloc.controls["view"]
        assert view.options == (("«Reserved»", "reserved"), ("«Used»", "used")) and view.value == "used"
        assert all(tip.startswith("«what ") for tip in view.tooltips)
        assert alloc.controls["hypervisor"].value == "xen"
        assert all("«" in label for label, _ in alloc.controls["hypervisor"].options)
        assert "«4 of 6 VMs placed.»" in alloc.summary.value  # Xen on 8 cores: 4 of 6 fit
        # the figures are what their functions draw in the new language
        s = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), 6, 2, 4.0, product="xen",
                        app=vz.App("web", cpus=1.0, memory_gib=1.5))
        assert alloc.figures["hardware"].layout.title.text.startswith(
            hardware_figure(s.system, refused=s.refused, view="used").layout.title.text)
        alloc.controls["vm_count"].value = 3  # a change after the switch is said in the new language too
        assert "«3 of 3 VMs placed.»" in alloc.summary.value
        alloc.controls["vm_count"].value = 6
    finally:
        set_language("en")
    assert [_words(d) for d in dashboards] == before  # back in English, word for word


def test_a_refusal_and_custom_controls_follow_set_language(marked):
    slider = w.IntSlider(value=0, description="x")
    refusal = vz.AllocationError("vm1", "cpu", 2, 0, "cores")

    def recompute(v):
        if v["x"]:
            raise refusal
        return {}, "fine"

    d = Dashboard({"x": slider}, recompute, [["x"]], "A title")
    slider.value = 1
    english = d.summary.value
    assert english == f"<p style='{ERROR}'><b>Not possible:</b> VM &#x27;vm1&#x27; does not fit: cpu needs 2 cores, " \
                      "0 cores free</p>"
    try:
        set_language("ko")
        said = html.escape(str(refusal))  # the refusal is rendered again, in the new language
        assert said.startswith("«VM &#x27;vm1&#x27;")
        assert d.summary.value == f"<p style='{ERROR}'>«<b>Not possible:</b> {said}»</p>"
        assert slider.description == "x" and d.title == "A title"  # a plain control and title stay as given
    finally:
        set_language("en")
    assert d.summary.value == english
