"""Commits of many rooms share transactions, yet each room wins or loses on its own."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import async_sessionmaker

from pairpad.collab import repository
from pairpad.collab.repository import LoggedUpdate
from pairpad.collab.store import RoomGone, RoomStore, Unstorable, VersionTaken
from pairpad.db import create_engine
from pairpad.metrics import COMMIT_RETRIES
from pairpad.rooms import repository as rooms_repository
from pairpad.rooms.ids import new_room_id
from pairpad.rooms.models import Room
from pairpad.text.document import Document


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[RoomStore]:
    engine = create_engine(database_url)
    room_store = RoomStore(engine, async_sessionmaker(engine, expire_on_commit=False), 5.0)
    yield room_store
    await room_store.close()
    await engine.dispose()


async def new_rooms(store: RoomStore, count: int) -> list[str]:
    ids = [new_room_id() for _ in range(count)]
    async with store._sessionmaker() as session, session.begin():
        for room_id in ids:
            room = Room(
                id=room_id,
                edit_id=room_id,
                view_id=new_room_id(),
                host_key_hash="0" * 64,
                name="r",
                language="python",
            )
            await rooms_repository.add_room(session, room)
            await repository.save_snapshot(session, room_id, 0, "")
    return ids


def insert(client: str, text: str = "x") -> LoggedUpdate:
    return LoggedUpdate(1, client, [[0, text]])


async def test_a_taken_version_fails_only_its_own_room(store: RoomStore) -> None:
    first, taken, third = await new_rooms(store, 3)
    await store.commit(taken, [insert("someone else", "theirs")], None)
    outcomes = await asyncio.gather(
        store.commit(first, [insert("a")], None),
        store.commit(taken, [insert("b", "mine")], None),
        store.commit(third, [insert("c")], None),
        return_exceptions=True,
    )
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], VersionTaken)
    for room_id, client in ((first, "a"), (taken, "someone else"), (third, "c")):
        stored = await store.updates_after(room_id, 0)
        assert [(u.version, u.client_id) for u in stored] == [(1, client)]


async def test_a_room_with_a_lost_version_keeps_none_of_its_batch(store: RoomStore) -> None:
    (room_id,) = await new_rooms(store, 1)
    await store.commit(room_id, [insert("first")], None)
    second = LoggedUpdate(2, "late", [1, [0, "y"]])
    with pytest.raises(VersionTaken):
        await store.commit(room_id, [insert("late"), second], None)
    assert [u.client_id for u in await store.updates_after(room_id, 0)] == ["first"]


def lose_first_answer(store: RoomStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first group transaction commits, but its answer never reaches the server."""
    write_together = store._write_together
    answered = False

    async def commit_then_drop(batch: list[Any]) -> set[str]:
        nonlocal answered
        lost = await write_together(batch)
        if not answered:
            answered = True
            raise ConnectionResetError("answer lost")
        return lost

    monkeypatch.setattr(store, "_write_together", commit_then_drop)


