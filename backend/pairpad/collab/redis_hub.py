"""Fan-out and presence across server instances through Redis.

PostgreSQL stays the authority on order and durability; Redis only carries news. Each open room
subscribes to a channel where instances publish the frames they broadcast. A lost or late
message costs nothing but a little delay: rooms notice version gaps and read what they missed
from the database, and every room also looks there on a timer and after Redis comes back.
Participants are kept in a hash per room, tagged with their instance; an instance that stops
renewing its heartbeat key has its participants removed by the others.
"""

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from pairpad.collab.hub import LocalHub, RoomListener
from pairpad.collab.protocol import frame

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0
ALIVE_SECONDS = 6
OUTBOX_SIZE = 10_000
REDIS_ERRORS = (RedisError, OSError, TimeoutError)

Command = Callable[[], Awaitable[Any]]


class RedisHub(LocalHub):
    def __init__(self, url: str, prefix: str, resync_seconds: float) -> None:
        super().__init__()
        self.instance_id = secrets.token_hex(6)
        self._url = url
        self._prefix = prefix
        self._resync_seconds = resync_seconds
        self._listeners: dict[str, RoomListener] = {}
        self._outbox: asyncio.Queue[Command] = asyncio.Queue(OUTBOX_SIZE)
        self._tasks: list[asyncio.Task[None]] = []
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
            await self._redis.delete(self._alive(self.instance_id))
        with contextlib.suppress(*REDIS_ERRORS):
            await self._pubsub.aclose()
        await self._redis.aclose()

    def publish(self, room_id: str, frame: str, exclude: str | None = None) -> None:
        self.deliver(room_id, frame, exclude)
        self.announce(room_id, frame)

    def announce(self, room_id: str, frame: str) -> None:
        message = f"{self.instance_id} {frame}"
        self._queue(lambda: self._redis.publish(self._channel(room_id), message))

    def participant_joined(self, room_id: str, participant: dict[str, str]) -> None:
        entry = json.dumps({**participant, "instance": self.instance_id})
        self._queue(lambda: self._redis.hset(self._presence(room_id), participant["id"], entry))

    def participant_left(self, room_id: str, participant_id: str) -> None:
        self._queue(lambda: self._redis.hdel(self._presence(room_id), participant_id))

    async def participants_elsewhere(self, room_id: str) -> list[dict[str, str]]:
        entries = await self._redis.hgetall(self._presence(room_id))
        others = [json.loads(entry) for entry in entries.values()]
        others = [entry for entry in others if entry.pop("instance") != self.instance_id]
        return others

    async def watch(self, room_id: str, listener: RoomListener) -> None:
        self._listeners[room_id] = listener
        try:
            await self._pubsub.subscribe(self._channel(room_id))
        except REDIS_ERRORS as exc:
            logger.warning("room %s: not subscribed yet (%s); the database covers it", room_id, exc)

    async def unwatch(self, room_id: str) -> None:
        self._listeners.pop(room_id, None)
        with contextlib.suppress(*REDIS_ERRORS):
            await self._pubsub.unsubscribe(self._channel(room_id))

    def _queue(self, command: Command) -> None:
        """Run Redis commands one at a time, in order; drop them if Redis is far behind."""
        try:
            self._outbox.put_nowait(command)
        except asyncio.QueueFull:
            logger.warning("Redis outbox full: dropping a message; rooms resync from the database")

    async def _send_loop(self) -> None:
        while True:
            command = await self._outbox.get()
            try:
                await command()
            except REDIS_ERRORS as exc:
                logger.warning("Redis unreachable (%s): a message was not sent", exc)
            finally:
                self._outbox.task_done()

    async def _receive_loop(self) -> None:
        while True:
            try:
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
        listener = self._listeners.get(channel.removeprefix(f"{self._prefix}room:"))
        if listener is not None:
            listener(json.loads(raw), raw)

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
                break
            except REDIS_ERRORS:
                delay = min(delay * 2, 2.0)
        logger.info("Redis subscription restored for %d rooms", len(self._listeners))
        self._resync_all()

    def _resync_all(self) -> None:
        resync = frame("resync")
        for listener in list(self._listeners.values()):
            listener({"type": "resync"}, resync)

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(self._resync_seconds)
            self._resync_all()

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await self._redis.set(self._alive(self.instance_id), 1, ex=ALIVE_SECONDS)
                for room_id in list(self._listeners):
                    await self._reap(room_id)
            except REDIS_ERRORS as exc:
                logger.warning("Redis heartbeat failed (%s)", exc)

    async def _reap(self, room_id: str) -> None:
        """Remove participants whose instance stopped beating, and tell everyone."""
        entries = await self._redis.hgetall(self._presence(room_id))
        for participant_id, entry in entries.items():
            instance = json.loads(entry)["instance"]
            if instance == self.instance_id or await self._redis.exists(self._alive(instance)):
                continue
            if await self._redis.hdel(self._presence(room_id), participant_id):
                left = frame("participant_left", userId=participant_id)
                listener = self._listeners.get(room_id)
                if listener is not None:
                    listener({"type": "participant_left", "userId": participant_id}, left)
                self.announce(room_id, left)
