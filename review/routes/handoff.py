"""The hand-off into OSS: an approved case's values in OSS form order, one click (or Enter)
copies a value and moves to the next (``static/handoff.js``); what was copied is ticked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from core.messages import text
from records.handoff import handoff
from records.store import Store
from review.i18n import request_lang
from review.web import User, page


def make_router(*, store: Store) -> APIRouter:
    """The hand-off route on ``store``."""
    router = APIRouter(include_in_schema=False)

    @router.get("/cases/{case_id}/oss", response_class=HTMLResponse)
    def to_oss(request: Request, case_id: str, user: User) -> HTMLResponse:
        view = store.get_case(case_id)
        if view.status != "approved":
            return page(request, "error.html", 409,
                        message=text("handoff.not_approved", request_lang(request), id=case_id))
        return page(request, "handoff.html", case=view, sections=handoff(view))

    return router
