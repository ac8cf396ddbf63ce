"""The WebSocket endpoint: one connection per editor, speaking docs/protocol.md."""

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket
from sqlalchemy.exc import DBAPIError
from starlette.websockets import WebSocketDisconnect

from pairpad.collab.exceptions import ReadOnly, RoomFull, RoomNotFound
from pairpad.collab.live_room import LiveRoom
from pairpad.collab.peer import SocketPeer
from pairpad.collab.permissions import Role, Status, why_not_edit, why_not_host
from pairpad.collab.presence import Participant
from pairpad.collab.protocol import (
    NAME_MAX,
    BadMessage,
    CloseCode,
    CodeUpdate,
    Cursor,
    InvalidSince,
    MessageTooBig,
    Ping,
    Push,
    Remove,
    Rename,
    Run,
    SetLanguage,
    SetStdin,
    Stop,
    error_message,
    message,
    parse_client_message,
)
from pairpad.collab.runs import run_room_code, share_stdin, stdin_message, stop_room_runs
from pairpad.collab.sequencer import Failed, Outcome, Rejected
from pairpad.collab.service import Collaboration
from pairpad.config import Settings
from pairpad.errors import AppError, DatabaseUnavailable, Forbidden
from pairpad.execution.exceptions import NoRunInProgress
from pairpad.execution.service import CodeExecution
from pairpad.metrics import CONNECTIONS, ERRORS, REJECTED_PUSHES
from pairpad.ratelimit import RateLimited, TokenBucket
from pairpad.storable import MAX_VERSION

logger = logging.getLogger(__name__)
router = APIRouter()

BYTES_PER_MESSAGE = 65_536
"""A message this large counts once against the rate limit; a larger one, once per this."""
VERSION_TEXT = re.compile("[0-9]{1,10}")
"""ASCII digits only: str.isdigit() also takes superscripts, which int() refuses."""


def origin_allowed(websocket: WebSocket, settings: Settings) -> bool:
    """Same origin, a listed origin, or no Origin at all (command-line clients)."""
    origin = websocket.headers.get("origin")
    if origin is None or origin in settings.allowed_origins:
        return True
    # Same origin is scheme and host: a page served over http may not open wss, nor the other
    # way round. The scheme is wss behind a trusted proxy that says X-Forwarded-Proto: https.
    own_scheme = "https" if websocket.url.scheme == "wss" else "http"
    parts = urlsplit(origin)
    return parts.scheme == own_scheme and parts.netloc == websocket.headers.get("host")


def display_name(raw: str | None) -> str:
    name = " ".join("".join(ch for ch in (raw or "") if ch.isprintable()).split())
    return name[:NAME_MAX] or "Guest"


