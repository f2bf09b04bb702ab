"""Unit tests for the model's rules."""

import math

import pytest

import vizlib as vz
from vizlib.model.table import MIB


@pytest.fixture
def host():
    return vz.Host(cpu_cores=16, memory_gib=64)


def test_host_and_app_validate_every_field():
    with pytest.raises(ValueError, match="cpu_cores must be >= 1, got 0"):
        vz.Host(cpu_cores=0, memory_gib=8)
    with pytest.raises(ValueError, match=r"cpu_cores must be a whole number.*2.5"):
        vz.Host(cpu_cores=2.5, memory_gib=8)
    with pytest.raises(TypeError, match=r"cpu_cores must be a whole number, got True \(bool\)"):
        vz.Host(cpu_cores=True, memory_gib=8)
    with pytest.raises(TypeError, match=r"memory_gib must be a number, got '8' \(str\)"):
        vz.Host(cpu_cores=2, memory_gib="8")
    with pytest.raises(ValueError, match="memory_gib must be a finite number, got nan"):
        vz.Host(cpu_cores=2, memory_gib=float("nan"))
    with pytest.raises(ValueError, match="memory_gib must be a finite number, got inf"):
        vz.Host(cpu_cores=2, memory_gib=math.inf)
    with pytest.raises(ValueError, match="memory_gib must be > 0, got -1"):
        vz.Host(cpu_cores=2, memory_gib=-1)
    with pytest.raises(ValueError, match="cpus must be > 0, got 0"):
        vz.App("web", cpus=0, memory_gib=1)
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        vz.App("  ", cpus=1, memory_gib=1)
    assert vz.Host(cpu_cores=4.0, memory_gib=8).cpu_cores == 4


def test_hypervisor_rejects_unknown_kind_and_low_overcommit(host):
    with pytest.raises(ValueError, match=r"unknown kind 'type3'; known: 'type1', 'type2'"):
        vz.Hypervisor(host, kind="type3")
    with pytest.raises(ValueError, match="cpu_overcommit must be >= 1, got 0.5"):
        vz.Hypervisor(host, cpu_overcommit=0.5)
    with pytest.raises(ValueError, match="memory_overcommit must be >= 1, got 0.9"):
        vz.ContainerRuntime(host, memory_overcommit=0.9)
    with pytest.raises(TypeError, match="host must be a vizlib.Host"):
        vz.Hypervisor("big server")


def test_create_vm_validates_arguments(host):
    hv = vz.Hypervisor(host)
    with pytest.raises(ValueError, match=r"vcpus must be a whole number \(no fractions\), got 1.5"):
        hv.create_vm("a", vcpus=1.5, memory_gib=4)
    with pytest.raises(ValueError, match=r"unknown guest_os 'dos'; known: 'ubuntu-server'"):
        hv.create_vm("a", vcpus=1, memory_gib=4, guest_os="dos")
    with pytest.raises(vz.BelowSizingFloor) as small:
        hv.create_vm("a", vcpus=1, memory_gib=1)
    assert (small.value.memory_gib, small.value.floor_gib) == (1, 1.5) and "sizing floor" in str(small.value)
    with pytest.raises(ValueError, match="app 'db' needs 3 CPU but the VM"):
        hv.create_vm("a", vcpus=2, memory_gib=8, app=vz.App("db", cpus=3, memory_gib=1))
    with pytest.raises(ValueError, match="app 'db' needs 4 GiB"):
        hv.create_vm("a", vcpus=2, memory_gib=4, app=vz.App("db", cpus=1, memory_gib=4))
    hv.create_vm("a", vcpus=1, memory_gib=4)
    with pytest.raises(ValueError, match="name 'a' is already used"):
        hv.create_vm("a", vcpus=1, memory_gib=4)
    assert len(hv.vms) == 1


def test_vm_pays_guest_os_and_hypervisor_overhead(host):
    hv = vz.Hypervisor(host)
    vm = hv.create_vm("web", vcpus=2, memory_gib=4, app=vz.App("web", cpus=1.5, memory_gib=2))
    expected_overhead = (0.002 * 4 * 1024 + 218 + 8 * 2) * MIB
    assert vm.overhead_memory_gib == pytest.approx(expected_overhead)
    u = hv.usage()
    assert u.memory.layers["guest_os"] == 1.5
    assert u.memory.layers["apps"] == 2
    assert u.memory.layers["stranded"] == pytest.approx(0.5)
    assert u.memory.layers["hypervisor"] == pytest.approx(0.5 + expected_overhead)
    assert u.cpu.layers["apps"] == 1.5 and u.cpu.layers["stranded"] == 0.5
    assert u.cpu.layers["free"] == 14


