"""What the request handlers share: settings, the store and the admin token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.settings import Settings
from graph.store import Store


@dataclass(slots=True)
class AppState:
    settings: Settings
    store: Store
    admin_token: str | None = None


def get_state(request: Request) -> AppState:
    return request.app.state.kg


StateDep = Annotated[AppState, Depends(get_state)]
