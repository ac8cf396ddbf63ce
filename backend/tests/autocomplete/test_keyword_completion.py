"""Keyword completion for the languages jedi does not know; `‸` marks the cursor."""

import httpx
import pytest

from tests.autocomplete.builders import autocomplete


async def test_javascript_keyword_completes(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "const total = 1;\nfunc‸", "javascript")
    assert body["provider"] == "keywords"
    assert body["suggestion"] == "tion"
    assert body["items"][0]["kind"] == "keyword"


async def test_identifiers_in_the_document_rank_by_frequency(client: httpx.AsyncClient) -> None:
    code = "let counter = 0;\ncounter += 1;\nlet count = 2;\nreturn cou‸"
    body = await autocomplete(client, code, "javascript")
    assert [item["label"] for item in body["items"]] == ["counter", "count"]
    assert body["suggestion"] == "nter"


async def test_member_names_used_after_a_dot_complete_after_a_dot(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "console.log(1);\nconsole.‸", "javascript")
    assert body["suggestion"] == "log"
    assert body["items"][0]["kind"] == "property"


async def test_well_known_globals_complete(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "conso‸", "javascript")
    assert body["suggestion"] == "le"


async def test_nothing_is_suggested_in_javascript_comments_and_strings(
    client: httpx.AsyncClient,
) -> None:
    for code in ["// retu‸", "/* many\nlines retu‸", "const s = 'retu‸';", "`x ${1} retu‸"]:
        body = await autocomplete(client, f"return 1;\n{code}", "javascript")
        assert body["items"] == [], code


async def test_javascript_for_alone_on_a_line_offers_a_loop_snippet(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "function f(items) {\n  for‸\n}", "javascript")
    assert body["suggestion"] == " (let i = 0; i < items.length; i++) {\n    \n  }"


async def test_typescript_knows_its_own_keywords(client: httpx.AsyncClient) -> None:
    keyword = await autocomplete(client, "let x: numb‸", "typescript")
    snippet = await autocomplete(client, "interface‸", "typescript")
    assert keyword["suggestion"] == "er"
    assert snippet["suggestion"] == " Name {\n  \n}"


async def test_plain_text_completes_words_of_the_document(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "Remember the milk.\nBuy mil‸", "plaintext")
    assert body["suggestion"] == "k"
    assert body["items"][0]["kind"] == "text"


@pytest.mark.parametrize(
    ("language", "code", "suggestion"),
    [
        ("c", "#include <stdio.h>\nint main(void) {\n    retu‸", "rn"),
        ("cpp", "int main() {\n    std::cout << 1;\n    std::co‸", "ut"),
        ("java", "public class Main {\n    publ‸", "ic"),
        ("go", "package main\n\nfunc main() {\n    fmt.Println(1)\n    fmt.Pri‸", "ntln"),
    ],
)
async def test_compiled_languages_a_room_may_hold_complete_too(
    client: httpx.AsyncClient, language: str, code: str, suggestion: str
) -> None:
    body = await autocomplete(client, code, language)
    assert (body["provider"], body["suggestion"]) == ("keywords", suggestion)


async def test_nothing_is_suggested_in_a_c_comment(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "int x;\n// retu‸", "c")
    assert body["items"] == []
