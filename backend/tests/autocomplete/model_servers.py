"""A model server on a real socket, speaking the two fill-in-the-middle interfaces as documented.

`POST /v1/completions` (OpenAI's completions API as Ollama, vLLM and llama.cpp serve it): `model`
and `prompt` required, `suffix` optional; the answer is a `text_completion` object whose
`choices[0].text` is the generated middle. `POST /infill` (llama.cpp's server): `input_prefix`
and `input_suffix`; the answer's `content` is the generated middle. A test sets `behaviour` to
make it answer slowly, fail, or answer garbage, and reads `received` to see what was asked.
"""

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Behaviour = Literal["answer", "slow", "error", "malformed", "wrong_shape", "empty", "too_long"]


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FillInTheMiddleServer:
    """Answers every request with `middle`, or as `behaviour` says."""

    middle: str = "th.join(root, name)"
    behaviour: Behaviour = "answer"
    delay_seconds: float = 5.0
    received: list[ReceivedRequest] = field(default_factory=list)
    _server: asyncio.Server | None = None
    _connections: set[asyncio.StreamWriter] = field(default_factory=set)

    async def start(self) -> "FillInTheMiddleServer":
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in self._connections:
                writer.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/1.1 with keep-alive, as the client's connection pool expects."""
        self._connections.add(writer)
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            while True:
                request = await _read_request(reader)
                self.received.append(request)
                status, body = await self._answer(request)
                writer.write(
                    f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        self._connections.discard(writer)
        writer.close()

    async def _answer(self, request: ReceivedRequest) -> tuple[str, bytes]:
        if request.method != "POST" or request.path not in ("/v1/completions", "/infill"):
            return "404 Not Found", _json({"error": "not found"})
        infill = request.path == "/infill"
        missing = [
            name
            for name in (("input_prefix", "input_suffix") if infill else ("model", "prompt"))
            if name not in request.body
        ]
        if missing:
            return "400 Bad Request", _json({"error": {"message": f"missing {missing}"}})
        if self.behaviour == "slow":
            await asyncio.sleep(self.delay_seconds)
        if self.behaviour == "error":
            return "500 Internal Server Error", _json({"error": {"message": "model crashed"}})
        if self.behaviour == "malformed":
            return "200 OK", b'{"choices": [{"text": "th'
        if self.behaviour == "wrong_shape":
            return "200 OK", _json({"choices": [{"message": {"content": self.middle}}]})
        middle = {"empty": " \n ", "too_long": "x" * 5000}.get(self.behaviour, self.middle)
        if infill:
            return "200 OK", _json(
                {
                    "content": middle,
                    "stop": True,
                    "model": "tiny-coder.gguf",
                    "tokens_predicted": 7,
                    "tokens_evaluated": 31,
                }
            )
        return "200 OK", _json(
            {
                "id": "cmpl-1",
                "object": "text_completion",
                "created": 1764789000,
                "model": request.body["model"],
                "choices": [
                    {"text": middle, "index": 0, "logprobs": None, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 31, "completion_tokens": 7, "total_tokens": 38},
            }
        )


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


async def _read_request(reader: asyncio.StreamReader) -> ReceivedRequest:
    """One request; IncompleteReadError when the client closes the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, path, _ = request_line.split(" ", 2)
    headers = {
        name.strip().lower(): value.strip()
        for name, value in (line.split(":", 1) for line in header_lines if ":" in line)
    }
    raw = await reader.readexactly(int(headers.get("content-length", "0")))
    return ReceivedRequest(method, path, headers, json.loads(raw) if raw else {})
