"""Stop requests through Redis: one channel every instance listens to, and one per instance
for the answers to what it asked.

A request or an answer lost while Redis is away costs the asker a `no_run_in_progress`; pressing
Stop again asks again.
"""

import asyncio
import contextlib
import logging
import secrets

import orjson

from pairpad.collab.fanout import StopHere, StopRequests
from pairpad.collab.redis_link import REDIS_ERRORS, RedisLink

logger = logging.getLogger(__name__)

ANSWER_SECONDS = 1.0
"""How long an asker waits for an instance to say it stopped a run: a round trip through Redis
takes milliseconds, so silence after this means no instance has one."""


class RedisStopRequests(StopRequests):
    def __init__(self, link: RedisLink) -> None:
        self._link = link
        self._requests = f"{link.prefix}run_stop"
        self._answers = self._answers_to(link.instance_id)
        self._pubsub = link.redis.pubsub()
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._receiver: asyncio.Task[None] | None = None
        self._stop_here: StopHere = lambda _room_id: False

    def _answers_to(self, instance_id: str) -> str:
        return f"{self._link.prefix}run_stopped:{instance_id}"

    async def start(self, stop_here: StopHere) -> None:
        self._stop_here = stop_here
        self._receiver = asyncio.create_task(self._receive_loop(), name="redis-stop-requests")

    async def stop(self) -> None:
        if self._receiver is not None:
            self._receiver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._receiver
        with contextlib.suppress(*REDIS_ERRORS):
            await self._pubsub.aclose()

    async def ask(self, room_id: str, *, wait: bool) -> bool:
        request_id = secrets.token_hex(8) if wait else ""
        request = orjson.dumps(
            {"roomId": room_id, "from": self._link.instance_id, "requestId": request_id}
        ).decode()
        channel = self._requests
        self._link.queue(lambda pipe: pipe.publish(channel, request))
        if not wait:
            return False
        answered = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = answered
        try:
            await asyncio.wait_for(answered, ANSWER_SECONDS)
            return True
        except TimeoutError:
            return False
        finally:
            del self._waiting[request_id]

    async def _receive_loop(self) -> None:
        delay = 0.1
        while True:
            try:
                await self._pubsub.subscribe(self._requests, self._answers)
                delay = 0.1
                while True:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=1
                    )
                    if message is not None:
                        self._dispatch(message["channel"], message["data"])
            except REDIS_ERRORS as exc:
                logger.warning("stop requests: Redis subscription lost (%s); reconnecting", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                with contextlib.suppress(*REDIS_ERRORS):
                    await self._pubsub.aclose()
                self._pubsub = self._link.redis.pubsub()

    def _dispatch(self, channel: str, data: str) -> None:
        if channel == self._answers:
            answered = self._waiting.get(data)
            if answered is not None and not answered.done():
                answered.set_result(None)
            return
        try:
            request = orjson.loads(data)
            room_id, asker, request_id = request["roomId"], request["from"], request["requestId"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            logger.error("unreadable stop request: %.200s", data)
            return
        if asker == self._link.instance_id or not self._stop_here(room_id):
            return
        logger.info("room %s: run stopped at the request of instance %s", room_id, asker)
        if request_id:
            answers = self._answers_to(asker)
            self._link.queue(lambda pipe: pipe.publish(answers, request_id))
