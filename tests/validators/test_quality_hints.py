"""Every quality flag the imaging stage sets has a hint for the clerk in both languages."""

from __future__ import annotations

import inspect
import re

from extractors import imaging
from validators.codes import QUALITY_HINTS, quality_hint


def test_every_imaging_flag_has_a_hint() -> None:
    flags = set(re.findall(r'flags\.append\("([a-z_]+)"\)', inspect.getsource(imaging)))
    assert flags and flags <= set(QUALITY_HINTS), flags - set(QUALITY_HINTS)
    for flag in QUALITY_HINTS:
        assert quality_hint(flag) != quality_hint(flag, "en")
    assert quality_hint("blurred").startswith("foto buram — ulangi pemotretan")
    assert quality_hint("unknown_flag") == "unknown_flag"
