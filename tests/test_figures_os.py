"""Figures of the kernel and container lessons: every drawn number agrees with the model or the parameter table."""

from __future__ import annotations

import json
import math
import re

import pytest

import vizlib as vz
from vizlib.figures import theme
from vizlib.figures.kernel import (
    KERNEL_PARTS,
    NAMESPACE_TYPES,
    SYSCALL_EXAMPLES,
    image_layers_figure,
    kernel_count_figure,
    namespaces_figure,
    performance_figure,
    syscall_figure,
)

MB_PER_GIB = 1.073741824 * 1000


def _trace(fig, key):
    found = [t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("key") == key]
    assert len(found) == 1, f"no single trace with key {key!r}: {[getattr(t, 'meta', None) for t in fig.data]}"
    return found[0]


def _rects(trace):
    """The rectangles of a _boxes trace, as (x0, y0, x1, y1)."""
    xs, ys = list(trace.x), list(trace.y)
    out, cur = [], []
    for x, y in zip(xs + [None], ys + [None], strict=True):
        if x is None:
            if cur:
                px = [p[0] for p in cur]
                py = [p[1] for p in cur]
                out.append((min(px), min(py), max(px), max(py)))
            cur = []
        else:
            cur.append((x, y))
    return out


def _runtime(n=3, image="alpine", host=None):
    rt = vz.ContainerRuntime(host or vz.Host(cpu_cores=16, memory_gib=64))
    for i in range(n):
        rt.run(f"c{i + 1}", cpus=1, memory_gib=1, image=image, app=vz.App(f"app{i + 1}", cpus=0.25 * (i % 4 + 1),
                                                                          memory_gib=0.2 * (i % 4 + 1), disk_gib=0.05))
    return rt


def _named(fig, prefix):
    return [a for a in fig.layout.annotations if (a.name or "").startswith(prefix)]


def _all_figures():
    return {
        "syscall": syscall_figure(),
        "kernel_count": kernel_count_figure(),
        "namespaces": namespaces_figure(_runtime()),
        "image_layers": image_layers_figure(_runtime()),
        "performance": performance_figure(),
    }


# ---------------------------------------------------------------------------- shared properties
@pytest.mark.parametrize("name", list(_all_figures()))
def test_every_figure_has_title_theme_description_and_serialises(name):
    fig = _all_figures()[name]
    assert fig.layout.title.text and len(fig.layout.title.text) > 10
    assert fig.layout.template.layout.paper_bgcolor == theme.CARD
    desc = vz.describe(fig)
    assert isinstance(desc, str) and len(desc) > 40 and desc == fig.layout.meta["description"]
    json.loads(fig.to_json())  # plain JSON: works in a static export, no kernel needed


@pytest.mark.parametrize("make", [
    lambda t: syscall_figure(title=t), lambda t: kernel_count_figure(title=t),
    lambda t: namespaces_figure(_runtime(1), title=t), lambda t: image_layers_figure(_runtime(1), title=t),
    lambda t: performance_figure(title=t),
])
def test_title_can_be_replaced_and_must_be_text(make):
    assert make("My own title").layout.title.text == "My own title"
    with pytest.raises(TypeError, match="title"):
        make(42)


# ---------------------------------------------------------------------------- system calls
def test_syscall_figure_draws_one_labelled_arrow_per_call_and_one_per_part():
    fig = syscall_figure()
    labelled = _named(fig, "syscall:")
    assert [a.text for a in labelled] == [c for _, c, _ in SYSCALL_EXAMPLES]
    assert len(_named(fig, "call:")) == len(SYSCALL_EXAMPLES)
    assert len(_named(fig, "drive:")) == 2 * len(KERNEL_PARTS)  # part -> driver, driver -> hardware
    assert len(_rects(_trace(fig, "kernel_parts"))) == len(KERNEL_PARTS)
    assert len(_rects(_trace(fig, "programs"))) == len({p for p, _, _ in SYSCALL_EXAMPLES})
    labels = set(_trace(fig, "labels").text)
    assert {v[0] for v in KERNEL_PARTS.values()} <= labels and {v[1] for v in KERNEL_PARTS.values()} <= labels


