"""Fan-out and presence across server instances through Redis.

PostgreSQL stays the authority on order and durability; Redis only carries news. Each open room
subscribes to a channel where instances publish the frames they broadcast. A lost or late
message costs nothing but a little delay: rooms notice version gaps and read what they missed
from the database, and every room also looks there on a timer and after Redis comes back.

Presence is a hash per room with one field per instance: the list of that instance's people in
the room, rewritten whole on every change and every heartbeat, so the latest write is always the
truth and a Redis that restarted empty is refilled within a heartbeat. An instance that stops
renewing its heartbeat key has its field removed by the others, who announce its people as
gone. Every heartbeat each room also compares what it shows with the record (collab/presence.py).
"""

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline, PubSub
from redis.exceptions import RedisError

from pairpad.collab.hub import LocalHub, RoomListener
from pairpad.collab.protocol import frame

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
ALIVE_SECONDS = 6
PRESENCE_SECONDS = 60
"""A room's presence hash outlives its last renewal by this long, then Redis drops it."""
OUTBOX_SIZE = 10_000
PIPELINE_SIZE = 1000
REDIS_ERRORS = (RedisError, OSError, TimeoutError, RuntimeError)
"""What a lost Redis looks like; uvloop reports a write to a dropped connection as RuntimeError."""

Command = Callable[[Pipeline], object]
"""Stages commands on a pipeline; the send loop sends everything queued in one round trip."""

People = list[dict[str, str]]


