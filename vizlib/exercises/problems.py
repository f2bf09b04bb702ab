"""Seeded exercises whose answers come from the model.

In the spirit of the OSTEP homework simulators: :func:`problem` generates a
question from a kind and a seed (the same seed always gives the same
question), :meth:`Problem.answer` computes the answer with the model
(:func:`vizlib.fill_vms`, :class:`vizlib.Hypervisor`, :class:`vizlib.Cluster`
...), :meth:`Problem.check` gives a verdict on a learner's answer and
:meth:`Problem.solution` explains the steps.

This module is pure Python (no widgets). It also holds the answer checking
that :mod:`vizlib.quiz` shares: :class:`Feedback` and :func:`parse_number`,
which reads a typed number without ever evaluating it as code.

Examples
--------
>>> from vizlib.exercises.problems import problem
>>> p = problem("vm_fit", seed=1)
>>> p.check(p.answer()).correct
True
>>> p.text == problem("vm_fit", seed=1).text
True
"""

from __future__ import annotations

import html
import math
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from vizlib.model import validate as v
from vizlib.model.cluster import Cluster, footprint
from vizlib.model.comparison import compare
from vizlib.model.migration import MIB_PER_GBIT, migrate
from vizlib.model.scenario import fill_containers, fill_vms
from vizlib.model.stack import BENEATH_WHAT
from vizlib.model.systems import (
    EPS,
    PRODUCTS,
    App,
    ContainerRuntime,
    Host,
    Hypervisor,
    vcpus_for,
    vm_overhead_gib,
)
from vizlib.model.table import GUEST_OS, IMAGES, MIB, parameters
from vizlib.text.fmt import number

__all__ = ["Feedback", "Problem", "PROBLEM_KINDS", "judge_number", "parse_number", "problem", "problem_kinds"]


# ---------------------------------------------------------------------------
# answer checking (shared with vizlib.quiz)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    Attributes
    ----------
    accepted : bool
        ``False`` when the answer could not be read (for example "abc" where a
        number is expected); such an answer is not recorded or judged.
    correct : bool
        Whether the answer is right (``False`` when not accepted).
    message : str
        Plain-text verdict and explanation; ``str(feedback)`` returns it.
    given, expected : object
        The answer as read, and the right answer (``None`` when not accepted).
    """

    accepted: bool
    correct: bool
    message: str
    given: Any = None
    expected: Any = None

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return feedback_html(self)


def feedback_html(fb: Feedback) -> str:
    if not fb.accepted:
        mark, colour = "?", "#0072B2"
    elif fb.correct:
        mark, colour = "\u2713", "#009E73"
    else:
        mark, colour = "\u2717", "#D55E00"
    lines = [html.escape(line) for line in fb.message.split("\n")]
    return (
        f"<div class='vz-feedback' style='border-left:4px solid {colour};padding:2px 8px;line-height:1.45'>"
        f"<b style='color:{colour}'>{mark}</b> " + "<br>".join(lines) + "</div>"
    )


_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


def parse_number(value: object, unit: str = "") -> float:
    """Read a learner's number: an int/float, or text such as ``"12"``, ``"3.5"``,
    ``"1,000"`` or ``"4 GiB"`` (a trailing ``unit`` is allowed).

    Never evaluates the text. Raises ``ValueError`` with a plain message when
    the value is not a finite number.

    Examples
    --------
    >>> parse_number(" 4.5 GiB ", unit="GiB")
    4.5
    >>> parse_number("2**10")
    Traceback (most recent call last):
    ...
    ValueError: '2**10' is not a number; type digits only, for example 12 or 3.5
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number; type digits only, for example 12 or 3.5")
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        m = _NUMBER.match(value)
        if not m or not m.group(1) or not any(ch.isdigit() for ch in m.group(1)):
            raise ValueError(f"{value.strip()!r} is not a number; type digits only, for example 12 or 3.5")
        rest = m.group(2)
        if rest and not (unit and rest.casefold() == unit.casefold()):
            allowed = f" (or the unit {unit!r})" if unit else ""
            raise ValueError(
                f"{value.strip()!r} is not a number; type digits only{allowed}, for example 12 or 3.5"
            )
        x = float(m.group(1).replace(",", ""))
    else:
        raise ValueError(f"{value!r} is not a number; type digits only, for example 12 or 3.5")
    if not math.isfinite(x):
        raise ValueError(f"{value!r} is not a finite number")
    return x


