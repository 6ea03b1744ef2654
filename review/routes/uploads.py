"""New case from the browser: the upload form, and the progress page of the intake job."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.messages import text
from records.store import Store
from review.i18n import request_lang
from review.ops import receive_uploads
from review.security import check_csrf
from review.uploads import JobRunner, UploadError
from review.web import User, page


def make_router(*, store: Store, runner: JobRunner, max_bytes: int) -> APIRouter:
    """Routes ``/upload`` and ``/upload/{job_id}``."""
    router = APIRouter(include_in_schema=False)

    @router.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request, user: User) -> HTMLResponse:
        return page(request, "upload.html", error=None, max_mb=max_bytes // 2**20)

    @router.post("/upload", dependencies=[Depends(check_csrf)])
    async def upload(request: Request, user: User) -> Response:
        files = [f for f in (await request.form()).getlist("files") if not isinstance(f, str)]
        try:
            job = await receive_uploads(store, runner, files, max_bytes)
        except UploadError as e:
            return page(request, "upload.html", 422, max_mb=max_bytes // 2**20,
                        error=text(e.key, request_lang(request), **e.params))
        return RedirectResponse(f"/upload/{job.id}", 303)

    @router.get("/upload/{job_id}", response_class=HTMLResponse)
    def job_page(request: Request, job_id: str, user: User) -> HTMLResponse:
        job = runner.get(job_id)
        if job is None:
            return page(request, "error.html", 404,
                        message=text("job.unknown", request_lang(request)))
        return page(request, "job.html", job=job)

    return router
