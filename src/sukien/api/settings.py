"""The web server's settings: one table (name, environment variable, default, help).

The table feeds ``ApiSettings.from_env``, the ``sukien serve`` help and the docs, so a
setting is described once. Writes (POST /api/articles) are off unless a token is set.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from sukien.errors import SukienError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "SUKIEN_DB", None,
            "Database URL or SQLite file path (default: ~/.local/share/sukien/sukien.db)."),
    Setting("token", "SUKIEN_API_TOKEN", None,
            "Bearer token that POST /api/articles requires; writes are disabled when unset."),
    Setting("max_bytes", "SUKIEN_API_MAX_BYTES", "2000000",
            "Largest request body accepted, in bytes; larger requests get 413."),
)


class SettingsError(SukienError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class ApiSettings:
    db: str | None = None
    token: str | None = None
    max_bytes: int = 2_000_000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "ApiSettings":
        """Settings from the environment, then ``overrides`` (None values are ignored)."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env) or setting.default
            values[setting.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(db=values["db"] or None, token=values["token"] or None,
                   max_bytes=_positive_int(values["max_bytes"], "SUKIEN_API_MAX_BYTES"))


def _positive_int(value: object, name: str) -> int:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SettingsError(f"{name}: {value!r} is not a whole number of bytes") from None
    if number <= 0:
        raise SettingsError(f"{name}: must be positive, not {number}")
    return number


def describe() -> str:
    """The settings as lines for help texts: ``ENV (default): help``."""
    return "\n".join(f"{s.env} (default: {s.default or 'unset'}): {s.help}" for s in SETTINGS)
