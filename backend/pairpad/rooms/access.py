"""Who a request is, for a room: the link it came through, and the host key it may carry.

Rooms have no accounts: powers travel as unguessable links. The edit link is the room's id
(`edit_id`), the view link a second id of the same shape; the host key is returned once, when
the room is created, and stored only as its SHA-256 (a random 256-bit key needs no slow hash:
there is nothing to guess). Keys are compared in constant time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pairpad.collab.permissions import Role, Status, why_not_edit, why_not_host
from pairpad.errors import Forbidden
from pairpad.rooms.models import Room


def new_host_key() -> str:
    return secrets.token_urlsafe(32)


def hash_host_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def role_through(room: Room, link: str, host_key: str | None) -> Role:
    """The role `link` gives, raised to host by the room's host key; Forbidden for another
    key (whoever sends one believes they are the host, and should learn they are not)."""
    if host_key is not None:
        if not hmac.compare_digest(hash_host_key(host_key), room.host_key_hash):
            raise Forbidden("That is not this room's host key.")
        return Role.HOST
    return Role.VIEWER if link == room.view_id else Role.EDITOR


def bearer_key(authorization: str | None) -> str | None:
    """The key of an `Authorization: Bearer <key>` header."""
    scheme, _, key = (authorization or "").partition(" ")
    return key.strip() or None if scheme.lower() == "bearer" else None


@dataclass(frozen=True, slots=True)
class RoomAccess:
    room: Room
    link: str
    role: Role

    def require_edit(self) -> None:
        reason = why_not_edit(self.role, Status(self.room.status))
        if reason:
            raise Forbidden(reason)

    def require_host(self, action: str) -> None:
        reason = why_not_host(self.role, action)
        if reason:
            raise Forbidden(reason)