def parse_since(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not VERSION_TEXT.fullmatch(raw) or int(raw) > MAX_VERSION:
        raise InvalidSince(f"'since' must be a version: a whole number from 0 to {MAX_VERSION}.")
    return int(raw)


JOIN_REFUSALS = {RoomNotFound: CloseCode.ROOM_NOT_FOUND, RoomFull: CloseCode.ROOM_FULL}
"""Close codes for the reasons a join is refused; any other refusal is a policy violation."""


SUBPROTOCOL = "pairpad"
HOST_KEY_SUBPROTOCOL = "pairpad.host."
"""A browser cannot set headers on a WebSocket: it offers `pairpad` and `pairpad.host.<key>`
as subprotocols instead, which, unlike the URL, no server or proxy writes to its logs."""
EDITS = (Push, CodeUpdate, SetLanguage, Rename, Run, Stop, SetStdin)


def presented_host_key(websocket: WebSocket) -> str | None:
    """The host key in an `Authorization: Bearer` header, or offered as a subprotocol."""
    scheme, _, key = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and key.strip():
        return key.strip()
    for offered in websocket.scope.get("subprotocols", []):
        if offered.startswith(HOST_KEY_SUBPROTOCOL):
            return offered.removeprefix(HOST_KEY_SUBPROTOCOL)
    return None


def refusal(request: object, role: Role, status: Status) -> AppError | None:
    """Why this participant may not make this request now (collab/permissions.py), or None."""
    if isinstance(request, EDITS):
        reason = why_not_edit(role, status)
        return ReadOnly(reason) if reason else None
    if isinstance(request, Remove):
        reason = why_not_host(role, "remove a participant")
        return Forbidden(reason) if reason else None
    return None


def send_error(peer: SocketPeer, error: AppError) -> None:
    ERRORS.labels(error.code).inc()
    peer.send(error_message(error.code, error.message))


def refuse(peer: SocketPeer, error: AppError, close_code: int) -> None:
    """Say why in an `error` message, then close with the code that says it."""
    send_error(peer, error)
    peer.close(close_code, error.code)


def reply_to(peer: SocketPeer) -> Callable[[asyncio.Future[Outcome]], None]:
    """Tell the sender what became of its change; success needs no reply (the broadcast is it)."""

    def on_outcome(future: asyncio.Future[Outcome]) -> None:
        outcome = future.result()
        if isinstance(outcome, Rejected):
            REJECTED_PUSHES.inc()
            peer.send(message("rejected", version=outcome.version))
        elif isinstance(outcome, Failed):
            send_error(peer, outcome.error)

    return on_outcome


@router.websocket("/ws/{room_id}")
async def room_socket(websocket: WebSocket, room_id: str) -> None:
    settings: Settings = websocket.app.state.settings
    collab: Collaboration = websocket.app.state.collab
    if not origin_allowed(websocket, settings):
        logger.warning(
            "room %s: refused WebSocket from origin %s", room_id, websocket.headers.get("origin")
        )
        await websocket.close(CloseCode.POLICY_VIOLATION, "origin not allowed")
        return
    offered = websocket.scope.get("subprotocols", [])
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    CONNECTIONS.inc()
    bundle = websocket.query_params.get("bundle") == "1"
    peer = SocketPeer(websocket, settings.send_queue_size, bundle)
    pump = asyncio.create_task(peer.pump())
    room: LiveRoom | None = None
    try:
        since = parse_since(websocket.query_params.get("since"))
        name = display_name(websocket.query_params.get("name"))
        host_key = presented_host_key(websocket)
        room, participant = await collab.connect(room_id, host_key, peer, name, since)
        await _serve(websocket, peer, collab, room, participant, settings)
    except (DBAPIError, OSError):
        logger.warning("room %s: database unreachable while joining", room_id)
        refuse(peer, DatabaseUnavailable(), CloseCode.TRY_AGAIN_LATER)
    except AppError as exc:
        refuse(peer, exc, JOIN_REFUSALS.get(type(exc), CloseCode.POLICY_VIOLATION))
    except WebSocketDisconnect:
        pass
    finally:
        CONNECTIONS.dec()
        if room is not None:
            await collab.disconnect(room, peer)
        if not peer.closing:
            pump.cancel()
        # The socket may already be gone; the pump's own errors end with it.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(pump, timeout=5)


async def _serve(
    websocket: WebSocket,
    peer: SocketPeer,
    collab: Collaboration,
    room: LiveRoom,
    participant: Participant,
    settings: Settings,
) -> None:
    bucket = TokenBucket(settings.ws_rate_per_second, settings.ws_rate_burst)
    runs: set[asyncio.Task[None]] = set()
    execution: CodeExecution = websocket.app.state.execution
    if (room_input := await stdin_message(websocket.app.state.room_inputs, room.id)) is not None:
        peer.send(room_input)
    while not peer.closing:
        received = await websocket.receive()
        if received["type"] == "websocket.disconnect":
            return
        data = received.get("text") or received.get("bytes") or ""
        # Reading a message costs the loop time in proportion to its size: large ones count as
        # several, so no connection keeps the loop parsing.
        if not bucket.take(1 + len(data) // BYTES_PER_MESSAGE):
            refuse(peer, RateLimited("Too many messages; slow down."), CloseCode.POLICY_VIOLATION)
            return
        if len(data) > settings.max_message_bytes:
            refuse(peer, MessageTooBig(settings.max_message_bytes), CloseCode.MESSAGE_TOO_BIG)
            return
        try:
            request = parse_client_message(data)
        except BadMessage as exc:
            send_error(peer, exc)
            continue
        role = Role(participant.role)
        refused = refusal(request, role, room.status)
        if refused is not None:
            send_error(peer, refused)
            continue
        match request:
            case Push():
                updates = [(update.clientID, update.changes) for update in request.updates]
                collab.push(
                    room,
                    participant,
                    request.version,
                    updates,
                    rebase=request.rebase,
                    tie_break=request.tieBreak,
                ).add_done_callback(reply_to(peer))
            case CodeUpdate():
                collab.replace(room, participant, request.code).add_done_callback(reply_to(peer))
            case Cursor() if role is not Role.VIEWER:
                collab.share_cursor(
                    room, participant, request.model_dump(exclude={"type"}, exclude_none=True)
                )
            case SetLanguage():
                await collab.change_room(room.id, language=request.language, by=participant.id)
            case Rename():
                await collab.change_room(room.id, name=request.name, by=participant.id)
            case Ping():
                peer.send(message("pong"))
            case Remove():
                collab.remove(room, request.userId)
            case Run():
                run = asyncio.create_task(
                    _run(websocket, peer, collab, room, participant, request.stdin)
                )
                runs.add(run)
                run.add_done_callback(runs.discard)
            case Stop():
                # Awaited apart: with no run anywhere, the answer waits on the other instances.
                stopping = asyncio.create_task(_stop(websocket, peer, room))
                runs.add(stopping)
                stopping.add_done_callback(runs.discard)
            case SetStdin():
                try:
                    await share_stdin(
                        execution,
                        websocket.app.state.room_inputs,
                        collab.broadcast,
                        room,
                        participant,
                        request.stdin,
                    )
                except (DBAPIError, OSError):
                    logger.warning("room %s: input box not stored, database unreachable", room.id)
                    send_error(peer, DatabaseUnavailable())
                except AppError as exc:
                    send_error(peer, exc)


async def _run(
    websocket: WebSocket,
    peer: SocketPeer,
    collab: Collaboration,
    room: LiveRoom,
    participant: Participant,
    stdin: str | None,
) -> None:
    """Run the room's code; it finishes and is shown to the room even if its author leaves."""
    execution: CodeExecution = websocket.app.state.execution
    try:
        address = websocket.client.host if websocket.client else "unknown"
        await run_room_code(
            execution,
            websocket.app.state.room_inputs,
            collab.broadcast,
            room,
            participant,
            address=address,
            stdin=stdin,
        )
    except (DBAPIError, OSError):
        logger.warning("room %s: not run, database unreachable", room.id)
        send_error(peer, DatabaseUnavailable())
    except AppError as exc:
        send_error(peer, exc)


async def _stop(websocket: WebSocket, peer: SocketPeer, room: LiveRoom) -> None:
    """Stop the room's runs wherever they go on; the sender hears if there were none."""
    try:
        await stop_room_runs(
            websocket.app.state.execution, websocket.app.state.stop_requests, room.id
        )
    except NoRunInProgress as exc:
        send_error(peer, exc)
