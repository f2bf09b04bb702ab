"""What an idle Linux server VM really costs the host in memory, and where its start-up time goes.

Builds (once, cached in --workdir, outside the repo) a Debian 12 "bookworm" server root file system
with debootstrap (default variant + linux-image-amd64, systemd-sysv, openssh-server) and a raw ext4
disk image of it (mkfs.ext4 -d). Then boots it with qemu-system-x86_64 (KVM, 1 vCPU, --memory-mib of
guest RAM, direct kernel boot of the image's own /boot/vmlinuz and initrd, virtio disk, serial console
on QEMU's stdout, no network) and measures:

Memory
  * host RSS of QEMU (VmRSS, /proc/<pid>/status) sampled just before the guest powers off, after it
    has sat idle for --idle-seconds once multi-user.target was reached;
  * the same QEMU command line started with -S (the guest is created but never runs) as the VMM's
    own baseline; the difference is the guest memory the host had to back (pages the guest touched)
    plus whatever QEMU itself grew by, so the Rss of QEMU's guest-RAM mapping (/proc/<pid>/smaps) is
    reported too: it is the guest's share alone (under TCG, QEMU's code cache is most of the rest);
  * the guest's own view: /proc/meminfo (MemTotal, MemFree, MemAvailable, Buffers, Cached) read at
    the same moment, and its "used" = MemTotal - MemAvailable.

Time
  * host wall time from launching QEMU to the first kernel message on the serial console
    ("Linux version ..."; the kernel is started with earlyprintk so it is printed at once), and to
    systemd's "Reached target multi-user.target" line; also to QEMU answering QMP (in the -S run) and
    to the kernel's real-mode setup code printing (firmware done, kernel loaded);
  * the guest's own split from systemd-analyze: kernel, initrd and userspace seconds (Debian's
    initramfs-tools initrd runs no systemd, so "initrd" is absent and counted in "kernel"; the kernel
    log's timestamps of "Run /init" and systemd's first line split it instead).

Inside the image a systemd unit (guest-vm-report.service, After=multi-user.target) waits until the
boot has finished, sleeps the idle time (read from the kernel command line, so one image serves any
--idle-seconds), prints the report on the serial console and powers the guest off. Every boot uses
QEMU's snapshot=on, so each run starts from the identical disk image (writes go to a throw-away
overlay); one unmeasured warm-up boot (--warmup) first fills the host's page cache.

Accelerator: KVM counts as usable only if QEMU starts with -enable-kvm *and* the guest kernel prints its
first message within --kvm-probe-seconds; otherwise the script falls back to TCG (software emulation)
with a loud warning, and says so in the JSON. (A /dev/kvm from the PVM module, kvm_pvm, passes the
first test but runs a stock distribution kernel at a crawl.)

Transparent huge pages: QEMU asks the host kernel for huge pages for guest RAM (madvise), so one
touched 4 KiB guest page can cost the host 2 MiB. By default each repeat boots twice, with THP as the
host is configured and with THP disabled for QEMU (prctl), so both figures are measured.

Results: a table on stdout and JSON in benchmarks/results/guest_vm.json (each run and the median,
min and max of every quantity); raw serial logs stay in --workdir/runs/.

Needs root on a Linux host (apt-get, debootstrap, /dev/kvm). Standard library only.

Usage: sudo python3 benchmarks/guest_vm.py [--repeat 3] [--idle-seconds 60] [--memory-mib 2048]
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import hashlib
import json
import os
import platform
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "guest_vm.json"
SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
INCLUDE = ["linux-image-amd64", "systemd-sysv", "openssh-server"]
APT_NEEDS = {  # command -> Debian package that provides it
    "qemu-system-x86_64": "qemu-system-x86",
    "debootstrap": "debootstrap",
    "mkfs.ext4": "e2fsprogs",
}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MULTI_USER = re.compile(r"Reached target .*(multi-user\.target|Multi-User System)")
# Printed by the kernel's real-mode setup code and decompressor, i.e. once firmware has handed over to the kernel.
KERNEL_SETUP = re.compile(r"early console in setup code|Probing EDD|Decompressing Linux")
KERNEL_TS = re.compile(r"^\[\s*(\d+\.\d+)\]")
PR_SET_THP_DISABLE = 41

# --------------------------------------------------------------------------------------------------
# What goes into the image
# --------------------------------------------------------------------------------------------------

REPORT_SCRIPT = r"""#!/bin/sh
# Installed by benchmarks/guest_vm.py: once the boot has finished, stay idle, report, power off.
idle=60
for word in $(cat /proc/cmdline); do
    case "$word" in guestvm.idle=*) idle="${word#guestvm.idle=}" ;; esac
done
out=/dev/ttyS0
up() { cut -d' ' -f1 /proc/uptime; }
echo "GUESTVM-MULTIUSER uptime=$(up)" > "$out"
state=$(systemctl is-system-running --wait 2>/dev/null)
echo "GUESTVM-BOOT-FINISHED state=$state uptime=$(up) idle=$idle" > "$out"
sleep "$idle"
dmesg --console-off 2>/dev/null   # keep kernel messages from interleaving with the report
echo "GUESTVM-IDLE-END uptime=$(up)" > "$out"
{
    echo "== meminfo"; cat /proc/meminfo
    echo "== uptime"; cat /proc/uptime; uptime
    echo "== uname"; uname -r
    echo "== systemd-analyze"; systemd-analyze
    echo "== blame"; systemd-analyze blame --no-pager | head -n 12
    echo "== units"; systemctl list-units --state=running --type=service --no-legend --plain --no-pager
    echo "== failed"; systemctl list-units --state=failed --no-legend --plain --no-pager
} 2>&1 | sed 's/^/GVM|/' > "$out"
echo "GUESTVM-REPORT-END" > "$out"
sleep 5   # the host samples QEMU's RSS now
systemctl poweroff
"""

REPORT_UNIT = """[Unit]
Description=guest_vm.py benchmark: report memory and boot times after an idle wait, then power off
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/guest-vm-report

