"""Logging set up once: plain text by default, one JSON object per line when asked, and never
a host key, whoever logs (uvicorn writes WebSocket handshake headers at debug level)."""

import json
import logging
import re
import sys

SECRETS = re.compile(r"(pairpad\.host\.|[Bb]earer\s+)[A-Za-z0-9_-]+")


class RedactedRecord(logging.LogRecord):
    """A log record whose message never shows a host key."""

    def getMessage(self) -> str:
        return SECRETS.sub(r"\1<redacted>", super().getMessage())


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str, as_json: bool) -> None:
    logging.setLogRecordFactory(RedactedRecord)
    handler = logging.StreamHandler(sys.stderr)
    plain = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(JsonFormatter() if as_json else plain)
    root = logging.getLogger("pairpad")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False
