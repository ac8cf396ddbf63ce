"""TypeScript, C, C++, Java and Go: compiled (or transpiled) and run in the bubblewrap sandbox with
the same limits as every run, the compile step counted in the wall clock."""

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pairpad.config import Settings
from pairpad.execution.processes import processes_of
from pairpad.execution.sandbox import RunControls
from tests.execution.builders import Confined, with_settings

# Compiling takes a second or two on a busy two-core machine; the loop test waits this long.
pytestmark = with_settings(execution_timeout_seconds=6.0, execution_cpu_seconds=6)


@dataclass(frozen=True)
class Programs:
    sum: str
    """Reads two numbers, prints their sum."""
    compile_error: str
    compile_message: str
    runtime_error: str
    runtime_exit_code: int
    runtime_message: str
    loop: str
    flood: str


PROGRAMS: dict[str, Programs] = {
    "c": Programs(
        sum='#include <stdio.h>\nint main(void) {\n  long a, b;\n  scanf("%ld %ld", &a, &b);\n'
        '  printf("%ld\\n", a + b);\n  return 0;\n}\n',
        compile_error="int main(void) { return undeclared; }\n",
        compile_message="undeclared",
        runtime_error="int main(void) { volatile int *p = 0; return *p; }\n",
        runtime_exit_code=139,
        runtime_message="",
        loop="int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n",
        flood='#include <stdio.h>\nint main(void) { for (;;) puts("flood"); }\n',
    ),
    "cpp": Programs(
        sum="#include <iostream>\nint main() {\n  long a, b;\n  std::cin >> a >> b;\n"
        '  std::cout << a + b << "\\n";\n}\n',
        compile_error="int main() { not_declared_anywhere(); }\n",
        compile_message="not_declared_anywhere",
        runtime_error='#include <stdexcept>\nint main() { throw std::runtime_error("boom"); }\n',
        runtime_exit_code=134,
        runtime_message="boom",
        loop="int main() { volatile unsigned long n = 0; for (;;) n++; }\n",
        flood='#include <iostream>\nint main() { for (;;) std::cout << "flood\\n"; }\n',
    ),
    "java": Programs(
        sum="import java.util.Scanner;\n\npublic class Sum {\n"
        "  public static void main(String[] args) {\n"
        "    Scanner in = new Scanner(System.in);\n"
        "    System.out.println(in.nextLong() + in.nextLong());\n  }\n}\n",
        compile_error="public class Main {\n"
        '  public static void main(String[] a) { int x = "s"; }\n}\n',
        compile_message="incompatible types",
        runtime_error="public class Main {\n  public static void main(String[] a) {\n"
        '    throw new IllegalStateException("boom");\n  }\n}\n',
        runtime_exit_code=1,
        runtime_message="IllegalStateException: boom",
        loop="public class Main {\n  public static void main(String[] a) { while (true) {} }\n}\n",
        flood="public class Main {\n  public static void main(String[] a) {\n"
        '    while (true) System.out.println("flood");\n  }\n}\n',
    ),
    "go": Programs(
        sum='package main\n\nimport "fmt"\n\nfunc main() {\n\tvar a, b int\n'
        "\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n",
        compile_error="package main\n\nfunc main() { return missing }\n",
        compile_message="undefined: missing",
        runtime_error='package main\n\nfunc main() { panic("boom") }\n',
        runtime_exit_code=2,
        runtime_message="panic: boom",
        loop="package main\n\nfunc main() {\n\tfor {\n\t}\n}\n",
        flood='package main\n\nimport "fmt"\n\nfunc main() {\n'
        '\tfor {\n\t\tfmt.Println("flood")\n\t}\n}\n',
    ),
    "typescript": Programs(
        sum='const input: string = require("fs").readFileSync(0, "utf8");\n'
        'const [a, b]: number[] = input.split(" ").map(Number);\nconsole.log(a + b);\n',
        compile_error="let total: number = ;\n",
        compile_message="Expression expected",
        runtime_error='function fail(): never {\n  throw new Error("boom");\n}\nfail();\n',
        runtime_exit_code=1,
        runtime_message="Error: boom",
        loop="while (true) {}\n",
        flood='for (;;) console.log("flood");\n',
    ),
}
LANGUAGES = pytest.mark.parametrize("language", list(PROGRAMS))


@LANGUAGES
async def test_a_program_reads_its_input_and_reports_compile_and_run_times(
    bubblewrap: Confined, language: str
) -> None:
    result = await bubblewrap.run(PROGRAMS[language].sum, language, stdin="2 3")
    assert (result.stdout, result.exit_code, result.compile_error) == ("5\n", 0, False), result
    assert result.compile_ms is not None and result.run_ms is not None
    assert result.compile_ms + result.run_ms <= result.duration_ms


@LANGUAGES
async def test_a_compile_error_is_shown_as_such_and_nothing_runs(
    bubblewrap: Confined, language: str
) -> None:
    programs = PROGRAMS[language]
    result = await bubblewrap.run(programs.compile_error, language)
    assert result.compile_error is True, result
    assert programs.compile_message in result.compile_output, result
    assert result.exit_code != 0 and result.run_ms is None and result.stdout == ""
    assert result.timed_out is False


