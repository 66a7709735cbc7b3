"""Generic fixtures for the HTTP API tests: a fresh in-memory store and an app over it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI

from api.app import create_app
from api.settings import Settings
from graph.store import OxigraphStore, Store

AppFactory = Callable[..., FastAPI]


@pytest.fixture
def memory_store() -> OxigraphStore:
    """An empty in-memory Oxigraph store (the union of its graphs is the default graph)."""
    return OxigraphStore(None)


@pytest.fixture
def make_app(memory_store: OxigraphStore) -> AppFactory:
    """`make_app(store=None, admin_token=None, **settings)`: the app over a store.

    The store defaults to `memory_store`; keyword arguments are `Settings` fields.
    """

    def build(store: Store | None = None, admin_token: str | None = None, **settings) -> FastAPI:
        config = Settings(**{"store_backend": "memory", **settings})
        return create_app(config, store if store is not None else memory_store,
                          admin_token=admin_token)

    return build
