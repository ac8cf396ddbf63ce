"""The bus through Redis: each open room listens on a channel where instances publish its
messages (see collab/fanout.py).

A lost or late message costs nothing but a little delay: rooms notice version gaps and read what
they missed from the database, and every room also looks there on a timer and whenever the
subscription had to be made again.
"""

import asyncio
import contextlib
import logging

import orjson
from redis.asyncio.client import PubSub

from pairpad.collab.fanout import Bus, OpenRooms
from pairpad.collab.redis_link import REDIS_ERRORS, RedisLink

logger = logging.getLogger(__name__)


class RedisBus(Bus):
    def __init__(self, link: RedisLink, resync_seconds: float) -> None:
        self._link = link
        self._resync_seconds = resync_seconds
        self._listening: set[str] = set()
        self._pubsub: PubSub = link.redis.pubsub()
        self._subscription_broken = False
        self._tasks: list[asyncio.Task[None]] = []
        self._rooms: OpenRooms

    def _channel(self, room_id: str) -> str:
        return f"{self._link.prefix}room:{room_id}"

    async def start(self, rooms: OpenRooms) -> None:
        self._rooms = rooms
        self._tasks = [
            asyncio.create_task(self._receive_loop(), name="redis-receive"),
            asyncio.create_task(self._resync_loop(), name="redis-resync"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(*REDIS_ERRORS):
            await self._pubsub.aclose()

    def publish(self, room_id: str, message: str) -> None:
        channel, payload = self._channel(room_id), f"{self._link.instance_id} {message}"
        self._link.queue(lambda pipe: pipe.publish(channel, payload))

    async def listen(self, room_id: str) -> None:
        self._listening.add(room_id)
        try:
            await self._pubsub.subscribe(self._channel(room_id))
        except REDIS_ERRORS as exc:
            logger.warning("room %s: not subscribed yet (%s); the database covers it", room_id, exc)
            self._subscription_broken = True

    async def stop_listening(self, room_id: str) -> None:
        """Never fails: a subscription left behind only brings messages nobody listens to."""
        self._listening.discard(room_id)
        try:
            await self._pubsub.unsubscribe(self._channel(room_id))
        except REDIS_ERRORS as exc:
            logger.info("room %s: not unsubscribed (%s)", room_id, exc)

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
        if origin == self._link.instance_id:
            return
        try:
            event = orjson.loads(raw)
        except orjson.JSONDecodeError:
            logger.error("unreadable message on %s from instance %s: %.200s", channel, origin, raw)
            return
        room = self._rooms.room_events(channel.removeprefix(f"{self._link.prefix}room:"))
        if room is not None:
            room.message_arrived(event, raw)

    async def _resubscribe(self) -> None:
        """A fresh subscription to every room listened to, then a look in the database for each."""
        delay = 0.1
        while True:
            await asyncio.sleep(delay)
            with contextlib.suppress(*REDIS_ERRORS):
                await self._pubsub.aclose()
            self._pubsub = self._link.redis.pubsub()
            try:
                channels = [self._channel(room_id) for room_id in self._listening]
                if channels:
                    await self._pubsub.subscribe(*channels)
                else:
                    await self._link.redis.ping()
                break
            except REDIS_ERRORS:
                delay = min(delay * 2, 2.0)
        self._subscription_broken = False
        logger.info("Redis subscription restored for %d rooms", len(self._listening))
        self._look_for_missed_updates()

    def _look_for_missed_updates(self) -> None:
        for room_id in self._rooms.open_room_ids():
            room = self._rooms.room_events(room_id)
            if room is not None:
                room.look_for_missed_updates()

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(self._resync_seconds)
            self._look_for_missed_updates()
