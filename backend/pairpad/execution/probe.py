"""Finding the strongest sandbox this host allows by trying each, and which languages run in it;
and whether runs get a memory cgroup."""

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from pairpad.config import Settings
from pairpad.execution.cgroups import RunCgroups, find_run_cgroups
from pairpad.execution.isolation import Basic, Bubblewrap, Isolation, Landlock
from pairpad.execution.runtimes import (
    DEFAULT_TYPESCRIPT,
    LANGUAGES,
    RunLanguage,
    Runtime,
    find_java,
    find_runtime,
    find_typescript,
)
from pairpad.execution.sandbox import Limits, Sandbox
from pairpad.execution.seccomp import build_seccomp_program

TRIAL_PROGRAMS: dict[RunLanguage, str] = {
    "python": "print('ok')",
    "javascript": "console.log('ok')",
    "typescript": "const ok: string = 'ok';\nconsole.log(ok);\n",
    "c": '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n',
    "cpp": '#include <iostream>\nint main() { std::cout << "ok\\n"; }\n',
    "go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("ok") }\n',
    "java": 'class Main { public static void main(String[] a) { System.out.println("ok"); } }',
}


@dataclass(frozen=True)
class Probe:
    """The sandbox chosen (None: execution is disabled), what runs in it, and why not more."""

    sandbox: Sandbox | None
    runtimes: dict[str, Runtime] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def candidates(settings: Settings) -> list[Isolation]:
    """Isolations to try, strongest first; basic only when the settings name it."""
    strongest_first = [Bubblewrap(settings.execution_bwrap), Landlock(), Basic()]
    if settings.execution_isolation == "auto":
        return [isolation for isolation in strongest_first if not isinstance(isolation, Basic)]
    return [
        isolation for isolation in strongest_first if isolation.name == settings.execution_isolation
    ]


async def probe_sandbox(settings: Settings, uid: int, spare_uids: Sequence[int] = ()) -> Probe:
    """Try each candidate isolation with a one-line program as `uid`; keep the first that works.
    The languages' trials then run as `uid` and `spare_uids`, a few at once."""
    python = find_runtime("python", settings.execution_python)
    if python is None:
        return Probe(None, notes=(f"{settings.execution_python} was not found",))
    if os.geteuid() != 0:
        return Probe(
            None, notes=("the server must start as root to give each run a uid of its own",)
        )
    try:
        seccomp_program = build_seccomp_program()
    except (OSError, RuntimeError) as exc:
        return Probe(None, notes=(f"the seccomp filter cannot be built: {exc}",))

    notes: list[str] = []
    limits = Limits.from_settings(settings)
    cgroups = await usable_cgroups(settings, limits, seccomp_program, python, uid, notes)
    for isolation in candidates(settings):
        sandbox = Sandbox(isolation, limits, seccomp_program, python.interpreter, cgroups)
        failure = isolation.missing() or await trial_run(sandbox, python, uid)
        if failure is None:
            break
        notes.append(f"{isolation.name}: {failure}")
    else:
        return Probe(None, notes=tuple(notes))

    runtimes: dict[str, Runtime] = {"python": python}
    node = find_runtime("javascript", settings.execution_node)
    found: dict[RunLanguage, tuple[Runtime | None, str]] = {
        "javascript": (node, f"{settings.execution_node} was not found"),
        "typescript": (
            node and find_typescript(node, settings.execution_typescript),
            f"{settings.execution_node} or the typescript package "
            f"({settings.execution_typescript or DEFAULT_TYPESCRIPT}) was not found",
        ),
        "c": (find_runtime("c", settings.execution_gcc), f"{settings.execution_gcc} was not found"),
        "cpp": (
            find_runtime("cpp", settings.execution_gxx),
            f"{settings.execution_gxx} was not found",
        ),
        "java": (find_java(settings.execution_java), "no JDK (java with javac beside it)"),
        "go": (find_runtime("go", settings.execution_go), f"{settings.execution_go} was not found"),
    }
    free: asyncio.Queue[int] = asyncio.Queue()
    for trial_uid in (uid, *spare_uids):
        free.put_nowait(trial_uid)

    async def trial(runtime: Runtime) -> str | None:
        # One run per uid at a time: a uid is what keeps runs apart.
        trial_uid = await free.get()
        try:
            return await trial_run(sandbox, runtime, trial_uid)
        finally:
            free.put_nowait(trial_uid)

    # A compiler writes what it builds next to the source: only a writable home allows that.
    can_build = bool(sandbox.isolation.writable_mounts(settings.execution_workspace_bytes))
    for language, (runtime, _) in list(found.items()):
        if runtime is not None and LANGUAGES[language].compiled and not can_build:
            found[language] = (
                None,
                f"{sandbox.isolation.name} gives a program nowhere to write what it compiles "
                "(bubblewrap does)",
            )
    trials = {
        language: asyncio.ensure_future(trial(runtime))
        for language, (runtime, _) in found.items()
        if runtime is not None
    }
    for language, (runtime, missing) in found.items():
        if runtime is None:
            notes.append(f"{language}: {missing}")
        elif failure := await trials[language]:
            notes.append(f"{language}: {failure}")
        else:
            runtimes[language] = runtime
    return Probe(sandbox, runtimes, tuple(notes))


