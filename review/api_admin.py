"""The JSON API's accounts and file moves: what the accounts page, the password page and the
case page's "Berkas kasus" / "Kunjungan lain" boxes do, under ``/api``.

Accounts are the supervisor's (403 for a clerk), except ``POST /api/password`` (every user's own
password). Moving files needs any login; both cases must be under review, and adding a case's
files to a decided case is the supervisor's move only (403). Every change needs the CSRF header
(:data:`review.api_common.CSRF`); a move names the version of the case it was based on (409).
"""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from core.messages import text
from records.store import CaseNotFoundError, ConflictError, Store, StoreError
from review import ops
from review.accounts import AccountError, add_user, authenticate, list_users, set_active
from review.accounts import set_password as new_password
from review.api_common import (
    CSRF,
    ERRORS,
    MISSING,
    ApiError,
    ApiUser,
    Supervisor,
    case_out,
    conflict,
)
from review.api_models import (
    AccountChangeOut,
    AccountIn,
    AccountOut,
    ActiveIn,
    CaseOut,
    ConflictOut,
    ErrorOut,
    MergeIn,
    MoveIn,
    OwnPasswordIn,
    PasswordIn,
)
from review.i18n import request_lang

_REFUSED = {**ERRORS, 422: {"model": ErrorOut}}
_ACCOUNT = {**MISSING, 422: {"model": ErrorOut}}
_MOVE = {**MISSING, 409: {"model": ConflictOut}}


def _account(store: Store, name: str, request: Request) -> AccountOut:
    found = next((a for a in list_users(store) if a.name == name), None)
    if found is None:
        raise ApiError(404, text("accounts.no_such_user", request_lang(request), name=name))
    return AccountOut(**asdict(found))


def _changed(store: Store, request: Request, name: str, key: str, ended: int) -> AccountChangeOut:
    return AccountChangeOut(account=_account(store, name, request), sessions_ended=ended,
                            message=text(key, request_lang(request), name=name, n=str(ended)))


def _account_routes(api: APIRouter, store: Store) -> None:
    @api.get("/accounts", summary="Accounts (supervisor)", responses=ERRORS)
    def accounts(_user: Supervisor) -> list[AccountOut]:
        """Every account, by name, with its number of live sessions."""
        return [AccountOut(**asdict(a)) for a in list_users(store)]

    @api.post("/accounts", summary="Add an account (supervisor)", status_code=201,
              dependencies=CSRF, responses=_REFUSED)
    def add(request: Request, body: AccountIn, _user: Supervisor) -> AccountChangeOut:
        """Create a clerk or supervisor account (422: name taken, password too short)."""
        try:
            add_user(store, body.name, body.password, body.role)
        except AccountError as e:
            raise ApiError(422, e.message(request_lang(request))) from None
        return _changed(store, request, body.name.strip(), "accounts.added", 0)

    @api.post("/accounts/{name}/active", summary="Enable or disable an account (supervisor)",
              dependencies=CSRF, responses=_ACCOUNT)
    def active(request: Request, name: str, body: ActiveIn,
               user: Supervisor) -> AccountChangeOut:
        """Enable or disable ``name``; disabling ends its sessions at once (not your own: 422)."""
        _account(store, name, request)
        try:
            ended = set_active(store, name, active=body.active, actor=user["name"])
        except AccountError as e:
            raise ApiError(422, e.message(request_lang(request))) from None
        key = "accounts.enabled" if body.active else "accounts.disabled"
        return _changed(store, request, name, key, ended)

    @api.post("/accounts/{name}/password", summary="Reset a password (supervisor)",
              dependencies=CSRF, responses=_ACCOUNT)
    def reset(request: Request, name: str, body: PasswordIn,
              user: Supervisor) -> AccountChangeOut:
        """Give ``name`` a new password; every session of the account ends (yours continues,
        on a new cookie, when it is your own)."""
        _account(store, name, request)
        try:
            ended = new_password(store, name, body.password)
        except AccountError as e:
            raise ApiError(422, e.message(request_lang(request))) from None
        if name == user["name"]:
            request.session.renew()
        return _changed(store, request, name, "accounts.reset_done", ended)

    @api.post("/password", summary="Change your own password", status_code=204,
              dependencies=CSRF, responses=_REFUSED)
    def own_password(request: Request, body: OwnPasswordIn, user: ApiUser) -> Response:
        """Your new password; your other sessions end, this one continues on a new cookie."""
        lang = request_lang(request)
        if authenticate(store, user["name"], body.current) is None:
            raise ApiError(422, text("password.wrong", lang))
        try:
            new_password(store, user["name"], body.new)
        except AccountError as e:
            raise ApiError(422, e.message(lang)) from None
        request.session.renew()
        return Response(status_code=204)


def _store_refusal(request: Request, e: StoreError) -> ApiError:
    missing = isinstance(e, CaseNotFoundError) or e.code == "store.no_such_file"
    return ApiError(404 if missing else 409, e.message(request_lang(request)))


def _file_routes(api: APIRouter, store: Store) -> None:
    @api.post("/cases/{case_id}/files/{index}/move", summary="Move a file to another case",
              dependencies=CSRF, response_model=CaseOut, responses=_MOVE)
    def move(request: Request, case_id: str, index: int, body: MoveIn,
             user: ApiUser) -> CaseOut | JSONResponse:
        """Move file ``index`` (from 0, as in the case's ``files``) with what was read from it
        to case ``target``, or split it off into a new case; the answer is the case it went to.

        Both cases must be under review (409); a stale ``version`` gets 409 with the change.
        """
        try:
            target = ops.move_file(store, case_id, index, body.target, actor=user["name"],
                                   expected_version=body.version)
        except ConflictError as e:
            return conflict(store, e, user["name"], {"target": body.target})
        except StoreError as e:
            raise _store_refusal(request, e) from None
        return case_out(store.get_case(target))

    @api.post("/cases/{case_id}/merge", summary="Add a case's files to the applicant's other case",
              dependencies=CSRF, response_model=CaseOut, responses=_MOVE)
    def merge(request: Request, case_id: str, body: MergeIn,
              user: ApiUser) -> CaseOut | JSONResponse:
        """Add every file of ``case_id`` to case ``into`` (this one closes as merged); the
        answer is ``into``. A decided ``into`` goes back to review: supervisor only (403)."""
        try:
            view = ops.merge_visit(store, case_id, body.into, actor=user["name"],
                                   role=user["role"], expected_version=body.version)
        except ops.NotAllowedError as e:
            raise ApiError(403, text(e.key, request_lang(request), **e.params)) from None
        except ConflictError as e:
            return conflict(store, e, user["name"], {"into": body.into})
        except StoreError as e:
            raise _store_refusal(request, e) from None
        return case_out(view)


def install(api: APIRouter, store: Store) -> None:
    """Add the account and file-move routes to the ``/api`` router."""
    _account_routes(api, store)
    _file_routes(api, store)
