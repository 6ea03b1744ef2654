"""Identity numbers never reach a log line in clear."""

from __future__ import annotations

import logging

import pytest

from core.privacy import install_log_masking, mask_id


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    with caplog.at_level(logging.INFO, logger="intake.test"):
        logging.getLogger("intake.test").info("NIK %s / NPWP %s", "6311064508850003",
                                              "01.312.166.0-091.000")
    assert caplog.messages == ["NIK 6311********0003 / NPWP 0131*******1000"]


def test_short_values_are_fully_masked() -> None:
    assert mask_id("1234") == "****"
    assert mask_id(None) == ""
