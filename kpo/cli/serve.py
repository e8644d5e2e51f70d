"""``kpo serve``: the review web page, run with uvicorn.

By default it listens on 127.0.0.1 only. For other machines, put it behind an HTTPS
reverse proxy or give ``--ssl-certfile/--ssl-keyfile``: the session cookie is
``Secure``, so browsers send it only over HTTPS (and to http://localhost).
``--insecure-cookies`` drops ``Secure`` for tests on a loopback host; it is refused
for any other host. Behind a reverse proxy, ``--trusted-proxy ADDRESS`` takes the
client's address from the proxy's ``X-Forwarded-For`` (for the per-address login
limit); without it every request has the proxy's address.
"""

from __future__ import annotations

from pathlib import Path

import click

from kpo.cli.common import CONTEXT, user_errors, workspace_option
from kpo.cli.users import db_option

SERVE_EPILOG = """\b
Examples:
  kpo users add ann --role reviewer --client acme
  kpo serve                                   http://127.0.0.1:8000
  kpo serve --db postgresql://kpo@db.internal/kpo --host 0.0.0.0 \\
      --ssl-certfile cert.pem --ssl-keyfile key.pem
  kpo serve --host 10.0.0.2 --trusted-proxy 10.0.0.5   behind a reverse proxy
"""


@click.command("serve", context_settings=CONTEXT, epilog=SERVE_EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--insecure-cookies",
    is_flag=True,
    help="Session cookie without Secure (loopback hosts only; for tests).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy (IP or network) whose X-Forwarded-For names the client; repeatable.",
)
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False), help="TLS cert.")
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS key.")
@db_option
@workspace_option
@user_errors
def serve(
    host: str,
    port: int,
    insecure_cookies: bool,
    trusted_proxies: tuple[str, ...],
    ssl_certfile: str | None,
    ssl_keyfile: str | None,
    db: str | None,
    workspace: Path,
) -> None:
    """Serve the review web page: queues per client, items with their page, keyboard review.

    Users log in with the accounts made by 'kpo users add'.
    """
    import uvicorn

    from kpo.review.queue import open_review
    from kpo.web.app import create_app
    from kpo.web.settings import ServeSettings

    settings = ServeSettings(
        workspace=workspace,
        db=db,
        host=host,
        port=port,
        secure_cookies=not insecure_cookies,
        trusted_proxies=trusted_proxies,
    )
    open_review(db, workspace).close()  # fail early (E402) on a bad --db, migrate the schema
    scheme = "https" if ssl_certfile else "http"
    click.echo(f"kpo review on {scheme}://{host}:{port}  (Ctrl+C stops it)")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        log_level="info",
        proxy_headers=False,  # the app reads X-Forwarded-For from --trusted-proxy only
    )
