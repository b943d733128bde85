"""The answer cache's key is what a query means: spacing and case make no new entry, a
diacritic, a quote or another word does."""

from __future__ import annotations

import pytest

from opendata.datasette_plugin.api import _query_key


@pytest.mark.parametrize("typed", ["cai cach", "  CAI  Cach ", "Cai\tcach", "cai cach\u200b"])
def test_spacing_and_case_share_one_entry(typed):
    assert _query_key(typed) == _query_key("cai cach")


@pytest.mark.parametrize("other", ["cải cách", '"cai cach"', "cai cach xa", "cach cai", "UBND"])
def test_a_different_meaning_is_a_different_entry(other):
    assert _query_key(other) != _query_key("cai cach")