def test_syscall_arrows_land_on_their_kernel_part_and_do_not_cross():
    calls = [("web", "send()", "network"), ("editor", "write()", "files"), ("game", "mmap()", "memory"),
             ("init", "clone()", "processes")]
    fig = syscall_figure(calls)
    parts = dict(zip(KERNEL_PARTS, _rects(_trace(fig, "kernel_parts")), strict=True))
    call_arrows = _named(fig, "call:")
    assert len(call_arrows) == len(calls)
    for a, (_, _, part) in zip(call_arrows, calls, strict=True):
        x0, _, x1, _ = parts[part]
        assert x0 <= a.x <= x1
    starts = sorted((a.ax, a.x) for a in call_arrows)
    assert [x for _, x in starts] == sorted(x for _, x in starts), "arrows cross: programs out of order"
    assert "editor" in vz.describe(fig) and "write()" in vz.describe(fig)


def test_syscall_program_boxes_never_overlap_and_stay_on_the_canvas():
    calls = [(f"p{i}", "read()", "files") for i in range(5)]
    boxes = sorted(_rects(_trace(syscall_figure(calls), "programs")))
    assert len(boxes) == 5
    assert all(a[2] < b[0] for a, b in zip(boxes, boxes[1:], strict=False))
    assert boxes[0][0] >= 0 and boxes[-1][2] <= 100


@pytest.mark.parametrize("calls, match", [
    ([], "non-empty"), ("read", "non-empty"), ([("a", "read()")], r"calls\[0\]"),
    ([("a", "read()", "gpu")], "unknown kernel part 'gpu'"), ([("", "read()", "files")], "program"),
    ([("a", " ", "files")], "system calls"), ([(f"p{i}", "x()", "files") for i in range(6)], "at most 5"),
])
def test_syscall_figure_refuses_bad_calls(calls, match):
    with pytest.raises(ValueError, match=match):
        syscall_figure(calls)


# ---------------------------------------------------------------------------- counting kernels
def _model_rows(host, app, n, guest_os="ubuntu-server", products=("kvm", "virtualbox")):
    """Kernels and platform + OS memory of n copies, computed here straight from the model."""
    os_ = vz.GUEST_OS[guest_os]
    out = {}
    for key in (*products, "containers"):
        s = vz.ContainerRuntime(host) if key == "containers" else vz.Hypervisor(host, product=key)
        try:
            for i in range(n):
                if key == "containers":
                    s.run(f"c{i}", cpus=app.cpus, memory_gib=app.memory_gib, app=app)
                else:
                    s.create_vm(f"v{i}", vcpus=math.ceil(app.cpus), memory_gib=os_.memory_gib + app.memory_gib,
                                guest_os=guest_os, app=app)
        except vz.AllocationError:
            out[key] = None
            continue
        m = s.usage().memory
        out[key] = (s.kernels, m.allocated - m.layers["apps"] - m.layers["stranded"])
    return out


def test_kernel_counts_and_memory_follow_the_model_for_every_count():
    host, app = vz.Host(cpu_cores=6, memory_gib=24), vz.App("svc", cpus=0.8, memory_gib=1.0)
    for products in (("kvm", "virtualbox"), ("esxi", "xen", "hyper-v")):
        fig = kernel_count_figure(host, app, max_count=9, count=2, hypervisors=products)
        for n in range(10):
            want = _model_rows(host, app, n, products=products)
            for key in (*products, "containers"):
                k = _trace(fig, f"kernels_{key}").y[n]
                m = _trace(fig, f"memory_{key}").y[n]
                if want[key] is None:
                    assert k is None and m is None
                else:
                    assert k == want[key][0] and m == pytest.approx(want[key][1])
    fig = kernel_count_figure(host, app, max_count=9, count=2, hypervisors=("kvm", "xen"))
    k1 = _trace(fig, "kernels_kvm").y
    assert k1[:7] == (1, 2, 3, 4, 5, 6, 7) and k1[7] is None  # 6 cores: the 7th VM does not fit; KVM is a kernel
    kc = _trace(fig, "kernels_containers").y
    assert set(kc[:8]) == {1} and kc[8] is None  # 0.8 CPU each on 6 cores: 7 containers fit
    assert all(b == a + 1 for a, b in zip(k1, _trace(fig, "kernels_xen").y, strict=True)
               if a is not None and b is not None)  # Xen: the hypervisor and dom0's kernel


