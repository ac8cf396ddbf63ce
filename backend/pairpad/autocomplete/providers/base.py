"""What every completion provider gets and gives."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from pairpad.autocomplete.schemas import CompletionItem


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """The document as completion sees it: the word being typed (`prefix`) is cut out of `text`.

    Providers look for candidates at `position` in `text`, so everything typed since the word
    began only filters their answer; requests for successive keystrokes of one word share it.
    """

    text: str
    position: int
    prefix: str

    @property
    def source(self) -> str:
        """The document as the editor has it, prefix included."""
        return self.text[: self.position] + self.prefix + self.text[self.position :]

    @property
    def after_member_access(self) -> bool:
        """The word follows a `.`: candidates are attributes, not names in scope."""
        return self.text[self.position - 1 : self.position] == "."

    @property
    def wants_completion(self) -> bool:
        """A name is being typed, or an attribute is about to be: a number is neither."""
        if self.prefix:
            return not self.prefix[0].isdigit()
        return self.after_member_access


class CompletionProvider(ABC):
    """A source of completions; the service picks providers by language and bounds their time."""

    name: ClassVar[str]

    @abstractmethod
    async def complete(self, context: CompletionContext, limit: int) -> list[CompletionItem]:
        """At most `limit` items whose labels start with `context.prefix`, best first."""

    async def warm_up(self) -> None:  # noqa: B027 (most providers need no preparing)
        """Prepare whatever makes the first answer slow."""

    async def close(self) -> None:  # noqa: B027 (most providers hold nothing)
        """Release what the provider holds: worker processes, connections."""
