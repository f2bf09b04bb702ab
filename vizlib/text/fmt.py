"""Numbers and amounts as a learner reads them: one set of rules for the whole course.

Units stay in Latin letters in every language (GiB, MiB, ms, s), separated from the number by a space; only the
words around them come from the catalogue.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable

__all__ = ["columns", "gib", "mib", "mib_range", "number", "pad", "percent", "precise", "seconds"]


def number(x: float, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals and no trailing zeros; thousands grouped with commas.

    Examples
    --------
    >>> number(2.0), number(1.5), number(0.25), number(1234.5678), number(1 / 3, 3), number(150.3, 0), number(10.01)
    ('2', '1.5', '0.25', '1,234.57', '0.333', '150', '10.01')
    """
    x = float(x)
    if abs(x - round(x)) < 10 ** -(digits + 1) / 2 or digits <= 0:
        return f"{round(x):,}"
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def precise(x: float) -> str:
    """A number as a worked answer gives it: whole numbers whole, otherwise four significant digits.

    Examples
    --------
    >>> precise(12), precise(3.5), precise(0.0023), precise(1234.5678), precise(12345.6)
    ('12', '3.5', '0.0023', '1235', '12346')
    """
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    if abs(x) >= 1e4:
        return f"{x:.0f}"
    s = f"{x:.4g}"
    return s if "e" not in s else f"{x:.6f}".rstrip("0").rstrip(".")


def gib(x: float, *, mib_below: float = 1.0, digits: int = 2) -> str:
    """Memory given in GiB: ``512 MiB`` below ``mib_below`` GiB, else ``1.5 GiB`` (``digits`` decimals at most).

    Examples
    --------
    >>> gib(0.25), gib(0.352), gib(4), gib(17.29045)
    ('256 MiB', '360 MiB', '4 GiB', '17.29 GiB')
    >>> gib(0.5, mib_below=0.1), gib(0.05, mib_below=0.1), gib(2.26, digits=1)
    ('0.5 GiB', '51 MiB', '2.3 GiB')
    """
    if 0 < abs(x) < mib_below:
        return f"{x * 1024:.0f} MiB"
    return f"{number(x, digits)} GiB"


def mib(x: float) -> str:
    """Memory given in MiB: ``2.5 MiB``, ``148 MiB``, ``2.36 GiB``, ``141 GiB``, ``1.5 TiB``.

    Examples
    --------
    >>> mib(2.5), mib(139.5), mib(2420), mib(144000), mib(3 * 1024 * 1024)
    ('2.5 MiB', '140 MiB', '2.36 GiB', '141 GiB', '3 TiB')
    """
    if x >= 1024 * 1024:
        return f"{number(x / 1024 / 1024, 1)} TiB"
    if x >= 1024:
        g = x / 1024
        return f"{number(g, 2 if g < 10 else 1 if g < 100 else 0)} GiB"
    return f"{number(x, 1)} MiB" if x < 10 else f"{x:,.0f} MiB"


def mib_range(lo: float, hi: float, amount: Callable[[float], str] | None = None) -> str:
    """``2.5 MiB``, ``130-160 MiB``, ``127-156 GiB``: one unit where both ends share it. ``amount`` writes each end
    (default :func:`mib`).

    Examples
    --------
    >>> mib_range(131, 148), mib_range(2.5, 2.5), mib_range(900, 2048)
    ('131-148 MiB', '2.5 MiB', '900 MiB-2 GiB')
    """
    amount = amount or mib
    a, b = amount(lo), amount(hi)
    if a == b:
        return a
    (na, ua), (nb, ub) = a.rsplit(" ", 1), b.rsplit(" ", 1)
    return f"{na}-{nb} {ub}" if ua == ub else f"{a}-{b}"


def seconds(s: float) -> str:
    """A duration: ``0.04 ms``, ``446 ms``, ``2.5 s``, ``108 s``; infinity as ``∞``.

    Examples
    --------
    >>> seconds(0.00004), seconds(0.446), seconds(2.46), seconds(107.9), seconds(math.inf)
    ('0.04 ms', '446 ms', '2.5 s', '108 s', '∞')
    """
    if math.isinf(s):
        return "∞"
    if s < 1:
        return f"{s * 1000:.0f} ms" if s >= 0.001 else f"{number(s * 1000)} ms"
    return f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def percent(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage: ``57%``, ``97.7%``.

    Examples
    --------
    >>> percent(50 / 88), percent(0.977, 1), percent(0.0235, 2), percent(0.503)
    ('57%', '97.7%', '2.35%', '50%')
    """
    return f"{number(fraction * 100, digits)}%"


def columns(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: Hangul and other East Asian wide characters take two.

    Examples
    --------
    >>> columns("kernel"), columns("커널")
    (6, 4)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (aligned right if ``right``), for tables printed as text.

    Examples
    --------
    >>> pad("커널", 6) + "|", pad("7", 3, right=True)
    ('커널  |', '  7')
    """
    gap = " " * max(width - columns(text), 0)
    return gap + text if right else text + gap
