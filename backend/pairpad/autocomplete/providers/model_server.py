"""A model server the operator runs, asked to fill in the middle at the cursor (optional).

Two de-facto interfaces: the OpenAI-compatible `POST /v1/completions` with `prompt` and `suffix`
(Ollama and other servers that honour `suffix`), answered in `choices[0].text`, and llama.cpp's
`POST /infill` with `input_prefix` and `input_suffix`, answered in `content`. The model is asked
first; when it is slow, down or answers garbage, the other providers' answer is used and
`pairpad_autocomplete_model_fallbacks_total` counts why.
"""

import asyncio
import json
import logging
import re
from collections.abc import Coroutine
from typing import Any, Literal

import httpx

from pairpad.autocomplete.providers.base import CompletionContext, CompletionProvider
from pairpad.autocomplete.schemas import AutocompleteResponse, CompletionItem
from pairpad.config import Settings
from pairpad.metrics import MODEL_ANSWERS, MODEL_FALLBACKS

logger = logging.getLogger(__name__)

Api = Literal["openai", "infill"]
FallbackReason = Literal[
    "timeout",
    "unreachable",
    "http_error",
    "malformed",
    "wrong_shape",
    "empty",
    "too_long",
    "invalid_text",
    "failed",
]

# A suggestion ends at a blank line: one statement or block, not the rest of the file.
STOP = ["\n\n"]
# Bytes read from one answer; a suggestion of AUTOCOMPLETE_AI_MAX_CHARS fits many times over,
# even JSON-escaped and with the metadata servers add.
MAX_RESPONSE_BYTES = 262_144
# What may follow the cursor on its line for a suggestion to make sense there.
_LINE_END = re.compile(r"[\s)\]}'\"`:;,]*")


