"""Run from the room page: everyone in the room sees the same output."""

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewPage
from tests.browser.pages import (
    ARTIFACTS,
    LAPTOP,
    PHONE,
    EditorPage,
    Viewport,
    create_room,
    expect_fits_the_width,
)
from tests.server import ServerProcess

pytestmark = pytest.mark.browser

GREETING = "print('hello', 6*7)\n"
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"
NOISY = (
    "import sys\n\n"
    "for n in range(3):\n"
    "    print(f'line {n}: <b>not bold</b>')\n"
    "print('something went wrong', file=sys.stderr)\n"
    "sys.exit(3)\n"
)


async def open_pair(
    server: ServerProcess, new_page: NewPage, **room: str
) -> tuple[EditorPage, EditorPage]:
    room_id = create_room(server.base_url, **room)
    ada = await EditorPage(await new_page("Ada"), server.base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)
    return ada, bob


async def test_run_shows_the_same_output_to_both_people(
    server: ServerProcess, new_page: NewPage
) -> None:
    ada, bob = await open_pair(server, new_page, code=GREETING)

    await ada.run_button.click()

    for editor in (ada, bob):
        await expect(editor.run_panel.locator(".run-stdout")).to_have_text("hello 42\n")
        await expect(editor.run_panel).to_contain_text("Ada ran version 0 (Python)")
        await expect(editor.run_panel.get_by_text("exit 0")).to_be_visible()
        await expect(editor.run_button).to_be_enabled()


async def test_the_input_box_is_shared_and_the_run_shows_the_input_it_read(
    server: ServerProcess, new_page: NewPage
) -> None:
    room_id = create_room(server.base_url, code=SUM)
    ada = await EditorPage(await new_page("Ada"), server.base_url).open(room_id)
    bob = await EditorPage(await new_page("Bob"), server.base_url).open(room_id)

    await ada.stdin_box.fill("2 3")
    await expect(bob.stdin_box).to_have_value("2 3")
    await bob.run_button.click()

    for editor in (ada, bob):
        await expect(editor.run_panel.locator(".run-stdout")).to_have_text("5\n")
        await expect(editor.run_panel.get_by_label("Input used")).to_have_text("2 3")
    late = await EditorPage(await new_page("Cy"), server.base_url).open(room_id)
    await expect(late.stdin_box).to_have_value("2 3")


SUMS = {
    "cpp": "#include <iostream>\n\nint main() {\n  long a, b;\n  std::cin >> a >> b;\n"
    '  std::cout << a + b << "\\n";\n}\n',
    "typescript": 'const input: string = require("fs").readFileSync(0, "utf8");\n'
    "const [a, b] = input.trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n",
    "java": "import java.util.Scanner;\n\npublic class Main {\n"
    "  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n"
    "    System.out.println(in.nextLong() + in.nextLong());\n  }\n}\n",
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int\n'
    "\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n",
    "c": '#include <stdio.h>\n\nint main(void) {\n  long a, b;\n  scanf("%ld %ld", &a, &b);\n'
    '  printf("%ld\\n", a + b);\n  return 0;\n}\n',
}


