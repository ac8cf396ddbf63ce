"""Multi-line snippets, offered only where they clearly fit: a keyword alone on its line."""

from collections.abc import Iterable
from dataclasses import dataclass

from pairpad.autocomplete.providers.base import CompletionContext
from pairpad.autocomplete.schemas import CompletionItem


@dataclass(frozen=True, slots=True)
class Snippet:
    trigger: str
    body: str
    detail: str
    top_level_only: bool = False

    def item(self, indent: str) -> CompletionItem:
        """The snippet as typed after `trigger` on a line indented by `indent`."""
        text = self.body.replace("\n", "\n" + indent)
        return CompletionItem(
            label=self.body.split("\n", 1)[0],
            insert_text=text.removeprefix(self.trigger),
            kind="snippet",
            detail=self.detail,
        )


def fitting_snippets(
    snippets: Iterable[Snippet], context: CompletionContext
) -> list[CompletionItem]:
    """Snippets whose trigger is exactly the word typed, alone on its line with nothing after it."""
    line_start = context.text.rfind("\n", 0, context.position) + 1
    indent = context.text[line_start : context.position]
    line_end = context.text.find("\n", context.position)
    rest_of_line = context.text[context.position : line_end if line_end >= 0 else None]
    if indent.strip() or rest_of_line.strip():
        return []
    return [
        snippet.item(indent)
        for snippet in snippets
        if snippet.trigger == context.prefix and not (snippet.top_level_only and indent)
    ]