def test_allocation_error_names_resource_and_leaves_state(host):
    hv = vz.Hypervisor(host)
    for i in range(4):
        hv.create_vm(f"vm{i}", vcpus=4, memory_gib=4)
    before = hv.usage()
    with pytest.raises(vz.AllocationError, match=r"VM 'vm4' does not fit: cpu needs 1 core, 0 cores free") as e:
        hv.create_vm("vm4", vcpus=1, memory_gib=2)
    assert e.value.resource == "cpu" and e.value.requested == 1
    assert isinstance(e.value, ValueError)
    assert hv.usage() == before and len(hv.vms) == 4


def test_memory_runs_out_with_message():
    hv = vz.Hypervisor(vz.Host(cpu_cores=64, memory_gib=16))
    hv.create_vm("a", vcpus=1, memory_gib=8)
    with pytest.raises(vz.AllocationError, match=r"memory needs 8.2\d GiB, 5.7\d GiB free"):  # KVM's host OS: 1.5
        hv.create_vm("b", vcpus=1, memory_gib=8)


def test_remove_vm_frees_resources(host):
    hv = vz.Hypervisor(host)
    hv.create_vm("a", vcpus=4, memory_gib=8)
    hv.remove_vm("a")
    assert hv.vms == () and hv.usage().cpu.layers["free"] == 16
    with pytest.raises(ValueError, match=r"no VM named 'a'; running: none"):
        hv.remove_vm("a")


def test_type2_pays_host_os_and_every_product_counts_its_kernels(host):
    t1, t2 = vz.Hypervisor(host), vz.Hypervisor(host, kind="type2")
    for hv in (t1, t2):
        hv.create_vm("a", vcpus=1, memory_gib=2)
        hv.create_vm("b", vcpus=1, memory_gib=2)
    assert (t1.product.key, t2.product.key) == ("kvm", "virtualbox")
    assert t1.guest_kernels == t2.guest_kernels == 2
    assert t1.kernels == 3 and t2.kernels == 3  # KVM is part of the host's Linux; VirtualBox runs on a host OS
    assert t2.usage().memory.layers["host_os"] == vz.GUEST_OS["windows-11"].memory_gib
    assert t2.usage("used").memory.layers["host_os"] == vz.GUEST_OS["windows-11"].idle_memory_gib
    assert t1.usage().memory.layers["host_os"] == vz.GUEST_OS["ubuntu-server"].memory_gib  # KVM's host Linux
    assert vz.Hypervisor(host, product="esxi").usage().memory.layers["host_os"] == 0  # ESXi runs no host OS
    assert vz.Hypervisor(host, product="hyper-v").host_os.key == "windows-core"  # the root partition
    with pytest.raises(ValueError, match="host_os='ubuntu-server' does not apply to VMware ESXi"):
        vz.Hypervisor(host, product="esxi", host_os="ubuntu-server")
    expected = {"kvm": 1, "esxi": 1, "xen": 2, "hyper-v": 2, "virtualbox": 1, "vmware-workstation": 1}
    table = vz.parameters()
    for key, beneath in expected.items():
        hv = vz.Hypervisor(host, product=key)
        assert hv.kind == vz.PRODUCTS[key].kind and hv.kernels_beneath == beneath == len(vz.PRODUCTS[key].beneath)
        hv.create_vm("a", vcpus=1, memory_gib=2)
        assert hv.kernels == 1 + beneath
        row = table[f"hypervisor.{key}.kernels_beneath"]
        assert row.confidence == "read" and row.source


def test_product_and_kind_must_agree(host):
    assert vz.Hypervisor(host, product="esxi").kind == "type1"
    assert vz.Hypervisor(host, kind="type2", product="vmware-workstation").kind == "type2"
    with pytest.raises(ValueError, match=r"product='kvm' is a type1 hypervisor, but kind='type2'; .*'virtualbox'"):
        vz.Hypervisor(host, kind="type2", product="kvm")
    with pytest.raises(ValueError, match=r"unknown product 'qemu'; known: 'kvm', 'esxi'"):
        vz.Hypervisor(host, product="qemu")


