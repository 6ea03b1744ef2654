"""The monthly report page (``/report?month=2026-11``), its CSV and its two charts as SVG."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from core.messages import text
from records.monthly import (
    MonthlyReport,
    build_report,
    findings_svg,
    previous_month,
    to_csv,
    weeks_svg,
)
from records.store import Store
from review.i18n import request_lang
from review.web import User, page


def chart_labels(lang: str) -> dict[str, str]:
    """The legend texts of the weekly chart in ``lang``."""
    labels = {k: text(f"report.{k}", lang) for k in ("received", "approved", "rejected",
                                                          "week")}
    return labels | {"title": text("report.title_chart", lang)}


def charts(report: MonthlyReport, lang: str) -> tuple[str, str]:
    """The two charts of ``report`` as SVG text."""
    return (weeks_svg(report, chart_labels(lang)),
            findings_svg(report, text("report.by_code", lang)))


def make_router(*, store: Store) -> APIRouter:
    """The report routes on ``store``."""
    router = APIRouter(include_in_schema=False)

    def report_of(request: Request, month: str) -> MonthlyReport | HTMLResponse:
        try:
            return build_report(store.engine, month or previous_month())
        except ValueError:
            return page(request, "error.html", 422,
                        message=text("report.bad_month", request_lang(request), month=month))

    @router.get("/report", response_class=HTMLResponse)
    def report(request: Request, user: User, month: str = "") -> HTMLResponse:
        found = report_of(request, month)
        if isinstance(found, HTMLResponse):
            return found
        weeks, codes = charts(found, request_lang(request))
        # our own SVG, every text in it escaped
        return page(request, "report.html", report=found, weeks_svg=Markup(weeks),
                    codes_svg=Markup(codes))

    @router.get("/report.csv")
    def report_csv(request: Request, user: User, month: str = "") -> Response:
        found = report_of(request, month)
        if isinstance(found, HTMLResponse):
            return found
        return Response(to_csv(found), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f"attachment; filename=laporan-{found.month}.csv"})

    @router.get("/report/{chart}.svg")
    def report_svg(request: Request, chart: str, user: User, month: str = "") -> Response:
        found = report_of(request, month)
        if isinstance(found, HTMLResponse):
            return found
        weeks, codes = charts(found, request_lang(request))
        if chart not in ("weeks", "codes"):
            return page(request, "error.html", 404, message=chart)
        return Response(weeks if chart == "weeks" else codes, media_type="image/svg+xml")

    return router