class RedisHub(LocalHub):
    def __init__(self, url: str, prefix: str, resync_seconds: float) -> None:
        super().__init__()
        self.instance_id = secrets.token_hex(6)
        self._url = url
        self._prefix = prefix
        self._resync_seconds = resync_seconds
        self._listeners: dict[str, RoomListener] = {}
        self._mine: dict[str, dict[str, dict[str, str]]] = {}
        """Room -> participant id -> participant, for this instance's own connections."""
        self._outbox: asyncio.Queue[Command] = asyncio.Queue(OUTBOX_SIZE)
        self._tasks: list[asyncio.Task[None]] = []
        self._subscription_broken = False
        self._redis: Redis
        self._pubsub: PubSub

    def _channel(self, room_id: str) -> str:
        return f"{self._prefix}room:{room_id}"

    def _presence(self, room_id: str) -> str:
        return f"{self._prefix}presence:{room_id}"

    def _alive(self, instance_id: str) -> str:
        return f"{self._prefix}instance:{instance_id}"

    async def start(self) -> None:
        self._redis = Redis.from_url(
            self._url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2
        )
        self._pubsub = self._redis.pubsub()
        with contextlib.suppress(*REDIS_ERRORS):
            await self._redis.set(self._alive(self.instance_id), 1, ex=ALIVE_SECONDS)
        self._tasks = [
            asyncio.create_task(self._send_loop(), name="redis-send"),
            asyncio.create_task(self._receive_loop(), name="redis-receive"),
            asyncio.create_task(self._heartbeat_loop(), name="redis-heartbeat"),
            asyncio.create_task(self._resync_loop(), name="redis-resync"),
        ]
        logger.info("fan-out through Redis as instance %s", self.instance_id)

    async def stop(self) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(3):
                await self._outbox.join()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(*REDIS_ERRORS):
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.delete(self._alive(self.instance_id))
                for room_id in self._mine:
                    pipe.hdel(self._presence(room_id), self.instance_id)
                await pipe.execute()
        with contextlib.suppress(*REDIS_ERRORS):
            await self._pubsub.aclose()
        await self._redis.aclose()

    def publish(
        self, room_id: str, frame: str, exclude: str | None = None, replaces: str | None = None
    ) -> None:
        self.deliver(room_id, frame, exclude, replaces)
        self.announce(room_id, frame)

    def announce(self, room_id: str, frame: str) -> None:
        channel, message = self._channel(room_id), f"{self.instance_id} {frame}"
        self._queue(lambda pipe: pipe.publish(channel, message))

    def participant_joined(self, room_id: str, participant: dict[str, str]) -> None:
        self._mine.setdefault(room_id, {})[participant["id"]] = participant
        self._queue(self._record_presence(room_id))

    def participant_left(self, room_id: str, participant_id: str) -> None:
        people = self._mine.get(room_id, {})
        people.pop(participant_id, None)
        if not people:
            self._mine.pop(room_id, None)
        self._queue(self._record_presence(room_id))

    def _record_presence(self, room_id: str) -> Command:
        """This instance's people in the room as they are now, to be written in queue order."""
        key, alive = self._presence(room_id), self._alive(self.instance_id)
        people = list(self._mine.get(room_id, {}).values())
        entry = orjson.dumps(people).decode()

        def record(pipe: Pipeline) -> None:
            # Renewed first, so no instance ever finds this field without a live heartbeat.
            pipe.set(alive, 1, ex=ALIVE_SECONDS)
            if people:
                pipe.hset(key, self.instance_id, entry)
                pipe.expire(key, PRESENCE_SECONDS)
            else:
                pipe.hdel(key, self.instance_id)

        return record

    async def participants_elsewhere(self, room_id: str) -> People:
        """Nobody while Redis is away: rooms learn of them from the record once it answers."""
        try:
            records = await self._read_presence([room_id])
            beating = await self._beating(records)
        except REDIS_ERRORS as exc:
            logger.warning("room %s: who is elsewhere is unknown for now (%s)", room_id, exc)
            return []
        return [user for i, people in records[0].items() if i in beating for user in people]

    async def _read_presence(self, room_ids: list[str]) -> list[dict[str, People]]:
        """Each room's record: people by instance."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for room_id in room_ids:
                pipe.hgetall(self._presence(room_id))
            records: list[dict[str, str]] = await pipe.execute()
        return [
            {instance: orjson.loads(entry) for instance, entry in record.items()}
            for record in records
        ]

    async def _beating(self, records: list[dict[str, People]]) -> set[str]:
        """The other instances named in these records whose heartbeat has not expired."""
        others = sorted({i for record in records for i in record if i != self.instance_id})
        if not others:
            return set()
        beats = await self._redis.mget([self._alive(instance) for instance in others])
        return {instance for instance, beat in zip(others, beats, strict=True) if beat}

    async def watch(self, room_id: str, listener: RoomListener) -> None:
        self._listeners[room_id] = listener
        try:
            await self._pubsub.subscribe(self._channel(room_id))
        except REDIS_ERRORS as exc:
            logger.warning("room %s: not subscribed yet (%s); the database covers it", room_id, exc)
            self._subscription_broken = True

    async def unwatch(self, room_id: str) -> None:
        """Never fails: a subscription left behind only brings messages nobody listens to."""
        self._listeners.pop(room_id, None)
        try:
            await self._pubsub.unsubscribe(self._channel(room_id))
        except REDIS_ERRORS as exc:
            logger.info("room %s: not unsubscribed (%s)", room_id, exc)

    def _queue(self, command: Command) -> None:
        """Send Redis commands in order; drop them if Redis is far behind."""
        try:
            self._outbox.put_nowait(command)
        except asyncio.QueueFull:
            logger.warning("Redis outbox full: dropping a message; rooms resync from the database")

    async def _send_loop(self) -> None:
        while True:
            commands = [await self._outbox.get()]
            while len(commands) < PIPELINE_SIZE and not self._outbox.empty():
                commands.append(self._outbox.get_nowait())
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for command in commands:
                        command(pipe)
                    await pipe.execute()
            except REDIS_ERRORS as exc:
                logger.warning("Redis unreachable (%s): %d messages not sent", exc, len(commands))
            finally:
                for _ in commands:
                    self._outbox.task_done()

    async def _receive_loop(self) -> None:
        while True:
            try:
                if self._subscription_broken:
                    await self._resubscribe()
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.1)
                    continue
                message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
                if message is not None:
                    self._dispatch(message["channel"], message["data"])
            except REDIS_ERRORS as exc:
                logger.warning("Redis subscription lost (%s); reconnecting", exc)
                await self._resubscribe()

    def _dispatch(self, channel: str, data: str) -> None:
        origin, _, raw = data.partition(" ")
        if origin == self.instance_id:
            return
        try:
            event = orjson.loads(raw)
        except orjson.JSONDecodeError:
            logger.error("unreadable message on %s from instance %s: %.200s", channel, origin, raw)
            return
        self._tell(channel.removeprefix(f"{self._prefix}room:"), event, raw)

    def _tell(self, room_id: str, event: dict[str, Any], raw: str) -> None:
        listener = self._listeners.get(room_id)
        if listener is not None:
            listener(event, raw)

    async def _resubscribe(self) -> None:
        """A fresh subscription to every watched room, then a look in the database for each."""
        delay = 0.1
        while True:
            await asyncio.sleep(delay)
            with contextlib.suppress(*REDIS_ERRORS):
                await self._pubsub.aclose()
            self._pubsub = self._redis.pubsub()
            try:
                channels = [self._channel(room_id) for room_id in self._listeners]
                if channels:
                    await self._pubsub.subscribe(*channels)
                else:
                    await self._redis.ping()
                break
            except REDIS_ERRORS:
                delay = min(delay * 2, 2.0)
        self._subscription_broken = False
        logger.info("Redis subscription restored for %d rooms", len(self._listeners))
        self._resync_all()

    def _resync_all(self) -> None:
        resync = frame("resync")
        for room_id in list(self._listeners):
            self._tell(room_id, {"type": "resync"}, resync)

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(self._resync_seconds)
            self._resync_all()

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            self._queue(self._beat)
            try:
                await self._check_presence(list(self._listeners))
            except REDIS_ERRORS as exc:
                logger.warning("Redis presence check failed (%s)", exc)

    def _beat(self, pipe: Pipeline) -> None:
        """Renew this instance's heartbeat and rewrite its people in every room."""
        pipe.set(self._alive(self.instance_id), 1, ex=ALIVE_SECONDS)
        for room_id in self._mine:
            self._record_presence(room_id)(pipe)

    async def _check_presence(self, room_ids: list[str]) -> None:
        """Remove instances that stopped beating, and show each room the record as it is."""
        records = await self._read_presence(room_ids)
        beating = await self._beating(records)
        for room_id, record in zip(room_ids, records, strict=True):
            seen: People = []
            for instance, people in record.items():
                if instance in beating:
                    seen += people
                elif instance != self.instance_id and await self._redis.hdel(
                    self._presence(room_id), instance
                ):
                    self._announce_gone(room_id, people)
            self._tell(room_id, {"type": "presence", "participants": seen}, "")

    def _announce_gone(self, room_id: str, people: People) -> None:
        """People of a stopped instance: gone, for this instance's peers and every other's."""
        for user in people:
            left = frame("participant_left", userId=user["id"])
            self._tell(room_id, {"type": "participant_left", "userId": user["id"]}, left)
            self.announce(room_id, left)