def text_html(text: str) -> str:
    """Plain text with a "Given:" list (lines starting "- ") as HTML paragraphs and a bullet list."""
    paras, items = [], []
    for line in text.split("\n"):
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.strip():
            paras.append(f"<p style='margin:0.3em 0'>{html.escape(line)}</p>")
    return "".join(paras) + (f"<ul style='margin:0.2em 0'>{''.join(items)}</ul>" if items else "")


def _num(x: float) -> str:
    """A number as a person writes it: 12, 3.5, 0.0023, 1234.5, 12345."""
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    if abs(x) >= 1e4:
        return f"{x:.0f}"
    s = f"{x:.4g}"
    return s if "e" not in s else f"{x:.6f}".rstrip("0").rstrip(".")


def _plural(n: float, word: str) -> str:
    return f"{_num(n)} {word}" if word else _num(n)


def judge_number(
    value: object,
    expected: float,
    *,
    tolerance: float | None = None,
    rel_tolerance: float | None = None,
    unit: str = "",
) -> Feedback:
    """Compare a typed number with ``expected``; the message says how far off it is.

    With neither tolerance given, whole-number answers must match exactly and
    other answers within 1%.
    """
    try:
        x = parse_number(value, unit)
    except ValueError as e:
        return Feedback(False, False, str(e))
    exp = float(expected)
    whole = exp == int(exp) and tolerance is None and rel_tolerance is None
    if tolerance is None and rel_tolerance is None:
        tolerance, rel_tolerance = (0.0, 0.0) if whole else (0.0, 0.01)
    tol = max(tolerance or 0.0, (rel_tolerance or 0.0) * abs(exp), 1e-9)
    shown = int(x) if x == int(x) else x
    ok = abs(x - exp) <= tol + 1e-9 * max(1.0, abs(exp))  # 1.6 - 1.5 is 0.10000000000000009
    if ok:
        return Feedback(True, True, f"Correct: {_plural(exp, unit)}.", shown, expected)
    direction = "too high" if x > exp else "too low"
    within = "" if tol <= 1e-9 else f" (answers within \u00b1{_num(tol)} count)"
    return Feedback(
        True, False,
        f"Not quite: you answered {_plural(x, unit)}, the model says {_plural(exp, unit)}; "
        f"yours is {_num(abs(x - exp))} {direction}{within}.",
        shown, expected,
    )


