"""Request and response bodies of the autocomplete API (camelCase on the wire)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pairpad.config import RoomLanguage

CompletionKind = Literal[
    "keyword", "function", "class", "module", "variable", "property", "snippet", "text"
]


class _Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class AutocompleteRequest(_Schema):
    code: str = Field(description="The whole text of the editor.", examples=["import os\nos.pa"])
    cursor_position: int = Field(
        ge=0,
        strict=True,
        description="Offset of the cursor in UTF-16 code units, as the browser counts: "
        '"a😀b" has length 4. Line breaks count once, "\\r\\n" included.',
        examples=[15],
    )
    language: RoomLanguage


class CompletionItem(_Schema):
    label: str = Field(description="The whole name or keyword, as a list would show it.")
    insert_text: str = Field(
        description="What to insert at the cursor: the rest of the label after what is typed."
    )
    kind: CompletionKind
    detail: str = Field(description="A signature, a description or where the word comes from.")


class AutocompleteResponse(_Schema):
    suggestion: str = Field(
        description='The best item\'s insertText (the inline ghost text), or "" when nothing fits.'
    )
    items: list[CompletionItem] = Field(description="Best first.")
    provider: str = Field(
        description='Who answered: "model" (the optional model server), "jedi", "keywords", or '
        '"none" when no word is being typed.'
    )
    late: bool = Field(
        default=False,
        description="The preferred provider (jedi) was still working when the time budget ran "
        "out and another answered; it keeps its answer for this place, so asking again in a few "
        "hundred milliseconds, if nothing was typed meanwhile, may get a better one.",
    )
