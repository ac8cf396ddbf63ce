"""The rooms REST API against the app and a real PostgreSQL."""

import httpx


async def test_create_room_returns_id_and_url(client: httpx.AsyncClient) -> None:
    response = await client.post("/rooms")
    assert response.status_code == 201
    body = response.json()
    assert body["url"] == f"/room/{body['roomId']}"
    assert body["language"] == "python"
    assert body["version"] == 0
