"""Seeded exercises whose answers come from the model.

In the spirit of the OSTEP homework simulators: :func:`problem` generates a
question from a kind and a seed (the same seed always gives the same
question), :meth:`Problem.answer` computes the answer with the model
(:func:`vizlib.fill_vms`, :class:`vizlib.Hypervisor`, :class:`vizlib.Cluster`
...), :meth:`Problem.check` gives a verdict on a learner's answer and
:meth:`Problem.solution` explains the steps.

A problem keeps what it was generated from, not its words: its text, solution
and feedback are written out in the current language each time they are asked
for (see :func:`vizlib.set_language`).

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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from vizlib.figures import theme
from vizlib.model import validate as v
from vizlib.model.cluster import Cluster, footprint
from vizlib.model.comparison import compare
from vizlib.model.migration import MIB_PER_GBIT, migrate
from vizlib.model.scenario import fill_containers, fill_vms
from vizlib.model.stack import beneath_what
from vizlib.model.systems import (
    EPS,
    PRODUCTS,
    App,
    ContainerRuntime,
    Host,
    Hypervisor,
    Refused,
    vcpus_for,
    vm_overhead_gib,
)
from vizlib.model.table import GUEST_OS, IMAGES, MIB, parameters
from vizlib.text.catalog import N_, NP_, t, tn, tp
from vizlib.text.fmt import number, precise

__all__ = ["Feedback", "Problem", "PROBLEM_KINDS", "amount_text", "judge_number", "parse_number", "problem",
           "problem_kinds", "unit_word"]


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
        Plain-text verdict and explanation, in the language that was current when it was made; ``str(feedback)``
        returns it.
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
        mark, colour = "?", theme.FEEDBACK["info"]
    elif fb.correct:
        mark, colour = "\u2713", theme.FEEDBACK["right"]
    else:
        mark, colour = "\u2717", theme.FEEDBACK["wrong"]
    lines = [html.escape(line) for line in fb.message.split("\n")]
    return (
        f"<div class='vz-feedback' style='border-left:4px solid {colour};padding:2px 8px;line-height:1.45'>"
        f"<b style='color:{colour}'>{mark}</b> " + "<br>".join(lines) + "</div>"
    )


class NotANumber(Refused):
    """A typed answer that is not a (finite) number; its message is rendered in the current language when shown.

    Attributes
    ----------
    value : str
        The answer as the message quotes it (its ``repr``).
    unit : str
        The unit the answer may end with, named in the message ("" when it is not named).
    infinite : bool
        Whether the answer was a number, but not a finite one.
    """

    def __init__(self, value: str, unit: str = "", infinite: bool = False):
        self.value, self.unit, self.infinite = value, unit, infinite
        super().__init__(value, unit, infinite)

    def message(self) -> str:
        if self.infinite:
            return t("{value} is not a finite number", value=self.value)
        if self.unit:
            return t("{value} is not a number; type digits only (or the unit {unit}), for example 12 or 3.5",
                     value=self.value, unit=repr(self.unit))
        return t("{value} is not a number; type digits only, for example 12 or 3.5", value=self.value)


_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


def parse_number(value: object, unit: str = "") -> float:
    """Read a learner's number: an int/float, or text such as ``"12"``, ``"3.5"``,
    ``"1,000"`` or ``"4 GiB"`` (a trailing ``unit`` is allowed).

    Never evaluates the text. Raises ``ValueError`` (a :class:`NotANumber`, whose message is in the current
    language) when the value is not a finite number.

    Examples
    --------
    >>> parse_number(" 4.5 GiB ", unit="GiB")
    4.5
    >>> try:
    ...     parse_number("2**10")
    ... except ValueError as e:
    ...     print(e)
    '2**10' is not a number; type digits only, for example 12 or 3.5
    """
    if isinstance(value, bool):
        raise NotANumber(repr(value))
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str):
        m = _NUMBER.match(value)
        mantissa = re.split("[eE]", m.group(1))[0] if m else ""
        if not any(ch.isdigit() for ch in mantissa):  # "E0" is an exponent with no number before it
            raise NotANumber(repr(value.strip()))
        rest = m.group(2)
        if rest and not (unit and rest.casefold() == unit.casefold()):
            raise NotANumber(repr(value.strip()), unit)
        x = float(m.group(1).replace(",", ""))
    else:
        raise NotANumber(repr(value))
    if not math.isfinite(x):
        raise NotANumber(repr(value), infinite=True)
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


#: Units that are counted things: a verdict states the amount as the current language counts them.
_COUNTED: Mapping[str, Callable[[str], str]] = MappingProxyType({
    "VMs": lambda n: t("{n} VMs", n=n),
    "containers": lambda n: t("{n} containers", n=n),
    "cores": lambda n: t("{n} cores", n=n),
    "kernels": lambda n: t("{n} kernels", n=n),
    "hosts": lambda n: t("{n} hosts", n=n),
    "rounds": lambda n: t("{n} rounds", n=n),
})


def _without_counted_unit(value: object, unit: str) -> object:
    """``value`` without the words the current language puts around a counted amount ("VM 5개" -> "5")."""
    if not isinstance(value, str) or unit not in _COUNTED:
        return value
    before, _, after = (part.strip().casefold() for part in _COUNTED[unit]("\0").partition("\0"))
    text = value.strip()
    if before and text.casefold().startswith(before):
        text = text[len(before):].strip()
    if after and text.casefold().endswith(after):
        text = text[:len(text) - len(after)].strip()
    return text


_QUANTITIES: Mapping[str, str] = MappingProxyType({
    "VMs": NP_("quantity", "VMs"),
    "containers": NP_("quantity", "containers"),
    "cores": NP_("quantity", "cores"),
    "kernels": NP_("quantity", "kernels"),
    "hosts": NP_("quantity", "hosts"),
    "rounds": NP_("quantity", "rounds"),
})
"""What a counted answer counts, as a hint names it ("kernels"; in Korean "커널 수")."""


def unit_word(unit: str) -> str:
    """How a prompt names what to type: a counted unit in the current language, other units as they are.

    Examples
    --------
    >>> unit_word("kernels"), unit_word("GiB"), unit_word("")
    ('kernels', 'GiB', '')
    """
    return tp("quantity", _QUANTITIES[unit]) if unit in _QUANTITIES else unit


def amount_text(x: float, unit: str) -> str:
    """An answer with its unit, as a verdict states it: ``12 VMs``, ``3.5 GiB``, ``40%``, ``4``.

    A Korean counter written by a lesson (``배``, ``회``) follows the number without a space, as Korean
    writes it.

    Examples
    --------
    >>> amount_text(12, "VMs"), amount_text(3.5, "GiB"), amount_text(40, "%"), amount_text(4, "")
    ('12 VMs', '3.5 GiB', '40%', '4')
    >>> amount_text(4, "배"), amount_text(35, "회")
    ('4배', '35회')
    """
    n = precise(x)
    if unit in _COUNTED:
        return _COUNTED[unit](n)
    if unit == "%" or _is_hangul(unit[:1]):
        return f"{n}{unit}"
    return f"{n} {unit}" if unit else n


def _is_hangul(char: str) -> bool:
    """Whether ``char`` is a Hangul syllable (a Korean counter such as 배 or 회)."""
    return "\uac00" <= char <= "\ud7a3"


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
        try:  # an answer written as the current language counts, e.g. "VM 5개"
            x = parse_number(_without_counted_unit(value, unit))
        except ValueError:
            return Feedback(False, False, str(e))
    exp = float(expected)
    whole = exp == int(exp) and tolerance is None and rel_tolerance is None
    if tolerance is None and rel_tolerance is None:
        tolerance, rel_tolerance = (0.0, 0.0) if whole else (0.0, 0.01)
    tol = max(tolerance or 0.0, (rel_tolerance or 0.0) * abs(exp), 1e-9)
    shown = int(x) if x == int(x) else x
    ok = abs(x - exp) <= tol + 1e-9 * max(1.0, abs(exp))  # 1.6 - 1.5 is 0.10000000000000009
    if ok:
        return Feedback(True, True, t("Correct: {answer}.", answer=amount_text(exp, unit)), shown, expected)
    f = dict(given=amount_text(x, unit), expected=amount_text(exp, unit), off=precise(abs(x - exp)))
    if tol <= 1e-9:
        message = (t("Not quite: you answered {given}, the model says {expected}; yours is {off} too high.", **f)
                   if x > exp else
                   t("Not quite: you answered {given}, the model says {expected}; yours is {off} too low.", **f))
    else:
        f["tolerance"] = precise(tol)
        message = (t("Not quite: you answered {given}, the model says {expected}; yours is {off} too high "
                     "(answers within \u00b1{tolerance} count).", **f)
                   if x > exp else
                   t("Not quite: you answered {given}, the model says {expected}; yours is {off} too low "
                     "(answers within \u00b1{tolerance} count).", **f))
    return Feedback(True, False, message, shown, expected)


# ---------------------------------------------------------------------------
# problems
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A generated exercise. Make one with :func:`problem`.

    A problem holds the values it was generated from; its words (:attr:`text`, :meth:`solution`, the verdicts of
    :meth:`check`) are written in the current language each time they are asked for.

    Attributes
    ----------
    kind : str
    seed : int
    text : str
        The question and what is given, in the current language.
    unit : str
        Unit of the answer (``"VMs"``, ``"cores"``, ...); an answer may end with it.
    params : Mapping
        The values the question was generated from.
    """

    kind: str
    seed: int
    unit: str
    params: Mapping[str, Any] = field(compare=False)
    tolerance: float | None = field(default=None, compare=False)
    rel_tolerance: float | None = field(default=None, compare=False)
    _answer: Callable[[], float] = field(default=None, repr=False, compare=False)
    _solution: Callable[[], list[str]] = field(default=None, repr=False, compare=False)
    _question: Callable[[], str] = field(default=None, repr=False, compare=False)
    _givens: Callable[[], list[str]] = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The question, then a "Given:" list of every constant the answer depends on (current language)."""
        question = self._question()
        givens = self._givens() if self._givens is not None else []
        if not givens:
            return question
        return question + "\n" + t("Given:") + "\n" + "\n".join(f"- {g}" for g in givens)

    def answer(self) -> float:
        """The answer, computed by the model (an int when it is a count)."""
        return self._answer()

    def check(self, value: object) -> Feedback:
        """Judge ``value`` (a number, or text such as ``"12"``); see :class:`Feedback`."""
        fb = judge_number(value, self.answer(), tolerance=self.tolerance, rel_tolerance=self.rel_tolerance,
                          unit=self.unit)
        if fb.accepted and not fb.correct:
            fb = Feedback(fb.accepted, fb.correct, fb.message + " " + t("Call .solution() to see the steps."),
                          fb.given, fb.expected)
        return fb

    def solution(self) -> str:
        """The steps to the answer, as numbered plain-text lines."""
        steps = self._solution()
        return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))

    def __repr__(self) -> str:
        return f"Problem({self.kind!r}, seed={self.seed}): {self.text}"

    def _repr_html_(self) -> str:
        head = t("<b>Exercise</b> <code>{kind}</code>, seed {seed}", kind=html.escape(self.kind), seed=self.seed)
        foot = t("Answer with <code>.check(your_answer)</code>; see the steps with <code>.solution()</code>.")
        return f"<div class='vz-problem'><p>{head}</p>{text_html(self.text)}<p><small>{foot}</small></p></div>"


class _Described(Mapping):
    """A read-only mapping of keys to descriptions marked with ``N_``; a value is read in the current language."""

    def __init__(self, descriptions: Mapping[str, str]):
        self._descriptions = dict(descriptions)

    def __getitem__(self, key: str) -> str:
        return t(self._descriptions[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._descriptions)

    def __len__(self) -> int:
        return len(self._descriptions)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


#: Problem kinds and what each asks about (read in the current language).
PROBLEM_KINDS: Mapping[str, str] = _Described({
    "vm_fit": N_("how many identical VMs fit on a host"),
    "container_fit": N_("how many identical containers fit on a host"),
    "stranded": N_("CPU or memory reserved by VMs but used by nobody"),
    "kernels": N_("how many OS kernels run for VMs and for containers"),
    "overcommit": N_("how many VMs a CPU overcommit policy admits, and how much contention slows the apps"),
    "migration": N_("how long a pre-copy live migration takes, how many rounds it needs, and how long the VM "
                    "pauses"),
    "placement": N_("how many hosts a cluster needs for many apps, as VMs or containers"),
})


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


def _count(shown: str) -> int:
    """The count that picks a plural form for an amount already formatted: 1 for "1", else 2 ("0.5 cores")."""
    return 1 if shown == "1" else 2


def _given_platform(product: str) -> str:
    """What the hypervisor's platform reserves, in one sentence with every number."""
    prod = PRODUCTS[product]
    own = _g(parameters().value(f"hypervisor.{prod.kind}.memory_gib"))
    if prod.host_os is None:
        return t("{product} keeps {own} GiB of memory for itself.", product=prod.label, own=own)
    hos = GUEST_OS[prod.host_os]
    f = dict(product=prod.label, os=hos.label, memory=_g(hos.memory_gib), disk=_g(hos.disk_gib), own=own)
    if product == "xen":
        return t("{product} runs {os} as its dom0, which reserves {memory} GiB of memory and {disk} GiB of disk; "
                 "{product} itself keeps {own} GiB.", **f)
    if product == "hyper-v":
        return t("{product} runs {os} as its root partition, which reserves {memory} GiB of memory and {disk} GiB "
                 "of disk; {product} itself keeps {own} GiB.", **f)
    return t("{product} runs {os} as its host OS, which reserves {memory} GiB of memory and {disk} GiB of disk; "
             "{product} itself keeps {own} GiB.", **f)


