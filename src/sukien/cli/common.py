"""What every command shares: turning errors into one line, reading articles with reports."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import NoReturn

import typer

from sukien.errors import InputError, SukienError
from sukien.ingest import read_articles
from sukien.model import Article


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"sukien: error: {message}", err=True)
    raise typer.Exit(code)


def reports_errors(command: Callable) -> Callable:
    """Print sukien's own errors as one line naming the problem, and exit non-zero."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except SukienError as error:
            fail(str(error))
    return wrapper


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date (YYYY-MM-DD)", 2)


def articles_reporting(paths: Iterable[str], published: date | None, errors: list[InputError]) -> Iterator[Article]:
    """Articles from the paths; bad ones are reported on stderr, collected, and skipped."""
    for item in read_articles(paths, published=published):
        if isinstance(item, InputError):
            print(f"sukien: skipped {item}", file=sys.stderr)
            errors.append(item)
            continue
        yield item
