"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from vizlib.text import catalog


class Marked(catalog.Catalog):
    """A stand-in Korean catalogue that says every message as «msgid», so a test sees what was read again from the
    catalogue, whatever the real translations are."""

    def __init__(self):
        super().__init__("en")
        self.language = "ko"

    def get(self, msgid, context=None):
        return f"«{msgid}»"

    def nget(self, singular, plural, n, context=None):
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def marked():
    """Put :class:`Marked` in place of the Korean catalogue; the test switches to it with ``set_language("ko")``."""
    saved = catalog._CATALOGS.get("ko")
    catalog._CATALOGS["ko"] = Marked()
    try:
        yield
    finally:
        catalog.set_language("en")
        if saved is None:
            catalog._CATALOGS.pop("ko", None)
        else:
            catalog._CATALOGS["ko"] = saved
