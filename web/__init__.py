"""The web console (Flask): `create_app(config, db_url)` is the WSGI app `govaudit serve` runs."""

from .app import create_app

__all__ = ["create_app"]
