"""`pairpad serve`, `pairpad migrate` and `pairpad host-key`."""

import argparse
import asyncio
import sys

import uvicorn

from pairpad.collab.exceptions import RoomNotFound
from pairpad.config import Settings, get_settings
from pairpad.hosts import WILDCARD_ADDRESSES, address_name
from pairpad.http_protocol import with_header_timeout
from pairpad.main import create_app
from pairpad.migrate import upgrade
from pairpad.rooms.operator import new_host_key_for


def served_settings(settings: Settings, host: str) -> Settings:
    """The settings with the address or name the server listens on among the allowed hosts."""
    if host in WILDCARD_ADDRESSES:
        return settings
    hosts = [*settings.allowed_hosts, address_name(host)]
    return settings.model_copy(update={"allowed_hosts": hosts})


def print_new_host_key(database_url: str, room: str) -> None:
    try:
        key, edit_id = asyncio.run(new_host_key_for(database_url, room))
    except RoomNotFound as exc:
        sys.exit(exc.message)
    print(f"host key: {key}\nhost link: /room/{edit_id}#host={key}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="pairpad", description="PairPad server.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="apply migrations, then serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    commands.add_parser("migrate", help="apply migrations and exit")
    host_key = commands.add_parser(
        "host-key", help="give a room a new host key and print it (the old one stops working)"
    )
    host_key.add_argument("room", help="the room's edit link or view link id")
    args = parser.parse_args(argv)

    settings = get_settings()
    upgrade(settings.database_url)
    if args.command == "host-key":
        print_new_host_key(settings.database_url, args.room)
    elif args.command == "serve":
        uvicorn.run(
            create_app(served_settings(settings, args.host)),
            host=args.host,
            port=args.port,
            log_level=settings.log_level.lower(),
            ws_max_size=settings.max_message_bytes,
            ws_per_message_deflate=settings.ws_per_message_deflate,
            ws_ping_interval=settings.ws_ping_interval_seconds,
            ws_ping_timeout=settings.ws_ping_timeout_seconds,
            limit_concurrency=settings.max_connections,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            timeout_graceful_shutdown=10,
            http=with_header_timeout(settings.http_header_timeout_seconds),
        )


if __name__ == "__main__":
    main()