def test_kernel_count_slider_has_a_frame_per_count_and_starts_at_count():
    fig = kernel_count_figure(count=7, max_count=12)
    assert len(fig.frames) == 13 and len(fig.layout.sliders[0].steps) == 13
    assert fig.layout.sliders[0].active == 7
    now = _trace(fig, "now_kernels")
    assert list(now.x) == [7, 7, 7] and list(now.y) == [8, 8, 1]
    assert fig.layout.title.text.startswith("7 copies")
    frame = fig.frames[3]
    assert list(frame.data[0].y) == [4, 4, 1] and frame.layout.title.text.startswith("3 copies")
    idx = [i for i, t in enumerate(fig.data) if t.meta["key"] in ("now_kernels", "now_memory")]
    assert list(frame.traces) == idx
    assert frame.layout.shapes[0].x0 == 3


def test_kernel_count_guest_os_changes_memory_not_kernels():
    small = kernel_count_figure(guest_os="windows-core", max_count=4)
    big = kernel_count_figure(guest_os="windows-desktop", max_count=4)
    assert _trace(small, "kernels_kvm").y == _trace(big, "kernels_kvm").y
    per = {k: vz.GUEST_OS[k].memory_gib for k in ("windows-core", "windows-desktop")}
    platform = vz.Hypervisor(vz.Host(cpu_cores=16, memory_gib=64)).platform_memory_gib

    def overhead(os_key):  # what the hypervisor reserves outside each VM: guest RAM = OS floor + 0.5 GiB app, 1 vCPU
        return vz.vm_overhead_gib(per[os_key] + 0.5, 1)

    assert _trace(small, "memory_kvm").y[4] == pytest.approx(platform + 4 * (per["windows-core"] + overhead(
        "windows-core")))
    assert _trace(big, "memory_kvm").y[4] == pytest.approx(platform + 4 * (per["windows-desktop"] + overhead(
        "windows-desktop")))


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"count": 17}, ValueError, "count"), ({"count": -1}, ValueError, "count"), ({"count": 2.5}, ValueError, "count"),
    ({"max_count": 0}, ValueError, "max_count"), ({"max_count": 65}, ValueError, "max_count"),
    ({"guest_os": "dos"}, ValueError, "guest_os"), ({"type2_host_os": "beos"}, ValueError, "type2_host_os"),
    ({"host": "big"}, TypeError, "host"), ({"app": 3}, TypeError, "app"),
    ({"host": vz.Host(cpu_cores=1, memory_gib=1)}, ValueError, "host is too small"),
    ({"hypervisors": ["qemu"]}, ValueError, "unknown product 'qemu'"), ({"hypervisors": []}, ValueError, "1 to 3"),
])
def test_kernel_count_figure_refuses_bad_settings(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        kernel_count_figure(**kwargs)


# ---------------------------------------------------------------------------- namespaces and cgroups
def test_namespaces_figure_has_a_cell_per_namespace_and_container():
    rt = _runtime(3)
    fig = namespaces_figure(rt)
    cells = _rects(_trace(fig, "namespaces")) + _rects(_trace(fig, "namespaces_optional"))
    assert len(cells) == 3 * len(NAMESPACE_TYPES)
    assert len(_rects(_trace(fig, "namespaces_optional"))) == 3 * 2  # user and time
    text = list(_trace(fig, "labels").text)
    for c in rt.containers:
        assert f"hostname {c.name}" in text and f"{c.app.name} is PID 1" in text
    rows = " ".join(_trace(fig, "row_labels").text)
    assert all(name in rows for name, _ in NAMESPACE_TYPES.values())


def test_cgroup_bars_show_the_models_requests_limits_and_use():
    rt = _runtime(3)
    fig = namespaces_figure(rt)
    limits = _rects(_trace(fig, "limits"))
    used = _rects(_trace(fig, "used"))
    assert len(limits) == len(used) == 2 * 3
    fractions = []
    for c in rt.containers:
        fractions += [c.app_cpus / c.cpus, c.app_memory_gib / c.memory_gib]
    for lim, u, f in zip(limits, used, fractions, strict=True):
        assert u[0] == pytest.approx(lim[0]) and (u[2] - u[0]) == pytest.approx(f * (lim[2] - lim[0]))
    text = " ".join(_trace(fig, "labels").text).replace("<br>", " ")
    assert "uses 0.75 CPU · requests 1 CPU · no limit" in text and "uses 0.6 GiB · requests 1 GiB" in text
    capped = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=16))
    capped.run("api", cpus=0.5, memory_gib=0.5, limit_cpus=2, limit_memory_gib=1,
               app=vz.App("api", cpus=1, memory_gib=0.5))
    fig = namespaces_figure(capped)
    limit, use = _rects(_trace(fig, "limits"))[0], _rects(_trace(fig, "used"))[0]
    assert (use[2] - use[0]) == pytest.approx(0.5 * (limit[2] - limit[0]))  # 1 CPU used of a 2 CPU limit
    hover = " ".join(_trace(fig, "hover").hovertext)
    assert "capped at 2 CPU (above it the kernel throttles it)" in hover and "requests 0.5 CPU" in hover


