"""Exports: the stored events as JSONL, GDELT 2.0 event rows, PLOVER JSON, Parquet, GraphML.

>>> from sukien.export import export
>>> export(store, "gdelt", "events.tsv", EventFilter(country="PRK"))

Every format reads the same records (``queries.iter_records``: fused events with full
actors and mentions, oldest first), so a filter means the same in each; the CLI's
``sukien export`` and any other front end call ``export``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sukien.errors import SukienError
from sukien.export.queries import iter_records
from sukien.store.read import EventFilter

if TYPE_CHECKING:
    from sukien.store import Store


def _text_writer(write: Callable[..., int]) -> Callable[[Iterable[dict[str, Any]], Path], int]:
    def to_path(records: Iterable[dict[str, Any]], path: Path) -> int:
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            return write(records, out)
    return to_path


def _writers() -> dict[str, Callable[[Iterable[dict[str, Any]], Path], int]]:
    from sukien.export.gdelt import write_gdelt
    from sukien.export.graphml import write_graphml
    from sukien.export.jsonl import write_jsonl
    from sukien.export.parquet import write_parquet
    from sukien.export.plover import write_plover
    return {"jsonl": _text_writer(write_jsonl), "gdelt": _text_writer(write_gdelt),
            "plover": _text_writer(write_plover), "parquet": write_parquet, "graphml": write_graphml}


FORMATS = ("jsonl", "gdelt", "plover", "parquet", "graphml")
EXTRAS = {"parquet": ("pyarrow", "export"), "graphml": ("networkx", "export")}


class ExportError(SukienError):
    """An export could not be written: unknown format, missing extra, unwritable file."""


def export(store: "Store", format: str, out: str | Path, filters: EventFilter | None = None) -> int:
    """Write the events matching ``filters`` to ``out`` in ``format``; return how many items."""
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r} (choose from {', '.join(FORMATS)})")
    module, extra = EXTRAS.get(format, (None, None))
    if module is not None:
        try:
            __import__(module)
        except ImportError:
            raise ExportError(f"the {format} export needs {module}: pip install 'sukien[{extra}]'") from None
    try:
        return _writers()[format](iter_records(store, filters), Path(out))
    except OSError as exc:
        raise ExportError(f"{out}: {exc.strerror or exc}") from exc


__all__ = ["EventFilter", "ExportError", "FORMATS", "export", "iter_records"]
