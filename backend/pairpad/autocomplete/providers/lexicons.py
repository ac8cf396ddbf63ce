"""What each language contributes besides the document's own words: keywords, well-known names,
snippets, and where its comments and strings are (no completion makes sense inside those)."""

import builtins
import keyword
import re
from collections import deque
from dataclasses import dataclass
from typing import Literal

from pairpad.autocomplete.snippets import Snippet

# Inserted at the cursor before scanning, so the comment or string that swallows it is the one
# the cursor is in, closed or not.
_CURSOR = "\x00"


@dataclass(frozen=True, slots=True)
class Lexicon:
    keywords: frozenset[str] = frozenset()
    never_attributes: frozenset[str] = frozenset()
    """Words that cannot follow a dot (Python's reserved words), however often the text has them."""
    well_known: frozenset[str] = frozenset()
    snippets: tuple[Snippet, ...] = ()
    # Alternatives named `comment` and `string`; each may run to the end of the text unclosed.
    non_code: re.Pattern[str] | None = None

    def enclosing(self, text: str, position: int) -> Literal["comment", "string"] | None:
        """Whether `position` lies inside a comment or a string of `text`."""
        if self.non_code is None:
            return None
        last = deque(self.non_code.finditer(text[:position] + _CURSOR), maxlen=1)
        if not last or last[0].end() <= position:
            return None
        return "comment" if last[0].lastgroup == "comment" else "string"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PYTHON = Lexicon(
    keywords=frozenset([*keyword.kwlist, *keyword.softkwlist]) - {"_"},
    never_attributes=frozenset(keyword.kwlist),
    well_known=frozenset(name for name in dir(builtins) if not name.startswith("_")),
    snippets=(
        Snippet("def", "def name():\n    pass", "function definition"),
        Snippet("class", "class Name:\n    def __init__(self):\n        pass", "class definition"),
        Snippet("for", "for item in items:\n    pass", "for loop"),
        Snippet(
            "if",
            'if __name__ == "__main__":\n    main()',
            "run when executed as a script",
            top_level_only=True,
        ),
    ),
    non_code=re.compile(
        r"""(?P<comment>\#[^\n]*)
        |(?P<string>\"\"\"[\s\S]*?(?:\"\"\"|\Z)
                   |'''[\s\S]*?(?:'''|\Z)
                   |"(?:\\.|[^"\\\n])*"?
                   |'(?:\\.|[^'\\\n])*'?)""",
        re.VERBOSE,
    ),
)

_JAVASCRIPT_KEYWORDS = _words(
    """async await break case catch class const continue debugger default delete do else
    export extends false finally for function if import in instanceof let new null of return
    static super switch this throw true try typeof undefined var void while yield"""
)
_JAVASCRIPT_GLOBALS = _words(
    """Array Boolean Date Error JSON Map Math Number Object Promise RegExp Set String Symbol
    console document fetch globalThis parseFloat parseInt setInterval setTimeout window"""
)
_JAVASCRIPT_SNIPPETS = (
    Snippet("function", "function name() {\n  \n}", "function declaration"),
    Snippet("for", "for (let i = 0; i < items.length; i++) {\n  \n}", "for loop"),
    Snippet("if", "if (condition) {\n  \n}", "if statement"),
)
_JAVASCRIPT_NON_CODE = re.compile(
    r"""(?P<comment>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
    |(?P<string>"(?:\\.|[^"\\\n])*"?
               |'(?:\\.|[^'\\\n])*'?
               |`(?:\\[\s\S]|[^`\\])*`?)""",
    re.VERBOSE,
)

JAVASCRIPT = Lexicon(
    keywords=_JAVASCRIPT_KEYWORDS,
    well_known=_JAVASCRIPT_GLOBALS,
    snippets=_JAVASCRIPT_SNIPPETS,
    non_code=_JAVASCRIPT_NON_CODE,
)

TYPESCRIPT = Lexicon(
    keywords=_JAVASCRIPT_KEYWORDS
    | _words(
        """abstract any as asserts boolean declare enum implements infer interface keyof
        namespace never number private protected public readonly satisfies string symbol type
        unknown"""
    ),
    well_known=_JAVASCRIPT_GLOBALS | _words("Partial Pick Readonly Record"),
    snippets=(
        *_JAVASCRIPT_SNIPPETS,
        Snippet("interface", "interface Name {\n  \n}", "interface declaration"),
    ),
    non_code=_JAVASCRIPT_NON_CODE,
)

_C_KEYWORDS = _words(
    """auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while bool true false"""
)
_C_NON_CODE = re.compile(
    r"""(?P<comment>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))
    |(?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)""",
    re.VERBOSE,
)
"""Comments and strings of C, C++, Java and Go alike (Go's raw strings aside)."""

C = Lexicon(
    keywords=_C_KEYWORDS,
    well_known=_words("printf scanf puts malloc free strlen memcpy NULL size_t stdin stdout"),
    non_code=_C_NON_CODE,
)

CPP = Lexicon(
    keywords=_C_KEYWORDS
    | _words(
        """class namespace template typename public private protected virtual override new
        delete this using auto constexpr nullptr operator friend try catch throw noexcept"""
    ),
    well_known=_words("std cout cin endl vector string map unordered_map pair size_t"),
    non_code=_C_NON_CODE,
)

JAVA = Lexicon(
    keywords=_words(
        """abstract boolean break byte case catch char class continue default do double else enum
        extends final finally float for if implements import instanceof int interface long new
        package private protected public return short static super switch this throw throws
        try void while var true false null"""
    ),
    well_known=_words("String System Scanner Integer List ArrayList Map HashMap Math"),
    non_code=_C_NON_CODE,
)

GO = Lexicon(
    keywords=_words(
        """break case chan const continue default defer else fallthrough for func go goto if
        import interface map package range return select struct switch type var true false nil"""
    ),
    well_known=_words("fmt Println Printf Scan make len append string int error"),
    non_code=_C_NON_CODE,
)

PLAINTEXT = Lexicon()
