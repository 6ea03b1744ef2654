"""The review desk: ``make_app(store=…)`` builds the FastAPI app (server-rendered, Jinja2).

The HTML routes live in ``review.routes`` (one router per feature); the JSON API in
``review.api``; what both do to a case in ``review.ops``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from core.settings import get_settings
from records.store import Store
from review import api
from review.accounts import LoginThrottle
from review.errors import add_handlers
from review.routes import accounts, auth, cases, office, uploads
from review.security import SecurityHeadersMiddleware
from review.sessions import ServerSessionMiddleware
from review.uploads import MAX_BYTES, Intake, JobRunner
from review.web import User

STATIC = Path(__file__).parent / "static"


def make_app(store: Store | None = None, *, intake: Intake | None = None,
             max_bytes: int = MAX_BYTES) -> FastAPI:
    """The review desk app on ``store``; ``intake`` runs the intake flow on uploaded files."""
    store = store or Store()
    app = FastAPI(title="OSS intake review desk", docs_url=None, redoc_url=None,
                  openapi_url=None)
    settings = get_settings()
    app.add_middleware(ServerSessionMiddleware, engine=store.engine,
                       idle=timedelta(hours=settings.session_idle_hours),
                       secure=settings.secure_cookies)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: on every answer
    add_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    throttle, runner = LoginThrottle(), JobRunner(intake, store.data_dir / "uploads")
    runner.resume()  # uploads a stopped server left unread
    app.include_router(auth.make_router(store=store, throttle=throttle))
    app.include_router(cases.make_router(store=store))
    app.include_router(accounts.make_router(store=store))
    app.include_router(uploads.make_router(store=store, runner=runner, max_bytes=max_bytes))
    for router in office.routers(store=store):  # checklist, files, report, hand-off
        app.include_router(router)
    api.install(app, store, runner, throttle, max_bytes=max_bytes)

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(user: User) -> dict[str, Any]:
        return app.openapi()

    return app
