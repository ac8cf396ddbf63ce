"""The rooms REST API, in-process against a real PostgreSQL."""

from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from pairpad.config import Settings
from pairpad.main import create_app
from pairpad.rooms.ids import ALPHABET
from pairpad.rooms.models import Room

JSON_HEADERS = {"content-type": "application/json"}


async def create_room(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/rooms", json=body) if body else await client.post("/rooms")
    assert response.status_code == 201, response.text
    return response.json()


async def room_count(database_url: str) -> int:
    engine = create_async_engine(database_url)
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(Room))
    await engine.dispose()
    return int(count or 0)


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    return error


async def test_create_room_without_body_gives_defaults_and_link(client: httpx.AsyncClient) -> None:
    room = await create_room(client)
    assert room["url"] == f"/room/{room['roomId']}"
    assert room["id"] == room["roomId"]
    assert (room["name"], room["language"], room["code"], room["version"]) == (
        "Untitled room",
        "python",
        "",
        0,
    )
    assert room["participantCount"] == 0
    assert room["createdAt"] and room["updatedAt"]


async def test_room_ids_are_unguessable_and_readable(client: httpx.AsyncClient) -> None:
    ids = {(await create_room(client))["roomId"] for _ in range(20)}
    assert len(ids) == 20
    for room_id in ids:
        groups = room_id.split("-")
        assert [len(group) for group in groups] == [4, 4, 5]
        assert set("".join(groups)) <= set(ALPHABET)


async def test_create_room_with_name_language_and_code(client: httpx.AsyncClient) -> None:
    room = await create_room(client, name="Interview", language="typescript", code="let a = 1\r\n")
    fetched = (await client.get(f"/rooms/{room['roomId']}")).json()
    assert fetched["name"] == "Interview"
    assert fetched["language"] == "typescript"
    assert fetched["code"] == "let a = 1\n"


async def test_get_unknown_room_is_404_in_error_shape(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/rooms/nope-nope-nope"), 404, "room_not_found")
    assert "nope-nope-nope" in error["message"]


async def test_patch_renames_and_changes_language(client: httpx.AsyncClient) -> None:
    room = await create_room(client)
    response = await client.patch(
        f"/rooms/{room['roomId']}", json={"name": "Pairing", "language": "javascript"}
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["language"]) == ("Pairing", "javascript")
    fetched = (await client.get(f"/rooms/{room['roomId']}")).json()
    assert (fetched["name"], fetched["language"]) == ("Pairing", "javascript")


async def test_patch_code_is_a_versioned_change(client: httpx.AsyncClient) -> None:
    room = await create_room(client, code="print(1)\n")
    first = await client.patch(f"/rooms/{room['roomId']}", json={"code": "print(2)\r\n"})
    assert first.status_code == 200
    assert (first.json()["code"], first.json()["version"]) == ("print(2)\n", 1)
    same = await client.patch(f"/rooms/{room['roomId']}", json={"code": "print(2)\n"})
    assert same.json()["version"] == 1
    fetched = (await client.get(f"/rooms/{room['roomId']}")).json()
    assert (fetched["code"], fetched["version"]) == ("print(2)\n", 1)


async def test_delete_room_then_every_request_is_404(client: httpx.AsyncClient) -> None:
    room = await create_room(client)
    host = {"authorization": f"Bearer {room['hostKey']}"}
    response = await client.delete(f"/rooms/{room['roomId']}", headers=host)
    assert response.status_code == 204
    assert response.content == b""
    assert_error(await client.get(f"/rooms/{room['roomId']}"), 404, "room_not_found")
    assert_error(
        await client.patch(f"/rooms/{room['roomId']}", json={"name": "x"}), 404, "room_not_found"
    )
    assert_error(
        await client.delete(f"/rooms/{room['roomId']}", headers=host), 404, "room_not_found"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"language": "cobol"}, "language"),
        ({"name": 42}, "name"),
        ({"name": ""}, "name"),
        ({"code": ["not", "text"]}, "code"),
        ({"colour": "red"}, "colour"),
        ({"name": "x" * 101}, "name"),
    ],
)
async def test_invalid_create_body_is_422_naming_the_field_and_creates_nothing(
    client: httpx.AsyncClient, database_url: str, body: dict[str, Any], field: str
) -> None:
    before = await room_count(database_url)
    error = assert_error(await client.post("/rooms", json=body), 422, "validation_error")
    assert field in error["message"]
    assert await room_count(database_url) == before


