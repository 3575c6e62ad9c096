"""The ``sukien`` command: a thin shell over the library's functions.

Each command group lives in its own module with a ``register(app)`` function;
this module only assembles them, in the order the help lists them, and turns
sukien's errors into one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import sys
from importlib import import_module

import typer

from sukien.errors import SukienError

app = typer.Typer(
    name="sukien", no_args_is_help=True, add_completion=False,
    help="Vietnamese political and diplomatic news in; coded, evidence-linked events out.",
)
eval_app = typer.Typer(no_args_is_help=True, help="Measure sukien against gold annotations.")
app.add_typer(eval_app, name="eval")

# Command modules, in the order of the pipeline they front.
COMMANDS = ("extract", "demo", "store", "export", "web", "batch", "bench")
EVAL_COMMANDS = ("evaluate", "evaluate_ner")


def _register_all() -> None:
    for name in COMMANDS:
        import_module(f"sukien.cli.{name}").register(app)
    for name in EVAL_COMMANDS:
        import_module(f"sukien.cli.{name}").register(eval_app)


def main() -> None:
    _register_all()
    try:
        app()
    except SukienError as error:
        print(f"sukien: error: {error}", file=sys.stderr)
        sys.exit(1)