class ModelUnavailable(Exception):
    """The model gave no usable suggestion; `reason` labels the fallback metric."""

    def __init__(self, reason: FallbackReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class ModelServer(CompletionProvider):
    """Asks a model server for the text at the cursor, over connections kept open."""

    name = "model"

    def __init__(
        self,
        url: str,
        *,
        api: Api = "openai",
        model: str = "",
        api_key: str | None = None,
        timeout_seconds: float = 1.0,
        max_prefix_chars: int = 3000,
        max_suffix_chars: int = 1000,
        max_tokens: int = 64,
        max_chars: int = 1000,
    ) -> None:
        self._api = api
        self._model = model
        self._timeout_seconds = timeout_seconds
        self._max_prefix_chars = max_prefix_chars
        self._max_suffix_chars = max_suffix_chars
        self._max_tokens = max_tokens
        self._max_chars = max_chars
        self._path = _endpoint(url, api)
        headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.AsyncClient(
            base_url=url.rstrip("/"),
            headers=headers,
            timeout=timeout_seconds,
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
            follow_redirects=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> "ModelServer | None":
        """The configured model server, or None when AUTOCOMPLETE_AI_URL is empty."""
        if not settings.autocomplete_ai_url:
            return None
        key = settings.autocomplete_ai_api_key
        return cls(
            settings.autocomplete_ai_url,
            api=settings.autocomplete_ai_api,
            model=settings.autocomplete_ai_model,
            api_key=key.get_secret_value() if key else None,
            timeout_seconds=settings.autocomplete_ai_timeout_ms / 1000,
            max_prefix_chars=settings.autocomplete_ai_max_prefix_chars,
            max_suffix_chars=settings.autocomplete_ai_max_suffix_chars,
            max_tokens=settings.autocomplete_ai_max_tokens,
            max_chars=settings.autocomplete_ai_max_chars,
        )

    def wants(self, context: CompletionContext) -> bool:
        """A model continues code anywhere, but a suggestion only shows well at a line's end."""
        rest_of_line = context.text[context.position :].split("\n", 1)[0]
        return _LINE_END.fullmatch(rest_of_line) is not None

    def request_body(self, context: CompletionContext) -> dict[str, Any]:
        """What is sent for `context`: the text around the cursor, cut to the caps."""
        before = context.text[: context.position] + context.prefix
        prefix = before[-self._max_prefix_chars :] if self._max_prefix_chars else ""
        suffix = context.text[context.position :][: self._max_suffix_chars]
        body: dict[str, Any]
        if self._api == "openai":
            body = {
                "model": self._model,
                "prompt": prefix,
                "suffix": suffix,
                "max_tokens": self._max_tokens,
                "temperature": 0,
                "stop": STOP,
                "stream": False,
            }
        else:
            body = {
                "input_prefix": prefix,
                "input_suffix": suffix,
                "n_predict": self._max_tokens,
                "temperature": 0,
                "stop": STOP,
                "stream": False,
            }
            if self._model:
                body["model"] = self._model
        return body

    async def complete(self, context: CompletionContext, limit: int) -> list[CompletionItem]:
        """The model's suggestion as one item; raises ModelUnavailable when there is none."""
        text = await self.suggest(context)
        label = context.prefix + text.split("\n", 1)[0]
        detail = f"suggested by {self._model}" if self._model else "suggested by the model"
        return [CompletionItem(label=label, insert_text=text, kind="text", detail=detail)]

    async def suggest(self, context: CompletionContext) -> str:
        """The text the model would insert at the cursor, within the model's time."""
        try:
            async with asyncio.timeout(self._timeout_seconds):
                status, content = await self._post(self.request_body(context))
        except (TimeoutError, httpx.TimeoutException):
            raise ModelUnavailable(
                "timeout", f"no answer within {self._timeout_seconds:.3f}s"
            ) from None
        except httpx.DecodingError as exc:
            raise ModelUnavailable("malformed", f"undecodable body: {exc}") from None
        except httpx.HTTPError as exc:
            raise ModelUnavailable("unreachable", f"{type(exc).__name__}: {exc}") from None
        if status != 200:
            raise ModelUnavailable("http_error", f"status {status}")
        text = _without_echo(self._read_answer(content), context)
        if not text.strip():
            raise ModelUnavailable("empty", "the model only repeated what follows the cursor")
        return text

    async def _post(self, body: dict[str, Any]) -> tuple[int, bytes]:
        async with self._client.stream("POST", self._path, json=body) as response:
            if response.status_code != 200:
                return response.status_code, b""
            content = bytearray()
            async for chunk in response.aiter_bytes():
                content += chunk
                if len(content) > MAX_RESPONSE_BYTES:
                    raise ModelUnavailable("too_long", f"answer over {MAX_RESPONSE_BYTES} bytes")
            return response.status_code, bytes(content)

    def _read_answer(self, content: bytes) -> str:
        try:
            answer = json.loads(content)
        except ValueError:
            raise ModelUnavailable("malformed", f"not JSON: {content[:80]!r}") from None
        text = _answer_text(answer, self._api)
        if text is None:
            raise ModelUnavailable("wrong_shape", f"no text where {self._api} puts it")
        text = text.replace("\r\n", "\n").rstrip()
        if not text.strip():
            raise ModelUnavailable("empty", "the model suggested nothing")
        if len(text) > self._max_chars:
            raise ModelUnavailable("too_long", f"{len(text)} characters")
        if "\x00" in text or not _encodable(text):
            raise ModelUnavailable("invalid_text", "NUL or a lone surrogate")
        return text

    async def first(
        self, context: CompletionContext, fallback: Coroutine[Any, Any, AutocompleteResponse]
    ) -> AutocompleteResponse:
        """The model's answer when it gives one in time, else `fallback`'s, which runs
        alongside so that it is ready when the model is not."""
        if not self.wants(context):
            return await fallback
        backup = asyncio.ensure_future(fallback)
        try:
            items = await self.complete(context, 1)
        except ModelUnavailable as exc:
            MODEL_FALLBACKS.labels(exc.reason).inc()
            logger.warning("Model server gave no suggestion (%s): %s", exc.reason, exc)
            return await backup
        except Exception:
            MODEL_FALLBACKS.labels("failed").inc()
            logger.exception("Asking the model server failed")
            return await backup
        except BaseException:
            backup.cancel()
            raise
        _discard(backup)
        MODEL_ANSWERS.inc()
        return AutocompleteResponse(
            suggestion=items[0].insert_text, items=items, provider=self.name
        )

    async def close(self) -> None:
        await self._client.aclose()


def _endpoint(url: str, api: Api) -> str:
    """The path asked, relative to `url`; an OpenAI base URL may already end in /v1."""
    if api == "infill":
        return "/infill"
    return "/completions" if url.rstrip("/").endswith("/v1") else "/v1/completions"


def _without_echo(text: str, context: CompletionContext) -> str:
    """A one-line suggestion less what already follows the cursor on its line, which models
    often write out again (the `)` of `print(‸)`)."""
    rest = context.text[context.position :].split("\n", 1)[0].strip()
    if rest and "\n" not in text and text.endswith(rest):
        return text[: -len(rest)]
    return text


def _answer_text(answer: object, api: Api) -> str | None:
    """`choices[0].text` (openai) or `content` (infill), if the answer has that shape."""
    if not isinstance(answer, dict):
        return None
    if api == "infill":
        content = answer.get("content")
        return content if isinstance(content, str) else None
    choices = answer.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    text = choices[0].get("text")
    return text if isinstance(text, str) else None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _discard(task: "asyncio.Future[AutocompleteResponse]") -> None:
    """Stop an answer no longer needed; one that failed meanwhile is still logged."""
    task.cancel()

    def log_failure(done: "asyncio.Future[AutocompleteResponse]") -> None:
        if not done.cancelled() and done.exception() is not None:
            logger.warning("Completion beside the model failed", exc_info=done.exception())

    task.add_done_callback(log_failure)
