"""What every HTML route shares: the Jinja2 templates, the page helper, the logged-in user."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from core.privacy import mask_id
from review.i18n import install as install_i18n
from review.security import csrf_token, current_user

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["mask"] = mask_id
install_i18n(TEMPLATES.env)

User = Annotated[dict[str, str], Depends(current_user)]
"""The logged-in user (``name``, ``role``); a route with it redirects to login otherwise."""


def page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    """Render template ``name`` with the user, the CSRF token and ``ctx``."""
    ctx.update(user=request.session.get("user"), csrf=csrf_token(request))
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code)