@LANGUAGES
async def test_a_runtime_error_is_the_programs_own(bubblewrap: Confined, language: str) -> None:
    programs = PROGRAMS[language]
    result = await bubblewrap.run(programs.runtime_error, language)
    assert (result.compile_error, result.exit_code) == (False, programs.runtime_exit_code), result
    assert programs.runtime_message in result.stderr
    assert result.run_ms is not None


@LANGUAGES
async def test_an_endless_program_is_stopped_at_the_time_limit(
    bubblewrap: Confined, language: str, settings: Settings
) -> None:
    result = await bubblewrap.run(PROGRAMS[language].loop, language)
    assert result.timed_out is True and result.compile_error is False, result
    assert result.duration_ms >= settings.execution_timeout_seconds * 1000 * 0.9


@LANGUAGES
async def test_an_output_flood_is_cut_at_the_limit_and_stopped(
    bubblewrap: Confined, language: str, settings: Settings
) -> None:
    result = await bubblewrap.run(PROGRAMS[language].flood, language)
    assert result.truncated is True, result
    assert len(result.stdout) == settings.execution_max_output_bytes
    assert result.duration_ms < settings.execution_timeout_seconds * 1000


async def test_a_flood_of_compiler_messages_is_cut_at_the_limit(
    bubblewrap: Confined, settings: Settings
) -> None:
    errors = "".join(f"int f{n}(void) {{ return undeclared_{n}; }}\n" for n in range(400))
    result = await bubblewrap.run(errors, "c")
    assert result.compile_error is True
    cap = settings.execution_max_output_bytes
    marker = f"\n[compiler output cut at {cap} bytes]\n"
    assert result.compile_output.endswith(marker)
    kept = result.compile_output.removesuffix(marker).encode()
    # A character cut in two at the limit becomes one U+FFFD (3 bytes).
    assert cap - 3 <= len(kept) <= cap + 2


async def test_java_names_the_file_after_its_public_class(bubblewrap: Confined) -> None:
    code = "public final class Solution {\n  public static void main(String[] a) {\n"
    code += '    System.out.println("named " + Solution.class.getName());\n  }\n}\n'
    result = await bubblewrap.run(code, "java")
    assert result.stdout == "named Solution\n", result


async def test_capabilities_list_every_language_this_host_runs(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/execute/capabilities")).json()
    assert set(body["languages"]) == {
        *("python", "javascript", "typescript", "c", "cpp", "java", "go")
    }
    assert body["notes"] == []


@pytest.mark.parametrize("language", ["cpp", "typescript", "java", "c", "go"])
async def test_the_api_answers_with_the_compile_fields(
    client: httpx.AsyncClient, language: str
) -> None:
    request: dict[str, Any] = {"language": language, "code": PROGRAMS[language].sum, "stdin": "2 3"}
    body = (await client.post("/execute", json=request)).json()
    assert body["stdout"] == "5\n", body
    assert (body["compileError"], body["compileOutput"]) == (False, "")
    assert body["compileMs"] > 0 and body["runMs"] >= 0


async def test_a_c_fork_bomb_is_refused_and_the_server_keeps_serving(
    client: httpx.AsyncClient,
) -> None:
    bomb = (
        "#include <errno.h>\n#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n"
        "int main(void) {\n  for (;;) {\n    if (fork() < 0) {\n"
        '      printf("blocked %s\\n", strerror(errno));\n      return 0;\n    }\n  }\n}\n'
    )
    body = (await client.post("/execute", json={"language": "c", "code": bomb})).json()
    assert body["stdout"] == "blocked Operation not permitted\n", body
    assert (await client.get("/health")).status_code == 200
    after = await client.post("/execute", json={"language": "python", "code": "print('still')"})
    assert after.json()["stdout"] == "still\n"


async def test_a_c_programs_lines_come_as_it_prints_them_and_a_stop_ends_it(
    bubblewrap: Confined,
) -> None:
    # No fflush: the sandbox makes a C program's stdout line-buffered.
    code = (
        "#include <stdio.h>\n#include <unistd.h>\n"
        'int main(void) { for (int n = 0;; n++) { printf("line %d\\n", n); sleep(1); } }\n'
    )
    heard: list[tuple[float, str, str]] = []
    stop = asyncio.Event()

    def on_output(stream: str, text: str) -> None:
        heard.append((time.monotonic(), stream, text))
        if "line 1" in text:
            stop.set()

    sandbox, runtime = bubblewrap.probe.sandbox, bubblewrap.probe.runtimes["c"]
    assert sandbox is not None
    controls = RunControls(on_output=on_output, stop=stop)
    result = await sandbox.run(runtime, code, "", bubblewrap.uid, controls)
    assert (result.stopped, result.timed_out) == (True, False), result
    assert result.stdout == "line 0\nline 1\n"
    assert [text for _, _, text in heard] == ["line 0\n", "line 1\n"]
    assert 0.8 < heard[1][0] - heard[0][0] < 2.0
    assert processes_of(bubblewrap.uid) == set()


async def test_landlock_offers_no_compiled_language_and_says_why(landlock: Confined) -> None:
    assert set(landlock.probe.runtimes) == {"python", "javascript"}
    for language in PROGRAMS:
        assert (
            f"{language}: landlock gives a program nowhere to write what it compiles "
            "(bubblewrap does)"
        ) in landlock.probe.notes
