"""Property tests for the model's invariants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vizlib as vz

hosts = st.builds(
    vz.Host,
    cpu_cores=st.integers(1, 128),
    memory_gib=st.floats(4, 1024, allow_nan=False),
)
apps = st.builds(
    vz.App,
    name=st.just("app"),
    cpus=st.floats(0.05, 8, allow_nan=False),
    memory_gib=st.floats(0.05, 16, allow_nan=False),
    disk_gib=st.floats(0, 5, allow_nan=False),
)
requests = st.lists(
    st.tuples(st.integers(1, 8), st.floats(0.5, 32, allow_nan=False), st.booleans()), max_size=25
)


def _check_sums(u):
    for b in (u.cpu, u.memory, u.disk):
        assert sum(b.layers.values()) - b.excess == pytest.approx(b.capacity)
        assert all(a >= -1e-9 for a in b.layers.values())
        assert b.excess == 0 or b.layers["free"] == 0


@settings(max_examples=80, deadline=None)
@given(host=hosts, reqs=requests, kind=st.sampled_from(["type1", "type2"]),
       cpu_oc=st.floats(1, 4), mem_oc=st.floats(1, 2))
def test_vm_usage_sums_and_refusals_change_nothing(host, reqs, kind, cpu_oc, mem_oc):
    try:
        hv = vz.Hypervisor(host, kind=kind, cpu_overcommit=cpu_oc, memory_overcommit=mem_oc)
    except vz.AllocationError:
        return
    for i, (vcpus, mem, _unused) in enumerate(reqs):
        before = (hv.usage(), hv.vms)
        try:
            hv.create_vm(f"vm{i}", vcpus=vcpus, memory_gib=max(mem, 1.5))
        except vz.AllocationError:
            assert (hv.usage(), hv.vms) == before
        u = hv.usage()
        _check_sums(u)
        assert u.kernels == len(hv.vms) + 1 == hv.guest_kernels + hv.kernels_beneath  # KVM or VirtualBox
        used = hv.usage("used")
        _check_sums(used)
        assert used.memory.allocated <= u.memory.allocated + 1e-9 and used.cpu.layers["stranded"] == 0
        if cpu_oc == 1 and mem_oc == 1:
            assert u.cpu.excess == 0 and u.memory.excess == 0


@settings(max_examples=80, deadline=None)
@given(host=hosts, reqs=requests)
def test_container_usage_sums_and_one_kernel(host, reqs):
    rt = vz.ContainerRuntime(host)
    for i, (cpus, mem, ubuntu) in enumerate(reqs):
        before = (rt.usage(), rt.containers)
        try:
            rt.run(f"c{i}", cpus=cpus / 4, memory_gib=mem / 4, image="ubuntu" if ubuntu else "alpine")
        except vz.AllocationError:
            assert (rt.usage(), rt.containers) == before
        _check_sums(rt.usage())
        _check_sums(rt.usage("used"))
        assert rt.kernels == 1 and rt.guest_kernels == 0


@settings(max_examples=150, deadline=None)
@given(host=hosts, app=apps, product=st.sampled_from(sorted(vz.PRODUCTS)))
def test_containers_never_fit_fewer_copies_than_vms(host, app, product):
    try:
        c = vz.compare(host, app, product=product)
    except vz.AllocationError:
        return
    assert c.container.max_instances >= c.vm.max_instances
    assert c.container.kernels == 1 and c.container.guest_kernels == 0
    assert c.vm.guest_kernels == c.vm.max_instances
    assert c.vm.kernels == c.vm.max_instances + vz.PRODUCTS[product].kernels_beneath


@settings(max_examples=150, deadline=None)
@given(host=hosts, app=apps, extra_cores=st.integers(0, 64), extra_mem=st.floats(0, 512))
def test_bigger_host_never_fits_fewer(host, app, extra_cores, extra_mem):
    bigger = vz.Host(cpu_cores=host.cpu_cores + extra_cores, memory_gib=host.memory_gib + extra_mem)
    try:
        small = vz.compare(host, app)
    except vz.AllocationError:
        return
    big = vz.compare(bigger, app)
    assert big.vm.max_instances >= small.vm.max_instances
    assert big.container.max_instances >= small.container.max_instances


@settings(max_examples=40, deadline=None)
@given(
    host=st.builds(vz.Host, cpu_cores=st.integers(1, 24), memory_gib=st.floats(4, 64)),
    app=apps,
    kind=st.sampled_from(["type1", "type2"]),
)
def test_compare_agrees_with_placing_copies_one_by_one(host, app, kind):
    """compare()'s arithmetic equals what create_vm/run actually admit."""
    try:
        c = vz.compare(host, app, hypervisor=kind)
    except vz.AllocationError:
        return
    hv, rt = vz.Hypervisor(host, kind=kind), vz.ContainerRuntime(host)
    vms = 0
    while vms < 500:
        try:
            hv.create_vm(f"v{vms}", vcpus=int(c.vm.cpus_each), memory_gib=c.vm.memory_each_gib, app=app)
        except vz.AllocationError:
            break
        vms += 1
    cts = 0
    while cts < 500:
        try:
            rt.run(f"c{cts}", cpus=app.cpus, memory_gib=app.memory_gib, app=app)
        except vz.AllocationError:
            break
        cts += 1
    assert vms == min(c.vm.max_instances, 500)
    assert cts == min(c.container.max_instances, 500)
    if vms < 500:
        u = hv.usage().memory
        assert c.vm.memory_overhead_gib == pytest.approx(u.allocated - u.layers["apps"])
