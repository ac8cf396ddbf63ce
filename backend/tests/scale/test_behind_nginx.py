"""Two instances behind deploy/nginx.conf, reached the way browsers and scripts reach them."""

import asyncio

import httpx

from pairpad.client import RoomClient
from tests.nginx import NginxProxy
from tests.scale.test_two_instances import append_line

PERSON = "127.0.0.2"
"""A client address other than the proxy's own (all of 127/8 is loopback)."""


async def create_room_through(proxy: NginxProxy) -> str:
    async with httpx.AsyncClient(base_url=proxy.base_url) as http:
        created = await http.post("/rooms", json={"name": "Behind nginx"})
        assert created.status_code == 201, created.text
        return str(created.json()["roomId"])


async def join_as_browser(proxy: NginxProxy, room_id: str, **options: object) -> RoomClient:
    """Join with the Origin a browser on the proxy's page sends, which the server must accept."""
    headers = {"origin": proxy.base_url}
    return await RoomClient.join(proxy.ws_url, room_id, additional_headers=headers, **options)


async def test_a_room_is_served_through_the_proxy_by_one_instance(
    behind_nginx: NginxProxy,
) -> None:
    room_id = await create_room_through(behind_nginx)
    async with httpx.AsyncClient(base_url=behind_nginx.base_url) as http:
        page = await http.get(f"/room/{room_id}")
        assert page.status_code == 200 and "<html" in page.text.lower()

    ada = await join_as_browser(behind_nginx, room_id, name="Ada")
    linus = await join_as_browser(behind_nginx, room_id, name="Linus")
    assert sorted(await behind_nginx.connections_per_instance()) == [0, 2]
    assert linus.welcome["participants"] == [ada.welcome["you"]]

    await append_line(ada, "from Ada")
    await append_line(linus, "from Linus")
    await ada.sync_to(linus.version)
    async with httpx.AsyncClient(base_url=behind_nginx.base_url) as http:
        stored = (await http.get(f"/rooms/{room_id}")).json()
    assert stored["code"] == ada.text == linus.text == "from Ada\nfrom Linus\n"
    await ada.close()
    await linus.close()


async def test_when_the_rooms_instance_dies_its_editors_carry_on_through_the_other(
    behind_nginx: NginxProxy,
) -> None:
    room_id = await create_room_through(behind_nginx)
    ada = await join_as_browser(behind_nginx, room_id, client_id="ada")
    linus = await join_as_browser(behind_nginx, room_id, client_id="linus")
    await append_line(ada, "before")
    await linus.sync_to(ada.version)
    serving = (await behind_nginx.connections_per_instance()).index(2)

    behind_nginx.upstreams[serving].kill()
    back = await asyncio.gather(
        *(
            join_as_browser(behind_nginx, room_id, since=editor.version, client_id=editor.client_id)
            for editor in (ada, linus)
        )
    )
    assert await behind_nginx.connections_per_instance() == [2]
    ada, linus = back
    await append_line(ada, "after")
    await linus.sync_to(ada.version)
    assert linus.text == "before\nafter\n"
    await ada.close()
    await linus.close()


async def test_the_instances_see_the_address_of_the_person_not_of_the_proxy(
    behind_nginx: NginxProxy,
) -> None:
    from_person = httpx.AsyncHTTPTransport(local_address=PERSON)
    async with httpx.AsyncClient(base_url=behind_nginx.base_url, transport=from_person) as http:
        for _ in range(4):
            response = await http.post("/rooms")
            assert response.status_code == 201, response.text
    # uvicorn logs each request with the client address it settled on.
    logged = [
        line
        for server in behind_nginx.upstreams
        for line in server.log().splitlines()
        if '"POST /rooms' in line
    ]
    assert len(logged) == 4 and all(f"{PERSON}:0 - " in line for line in logged), logged
