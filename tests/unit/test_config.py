"""Configuration is parsed once and fails loudly, naming what is wrong."""

from __future__ import annotations

import pytest

from portal.platform.config import load

COMPLETE = {"TABLE_NAME": "t", "SIGNING_SECRET_ID": "s", "DOCUMENTS_BUCKET": "b", "AWS_REGION": "eu-west-3"}


def test_a_complete_environment_gives_settings_with_defaults():
    settings = load(COMPLETE)

    assert (settings.table_name, settings.region) == ("t", "eu-west-3")
    assert settings.tenant_cache_seconds == 300


def test_missing_variables_are_all_named():
    with pytest.raises(RuntimeError, match=r"SIGNING_SECRET_ID \(missing\).*AWS_REGION \(missing\)"):
        load({"TABLE_NAME": "t", "DOCUMENTS_BUCKET": "b"})


def test_a_blank_variable_counts_as_missing():
    with pytest.raises(RuntimeError, match="TABLE_NAME"):
        load({**COMPLETE, "TABLE_NAME": "  "})


def test_a_malformed_number_is_named():
    with pytest.raises(RuntimeError, match=r"TENANT_CACHE_SECONDS \(not a whole number\)"):
        load({**COMPLETE, "TENANT_CACHE_SECONDS": "five"})