def test_reserved_and_used_views(host):
    hv = vz.Hypervisor(host)
    hv.create_vm("web", vcpus=1, memory_gib=2, app=vz.App("web", cpus=0.5, memory_gib=0.25))
    reserved, used = hv.usage(), hv.usage(view="used")
    assert reserved.view == "reserved" and used.view == "used"
    assert reserved.cpu.layers["stranded"] == 0.5 and used.cpu.layers["stranded"] == 0
    overhead = vz.parameters().value("hypervisor.cpu_overhead_fraction")
    assert used.cpu.layers["apps"] == 0.5 and used.cpu.layers["hypervisor"] == pytest.approx(0.5 * overhead)
    floor, idle = vz.GUEST_OS["ubuntu-server"].memory_gib, vz.GUEST_OS["ubuntu-server"].idle_memory_gib
    assert reserved.memory.layers["guest_os"] == floor and used.memory.layers["guest_os"] == idle < floor
    assert used.memory.layers["stranded"] == 0 and reserved.memory.layers["stranded"] == pytest.approx(0.25)
    assert used.memory.allocated < reserved.memory.allocated
    # demand, pressure and slowdown are the used view's, whichever view is asked for
    assert reserved.cpu.demand == pytest.approx(used.cpu.allocated) and reserved.memory.demand == pytest.approx(
        used.memory.allocated)
    for u in (reserved, used):
        for b in (u.cpu, u.memory, u.disk):
            assert sum(b.layers.values()) - b.excess == pytest.approx(b.capacity)
    assert reserved.disk == used.disk.__class__(**{**used.disk.__dict__, "view": "reserved"})
    with pytest.raises(ValueError, match=r"unknown view 'actual'; known: 'reserved', 'used'"):
        hv.usage("actual")


def test_container_requests_and_limits(host):
    rt = vz.ContainerRuntime(host)
    burst = rt.run("burst", cpus=0.5, memory_gib=0.5, app=vz.App("web", cpus=1.5, memory_gib=1))  # no limit
    capped = rt.run("capped", cpus=1, memory_gib=1, limit_cpus=2, limit_memory_gib=2,
                    app=vz.App("api", cpus=0.25, memory_gib=0.5))
    assert (capped.limit_cpus, capped.limit_memory_gib, burst.limit_cpus) == (2, 2, None)
    reserved, used = rt.usage(), rt.usage("used")
    assert reserved.cpu.layers["apps"] == pytest.approx(0.5 + 0.25)  # up to each request
    assert reserved.cpu.layers["stranded"] == pytest.approx(0.75)  # request minus use, never a limit
    assert used.cpu.layers["apps"] == pytest.approx(1.75) and used.cpu.layers["stranded"] == 0
    assert rt.free()["cpu"] == pytest.approx(16 - 1.5)  # admission counts requests only
    with pytest.raises(ValueError, match=r"limit_cpus=0.5 is below the request cpus=1; a limit must be at least"):
        rt.run("x", cpus=1, memory_gib=1, limit_cpus=0.5)
    with pytest.raises(ValueError, match=r"limit_memory_gib=0.5 is below the request memory_gib=1"):
        rt.run("x", cpus=1, memory_gib=1, limit_memory_gib=0.5)
    with pytest.raises(ValueError, match=r"app 'miner' needs 2 CPU but the container's limit has 0.5"):
        rt.run("x", cpus=0.5, memory_gib=1, limit_cpus=0.5, app=vz.App("miner", cpus=2, memory_gib=0.5))
    assert len(rt.containers) == 2


def test_overridden_reaches_profiles_and_is_undone(host):
    with vz.parameters_overridden(**{"guest_os.ubuntu-server.memory_gib": 3.0, "hypervisor.kvm.kernels_beneath": 5}):
        hv = vz.Hypervisor(host)
        hv.create_vm("a", vcpus=1, memory_gib=4)
        assert hv.usage().memory.layers["guest_os"] == 3.0 and hv.kernels == 6
    assert vz.GUEST_OS["ubuntu-server"].memory_gib == 1.5 and vz.Hypervisor(host).kernels == 1
    with pytest.raises(KeyError, match="unknown parameter 'nope'"):
        with vz.parameters_overridden(nope=1):
            pass


