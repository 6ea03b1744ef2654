"""Exceptions of the number modules: python-stdnum's tree, each carrying a finding code.

``validate()`` of a number module raises one of these; ``except stdnum.exceptions.ValidationError``
(or ``ValueError``) catches them all, and ``err.code`` / ``err.params`` build the finding.
"""

from __future__ import annotations

from stdnum import exceptions as std

from validators.codes import CODES, Missing


class IntakeValidationError(std.ValidationError):
    """A number failed a rule; ``code`` is its finding code (see :mod:`validators.codes`)."""

    def __init__(self, code: str, **params: object) -> None:
        """Keep ``code`` and ``params``; the message is the code's English template."""
        self.code = code
        self.params = params
        super().__init__(CODES[code].message_en.format_map(Missing(params)))


class InvalidFormat(IntakeValidationError, std.InvalidFormat):
    """Characters or structure that a number of this kind cannot have."""


class InvalidLength(InvalidFormat, std.InvalidLength):
    """Too many or too few digits."""


class InvalidChecksum(IntakeValidationError, std.InvalidChecksum):
    """The check digit does not match."""


class InvalidComponent(IntakeValidationError, std.InvalidComponent):
    """A part of the number refers to something that does not exist (a region, a date…)."""


KINDS: dict[str, type[IntakeValidationError]] = {
    "format": InvalidFormat,
    "length": InvalidLength,
    "checksum": InvalidChecksum,
    "component": InvalidComponent,
}
