"""The cheap provider: keywords, well-known names, the document's own words and snippets."""

import asyncio

from pairpad.autocomplete.providers.base import CompletionContext, CompletionProvider
from pairpad.autocomplete.providers.lexicons import Lexicon
from pairpad.autocomplete.ranking import document_scores, ranked
from pairpad.autocomplete.schemas import CompletionItem, CompletionKind
from pairpad.autocomplete.snippets import fitting_snippets


class KeywordProvider(CompletionProvider):
    """Completes from words alone, in milliseconds, for any language."""

    name = "keywords"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    async def complete(self, context: CompletionContext, limit: int) -> list[CompletionItem]:
        # About 10 ms per 100,000 characters: enough to delay every socket if run on the loop.
        return await asyncio.to_thread(self._complete, context, limit)

    def _complete(self, context: CompletionContext, limit: int) -> list[CompletionItem]:
        if self.lexicon.enclosing(context.text, context.position):
            return []
        scores = document_scores(context)
        if context.after_member_access:
            attributes = scores.keys() - self.lexicon.never_attributes
            words = ranked(attributes, context.prefix, scores)
            return [
                _item(word, context.prefix, "property", "after a dot in this document")
                for word in words[:limit]
            ]
        vocabulary = scores.keys() | self.lexicon.keywords | self.lexicon.well_known
        words = ranked(vocabulary, context.prefix, scores)
        snippets = fitting_snippets(self.lexicon.snippets, context)
        items = [*snippets, *(self._word_item(word, context.prefix) for word in words[:limit])]
        return items[:limit]

    def _word_item(self, word: str, prefix: str) -> CompletionItem:
        if word in self.lexicon.keywords:
            return _item(word, prefix, "keyword", "keyword")
        if word in self.lexicon.well_known:
            return _item(word, prefix, "variable", "built-in")
        return _item(word, prefix, "text", "in this document")


def _item(word: str, prefix: str, kind: CompletionKind, detail: str) -> CompletionItem:
    return CompletionItem(
        label=word, insert_text=word.removeprefix(prefix), kind=kind, detail=detail
    )