def test_namespaces_figure_counts_containers_it_does_not_draw():
    fig = namespaces_figure(_runtime(5), max_containers=2)
    assert len(_rects(_trace(fig, "header"))) == 2
    assert "Showing 2 of 5 containers" in fig.layout.title.subtitle.text


def test_a_container_without_app_uses_nothing():
    rt = vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8))
    rt.run("idle", cpus=1, memory_gib=1)
    fig = namespaces_figure(rt)
    assert _rects(_trace(fig, "used")) == []
    assert "its first process is PID 1" in list(_trace(fig, "labels").text)


@pytest.mark.parametrize("args, kwargs, exc, match", [
    (("rt",), {}, TypeError, "runtime"),
    ((vz.ContainerRuntime(vz.Host(cpu_cores=2, memory_gib=4)),), {}, ValueError, "no containers"),
    ((None,), {"max_containers": 0}, ValueError, "max_containers"),
    ((None,), {"max_containers": 7}, ValueError, "max_containers"),
])
def test_namespaces_figure_refuses_bad_input(args, kwargs, exc, match):
    args = tuple(_runtime(1) if a is None else a for a in args)
    with pytest.raises(exc, match=match):
        namespaces_figure(*args, **kwargs)


# ---------------------------------------------------------------------------- images and layers
def test_image_bars_are_the_models_disk_usage_and_the_copies_it_avoids():
    rt = _runtime(3, image="alpine")
    rt.run("u1", cpus=1, memory_gib=1, image="ubuntu")
    rt.run("u2", cpus=1, memory_gib=1, image="ubuntu")
    fig = image_layers_figure(rt, vm_guest_os="windows-core")
    bars = _trace(fig, "image_disk")
    stored = rt.usage().disk.layers["runtime"]
    assert stored == pytest.approx(vz.IMAGES["alpine"] + vz.IMAGES["ubuntu"])
    assert bars.y[0] == pytest.approx(stored * MB_PER_GIB)
    assert bars.y[1] == pytest.approx((3 * vz.IMAGES["alpine"] + 2 * vz.IMAGES["ubuntu"]) * MB_PER_GIB)
    assert bars.y[2] == pytest.approx(5 * vz.GUEST_OS["windows-core"].disk_gib * MB_PER_GIB)
    assert bars.text[0] == f"{stored * MB_PER_GIB:.1f} MB"


def test_each_image_is_drawn_once_under_the_containers_that_use_it():
    rt = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=16))
    for name, image in (("a", "alpine"), ("u", "ubuntu"), ("b", "alpine")):
        rt.run(name, cpus=0.5, memory_gib=0.5, image=image)
    fig = image_layers_figure(rt, vm_guest_os=None)
    images = _rects(_trace(fig, "images"))
    tops = sorted(_rects(_trace(fig, "own_files")))
    assert len(images) == 2 and len(tops) == 3
    alpine = images[0]  # first used, drawn first, under the two alpine containers (grouped together)
    assert alpine[0] == pytest.approx(tops[0][0]) and alpine[2] == pytest.approx(tops[1][2])
    assert len(_trace(fig, "image_disk").y) == 2  # no VM bar
    assert "alpine image" in " ".join(_trace(fig, "labels").text)