[Install]
WantedBy=multi-user.target
"""

IMAGE_FILES = {  # path inside the root file system -> (content, mode)
    "etc/hostname": ("guestvm\n", 0o644),
    "etc/hosts": ("127.0.0.1\tlocalhost\n127.0.1.1\tguestvm\n::1\tlocalhost ip6-localhost ip6-loopback\n", 0o644),
    "etc/fstab": ("/dev/vda\t/\text4\terrors=remount-ro\t0\t1\n", 0o644),
    "usr/local/sbin/guest-vm-report": (REPORT_SCRIPT, 0o755),
    "etc/systemd/system/guest-vm-report.service": (REPORT_UNIT, 0o644),
}
IMAGE_LINKS = {
    "etc/systemd/system/multi-user.target.wants/guest-vm-report.service": "/etc/systemd/system/guest-vm-report.service",
}


def log(msg: str) -> None:
    print(f"[guest_vm] {msg}", flush=True)


def warn_loud(msg: str) -> None:
    bar = "!" * 100
    print(f"\n{bar}\n!!! WARNING: {msg}\n{bar}\n", file=sys.stderr, flush=True)


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess:
    log("$ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


# --------------------------------------------------------------------------------------------------
# 1. Tools
# --------------------------------------------------------------------------------------------------


def ensure_tools() -> None:
    missing = sorted({pkg for cmd, pkg in APT_NEEDS.items() if shutil.which(cmd) is None})
    if not missing:
        log("tools present: " + ", ".join(f"{c} ({shutil.which(c)})" for c in APT_NEEDS))
        return
    if os.geteuid() != 0:
        sys.exit(f"missing packages {missing}; run as root (or install them) first")
    log(f"installing missing Debian packages with apt-get: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-q"], env=env)
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, "debian-archive-keyring"], env=env)
    still = [c for c in APT_NEEDS if shutil.which(c) is None]
    if still:
        sys.exit(f"still missing after apt-get: {still}")


# --------------------------------------------------------------------------------------------------
# 2. Image
# --------------------------------------------------------------------------------------------------


def unmount_under(path: Path) -> None:
    """Unmount anything left mounted inside ``path`` (e.g. by an interrupted debootstrap)."""
    prefix = str(path.resolve()) + "/"
    mounts = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()]
    for mnt in sorted((m for m in mounts if m.startswith(prefix)), key=len, reverse=True):
        subprocess.run(["umount", "-l", mnt], check=False)


def rootfs_key(mirror: str) -> str:
    return json.dumps({"suite": SUITE, "variant": "default", "include": INCLUDE, "mirror": mirror, "arch": "amd64"})


def image_key(rootfs_stamp: str, disk_mib: int) -> str:
    h = hashlib.sha256(rootfs_stamp.encode())
    for rel, (content, mode) in sorted(IMAGE_FILES.items()):
        h.update(f"{rel}:{mode:o}:{content}".encode())
    for rel, target in sorted(IMAGE_LINKS.items()):
        h.update(f"{rel}->{target}".encode())
    h.update(f"disk_mib={disk_mib};lazy_init=0".encode())
    return h.hexdigest()


def build_rootfs(workdir: Path, mirror: str, force: bool) -> Path:
    rootfs, stamp = workdir / "rootfs", workdir / "rootfs.stamp"
    key = rootfs_key(mirror)
    if not force and stamp.exists() and stamp.read_text() == key and (rootfs / "boot").is_dir():
        log(f"root file system cached: {rootfs} (delete {stamp} or pass --rebuild to rebuild)")
        return rootfs
    if rootfs.exists():
        log(f"removing incomplete or outdated {rootfs}")
        unmount_under(rootfs)
        shutil.rmtree(rootfs)
    stamp.unlink(missing_ok=True)
    log(f"debootstrap {SUITE} (default variant + {', '.join(INCLUDE)}) into {rootfs}; this takes several minutes")
    t0 = time.monotonic()
    with open(workdir / "debootstrap.log", "w") as out:
        try:
            run(
                ["debootstrap", "--arch=amd64", f"--include={','.join(INCLUDE)}", SUITE, str(rootfs), mirror],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
            )
        except subprocess.CalledProcessError:
            unmount_under(rootfs)
            sys.exit(f"debootstrap failed; see {workdir / 'debootstrap.log'} and {rootfs}/debootstrap/debootstrap.log")
    unmount_under(rootfs)
    # A smaller image: the downloaded .deb files are not part of an installed server.
    for deb in (rootfs / "var/cache/apt/archives").glob("*.deb"):
        deb.unlink()
    log(f"debootstrap finished in {time.monotonic() - t0:.0f} s")
    stamp.write_text(key)
    return rootfs


def customise_rootfs(rootfs: Path) -> None:
    for rel, (content, mode) in IMAGE_FILES.items():
        p = rootfs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content)
        p.chmod(mode)
    for rel, target in IMAGE_LINKS.items():
        p = rootfs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if p.is_symlink() or p.exists():
            p.unlink()
        p.symlink_to(target)
    mid = rootfs / "etc/machine-id"
    if not mid.exists() or len(mid.read_text().strip()) != 32:
        # A fixed machine id, so that no boot of the (snapshot) image is a systemd "first boot".
        mid.write_text(hashlib.sha256(b"guest_vm.py").hexdigest()[:32] + "\n")


def find_kernel(rootfs: Path) -> tuple[Path, Path, str]:
    kernels = sorted((rootfs / "boot").glob("vmlinuz-*"))
    if not kernels:
        sys.exit(f"no kernel in {rootfs}/boot")
    vmlinuz = kernels[-1]
    version = vmlinuz.name.removeprefix("vmlinuz-")
    initrd = rootfs / "boot" / f"initrd.img-{version}"
    if not initrd.exists():
        sys.exit(f"no initrd for {version} in {rootfs}/boot")
    return vmlinuz, initrd, version


def du_mib(path: Path) -> float:
    out = subprocess.run(["du", "-sxk", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 1024


def build_image(workdir: Path, mirror: str, disk_mib: int, force: bool) -> dict[str, Any]:
    rootfs = build_rootfs(workdir, mirror, force)
    disk, stamp = workdir / "disk.img", workdir / "disk.stamp"
    key = image_key((workdir / "rootfs.stamp").read_text(), disk_mib)
    kdir = workdir / "kernel"
    if not force and disk.exists() and stamp.exists() and stamp.read_text() == key and any(kdir.glob("vmlinuz-*")):
        log(f"disk image cached: {disk}")
    else:
        customise_rootfs(rootfs)
        tmp = workdir / "disk.img.tmp"
        tmp.unlink(missing_ok=True)
        stamp.unlink(missing_ok=True)
        log(f"making a {disk_mib} MiB raw ext4 image from {rootfs}")
        # lazy_*_init=0: the image is fully initialised now, so no boot spends its idle time in ext4lazyinit.
        run(
            ["mkfs.ext4", "-q", "-F", "-L", "guestvm-root", "-E", "lazy_itable_init=0,lazy_journal_init=0",
             "-d", str(rootfs), str(tmp), f"{disk_mib}M"],
        )
        tmp.rename(disk)
        # Keep the boot files next to the image, as a host that boots guests directly would.
        shutil.rmtree(kdir, ignore_errors=True)
        kdir.mkdir()
        vmlinuz, initrd, _ = find_kernel(rootfs)
        shutil.copy2(vmlinuz, kdir / vmlinuz.name)
        shutil.copy2(initrd, kdir / initrd.name)
        stamp.write_text(key)
    vmlinuz = sorted(kdir.glob("vmlinuz-*"))[-1]
    version = vmlinuz.name.removeprefix("vmlinuz-")
    initrd = kdir / f"initrd.img-{version}"
    status = (rootfs / "var/lib/dpkg/status").read_text()
    packages = sorted(re.findall(r"^Package: (\S+)\n(?:.+\n)*?Status: install ok installed", status, re.M))
    (workdir / "packages.txt").write_text("\n".join(packages) + "\n")
    osrel = dict(
        line.split("=", 1) for line in (rootfs / "etc/os-release").read_text().splitlines() if "=" in line
    )
    return {
        "disk": str(disk),
        "disk_mib": disk_mib,
        "disk_allocated_mib": round(disk.stat().st_blocks * 512 / 2**20, 1),
        "rootfs": str(rootfs),
        "rootfs_mib": round(du_mib(rootfs), 1),
        "kernel": str(vmlinuz),
        "initrd": str(initrd),
        "kernel_mib": round(vmlinuz.stat().st_size / 2**20, 1),
        "initrd_mib": round(initrd.stat().st_size / 2**20, 1),
        "guest_kernel_package_version": version,
        "os": osrel.get("PRETTY_NAME", "").strip('"'),
        "debian_version": (rootfs / "etc/debian_version").read_text().strip(),
        "packages_installed": len(packages),
        "packages_sha256": hashlib.sha256("\n".join(packages).encode()).hexdigest()[:16],
        "built": dt.datetime.fromtimestamp(disk.stat().st_mtime, dt.UTC).isoformat(timespec="seconds"),
        "debootstrap": f"debootstrap --arch=amd64 --include={','.join(INCLUDE)} {SUITE} <rootfs> {mirror}",
    }


# --------------------------------------------------------------------------------------------------
# 3. QEMU
# --------------------------------------------------------------------------------------------------


def qemu_version() -> str:
    out = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0].strip()


def qemu_command(image: dict[str, Any], args: argparse.Namespace, accel: str, qmp: Path, idle: int) -> list[str]:
    cmdline = f"root=/dev/vda rw console=ttyS0,115200 earlyprintk=serial,ttyS0,115200 guestvm.idle={idle}"
    if args.extra_cmdline:
        cmdline += " " + args.extra_cmdline
    accel_args = ["-enable-kvm", "-cpu", "host"] if accel == "kvm" else ["-accel", "tcg", "-cpu", "max"]
    return [
        "qemu-system-x86_64",
        *accel_args,
        "-machine", "q35",
        "-smp", "1",
        "-m", f"{args.memory_mib}M",
        "-nodefaults",
        "-display", "none",
        "-kernel", image["kernel"],
        "-initrd", image["initrd"],
        "-append", cmdline,
        "-drive", f"file={image['disk']},format=raw,if=virtio,snapshot=on",
        "-chardev", "stdio,id=ser0,signal=off",
        "-serial", "chardev:ser0",
        "-nic", "none",
        "-qmp", f"unix:{qmp},server=on,wait=off",
    ]


def thp_preexec(thp: str):
    if thp != "off":
        return None

    def disable_thp() -> None:  # runs in the child between fork and exec; the setting survives exec
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_THP_DISABLE)")

    return disable_thp


def proc_status(pid: int) -> dict[str, int]:
    """The kB fields of /proc/<pid>/status that matter here (VmRSS, VmHWM, RssAnon, RssFile, RssShmem)."""
    out: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return out
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
            out[key] = int(rest.split()[0])
    return out


def guest_ram_vma(pid: int, memory_mib: int) -> dict[str, int] | None:
    """Rss and AnonHugePages (kB) of the anonymous mapping(s) that hold the guest's RAM (size >= guest RAM)."""
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    found: dict[str, int] | None = None
    cur: dict[str, int] | None = None
    for line in text.splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            parts = line.split()
            cur = {} if len(parts) < 6 else None  # anonymous: no path
            continue
        if cur is None:
            continue
        key, _, rest = line.partition(":")
        if key in ("Size", "Rss", "AnonHugePages"):
            cur[key] = int(rest.split()[0])
        if key == "AnonHugePages" and cur.get("Size", 0) >= memory_mib * 1024:
            found = found or {"Size": 0, "Rss": 0, "AnonHugePages": 0}
            for k in found:
                found[k] += cur.get(k, 0)
    return found


