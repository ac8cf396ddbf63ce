"""How each language runs: its interpreter, flags, source file name and memory needs."""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

RunLanguage = Literal["python", "javascript"]

# V8 reserves address space up front (pointer-compression cage, code range: about 1 GiB) before
# the program allocates anything, and each worker thread reserves its own code range, so node
# needs this on top of the memory limit; the heap itself is capped by --max-old-space-size.
V8_RESERVED_ADDRESS_SPACE = 2 << 30


@dataclass(frozen=True)
class Language:
    source_name: str
    flags: Callable[[int], tuple[str, ...]]
    """Interpreter flags for a memory limit in bytes."""
    reserved_address_space: int = 0
    config_files: tuple[str, ...] = ()
    """Host files the interpreter reads at startup; refused (rather than absent) they stop it."""


LANGUAGES: dict[RunLanguage, Language] = {
    # -I: no user site or PYTHON* variables; -u: output written before a timeout kill survives.
    "python": Language("main.py", lambda _memory: ("-I", "-B", "-u")),
    "javascript": Language(
        "main.js",
        lambda memory: (f"--max-old-space-size={memory >> 20}",),
        reserved_address_space=V8_RESERVED_ADDRESS_SPACE,
        config_files=("/etc/ssl/openssl.cnf",),
    ),
}


@dataclass(frozen=True)
class Program:
    """A command ready for the sandbox, run in the work directory that holds `source_name`."""

    argv: tuple[str, ...]
    source_name: str
    address_space_bytes: int
    host_paths: tuple[str, ...]
    """Host paths the interpreter needs besides /usr, which every sandbox shows read-only."""


@dataclass(frozen=True)
class Runtime:
    """A language's interpreter as found on this host."""

    language: RunLanguage
    interpreter: str

    def program(self, memory_bytes: int) -> Program:
        spec = LANGUAGES[self.language]
        return Program(
            argv=(self.interpreter, *spec.flags(memory_bytes), spec.source_name),
            source_name=spec.source_name,
            address_space_bytes=memory_bytes + spec.reserved_address_space,
            host_paths=self._prefix() + tuple(filter(os.path.exists, spec.config_files)),
        )

    def _prefix(self) -> tuple[str, ...]:
        if self.interpreter.startswith("/usr/"):
            return ()
        # An interpreter installed elsewhere lives in a prefix, as /opt/node/bin/node does.
        return (os.path.dirname(os.path.dirname(self.interpreter)),)


def find_runtime(language: RunLanguage, command: str) -> Runtime | None:
    """The interpreter `command` names (a path or a name on PATH), resolved to its real path."""
    found = shutil.which(command)
    return Runtime(language, os.path.realpath(found)) if found else None
