"""A bilingual glossary: English term, the Korean term used in Korean IT
writing, and a one-line definition.

The course grew from Korean study notes, so every lesson ends with its key
terms in both languages: ``glossary(["hypervisor", "container"])``. The
definitions are written in English and kept in the message catalogue, so the
table shows them in the current language (:func:`vizlib.set_language`); in
Korean the Korean term comes first, then the English one.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable
from dataclasses import dataclass

from vizlib.text.catalog import LANGUAGES, N_, NP_, get_language, t, tp
from vizlib.text.fmt import columns

__all__ = ["COINED_MARK", "Term", "Glossary", "TERMS", "TOPICS", "TOPIC_NAMES", "glossary", "topic_name"]

TOPICS = ("basics", "virtualization", "containers", "isolation", "resources", "cloud")
"""Topics a term belongs to, roughly in course order (keys: ``glossary(topic="cloud")``)."""

TOPIC_NAMES = {
    "basics": NP_("glossary topic", "basics"),
    "virtualization": NP_("glossary topic", "virtualization"),
    "containers": NP_("glossary topic", "containers"),
    "isolation": NP_("glossary topic", "isolation"),
    "resources": NP_("glossary topic", "resources"),
    "cloud": NP_("glossary topic", "cloud"),
}
"""Each topic's name as a learner reads it, in English; :func:`topic_name` gives it in the current language."""