def _given_vm_overhead(product: str = "kvm") -> str:
    p = parameters()
    f = dict(fraction=_pct(p.value("hypervisor.per_vm.guest_ram_fraction")),
             base=_g(p.value("hypervisor.per_vm.base_mib")), per_vcpu=_g(p.value("hypervisor.per_vm.per_vcpu_mib")))
    if product == "kvm":
        return t("Outside its guest RAM, each VM reserves memory for the hypervisor: {fraction} of its guest RAM + "
                 "{base} MiB + {per_vcpu} MiB per vCPU (Red Hat's sizing rule for KVM/QEMU).", **f)
    return t("Outside its guest RAM, each VM reserves memory for the hypervisor: {fraction} of its guest RAM + "
             "{base} MiB + {per_vcpu} MiB per vCPU (Red Hat's sizing rule for KVM/QEMU, assumed here for {product} "
             "too).", product=PRODUCTS[product].label, **f)


def _given_guest(os_key: str) -> str:
    os_ = GUEST_OS[os_key]
    return t("{os} needs at least {memory} GiB of guest RAM and {disk} GiB of disk per VM.", os=os_.label,
             memory=_g(os_.memory_gib), disk=_g(os_.disk_gib))


def _given_container_platform() -> str:
    p = parameters()
    os_ = GUEST_OS["ubuntu-server"]
    return t("The host OS, {os}, reserves {memory} GiB of memory and the container runtime {runtime} GiB; each "
             "container costs the runtime {per_container} MiB more memory. An image is stored once, however many "
             "containers use it.", os=os_.label, memory=_g(os_.memory_gib), runtime=_g(p.value("runtime.memory_gib")),
             per_container=_g(p.value("runtime.per_container_mib")))


