"""A page on a foreign name pointed at the server (DNS rebinding), or of another scheme, reaches
nothing: REST and the WebSocket check Host, and the WebSocket checks the Origin's scheme."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from pairpad.client import RoomClient
from tests.nginx import NginxProxy
from tests.server import ServerProcess, create_room_on, get_room_on

FOREIGN = "rebound.example"
PERSON = "127.0.0.2"
"""A client address uvicorn does not trust to speak for a proxy (only 127.0.0.1 by default)."""


def as_host(server: ServerProcess | NginxProxy, name: str) -> httpx.AsyncClient:
    """An HTTP client that reaches `server` but says `name` in Host, as a browser would after
    `name`'s DNS answer changed to the server's address."""
    return httpx.AsyncClient(base_url=server.base_url, headers={"Host": f"{name}:{server.port}"})


async def open_socket(
    server: ServerProcess | NginxProxy,
    room_id: str,
    host: str = "127.0.0.1",
    **options: Any,
) -> websockets.ClientConnection:
    """A WebSocket to `server` whose handshake says `host` in Host (the URL's name)."""
    url = f"ws://{host}:{server.port}/ws/{room_id}"
    return await websockets.connect(url, host="127.0.0.1", port=server.port, proxy=None, **options)


async def refused_status(server: ServerProcess | NginxProxy, room_id: str, **options: Any) -> int:
    """The HTTP status that refused the handshake (the socket is never accepted)."""
    with pytest.raises(InvalidStatus) as refused:
        await open_socket(server, room_id, **options)
    return refused.value.response.status_code


async def test_rest_under_a_foreign_host_is_refused_400_and_changes_nothing(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server, code="mine")
    async with as_host(live_server, FOREIGN) as rebound:
        changed = await rebound.patch(f"/rooms/{room_id}", json={"code": "theirs"})
        read = await rebound.get(f"/rooms/{room_id}")
        created = await rebound.post("/rooms", json={"name": "theirs"})
    for response in (changed, read, created):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "host_not_allowed"
    room = await get_room_on(live_server, room_id)
    assert (room["code"], room["version"]) == ("mine", 0)


async def test_a_websocket_from_a_rebound_page_is_refused_before_it_is_accepted(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server)
    # To the browser the page and the socket share an origin, so the Origin check alone passes.
    rebound_page = f"http://{FOREIGN}:{live_server.port}"
    status = await refused_status(
        live_server, room_id, host=FOREIGN, origin=websockets.Origin(rebound_page)
    )
    assert status == 403
    assert f"refused websocket /ws/{room_id} for host '{FOREIGN}:{live_server.port}'" in (
        live_server.log()
    )
    editor = await RoomClient.join(live_server.ws_url, room_id)
    assert editor.welcome["participants"] == []
    await editor.close()


async def test_a_page_of_another_scheme_may_not_open_the_websocket(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server)
    own = f"127.0.0.1:{live_server.port}"
    assert await refused_status(
        live_server, room_id, origin=websockets.Origin(f"https://{own}")
    ) == (403)
    socket = await open_socket(live_server, room_id, origin=websockets.Origin(f"http://{own}"))
    assert json.loads(await socket.recv())["type"] == "welcome"
    await socket.close()


async def test_behind_a_trusted_proxy_that_says_https_only_https_pages_may_connect(
    live_server: ServerProcess,
) -> None:
    room_id = await create_room_on(live_server)
    own = f"127.0.0.1:{live_server.port}"
    https = {"X-Forwarded-Proto": "https"}
    socket = await open_socket(
        live_server, room_id, origin=websockets.Origin(f"https://{own}"), additional_headers=https
    )
    assert json.loads(await socket.recv())["type"] == "welcome"
    await socket.close()
    for page, client in ((f"http://{own}", "127.0.0.1"), (f"https://{own}", PERSON)):
        # An http page under a proxy serving https; an https page, but the header is not from a
        # trusted proxy.
        status = await refused_status(
            live_server,
            room_id,
            origin=websockets.Origin(page),
            additional_headers=https,
            local_addr=(client, 0),
        )
        assert status == 403, (page, client)


async def test_localhost_names_are_served_any_case_or_port_and_foreign_ones_not(
    live_server: ServerProcess,
) -> None:
    for name, expected in (
        ("localhost", 200),
        ("LocalHost.", 200),
        ("127.0.0.1", 200),
        ("localhost.rebound.example", 400),
        ("127.0.0.1.nip.io", 400),
    ):
        async with as_host(live_server, name) as http:
            assert (await http.get("/health")).status_code == expected, name
    async with httpx.AsyncClient(base_url=live_server.base_url, headers={"Host": "[::1]"}) as http:
        assert (await http.get("/health")).status_code == 200


@pytest.fixture(scope="module")
def named_server(database_url: str) -> Iterator[ServerProcess]:
    """A server that serves one name and its subdomains."""
    env = {
        "ALLOWED_HOSTS": '["pairpad.example", "*.pairpad.example"]',
        "AUTOCOMPLETE_WARM_UP": "false",
    }
    server = ServerProcess(database_url, env=env).start()
    yield server
    server.stop()


async def test_allowed_hosts_replace_the_defaults_but_the_served_address_stays(
    named_server: ServerProcess,
) -> None:
    for name, expected in (
        ("pairpad.example", 200),
        ("eu.pairpad.example", 200),
        ("127.0.0.1", 200),  # the address the server listens on and was reached at
        ("localhost", 400),
        ("evilpairpad.example", 400),
    ):
        async with as_host(named_server, name) as http:
            assert (await http.get("/health")).status_code == expected, name


async def test_through_nginx_the_proxys_address_is_served_and_a_foreign_host_is_not(
    behind_nginx: NginxProxy,
) -> None:
    async with httpx.AsyncClient(base_url=behind_nginx.base_url) as http:
        created = await http.post("/rooms", json={"name": "Behind nginx"})
    assert created.status_code == 201
    room_id = created.json()["roomId"]
    async with as_host(behind_nginx, FOREIGN) as rebound:
        refused = await rebound.get(f"/rooms/{room_id}")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "host_not_allowed"
    assert await refused_status(behind_nginx, room_id, host=FOREIGN) == 403
