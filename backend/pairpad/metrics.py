"""Prometheus metrics, served at `/metrics`."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

CONNECTIONS = Gauge("pairpad_connections", "Open WebSocket connections.")
OPEN_ROOMS = Gauge("pairpad_open_rooms", "Rooms loaded in this process.")
UPDATES = Counter("pairpad_updates_total", "Updates stored and broadcast.")
REJECTED_PUSHES = Counter("pairpad_rejected_pushes_total", "Pushes refused as stale.")
REBASED_PUSHES = Counter(
    "pairpad_rebased_pushes_total", "Stale pushes moved over the updates stored since."
)
COMMIT_SECONDS = Histogram(
    "pairpad_commit_seconds",
    "Time to store one batch of updates, retries included.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
COMMIT_RETRIES = Counter("pairpad_commit_retries_total", "Commits retried after a database error.")
ERRORS = Counter("pairpad_errors_total", "Error frames sent to clients.", ["code"])
MODEL_ANSWERS = Counter(
    "pairpad_autocomplete_model_answers_total", "Completions answered by the model server."
)
MODEL_FALLBACKS = Counter(
    "pairpad_autocomplete_model_fallbacks_total",
    "Completions answered without the model server, by why: timeout, unreachable, http_error, "
    "malformed, wrong_shape, empty, too_long, invalid_text, failed.",
    ["reason"],
)

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
