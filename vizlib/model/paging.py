"""Memory virtualization: how an address in a guest becomes an address in host memory.

A program's addresses are *virtual*; the CPU turns each into a physical
address by walking a page table that the kernel set up (on x86-64, four
levels: one memory reference per level, when the answer is not already
cached in the TLB). In a VM there are two translations: the guest's page
table turns a guest-virtual address into a *guest-physical* one, and the
hypervisor must turn that into a real, *host-physical* address.

* **Shadow page tables** (software): the hypervisor keeps, for each guest
  page table, a hidden copy that maps guest-virtual addresses straight to
  host-physical ones, and loads that copy into the CPU. A TLB miss costs a
  normal walk, but every change the guest makes to its page tables must be
  caught (a trap, or a VM exit) so the shadow can be updated.
* **Nested paging** (hardware: Intel EPT, AMD NPT): the CPU walks both
  tables itself. Each of the guest's page-table entries sits at a
  guest-physical address, which must itself be translated through the
  hypervisor's table before it can be read; so a miss can cost far more
  references, but the guest edits its own tables with no exit at all.

The counts below are arithmetic on the number of levels (see
:func:`walk_references`); they are upper bounds for one TLB miss, before the
paging-structure caches that real CPUs add.
"""

from __future__ import annotations

from dataclasses import dataclass

from vizlib.model import validate as v
from vizlib.text.catalog import N_, NP_, t, tp

__all__ = ["TRANSLATIONS", "Translation", "step_label", "translation", "translation_text", "walk_references"]

TRANSLATIONS = {
    "native": N_("no VM: the kernel's page table maps virtual to physical addresses"),
    "shadow": N_("shadow page tables: the hypervisor keeps a guest-virtual to host-physical copy in step"),
    "nested": N_("nested paging (EPT/NPT): the CPU walks the guest's table and the hypervisor's"),
}
"""The three ways :func:`translation` resolves an address, in words (in English; show them with
:func:`translation_text`)."""

# every word of Translation.steps has the context "address translation": show one with step_label()
_VIRTUAL = NP_("address translation", "virtual address")
_PHYSICAL = NP_("address translation", "physical address")
_GUEST_VIRTUAL = NP_("address translation", "guest-virtual address")
_GUEST_PHYSICAL = NP_("address translation", "guest-physical address")
_HOST_PHYSICAL = NP_("address translation", "host-physical address")
_KERNEL = NP_("address translation", "kernel")
_GUEST_KERNEL = NP_("address translation", "guest kernel")
_HYPERVISOR = NP_("address translation", "hypervisor")


def translation_text(mode: str) -> str:
    """What the translation ``mode`` (a key of :data:`TRANSLATIONS`) does, in the current language.

    >>> translation_text("native")
    "no VM: the kernel's page table maps virtual to physical addresses"
    """
    return t(TRANSLATIONS[mode])


def step_label(word: str) -> str:
    """One word of :attr:`Translation.steps` (an address space, a table or who keeps it), in the current language;
    the steps themselves stay English, as keys.

    >>> step_label("guest-physical address")
    'guest-physical address'
    """
    return tp("address translation", word)


def walk_references(mode: str, guest_levels: int = 4, host_levels: int = 4) -> int:
    """Memory references one TLB miss can cost, with no paging-structure caches.

    * ``"native"`` and ``"shadow"``: one per level of the table walked, ``guest_levels``.
    * ``"nested"``: each of the ``guest_levels`` guest entries needs a host walk (``host_levels``) to find it plus
      one reference to read it, and the final guest-physical address needs one more host walk:
      ``guest_levels * (host_levels + 1) + host_levels``.

    Examples
    --------
    >>> walk_references("native"), walk_references("shadow"), walk_references("nested")
    (4, 4, 24)
    >>> walk_references("nested", guest_levels=5, host_levels=5)
    35
    """
    v.choice("mode", mode, TRANSLATIONS)
    g = v.whole("guest_levels", guest_levels)
    h = v.whole("host_levels", host_levels)
    if mode == "nested":
        return g * (h + 1) + h
    return g


@dataclass(frozen=True)
class Translation:
    """One way of translating a guest's addresses: the steps, who keeps each table, and the costs.

    ``steps`` are ``(from address space, table, to address space, kept by)``, in English (they are keys too: show
    each with :func:`step_label`); ``walk_references`` is the most memory
    references one TLB miss can cost; ``exits_on_page_table_write`` says whether the guest's every page-table edit
    must reach the hypervisor.
    """

    mode: str
    steps: tuple[tuple[str, str, str, str], ...]
    walk_references: int
    exits_on_page_table_write: bool


def translation(mode: str, guest_levels: int = 4, host_levels: int = 4) -> Translation:
    """The steps and costs of ``mode`` (see :data:`TRANSLATIONS`).

    Examples
    --------
    >>> t = translation("nested")
    >>> [s[1] for s in t.steps], t.walk_references, t.exits_on_page_table_write
    (["guest's page table", "hypervisor's nested page table (EPT/NPT)"], 24, False)
    """
    refs = walk_references(mode, guest_levels, host_levels)
    if mode == "native":
        steps = ((_VIRTUAL, NP_("address translation", "kernel's page table"), _PHYSICAL, _KERNEL),)
        return Translation(mode, steps, refs, False)
    if mode == "shadow":
        steps = ((_GUEST_VIRTUAL, NP_("address translation", "shadow page table (the hypervisor's copy)"),
                  _HOST_PHYSICAL, _HYPERVISOR),)
        return Translation(mode, steps, refs, True)
    steps = (
        (_GUEST_VIRTUAL, NP_("address translation", "guest's page table"), _GUEST_PHYSICAL, _GUEST_KERNEL),
        (_GUEST_PHYSICAL, NP_("address translation", "hypervisor's nested page table (EPT/NPT)"), _HOST_PHYSICAL,
         _HYPERVISOR),
    )
    return Translation(mode, steps, refs, False)