def test_platform_that_does_not_fit_is_refused():
    with pytest.raises(vz.AllocationError) as refused:
        vz.Hypervisor(vz.Host(cpu_cores=1, memory_gib=1), kind="type2")
    e = refused.value
    assert (e.kind, e.instance, e.resource, e.requested, e.free) == ("platform", "type2", "memory", 4.25, 1)
    assert str(e) == "the platform (type 2 hypervisor) does not fit: memory needs 4.25 GiB, 1 GiB available"


def test_containers_share_one_kernel_and_allow_fractions(host):
    rt = vz.ContainerRuntime(host)
    assert rt.kernels == 1
    for i in range(10):
        rt.run(f"c{i}", cpus=0.25, memory_gib=0.5, app=vz.App("web", cpus=0.2, memory_gib=0.4))
    assert rt.kernels == 1 and len(rt.containers) == 10
    u = rt.usage()
    assert u.cpu.layers["apps"] == pytest.approx(2.0)
    assert u.cpu.layers["stranded"] == pytest.approx(0.5)
    assert u.memory.layers["runtime"] == pytest.approx(0.1 + 10 * 10 * MIB)
    assert u.memory.layers["host_os"] == 1.5
    rt.stop("c0")
    assert len(rt.containers) == 9
    with pytest.raises(ValueError, match=r"unknown image 'debian'; known: 'alpine', 'ubuntu'"):
        rt.run("x", cpus=1, memory_gib=1, image="debian")
    with pytest.raises(ValueError, match=r"no container named 'zzz'; running: 'c1'"):
        rt.stop("zzz")


def test_shared_image_is_stored_once(host):
    rt = vz.ContainerRuntime(host)
    rt.run("a", cpus=1, memory_gib=1, image="ubuntu")
    one = rt.usage().disk.layers["runtime"]
    rt.run("b", cpus=1, memory_gib=1, image="ubuntu")
    assert rt.usage().disk.layers["runtime"] == pytest.approx(one) == pytest.approx(vz.IMAGES["ubuntu"])


def test_overcommit_shows_excess_and_slowdown():
    hv = vz.Hypervisor(vz.Host(cpu_cores=4, memory_gib=64), cpu_overcommit=2.0)
    for i in range(4):
        hv.create_vm(f"vm{i}", vcpus=2, memory_gib=4, app=vz.App("busy", cpus=1.5, memory_gib=1))
    u = hv.usage()
    assert u.cpu.excess == 4 and u.cpu.layers["free"] == 0
    overhead = vz.parameters().value("hypervisor.cpu_overhead_fraction")
    assert u.cpu_slowdown == pytest.approx(1.5 * (1 + overhead))  # 6 cores of work, plus virtualization's cost
    assert sum(u.cpu.layers.values()) - u.cpu.excess == 4
    with pytest.raises(vz.AllocationError, match="cpu needs 1 core, 0 cores free"):
        hv.create_vm("one-more", vcpus=1, memory_gib=2)


def test_a_vm_burns_at_most_its_vcpus():
    hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=64))
    hv.create_vm("full", vcpus=2, memory_gib=4, app=vz.App("busy", cpus=2, memory_gib=1))
    hv.create_vm("half", vcpus=2, memory_gib=4, app=vz.App("busy", cpus=1, memory_gib=1))
    overhead = vz.parameters().value("hypervisor.cpu_overhead_fraction")
    used = hv.usage("used").cpu
    assert used.layers["apps"] == 3 and used.layers["hypervisor"] == pytest.approx(1 * overhead)


def test_usage_without_overcommit_has_no_slowdown(host):
    hv = vz.Hypervisor(host)
    hv.create_vm("a", vcpus=15, memory_gib=8, app=vz.App("x", cpus=15, memory_gib=1))
    assert hv.usage().cpu_slowdown == 1.0 and hv.usage().cpu.layers["free"] == 1


def test_compare_documented_example():
    c = vz.compare(vz.Host(cpu_cores=16, memory_gib=64), vz.App("web", cpus=0.5, memory_gib=0.5))
    assert c.vm.max_instances == 16 and c.vm.limited_by == "cpu"  # one whole vCPU each
    assert c.container.max_instances == 32
    assert c.vm.guest_kernels == 16 and c.vm.kernels == 17  # KVM: the host's Linux kernel beneath the guests
    assert c.container.guest_kernels == 0 and c.container.kernels == 1
    assert c.vm.stranded_cpus == 8
    text = repr(c)
    assert "guest OS" in text and "whole vCPUs" in text and "copies that fit" in text
    assert "<table>" in c._repr_html_()
    assert c.to_dict()["vm"]["max_instances"] == 16


