"""Python completions from jedi, computed in worker processes so the event loop never waits.

Jedi takes from a few to a few hundred milliseconds per question and holds the GIL while it
thinks; in a thread it would slow every WebSocket in the process. Each worker keeps jedi's
answers for the last few contexts, so the keystrokes after the first of a word only re-filter.
"""

import asyncio
import multiprocessing
import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import jedi
from jedi.api.classes import Completion

from pairpad.autocomplete.providers.base import CompletionContext, CompletionProvider
from pairpad.autocomplete.providers.lexicons import PYTHON
from pairpad.autocomplete.ranking import document_scores, ranked
from pairpad.autocomplete.schemas import CompletionItem, CompletionKind
from pairpad.autocomplete.snippets import fitting_snippets

# One path for every document: jedi's parser then re-parses only what changed since the last
# request. The directory does not exist, so relative imports and file names find nothing.
_DOCUMENT_DIRECTORY = Path("/nonexistent/pairpad")
_PROJECT = jedi.Project(_DOCUMENT_DIRECTORY, smart_sys_path=False)
_RECENT_CONTEXTS = 4
_MODULES_KEPT = 256
JEDI_KNOWS_WEIGHT = 1.0
"""What jedi offering a name adds to its score: as much as one far-away use in the document."""
_DOTTED_BEFORE = re.compile(r"(?<![\w.])((?!\d)\w+(?:\.(?!\d)\w+)*)\.$")
_BINDING = (
    r"^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]+as[ \t]+{name}|{name}(?:\.[\w.]+)?)"
    r"|from[ \t]+[\w.]+[ \t]+import[ \t]+(?:[\w]+[ \t]+as[ \t]+{name}|{name}))[ \t]*$"
)
"""A line importing a module as `name` on its own (`import os`, `import numpy as np`,
`import os.path`, `from importlib import util`)."""
COMMON_MODULES = (
    "os",
    "os.path",
    "sys",
    "re",
    "json",
    "collections",
    "typing",
    "itertools",
    "functools",
    "pathlib",
    "math",
    "random",
    "datetime",
    "time",
    "subprocess",
    "asyncio",
    "dataclasses",
    "logging",
    "string",
)
"""Loaded when the server starts: the first `os.` of the day is as fast as the rest."""

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
    key's opening quote is already typed)."""

    by_text: dict[str, Completion]

    def offers_keyword(self, word: str) -> bool:
        completion = self.by_text.get(word)
        return completion is not None and completion.type == "keyword"


_recent: OrderedDict[tuple[str, int], _Candidates] = OrderedDict()
_modules: OrderedDict[str, _Candidates] = OrderedDict()
"""Attributes of imported modules, by the import and the expression: they do not change
between keystrokes or documents, and inferring them anew takes jedi hundreds of milliseconds."""


def complete_in_worker(context: CompletionContext, limit: int) -> list[CompletionItem]:
    """Jedi's completions for `context`, ranked with the document's own use of each name;
    runs in a worker process."""
    enclosing = PYTHON.enclosing(context.text, context.position)
    # Jedi offers every name in scope inside a comment that fills its line; nothing fits there.
    if enclosing == "comment":
        return []
    candidates = (None if enclosing else _module_attributes(context)) or _candidates_at(context)
    if not candidates.by_text:
        return []
    snippets = fitting_snippets(
        (s for s in PYTHON.snippets if candidates.offers_keyword(s.trigger)), context
    )
    scores = document_scores(context)
    known = {text: scores.get(text, 0.0) + JEDI_KNOWS_WEIGHT for text in candidates.by_text}
    items = list(snippets)
    for text in ranked(known, context.prefix, known):
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
        candidates = _complete(context.source, line, column)
        _recent[key] = candidates
        if len(_recent) > _RECENT_CONTEXTS:
            _recent.popitem(last=False)
    _recent.move_to_end(key)
    return candidates


def _module_attributes(context: CompletionContext) -> _Candidates | None:
    """After `module.` (or `module.sub.`) where the text imports that module: its attributes,
    from a two-line script (`import os` and `os.`) whose answer is kept. None elsewhere."""
    if not context.after_member_access:
        return None
    found = _DOTTED_BEFORE.search(context.text, max(0, context.position - 200), context.position)
    if found is None:
        return None
    expression = found.group(1)
    head = expression.split(".")[0]
    binding = re.search(_BINDING.format(name=re.escape(head)), context.text, re.MULTILINE)
    if binding is None:
        return None
    script = f"{binding.group(0).strip()}\n{expression}."
    candidates = _modules.get(script)
    if candidates is None:
        candidates = _complete(script, 2, len(expression) + 1)
        _modules[script] = candidates
        if len(_modules) > _MODULES_KEPT:
            _modules.popitem(last=False)
    _modules.move_to_end(script)
    return candidates


def _complete(source: str, line: int, column: int) -> _Candidates:
    script = jedi.Script(source, path=_DOCUMENT_DIRECTORY / "document.py", project=_PROJECT)
    by_text: dict[str, Completion] = {}
    for completion in script.complete(line, column):
        by_text.setdefault(completion.complete, completion)
    return _Candidates(by_text)


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
        """Start a worker and have jedi infer the common modules' attributes once."""
        for module in COMMON_MODULES:
            source = f"import {module}\n{module}."
            await self.complete(CompletionContext(source, len(source), ""), 1)

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
