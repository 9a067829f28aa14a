"""Turning ``config.py`` and the environment into the app's settings."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask


def apply_settings(app: Flask, config: dict | str | None) -> None:
    import config as settings

    app.config.from_object(settings.Config)
    if isinstance(config, str):
        app.config.from_object(getattr(settings, config))
    elif isinstance(config, dict):
        app.config.from_mapping(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(app.root_path).parent / "translations"))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'delegates.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # the form some hosts hand out
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri


def _instance_secret(path: Path) -> str:
    """A random key kept in the instance folder, created on first start (readable by us only)."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
