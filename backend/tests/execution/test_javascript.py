"""JavaScript under each isolation: it runs, and its ways out are closed as Python's are.

node is on these machines; a host without it fails these tests rather than skipping them.
"""

import httpx

from tests.execution.builders import Confined


async def test_javascript_prints_reads_stdin_and_exits_with_its_code(
    client: httpx.AsyncClient,
) -> None:
    code = (
        "const input = require('fs').readFileSync(0, 'utf8');\n"
        "console.log(input.toUpperCase());\n"
        "console.error('to stderr');\n"
        "process.exit(4);\n"
    )
    response = await client.post(
        "/execute", json={"language": "javascript", "code": code, "stdin": "pair"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["stdout"], body["stderr"], body["exitCode"]) == ("PAIR\n", "to stderr\n", 4)


async def test_child_processes_cannot_be_spawned(confined: Confined) -> None:
    code = (
        "const run = require('child_process').spawnSync('/usr/bin/true');\n"
        "console.log(run.error ? `blocked ${run.error.code}` : 'ESCAPED');\n"
    )
    result = await confined.run(code, language="javascript")
    assert result.stdout == "blocked EPERM\n", result


async def test_network_connections_are_refused(confined: Confined) -> None:
    code = (
        "const socket = require('net').connect(5432, '127.0.0.1');\n"
        "socket.on('connect', () => console.log('ESCAPED'));\n"
        "socket.on('error', (error) => console.log(`blocked ${error.code}`));\n"
    )
    result = await confined.run(code, language="javascript")
    assert result.stdout == "blocked EPERM\n", result


async def test_reading_etc_shadow_is_blocked(confined: Confined) -> None:
    code = (
        "try { require('fs').readFileSync('/etc/shadow'); console.log('ESCAPED'); }\n"
        "catch (error) { console.log(`blocked ${error.code}`); }\n"
    )
    result = await confined.run(code, language="javascript")
    assert result.stdout in ("blocked ENOENT\n", "blocked EACCES\n"), result


async def test_infinite_loop_is_stopped_and_reported_as_timed_out(confined: Confined) -> None:
    result = await confined.run("while (true) {}", language="javascript")
    assert result.timed_out, result


async def test_memory_bomb_ends_the_program_without_a_timeout(confined: Confined) -> None:
    code = "const chunks = [];\nwhile (true) chunks.push(new Array(1e6).fill(1));"
    result = await confined.run(code, language="javascript")
    assert result.exit_code > 128 and not result.timed_out, result
    assert "heap out of memory" in result.stderr


async def test_worker_threads_fit_in_the_address_space_limit(confined: Confined) -> None:
    code = (
        "const { Worker } = require('worker_threads');\n"
        "new Worker(\"console.log('from a worker')\", { eval: true });\n"
    )
    result = await confined.run(code, language="javascript")
    assert result.stdout == "from a worker\n", result
