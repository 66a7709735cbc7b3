"""An app factory for real-server tests: `uvicorn --factory tests.helpers.protocol_app:create`.

Everything comes from the environment, like `kotograph serve`: the `KOTOGRAPH_*` settings
(store backend, external store URLs, update switch and token, limits) and
`KOTOGRAPH_TEST_ADMIN_TOKEN`, the admin token a test uses to reset data through `/sparql`.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings

ADMIN_TOKEN_ENV = "KOTOGRAPH_TEST_ADMIN_TOKEN"


def create() -> FastAPI:
    settings = Settings()
    store = settings.open_store()
    return create_app(settings, store, admin_token=os.environ.get(ADMIN_TOKEN_ENV) or None)
