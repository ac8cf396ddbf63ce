"""Several instances sharing rooms through Redis (docs/scale-out.md)."""

from pairpad.collab.fanout import Fanout
from pairpad.collab.redis_bus import RedisBus
from pairpad.collab.redis_link import RedisLink
from pairpad.collab.redis_presence import RedisPresence
from pairpad.collab.redis_stop_requests import RedisStopRequests


def redis_fanout(url: str, prefix: str, resync_seconds: float) -> Fanout:
    """The bus, the presence record and the stop requests, through one connection to Redis."""
    link = RedisLink(url, prefix)
    return Fanout(
        RedisBus(link, resync_seconds), RedisPresence(link), link, RedisStopRequests(link)
    )
