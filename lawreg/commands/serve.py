"""``lawreg serve``: gunicorn by default, Werkzeug's development server only behind ``--dev``.

Each gunicorn worker builds its own application with :func:`lawreg.create_app` (nothing is
preloaded, so no database connection or open index is shared across a fork).  Every option
falls back to a setting (``SERVE_WORKERS``, ``SERVE_THREADS``, ...), which the instance
``config.py`` or a ``LAWREG_SERVE_*`` environment variable may give.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, current_app
from werkzeug.serving import WSGIRequestHandler, run_simple

SERVER_NAME = "lawreg"
DEFAULTS: dict[str, Any] = {
    "SERVE_WORKERS": 2,
    "SERVE_THREADS": 2,
    "SERVE_TIMEOUT": 60,
    "SERVE_GRACEFUL_TIMEOUT": 20,
    "SERVE_KEEPALIVE": 5,
    "SERVE_ACCESS_LOG": None,
}


def setting(app: Flask, name: str, given: Any) -> Any:
    """The command-line value when given, else the application's setting, else the default."""
    if given is not None:
        return given
    return app.config.get(name, DEFAULTS[name])


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without its "Werkzeug/x Python/y" banner."""

    def version_string(self) -> str:
        return SERVER_NAME


def run_gunicorn(options: dict[str, Any]) -> None:
    """Run gunicorn in this process as the master, with lawreg's application in each worker."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.http import wsgi as gunicorn_wsgi

    gunicorn_wsgi.SERVER = SERVER_NAME  # the Server header names no software version

    class LawregApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 24
                # One fixed socket path per user would be shared by every server on the host.
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            from .. import create_app

            return create_app()

    LawregApplication().run()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--bind", "binds", multiple=True,
              help="Address to listen on (HOST:PORT or unix:PATH), repeatable; replaces --host/--port.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes [SERVE_WORKERS, 2].")
@click.option("--threads", type=click.IntRange(1, 256), help="Threads per worker [SERVE_THREADS, 2].")
@click.option("--timeout", type=click.IntRange(1), help="Seconds before a silent worker is restarted [60].")
@click.option("--graceful-timeout", type=click.IntRange(1), help="Seconds to finish requests on stop [20].")
@click.option("--keep-alive", type=click.IntRange(0), help="Seconds to keep idle connections [5].")
@click.option("--access-log", help="Access log file, '-' for standard output [none].")
@click.option("--dev", is_flag=True, help="Werkzeug's development server instead of gunicorn.")
@click.option("--debug/--no-debug", default=False, help="With --dev: the interactive debugger.")
def serve_command(host: str, port: int, binds: tuple[str, ...], workers: int | None,
                  threads: int | None, timeout: int | None, graceful_timeout: int | None,
                  keep_alive: int | None, access_log: str | None, dev: bool, debug: bool) -> None:
    """Serve the web application (gunicorn; --dev for the development server)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if debug and not dev:
        raise click.UsageError("--debug needs --dev: the debugger must never face the network")
    if dev:
        # Werkzeug is called directly: Flask.run refuses to start inside a CLI command.
        app.debug = debug
        run_simple(host, port, app, use_reloader=False, use_debugger=debug, threaded=True,
                   request_handler=QuietRequestHandler)
        return
    run_gunicorn({
        "bind": list(binds) or [f"{host}:{port}"],
        "workers": setting(app, "SERVE_WORKERS", workers),
        "threads": setting(app, "SERVE_THREADS", threads),
        "worker_class": "gthread",
        "timeout": setting(app, "SERVE_TIMEOUT", timeout),
        "graceful_timeout": setting(app, "SERVE_GRACEFUL_TIMEOUT", graceful_timeout),
        "keepalive": setting(app, "SERVE_KEEPALIVE", keep_alive),
        "accesslog": setting(app, "SERVE_ACCESS_LOG", access_log),
        "errorlog": "-",
        "proc_name": "lawreg",
    })
