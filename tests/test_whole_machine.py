"""Copies of a whole machine, address translation in a VM, cloud vCPUs, and what each kind of 'VM' virtualizes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vizlib as vz


@settings(max_examples=60, deadline=None)
@given(copies=st.integers(1, 500), written=st.floats(0, 20), extra=st.floats(0, 50))
def test_linked_clones_never_take_more_than_full_clones(copies, written, extra):
    template = vz.GUEST_OS["ubuntu-server"].disk_gib + extra
    full = vz.clone_storage("full", copies, written, template_gib=template)
    linked = vz.clone_storage("linked", copies, written, template_gib=template)
    assert full.total_gib == pytest.approx(template + copies * (template + written))
    assert linked.total_gib == pytest.approx(template + copies * written)
    assert linked.total_gib < full.total_gib


def test_containers_share_the_image_once():
    c = vz.clone_storage("containers", 20, 0.01, image="alpine")
    assert c.shared_gib == vz.IMAGES["alpine"] and c.per_copy_gib == 0.01
    assert c.total_gib == pytest.approx(vz.IMAGES["alpine"] + 20 * 0.01)


@pytest.mark.parametrize("kwargs, words", [
    (dict(kind="copy", copies=2, written_gib=0), "kind"),
    (dict(kind="full", copies=0, written_gib=0), "copies"),
    (dict(kind="full", copies=2, written_gib=-1), "written_gib"),
    (dict(kind="linked", copies=2, written_gib=0, template_gib=1), "template_gib"),
    (dict(kind="linked", copies=2, written_gib=0, guest_os="dos"), "guest_os"),
])
def test_bad_clone_settings_name_the_parameter(kwargs, words):
    with pytest.raises(ValueError, match=words):
        vz.clone_storage(**kwargs)


@settings(max_examples=60, deadline=None)
@given(g=st.integers(1, 6), h=st.integers(1, 6))
def test_a_nested_walk_costs_a_host_walk_per_guest_level_and_one_more(g, h):
    assert vz.walk_references("native", g, h) == g == vz.walk_references("shadow", g, h)
    assert vz.walk_references("nested", g, h) == g * (h + 1) + h
    assert vz.walk_references("nested", g, h) > vz.walk_references("native", g, h)


def test_only_shadow_paging_sends_page_table_edits_to_the_hypervisor():
    assert [vz.translation(m).exits_on_page_table_write for m in vz.TRANSLATIONS] == [False, True, False]
    nested = vz.translation("nested")
    assert nested.steps[0][2] == nested.steps[1][0] == "guest-physical address"


def test_address_translation_figure_states_the_counts():
    fig = vz.address_translation_figure()
    desc = fig.layout.meta["description"]
    assert "up to 24 references" in desc and "same 4 references" in desc
    assert "24" in fig.layout.title.text


def test_vcpu_figure_counts_threads_as_vcpus():
    fig = vz.vcpu_figure(cores=4, instances=[("a", 4), ("b", 3)], threads_per_core=2)
    desc = fig.layout.meta["description"]
    assert "4 physical cores" in desc and "a has 4 vCPUs: 4 hardware threads on 2 cores" in desc
    assert "b has 3 vCPUs: 3 hardware threads on 1.5 cores" in desc and "1 hardware threads are free" in desc
    with pytest.raises(ValueError, match="need 9 vCPUs"):
        vz.vcpu_figure(cores=4, instances=[("a", 9)], threads_per_core=2)


def test_clones_figure_totals_match_the_model():
    rows = [vz.clone_storage(k, 8, 0.25) for k in ("full", "linked", "containers")]
    fig = vz.clones_figure(*rows)
    totals = next(t for t in fig.data if t.meta["key"] == "totals")
    assert list(totals.x) == [r.total_gib for r in rows]
    with pytest.raises(TypeError, match="CloneStorage"):
        vz.clones_figure("full")


def test_each_kind_of_virtualization_says_what_it_virtualizes_and_cites_it():
    kinds = vz.virtualization_kinds()
    assert {k.key for k in kinds} == {"system_vm", "emulator", "container", "language_vm"}
    assert all(k.virtualizes and k.source for k in kinds)
    assert "instruction set" in next(k for k in kinds if k.key == "language_vm").virtualizes
    assert "<table" in kinds._repr_html_() and "language VM" in repr(kinds)
