"""What the store raises: a stable code and the message in both languages (``core.messages``)."""

from __future__ import annotations

from typing import Any

from core.messages import MESSAGES, code_of, text


class StoreError(RuntimeError):
    """A store operation that cannot be done as asked.

    Raised with a key of :data:`core.messages.MESSAGES` and its fields; ``str()`` is the message
    in ``INTAKE_LANG``, :meth:`message` gives it in another language.

    >>> e = StoreError("store.unknown_field", field="x")
    >>> e.code, e.message("en")
    ('store.unknown_field', 'The OSS record has no field x.')
    """

    def __init__(self, key: str, **params: Any) -> None:
        if key not in MESSAGES:  # a plain sentence (older callers): shown as it is
            params, key = {"detail": key}, "store.error"
        self.key, self.code, self.params = key, code_of(key), params
        super().__init__(text(key, **params))

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default ``INTAKE_LANG``)."""
        return text(self.key, lang, **self.params)


class CaseNotFoundError(StoreError):
    """No case with that id."""

    def __init__(self, case_id: str) -> None:
        super().__init__("store.case_not_found", case_id=case_id)
        self.case_id = case_id


class ConflictError(StoreError):
    """The case changed since the caller read it (another clerk saved first)."""

    def __init__(self, case_id: str, expected: int, actual: int) -> None:
        super().__init__("store.conflict", case_id=case_id, expected=expected, actual=actual)
        self.case_id, self.expected, self.actual = case_id, expected, actual
