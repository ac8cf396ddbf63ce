"""Python completions from jedi, computed in worker processes so the event loop never waits.

Jedi takes from a few to a few hundred milliseconds per question and holds the GIL while it
thinks; in a thread it would slow every WebSocket in the process. Each worker keeps jedi's
answers for the last few contexts, so the keystrokes after the first of a word only re-filter.
"""

import asyncio
import multiprocessing
import os
import threading
from collections import Counter, OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import jedi
from jedi.api.classes import Completion

from pairpad.autocomplete.providers.base import CompletionContext, CompletionProvider
from pairpad.autocomplete.providers.lexicons import PYTHON
from pairpad.autocomplete.ranking import identifier_counts, ranked
from pairpad.autocomplete.schemas import CompletionItem, CompletionKind
from pairpad.autocomplete.snippets import fitting_snippets

# One path for every document: jedi's parser then re-parses only what changed since the last
# request. The directory does not exist, so relative imports and file names find nothing.
_DOCUMENT_DIRECTORY = Path("/nonexistent/pairpad")
_PROJECT = jedi.Project(_DOCUMENT_DIRECTORY, smart_sys_path=False)
_RECENT_CONTEXTS = 4

_KINDS: dict[str, CompletionKind] = {
    "module": "module",
    "class": "class",
    "function": "function",
    "instance": "variable",
    "statement": "variable",
    "param": "variable",
    "property": "property",
    "keyword": "keyword",
}


@dataclass(frozen=True, slots=True)
class _Candidates:
    """Everything jedi offers at one position, by the text it would insert there (a dictionary
    key's opening quote is already typed), and the document's word counts."""

    by_text: dict[str, Completion]
    counts: Counter[str]

    def offers_keyword(self, word: str) -> bool:
        completion = self.by_text.get(word)
        return completion is not None and completion.type == "keyword"


_recent: OrderedDict[tuple[str, int], _Candidates] = OrderedDict()


def complete_in_worker(context: CompletionContext, limit: int) -> list[CompletionItem]:
    """Jedi's completions for `context`, ranked; runs in a worker process."""
    # Jedi offers every name in scope inside a comment that fills its line; nothing fits there.
    if PYTHON.enclosing(context.text, context.position) == "comment":
        return []
    candidates = _candidates_at(context)
    snippets = fitting_snippets(
        (s for s in PYTHON.snippets if candidates.offers_keyword(s.trigger)), context
    )
    items = list(snippets)
    for text in ranked(candidates.by_text, context.prefix, candidates.counts):
        if len(items) >= limit:
            break
        completion = candidates.by_text[text]
        # File names inside strings: not code, and not the server's business to show.
        if completion.type != "path":
            items.append(_item(completion, text.removeprefix(context.prefix)))
    return items


def _candidates_at(context: CompletionContext) -> _Candidates:
    key = (context.text, context.position)
    candidates = _recent.get(key)
    if candidates is None:
        line = context.text.count("\n", 0, context.position) + 1
        column = context.position - (context.text.rfind("\n", 0, context.position) + 1)
        script = jedi.Script(
            context.source, path=_DOCUMENT_DIRECTORY / "document.py", project=_PROJECT
        )
        by_text: dict[str, Completion] = {}
        for completion in script.complete(line, column):
            by_text.setdefault(completion.complete, completion)
        candidates = _Candidates(by_text, identifier_counts(context.text))
        _recent[key] = candidates
        if len(_recent) > _RECENT_CONTEXTS:
            _recent.popitem(last=False)
    _recent.move_to_end(key)
    return candidates


def end_with_server() -> None:
    """Worker initializer: end the worker as soon as the server that asked for it ends."""
    # After a SIGKILL nothing tells the worker: it waits for work forever, and it holds the
    # pipes that would end the forkserver and the resource tracker (and jedi's own process ends
    # only when the worker does). The server's end of the sentinel closes with the server.
    server = multiprocessing.parent_process()
    if server is None:
        return

    def exit_when_server_ends() -> None:
        server.join()
        os._exit(1)

    threading.Thread(target=exit_when_server_ends, name="server-watch", daemon=True).start()


def _item(completion: Completion, insert_text: str) -> CompletionItem:
    detail = completion.description
    if completion.type == "function":
        signatures = completion.get_signatures()
        if signatures:
            detail = signatures[0].to_string()
    return CompletionItem(
        label=completion.name,
        insert_text=insert_text,
        kind=_KINDS.get(completion.type, "text"),
        detail=detail,
    )


class JediProvider(CompletionProvider):
    """Python completions that know the code: imports, attributes, locals, signatures."""

    name = "jedi"

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool = self._start_pool()

    def _start_pool(self) -> ProcessPoolExecutor:
        # Forked from a clean single-threaded server process that has imported jedi once, never
        # from this one: its threads may hold locks a forked child would inherit held.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return ProcessPoolExecutor(self._workers, mp_context=context, initializer=end_with_server)

    async def complete(self, context: CompletionContext, limit: int) -> list[CompletionItem]:
        pool = self._pool
        try:
            # Submitting starts the worker process when there is none yet: not on the event loop.
            job = await asyncio.to_thread(pool.submit, complete_in_worker, context, limit)
            return await asyncio.wrap_future(job)
        except BrokenProcessPool:
            # A worker died (out of memory, killed): later requests get fresh workers.
            if self._pool is pool:
                self._pool = self._start_pool()
            raise

    async def warm_up(self) -> None:
        """Start a worker and have jedi infer a common module once."""
        await self.complete(CompletionContext("import os\nos.", 13, ""), 1)

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