def topic_name(topic: str) -> str:
    """The name of ``topic`` (one of :data:`TOPICS`) in the current language.

    Examples
    --------
    >>> topic_name("containers")
    'containers'
    """
    if topic not in TOPIC_NAMES:
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(repr(k) for k in TOPICS)}")
    return tp("glossary topic", TOPIC_NAMES[topic])


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    ``definition`` is the English definition, which is also its message id in
    the catalogue: :meth:`meaning` gives it in the current language.
    ``aliases`` are other spellings a learner may type (both languages);
    ``coined`` says which of the two terms is the course's own coinage rather
    than a standard term: ``""`` (neither), ``"en"``, ``"ko"`` or ``"both"``.
    """

    english: str
    korean: str
    definition: str
    topic: str
    aliases: tuple[str, ...] = ()
    coined: str = ""

    def meaning(self) -> str:
        """The definition in the current language.

        Examples
        --------
        >>> glossary(["process"])[0].meaning()
        'A running program, with its own memory, managed by the kernel.'
        """
        return t(self.definition)


def _t(english: str, korean: str, definition: str, topic: str, *aliases: str, coined: str = "") -> Term:
    return Term(english, korean, definition, topic, tuple(aliases), coined)


TERMS: tuple[Term, ...] = (
    # basics
    _t("operating system", "운영체제", N_("Software that manages the hardware and runs programs for them "
       "(Linux, Windows)."), "basics"),
    _t("kernel", "커널", N_("The core of an OS: it runs in the most privileged mode (in a hardware-assisted VM, guest "
       "mode's highest level) and manages CPU, memory and devices for programs."), "basics"),
    _t("process", "프로세스", N_("A running program, with its own memory, managed by the kernel."), "basics"),
    _t("system call", "시스템 호출", N_("A request a program makes to the kernel, such as opening a file or sending "
       "data."), "basics", "시스템 콜", "syscall"),
    _t("user space", "사용자 공간", N_("Where ordinary programs run: on the CPU directly, but without access to "
       "devices or the machine's settings."), "basics"),
    _t("kernel space", "커널 공간", N_("Where the kernel runs, with full access to the hardware."), "basics"),
    _t("privileged instruction", "특권 명령", N_("A CPU instruction only the kernel (or a hypervisor) may execute; "
       "from user space it traps."), "basics"),
    _t("bare metal", "베어메탈", N_("A physical server with no virtualization layer beneath its software."), "basics",
       "bare-metal"),
    _t("host", "호스트", N_("The physical machine (or its operating system) that runs virtual machines or containers."),
       "basics"),
    _t("CPU core", "CPU 코어", N_("One independent processing unit of a processor. The model's \"cores\" are the CPUs "
       "a host's OS sees: hardware threads on SMT machines."), "basics"),
    _t("hardware thread", "하드웨어 스레드", N_("One of the instruction streams a core runs at once with SMT "
       "(Hyper-Threading); the OS sees each as a CPU, and clouds sell each as a vCPU."), "basics", "SMT",
       "hyper-threading", "logical CPU", "논리 CPU"),
    # virtualization
    _t("virtualization", "가상화", N_("An abstraction layer over the hardware that presents copies of a machine's own "
       "interface (several virtual ones from one physical resource, or one from many)."), "virtualization"),
    _t("abstraction", "추상화", N_("Hiding how something works behind a simpler interface, such as a file instead of "
       "disk blocks."), "basics"),
    _t("abstraction layer", "추상화 계층", N_("A layer of software that hides the one below it behind an interface; a "
       "hypervisor is one over the hardware that keeps the hardware's own interface."), "virtualization"),
    _t("hypervisor", "하이퍼바이저", N_("Software that creates and runs virtual machines and shares the hardware among "
       "them; also called a virtual machine monitor."), "virtualization"),
    _t("virtual machine monitor", "가상 머신 모니터", N_("Another name for a hypervisor (VMM), or for the part of it "
       "that emulates one machine."), "virtualization"),
    _t("type 1 hypervisor", "타입 1 하이퍼바이저", N_("A hypervisor that runs directly on the hardware (ESXi, Xen, "
       "Hyper-V; KVM as Red Hat and Silberschatz class it); also called bare-metal."), "virtualization", "베어메탈형",
       "베어메탈 하이퍼바이저", "bare-metal hypervisor", "native hypervisor"),
    _t("type 2 hypervisor", "타입 2 하이퍼바이저", N_("A hypervisor that runs as an application on a host operating "
       "system (VirtualBox, VMware Workstation)."), "virtualization", "호스트형", "호스트형 하이퍼바이저",
       "hosted hypervisor"),
    _t("virtual machine", "가상 머신", N_("A software computer with virtual CPUs, memory and disks, running its own "
       "operating system."), "virtualization", "VM"),
    _t("guest OS", "게스트 OS", N_("The operating system running inside a virtual machine."), "virtualization",
       "게스트 운영체제", "guest operating system"),
    _t("trap and emulate", "트랩 후 에뮬레이션", N_("How a hypervisor stays in control: a guest's privileged "
       "instruction traps to the hypervisor, which carries out its effect on the virtual machine instead."),
       "virtualization", "trap-and-emulate", "트랩 앤 에뮬레이트", "트랩-에뮬레이트"),
    _t("stranded capacity", "유휴 할당 자원", N_("Here: reserved but unused (slack). In research papers: free capacity "
       "nobody can use because another resource ran out."), "resources", "stranded", "slack", coined="both"),
    _t("sizing floor", "최소 요구 사양", N_("The least memory or disk a vendor says an operating system needs: what "
       "must be reserved for it, not what it uses."), "resources", "minimum requirements", coined="en"),
    _t("admission control", "승인 제어", N_("Admitting a new VM or task only if the reservations still fit (a "
       "general term, also used in real-time scheduling); not Kubernetes' admission controllers."),
       "resources", "수락 제어"),
    _t("resource control", "자원 제어", N_("Popek and Goldberg's requirement that a running guest cannot take "
       "resources it was not given."), "virtualization"),
    _t("reservation", "예약", N_("What is set aside for a VM or container, used or not: what admission control counts "
       "and a cloud bills (the reserved view, against the used view)."), "resources", "reserved", "reserved view",
       "used view", "예약된 자원"),
    _t("instance shape", "인스턴스 유형", N_("A cloud VM size: N vCPUs and M GiB of memory, reserved for the customer "
       "(Google's n2-standard-4: 4 vCPUs, 16 GB)."), "cloud", "machine type", "instance type", "머신 유형"),
    _t("resource allocation", "자원 할당", N_("Giving each VM or container its share of CPU, memory and disk."),
       "resources", "리소스 할당"),
    _t("elasticity", "탄력성", N_("Growing and shrinking the resources given to a workload as demand changes, by "
       "adding or removing instances."), "cloud"),
    _t("host OS", "호스트 OS", N_("The operating system that runs on the physical machine beneath the guests: a "
       "type 2 hypervisor's, KVM's Linux, or the one containers share."), "virtualization", "호스트 운영체제",
       "host operating system"),
    _t("vCPU", "가상 CPU", N_("A virtual CPU given to a virtual machine: a unit the hypervisor schedules on physical "
       "CPUs (in KVM, a host thread); in clouds usually one hardware thread."), "virtualization", "virtual CPU"),
    _t("emulation", "에뮬레이션", N_("Imitating hardware in software, instruction by instruction; slower than "
       "virtualization."), "virtualization"),
    _t("full virtualization", "전가상화", N_("Virtualization in which an unmodified guest OS runs as if on real "
       "hardware."), "virtualization"),
    _t("paravirtualization", "반가상화", N_("Virtualization in which the guest OS is modified to call the hypervisor "
       "directly instead of touching hardware."), "virtualization"),
    _t("hardware-assisted virtualization", "하드웨어 지원 가상화", N_("CPU features (Intel VT-x, AMD-V) that let a "
       "hypervisor run guests directly and get control only on events it chose (VM exits)."), "virtualization"),
    _t("binary translation", "바이너리 변환", N_("Rewriting a guest kernel's sensitive instructions, above all those "
       "that do not trap on the original x86, into safe sequences while it runs."), "virtualization"),
    _t("VM exit", "VM 엑시트", N_("With VT-x or AMD-V: the CPU leaving guest mode for the hypervisor, on events the "
       "hypervisor chose (I/O, a halt) and a few that always exit (CPUID)."), "virtualization",
       "VM 종료", "vmexit"),
    _t("root partition", "루트 파티션", N_("Hyper-V's privileged VM: a Windows beside the guests, on the hypervisor, "
       "that manages them and drives the devices."), "virtualization", "parent partition", "부모 파티션"),
    _t("dom0", "도메인 0", N_("Xen's privileged first VM: a Linux beside the guests, on the hypervisor, that "
       "manages them and drives the devices."), "virtualization", "domain 0"),
    _t("init", "init 프로세스", N_("The first program the kernel starts when it boots (on most Linux systems, "
       "systemd); it starts everything else."), "basics"),
    _t("initramfs", "초기 램 파일 시스템", N_("A small file system the kernel unpacks into memory at boot, with the "
       "drivers and tools needed to find and mount the real root file system."), "basics", "initrd"),
    _t("live migration", "라이브 마이그레이션", N_("Moving a running virtual machine to another host without stopping "
       "it."), "virtualization"),
    _t("snapshot", "스냅샷", N_("A saved copy of a virtual machine's or disk's state at one moment."),
       "virtualization"),
    _t("clone", "복제", N_("A copy of a virtual machine: full (a copy of its disks) or linked (a differencing disk "
       "over a shared, read-only template)."), "virtualization", "linked clone", "연결 복제",
       "연결된 복제", "full clone", "VM 복제"),
    _t("dirty page", "더티 페이지", N_("A memory page written since it was last copied, so a migration must send it "
       "again."), "virtualization", "dirty rate", "dirty memory"),
    _t("pre-copy", "사전 복사", N_("Live migration that copies memory in rounds while the VM runs, then pauses it "
       "briefly to send the last dirty pages (stop-and-copy)."), "virtualization", "stop-and-copy",
       "정지 후 복사", "precopy"),
    _t("downtime", "다운타임", N_("How long a service is unavailable; in live migration, the pause of the final "
       "stop-and-copy."), "virtualization", "중단 시간"),
    _t("checkpoint/restore", "체크포인트/복원", N_("Freezing running processes into files and starting them again "
       "later or elsewhere; CRIU does it for Linux processes and containers."), "containers", "CRIU",
       "checkpoint and restore", "checkpoint"),
    _t("type 0 hypervisor", "타입 0 하이퍼바이저", N_("Virtualization built into the hardware or firmware, which "
       "partitions a machine (IBM LPARs, Oracle LDOMs)."), "virtualization", "partitioning", "LPAR"),
    _t("shadow page table", "섀도 페이지 테이블", N_("A page table the hypervisor keeps in step with a guest's, "
       "mapping guest virtual addresses straight to host memory."), "virtualization", "shadow paging"),
    _t("nested paging", "중첩 페이징", N_("Hardware that walks two page tables, the guest's and the hypervisor's "
       "(Intel EPT, AMD NPT), so no shadow is needed."), "virtualization", "EPT", "NPT", "extended page tables",
       "nested page tables", "two-dimensional paging"),
    _t("page table", "페이지 테이블", N_("The table the CPU follows to turn a program's (virtual) addresses into "
       "physical memory addresses; the kernel sets it up."), "basics", "페이지 표"),
    _t("language virtual machine", "언어 가상 머신", N_("A program that runs an instruction set designed for software "
       "(JVM bytecode, .NET CIL, WebAssembly) rather than a real CPU's."), "virtualization", "process virtual machine",
       "JVM", "WebAssembly", "bytecode VM"),
    _t("dual boot", "듀얼 부팅", N_("Installing two operating systems on one machine and choosing one at start-up; "
       "only one runs at a time, directly on the hardware."), "basics", "멀티 부팅", "dual-boot"),
    _t("noisy neighbour", "시끄러운 이웃", N_("Another tenant on the same host whose load slows yours through shared "
       "cores, caches, memory bandwidth or I/O."), "cloud", "noisy neighbor", "노이지 네이버"),
    # containers
    _t("container", "컨테이너", N_("A group of processes isolated by namespaces and limited by cgroups, sharing the "
       "host's kernel."), "containers"),
    _t("namespace", "네임스페이스", N_("A kernel feature that gives processes their own isolated view of a global "
       "resource (process IDs, network, mounts, host name, users)."), "containers"),
    _t("cgroup", "cgroup", N_("A kernel feature (control group) that groups processes so their use of CPU, memory "
       "and I/O can be limited and measured."), "containers", "컨트롤 그룹", "제어 그룹", "control group", "cgroups",
       "씨그룹"),
    _t("image", "이미지", N_("A read-only template of files and settings from which containers (or VMs) are started."),
       "containers"),
    _t("image layer", "이미지 레이어", N_("One read-only set of file changes; images stack layers and share them."),
       "containers"),
    _t("copy-on-write", "쓰기 시 복사", N_("Sharing data until someone writes to it, then copying just that part."),
       "containers"),
    _t("registry", "레지스트리", N_("A server that stores and distributes container images (Docker Hub)."),
       "containers"),
    _t("container runtime", "컨테이너 런타임", N_("Software that starts and stops containers on a host (containerd, "
       "runc, CRI-O)."), "containers"),
    _t("container engine", "컨테이너 엔진", N_("A tool that builds, fetches and runs containers for users (Docker, "
       "Podman)."), "containers"),
    _t("Dockerfile", "Dockerfile", N_("A text file of steps that builds a container image."), "containers", "도커파일"),
    _t("Docker", "Docker", N_("A tool (2013) that builds, shares and runs container images with one command."),
       "containers", "도커"),
    # isolation
    _t("isolation", "격리", N_("Keeping workloads from seeing or disturbing each other."), "isolation"),
    _t("sandbox", "샌드박스", N_("A restricted environment that runs untrusted code with limited access to the "
       "system."), "isolation"),
    _t("microVM", "마이크로VM", N_("A minimal virtual machine with few devices that boots in a fraction of a second "
       "(Firecracker)."), "isolation"),
    _t("unikernel", "유니커널", N_("An application compiled together with just the OS parts it needs into one small "
       "VM image."), "isolation"),
    _t("user-space kernel", "사용자 공간 커널", N_("A kernel written as an ordinary program that answers a sandbox's "
       "system calls (gVisor)."), "isolation"),
    _t("attack surface", "공격 표면", N_("All the ways an attacker can reach a system; a shared kernel is a large "
       "one."), "isolation"),
    _t("container escape", "컨테이너 탈출", N_("Breaking out of a container to gain control of its host."),
       "isolation"),
    # resources
    _t("overcommit", "오버커밋", N_("Promising more vCPUs or memory than physically exist, betting not all are used at "
       "once."), "resources"),
    _t("overhead", "오버헤드", N_("Resources spent on the platform (guest OS, hypervisor, runtime) rather than on the "
       "apps."), "resources"),
    _t("utilization", "사용률", N_("The share of a resource that is doing useful work."), "resources"),
    _t("resource contention", "자원 경합", N_("Workloads competing for the same CPU, memory or I/O, which slows them "
       "down."), "resources"),
    _t("resource limit", "자원 제한", N_("A cap on a resource a container may use (Kubernetes 'limits'): CPU "
       "beyond it is throttled, memory beyond it gets a process killed."), "resources", "limit", "limits",
       "리소스 제한"),
    _t("resource request", "자원 요청", N_("The amount of a resource reserved for a container (Kubernetes "
       "'requests'); the scheduler places pods by their requests."), "resources", "request",
       "requests", "리소스 요청"),
    _t("requests and limits", "요청과 제한", N_("Kubernetes' two numbers per container: the request is reserved and "
       "counted when placing it, the limit caps what it may use."), "resources", "요청 및 제한"),
    _t("fragmentation", "단편화", N_("Free capacity split into pieces too small to use."), "resources"),
    _t("memory ballooning", "메모리 벌루닝", N_("A hypervisor reclaiming memory from a guest through a driver inside "
       "it."), "resources"),
    _t("latency", "지연 시간", N_("How long one operation takes, such as a network round trip."), "resources"),
    _t("throughput", "처리량", N_("How much work is done per unit of time."), "resources"),
    _t("boot time", "부팅 시간", N_("Time from starting an instance until it can run its service."), "resources"),
    # cloud
    _t("cloud", "클라우드", N_("Computing resources rented on demand over a network from a provider's data centers."),
       "cloud"),
    _t("data center", "데이터 센터", N_("A building full of servers, network and power for running computing at "
       "scale."), "cloud"),
    _t("instance", "인스턴스", N_("One running virtual machine or container, as a cloud counts and bills it."),
       "cloud"),
    _t("workload", "워크로드", N_("The applications and their demand that a system must run."), "cloud"),
    _t("orchestration", "오케스트레이션", N_("Automatically placing, starting, scaling and healing many containers "
       "across machines."), "cloud"),
    _t("Kubernetes", "쿠버네티스", N_("The most widely used container orchestrator."), "cloud"),
    _t("pod", "파드", N_("Kubernetes' smallest unit: one or more containers that share a network and storage."),
       "cloud"),
    _t("node", "노드", N_("One machine (physical or virtual) in a cluster."), "cloud"),
    _t("cluster", "클러스터", N_("A group of machines managed together as one system."), "cloud"),
    _t("scheduling", "스케줄링", N_("Deciding which workload runs where, or when."), "cloud"),
    _t("bin packing", "빈 패킹", N_("Fitting items of different sizes into as few bins (hosts) as possible."), "cloud"),
    _t("multi-tenancy", "멀티테넌시", N_("Several customers sharing the same hardware while kept apart."), "cloud"),
    _t("serverless", "서버리스", N_("Running functions on demand without managing servers; the provider starts "
       "instances as needed."), "cloud"),
)
"""Every term, grouped by topic."""


COINED_MARK = "\u2020"
"""Marks a term that is the course's own coinage."""