def test_compare_at_count_and_type2():
    host = vz.Host(cpu_cores=16, memory_gib=64)
    app = vz.App("web", cpus=0.5, memory_gib=0.5)
    c = vz.compare(host, app, hypervisor="type2", count=4)
    assert c.vm.count == 4 and c.vm.kernels == 5 and c.container.kernels == 1 and c.product == "virtualbox"
    assert c.vm.memory_for_apps_gib == 2 and c.vm.fits
    hv = vz.Hypervisor(host, kind="type2")
    for i in range(4):
        hv.create_vm(f"v{i}", vcpus=1, memory_gib=2, app=app)
    u = hv.usage().memory
    assert c.vm.memory_overhead_gib == pytest.approx(u.allocated - u.layers["apps"])
    assert c.container.startup_seconds < 1 < c.vm.startup_seconds
    table = vz.parameters()
    assert dict(c.vm.startup_parts) == {"boot_to_init": table.value("hypervisor.boot_to_init_seconds"),
                                        "boot_rest": table.value("guest_os.ubuntu-server.boot_rest_seconds")}
    assert c.vm.startup_seconds == pytest.approx(sum(dict(c.vm.startup_parts).values()))
    assert vz.compare(host, app, product="xen").vm.kernels == vz.compare(host, app).vm.kernels + 1
    big = vz.compare(host, app, count=1000)
    assert not big.vm.fits and not big.container.fits


def test_compare_validates():
    host, app = vz.Host(cpu_cores=4, memory_gib=8), vz.App("a", cpus=1, memory_gib=1)
    with pytest.raises(TypeError, match="app must be a vizlib.App"):
        vz.compare(host, "app")
    with pytest.raises(ValueError, match="unknown kind 'kvm'"):
        vz.compare(host, app, hypervisor="kvm")
    with pytest.raises(ValueError, match="product='esxi' is a type1 hypervisor, but kind='type2'"):
        vz.compare(host, app, hypervisor="type2", product="esxi")
    with pytest.raises(ValueError, match="count must be >= 0, got -1"):
        vz.compare(host, app, count=-1)


def test_stack_graph_layers():
    host = vz.Host(cpu_cores=8, memory_gib=32)
    hv = vz.Hypervisor(host, kind="type2")
    hv.create_vm("a", vcpus=1, memory_gib=2, app=vz.App("web", cpus=1, memory_gib=0.5))
    g = vz.stack_graph(hv)
    assert list(g.successors("hardware")) == ["host kernel"]
    assert g.has_edge("host kernel", "hypervisor") and g.has_edge("vm:a", "kernel:a")
    assert g.nodes["kernel:a"]["layer"] == "guest_os" and g.nodes["app:a"]["layer"] == "app"
    assert sum(d["kernel"] for _, d in g.nodes(data=True)) == hv.kernels == 2
    for product in vz.PRODUCTS:
        hv = vz.Hypervisor(host, product=product)
        hv.create_vm("a", vcpus=1, memory_gib=2)
        g = vz.stack_graph(hv)
        assert sum(d["kernel"] for _, d in g.nodes(data=True)) == hv.kernels
    rt = vz.ContainerRuntime(host)
    rt.run("c", cpus=1, memory_gib=1)
    g = vz.stack_graph(rt)
    assert [n for n, d in g.nodes(data=True) if d["layer"] == "host_os"] == ["host kernel"]
    assert g.has_edge("runtime", "container:c")
    with pytest.raises(TypeError, match="system must be a Hypervisor"):
        vz.stack_graph(42)


def test_parameter_table_has_sources():
    table = vz.parameters()
    assert len(table) >= 20
    for row in table.values():
        assert row.source and row.confidence in {"read", "derived", "measured", "secondary", "assumption"}
    assert table.value("hypervisor.per_vm.base_mib") == 218
    assert "Felter" in repr(table) or any("Felter" in s for s in table.sources())
    assert "<table>" in table._repr_html_()
    with pytest.raises(KeyError, match="unknown parameter 'nope'"):
        table["nope"]
