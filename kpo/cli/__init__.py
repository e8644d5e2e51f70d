"""The ``kpo`` command line: a thin layer over the library API.

Each command parses its options, calls one library function and prints what it
returns (a rich table for people, ``--json`` for scripts). Library errors
(``KpoError``) become a one-line message and exit status 1, never a traceback.
Heavy libraries load only inside the commands, so ``kpo --help`` is instant.

One module a command (run, status, deliver, eval, train, serve, users) and a package
for review's (kpo.cli.review: its commands, decisions, interactive desk and claim
tokens), the options they share (common), the batch's progress bar (progress) and the
README's generated reference sections (docs, ``python -m kpo.cli.docs``).
This file builds the ``kpo`` group; ``kpo.cli:main`` is the console script.

May import: anything in kpo (a face sits on top), but of kpo.web only its front door
(kpo.web.app, kpo.web.settings). Nothing imports kpo.cli.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

import click

from kpo import __version__
from kpo.cli.common import CONTEXT
from kpo.cli.deliver import deliver, schema, verify
from kpo.cli.eval import eval_command
from kpo.cli.review import review
from kpo.cli.run import run
from kpo.cli.serve import serve
from kpo.cli.status import status
from kpo.cli.train import train
from kpo.cli.users import users


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="kpo")
def cli() -> None:
    """kpo: PDFs in, structured and reviewed data out.

    \b
    Typical flow:
      kpo run ./incoming --client acme     process a batch of PDFs
      kpo status                           batches, failures, review queue
      kpo eval ./labelled                  score the pipeline on a labelled set
      kpo train                            retrain the models on generated data
    """


cli.add_command(run)
cli.add_command(status)
cli.add_command(eval_command)
cli.add_command(review)
cli.add_command(train)
cli.add_command(users)
cli.add_command(serve)
cli.add_command(deliver)
cli.add_command(verify)
cli.add_command(schema)


def exit_code(exc: SystemExit) -> int:
    """The process status a ``SystemExit`` stands for (None: 0; a message: 1, printed)."""
    if exc.code is None or isinstance(exc.code, int):
        return int(exc.code or 0)
    click.echo(exc.code, err=True)
    return 1


def main() -> None:
    """Run the command, then end the process with its status at once.

    Native thread pools (pyarrow's) torn down by the interpreter at exit sometimes
    abort it ("terminate called without an active exception", status 134) after the
    command succeeded. The status is decided when the command ends: the output is
    flushed, logging shut down, and the process leaves without running the interpreter's
    teardown. Every command closes what it opens (files, Ray, database connections)
    before it returns.
    """
    try:
        cli(prog_name="kpo")
        code = 0
    except SystemExit as exc:
        code = exit_code(exc)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    logging.shutdown()
    os._exit(code)
