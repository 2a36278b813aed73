"""``quiz serve``: the class in a browser. Students log in with the name and password that
``quiz class add-student`` gave them and study in the app, run on this machine for them.

Listens on 127.0.0.1 unless ``--host`` says otherwise; behind a TLS reverse proxy,
``--behind-proxy`` marks the session cookie Secure and takes the client's address from the
proxy's ``X-Forwarded-For``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.safe_text import visible_line

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SERVER_EXTRA = "quiz[server]"
STATE_FOLDER = "class-server"


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (0-65535), got {text!r}")
    return int(text)


def add_serve_parser(commands: argparse._SubParsersAction, parents: list) -> None:
    """Register ``quiz serve``."""
    serve = commands.add_parser(
        "serve",
        parents=parents,
        help="serve the class database's study app to students' browsers (instructors)",
        description="Serve the study app of the class database named by --db URL (or "
        "$QUIZ_DB, the URL of the role that ran `quiz class init`) to students' browsers.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    serve.add_argument(
        "--behind-proxy",
        action="store_true",
        help="a TLS reverse proxy on this machine forwards to this server: the session "
        "cookie is Secure and the client's address is the last in X-Forwarded-For",
    )


def run_serve(args: argparse.Namespace, url: str | Path, data_folder: Path) -> int:
    """Serve the class at ``url`` until interrupted; exit code as the README says."""
    if not isinstance(url, str) or not url.startswith(("postgresql://", "postgres://")):
        print("quiz serve: name the class database with --db URL or $QUIZ_DB "
              "(postgresql://...)", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    try:
        from aiohttp import web

        from quiz.server import accounts
        from quiz.server.app_server import ClassServer
    except ImportError:
        print(f"quiz serve: serving a class needs the optional extra {SERVER_EXTRA} "
              f"(pip install '{SERVER_EXTRA}'); it is not installed", file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    try:
        students = accounts.check_class(url)
    except StoreError as error:
        print(f"quiz serve: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_FAILED
    server = ClassServer(
        lambda name, password: accounts.verify_login(url, name, password),
        data_folder / STATE_FOLDER,
        behind_proxy=args.behind_proxy,
    )
    try:
        return asyncio.run(_serve(web, server.application(), args.host, args.port, students))
    except OSError as error:
        print(f"quiz serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED


async def _serve(web, app, host: str, port: int, students: int) -> int:
    import logging

    logging.basicConfig(level=logging.WARNING, format="quiz serve: %(levelname)s %(message)s")
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # the port chosen when 0 was asked
        shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
        print(f"quiz serve: serving the class at http://{shown}:{bound[1]}/ "
              f"({students} student(s) can log in; Ctrl+C stops)", flush=True)  # fmt: skip
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        print("quiz serve: stopping; every study app is closed", flush=True)
    finally:
        await runner.cleanup()
    return EXIT_OK