def top_mappings(pid: int, n: int = 6) -> list[dict[str, Any]]:
    """QEMU's n mappings with the largest Rss (size and Rss in MiB, permissions, name), to show where RSS is."""
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return []
    maps: list[dict[str, Any]] = []
    for line in text.splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            parts = line.split(maxsplit=5)
            maps.append({"perms": parts[1], "name": parts[5] if len(parts) > 5 else "[anon]"})
        elif line.startswith(("Size:", "Rss:")) and maps:
            maps[-1][line.split(":")[0].lower() + "_mib"] = round(int(line.split()[1]) / 1024, 1)
    return sorted(maps, key=lambda m: m.get("rss_mib", 0), reverse=True)[:n]


def mem_sample(pid: int, memory_mib: int) -> dict[str, Any]:
    s = proc_status(pid)
    vma = guest_ram_vma(pid, memory_mib)
    return {
        "vmrss_kib": s.get("VmRSS"),
        "vmhwm_kib": s.get("VmHWM"),
        "rss_anon_kib": s.get("RssAnon"),
        "rss_file_kib": s.get("RssFile"),
        "rss_shmem_kib": s.get("RssShmem"),
        "guest_ram_vma_rss_kib": vma["Rss"] if vma else None,
        "guest_ram_vma_anon_huge_kib": vma["AnonHugePages"] if vma else None,
    }


