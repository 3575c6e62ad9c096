"""Alerts: newly stored events that match a filter, one JSON object per line.

A filter is what the ``events`` command takes (actor, country, type, place), matched
by the same store query (``read.list_events``), so an alert fires exactly for the new
events that ``sukien events`` with those options would list. Several values of one key
mean any of them; different keys must all match (``country=LAO type=042``: Laos and a
visit).

An alert line is the event as ``sukien show --format json`` gives it (actors, the
articles that report it, the evidence sentences) with an ``alert`` object naming the
source and the filter. Written to a file, each line is flushed to disk before the
watcher records its item as done, and the events already in the file are never written
again: a watcher killed between the two writes the line once, not twice.
"""
from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from sukien.errors import InputError
from sukien.store import EventFilter, Store
from sukien.store.engine import chunks
from sukien.store.read import MAX_LIMIT
from sukien.store.schema import events

KEYS = ("actor", "country", "type", "place")  # the events command's filters an alert may use
_FIELD = {"actor": "actor", "country": "country", "type": "cameo", "place": "place"}


def parse_alert(text: str) -> tuple[str, str]:
    """``key=value`` → (key, value); InputError naming the alert when it is not one."""
    key, sep, value = text.partition("=")
    key, value = key.strip().lower(), value.strip()
    if not sep or key not in KEYS or not value:
        raise InputError(f"--alert {text!r}", f"expected KEY=VALUE with KEY one of {', '.join(KEYS)}")
    return key, value


@dataclass(frozen=True)
class AlertRule:
    """The alert filters: each value list is ORed, the keys ANDed."""

    values: tuple[tuple[str, tuple[str, ...]], ...]  # (key, values), keys in KEYS order

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> AlertRule:
        grouped: dict[str, list[str]] = {}
        for key, value in pairs:
            if value not in grouped.setdefault(key, []):
                grouped[key].append(value)
        return cls(tuple((k, tuple(grouped[k])) for k in KEYS if k in grouped))

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, values in self.values for v in values)

    def filters(self) -> list[EventFilter]:
        """One store filter per combination of values."""
        keys = [k for k, _ in self.values]
        return [EventFilter(**{_FIELD[k]: v for k, v in zip(keys, combo, strict=True)}, limit=MAX_LIMIT)
                for combo in itertools.product(*(values for _, values in self.values))]

    def matching(self, store: Store, event_ids: list[str]) -> list[str]:
        """The events among ``event_ids`` this rule selects, in the order given."""
        wanted = set(event_ids)
        if not wanted:
            return []
        with store.engine.connect() as conn:
            dates = [d for part in chunks(wanted)
                     for d in conn.execute(select(events.c.sort_date).where(events.c.id.in_(part))).scalars()]
        if not dates:
            return []
        found: set[str] = set()
        for base in self.filters():  # the list query itself, narrowed to the new events' days
            query = replace(base, since=min(dates), until=max(dates))
            while found < wanted:
                page = store.list_events(query)
                found.update(item["id"] for item in page.items if item["id"] in wanted)
                if page.next_cursor is None:
                    break
                query = replace(query, cursor=page.next_cursor)
        return [e for e in event_ids if e in found]


class AlertSink:
    """Writes alert lines to a stream (stdout) or appends them to a file."""

    def __init__(self, path: Path | None = None, stream: IO[str] | None = None):
        self.path = path
        self.written: set[str] = _ids_in(path) if path is not None else set()
        self._stream = stream
        self._file: IO[str] | None = None

    def write(self, event: dict[str, Any], alert: dict[str, Any]) -> bool:
        """Write one alert; False when this event was already written to the file."""
        if event["id"] in self.written:
            return False
        line = json.dumps({**event, "alert": alert}, ensure_ascii=False, default=str) + "\n"
        out = self._out()
        out.write(line)
        out.flush()
        if self._file is not None:
            os.fsync(self._file.fileno())
        self.written.add(event["id"])
        return True

    def _out(self) -> IO[str]:
        if self.path is None:
            import sys
            return self._stream or sys.stdout
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        return self._file

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _ids_in(path: Path) -> set[str]:
    """The event ids of the alert lines already in the file (a torn last line is skipped)."""
    try:
        with path.open(encoding="utf-8") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        return set()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the alert file: {exc.strerror or exc}") from None
    found = set()
    for line in lines:
        try:
            found.add(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            continue
    return found