@pytest.mark.parametrize("language", list(SUMS))
async def test_a_compiled_program_reads_the_shared_input_and_both_pages_see_the_sum(
    server: ServerProcess, new_page: NewPage, language: str
) -> None:
    ada, bob = await open_pair(server, new_page, code="")

    await ada.page.get_by_label("Language").select_option(language)
    await expect(bob.page.get_by_label("Language")).to_have_value(language)
    await ada.content.click()
    # One insertion, as a paste is: the editor adds no closing brackets of its own.
    await ada.page.keyboard.insert_text(SUMS[language])
    await bob.stdin_box.fill("2 3")
    await expect(ada.stdin_box).to_have_value("2 3")
    await ada.expect_all_saved()
    await ada.run_button.click()

    for editor in (ada, bob):
        await expect(editor.run_panel.locator(".run-stdout")).to_have_text("5\n", timeout=30_000)
        await expect(editor.run_panel.get_by_label("Input used")).to_have_text("2 3")
        await expect(editor.run_panel.get_by_title("Compile time")).to_contain_text("compile ")
        await expect(editor.run_panel.get_by_title("Run time")).to_contain_text("run ")
        await expect(editor.run_panel.get_by_text("exit 0")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await bob.page.screenshot(path=ARTIFACTS / f"run-{language}.png")


async def test_a_compile_error_is_shown_as_such_to_both_pages(
    server: ServerProcess, new_page: NewPage
) -> None:
    ada, bob = await open_pair(
        server, new_page, language="c", code="int main(void) { return missing; }\n"
    )

    await bob.run_button.click()

    for editor in (ada, bob):
        await expect(editor.run_panel.get_by_text("compile error")).to_be_visible(timeout=30_000)
        await expect(editor.run_panel.get_by_label("Compiler errors")).to_contain_text(
            "undeclared (first use in this function)"
        )
        await expect(editor.run_panel.get_by_text("exit 1")).to_have_count(0)


async def test_the_language_menu_marks_what_this_server_cannot_run(
    built_frontend: None, start_server: type[ServerProcess], new_page: NewPage
) -> None:
    without_java = start_server(EXECUTION_JAVA="/nonexistent/java")
    ada, _ = await open_pair(without_java, new_page, code="")

    menu = ada.page.get_by_label("Language")
    await expect(menu.locator("option[value=java]")).to_have_text("Java (can't run here)")
    for language, label in (("cpp", "C++"), ("go", "Go"), ("typescript", "TypeScript")):
        await expect(menu.locator(f"option[value={language}]")).to_have_text(label)


SLOW_LINES = "import time\n\nfor n in range(5):\n    print(f'line {n}')\n    time.sleep(1)\n"


async def test_lines_show_in_both_pages_as_the_program_prints_them(
    server: ServerProcess, new_page: NewPage
) -> None:
    ada, bob = await open_pair(server, new_page, code=SLOW_LINES)

    await ada.run_button.click()

    for editor in (ada, bob):
        stdout = editor.run_panel.locator(".run-stdout")
        await expect(stdout).to_have_text("line 0\nline 1\n")
        # Seen while the program still runs: three more lines to come, Stop on offer.
        await expect(editor.run_panel).to_contain_text("Ada is running version 0")
        assert "line 4" not in await stdout.inner_text()
        await expect(editor.stop_button).to_be_visible()
    for editor in (ada, bob):
        await expect(editor.run_panel.locator(".run-stdout")).to_have_text(
            "".join(f"line {n}\n" for n in range(5)), timeout=15_000
        )
        await expect(editor.run_panel.get_by_text("exit 0")).to_be_visible()
        await expect(editor.stop_button).to_have_count(0)


async def test_stop_ends_the_run_for_everyone(server: ServerProcess, new_page: NewPage) -> None:
    ada, bob = await open_pair(
        server, new_page, code="import time\nwhile True:\n    print('tick')\n    time.sleep(0.2)\n"
    )

    await ada.run_button.click()
    await expect(bob.run_panel.locator(".run-stdout")).to_contain_text("tick")
    await bob.stop_button.click()

    for editor in (ada, bob):
        await expect(editor.run_panel.get_by_text("stopped", exact=True)).to_be_visible()
        await expect(editor.run_panel.get_by_text("timed out")).to_have_count(0)
        await expect(editor.run_button).to_be_enabled()


async def test_output_is_text_and_errors_stand_apart(
    server: ServerProcess, new_page: NewPage
) -> None:
    ada, bob = await open_pair(server, new_page, code=NOISY)

    await bob.run_button.click()

    stdout = ada.run_panel.locator(".run-stdout")
    await expect(stdout).to_contain_text("line 2: <b>not bold</b>")
    await expect(stdout.locator("b")).to_have_count(0)
    await expect(ada.run_panel.locator(".run-stderr")).to_have_text("something went wrong\n")
    await expect(ada.run_panel.get_by_text("exit 3")).to_be_visible()
    await expect(ada.run_panel).to_contain_text("Bob ran version 0")


async def test_ctrl_enter_runs_a_loop_that_times_out_for_everyone(
    built_frontend: None, start_server: type[ServerProcess], new_page: NewPage
) -> None:
    quick = start_server(EXECUTION_TIMEOUT_SECONDS="2", EXECUTION_CPU_SECONDS="2")
    ada, bob = await open_pair(quick, new_page, code="while True:\n    pass\n")

    await ada.go_to_line_end(2)
    await ada.page.keyboard.press("Control+Enter")

    for editor in (ada, bob):
        await expect(editor.run_panel).to_contain_text("Ada is running version 0")
        await expect(editor.run_button).to_be_disabled()
    for editor in (ada, bob):
        await expect(editor.run_panel.get_by_text("timed out")).to_be_visible()
        await expect(editor.run_button).to_be_enabled()
    # The shortcut ran the code instead of inserting a line.
    assert await ada.text() == "while True:\n    pass\n"


async def test_a_refused_run_is_explained_to_the_runner(
    server: ServerProcess, new_page: NewPage
) -> None:
    ada, bob = await open_pair(server, new_page, language="plaintext", code="console.log(1)\n")

    await ada.run_button.click()

    refusal = ada.run_panel.get_by_role("alert")
    await expect(refusal).to_have_attribute("data-code", "language_unavailable")
    await expect(refusal).not_to_be_empty()
    await expect(ada.run_button).to_be_enabled()
    await expect(bob.run_panel).to_have_count(0)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=lambda viewport: viewport.name)
@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_screenshots_of_the_run_panel(
    server: ServerProcess, new_page: NewPage, viewport: Viewport, scheme: str
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    room_id = create_room(server.base_url, name="Interview: output", code=NOISY)
    page = await new_page("Ada Lovelace", viewport=viewport, color_scheme=scheme)
    editor = await EditorPage(page, server.base_url).open(room_id)

    await editor.run_button.click()
    await expect(editor.run_panel.locator(".run-stderr")).to_be_visible()

    await expect_fits_the_width(page)
    await page.screenshot(path=ARTIFACTS / f"run-{scheme}-{viewport.name}.png")