class Qmp:
    """The few QMP commands needed: wait for QEMU to be up, ask its status, quit."""

    def __init__(self, path: Path, deadline: float, proc: subprocess.Popen) -> None:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"QEMU exited with {proc.returncode} before QMP answered")
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() > deadline:
                    raise TimeoutError("QMP socket never answered") from None
                time.sleep(0.005)
        self.file = self.sock.makefile("rwb")
        self.greeting = json.loads(self.file.readline())
        self.cmd("qmp_capabilities")

    def cmd(self, name: str) -> Any:
        self.file.write(json.dumps({"execute": name}).encode() + b"\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if not line:
                return None
            msg = json.loads(line)
            if "return" in msg or "error" in msg:
                return msg

    def close(self) -> None:
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass


def baseline_run(cmd: list[str], qmp_path: Path, thp: str, settle_s: float, memory_mib: int) -> dict[str, Any]:
    """The same command line with -S: QEMU sets the VM up (RAM mapped, kernel and initrd loaded into fw_cfg)
    but no vCPU ever runs. Returns its RSS after it has settled, and how long QEMU took to answer QMP."""
    qmp_path.unlink(missing_ok=True)
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [*cmd, "-S"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=thp_preexec(thp),
    )
    try:
        qmp = Qmp(qmp_path, t0 + 60, proc)
        t_qmp = time.monotonic() - t0
        status = qmp.cmd("query-status")
        time.sleep(settle_s)
        sample = mem_sample(proc.pid, memory_mib)
        sample["top_mappings"] = top_mappings(proc.pid)
        status_after = qmp.cmd("query-status")
        qmp.cmd("quit")
        qmp.close()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    running = [s.get("return", {}).get("running") for s in (status, status_after) if s]
    if any(running):
        raise RuntimeError(f"baseline guest was running: {running}")
    return {"qmp_ready_s": round(t_qmp, 4), "status": status["return"]["status"], "stderr": err.strip(), **sample}


def kvm_modules() -> list[str]:
    return sorted(m for m in ("kvm_intel", "kvm_amd", "kvm_pvm") if Path(f"/sys/module/{m}").exists())


def probe_accel(image: dict[str, Any], args: argparse.Namespace, rundir: Path) -> tuple[str, str]:
    """KVM if QEMU accepts it *and* the guest kernel gets going under it, else TCG with a loud warning.

    Two steps: QEMU must set a VM up with -enable-kvm (-S run), and a real boot must print the first kernel
    message within --kvm-probe-seconds. The second step matters where /dev/kvm is not hardware-assisted
    nesting: the PVM module (kvm_pvm) also gives a working /dev/kvm, but runs a stock distribution kernel
    (not built as a PVM guest) at a crawl."""
    if args.accel == "tcg":
        warn_loud("--accel tcg given: software emulation; the timings mean nothing for a real KVM host")
        return "tcg", "--accel tcg given"
    qmp_path = rundir / "qmp.sock"
    cmd = qemu_command(image, args, "kvm", qmp_path, 0)
    why = ""
    try:
        baseline_run(cmd, qmp_path, "host", 0.1, args.memory_mib)
        log(f"KVM: QEMU sets a VM up with -enable-kvm; checking that the guest kernel runs "
            f"(first kernel message within {args.kvm_probe_seconds:.0f} s)")
        probe = boot_run(cmd, qmp_path, "host", rundir / "kvm-probe.serial.log", args.kvm_probe_seconds,
                         args.memory_mib, stop_at="first_kernel_msg")
        t = probe["events_s"].get("first_kernel_msg")
        if t is not None:
            log(f"KVM works: first kernel message after {t:.2f} s")
            return "kvm", f"first kernel message after {t:.2f} s in the probe boot"
        why = (f"QEMU started the VM with KVM, but the guest kernel printed nothing within "
               f"{args.kvm_probe_seconds:.0f} s (serial log: {rundir / 'kvm-probe.serial.log'})")
    except Exception as exc:  # noqa: BLE001 - any failure means we cannot use KVM
        why = f"QEMU could not use KVM: {exc}"
    mods = kvm_modules()
    if "kvm_pvm" in mods:
        why += (". This host's /dev/kvm comes from the kvm_pvm module (PVM, pagetable-based virtual machine, "
                "no VMX/SVM), which runs only PVM-enabled guest kernels at native speed, not the stock Debian kernel")
    if args.accel == "kvm":
        sys.exit(f"KVM requested but unusable: {why}")
    warn_loud(
        f"KVM is not usable here: {why}.\n!!! FALLING BACK TO TCG (QEMU's software emulation). Boot times will be many "
        "times slower than\n!!! under KVM and are NOT representative of a KVM host; QEMU's RSS also includes TCG's "
        "translated-code cache.\n!!! The JSON records accelerator=tcg."
    )
    return "tcg", why


def parse_duration(text: str) -> float | None:
    """systemd's time spans: '1min 2.345s', '785ms', '4.010s', '12us'."""
    units = {"h": 3600.0, "min": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6}
    total, found = 0.0, False
    for num, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(h|min|ms|us|µs|s)\b", text):
        total += float(num) * units[unit]
        found = True
    return round(total, 4) if found else None


def parse_report(lines: list[str]) -> dict[str, Any]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("== "):
            current = line[3:].strip()
            sections[current] = []
        elif current:
            sections[current].append(line)
    meminfo = {}
    for line in sections.get("meminfo", []):
        m = re.match(r"^(\w+(?:\(\w+\))?):\s+(\d+)", line)
        if m:
            meminfo[m.group(1)] = int(m.group(2))
    analyze_text = "\n".join(sections.get("systemd-analyze", []))
    spans = {}
    m = re.search(r"Startup finished in (.*?)=", analyze_text)
    if m:
        for part in m.group(1).split("+"):
            pm = re.match(r"\s*(.*?)\s*\((\w+)\)\s*$", part)
            if pm:
                spans[pm.group(2)] = parse_duration(pm.group(1))
    m = re.search(r"=\s*(.+)$", analyze_text.splitlines()[0] if analyze_text else "")
    total = parse_duration(m.group(1)) if m else None
    m = re.search(r"(\S+\.target) reached after (.+?) in userspace", analyze_text)
    uptime = sections.get("uptime", ["nan"])[0].split()[0]
    return {
        "meminfo_kib": meminfo,
        "systemd_analyze": analyze_text,
        "kernel_s": spans.get("kernel"),
        "initrd_s": spans.get("initrd"),
        "userspace_s": spans.get("userspace"),
        "startup_total_s": total,
        "default_target": m.group(1) if m else None,
        "default_target_reached_userspace_s": parse_duration(m.group(2)) if m else None,
        "uptime_s": float(uptime),
        "guest_kernel": (sections.get("uname") or [""])[0].strip(),
        "blame_top": [x.strip() for x in sections.get("blame", [])],
        "running_services": [x.split()[0] for x in sections.get("units", []) if x.strip()],
        "failed_units": [x.split()[0] for x in sections.get("failed", []) if x.strip()],
    }


def boot_run(
    cmd: list[str], qmp_path: Path, thp: str, log_path: Path, timeout: float, memory_mib: int,
    stop_at: str | None = None,
) -> dict[str, Any]:
    """Boot the guest, watch its serial console, sample QEMU's memory; return the timeline and samples."""
    qmp_path.unlink(missing_ok=True)
    stderr_file = open(log_path.with_suffix(".stderr"), "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr_file, preexec_fn=thp_preexec(thp)
    )
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    events: dict[str, float] = {}
    samples: dict[str, dict[str, Any]] = {}
    timeline: list[list[float]] = []
    report: list[str] = []
    kernel_zero = None
    buf = b""
    next_sample = 0.0
    timed_out = False

    printk: dict[str, float] = {}  # guest kernel timestamps of boot milestones

    with open(log_path, "w", buffering=1) as raw:

        def handle(line: str, t: float) -> None:
            nonlocal kernel_zero
            clean = ANSI.sub("", line).replace("\r", "")
            raw.write(f"{t:10.4f} {clean}\n")
            if "first_byte" not in events:
                events["first_byte"] = t
            m = KERNEL_TS.match(clean)
            if m:
                ts = float(m.group(1))
                if ts > 0:  # at 0.000000 the kernel's clock is not running yet
                    kernel_zero = t - ts if kernel_zero is None else min(kernel_zero, t - ts)
                if "Run /init as init process" in clean:
                    printk.setdefault("run_init", ts)
                if re.search(r"Run /sbin/init|systemd\[1\]: systemd \d+", clean):
                    printk.setdefault("systemd_start", ts)
            if "kernel_setup_msg" not in events and KERNEL_SETUP.search(clean):
                events["kernel_setup_msg"] = t
            if "first_kernel_msg" not in events and re.search(r"Linux version \d", clean):
                events["first_kernel_msg"] = t
            if "multi_user" not in events and MULTI_USER.search(clean):
                events["multi_user"] = t
                samples["multi_user"] = mem_sample(proc.pid, memory_mib)
            if "GUESTVM-" in clean:
                name = clean.split("GUESTVM-", 1)[1].split()[0].lower().replace("-", "_")
                events.setdefault("marker_" + name, t)
                if name in ("idle_end", "report_end"):
                    samples[name] = mem_sample(proc.pid, memory_mib)
                if name == "report_end":
                    samples[name]["top_mappings"] = top_mappings(proc.pid)
            if clean.startswith("GVM|"):
                report.append(clean[4:])

        while True:
            now = time.monotonic() - t0
            if now >= next_sample:
                s = proc_status(proc.pid)
                if s.get("VmRSS"):
                    timeline.append([round(now, 2), round(s["VmRSS"] / 1024, 1)])
                next_sample = now + 0.5
            if stop_at and stop_at in events:
                proc.kill()
                break
            if now > timeout:
                timed_out = True
                proc.kill()
                break
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            t = time.monotonic() - t0
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                handle(line.decode(errors="replace"), t)
        if buf:
            handle(buf.decode(errors="replace"), time.monotonic() - t0)
        proc.wait()
        events["qemu_exit"] = time.monotonic() - t0
    stderr_file.close()
    if stop_at:
        return {"events_s": {k: round(v, 4) for k, v in events.items()}, "timed_out": timed_out}
    if timed_out:
        raise RuntimeError(f"guest did not power off within {timeout:.0f} s; see {log_path}")
    if "report_end" not in samples:
        raise RuntimeError(f"guest never printed its report (QEMU exit {proc.returncode}); see {log_path}")
    return {
        "events_s": {k: round(v, 4) for k, v in events.items()},
        "kernel_zero_est_s": round(kernel_zero, 4) if kernel_zero is not None else None,
        "printk_s": printk,
        "samples": samples,
        "rss_timeline_mib": timeline,
        "report": parse_report(report),
        "qemu_returncode": proc.returncode,
        "serial_log": str(log_path),
    }


# --------------------------------------------------------------------------------------------------
# 4. Putting a run together, summarising
# --------------------------------------------------------------------------------------------------


def mib(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def one_run(n: int, image: dict[str, Any], args: argparse.Namespace, accel: str, thp: str, rundir: Path) -> dict:
    qmp_path = rundir / "qmp.sock"
    cmd = qemu_command(image, args, accel, qmp_path, args.idle_seconds)
    log(f"run {n} (THP {thp}): baseline, same command line with -S")
    base = baseline_run(cmd, qmp_path, thp, args.settle_seconds, args.memory_mib)
    log(f"run {n} (THP {thp}): booting; idle {args.idle_seconds} s after multi-user.target")
    boot = boot_run(cmd, qmp_path, thp, rundir / f"run{n}-thp-{thp}.serial.log", args.timeout, args.memory_mib)
    ev, rep, mi, pk = boot["events_s"], boot["report"], boot["report"]["meminfo_kib"], boot["printk_s"]
    final = boot["samples"]["report_end"]
    res = {
        "run": n,
        "thp": thp,
        "guest_ram_mib": args.memory_mib,
        "qemu_rss_after_idle_mib": mib(final["vmrss_kib"]),
        "qemu_rss_baseline_S_mib": mib(base["vmrss_kib"]),
        "guest_touched_mib": mib(final["vmrss_kib"] - base["vmrss_kib"]),
        "guest_ram_vma_rss_mib": mib(final["guest_ram_vma_rss_kib"]),
        "guest_ram_vma_anon_huge_mib": mib(final["guest_ram_vma_anon_huge_kib"]),
        "guest_ram_vma_rss_baseline_S_mib": mib(base["guest_ram_vma_rss_kib"]),
        "qemu_growth_outside_guest_ram_mib": (
            mib(final["vmrss_kib"] - base["vmrss_kib"] - final["guest_ram_vma_rss_kib"] + base["guest_ram_vma_rss_kib"])
            if final["guest_ram_vma_rss_kib"] is not None and base["guest_ram_vma_rss_kib"] is not None else None
        ),
        "qemu_rss_at_multi_user_mib": mib(boot["samples"].get("multi_user", {}).get("vmrss_kib")),
        "qemu_rss_at_idle_end_mib": mib(boot["samples"].get("idle_end", {}).get("vmrss_kib")),
        "qemu_peak_rss_vmhwm_mib": mib(final["vmhwm_kib"]),
        "guest_memtotal_mib": mib(mi.get("MemTotal")),
        "guest_memfree_mib": mib(mi.get("MemFree")),
        "guest_memavailable_mib": mib(mi.get("MemAvailable")),
        "guest_buffers_mib": mib(mi.get("Buffers")),
        "guest_cached_mib": mib(mi.get("Cached")),
        "guest_used_mib": mib(mi["MemTotal"] - mi["MemAvailable"]) if "MemAvailable" in mi else None,
        "guest_not_free_mib": mib(mi["MemTotal"] - mi["MemFree"]) if "MemFree" in mi else None,
        "guest_ram_not_in_memtotal_mib": round(args.memory_mib - mi["MemTotal"] / 1024, 1) if mi else None,
        "analyze_kernel_s": rep["kernel_s"],
        "analyze_initrd_s": rep["initrd_s"],
        "analyze_userspace_s": rep["userspace_s"],
        "analyze_total_s": rep["startup_total_s"],
        "printk_kernel_to_run_init_s": pk.get("run_init"),
        "printk_initramfs_s": (
            round(pk["systemd_start"] - pk["run_init"], 4) if "run_init" in pk and "systemd_start" in pk else None
        ),
        "host_launch_to_first_kernel_msg_s": ev.get("first_kernel_msg"),
        "host_launch_to_printk_clock_zero_est_s": boot["kernel_zero_est_s"],
        "host_launch_to_multi_user_s": ev.get("multi_user"),
        "host_first_kernel_msg_to_multi_user_s": (
            round(ev["multi_user"] - ev["first_kernel_msg"], 4) if "multi_user" in ev and "first_kernel_msg" in ev
            else None
        ),
        "host_launch_to_first_serial_byte_s": ev.get("first_byte"),
        "host_launch_to_kernel_setup_msg_s": ev.get("kernel_setup_msg"),
        "vmm_qmp_ready_s_in_baseline": base["qmp_ready_s"],
        "guest_uptime_at_report_s": rep["uptime_s"],
        "guest_kernel": rep["guest_kernel"],
        "detail": {"baseline": base, "boot": boot},
    }
    return res


SUMMARY_KEYS = [  # (key, label, unit)
    ("guest_ram_mib", "guest RAM (-m)", "MiB"),
    ("qemu_rss_after_idle_mib", "QEMU VmRSS after idle, just before poweroff", "MiB"),
    ("qemu_rss_baseline_S_mib", "QEMU VmRSS, same command line with -S (baseline)", "MiB"),
    ("guest_touched_mib", "difference: VmRSS after idle - baseline", "MiB"),
    ("guest_ram_vma_rss_mib", "  of which guest-RAM mapping (smaps Rss)", "MiB"),
    ("guest_ram_vma_anon_huge_mib", "    of that, in transparent huge pages", "MiB"),
    ("qemu_growth_outside_guest_ram_mib", "  of which QEMU outside guest RAM (TCG code cache...)", "MiB"),
    ("guest_ram_vma_rss_baseline_S_mib", "guest-RAM mapping Rss in the -S baseline", "MiB"),
    ("qemu_rss_at_multi_user_mib", "QEMU VmRSS when multi-user.target reached", "MiB"),
    ("qemu_peak_rss_vmhwm_mib", "QEMU peak RSS (VmHWM)", "MiB"),
    ("guest_memtotal_mib", "guest MemTotal", "MiB"),
    ("guest_memfree_mib", "guest MemFree", "MiB"),
    ("guest_memavailable_mib", "guest MemAvailable", "MiB"),
    ("guest_buffers_mib", "guest Buffers", "MiB"),
    ("guest_cached_mib", "guest Cached", "MiB"),
    ("guest_used_mib", "guest used = MemTotal - MemAvailable", "MiB"),
    ("guest_not_free_mib", "guest MemTotal - MemFree", "MiB"),
    ("guest_ram_not_in_memtotal_mib", "guest RAM - MemTotal (kernel image, memmap, reserved)", "MiB"),
    ("vmm_qmp_ready_s_in_baseline", "host: launch -> QEMU answers QMP (-S run)", "s"),
    ("host_launch_to_kernel_setup_msg_s", "host: launch -> kernel setup code prints (after BIOS)", "s"),
    ("host_launch_to_first_kernel_msg_s", "host: launch -> first kernel message 'Linux version'", "s"),
    ("analyze_kernel_s", "guest systemd-analyze: kernel (incl. initramfs-tools)", "s"),
    ("printk_kernel_to_run_init_s", "  guest printk: kernel start -> 'Run /init'", "s"),
    ("printk_initramfs_s", "  guest printk: 'Run /init' -> systemd starts", "s"),
    ("analyze_initrd_s", "guest systemd-analyze: initrd (only if initrd runs systemd)", "s"),
    ("analyze_userspace_s", "guest systemd-analyze: userspace", "s"),
    ("analyze_total_s", "guest systemd-analyze: total", "s"),
    ("host_first_kernel_msg_to_multi_user_s", "host: first kernel message -> multi-user.target", "s"),
    ("host_launch_to_multi_user_s", "host: launch -> multi-user.target reached", "s"),
]


def summarise(runs: list[dict]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, label, unit in SUMMARY_KEYS:
        vals = [r[key] for r in runs if r.get(key) is not None]
        if vals:
            out[key] = {
                "label": label, "unit": unit, "n": len(vals),
                "median": round(statistics.median(vals), 4), "min": min(vals), "max": max(vals), "values": vals,
            }
    return out


def print_table(runs: list[dict], summary: dict[str, dict[str, Any]], title: str) -> None:
    print(f"\n{title}")
    heads = [f"run {r['run']}" for r in runs]
    w = 56
    print(f"{'quantity':<{w}} {'unit':>4} " + " ".join(f"{h:>9}" for h in heads) + f" {'median':>9} {'min..max':>17}")
    print("-" * (w + 6 + 10 * len(heads) + 28))
    for key, label, unit in SUMMARY_KEYS:
        if key not in summary:
            continue
        s = summary[key]
        fmt = (lambda v: f"{v:9.1f}") if unit == "MiB" else (lambda v: f"{v:9.3f}")
        cells = " ".join(fmt(r[key]) if r.get(key) is not None else f"{'-':>9}" for r in runs)
        rng = f"{fmt(s['min']).strip()}..{fmt(s['max']).strip()}"
        print(f"{label:<{w}} {unit:>4} {cells} {fmt(s['median'])} {rng:>17}")


def host_info() -> dict[str, Any]:
    def read(p: str) -> str | None:
        try:
            return Path(p).read_text().strip()
        except OSError:
            return None

    cpuinfo = read("/proc/cpuinfo") or ""
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    virt = subprocess.run(["systemd-detect-virt"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("systemd-detect-virt") else None
    return {
        "kernel": platform.release(),
        "cpu_model": model.group(1) if model else None,
        "cpus": os.cpu_count(),
        "host_is_itself_a_vm": " hypervisor" in cpuinfo,
        "systemd_detect_virt": virt,
        "kvm_nested_param": read("/sys/module/kvm_intel/parameters/nested")
        or read("/sys/module/kvm_amd/parameters/nested"),
        "kvm_modules": kvm_modules(),
        "transparent_hugepage": read("/sys/kernel/mm/transparent_hugepage/enabled"),
        "thp_defrag": read("/sys/kernel/mm/transparent_hugepage/defrag"),
        "khugepaged_max_ptes_none": read("/sys/kernel/mm/transparent_hugepage/khugepaged/max_ptes_none"),
        "ksm_run": read("/sys/kernel/mm/ksm/run"),
        "mem_total_kib": int(re.search(r"MemTotal:\s+(\d+)", read("/proc/meminfo") or "MemTotal: 0").group(1)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.rsplit("\nUsage:", 1)[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(
            """
            Steps: install missing tools (apt-get) -> debootstrap + mkfs.ext4 (cached in --workdir) -> check
            that KVM really runs the guest (else TCG, loudly) -> one warm-up boot -> for each repeat and THP
            mode: QEMU with -S (baseline RSS), then a full boot that idles and reports -> table + JSON.
            Run as root. A first run needs a Debian mirror and a few minutes to build the image; later
            runs reuse it. Each measured boot takes about idle time + boot time (TCG: ~45 s) + ~15 s.

            Example (what the course quotes):
              sudo python3 benchmarks/guest_vm.py --repeat 3
            """
        ),
    )
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/guest_vm"),
                    help="where the root file system, disk image and serial logs live (default /tmp/guest_vm)")
    ap.add_argument("--memory-mib", type=int, default=2048, help="guest RAM in MiB (default 2048)")
    ap.add_argument("--idle-seconds", type=int, default=60,
                    help="how long the guest idles after the boot finished before it reports (default 60)")
    ap.add_argument("--repeat", type=int, default=3, help="measured boots (default 3); the median is reported")
    ap.add_argument("--warmup", type=int, default=1,
                    help="unmeasured boots first (idle 0) to warm the host's page cache (default 1)")
    ap.add_argument("--thp", choices=["host", "off", "both"], default="both",
                    help="transparent huge pages for QEMU: 'host' = as the host is configured (QEMU asks for them "
                         "with madvise), 'off' = disabled for the QEMU process with prctl(PR_SET_THP_DISABLE), so "
                         "guest RAM is backed in 4 KiB pages; 'both' (default) = each repeat runs both")
    ap.add_argument("--accel", choices=["auto", "kvm", "tcg"], default="auto",
                    help="auto (default): KVM, or TCG with a loud warning if KVM does not work")
    ap.add_argument("--kvm-probe-seconds", type=float, default=60.0,
                    help="KVM counts as working only if the guest kernel prints within this time (default 60)")
    ap.add_argument("--extra-cmdline", default="", help="extra guest kernel command line words (e.g. 'quiet')")
    ap.add_argument("--disk-mib", type=int, default=4096, help="size of the raw ext4 image (sparse; default 4096)")
    ap.add_argument("--mirror", default=DEFAULT_MIRROR,
                    help=f"Debian mirror for debootstrap (default {DEFAULT_MIRROR})")
    ap.add_argument("--settle-seconds", type=float, default=2.0,
                    help="how long the -S baseline QEMU runs before its RSS is read (default 2)")
    ap.add_argument("--timeout", type=float, default=900.0, help="give up on a boot after this many seconds")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the root file system and image even if cached")
    ap.add_argument("--build-only", action="store_true", help="only install tools and build the image")
    ap.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the JSON (default {DEFAULT_JSON})")
    args = ap.parse_args()

    if sys.platform != "linux":
        sys.exit("Linux only (KVM, /proc)")
    if os.geteuid() != 0:
        sys.exit("run as root: apt-get, debootstrap and /dev/kvm need it")
    started = dt.datetime.now(dt.UTC)
    ensure_tools()
    args.workdir.mkdir(parents=True, exist_ok=True)
    image = build_image(args.workdir, args.mirror, args.disk_mib, args.rebuild)
    log(f"image: {image['os']} ({image['debian_version']}), kernel {image['guest_kernel_package_version']}, "
        f"{image['packages_installed']} packages, rootfs {image['rootfs_mib']:.0f} MiB, "
        f"initrd {image['initrd_mib']} MiB")
    if args.build_only:
        return

    rundir = args.workdir / "runs" / started.strftime("%Y%m%dT%H%M%SZ")
    rundir.mkdir(parents=True)
    accel, accel_note = probe_accel(image, args, rundir)
    version = qemu_version()
    log(f"{version}; accelerator {accel}")
    for i in range(args.warmup):
        log(f"warm-up boot {i + 1}/{args.warmup} (not measured)")
        cmd = qemu_command(image, args, accel, rundir / "qmp.sock", 0)
        boot_run(cmd, rundir / "qmp.sock", "host", rundir / f"warmup{i + 1}.serial.log", args.timeout, args.memory_mib)

    modes = ["host", "off"] if args.thp == "both" else [args.thp]
    runs: dict[str, list[dict]] = {m: [] for m in modes}
    for n in range(1, args.repeat + 1):
        for mode in modes:
            r = one_run(n, image, args, accel, mode, rundir)
            runs[mode].append(r)
            log(f"run {n} (THP {mode}): QEMU RSS {r['qemu_rss_after_idle_mib']} MiB - baseline "
                f"{r['qemu_rss_baseline_S_mib']} MiB = {r['guest_touched_mib']} MiB, of which guest-RAM mapping "
                f"{r['guest_ram_vma_rss_mib']} MiB; guest used {r['guest_used_mib']} MiB; "
                f"multi-user after {r['host_launch_to_multi_user_s']} s")

    summaries = {m: summarise(rs) for m, rs in runs.items()}
    for m in modes:
        print_table(runs[m], summaries[m], f"== accelerator {accel}, THP {m}, {args.memory_mib} MiB guest, "
                    f"idle {args.idle_seconds} s, {len(runs[m])} runs ==")

    result = {
        "what": "guest_vm.py: memory an idle Debian 12 server guest touches, and its start-up time split",
        "date": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python3 benchmarks/guest_vm.py " + " ".join(sys.argv[1:]),
        "config": {
            "memory_mib": args.memory_mib, "idle_seconds": args.idle_seconds, "repeat": args.repeat,
            "warmup": args.warmup, "thp_modes": modes, "settle_seconds_baseline": args.settle_seconds,
            "vcpus": 1, "machine": "q35", "extra_cmdline": args.extra_cmdline,
        },
        "accelerator": accel,
        "accelerator_note": accel_note,
        "qemu_version": version,
        "qemu_command": qemu_command(image, args, accel, Path("<qmp.sock>"), args.idle_seconds),
        "guest_kernel": next((r["guest_kernel"] for rs in runs.values() for r in rs), None),
        "image": image,
        "host": host_info(),
        "summary": summaries,
        "runs": runs,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    log(f"wrote {args.json}; serial logs in {rundir}")


if __name__ == "__main__":
    main()
