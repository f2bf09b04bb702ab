import dataclasses

import pytest

import vizlib as vz
from vizlib.layout.grids import hardware_layout


def test_fill_vms_places_what_fits_and_explains_the_rest():
    s = vz.fill_vms(vz.Host(cpu_cores=64, memory_gib=16), count=10, vcpus=1, memory_gib=4,
                    app=vz.App("web", cpus=0.5, memory_gib=1))
    assert s.placed == 3  # 0.5 GiB hypervisor, then 4 GiB + 0.22 GiB overhead each
    assert [r.name for r in s.refused] == [f"vm{i}" for i in range(4, 11)]
    assert "memory needs" in s.refused[0].reason
    assert len(s.system.vms) == 3


def test_fill_vms_turns_invalid_settings_into_reasons():
    s = vz.fill_vms(vz.Host(cpu_cores=8, memory_gib=32), count=2, vcpus=1, memory_gib=1)
    assert s.placed == 0 and isinstance(s.refused[0].error, vz.BelowSizingFloor)
    assert "sizing floor" in s.refused[0].reason


def test_platform_that_does_not_fit_leaves_bare_host():
    host = vz.Host(cpu_cores=2, memory_gib=1)
    s = vz.fill_vms(host, count=1, vcpus=1, memory_gib=2, kind="type2")
    assert s.system is host and s.placed == 0 and "platform" in s.refused[0].reason


def test_fill_containers():
    s = vz.fill_containers(vz.Host(cpu_cores=2, memory_gib=8), count=10, cpus=0.25, memory_gib=0.25)
    assert s.placed == 8 and s.system.kernels == 1 and s.refused[0].name == "c9"


def test_a_refusal_knows_what_was_asked_for_whatever_its_name():
    host = vz.Host(cpu_cores=1, memory_gib=1)
    vms, containers = vz.fill_vms(host, 1, 1, 2), vz.fill_containers(host, 1, 1, 2)
    assert (vms.refused[0].kind, containers.refused[0].kind) == ("vm", "container")

    def ghost(refused):
        return [b.hover for b in hardware_layout(host, refused).blocks if b.layer == "not_placed"][0]

    named_like_a_vm = [dataclasses.replace(r, name="vm1") for r in containers.refused]
    assert "(1 CPU, 2 GiB)" in ghost(named_like_a_vm)
    assert "(1 vCPU, 2 GiB)" in ghost([dataclasses.replace(r, kind="vm") for r in named_like_a_vm])
    with pytest.raises(ValueError, match="kind must be 'vm' or 'container', got 'pod'"):
        dataclasses.replace(vms.refused[0], kind="pod")