async def usable_cgroups(
    settings: Settings,
    limits: Limits,
    seccomp_program: bytes,
    python: Runtime,
    uid: int,
    notes: list[str],
) -> RunCgroups | None:
    """The memory cgroups runs join, tried with a one-line program, or None with a note why not.

    The trial uses the basic isolation, which always works as root, so that a failure here is
    the cgroup's alone.
    """
    cgroups: RunCgroups | None = None
    failure: str | None = "turned off by EXECUTION_MEMORY_CGROUP"
    if settings.execution_memory_cgroup:
        cgroups, failure = find_run_cgroups()
    if cgroups is not None:
        trial = Sandbox(Basic(), limits, seccomp_program, python.interpreter, cgroups)
        try:
            failure = await trial_run(trial, python, uid)
        finally:
            cgroups.remove(uid)
        if failure is not None:
            failure, cgroups = f"{cgroups.version} at {cgroups.parent}: {failure}", None
    if cgroups is None:
        notes.append(
            f"memory cgroup: {failure}; a run's memory is bounded by its rlimits and tmpfs "
            "size alone, its memfd files by max open files times max file size"
        )
    return cgroups


async def trial_run(sandbox: Sandbox, runtime: Runtime, uid: int) -> str | None:
    """None when a one-line program prints "ok" in the sandbox, else what went wrong."""
    try:
        result = await sandbox.run(runtime, TRIAL_PROGRAMS[runtime.language], "", uid)
    except OSError as exc:
        return f"the sandbox could not start: {exc}"
    if result.exit_code == 0 and result.stdout == "ok\n":
        return None
    said = (result.compile_output + result.stderr).strip()[-500:]
    return f"a trial run ended with exit code {result.exit_code}: {said}"


_remembered: dict[tuple[object, ...], Probe] = {}


async def probe_once(settings: Settings, uid: int, spare_uids: Sequence[int] = ()) -> Probe:
    """`probe_sandbox`, remembered per configuration for the life of the process.

    The host does not change while the server runs, and each app built (tests build many)
    would otherwise pay for the trial runs again.
    """
    key = (
        settings.execution_isolation,
        settings.execution_python,
        settings.execution_node,
        settings.execution_gcc,
        settings.execution_gxx,
        settings.execution_go,
        settings.execution_java,
        settings.execution_typescript,
        settings.execution_bwrap,
        settings.execution_memory_cgroup,
        Limits.from_settings(settings),
    )
    if key not in _remembered:
        _remembered[key] = await probe_sandbox(settings, uid, spare_uids)
    return _remembered[key]
