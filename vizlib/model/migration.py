"""Pre-copy live migration of a running VM, round by round.

The algorithm of Clark et al., "Live Migration of Virtual Machines" (NSDI
2005): while the VM keeps running on the source host, its memory is copied
to the destination in rounds. The first round sends all of it; every later
round re-sends the pages the VM wrote again (dirtied) during the round
before. When what is left to send is small enough, or after too many rounds,
or after too much has been sent, the VM is paused and the rest is copied:
the *stop-and-copy* phase, whose length is the VM's downtime. Then it runs
on the destination.

The model is pure and deterministic: one number per quantity, no noise.

* A round that sends ``x`` MiB over a link of ``B`` MiB/s lasts ``x / B``
  seconds; meanwhile the VM dirties ``D`` MiB/s, so the next round has
  ``min(memory, D * x / B)`` MiB to send (a page dirtied twice is sent
  once).
* Pre-copy stops when what is left is at most the stop threshold, or after
  ``max_rounds`` rounds, or once the total sent would pass
  ``max_sent_factor`` times the memory (the limits Xen's migration code
  used: 30 rounds, 3x the memory). With ``max_rounds=None`` and no factor,
  a VM that dirties memory at least as fast as the link sends it never gets
  below the threshold: the migration does not converge.
* Downtime is the stop-and-copy: what is left, over the bandwidth. The model
  leaves out the few milliseconds of resuming on the destination and
  redirecting the network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vizlib.model import validate as v

__all__ = ["MIB_PER_GBIT", "Migration", "MigrationRound", "migrate"]

MIB_PER_GBIT = 1e9 / 8 / 2**20
"""MiB per second carried by a link of one gigabit (10^9 bits) per second: about 119.2."""

_NEVER_ROUNDS = 10_000  # with no round cap, a search this long tells a shrinking series from one that cannot shrink
_STUCK_ROUNDS_SHOWN = 4  # rounds recorded before giving up on one that does not shrink, so a figure can show it


@dataclass(frozen=True)
class MigrationRound:
    """One round: ``index`` (1 = the first full copy), MiB sent, and its start and end in seconds.

    ``stop_and_copy`` marks the last round, during which the VM is paused.
    """

    index: int
    sent_mib: float
    start_s: float
    end_s: float
    stop_and_copy: bool = False

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Migration:
    """The result of :func:`migrate`.

    Attributes
    ----------
    memory_gib, dirty_mib_s, bandwidth_gbit_s, stop_mib : float
        The settings.
    max_rounds : int or None
    max_sent_factor : float or None
    rounds : tuple of MigrationRound
        Pre-copy rounds, then the stop-and-copy round (empty when it does not
        converge).
    converged : bool
        False when, with no round cap, the dirty rate keeps the remainder
        from ever reaching the stop threshold.
    stopped_by : str
        Why pre-copy ended: ``"threshold"`` (what was left was small enough),
        ``"max_rounds"``, ``"max_sent"``, or ``"never"`` (did not converge).
    """

    memory_gib: float
    dirty_mib_s: float
    bandwidth_gbit_s: float
    stop_mib: float
    max_rounds: int | None
    max_sent_factor: float | None
    rounds: tuple[MigrationRound, ...]
    converged: bool
    stopped_by: str

    @property
    def bandwidth_mib_s(self) -> float:
        return self.bandwidth_gbit_s * MIB_PER_GBIT

    @property
    def memory_mib(self) -> float:
        return self.memory_gib * 1024

    @property
    def precopy_rounds(self) -> tuple[MigrationRound, ...]:
        return tuple(r for r in self.rounds if not r.stop_and_copy)

    @property
    def total_seconds(self) -> float:
        """From the start of the first round until the VM runs on the destination (inf if it never converges)."""
        return self.rounds[-1].end_s if self.converged else math.inf

    @property
    def downtime_seconds(self) -> float:
        """How long the VM is paused: the stop-and-copy round (inf if it never converges)."""
        return self.rounds[-1].seconds if self.converged else math.inf

    @property
    def sent_mib(self) -> float:
        """Everything sent, first copy, re-sends and stop-and-copy (inf if it never converges)."""
        return sum(r.sent_mib for r in self.rounds) if self.converged else math.inf

    @property
    def sent_ratio(self) -> float:
        """Sent over the VM's memory: 1 would mean every page crossed the link exactly once."""
        return self.sent_mib / self.memory_mib