async def test_non_json_body_is_422(client: httpx.AsyncClient, database_url: str) -> None:
    before = await room_count(database_url)
    response = await client.post(
        "/rooms", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(response, 422, "validation_error")
    assert await room_count(database_url) == before


async def test_two_megabyte_name_is_413_and_changes_nothing(
    client: httpx.AsyncClient, database_url: str
) -> None:
    before = await room_count(database_url)
    assert_error(
        await client.post("/rooms", json={"name": "x" * 2_000_000}), 413, "payload_too_large"
    )
    assert await room_count(database_url) == before


async def test_invalid_patch_changes_nothing(client: httpx.AsyncClient) -> None:
    room = await create_room(client, name="Keep", code="keep\n")
    url = f"/rooms/{room['roomId']}"
    assert_error(await client.patch(url, json={"language": "cobol"}), 422, "validation_error")
    assert_error(await client.patch(url, json={"code": 7}), 422, "validation_error")
    lone_surrogate = b'{"code": "\\ud800"}'
    response = await client.patch(url, content=lone_surrogate, headers=JSON_HEADERS)
    assert_error(response, 422, "invalid_code")
    fetched = (await client.get(url)).json()
    assert (fetched["name"], fetched["code"], fetched["version"]) == ("Keep", "keep\n", 0)


async def test_document_over_the_limit_is_413(database_url: str) -> None:
    settings = Settings(database_url=database_url, max_document_chars=10, _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert_error(
                await client.post("/rooms", json={"code": "x" * 11}), 413, "document_too_large"
            )
            room = await create_room(client, code="short")
            response = await client.patch(f"/rooms/{room['roomId']}", json={"code": "y" * 11})
            assert_error(response, 413, "document_too_large")


async def test_room_survives_a_new_app_instance(settings: Settings) -> None:
    async def session(app_settings: Settings) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(app_settings)), base_url="http://t"
        )

    first = create_app(settings)
    async with LifespanManager(first):
        transport = httpx.ASGITransport(app=first)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            room = await create_room(client, name="Durable")
            await client.patch(f"/rooms/{room['roomId']}", json={"code": "x = 1\n"})
    second = create_app(settings)
    async with LifespanManager(second):
        transport = httpx.ASGITransport(app=second)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            fetched = (await client.get(f"/rooms/{room['roomId']}")).json()
    assert (fetched["name"], fetched["code"], fetched["version"]) == ("Durable", "x = 1\n", 1)


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    assert (await client.get("/ready")).json()["status"] == "ready"


async def test_ready_is_503_when_the_database_is_unreachable() -> None:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:9/none", _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert_error(await client.get("/ready"), 503, "database_unavailable")
            assert (await client.get("/health")).status_code == 200


async def test_unknown_route_and_method_use_the_error_shape(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/nowhere"), 404, "not_found")
    assert_error(await client.put("/rooms/abc", json={}), 405, "method_not_allowed")


async def test_openapi_documents_every_route(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    for path, method in [
        ("/rooms", "post"),
        ("/rooms/{roomId}", "get"),
        ("/rooms/{roomId}", "patch"),
        ("/rooms/{roomId}", "delete"),
    ]:
        assert schema["paths"][path][method]["description"]
    assert (await client.get("/docs")).status_code == 200


async def test_pages_are_served_at_root_and_room_paths(client: httpx.AsyncClient) -> None:
    for path in ("/", "/room/abcd-efgh-jkmnp"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]
        assert "PairPad" in response.text


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("body", [b"", b'{"name": "from a foreign page"}'])
async def test_a_body_a_web_page_can_send_without_preflight_creates_no_room(
    client: httpx.AsyncClient, database_url: str, content_type: str, body: bytes
) -> None:
    response = await client.post("/rooms", content=body, headers={"content-type": content_type})
    assert_error(response, 415, "unsupported_media_type")
    assert await room_count(database_url) == 0


async def test_a_patch_made_from_an_old_version_conflicts_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    room = await create_room(client, code="v0")
    path = f"/rooms/{room['roomId']}"
    read = await client.get(path)
    assert read.headers["etag"] == '"0"'
    first = await client.patch(path, json={"code": "mine"}, headers={"if-match": '"0"'})
    assert first.status_code == 200 and first.headers["etag"] == '"1"'
    for stale in (
        client.patch(path, json={"code": "theirs"}, headers={"if-match": read.headers["etag"]}),
        client.patch(path, json={"code": "theirs", "baseVersion": 0}),
    ):
        error = assert_error(await stale, 409, "version_conflict")
        assert error["version"] == 1
    current = (await client.get(path)).json()
    assert (current["code"], current["version"]) == ("mine", 1)
    fresh = await client.patch(path, json={"code": "theirs", "baseVersion": 1})
    assert fresh.json()["code"] == "theirs"
    unconditional = await client.patch(path, json={"code": "last"})
    assert unconditional.json()["version"] == 3


@pytest.mark.parametrize(
    "if_match", [b'"x"', b'"1" , "2"', '"\u00b2"'.encode(), b'"99999999999"', b"\x00"]
)
async def test_an_if_match_that_names_no_version_is_refused(
    client: httpx.AsyncClient, if_match: bytes
) -> None:
    room = await create_room(client, code="v0")
    response = await client.patch(
        f"/rooms/{room['roomId']}", json={"code": "x"}, headers={"if-match": if_match}
    )
    assert_error(response, 422, "validation_error")
