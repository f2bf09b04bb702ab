"""Argument checks shared by the model: every error names the parameter,
the value received and what is allowed."""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

__all__ = ["number", "whole", "choice", "name"]


def number(param: str, value: object, *, minimum: float = 0.0, inclusive: bool = False) -> float:
    """Return ``value`` as a finite float greater than (or equal to) ``minimum``.

    Raises ``TypeError`` for bools, strings and other non-numbers, and
    ``ValueError`` for NaN, infinities and values out of range.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{param} must be a number, got {value!r} ({type(value).__name__})"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{param} must be a finite number, got {value!r}")
    if value < minimum or (value == minimum and not inclusive):
        bound = ">=" if inclusive else ">"
        raise ValueError(f"{param} must be {bound} {minimum:g}, got {value:g}")
    return value


def whole(param: str, value: object, *, minimum: int = 1) -> int:
    """Return ``value`` as an int >= ``minimum``; floats with a fraction are refused."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(
            f"{param} must be a whole number, got {value!r} ({type(value).__name__})"
        )
    if not isinstance(value, Integral):
        if not math.isfinite(float(value)) or float(value) != int(value):
            raise ValueError(
                f"{param} must be a whole number (no fractions), got {value!r}"
            )
    value = int(value)
    if value < minimum:
        raise ValueError(f"{param} must be >= {minimum}, got {value}")
    return value


def choice(param: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise list the known ones."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"unknown {param} {value!r}; known: {', '.join(repr(a) for a in allowed)}"
        )
    return value


def name(param: str, value: object) -> str:
    """Return a non-empty instance name."""
    if not isinstance(value, str):
        raise TypeError(f"{param} must be a string, got {value!r} ({type(value).__name__})")
    if not value.strip():
        raise ValueError(f"{param} must be a non-empty string, got {value!r}")
    return value
