"""Python completions from jedi through POST /autocomplete; `‸` marks the cursor."""

import httpx

from tests.autocomplete.builders import autocomplete

CLASS_WITH_METHODS = """class Greeter:
    def greet(self, name: str) -> str:
        return "hi " + name

    def greet_all(self, names: list[str]) -> list[str]:
        return [self.greet(name) for name in names]

    def leave(self) -> None:
        pass


greeter = Greeter()
greeter.gr‸
"""


async def test_module_attribute_completes_to_its_rest(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "import os\nos.pa‸")
    assert body["provider"] == "jedi"
    assert body["suggestion"] == "th"
    assert (body["items"][0]["label"], body["items"][0]["insertText"]) == ("path", "th")
    assert {"pathsep", "pardir"} <= {item["label"] for item in body["items"]}


async def test_import_completes_the_module_name(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "import colle‸")
    assert body["suggestion"] == "ctions"
    assert body["items"][0]["kind"] == "module"


async def test_methods_of_a_local_class_complete_with_signatures(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, CLASS_WITH_METHODS)
    assert body["suggestion"] == "eet"
    by_label = {item["label"]: item for item in body["items"]}
    assert set(by_label) == {"greet", "greet_all"}
    assert by_label["greet_all"]["detail"] == "greet_all(names: list[str]) -> list[str]"
    assert by_label["greet"]["kind"] == "function"


async def test_variable_defined_above_completes(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "total_price = 3\ntax = 0.2\nprint(tot‸)")
    assert body["suggestion"] == "al_price"
    assert body["items"][0]["kind"] == "variable"


async def test_local_function_ranks_above_builtins_with_its_signature(
    client: httpx.AsyncClient,
) -> None:
    code = "def area(width: float, height: float) -> float:\n    return width * height\n\nar‸"
    body = await autocomplete(client, code)
    assert body["items"][0]["label"] == "area"
    assert body["items"][0]["detail"] == "area(width: float, height: float) -> float"


async def test_names_used_often_in_the_document_rank_first(client: httpx.AsyncClient) -> None:
    code = "import os\nos.pathsep\nos.pathsep\nos.pa‸"
    body = await autocomplete(client, code)
    assert body["suggestion"] == "thsep"


async def test_text_after_the_cursor_is_kept_out_of_the_suggestion(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "import os\nos.pa‸\nprint('done')\n")
    assert body["suggestion"] == "th"


async def test_emoji_before_the_cursor_counts_two_utf16_units(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, 'import os\nface = "😀🎉"; os.pa‸\nend = "✨"')
    assert body["suggestion"] == "th"


async def test_windows_line_breaks_count_once_as_in_the_editor(client: httpx.AsyncClient) -> None:
    code = "import os\r\nos.pa"
    response = await client.post(
        "/autocomplete",
        json={"code": code, "cursorPosition": len(code) - 1, "language": "python"},
    )
    assert response.json()["suggestion"] == "th"


async def test_nothing_is_suggested_inside_a_string(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, 'import os\npath = "os.pa‸"')
    assert body == {"suggestion": "", "items": [], "provider": "jedi"}


async def test_file_names_are_never_offered_inside_strings(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, 'open("/etc/pas‸")')
    assert body["items"] == []


async def test_dictionary_keys_complete_inside_strings(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, 'prices = {"apple": 1}\nprices["ap‸')
    assert body["suggestion"] == 'ple"'


async def test_nothing_is_suggested_in_a_trailing_comment(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "count = 1  # cou‸")
    assert body["items"] == []


async def test_nothing_is_suggested_in_a_comment_line(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "import os\n# os.pa‸")
    assert body["items"] == []


async def test_no_word_typed_asks_no_provider(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "import os\nx = ‸")
    assert body == {"suggestion": "", "items": [], "provider": "none"}


async def test_a_number_being_typed_asks_no_provider(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "items = [1, 2]\nitems[1‸")
    assert body == {"suggestion": "", "items": [], "provider": "none"}


async def test_def_alone_on_a_line_offers_a_function_snippet(client: httpx.AsyncClient) -> None:
    body = await autocomplete(client, "import os\n\ndef‸")
    assert body["suggestion"] == " name():\n    pass"
    assert body["items"][0]["kind"] == "snippet"


async def test_snippet_lines_follow_the_indentation_of_the_cursor(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "def main():\n    for‸\n")
    assert body["suggestion"] == " item in items:\n        pass"


async def test_main_guard_snippet_only_at_the_top_level(client: httpx.AsyncClient) -> None:
    top = await autocomplete(client, "def main():\n    pass\n\n\nif‸")
    nested = await autocomplete(client, "def main():\n    if‸")
    assert top["suggestion"] == ' __name__ == "__main__":\n    main()'
    assert nested["suggestion"] == ""


async def test_no_snippet_where_the_keyword_is_not_a_statement(
    client: httpx.AsyncClient,
) -> None:
    body = await autocomplete(client, "numbers = [n for‸]")
    assert all(item["kind"] != "snippet" for item in body["items"])