def test_image_layers_figure_leaves_the_runtime_unchanged_and_refuses_bad_input():
    rt = _runtime(2)
    before = rt.usage().to_dict()
    image_layers_figure(rt)
    namespaces_figure(rt)
    assert rt.usage().to_dict() == before and len(rt.containers) == 2
    with pytest.raises(TypeError, match="runtime"):
        image_layers_figure(vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=8)))
    with pytest.raises(ValueError, match="no containers"):
        image_layers_figure(vz.ContainerRuntime(vz.Host(cpu_cores=4, memory_gib=8)))
    with pytest.raises(ValueError, match="vm_guest_os"):
        image_layers_figure(rt, vm_guest_os="plan9")
    with pytest.raises(ValueError, match="max_containers"):
        image_layers_figure(rt, max_containers=13)


# ---------------------------------------------------------------------------- published measurements
def test_performance_figure_reads_every_value_from_the_parameter_table():
    p = vz.parameters()
    fig = performance_figure()
    cpu, rtt = _trace(fig, "linpack"), _trace(fig, "rtt")
    assert list(cpu.y[1:]) == [pytest.approx(100 * p.value(k)) for k in (
        "performance.docker_linpack", "performance.kvm_linpack_tuned", "performance.kvm_linpack_untuned")]
    assert cpu.y[0] == 100
    assert list(rtt.y) == [p.value("performance.native_rtt_us"), p.value("performance.kvm_rtt_us")]
    assert "Felter" in fig.layout.title.subtitle.text and "ISPASS 2015" in vz.describe(fig)


def test_performance_figure_follows_the_table_when_a_value_changes(monkeypatch):
    import dataclasses

    from vizlib.figures import kernel as figures_os
    from vizlib.model.table import ParameterTable

    changed = {"performance.kvm_linpack_untuned": 0.5, "performance.kvm_rtt_us": 70.0}
    rows = [dataclasses.replace(r, value=changed.get(r.key, r.value)) for r in vz.parameters().values()]
    monkeypatch.setattr(figures_os, "parameters", lambda: ParameterTable(rows))
    fig = performance_figure()
    assert _trace(fig, "linpack").y[3] == pytest.approx(50.0)
    assert _trace(fig, "rtt").y[1] == 70.0 and "70 µs" in vz.describe(fig)


def test_namespace_types_are_the_eight_the_machine_module_inspects():
    from vizlib.tools.machine import NAMESPACES

    assert set(NAMESPACE_TYPES) == set(NAMESPACES) and len(NAMESPACE_TYPES) == 8


def test_image_layers_figure_counts_what_it_does_not_draw_and_never_cuts_a_number():
    rt = _runtime(11)
    fig = image_layers_figure(rt, max_containers=10)
    assert len(_rects(_trace(fig, "own_files"))) == 10
    assert "Drawing 10 of 11 containers" in fig.layout.title.subtitle.text
    assert _trace(fig, "image_disk").y[1] == pytest.approx(11 * vz.IMAGES["alpine"] * MB_PER_GIB)  # bars count all
    cut_numbers = [t for t in _trace(fig, "labels").text if re.search(r"\d[^<>]*…", t)]
    assert cut_numbers == []


def test_text_fitting_breaks_lines_and_marks_cuts():
    from vizlib.figures.kernel import _cut, _fit

    assert _fit("own user IDs (if enabled)", 14) == "own user IDs<br>(if enabled)"
    assert _fit("uses 0.25 GiB of 1 GiB", 14) == "uses 0.25 GiB<br>of 1 GiB"
    assert _fit("short", 14) == "short"
    assert all(len(line) <= 8 for line in _fit("hostname checkout-service-12", 8).split("<br>"))
    assert _cut("checkout-service", 6) == "check…" and _cut("abc", 2) == ""
