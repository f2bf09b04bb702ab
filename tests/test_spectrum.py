"""The isolation spectrum: ordered rows whose numbers all come from the cited parameter table."""

import dataclasses

import pytest

import vizlib as vz
from vizlib.model.isolation import BOUNDARIES, Isolation, Spectrum, spectrum

ORDER = ["process", "container", "gvisor", "kata", "firecracker", "lightvm", "vm"]


def test_rows_in_order_from_process_to_full_vm():
    rows = spectrum()
    assert isinstance(rows, Spectrum) and isinstance(rows, tuple)
    assert [r.key for r in rows] == ORDER
    assert all(isinstance(r, Isolation) for r in rows)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].start_seconds = 1.0


def test_boundaries_never_get_weaker_along_the_spectrum():
    rank = {b: i for i, b in enumerate(BOUNDARIES)}
    ranks = [rank[r.boundary] for r in spectrum()]
    assert ranks == sorted(ranks)
    by_key = {r.key: r for r in spectrum()}
    assert by_key["container"].boundary == "shared kernel"
    assert by_key["gvisor"].boundary == "user-space kernel"
    assert {by_key[k].boundary for k in ("kata", "firecracker", "lightvm", "vm")} == {"separate guest kernel"}
    assert all(r.own_kernel == (r.boundary == "separate guest kernel") for r in spectrum())


def test_every_number_is_a_cited_parameter():
    table = vz.parameters()
    by_key = {r.key: r for r in spectrum()}
    expected_start = {
        "container": "runtime.start_seconds",
        "gvisor": "spectrum.gvisor.start_seconds",
        "kata": "spectrum.kata.start_seconds",
        "firecracker": "spectrum.firecracker.boot_seconds",
        "lightvm": "spectrum.lightvm.boot_seconds",
    }
    for key, param in expected_start.items():
        row = table[param]
        assert by_key[key].start_seconds == row.value
        assert (by_key[key].start_source, by_key[key].start_confidence) == (row.source, row.confidence)
    vm = by_key["vm"]
    # the VM's start counts each part once: VM start with a minimal kernel to init, then the rest of a full boot
    assert vm.start_seconds == table.value("guest_os.ubuntu-server.boot_rest_seconds") + table.value(
        "hypervisor.boot_to_init_seconds")
    assert vm.start_confidence == "assumption" and vm.start_text() == "about 30 s"
    assert "Agache" in vm.start_source and "course assumption" in vm.start_source
    assert (vm.overhead_mib, vm.overhead_max_mib) == (table.value("spectrum.qemu.vmm_mib_low"),
                                                     table.value("spectrum.qemu.vmm_mib_high"))
    assert by_key["firecracker"].overhead_mib == table.value("spectrum.firecracker.vmm_mib")
    assert (by_key["kata"].overhead_mib, by_key["kata"].overhead_max_mib) == (130, 160)
    for r in spectrum():
        if r.start_seconds is not None:
            assert r.start_source and r.start_confidence in {"read", "derived", "measured", "secondary", "assumption"}
        if r.overhead_mib:
            assert r.overhead_source and r.overhead_confidence in {
                "read", "derived", "measured", "secondary", "assumption"}
    # attack-surface comparisons carry their own sources
    assert "LWN" in by_key["firecracker"].note_source and "gVisor blog" in by_key["gvisor"].note_source
    boundaries = [r.boundary for r in spectrum()]
    assert boundaries == sorted(boundaries, key=list(vz.BOUNDARIES).index)  # grouped by mechanism
    assert by_key["process"].start_seconds is None and by_key["process"].start_text() == "no cited figure"


def test_confidence_matches_how_each_fact_was_gathered():
    table = vz.parameters()
    assert table["spectrum.lightvm.boot_seconds"].confidence == "read"
    assert "SOSP 2017" in table["spectrum.lightvm.boot_seconds"].source
    assert table["spectrum.firecracker.boot_seconds"].confidence == "derived"
    assert "NSDI 2020" in table["spectrum.firecracker.vmm_mib"].source
    assert table["spectrum.gvisor.start_seconds"].confidence == "secondary"
    assert table["spectrum.kata.qemu_overhead_mib"].confidence == "read"
    assert table["spectrum.container.exploits_succeeded"].confidence == "read"


def test_the_facts_learners_enjoy_hold():
    by_key = {r.key: r for r in spectrum()}
    assert by_key["lightvm"].start_seconds < by_key["container"].start_seconds  # a VM that starts faster
    assert by_key["firecracker"].overhead_mib < by_key["vm"].overhead_mib / 10
    assert by_key["lightvm"].start_text() == "2.3 ms" and by_key["firecracker"].start_text() == "161 ms"
    assert "274 of the 350" in by_key["gvisor"].note and "50 of 88" in by_key["container"].note


def test_table_text_html_and_sources():
    rows = spectrum()
    text = repr(rows)
    assert text.splitlines()[0].startswith("isolation") and all(r.label in text for r in rows)
    html = rows._repr_html_()
    assert html.count("<tr>") == len(rows) + 1 and "separate guest kernel" in html
    sources = rows.sources()
    assert any("Manco" in s for s in sources) and any("Agache" in s for s in sources)
    assert any("Lin et al." in s for s in sources) and any("gVisor" in s for s in sources)