def migrate(
    memory_gib: float,
    dirty_mib_s: float,
    bandwidth_gbit_s: float,
    *,
    stop_mib: float = 64.0,
    max_rounds: int | None = 30,
    max_sent_factor: float | None = 3.0,
) -> Migration:
    """Migrate a running VM by pre-copy, round by round.

    Parameters
    ----------
    memory_gib : float
        The VM's memory (> 0), all of which the first round sends.
    dirty_mib_s : float
        How fast the running VM writes to pages already sent (MiB/s, >= 0).
    bandwidth_gbit_s : float
        The migration link (Gbit/s, > 0).
    stop_mib : float, default 64
        Stop pre-copying once at most this much is left (MiB, > 0).
    max_rounds : int or None, default 30
        Stop pre-copying after this many rounds (Xen's migration code used
        30); ``None`` for no cap.
    max_sent_factor : float or None, default 3
        Stop pre-copying before the total sent passes this many times the
        memory (Xen's code used 3); ``None`` for no limit.

    Returns
    -------
    Migration

    Examples
    --------
    >>> m = migrate(memory_gib=4, dirty_mib_s=50, bandwidth_gbit_s=1)
    >>> m.stopped_by, len(m.precopy_rounds), round(m.downtime_seconds, 2)
    ('threshold', 5, 0.45)
    >>> migrate(4, dirty_mib_s=200, bandwidth_gbit_s=1, max_rounds=None, max_sent_factor=None).converged
    False
    """
    memory_gib = v.number("memory_gib", memory_gib)
    dirty = v.number("dirty_mib_s", dirty_mib_s, inclusive=True)
    gbit = v.number("bandwidth_gbit_s", bandwidth_gbit_s)
    stop = v.number("stop_mib", stop_mib)
    if max_rounds is not None:
        max_rounds = v.whole("max_rounds", max_rounds, minimum=1)
    if max_sent_factor is not None:
        max_sent_factor = v.number("max_sent_factor", max_sent_factor, minimum=1.0, inclusive=True)
    bandwidth = gbit * MIB_PER_GBIT
    memory = memory_gib * 1024
    rounds: list[MigrationRound] = []
    left, clock, sent = memory, 0.0, 0.0

    def result(converged: bool, stopped_by: str) -> Migration:
        done = list(rounds)
        if converged:
            done.append(MigrationRound(len(rounds) + 1, left, clock, clock + left / bandwidth, stop_and_copy=True))
        return Migration(memory_gib, dirty, gbit, stop, max_rounds, max_sent_factor, tuple(done), converged,
                         stopped_by)

    while True:
        if rounds:  # before each further round: is it time to stop and copy the rest?
            if left <= stop:
                return result(True, "threshold")
            if max_rounds is not None and len(rounds) >= max_rounds:
                return result(True, "max_rounds")
            if max_sent_factor is not None and sent + left > max_sent_factor * memory:
                return result(True, "max_sent")
            uncapped = max_rounds is None and max_sent_factor is None
            stuck = left >= rounds[-1].sent_mib  # this round sends no less than the last: it never will
            if uncapped and ((stuck and len(rounds) >= _STUCK_ROUNDS_SHOWN) or len(rounds) >= _NEVER_ROUNDS):
                return result(False, "never")  # no cap, and the remainder does not shrink to the threshold
        seconds = left / bandwidth
        rounds.append(MigrationRound(len(rounds) + 1, left, clock, clock + seconds))
        clock += seconds
        sent += left
        left = min(memory, dirty * seconds)