def _marked(text: str, coined: bool) -> str:
    return f"{text} {COINED_MARK}" if coined else text



class Glossary(tuple):
    """Rows of :func:`glossary` (a tuple of :class:`Term`) that display as a table.

    The table speaks the current language: definitions come from the catalogue,
    and in Korean the Korean term comes first (하이퍼바이저, then hypervisor).
    """

    def _terms(self) -> list[tuple[str, str]]:
        """Each row's two terms, coinages marked, in reading order: the learner's language first."""
        pairs = [(_marked(term.english, term.coined in ("en", "both")),
                  _marked(term.korean, term.coined in ("ko", "both"))) for term in self]
        return [(ko, en) for en, ko in pairs] if _korean_first() else pairs

    def __repr__(self) -> str:
        if not self:
            return t("(no terms)")
        pairs = self._terms()
        w_first = max(columns(a) for a, _ in pairs)  # Hangul is shown double-width in most terminals
        w_second = max(columns(b) for _, b in pairs)
        lines = [f"{a}{' ' * (w_first - columns(a))}  {b}{' ' * (w_second - columns(b))}  {term.meaning()}"
                 for (a, b), term in zip(pairs, self, strict=True)]
        if any(term.coined for term in self):
            lines.append(_coined_note())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        ko_first = _korean_first()
        th = "<th style='text-align:left'{}>{}</th>"
        td = "<td style='text-align:left;white-space:nowrap'{}>{}</td>"
        en_lang, ko_lang = (" lang='en'", "") if ko_first else ("", " lang='ko'")  # a Korean table is lang='ko'
        heads = [th.format("", tp("glossary column", "English")), th.format(ko_lang, LANGUAGES["ko"])]
        langs = [en_lang, ko_lang]
        if ko_first:
            heads.reverse()
            langs.reverse()
        rows = "".join(
            f"<tr>{td.format(langs[0], f'<b>{e(first)}</b>')}{td.format(langs[1], e(second))}"
            f"<td style='text-align:left'>{e(term.meaning())}</td></tr>"
            for (first, second), term in zip(self._terms(), self, strict=True)
        )
        note = f"<p><small>{_coined_note()}</small></p>" if any(term.coined for term in self) else ""
        table = "<table class='vz-glossary' lang='ko'>" if ko_first else "<table class='vz-glossary'>"
        meaning = th.format("", tp("glossary column", "Meaning"))
        return f"{table}<thead><tr>{''.join(heads)}{meaning}</tr></thead><tbody>{rows}</tbody></table>{note}"


