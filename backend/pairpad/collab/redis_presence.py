"""Who is connected to which instance, recorded in Redis (see collab/fanout.py).

A hash per room with one field per instance: the list of that instance's people in the room,
rewritten whole on every change and every heartbeat, so the latest write is always the truth and
a Redis that restarted empty is refilled within a heartbeat. An instance that stops renewing its
heartbeat key has its field removed by the others, who tell the room its people are gone. Every
heartbeat each open room is also shown the record as it is (collab/presence.py reconciles).
"""

import asyncio
import contextlib
import logging

import orjson
from redis.asyncio.client import Pipeline

from pairpad.collab.fanout import OpenRooms, PresenceRecord
from pairpad.collab.redis_link import REDIS_ERRORS, Command, RedisLink

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
ALIVE_SECONDS = 6
PRESENCE_SECONDS = 60
"""A room's presence hash outlives its last renewal by this long, then Redis drops it."""

People = list[dict[str, str]]


class RedisPresence(PresenceRecord):
    def __init__(self, link: RedisLink) -> None:
        self._link = link
        self._instance = link.instance_id
        self._recorded: set[str] = set()
        """Rooms whose record holds a field of this instance's."""
        self._heartbeat: asyncio.Task[None] | None = None
        self._rooms: OpenRooms

    def _presence(self, room_id: str) -> str:
        return f"{self._link.prefix}presence:{room_id}"

    def _alive(self, instance_id: str) -> str:
        return f"{self._link.prefix}instance:{instance_id}"

    async def start(self, rooms: OpenRooms) -> None:
        self._rooms = rooms
        with contextlib.suppress(*REDIS_ERRORS):
            await self._link.redis.set(self._alive(self._instance), 1, ex=ALIVE_SECONDS)
        self._heartbeat = asyncio.create_task(self._heartbeat_loop(), name="redis-heartbeat")

    async def stop(self) -> None:
        """Stop beating and, once everything queued before is written, leave the record."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        alive, rooms = self._alive(self._instance), list(self._recorded)

        def leave(pipe: Pipeline) -> None:
            pipe.delete(alive)
            for room_id in rooms:
                pipe.hdel(self._presence(room_id), self._instance)

        self._link.queue(leave)

    def changed(self, room_id: str) -> None:
        self._link.queue(self._record(room_id))

    def _record(self, room_id: str) -> Command:
        """This instance's people in the room as they are now, to be written in queue order."""
        key, alive = self._presence(room_id), self._alive(self._instance)
        people = self._rooms.people_here(room_id)
        entry = orjson.dumps(people).decode()
        if people:
            self._recorded.add(room_id)
        else:
            self._recorded.discard(room_id)

        def record(pipe: Pipeline) -> None:
            # Renewed first, so no instance ever finds this field without a live heartbeat.
            pipe.set(alive, 1, ex=ALIVE_SECONDS)
            if people:
                pipe.hset(key, self._instance, entry)
                pipe.expire(key, PRESENCE_SECONDS)
            else:
                pipe.hdel(key, self._instance)

        return record

    async def elsewhere(self, room_id: str) -> People:
        """Nobody while Redis is away: rooms learn of them from the record once it answers."""
        try:
            records = await self._read([room_id])
            beating = await self._beating(records)
        except REDIS_ERRORS as exc:
            logger.warning("room %s: who is elsewhere is unknown for now (%s)", room_id, exc)
            return []
        return [user for i, people in records[0].items() if i in beating for user in people]

    async def _read(self, room_ids: list[str]) -> list[dict[str, People]]:
        """Each room's record: people by instance."""
        async with self._link.redis.pipeline(transaction=False) as pipe:
            for room_id in room_ids:
                pipe.hgetall(self._presence(room_id))
            records: list[dict[str, str]] = await pipe.execute()
        return [
            {instance: orjson.loads(entry) for instance, entry in record.items()}
            for record in records
        ]

    async def _beating(self, records: list[dict[str, People]]) -> set[str]:
        """The other instances named in these records whose heartbeat has not expired."""
        others = sorted({i for record in records for i in record if i != self._instance})
        if not others:
            return set()
        beats = await self._link.redis.mget([self._alive(instance) for instance in others])
        return {instance for instance, beat in zip(others, beats, strict=True) if beat}

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            self._link.queue(self._beat())
            try:
                await self._check(self._rooms.open_room_ids())
            except REDIS_ERRORS as exc:
                logger.warning("Redis presence check failed (%s)", exc)

    def _beat(self) -> Command:
        """Renew this instance's heartbeat and rewrite its people in every room."""
        alive = self._alive(self._instance)
        records = [self._record(room_id) for room_id in list(self._recorded)]

        def beat(pipe: Pipeline) -> None:
            pipe.set(alive, 1, ex=ALIVE_SECONDS)
            for record in records:
                record(pipe)

        return beat

    async def _check(self, room_ids: list[str]) -> None:
        """Remove instances that stopped beating, and show each room the record as it is."""
        records = await self._read(room_ids)
        beating = await self._beating(records)
        for room_id, record in zip(room_ids, records, strict=True):
            seen: People = []
            gone: list[str] = []
            for instance, people in record.items():
                if instance in beating:
                    seen += people
                elif instance != self._instance and await self._link.redis.hdel(
                    self._presence(room_id), instance
                ):
                    gone += [user["id"] for user in people]
            room = self._rooms.room_events(room_id)
            if room is None:
                continue
            if gone:
                room.people_gone(gone)
            room.presence_read(seen)