# ---------------------------------------------------------------------------
# problems
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A generated exercise. Make one with :func:`problem`.

    Attributes
    ----------
    kind : str
    seed : int
    text : str
        The question.
    unit : str
        Unit of the answer (``"VMs"``, ``"cores"``, ...).
    params : Mapping
        The values the question was generated from.
    """

    kind: str
    seed: int
    text: str
    unit: str
    params: Mapping[str, Any] = field(compare=False)
    tolerance: float | None = field(default=None, compare=False)
    rel_tolerance: float | None = field(default=None, compare=False)
    _answer: Callable[[], float] = field(default=None, repr=False, compare=False)
    _solution: Callable[[], list[str]] = field(default=None, repr=False, compare=False)

    def answer(self) -> float:
        """The answer, computed by the model (an int when it is a count)."""
        return self._answer()

    def check(self, value: object) -> Feedback:
        """Judge ``value`` (a number, or text such as ``"12"``); see :class:`Feedback`."""
        fb = judge_number(value, self.answer(), tolerance=self.tolerance, rel_tolerance=self.rel_tolerance,
                          unit=self.unit)
        if fb.accepted and not fb.correct:
            fb = Feedback(fb.accepted, fb.correct, fb.message + " Call .solution() to see the steps.",
                          fb.given, fb.expected)
        return fb

    def solution(self) -> str:
        """The steps to the answer, as numbered plain-text lines."""
        steps = self._solution()
        return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))

    def __repr__(self) -> str:
        return f"Problem({self.kind!r}, seed={self.seed}): {self.text}"

    def _repr_html_(self) -> str:
        return (
            f"<div class='vz-problem'><p><b>Exercise</b> <code>{html.escape(self.kind)}</code>, "
            f"seed {self.seed}</p>{text_html(self.text)}"
            f"<p><small>Answer with <code>.check(your_answer)</code>; "
            f"see the steps with <code>.solution()</code>.</small></p></div>"
        )


PROBLEM_KINDS: Mapping[str, str] = MappingProxyType({
    "vm_fit": "how many identical VMs fit on a host",
    "container_fit": "how many identical containers fit on a host",
    "stranded": "CPU or memory reserved by VMs but used by nobody",
    "kernels": "how many OS kernels run for VMs and for containers",
    "overcommit": "how many VMs a CPU overcommit policy admits, and how much contention slows the apps",
    "migration": "how long a pre-copy live migration takes, how many rounds it needs, and how long the VM pauses",
    "placement": "how many hosts a cluster needs for many apps, as VMs or containers",
})
"""Problem kinds and what each asks about."""


def problem_kinds() -> tuple[str, ...]:
    """The kinds :func:`problem` knows, in course order.

    Examples
    --------
    >>> problem_kinds()[:2]
    ('vm_fit', 'container_fit')
    """
    return tuple(PROBLEM_KINDS)


def problem(kind: str, seed: int = 0) -> Problem:
    """Generate the exercise ``kind`` for ``seed`` (same seed, same exercise).

    Parameters
    ----------
    kind : str
        One of :func:`problem_kinds`.
    seed : int, default 0
        Any whole number >= 0.

    Examples
    --------
    >>> p = problem("kernels", seed=4)
    >>> p.check(p.answer() + 1).correct
    False
    """
    v.choice("kind", kind, PROBLEM_KINDS)
    seed = v.whole("seed", seed, minimum=0)
    rng = random.Random(seed)
    return _GENERATORS[kind](rng, seed)


# -- helpers ------------------------------------------------------------------

_OS_CHOICES = ("ubuntu-server", "ubuntu-cloud", "windows-core", "windows-desktop")
_HOSTS = ((8, 32), (12, 48), (16, 64), (24, 96), (32, 128), (48, 192), (64, 256), (16, 128), (32, 64))


def _floor(a: float, b: float) -> int:
    return max(0, math.floor((a + EPS) / b)) if b > 0 else 10**9


def _g(x: float) -> str:
    return number(round(x, 2))


def _pct(fraction: float) -> str:
    return f"{number(round(fraction * 100, 2))}%"


def _given_platform(product: str) -> str:
    """What the hypervisor's platform reserves, in one sentence with every number."""
    prod = PRODUCTS[product]
    own = _g(parameters().value(f"hypervisor.{prod.kind}.memory_gib"))
    if prod.host_os is None:
        return f"{prod.label} keeps {own} GiB of memory for itself."
    hos = GUEST_OS[prod.host_os]
    where = {"kvm": "its host OS", "xen": "its dom0", "hyper-v": "its root partition"}.get(product, "its host OS")
    return (
        f"{prod.label} runs {hos.label} as {where}, which reserves {_g(hos.memory_gib)} GiB of memory and "
        f"{_g(hos.disk_gib)} GiB of disk; {prod.label} itself keeps {own} GiB."
    )


def _given_vm_overhead(product: str = "kvm") -> str:
    p = parameters()
    rule = (
        f"Outside its guest RAM, each VM reserves memory for the hypervisor: "
        f"{_pct(p.value('hypervisor.per_vm.guest_ram_fraction'))} of its guest RAM + "
        f"{_g(p.value('hypervisor.per_vm.base_mib'))} MiB + {_g(p.value('hypervisor.per_vm.per_vcpu_mib'))} MiB "
        "per vCPU"
    )
    if product == "kvm":
        return f"{rule} (Red Hat's sizing rule for KVM/QEMU)."
    return f"{rule} (Red Hat's sizing rule for KVM/QEMU, assumed here for {PRODUCTS[product].label} too)."


def _given_guest(os_key: str, disk: bool = True) -> str:
    os_ = GUEST_OS[os_key]
    text = f"{os_.label} needs at least {_g(os_.memory_gib)} GiB of guest RAM"
    return text + (f" and {_g(os_.disk_gib)} GiB of disk per VM." if disk else ".")


def _given_container_platform() -> str:
    p = parameters()
    os_ = GUEST_OS["ubuntu-server"]
    return (
        f"The host OS, {os_.label}, reserves {_g(os_.memory_gib)} GiB of memory and the container runtime "
        f"{_g(p.value('runtime.memory_gib'))} GiB; each container costs the runtime "
        f"{_g(p.value('runtime.per_container_mib'))} MiB more. An image is stored once, however many containers "
        "use it."
    )


