"""Pre-copy live migration: the model's invariants, its figure and its dashboard."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vizlib as vz
from vizlib.figures.machines import MIGRATION_TRACES
from vizlib.model.migration import MIB_PER_GBIT

settings_ = dict(max_examples=300, deadline=None)
memories = st.floats(0.1, 256)
dirty_rates = st.floats(0, 5000)
links = st.floats(0.1, 100)
stops = st.floats(1, 1024)
caps = st.one_of(st.none(), st.integers(1, 60))
factors = st.one_of(st.none(), st.floats(1, 10))


@settings(**settings_)
@given(mem=memories, dirty=dirty_rates, link=links, stop=stops, rounds=caps, factor=factors)
def test_rounds_add_up_and_downtime_is_at_most_the_total(mem, dirty, link, stop, rounds, factor):
    m = vz.migrate(mem, dirty, link, stop_mib=stop, max_rounds=rounds, max_sent_factor=factor)
    if not m.converged:
        assert math.isinf(m.total_seconds) and math.isinf(m.downtime_seconds)
        return
    assert m.downtime_seconds <= m.total_seconds
    assert m.rounds[0].sent_mib == pytest.approx(m.memory_mib)  # the first round sends everything
    assert [r.stop_and_copy for r in m.rounds] == [False] * (len(m.rounds) - 1) + [True]
    for a, b in zip(m.rounds, m.rounds[1:], strict=False):
        assert b.start_s == pytest.approx(a.end_s)  # rounds follow each other, no gaps
        assert b.sent_mib <= m.memory_mib + 1e-6 and b.sent_mib == pytest.approx(
            min(m.memory_mib, dirty * a.seconds))  # what was dirtied during the round before
    assert m.sent_mib == pytest.approx(sum(r.sent_mib for r in m.rounds))
    assert m.total_seconds == pytest.approx(m.sent_mib / m.bandwidth_mib_s)
    if rounds is not None:
        assert len(m.precopy_rounds) <= rounds
    if factor is not None and len(m.precopy_rounds) > 1:
        assert sum(r.sent_mib for r in m.precopy_rounds) <= factor * m.memory_mib + 1e-6
    if m.stopped_by == "threshold":
        assert m.rounds[-1].sent_mib <= stop


@settings(**settings_)
@given(mem=memories, dirty=dirty_rates, b1=links, b2=links, stop=stops, rounds=caps, factor=factors)
def test_more_bandwidth_never_lengthens_the_migration(mem, dirty, b1, b2, stop, rounds, factor):
    slow, fast = (vz.migrate(mem, dirty, b, stop_mib=stop, max_rounds=rounds, max_sent_factor=factor)
                  for b in sorted((b1, b2)))
    if slow.converged:
        assert fast.converged
        assert fast.total_seconds <= slow.total_seconds * (1 + 1e-9)


@settings(**settings_)
@given(mem=memories, link=links, stop=stops, excess=st.floats(1, 4))
def test_a_dirty_rate_at_or_above_the_bandwidth_never_converges_without_a_cap(mem, link, stop, excess):
    if mem * 1024 <= stop:  # a VM smaller than the threshold is copied in one round and paused for the rest
        return
    dirty = link * MIB_PER_GBIT * excess
    m = vz.migrate(mem, dirty, link, stop_mib=stop, max_rounds=None, max_sent_factor=None)
    assert not m.converged and m.stopped_by == "never"
    capped = vz.migrate(mem, dirty, link, stop_mib=stop)  # Xen's caps: it ends, with a long pause
    assert capped.converged and capped.stopped_by in ("max_rounds", "max_sent")
    assert capped.downtime_seconds >= min(capped.memory_mib, stop) / capped.bandwidth_mib_s


def test_a_documented_case_by_hand():
    m = vz.migrate(memory_gib=4, dirty_mib_s=50, bandwidth_gbit_s=1)
    b = 1e9 / 8 / 2**20  # MiB/s
    first = 4096 / b
    assert m.rounds[0].seconds == pytest.approx(first)
    assert m.rounds[1].sent_mib == pytest.approx(50 * first)
    assert m.stopped_by == "threshold" and len(m.precopy_rounds) == 5 and m.rounds[-1].sent_mib <= 64
    assert vz.migrate(4, 0, 1).downtime_seconds == 0  # a VM that writes nothing pauses for nothing


@pytest.mark.parametrize("kwargs, match", [
    ({"memory_gib": 0}, "memory_gib must be > 0"), ({"dirty_mib_s": -1}, "dirty_mib_s must be >= 0"),
    ({"bandwidth_gbit_s": 0}, "bandwidth_gbit_s must be > 0"), ({"stop_mib": 0}, "stop_mib must be > 0"),
    ({"max_rounds": 0}, "max_rounds must be >= 1"), ({"max_sent_factor": 0.5}, "max_sent_factor must be >= 1"),
])
def test_bad_settings_are_named(kwargs, match):
    args = {"memory_gib": 4, "dirty_mib_s": 50, "bandwidth_gbit_s": 1} | kwargs
    with pytest.raises(ValueError, match=match):
        vz.migrate(**args)


def test_figure_has_fixed_traces_and_says_what_happened():
    for m in (vz.migrate(4, 50, 1), vz.migrate(8, 110, 1), vz.migrate(4, 200, 1, max_rounds=None,
                                                                          max_sent_factor=None)):
        fig = vz.migration_figure(m)
        assert [t.meta["key"] for t in fig.data] == list(MIGRATION_TRACES)
        assert len(fig.data[0].x) == len(m.precopy_rounds) and len(fig.data[1].x) == int(m.converged)
        assert vz.describe(fig) == fig.layout.meta["description"]
    assert "does not converge" in vz.describe(vz.migration_figure(
        vz.migrate(4, 200, 1, max_rounds=None, max_sent_factor=None)))
    anim = vz.animate_migration(vz.migrate(4, 50, 1))
    assert len(anim.frames) == 6 and anim.frames[-1].layout.title.text.startswith("Stop-and-copy")


def test_dashboard_explains_what_cannot_converge_and_never_raises():
    d = vz.migration_dashboard()
    assert set(d.controls) == {"memory_gib", "dirty_mib_s", "bandwidth_gbit_s", "stop_mib", "capped"}
    d.controls["capped"].value = False
    d.controls["dirty_mib_s"].value = 500
    assert "Not possible without a cap" in d.summary.value
    assert "does not converge" in d.figures["migration"].layout.title.text
    d.controls["bandwidth_gbit_s"].value = 10
    assert "Not possible" not in d.summary.value
    rng = random.Random(3)
    for _ in range(200):
        name, c = rng.choice(sorted(d.controls.items()))
        c.value = rng.choice([True, False]) if name == "capped" else rng.choice(
            [c.min, c.max, c.min + (c.max - c.min) * rng.random()])
        assert d.summary.value and "Traceback" not in d.summary.value


def test_migrates_defaults_are_the_cited_parameters():
    import inspect

    table = vz.parameters()
    defaults = {k: p.default for k, p in inspect.signature(vz.migrate).parameters.items()}
    assert defaults["stop_mib"] == table.value("migration.stop_mib")
    assert defaults["max_rounds"] == table.value("migration.xen_max_rounds")
    assert defaults["max_sent_factor"] == table.value("migration.xen_max_factor")