async def test_a_retry_after_a_lost_answer_counts_as_stored(
    store: RoomStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    (room_id,) = await new_rooms(store, 1)
    lose_first_answer(store, monkeypatch)
    await store.commit(room_id, [insert("same")], Document.from_text("x"))
    assert [u.client_id for u in await store.updates_after(room_id, 0)] == ["same"]


async def test_the_same_update_committed_again_is_a_taken_version(store: RoomStore) -> None:
    (room_id,) = await new_rooms(store, 1)
    update = insert("same")
    await store.commit(room_id, [update], None)
    with pytest.raises(VersionTaken):
        await store.commit(room_id, [update], None)
    assert len(await store.updates_after(room_id, 0)) == 1


async def test_a_deleted_room_fails_alone_in_its_batch(store: RoomStore) -> None:
    kept, deleted = await new_rooms(store, 2)
    async with store._sessionmaker() as session, session.begin():
        await rooms_repository.delete_room(session, deleted)
    outcomes = await asyncio.gather(
        store.commit(kept, [insert("a")], None),
        store.commit(deleted, [insert("b")], None),
        return_exceptions=True,
    )
    assert outcomes[0] is None
    assert isinstance(outcomes[1], RoomGone)
    assert len(await store.updates_after(kept, 0)) == 1


@pytest.mark.parametrize(
    "poison",
    [
        LoggedUpdate(1, "nul in text", [[0, "a\u0000b"]]),
        LoggedUpdate(1, "nul in client id\u0000", [[0, "x"]]),
        LoggedUpdate(1, "author", [[0, "x"]], author_name="nul\u0000"),
    ],
    ids=["changes", "client id", "author"],
)
async def test_rows_the_database_refuses_fail_only_their_room_and_never_retry(
    store: RoomStore, poison: LoggedUpdate
) -> None:
    healthy, poisoned, other = await new_rooms(store, 3)
    retries_before = COMMIT_RETRIES._value.get()
    outcomes = await asyncio.wait_for(
        asyncio.gather(
            store.commit(healthy, [insert("a")], None),
            store.commit(poisoned, [poison], None),
            store.commit(other, [insert("c")], None),
            return_exceptions=True,
        ),
        timeout=5,
    )
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], Unstorable)
    assert COMMIT_RETRIES._value.get() == retries_before, "a refusal was taken for an outage"
    assert [u.client_id for u in await store.updates_after(healthy, 0)] == ["a"]
    assert [u.client_id for u in await store.updates_after(other, 0)] == ["c"]
    assert await store.updates_after(poisoned, 0) == []
    await store.commit(poisoned, [insert("later")], None)  # the room itself is not stuck
    assert [u.client_id for u in await store.updates_after(poisoned, 0)] == ["later"]


async def test_rooms_catching_up_at_one_moment_share_one_query(store: RoomStore) -> None:
    first, second, quiet = await new_rooms(store, 3)
    await store.commit(first, [insert("a"), LoggedUpdate(2, "b", [1, [0, "b"]])], None)
    await store.commit(second, [insert("c")], None)
    queries: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            queries.append(statement)

    event.listen(store._engine.sync_engine, "before_cursor_execute", count)
    try:
        found = await asyncio.gather(
            store.missed_updates(first, 0),
            store.missed_updates(first, 1),
            store.missed_updates(second, 0),
            store.missed_updates(quiet, 0),
        )
    finally:
        event.remove(store._engine.sync_engine, "before_cursor_execute", count)
    assert [[u.client_id for u in updates] for updates in found] == [["a", "b"], ["b"], ["c"], []]
    assert len(queries) == 1


async def test_two_writers_racing_for_the_same_rooms_never_deadlock(
    store: RoomStore, database_url: str
) -> None:
    other_engine = create_engine(database_url)
    other = RoomStore(other_engine, async_sessionmaker(other_engine, expire_on_commit=False), 5.0)
    rooms = await new_rooms(store, 300)
    for writer in (store, other):  # both connected already, so that their commits overlap
        await writer.missed_updates(rooms[0], 0)
    retries_before = COMMIT_RETRIES._value.get()
    try:
        for version in range(1, 5):
            # The same version of the same rooms, asked for in opposite orders, at one time.
            outcomes = await asyncio.gather(
                *(store.commit(room, [LoggedUpdate(version, "one", [])], None) for room in rooms),
                *(
                    other.commit(room, [LoggedUpdate(version, "other", [])], None)
                    for room in reversed(rooms)
                ),
                return_exceptions=True,
            )
            assert all(outcome is None or isinstance(outcome, VersionTaken) for outcome in outcomes)
            assert outcomes.count(None) == len(rooms)
    finally:
        await other.close()
        await other_engine.dispose()
    assert COMMIT_RETRIES._value.get() == retries_before, "a commit failed and was retried"
    for room_id in rooms:
        assert [u.version for u in await store.updates_after(room_id, 0)] == [1, 2, 3, 4]