def _make(kind, seed, question, givens, unit, params, answer, solution, tolerance=None,
          rel_tolerance=None) -> Problem:
    text = question if not givens else question + "\nGiven:\n" + "\n".join(f"- {g}" for g in givens)
    return Problem(kind, seed, text, unit, MappingProxyType(params), tolerance, rel_tolerance, answer, solution)


# -- vm_fit -------------------------------------------------------------------


def _vm_fit(rng: random.Random, seed: int) -> Problem:
    cores, mem = rng.choice(_HOSTS)
    disk = rng.choice((250, 500, 1000, 2000))
    vcpus = rng.choice((1, 2, 4))
    vm_mem = rng.choice((2, 4, 6, 8, 16))
    os_key = rng.choice(_OS_CHOICES)
    product = "virtualbox" if rng.random() < 0.3 else rng.choice(("kvm", "kvm", "esxi", "hyper-v", "xen"))
    prod = PRODUCTS[product]
    os_ = GUEST_OS[os_key]
    host = Host(cpu_cores=cores, memory_gib=mem, disk_gib=disk)
    question = (
        f"A host has {cores} cores, {mem} GiB of memory and {disk} GiB of disk, and runs {prod.label} "
        f"({prod.kind_text}). How many VMs with {vcpus} vCPU{'s' if vcpus > 1 else ''} and {vm_mem} GiB of "
        f"memory each, running {os_.label}, does it admit when every vCPU reserves a whole core (no overcommit)?"
    )
    givens = [_given_platform(product), _given_vm_overhead(product), _given_guest(os_key)]

    def answer() -> int:
        return fill_vms(host, cores // vcpus + 1, vcpus, vm_mem, guest_os=os_key, product=product).placed

    def solution() -> list[str]:
        hv = Hypervisor(host, product=product)
        free = hv.free()
        over = vm_overhead_gib(vm_mem, vcpus)
        per = vm_mem + over
        by = {"CPU": _floor(free["cpu"], vcpus), "memory": _floor(free["memory"], per),
              "disk": _floor(free["disk"], os_.disk_gib)}
        limit = min(by, key=by.get)
        platform = "the platform reserves" if prod.kind == "type1" else "the host OS and the hypervisor reserve"
        return [
            f"CPU: {cores} cores / {vcpus} vCPU per VM = {by['CPU']} VMs (one core per vCPU, no overcommit).",
            f"Memory: {platform} {_g(hv.platform_memory_gib)} GiB, leaving {_g(free['memory'])} GiB. Each "
            f"VM takes its {vm_mem} GiB of guest RAM plus {_g(over * 1024)} MiB for the hypervisor = {_g(per)} GiB, "
            f"so {_g(free['memory'])} / {_g(per)} gives {by['memory']} VMs.",
            f"Disk: each {os_.label} guest needs {_g(os_.disk_gib)} GiB; {_g(free['disk'])} GiB free "
            f"gives {by['disk']} VMs.",
            f"The smallest of the three wins: {by[limit]} VMs ({limit} runs out first).",
        ]

    return _make("vm_fit", seed, question, givens, "VMs",
                 dict(host=host, vcpus=vcpus, memory_gib=vm_mem, guest_os=os_key, product=product,
                      hypervisor=prod.kind), answer, solution)


# -- container_fit ------------------------------------------------------------


def _container_fit(rng: random.Random, seed: int) -> Problem:
    cores, mem = rng.choice(_HOSTS)
    cpus = rng.choice((0.25, 0.5, 1.0, 2.0))
    c_mem = rng.choice((0.25, 0.5, 1.0, 2.0, 4.0))
    image = rng.choice(tuple(IMAGES))
    host = Host(cpu_cores=cores, memory_gib=mem)
    question = (
        f"A host has {cores} cores and {mem} GiB of memory and runs containers on Ubuntu Server. "
        f"How many containers that each request {number(cpus)} CPU and {number(c_mem)} GiB ({image} image) does it "
        f"admit, when the requests may add up to the host's size and no more (no overcommit)?"
    )
    givens = [_given_container_platform()]

    def answer() -> int:
        return fill_containers(host, _floor(cores, cpus) + 1, cpus, c_mem, image=image).placed

    def solution() -> list[str]:
        rt = ContainerRuntime(host)
        free = rt.free()
        over = parameters().value("runtime.per_container_mib") * MIB
        per = c_mem + over
        by = {"CPU": _floor(free["cpu"], cpus), "memory": _floor(free["memory"], per)}
        limit = min(by, key=by.get)
        os_ = rt.host_os
        return [
            f"CPU: requests may be fractions of a core: {cores} / {number(cpus)} = {by['CPU']} containers.",
            f"Memory: the host OS ({os_.label}) reserves {_g(os_.memory_gib)} GiB and the runtime "
            f"{_g(parameters().value('runtime.memory_gib'))} GiB, leaving {_g(free['memory'])} GiB. Each container "
            f"requests {number(c_mem)} GiB plus {_g(over * 1024)} MiB of runtime overhead = {_g(per)} GiB, "
            f"so {by['memory']} containers.",
            f"Disk: the {image} image is stored once and shared, so disk does not limit the count here.",
            f"The smaller wins: {by[limit]} containers ({limit} runs out first). All of them share one kernel.",
        ]

    return _make("container_fit", seed, question, givens, "containers",
                 dict(host=host, cpus=cpus, memory_gib=c_mem, image=image), answer, solution)


# -- stranded -----------------------------------------------------------------


def _stranded(rng: random.Random, seed: int) -> Problem:
    n = rng.randint(3, 12)
    host = Host(cpu_cores=128, memory_gib=1024, disk_gib=4000)
    if rng.random() < 0.5:
        cpus = rng.choice((0.25, 0.5, 0.75, 1.25, 1.5, 2.5, 3.2))
        app = App("app", cpus=cpus, memory_gib=rng.choice((0.5, 1.0, 2.0)))
        vcpus = vcpus_for(app.cpus)
        vm_mem = GUEST_OS["ubuntu-server"].memory_gib + app.memory_gib
        question = (
            f"An app keeps {number(app.cpus)} CPU busy. {n} copies run one per VM; each VM gets the smallest whole "
            "number of vCPUs that covers the app, and the admission policy reserves one core per vCPU (no "
            "overcommit). How many cores are reserved but left unused (stranded)?"
        )
        givens = []
        unit, resource = "cores", "cpu"

        def solution() -> list[str]:
            c = compare(host, app, count=n)
            return [
                f"A VM gets whole vCPUs: ceil({number(app.cpus)}) = {vcpus} vCPU{'s' if vcpus > 1 else ''} per VM.",
                f"Each VM leaves {vcpus} - {number(app.cpus)} = {_g(vcpus - app.cpus)} of its reserved cores idle.",
                f"{n} VMs x {_g(vcpus - app.cpus)} = {_g(c.vm.stranded_cpus)} cores stranded. They are idle (the "
                "host could run other work there), but the policy gives them to no one else. A container requests "
                "exactly the app's CPU, so it strands none.",
            ]
    else:
        vm_mem = rng.choice((4, 8))
        app = App("app", cpus=1, memory_gib=rng.choice((0.5, 1.0, 1.5, 2.0)))
        vcpus = 1
        floor = GUEST_OS["ubuntu-server"].memory_gib
        question = (
            f"{n} VMs each reserve {vm_mem} GiB of guest RAM and run Ubuntu Server 24.04 and one app that uses "
            f"{number(app.memory_gib)} GiB. How many GiB of guest RAM, in total, are reserved but used by neither the "
            "guest OS nor the app (stranded)?"
        )
        givens = [f"Reserve {_g(floor)} GiB of each VM's RAM for Ubuntu Server 24.04, its sizing floor."]
        unit, resource = "GiB", "memory"

        def solution() -> list[str]:
            os_ = GUEST_OS["ubuntu-server"]
            each = vm_mem - os_.memory_gib - app.memory_gib
            return [
                f"Inside each VM the guest OS's floor takes {_g(os_.memory_gib)} GiB and the app "
                f"{number(app.memory_gib)} GiB.",
                f"Each VM strands {vm_mem} - {_g(os_.memory_gib)} - {number(app.memory_gib)} = {_g(each)} GiB.",
                f"{n} VMs x {_g(each)} GiB = {_g(n * each)} GiB stranded (the hypervisor's overhead outside guest "
                "RAM is not counted: it is not guest RAM). In the used view the host would not even back most of "
                "it: RAM a guest never touches is never backed.",
            ]

    def answer() -> float:
        hv = Hypervisor(host)
        for i in range(n):
            hv.create_vm(f"vm{i + 1}", vcpus=vcpus, memory_gib=vm_mem, app=app)
        value = getattr(hv.usage(), resource).layers["stranded"]
        return round(value, 6)

    return _make("stranded", seed, question, givens, unit,
                 dict(copies=n, app=app, vcpus=vcpus, vm_memory_gib=vm_mem, resource=resource),
                 answer, solution, tolerance=0.01)


# -- kernels ------------------------------------------------------------------


def _kernels(rng: random.Random, seed: int) -> Problem:
    product = rng.choice(tuple(PRODUCTS))
    prod = PRODUCTS[product]
    vms = rng.randint(2, 9)
    containers = rng.randint(5, 60)
    question = (
        f"Host A runs {prod.label} ({prod.kind_text}) with {vms} Ubuntu VMs. Host B runs {containers} containers "
        "on Ubuntu Server. How many operating-system kernels run on the two hosts together?"
    )
    beneath = prod.kernels_beneath
    what = BENEATH_WHAT.get(product, "the host OS's kernel, which it runs on")
    givens = [f"Beneath its guests, {prod.label} runs {beneath} kernel{'s' if beneath != 1 else ''}: {what}."]
    host = Host(cpu_cores=64, memory_gib=512)

    def systems():
        hv = Hypervisor(host, product=product)
        for i in range(vms):
            hv.create_vm(f"vm{i + 1}", vcpus=1, memory_gib=2)
        rt = ContainerRuntime(host)
        for i in range(containers):
            rt.run(f"c{i + 1}", cpus=0.25, memory_gib=0.25)
        return hv, rt

    def answer() -> int:
        hv, rt = systems()
        return hv.kernels + rt.kernels

    def solution() -> list[str]:
        hv, rt = systems()
        return [
            f"Host A: each VM boots its own guest kernel: {vms}.",
            f"Beneath them {prod.label} runs {hv.kernels_beneath} more ({what}): {vms} + {hv.kernels_beneath} = "
            f"{hv.kernels}.",
            f"Host B: all {containers} containers share the host's one kernel: {rt.kernels}.",
            f"Together: {hv.kernels} + {rt.kernels} = {hv.kernels + rt.kernels} kernels.",
        ]

    return _make("kernels", seed, question, givens, "kernels",
                 dict(product=product, hypervisor=prod.kind, vms=vms, containers=containers), answer, solution)


# -- overcommit ---------------------------------------------------------------


def _overcommit(rng: random.Random, seed: int) -> Problem:
    cores = rng.choice((4, 8, 16))
    oc = rng.choice((1.5, 2.0, 3.0, 4.0))
    vcpus = rng.choice((1, 2, 4))
    busy = vcpus * rng.choice((0.5, 0.75))  # below the vCPUs, so the VM can burn virtualization's extra CPU
    host = Host(cpu_cores=cores, memory_gib=512)
    app = App("busy", cpus=busy, memory_gib=0.5)
    variant = rng.choice(("count", "slowdown"))
    question = (
        f"A host with {cores} cores runs KVM under an admission policy with a CPU overcommit of {number(oc)}: the "
        f"VMs' vCPUs may add up to {number(oc)} times the cores. Each VM has {vcpus} vCPU{'s' if vcpus > 1 else ''} "
        "and 2 GiB of memory, and memory is plentiful (512 GiB)."
    )
    p = parameters()
    over = p.value("hypervisor.cpu_overhead_fraction")

    def scenario():
        return fill_vms(host, _floor(cores * oc, vcpus) + 1, vcpus, 2, guest_os="ubuntu-cloud",
                        cpu_overcommit=oc, app=app)

    if variant == "count":
        question += " How many such VMs does the policy admit?"
        givens = []
        unit = "VMs"

        def answer() -> int:
            return scenario().placed

        def solution() -> list[str]:
            n = scenario().placed
            return [
                f"The policy lets vCPUs add up to cores x factor = {cores} x {number(oc)} = {_g(cores * oc)}.",
                f"{_g(cores * oc)} / {vcpus} vCPU per VM = {n} VMs (memory does not limit here).",
            ]
        tol = None
    else:
        question += (
            f" The hypervisor admits as many VMs as the policy allows, and every VM's app does {number(busy)} CPU of "
            "work (as measured on bare metal), all at the same time. By what factor does the competition for the "
            "cores slow the apps down (1 means the cores keep up)?"
        )
        givens = [
            f"In a VM, the same work costs the host {_pct(over)} more CPU (tuned KVM ran Linpack at "
            f"{_pct(p.value('performance.kvm_linpack_tuned'))} of native).",
            "When the cores are asked for more work than they can do, the apps take turns: the slowdown is the work "
            "asked for divided by the cores; otherwise it is 1.",
        ]
        unit = ""

        def answer() -> float:
            return round(scenario().system.usage().cpu_slowdown, 6)

        def solution() -> list[str]:
            s = scenario()
            n = s.placed
            demand = s.system.usage().cpu.demand
            return [
                f"The hypervisor admits {_g(cores * oc)} / {vcpus} = {n} VMs.",
                f"Their apps' work is {n} x {number(busy)} = {_g(n * busy)} cores, and {_pct(over)} more for running "
                f"in VMs: {_g(demand)} cores.",
                f"The host has {cores} cores, so the slowdown is max(1, {_g(demand)} / {cores}) = "
                f"{_g(s.system.usage().cpu_slowdown)}.",
            ]
        tol = 0.01
    return _make("overcommit", seed, question, givens, unit, dict(cores=cores, cpu_overcommit=oc, vcpus=vcpus,
                                                                    app_cpus=busy, variant=variant),
                 answer, solution, tolerance=tol)


# -- placement ----------------------------------------------------------------

_APP_POOL = (
    ("web", 0.5, 1.0), ("api", 1.0, 2.0), ("cache", 0.5, 4.0), ("worker", 2.0, 3.0),
    ("db", 4.0, 16.0), ("search", 3.0, 12.0),
)


def _placement(rng: random.Random, seed: int) -> Problem:
    cores, mem = rng.choice(((16, 64), (32, 128), (48, 192)))
    kinds = rng.sample(_APP_POOL, rng.choice((2, 3)))
    groups = [(name, c, m, rng.choice((5, 10, 20, 30, 40))) for name, c, m in kinds]
    packaging = rng.choice(("vm", "container"))
    policy = rng.choice(("first_fit", "best_fit_decreasing"))
    cluster = Cluster(Host(cpu_cores=cores, memory_gib=mem))
    apps = tuple(App(f"{name}-{i + 1}", cpus=c, memory_gib=m) for name, c, m, k in groups for i in range(k))
    listing = ", then ".join(f"{k} x {name} ({number(c)} CPU, {number(m)} GiB)" for name, c, m, k in groups)
    what = "its own VM (Ubuntu Server guest, on KVM)" if packaging == "vm" else "its own container"
    how = (
        "first fit (each app, in the order listed, goes on the first host with room)"
        if policy == "first_fit"
        else "best fit decreasing (the largest apps first, by the bigger of their CPU and memory share of a "
        "host; each goes on the host it leaves with the least room, counting the host's free share of CPU plus "
        "its free share of memory)"
    )
    question = (
        f"A cloud has identical hosts of {cores} cores and {mem} GiB. These apps arrive: {listing}. "
        f"Each app runs in {what}. They are placed with {how}. How many hosts are powered on?"
    )
    if packaging == "vm":
        givens = [
            "Each VM reserves whole vCPUs (the app's CPU rounded up) and guest RAM = the app's memory + "
            f"{_g(GUEST_OS['ubuntu-server'].memory_gib)} GiB for Ubuntu Server, its sizing floor.",
            _given_vm_overhead(), _given_platform("kvm"), "No overcommit: every vCPU reserves one core.",
        ]
    else:
        givens = ["Each container requests exactly its app's CPU and memory; no overcommit.",
                  _given_container_platform()]

    def place():
        return cluster.place(apps, packaging=packaging, policy=policy)

    def answer() -> int:
        return place().hosts_used

    def solution() -> list[str]:
        p = place()
        room = cluster.room(packaging)
        steps = [
            f"Room on one host after its platform: {_g(room[0])} cores, {_g(room[1])} GiB.",
        ]
        for name, c, m, _k in groups:
            f = footprint(App(name, cpus=c, memory_gib=m), packaging)
            cores = "core" if _g(f.cpus) == "1" else "cores"
            steps.append(f"Each {name} {'VM' if packaging == 'vm' else 'container'} takes {_g(f.cpus)} {cores} and "
                         f"{_g(f.memory_gib)} GiB.")
        steps.append(f"No policy can use fewer than {p.lower_bound_hosts} hosts (total need / room per host, "
                     "rounded up, for the tighter resource).")
        contents = []
        for h in range(p.hosts_used):
            counts: dict[str, int] = {}
            for i in p.host_instances(h):
                base = apps[i].name.rsplit("-", 1)[0]
                counts[base] = counts.get(base, 0) + 1
            contents.append(f"host {h + 1}: " + ", ".join(f"{k} {n}" for n, k in counts.items()))
        steps.append("The policy fills: " + "; ".join(contents) + ".")
        steps.append(f"So {p.hosts_used} hosts are powered on.")
        return steps

    return _make("placement", seed, question, givens, "hosts",
                 dict(host=cluster.host, groups=tuple(groups), packaging=packaging, policy=policy), answer, solution)


# -- migration ----------------------------------------------------------------


def _migration(rng: random.Random, seed: int) -> Problem:
    memory_gib = rng.choice((1, 2, 4, 8))
    link = rng.choice((100, 200, 250, 400, 500, 1000))  # MiB/s
    ratio = rng.choice((2, 4, 5, 8, 10))  # the link sends this many times faster than the VM dirties
    dirty = link / ratio
    stop = rng.choice((16, 32, 64, 128))
    variant = rng.choice(("downtime", "total", "rounds"))

    def run():
        return migrate(memory_gib, dirty, link / MIB_PER_GBIT, stop_mib=stop)

    ask = {
        "downtime": ("How long is the VM paused (its downtime), in milliseconds?", "ms"),
        "total": ("How long does the whole migration take, from the first round to the end of the pause, in "
                  "seconds?", "s"),
        "rounds": ("How many pre-copy rounds run while the VM is still running (not counting the pause)?", "rounds"),
    }[variant]
    question = (
        f"A running VM with {memory_gib} GiB of memory is moved to another host by pre-copy live migration. The link "
        f"between the hosts carries {link} MiB/s, and the VM keeps writing to (dirtying) its memory at "
        f"{number(dirty)} MiB/s. {ask[0]}"
    )
    givens = [
        "1 GiB = 1024 MiB.",
        "Round 1 sends the whole memory while the VM runs. Each later round re-sends the memory dirtied during the "
        "round before: the dirty rate times that round's length.",
        f"Once what is left to send is at most {stop} MiB, the VM is paused and the rest is sent "
        "(stop-and-copy); that pause is the downtime. (Pre-copy would also stop after 30 rounds or 3 times the "
        "memory sent; neither happens here.)",
    ]

    def answer() -> float:
        m = run()
        if variant == "downtime":
            return round(m.downtime_seconds * 1000, 6)
        if variant == "total":
            return round(m.total_seconds, 6)
        return len(m.precopy_rounds)

    def hand(x: float) -> str:  # exact enough to check by hand: 4.096, not 4.1
        return f"{round(x, 4):g}"

    def solution() -> list[str]:
        m = run()
        steps = []
        for r in m.rounds:
            if r.stop_and_copy:
                steps.append(f"{hand(r.sent_mib)} MiB is at most {stop} MiB: the VM pauses while it is sent, "
                             f"{hand(r.sent_mib)} / {link} = {hand(r.seconds * 1000)} ms.")
            else:
                dirtied = hand(min(m.memory_mib, dirty * r.seconds))
                steps.append(f"Round {r.index}: {hand(r.sent_mib)} MiB / {link} MiB/s = {hand(r.seconds)} s; meanwhile "
                             f"the VM dirties {number(dirty)} x {hand(r.seconds)} = {dirtied} MiB.")
        steps.append(
            f"So {len(m.precopy_rounds)} pre-copy rounds, {_g(m.downtime_seconds * 1000)} ms paused, and "
            f"{_g(m.total_seconds)} s in all (each round is 1/{ratio} of the one before, because the link is "
            f"{ratio} times faster than the dirtying).")
        return steps

    return _make("migration", seed, question, givens, ask[1],
                 dict(memory_gib=memory_gib, link_mib_s=link, dirty_mib_s=dirty, stop_mib=stop, variant=variant),
                 answer, solution, tolerance=None if variant == "rounds" else 0.5)


_GENERATORS: Mapping[str, Callable[[random.Random, int], Problem]] = {
    "vm_fit": _vm_fit,
    "container_fit": _container_fit,
    "stranded": _stranded,
    "kernels": _kernels,
    "overcommit": _overcommit,
    "placement": _placement,
    "migration": _migration,
}
