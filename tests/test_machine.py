"""Live machine inspection, made deterministic with fake /proc and /sys trees."""

import copy as copy_module
import dataclasses
import os
import pickle
import platform
from pathlib import Path

import pytest

from vizlib.text.catalog import N_, set_language
from vizlib.tools.machine import MachineInfo, Namespace, Said, inspect_machine, said

INITIAL = {"cgroup": 4026531835, "ipc": 4026531839, "mnt": 4026531840, "net": 4026531992, "pid": 4026531836,
           "time": 4026531834, "user": 4026531837, "uts": 4026531838}


def write(root: Path, path: str, text: str) -> None:
    p = root / path.lstrip("/")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def namespaces(root: Path, pid: str, inodes: dict[str, int]) -> None:
    d = root / "proc" / pid / "ns"
    d.mkdir(parents=True, exist_ok=True)
    for name, ino in inodes.items():
        os.symlink(f"{name}:[{ino}]", d / name)  # dangling on purpose: only the link text matters


def base(root: Path, *, online="0-7", allowed="0-3", mem_kb=16 * 1024 * 1024) -> None:
    write(root, "/proc/sys/kernel/osrelease", "6.1.0-test-amd64\n")
    write(root, "/etc/os-release", 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')
    write(root, "/sys/devices/system/cpu/online", online + "\n")
    write(root, "/proc/self/status", f"Name:\tpython\nCpus_allowed:\tf\nCpus_allowed_list:\t{allowed}\n")
    write(root, "/proc/meminfo", f"MemTotal:       {mem_kb} kB\nMemFree:        1000 kB\n")


def container_v2(root: Path) -> None:
    base(root)
    write(root, "/proc/self/cgroup", "0::/\n")
    write(root, "/proc/self/mountinfo",
          "600 500 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/a,upperdir=/b\n"
          "601 600 0:51 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup rw\n")
    write(root, "/sys/fs/cgroup/cpu.max", "150000 100000\n")
    write(root, "/sys/fs/cgroup/memory.max", f"{2 * 1024**3}\n")
    write(root, "/.dockerenv", "")
    ns = dict(INITIAL, pid=4026532301, mnt=4026532299, net=4026532303, uts=4026532300, ipc=4026532302)
    namespaces(root, "self", ns)
    namespaces(root, "1", ns)


def test_container_with_cgroup_v2_limits(tmp_path):
    container_v2(tmp_path)
    info = inspect_machine(tmp_path, environ={"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, system="Linux")
    assert isinstance(info, MachineInfo) and info.supported and info.system == "Linux"
    assert info.kernel_release == "6.1.0-test-amd64" and info.os_name == "Debian GNU/Linux 12 (bookworm)"
    assert (info.cpu_count, info.cpus_allowed, info.cpu_quota) == (8, 4, 1.5)
    assert info.effective_cpus == 1.5
    assert info.memory_total_gib == 16 and info.memory_limit_gib == 2 and info.effective_memory_gib == 2
    assert info.cgroup_version == 2 and info.cgroup_path == "/"
    pid = next(ns for ns in info.namespaces if ns.name == "pid")
    assert pid == Namespace("pid", 4026532301, 4026532301, False) and pid.shared_with_pid1
    assert info.in_container is True
    signals = " | ".join(info.container_signals)
    for expected in ("/.dockerenv", "PID namespace is not the kernel's initial one", "overlay",
                     "KUBERNETES_SERVICE_HOST"):
        assert expected in signals
    text = info.summary()
    assert "caps it at 1.5 cores" in text and "limits this notebook's group to 2.00 GiB" in text
    assert "own ipc, mnt, net, pid, uts namespaces" not in text  # mnt/net have no fixed initial number
    assert "own ipc, pid, uts namespaces" in text
    assert info.architecture is None  # a fake root never reports the real machine's values
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.cpu_count = 1


def test_nested_cgroup_v2_takes_the_tightest_ancestor(tmp_path):
    base(tmp_path)
    write(tmp_path, "/proc/self/cgroup", "0::/user.slice/lab.scope\n")
    write(tmp_path, "/proc/self/mountinfo", "30 1 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n")
    write(tmp_path, "/sys/fs/cgroup/user.slice/lab.scope/memory.max", "max\n")
    write(tmp_path, "/sys/fs/cgroup/user.slice/lab.scope/cpu.max", "max 100000\n")
    write(tmp_path, "/sys/fs/cgroup/user.slice/memory.max", f"{1024**3}\n")
    write(tmp_path, "/sys/fs/cgroup/user.slice/cpu.max", "400000 100000\n")
    info = inspect_machine(tmp_path, environ={}, system="Linux")
    assert info.memory_limit_gib == 1 and info.cpu_quota == 4
    assert info.cgroup_path == "/user.slice/lab.scope" and info.in_container is False


def test_cgroup_v1_docker(tmp_path):
    base(tmp_path, online="0-15", allowed="0-15", mem_kb=64 * 1024 * 1024)
    write(tmp_path, "/proc/self/cgroup",
          "12:memory:/docker/abc123\n4:cpu,cpuacct:/docker/abc123\n1:name=systemd:/docker/abc123\n")
    write(tmp_path, "/proc/self/mountinfo",
          "40 30 0:35 /docker/abc123 /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct\n"
          "41 30 0:36 /docker/abc123 /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n")
    write(tmp_path, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "200000\n")
    write(tmp_path, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n")
    write(tmp_path, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
    info = inspect_machine(tmp_path, environ={}, system="Linux")
    assert info.cgroup_version == 1 and info.cpu_quota == 2 and info.memory_limit_gib is None
    assert info.effective_cpus == 2 and info.effective_memory_gib == 64
    assert any("names docker" in s for s in info.container_signals)
    assert "no cgroup memory limit applies" in info.summary()


def test_bare_linux_host_in_a_vm(tmp_path):
    base(tmp_path, allowed="0-7")
    write(tmp_path, "/proc/self/cgroup", "0::/init.scope\n")
    write(tmp_path, "/proc/self/mountinfo", "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n")
    write(tmp_path, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor lahf_lm\n")
    write(tmp_path, "/sys/class/dmi/id/sys_vendor", "QEMU\n")
    namespaces(tmp_path, "self", INITIAL)  # no /proc/1/ns: PID 1 not readable
    info = inspect_machine(tmp_path, environ={"HOME": "/root"}, system="Linux")
    assert info.in_container is False and info.container_signals == ()
    assert info.in_vm is True and len(info.vm_signals) == 2 and "'hypervisor'" in info.vm_signals[0]
    assert all(ns.pid1_inode is None and ns.shared_with_pid1 is None for ns in info.namespaces)
    by_name = {ns.name: ns for ns in info.namespaces}
    assert by_name["pid"].initial and by_name["user"].initial and by_name["net"].initial is None
    text = info.summary()
    assert "runs inside a virtual machine" in text and "No sign of a container" in text
    assert "not readable without more privileges" in text and "no cgroup CPU limit applies" in text
    assert info.cpus_allowed == 8 and "may run on" not in text  # allowed == online: not worth saying


def test_broken_and_missing_files_never_raise(tmp_path):
    base(tmp_path)
    write(tmp_path, "/proc/self/cgroup", "0::/\n")
    write(tmp_path, "/sys/fs/cgroup/cpu.max", "lots of cpu\n")
    write(tmp_path, "/sys/fs/cgroup/memory.max", "plenty\n")
    write(tmp_path, "/sys/devices/system/cpu/online", "zero-seven\n")
    write(tmp_path, "/proc/meminfo", "MemTotal: many kB\n")
    info = inspect_machine(tmp_path, environ={}, system="Linux")
    assert info.supported and info.cpu_quota is None and info.memory_limit_gib is None
    assert info.cpu_count is None and info.memory_total_gib is None
    assert any("cpu.max" in n or "fs/cgroup" in n for n in info.notes)
    assert any("memory.max" in n for n in info.notes)
    empty = inspect_machine(tmp_path / "nothing", environ={}, system="Linux")
    assert empty.supported and empty.kernel_release is None and empty.in_container is None
    assert "unknown" in repr(empty) and empty.notes
    assert inspect_machine(tmp_path, environ={}, system="Linux")._repr_html_().startswith("<p>")


def test_other_systems_get_a_plain_message():
    for system, name in (("Darwin", "macOS"), ("Windows", "Windows")):
        info = inspect_machine(system=system)
        assert not info.supported and info.system == system
        assert f"which {name} does not have" in info.message and info.summary() == info.message
        assert info.namespaces == () and info.in_container is None and info.cpu_quota is None
        assert info._repr_html_()


def test_html_escapes_what_it_reads(tmp_path):
    base(tmp_path)
    write(tmp_path, "/etc/os-release", 'PRETTY_NAME="<script>alert(1)</script>"\n')
    html = inspect_machine(tmp_path, environ={}, system="Linux")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_this_machine():
    info = inspect_machine()
    assert info.supported == (platform.system() == "Linux")
    assert isinstance(info.summary(), str) and info.summary()
    if info.supported:
        assert info.kernel_release == platform.release()
        assert info.cpus_allowed == len(os.sched_getaffinity(0))
        assert info.memory_total_gib and info.memory_total_gib > 0


# -- following vz.set_language (the `marked` fixture is in conftest.py) -------------------------------------


def test_what_was_found_is_said_in_the_current_language(tmp_path, marked):
    container_v2(tmp_path)
    info = inspect_machine(tmp_path, environ={"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, system="Linux")
    mac = inspect_machine(system="Darwin")
    english = (repr(info), info._repr_html_(), mac.summary(), mac._repr_html_())
    try:
        set_language("ko")
        text = info.summary()
        assert text.startswith("«This notebook runs as a process on Linux kernel 6.1.0-test-amd64.»")
        assert "«/.dockerenv exists (Docker creates it)»" in text  # the signs found in English, said again
        assert "«the KUBERNETES_SERVICE_HOST variable is set (a Kubernetes pod)»" in text
        assert "«This process lives in its own ipc, pid, uts namespaces, not" in text
        table = repr(info)
        assert "«kernel release»" in table and "«pid namespace»" in table and "«1.5 cores»" in table
        assert "«{inode} (same" not in table and "«4026532301 (same as PID 1, not the kernel" in table
        assert mac.summary().startswith("«Live inspection reads Linux's /proc and /sys, which macOS does not")
        assert mac.summary() != mac.message  # the record keeps the text it was made with
        made_in_korean = inspect_machine(tmp_path, environ={}, system="Linux")
        assert made_in_korean.container_signals[0] == "«/.dockerenv exists (Docker creates it)»"
    finally:
        set_language("en")
    assert (repr(info), info._repr_html_(), mac.summary(), mac._repr_html_()) == english
    assert made_in_korean.container_signals[0] == "«/.dockerenv exists (Docker creates it)»"
    assert made_in_korean.summary() == inspect_machine(tmp_path, environ={}, system="Linux").summary()


def test_said_text_keeps_its_message():
    s = Said.joined([Said(N_("the firmware names {name}"), name="'QEMU'"), "plain"], sep="; ")
    assert s == "the firmware names 'QEMU'; plain" and isinstance(s, str) and said(s) == s
    for copy in (pickle.loads(pickle.dumps(s)), copy_module.deepcopy(s)):
        assert copy == s and isinstance(copy, Said) and copy.now() == s
    assert said("plain") == "plain"
