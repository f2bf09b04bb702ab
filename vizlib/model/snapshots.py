"""What it costs to keep copies of a whole machine: full clones, linked clones, containers.

A VM's disk is an image file on the host. Copying it gives a *full clone*,
which needs no original. A *linked clone* (VirtualBox's name; QEMU does it
with a qcow2 image whose *backing file* is the template) starts as an empty
differencing image over the read-only template and stores only the blocks
the clone writes: copy-on-write. A snapshot of a disk works the same way:
from the moment it is taken, new writes go to a differencing image, and
reverting throws that image away. Containers started from one image share
its read-only layers the same way and add a writable layer each.

The model is pure arithmetic on sizes; every number comes from its
arguments, the guest OS profiles (:data:`vizlib.GUEST_OS`) or the image
sizes (:data:`vizlib.IMAGES`).
"""

from __future__ import annotations

from dataclasses import dataclass

from vizlib.model import validate as v
from vizlib.model.table import GUEST_OS, IMAGES
from vizlib.text.catalog import N_, t

__all__ = ["CLONE_KINDS", "CloneStorage", "clone_kind_text", "clone_storage"]

CLONE_KINDS = {
    "full": N_("full clones: every clone copies the whole template disk"),
    "linked": N_("linked clones: one read-only template, a differencing image per clone (copy-on-write)"),
    "containers": N_("containers from one image: shared read-only layers, a writable layer per container"),
}
"""The three ways :func:`clone_storage` stores copies of one machine, in words (in English; show them with
:func:`clone_kind_text`)."""


def clone_kind_text(kind: str) -> str:
    """What the clone ``kind`` (a key of :data:`CLONE_KINDS`) means, in the current language.

    >>> clone_kind_text("full")
    'full clones: every clone copies the whole template disk'
    """
    return t(CLONE_KINDS[kind])


@dataclass(frozen=True)
class CloneStorage:
    """Disk space for ``copies`` copies of one template, stored one way.

    ``shared_gib`` is stored once whatever the number of copies (the template, kept in every case, or the image);
    every copy adds ``copied_gib`` (its own copy of the template, full clones only) and ``written_gib`` (what it has
    changed; new blocks, as the model assumes every write is).
    """

    kind: str
    copies: int
    template_gib: float
    shared_gib: float
    copied_gib: float
    written_gib: float

    @property
    def per_copy_gib(self) -> float:
        """What each additional copy adds."""
        return self.copied_gib + self.written_gib

    @property
    def total_gib(self) -> float:
        """Everything on disk: the shared part once, plus every copy's own part."""
        return self.shared_gib + self.copies * self.per_copy_gib


def clone_storage(kind: str, copies: int, written_gib: float, *, guest_os: str = "ubuntu-server",
                  image: str = "ubuntu", template_gib: float | None = None) -> CloneStorage:
    """Disk needed for ``copies`` copies of one machine, each having written ``written_gib`` of its own.

    Parameters
    ----------
    kind : {"full", "linked", "containers"}
        See :data:`CLONE_KINDS`.
    copies : int
        Number of clones or containers, at least 1.
    written_gib : float
        What each copy has written since it was made (>= 0): new files, logs, changed blocks. For containers, what
        lands in its writable layer.
    guest_os : str
        For VMs, the template's guest OS; its disk sizing floor is the template's size unless ``template_gib`` is
        given.
    image : str
        For containers, the image they start from (a key of :data:`vizlib.IMAGES`).
    template_gib : float, optional
        The template disk's size, if larger than the guest OS's floor (real installations usually are).

    Examples
    --------
    >>> full = clone_storage("full", 10, 0.5)
    >>> linked = clone_storage("linked", 10, 0.5)
    >>> full.total_gib, linked.total_gib
    (60.0, 10.0)
    >>> clone_storage("containers", 10, 0.5).shared_gib < 0.1
    True
    """
    v.choice("kind", kind, CLONE_KINDS)
    copies = v.whole("copies", copies)
    written = v.number("written_gib", written_gib, inclusive=True)
    if kind == "containers":
        base = IMAGES[v.choice("image", image, IMAGES)]
        return CloneStorage(kind, copies, base, shared_gib=base, copied_gib=0.0, written_gib=written)
    os_ = GUEST_OS[v.choice("guest_os", guest_os, GUEST_OS)]
    base = os_.disk_gib if template_gib is None else v.number("template_gib", template_gib)
    if base < os_.disk_gib:
        raise ValueError(f"template_gib must be at least {os_.label}'s disk sizing floor of {os_.disk_gib:g} GiB, "
                         f"got {base:g}")
    if kind == "full":
        return CloneStorage(kind, copies, base, shared_gib=base, copied_gib=base, written_gib=written)
    return CloneStorage(kind, copies, base, shared_gib=base, copied_gib=0.0, written_gib=written)