def _korean_first() -> bool:
    """Whether the table puts the Korean term first: when the learner reads Korean."""
    return get_language() == "ko"


def _coined_note() -> str:
    return t("{mark} the course's own term, not yet a standard one", mark=COINED_MARK)


def _key(text: str) -> str:
    """How a typed term is looked up: any letter case, with or without spaces and hyphens."""
    return "".join(ch for ch in text.casefold() if ch not in " -_\u00a0")


_INDEX = {_key(name): term for term in TERMS for name in (term.english, term.korean, *term.aliases)}
_NAMES = {_key(name): name for term in TERMS for name in (term.english, term.korean, *term.aliases)}


def glossary(terms: Iterable[str] | str | None = None, *, topic: str | None = None) -> Glossary:
    """Glossary rows: all of them, a topic, or the named terms in the order given.

    Parameters
    ----------
    terms : list of str, optional
        English or Korean terms, or a common other spelling (가상머신, 시스템 콜,
        제어 그룹, 호스트형 ...); letter case, spaces and hyphens do not matter.
        Unknown terms raise ``ValueError`` with the closest known ones.
    topic : str, optional
        One of :data:`TOPICS`; ignored when ``terms`` is given.

    Examples
    --------
    >>> [term.korean for term in glossary(["virtualization", "hypervisor", "컨테이너"])]
    ['가상화', '하이퍼바이저', '컨테이너']
    >>> "elasticity" in [term.english for term in glossary(topic="cloud")]
    True
    >>> [term.english for term in glossary(["가상머신", "게스트OS", "Trap-And-Emulate"])]
    ['virtual machine', 'guest OS', 'trap and emulate']
    """
    if terms is None:
        if topic is None:
            return Glossary(TERMS)
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}; known: {', '.join(repr(k) for k in TOPICS)}")
        return Glossary(term for term in TERMS if term.topic == topic)
    if isinstance(terms, str):
        terms = [terms]
    out = []
    for i, name in enumerate(terms):
        if not isinstance(name, str):
            raise TypeError(f"terms[{i}] must be a string, got {name!r} ({type(name).__name__})")
        term = _INDEX.get(_key(name))
        if term is None:
            close = difflib.get_close_matches(_key(name), list(_INDEX), n=5, cutoff=0.6)
            names = list(dict.fromkeys(_INDEX[c].english for c in close))[:3]
            hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
            raise ValueError(f"unknown term {name!r} in terms{hint} (see vizlib.glossary() for all terms)")
        out.append(term)
    return Glossary(out)
