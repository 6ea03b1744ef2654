"""The desk's language: the session's choice (the ``/lang`` switch), else ``INTAKE_LANG``.

The strings themselves are in the one message table, :data:`core.messages.MESSAGES` (the desk's
page strings: ``core/desk_text.py``), looked up with :func:`core.messages.text`. Templates call
``t("key")`` (or ``t("key", name=value)``), ``current_lang()`` and ``quality_hint(flag)``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from starlette.requests import Request

from core.messages import lang_of, text
from validators.codes import quality_hint


def request_lang(request: Request) -> str:
    """The request's language: the session's choice, else the ``INTAKE_LANG`` setting."""
    return lang_of(request.session.get("lang") if "session" in request.scope else None)


def install(env: Environment) -> None:
    """Give templates ``t(key, **params)``, ``current_lang()`` and ``quality_hint(flag)``, all in
    the language of the ``request`` in their context."""

    @pass_context
    def t(ctx: Any, key: str, **params: Any) -> str:
        return text(key, request_lang(ctx["request"]), **params)

    @pass_context
    def current_lang(ctx: Any) -> str:
        return request_lang(ctx["request"])

    @pass_context
    def hint(ctx: Any, flag: str) -> str:
        return quality_hint(flag, request_lang(ctx["request"]))

    env.globals.update(t=t, current_lang=current_lang, quality_hint=hint)
