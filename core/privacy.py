"""Masking of identity numbers (NIK, NPWP) wherever they leave the data: logs, lists, artifacts.

>>> mask_id("6311064508850003")
'6311********0003'
>>> mask_id("01.312.166.0-091.000")
'0131*******1000'
>>> mask_text("NIK 6311064508850003 dan NPWP 013121660091000 tidak cocok")
'NIK 6311********0003 dan NPWP 0131*******1000 tidak cocok'
"""

from __future__ import annotations

import logging
import re

_ID_RUN = re.compile(r"(?<!\d)(?:\d[.\- ]?){14,21}\d(?!\d)")


def mask_id(value: str | None) -> str:
    """Keep the first four and last four digits of a number; star the rest."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_text(text: str) -> str:
    """``text`` with every run of 15–22 digits (separators allowed) masked."""
    return _ID_RUN.sub(lambda m: mask_id(m.group(0)), text)


def install_log_masking() -> None:
    """Mask identity numbers in every log record this process creates (idempotent).

    A record factory rather than a filter: filters on a parent logger do not see the records
    of its children, and Prefect installs handlers of its own.
    """
    factory = logging.getLogRecordFactory()
    if getattr(factory, "masks_ids", False):
        return

    def masking_factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    masking_factory.masks_ids = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masking_factory)
