"""Several instances sharing rooms through Redis (docs/scale-out.md)."""

from pairpad.collab.fanout import Fanout
from pairpad.collab.redis_bus import RedisBus
from pairpad.collab.redis_link import RedisLink
from pairpad.collab.redis_presence import RedisPresence


def redis_fanout(url: str, prefix: str, resync_seconds: float) -> Fanout:
    """The bus and the presence record, both through one connection to Redis at `url`."""
    link = RedisLink(url, prefix)
    return Fanout(RedisBus(link, resync_seconds), RedisPresence(link), link)
