"""Request and response bodies of the execution API (camelCase on the wire)."""

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pairpad.execution.runtimes import RunLanguage
from pairpad.storable import StorableStr


class _Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class ExecuteRequest(_Schema):
    language: RunLanguage = Field(examples=["python"])
    code: str = Field(examples=["print(input().upper())"])
    stdin: StorableStr = Field(
        default="",
        description="Everything the program reads from its input; at most "
        "`execution_max_stdin_bytes` (64 KiB by default) of UTF-8, no NUL.",
    )


class RunResult(_Schema):
    """What a run printed and how it ended; also what a room's run broadcasts."""

    stdout: str = Field(description="Decoded as UTF-8; undecodable bytes become U+FFFD.")
    stderr: str
    exit_code: int = Field(description="128 + N when a signal N ended the program, as in a shell.")
    duration_ms: int
    timed_out: bool = Field(description="Stopped by the wall-clock or CPU time limit.")
    truncated: bool = Field(
        description="Output passed the size limit: it is cut there and the program was stopped."
    )
    stopped: bool = Field(
        default=False, description="Someone stopped the run (a room's Stop) before it ended."
    )
    compile_ms: int | None = Field(
        default=None,
        description="How long compiling (or transpiling) took, within `durationMs`; null for "
        "languages run as they are.",
    )
    run_ms: int | None = Field(
        default=None,
        description="How long the program itself ran; null when it never started (a compile "
        "error, or stopped while compiling).",
    )
    compile_error: bool = Field(
        default=False,
        description="The compiler refused the program: `compileOutput` says why, `exitCode` is "
        "the compiler's, and nothing ran.",
    )
    compile_output: str = Field(
        default="", description="What the compiler printed (errors, warnings), cut at the limit."
    )


class MountLimit(_Schema):
    path: str = Field(examples=["/home/sandbox"])
    size_bytes: int = Field(description="A tmpfs of this size: past it, writes fail (ENOSPC).")


class ExecutionLimits(_Schema):
    timeout_seconds: float
    cpu_seconds: int
    memory_bytes: int
    max_output_bytes: int
    workspace_bytes: int
    writable_mounts: list[MountLimit] | None = Field(
        description="Every place a program may write, each with its size; everything else is "
        "read-only. Empty: nowhere (landlock). Null: wherever the host lets the run's uid "
        "write (basic)."
    )
    cgroup_memory_bytes: int | None = Field(
        description="The memory cgroup limit on all a run holds in memory, tmpfs and memfd "
        "files included; past it the kernel kills the run (exit code 137). Null: the host "
        "gives runs no memory cgroup, and `notes` says why."
    )


class SandboxCapabilities(_Schema):
    """What this server can run and how strongly it is isolated, as probed at startup."""

    isolation: str | None = Field(
        description="bubblewrap, landlock or basic; null when code execution is disabled.",
        examples=["bubblewrap"],
    )
    description: str | None = None
    languages: list[RunLanguage]
    notes: list[str] = Field(
        description="Why stronger isolations or some languages are not in use on this host."
    )
    limits: ExecutionLimits