def _given_disk(cluster: Cluster, packaging: str, app_disk_gib: float) -> str:
    total = cluster.host.disk_gib
    host_os = total - cluster.room("vm")[2]  # what the platform keeps on an empty host
    if packaging == "vm":
        return t("Disk: a host has {total} GiB, of which its host OS takes {os_disk} GiB; each VM takes {guest_disk} "
                 "GiB for its Ubuntu Server guest plus {app_disk} GiB for its app.", total=_g(total),
                 os_disk=_g(host_os), guest_disk=_g(GUEST_OS["ubuntu-server"].disk_gib), app_disk=_g(app_disk_gib))
    return t("Disk: a host has {total} GiB, of which its host OS takes {os_disk} GiB and the image {image} MiB (stored "
             "once per host); each container takes {app_disk} GiB for its app.", total=_g(total), os_disk=_g(host_os),
             image=_g(IMAGES[cluster.image] * 1024), app_disk=_g(app_disk_gib))


def _make(kind, seed, question, givens, unit, params, answer, solution, tolerance=None,
          rel_tolerance=None) -> Problem:
    """A :class:`Problem`; ``question``, ``givens`` and ``solution`` are functions that write its words when they are
    shown."""
    return Problem(kind, seed, unit, MappingProxyType(params), tolerance, rel_tolerance, answer, solution, question,
                   givens)


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

    def question() -> str:
        return tn("A host has {cores} cores, {memory} GiB of memory and {disk} GiB of disk, and runs {product} "
                  "({kind}). How many VMs with {n} vCPU and {vm_memory} GiB of memory each, running {os}, does it "
                  "admit when every vCPU reserves a whole core (no overcommit)?",
                  "A host has {cores} cores, {memory} GiB of memory and {disk} GiB of disk, and runs {product} "
                  "({kind}). How many VMs with {n} vCPUs and {vm_memory} GiB of memory each, running {os}, does it "
                  "admit when every vCPU reserves a whole core (no overcommit)?",
                  vcpus, cores=precise(cores), memory=precise(mem), disk=precise(disk), product=prod.label,
                  kind=prod.kind_text, vm_memory=precise(vm_mem), os=os_.label)

    def givens() -> list[str]:
        return [_given_platform(product), _given_vm_overhead(product), _given_guest(os_key)]

    def answer() -> int:
        return fill_vms(host, cores // vcpus + 1, vcpus, vm_mem, guest_os=os_key, product=product).placed

    def solution() -> list[str]:
        hv = Hypervisor(host, product=product)
        free = hv.free()
        over = vm_overhead_gib(vm_mem, vcpus)
        per = vm_mem + over
        by = {"cpu": _floor(free["cpu"], vcpus), "memory": _floor(free["memory"], per),
              "disk": _floor(free["disk"], os_.disk_gib)}
        limit = min(by, key=by.get)
        f = dict(platform=_g(hv.platform_memory_gib), free=_g(free["memory"]), vm_memory=precise(vm_mem),
                 overhead=_g(over * 1024), per=_g(per), n=by["memory"])
        if prod.kind == "type1":
            memory = t("Memory: the platform reserves {platform} GiB, leaving {free} GiB. Each VM takes its "
                       "{vm_memory} GiB of guest RAM plus {overhead} MiB for the hypervisor = {per} GiB, so {free} / "
                       "{per} gives {n} VMs.", **f)
        else:
            memory = t("Memory: the host OS and the hypervisor reserve {platform} GiB, leaving {free} GiB. Each VM "
                       "takes its {vm_memory} GiB of guest RAM plus {overhead} MiB for the hypervisor = {per} GiB, "
                       "so {free} / {per} gives {n} VMs.", **f)
        last = {
            "cpu": t("The smallest of the three wins: {n} VMs (CPU runs out first).", n=by[limit]),
            "memory": t("The smallest of the three wins: {n} VMs (memory runs out first).", n=by[limit]),
            "disk": t("The smallest of the three wins: {n} VMs (disk runs out first).", n=by[limit]),
        }[limit]
        return [
            t("CPU: {cores} cores / {vcpus} vCPU per VM = {n} VMs (one core per vCPU, no overcommit).",
              cores=precise(cores), vcpus=precise(vcpus), n=by["cpu"]),
            memory,
            t("Disk: each {os} guest needs {disk} GiB; {free} GiB free gives {n} VMs.", os=os_.label,
              disk=_g(os_.disk_gib), free=_g(free["disk"]), n=by["disk"]),
            last,
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

    def question() -> str:
        return t("A host has {cores} cores and {memory} GiB of memory and runs containers on Ubuntu Server. How many "
                 "containers that each request {cpus} CPU and {container_memory} GiB ({image} image) does it admit, "
                 "when the requests may add up to the host's size and no more (no overcommit)?",
                 cores=precise(cores), memory=precise(mem), cpus=number(cpus), container_memory=number(c_mem),
                 image=image)

    def givens() -> list[str]:
        return [_given_container_platform()]

    def answer() -> int:
        return fill_containers(host, _floor(cores, cpus) + 1, cpus, c_mem, image=image).placed

    def solution() -> list[str]:
        rt = ContainerRuntime(host)
        free = rt.free()
        over = parameters().value("runtime.per_container_mib") * MIB
        per = c_mem + over
        by = {"cpu": _floor(free["cpu"], cpus), "memory": _floor(free["memory"], per)}
        limit = min(by, key=by.get)
        os_ = rt.host_os
        last = {
            "cpu": t("The smaller wins: {n} containers (CPU runs out first). All of them share one kernel.",
                     n=by[limit]),
            "memory": t("The smaller wins: {n} containers (memory runs out first). All of them share one kernel.",
                        n=by[limit]),
        }[limit]
        return [
            t("CPU: requests may be fractions of a core: {cores} / {cpus} = {n} containers.", cores=precise(cores),
              cpus=number(cpus), n=by["cpu"]),
            t("Memory: the host OS ({os}) reserves {host_os} GiB and the runtime {runtime} GiB, leaving {free} GiB. "
              "Each container requests {container_memory} GiB plus {overhead} MiB of runtime overhead = {per} GiB, "
              "so {n} containers.", os=os_.label, host_os=_g(os_.memory_gib),
              runtime=_g(parameters().value("runtime.memory_gib")), free=_g(free["memory"]),
              container_memory=number(c_mem), overhead=_g(over * 1024), per=_g(per), n=by["memory"]),
            t("Disk: the {image} image is stored once and shared, so disk does not limit the count here.",
              image=image),
            last,
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
        unit, resource = "cores", "cpu"

        def question() -> str:
            return t("An app keeps {cpus} CPU busy. {copies} copies run one per VM; each VM gets the smallest whole "
                     "number of vCPUs that covers the app, and the admission policy reserves one core per vCPU (no "
                     "overcommit). How many cores are reserved but left unused (stranded)?",
                     cpus=number(app.cpus), copies=n)

        def givens() -> list[str]:
            return []

        def solution() -> list[str]:
            c = compare(host, app, count=n)
            idle = _g(vcpus - app.cpus)
            total = _g(c.vm.stranded_cpus)
            return [
                tn("A VM gets whole vCPUs: ceil({cpus}) = {n} vCPU per VM.",
                   "A VM gets whole vCPUs: ceil({cpus}) = {n} vCPUs per VM.", vcpus, cpus=number(app.cpus)),
                t("Each VM leaves {vcpus} - {cpus} = {idle} of its reserved cores idle.", vcpus=vcpus,
                  cpus=number(app.cpus), idle=idle),
                t("{copies} VMs x {idle} = {total} cores stranded. They are idle (the host could run other work "
                  "there), but the policy gives them to no one else. A container requests exactly the app's CPU, so "
                  "it strands none.", copies=n, idle=idle, total=total),
            ]
    else:
        vm_mem = rng.choice((4, 8))
        app = App("app", cpus=1, memory_gib=rng.choice((0.5, 1.0, 1.5, 2.0)))
        vcpus = 1
        os_ = GUEST_OS["ubuntu-server"]
        unit, resource = "GiB", "memory"

        def question() -> str:
            return t("{copies} VMs each reserve {vm_memory} GiB of guest RAM and run {os} and one app that uses "
                     "{app_memory} GiB. How many GiB of guest RAM, in total, are reserved but used by neither the "
                     "guest OS nor the app (stranded)?", copies=n, vm_memory=precise(vm_mem), os=os_.label,
                     app_memory=number(app.memory_gib))

        def givens() -> list[str]:
            return [t("Reserve {floor} GiB of each VM's RAM for {os}, its sizing floor.", floor=_g(os_.memory_gib),
                      os=os_.label)]

        def solution() -> list[str]:
            each = vm_mem - os_.memory_gib - app.memory_gib
            f = dict(copies=n, vm_memory=precise(vm_mem), floor=_g(os_.memory_gib), app_memory=number(app.memory_gib),
                     each=_g(each), total=_g(n * each))
            return [
                t("Inside each VM the guest OS's floor takes {floor} GiB and the app {app_memory} GiB.", **f),
                t("Each VM strands {vm_memory} - {floor} - {app_memory} = {each} GiB.", **f),
                t("{copies} VMs x {each} GiB = {total} GiB stranded (the hypervisor's overhead outside guest RAM is "
                  "not counted: it is not guest RAM). In the used view the host would not even back most of it: RAM "
                  "a guest never touches is never backed.", **f),
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
    host = Host(cpu_cores=64, memory_gib=512)

    def what() -> str:
        return beneath_what(product, N_("the host OS's kernel, which it runs on"))

    def question() -> str:
        return t("Host A runs {product} ({kind}) with {vms} Ubuntu VMs. Host B runs {containers} containers on "
                 "Ubuntu Server. How many operating-system kernels run on the two hosts together?",
                 product=prod.label, kind=prod.kind_text, vms=vms, containers=containers)

    def givens() -> list[str]:
        return [tn("Beneath its guests, {product} runs {n} kernel: {what}.",
                   "Beneath its guests, {product} runs {n} kernels: {what}.", prod.kernels_beneath,
                   product=prod.label, what=what())]

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
            t("Host A: each VM boots its own guest kernel: {vms}.", vms=vms),
            t("Beneath them {product} runs {beneath} more ({what}): {vms} + {beneath} = {kernels}.",
              product=prod.label, beneath=hv.kernels_beneath, what=what(), vms=vms, kernels=hv.kernels),
            t("Host B: all {containers} containers share the host's one kernel: {kernels}.", containers=containers,
              kernels=rt.kernels),
            t("Together: {a} + {b} = {total} kernels.", a=hv.kernels, b=rt.kernels, total=hv.kernels + rt.kernels),
        ]

    return _make("kernels", seed, question, givens, "kernels",
                 dict(product=product, hypervisor=prod.kind, vms=vms, containers=containers), answer, solution)


# -- overcommit ---------------------------------------------------------------


def _overcommit(rng: random.Random, seed: int) -> Problem:
    cores = rng.choice((4, 8, 16))
    oc = rng.choice((1.5, 2.0, 3.0, 4.0))
    vcpus = rng.choice((1, 2, 4))
    busy = vcpus * rng.choice((0.5, 0.75))  # below the vCPUs, so the VM can burn virtualization's extra CPU
    vm_mem = 2
    host = Host(cpu_cores=cores, memory_gib=512)
    app = App("busy", cpus=busy, memory_gib=0.5)
    variant = rng.choice(("count", "slowdown"))
    p = parameters()
    over = p.value("hypervisor.cpu_overhead_fraction")

    def setting() -> str:
        return tn("A host with {cores} cores runs KVM under an admission policy with a CPU overcommit of {factor}: "
                  "the VMs' vCPUs may add up to {factor} times the cores. Each VM has {n} vCPU and {vm_memory} GiB of "
                  "memory, and memory is plentiful ({host_memory} GiB).",
                  "A host with {cores} cores runs KVM under an admission policy with a CPU overcommit of {factor}: "
                  "the VMs' vCPUs may add up to {factor} times the cores. Each VM has {n} vCPUs and {vm_memory} GiB "
                  "of memory, and memory is plentiful ({host_memory} GiB).",
                  vcpus, cores=precise(cores), factor=number(oc), vm_memory=precise(vm_mem),
                  host_memory=precise(host.memory_gib))

    def scenario():
        return fill_vms(host, _floor(cores * oc, vcpus) + 1, vcpus, vm_mem, guest_os="ubuntu-cloud",
                        cpu_overcommit=oc, app=app)

    if variant == "count":
        unit = "VMs"

        def question() -> str:
            return setting() + " " + t("How many such VMs does the policy admit?")

        def givens() -> list[str]:
            return []

        def answer() -> int:
            return scenario().placed

        def solution() -> list[str]:
            n = scenario().placed
            return [
                t("The policy lets vCPUs add up to cores x factor = {cores} x {factor} = {total}.",
                  cores=precise(cores), factor=number(oc), total=_g(cores * oc)),
                t("{total} / {vcpus} vCPU per VM = {n} VMs (memory does not limit here).", total=_g(cores * oc),
                  vcpus=vcpus, n=n),
            ]
        tol = None
    else:
        unit = ""

        def question() -> str:
            return setting() + " " + t(
                "The hypervisor admits as many VMs as the policy allows, and every VM's app does {busy} CPU of work "
                "(as measured on bare metal), all at the same time. By what factor does the competition for the "
                "cores slow the apps down (1 means the cores keep up)?", busy=number(busy))

        def givens() -> list[str]:
            return [
                t("In a VM, the same work costs the host {overhead} more CPU (tuned KVM ran Linpack at {linpack} of "
                  "native).", overhead=_pct(over), linpack=_pct(p.value("performance.kvm_linpack_tuned"))),
                t("When the cores are asked for more work than they can do, the apps take turns: the slowdown is the "
                  "work asked for divided by the cores; otherwise it is 1."),
            ]

        def answer() -> float:
            return round(scenario().system.usage().cpu_slowdown, 6)

        def solution() -> list[str]:
            s = scenario()
            n = s.placed
            demand = s.system.usage().cpu.demand
            return [
                t("The hypervisor admits {total} / {vcpus} = {n} VMs.", total=_g(cores * oc), vcpus=vcpus, n=n),
                t("Their apps' work is {n} x {busy} = {work} cores, and {overhead} more for running in VMs: {demand} "
                  "cores.", n=n, busy=number(busy), work=_g(n * busy), overhead=_pct(over), demand=_g(demand)),
                t("The host has {cores} cores, so the slowdown is max(1, {demand} / {cores}) = {slowdown}.",
                  cores=precise(cores), demand=_g(demand), slowdown=_g(s.system.usage().cpu_slowdown)),
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
    best_fit = policy == "best_fit_decreasing"  # weighs disk too; first fit never runs out of it here
    cluster = Cluster(Host(cpu_cores=cores, memory_gib=mem))
    apps = tuple(App(f"{name}-{i + 1}", cpus=c, memory_gib=m) for name, c, m, k in groups for i in range(k))

    def arrivals() -> str:
        items = [t("{count} x {app} ({cpus} CPU, {memory} GiB)", count=k, app=name, cpus=number(c), memory=number(m))
                 for name, c, m, k in groups]
        if len(items) == 2:
            return t("{first}, then {second}", first=items[0], second=items[1])
        return t("{first}, then {second}, then {third}", first=items[0], second=items[1], third=items[2])

    def question() -> str:
        sentences = [t("A cloud has identical hosts of {cores} cores and {memory} GiB. These apps arrive: {apps}.",
                       cores=precise(cores), memory=precise(mem), apps=arrivals())]
        if packaging == "vm":
            sentences.append(t("Each app runs in its own VM (Ubuntu Server guest, on KVM)."))
        else:
            sentences.append(t("Each app runs in its own container."))
        if policy == "first_fit":
            sentences.append(t("They are placed with first fit (each app, in the order listed, goes on the first "
                               "host with room)."))
        else:
            sentences.append(t("They are placed with best fit decreasing (the largest apps first, by the biggest of "
                               "their CPU, memory and disk shares of a host; each goes on the host it leaves with the "
                               "least room, counting the host's free shares of CPU, memory and disk added up)."))
        sentences.append(t("How many hosts are powered on?"))
        return " ".join(sentences)

    def givens() -> list[str]:
        if packaging == "vm":
            out = [
                t("Each VM reserves whole vCPUs (the app's CPU rounded up) and guest RAM = the app's memory + {floor} "
                  "GiB for Ubuntu Server, its sizing floor.", floor=_g(GUEST_OS["ubuntu-server"].memory_gib)),
                _given_vm_overhead(), _given_platform("kvm"), t("No overcommit: every vCPU reserves one core."),
            ]
        else:
            out = [t("Each container requests exactly its app's CPU and memory; no overcommit."),
                   _given_container_platform()]
        if best_fit:
            out.append(_given_disk(cluster, packaging, apps[0].disk_gib))
        return out

    def place():
        return cluster.place(apps, packaging=packaging, policy=policy)

    def answer() -> int:
        return place().hosts_used

    def solution() -> list[str]:
        p = place()
        room = cluster.room(packaging)
        if best_fit:
            steps = [t("Room on one host after its platform: {cores} cores, {memory} GiB of memory, {disk} GiB of "
                       "disk.", cores=_g(room[0]), memory=_g(room[1]), disk=_g(room[2]))]
        else:
            steps = [t("Room on one host after its platform: {cores} cores, {memory} GiB.", cores=_g(room[0]),
                       memory=_g(room[1]))]
        for name, c, m, _k in groups:
            f = footprint(App(name, cpus=c, memory_gib=m), packaging)
            takes = dict(app=name, n=_g(f.cpus), memory=_g(f.memory_gib), disk=_g(f.disk_gib))
            if best_fit and packaging == "vm":
                steps.append(tn("Each {app} VM takes {n} core, {memory} GiB of memory and {disk} GiB of disk.",
                                "Each {app} VM takes {n} cores, {memory} GiB of memory and {disk} GiB of disk.",
                                _count(_g(f.cpus)), **takes))
            elif best_fit:
                steps.append(tn("Each {app} container takes {n} core, {memory} GiB of memory and {disk} GiB of disk.",
                                "Each {app} container takes {n} cores, {memory} GiB of memory and {disk} GiB of "
                                "disk.", _count(_g(f.cpus)), **takes))
            elif packaging == "vm":
                steps.append(tn("Each {app} VM takes {n} core and {memory} GiB.",
                                "Each {app} VM takes {n} cores and {memory} GiB.", _count(_g(f.cpus)), **takes))
            else:
                steps.append(tn("Each {app} container takes {n} core and {memory} GiB.",
                                "Each {app} container takes {n} cores and {memory} GiB.", _count(_g(f.cpus)),
                                **takes))
        steps.append(t("No policy can use fewer than {n} hosts (total need / room per host, rounded up, for the "
                       "tightest resource).", n=p.lower_bound_hosts))
        contents = []
        for h in range(p.hosts_used):
            counts: dict[str, int] = {}
            for i in p.host_instances(h):
                base = apps[i].name.rsplit("-", 1)[0]
                counts[base] = counts.get(base, 0) + 1
            held = ", ".join(t("{count} {app}", count=k, app=app_name) for app_name, k in counts.items())
            contents.append(t("host {number}: {apps}", number=h + 1, apps=held))
        steps.append(t("The policy fills: {hosts}.", hosts="; ".join(contents)))
        steps.append(t("So {n} hosts are powered on.", n=p.hosts_used))
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
    unit = {"downtime": "ms", "total": "s", "rounds": "rounds"}[variant]

    def run():
        return migrate(memory_gib, dirty, link / MIB_PER_GBIT, stop_mib=stop)

    def question() -> str:
        setting = t("A running VM with {memory} GiB of memory is moved to another host by pre-copy live migration. "
                    "The link between the hosts carries {link} MiB/s, and the VM keeps writing to (dirtying) its "
                    "memory at {dirty} MiB/s.", memory=precise(memory_gib), link=precise(link), dirty=number(dirty))
        ask = {
            "downtime": t("How long is the VM paused (its downtime), in milliseconds?"),
            "total": t("How long does the whole migration take, from the first round to the end of the pause, in "
                       "seconds?"),
            "rounds": t("How many pre-copy rounds run while the VM is still running (not counting the pause)?"),
        }[variant]
        return setting + " " + ask

    def givens() -> list[str]:
        return [
            "1 GiB = 1024 MiB.",
            t("Round 1 sends the whole memory while the VM runs. Each later round re-sends the memory dirtied during "
              "the round before: the dirty rate times that round's length."),
            t("Once what is left to send is at most {stop} MiB, the VM is paused and the rest is sent (stop-and-copy); "
              "that pause is the downtime. (Pre-copy would also stop after 30 rounds or 3 times the memory sent; "
              "neither happens here.)", stop=precise(stop)),
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
                steps.append(t("{sent} MiB is at most {stop} MiB: the VM pauses while it is sent, {sent} / {link} = "
                               "{ms} ms.", sent=hand(r.sent_mib), stop=precise(stop), link=precise(link),
                               ms=hand(r.seconds * 1000)))
            else:
                steps.append(t("Round {index}: {sent} MiB / {link} MiB/s = {seconds} s; meanwhile the VM dirties "
                               "{dirty} x {seconds} = {dirtied} MiB.", index=r.index, sent=hand(r.sent_mib),
                               link=precise(link), seconds=hand(r.seconds), dirty=number(dirty),
                               dirtied=hand(min(m.memory_mib, dirty * r.seconds))))
        steps.append(t("So {rounds} pre-copy rounds, {downtime} ms paused, and {total} s in all (each round is "
                       "1/{ratio} of the one before, because the link is {ratio} times faster than the dirtying).",
                       rounds=len(m.precopy_rounds), downtime=_g(m.downtime_seconds * 1000), total=_g(m.total_seconds),
                       ratio=ratio))
        return steps

    return _make("migration", seed, question, givens, unit,
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
