"""Who is a supervisor: a bearer token, or a login session. Readers stay anonymous.

Supervisors are configured as name → secret (`KOTOGRAPH_SUPERVISORS`); the secret is the
bearer token of the REST API and the password of the login page. A login sets a session
cookie signed with HMAC-SHA256 (`KOTOGRAPH_SESSION_SECRET`, or a random key per server
start), HttpOnly and SameSite=Strict; forms posted with it carry a token derived from the
session (`csrf_token`), so another site cannot post in the supervisor's name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.errors import ApiError
from api.state import AppState, get_state

COOKIE = "kotograph_session"
_RANDOM_KEY = secrets.token_bytes(32)


@dataclass(frozen=True, slots=True)
class Supervisor:
    name: str
    session: str | None = None  # the session cookie, when signed in by login

    @property
    def by_login(self) -> bool:
        return self.session is not None


def _key(state: AppState) -> bytes:
    secret = state.settings.session_secret
    return secret.get_secret_value().encode() if secret else _RANDOM_KEY


def _sign(state: AppState, payload: str) -> str:
    return hmac.new(_key(state), payload.encode(), hashlib.sha256).hexdigest()


def check_secret(state: AppState, name: str | None, secret: str) -> str | None:
    """The supervisor whose secret this is (and whose name it is, when one is given)."""
    found = None
    for who, expected in state.settings.supervisors.items():
        # compare every entry, so the time does not tell which name exists
        if hmac.compare_digest(expected.get_secret_value().encode(), secret.encode()) and name in (None, who):
            found = who
    return found


def session_cookie(state: AppState, name: str) -> str:
    expires = int(time.time() + state.settings.session_hours * 3600)
    payload = base64.urlsafe_b64encode(f"{name}|{expires}".encode()).decode()
    return f"{payload}.{_sign(state, payload)}"


def _from_cookie(state: AppState, cookie: str) -> str | None:
    payload, _, signature = cookie.rpartition(".")
    if not payload or not hmac.compare_digest(_sign(state, payload), signature):
        return None
    try:
        name, expires = base64.urlsafe_b64decode(payload.encode()).decode().rsplit("|", 1)
    except (ValueError, UnicodeDecodeError):
        return None
    return name if int(expires) > time.time() and name in state.settings.supervisors else None


def csrf_token(state: AppState, supervisor: Supervisor) -> str:
    return _sign(state, f"csrf|{supervisor.session}") if supervisor.session else ""


def supervisor_of(request: Request, state: AppState) -> Supervisor | None:
    """The supervisor making the request, if any (bearer token first, then the session)."""
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        name = check_secret(state, None, authorization[7:].strip())
        return Supervisor(name) if name else None
    cookie = request.cookies.get(COOKIE)
    name = _from_cookie(state, cookie) if cookie else None
    return Supervisor(name, cookie) if name else None


async def optional_supervisor(request: Request, state: Annotated[AppState, Depends(get_state)]
                              ) -> Supervisor | None:
    return supervisor_of(request, state)


async def require_supervisor(request: Request, state: Annotated[AppState, Depends(get_state)]
                             ) -> Supervisor:
    """A supervisor, or 401 (no credentials) / 403 (wrong ones)."""
    found = supervisor_of(request, state)
    if found is None:
        given = request.headers.get("authorization") or request.cookies.get(COOKIE)
        raise ApiError(403 if given else 401, "Supervisors only",
                       "Reviewing needs a supervisor's bearer token or a login (KOTOGRAPH_SUPERVISORS).",
                       headers={"WWW-Authenticate": 'Bearer realm="kotograph"'})
    return found


def check_csrf(state: AppState, supervisor: Supervisor, token: str | None) -> None:
    """A form posted with a session cookie must carry the session's own token."""
    if supervisor.by_login and not hmac.compare_digest(csrf_token(state, supervisor), token or ""):
        raise ApiError(403, "Form expired", "Reload the page and send the form again.")


SupervisorDep = Annotated[Supervisor, Depends(require_supervisor)]
MaybeSupervisor = Annotated[Supervisor | None, Depends(optional_supervisor)]
