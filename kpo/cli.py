"""The ``kpo`` command line: a thin layer over the library API.

Each command parses its options, calls one library function and prints what it
returns (a rich table for people, ``--json`` for scripts). Library errors
(``KpoError``) become a one-line message and exit status 1, never a traceback.
Heavy libraries load only inside the commands, so ``kpo --help`` is instant.
"""

from __future__ import annotations

import click

from kpo import __version__
from kpo.cli_common import CONTEXT
from kpo.cli_deliver import deliver, schema, verify
from kpo.cli_eval import eval_command
from kpo.cli_review import review
from kpo.cli_run import run
from kpo.cli_serve import serve
from kpo.cli_status import status
from kpo.cli_train import train
from kpo.cli_users import users


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


def main() -> None:
    cli(prog_name="kpo")
