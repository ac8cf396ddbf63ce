"""How each language runs: its interpreter or compiler, flags, source file name and memory needs."""

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

RunLanguage = Literal["python", "javascript", "typescript", "c", "cpp", "java", "go"]

# V8 reserves address space up front (pointer-compression cage, code range: about 1 GiB) before
# the program allocates anything, and each worker thread reserves its own code range, so node
# needs this on top of the memory limit; the heap itself is capped by --max-old-space-size.
V8_RESERVED_ADDRESS_SPACE = 2 << 30
# The JVM reserves its heap, code cache and class space up front; with the flags below it maps
# about 1.5 GiB of address space before a program allocates anything.
JVM_RESERVED_ADDRESS_SPACE = 3 << 30
# cc1plus maps more than it touches; its memory is bounded by the run's cgroup, not by this.
COMPILER_ADDRESS_SPACE = 2 << 30
LIBSTDBUF = "/usr/libexec/coreutils/libstdbuf.so"
"""coreutils' `stdbuf` library: preloaded, it makes a C program's stdout line-buffered, so its
output shows as it comes rather than when 4 KiB have gathered or the program ends."""
BINARY = "main"
"""The executable a C or C++ compile writes in the sandbox's home."""
DEFAULT_TYPESCRIPT = Path(__file__).parents[3] / "frontend" / "node_modules" / "typescript"
"""The `typescript` package `npm ci` installs for the web editor, used when no other is set."""

# Runs in node inside the sandbox: TypeScript's own transpiler strips the types (no type check),
# and syntax errors stop the run as a compile error would.
TRANSPILE_JS = """
const [source, target, typescript] = process.argv.slice(1);
const ts = require(typescript);
const fs = require("fs");
const out = ts.transpileModule(fs.readFileSync(source, "utf8"), {
  fileName: source,
  reportDiagnostics: true,
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
});
const errors = out.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length) {
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => "",
    getNewLine: () => "\\n",
  };
  process.stderr.write(ts.formatDiagnostics(errors, host));
  process.exit(1);
}
fs.writeFileSync(target, out.outputText);
"""


def _node_flags(memory: int) -> tuple[str, ...]:
    return (f"--max-old-space-size={memory >> 20}",)


def _jvm_flags(memory: int) -> tuple[str, ...]:
    """One compiler thread, the serial collector and no perf data file: few threads, quick to
    start, nothing written outside the home."""
    return (
        f"-Xmx{memory >> 20}m",
        "-Xss8m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:CICompilerCount=1",
        "-XX:ReservedCodeCacheSize=64m",
        "-XX:CompressedClassSpaceSize=64m",
        "-XX:MaxMetaspaceSize=128m",
        "-XX:-UsePerfData",
        "-XX:-UseContainerSupport",
        "-Xshare:auto",
    )


PUBLIC_CLASS = re.compile(r"^\s*public\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_$][\w$]*)", re.M)


def java_class_name(code: str) -> str:
    """The source's public class, which names its file; `Main` when it has none."""
    found = PUBLIC_CLASS.search(code)
    return found.group(1) if found else "Main"


@dataclass(frozen=True)
class Language:
    source_name: Callable[[str], str]
    """The source file's name for this code."""
    flags: Callable[[int], tuple[str, ...]] = lambda _memory: ()
    """Interpreter flags for a memory limit in bytes."""
    reserved_address_space: int = 0
    config_files: tuple[str, ...] = ()
    """Host files the interpreter reads at startup; refused (rather than absent) they stop it."""
    compiled: bool = False


def _named(name: str) -> Callable[[str], str]:
    return lambda _code: name


LANGUAGES: dict[RunLanguage, Language] = {
    # -I: no user site or PYTHON* variables; -u: output written before a timeout kill survives.
    "python": Language(_named("main.py"), lambda _memory: ("-I", "-B", "-u")),
    "javascript": Language(
        _named("main.js"),
        _node_flags,
        reserved_address_space=V8_RESERVED_ADDRESS_SPACE,
        config_files=("/etc/ssl/openssl.cnf",),
    ),
    "typescript": Language(
        _named("main.ts"),
        _node_flags,
        reserved_address_space=V8_RESERVED_ADDRESS_SPACE,
        config_files=("/etc/ssl/openssl.cnf",),
        compiled=True,
    ),
    "c": Language(_named("main.c"), compiled=True),
    "cpp": Language(_named("main.cpp"), compiled=True),
    "go": Language(_named("main.go"), reserved_address_space=1 << 30, compiled=True),
    "java": Language(
        lambda code: f"{java_class_name(code)}.java",
        _jvm_flags,
        reserved_address_space=JVM_RESERVED_ADDRESS_SPACE,
        compiled=True,
    ),
}


@dataclass(frozen=True)
class Program:
    """A command ready for the sandbox, run in the work directory that holds `source_name`;
    when `compile_argv` is set, that runs first and the program only if it succeeds."""

    argv: tuple[str, ...]
    source_name: str
    address_space_bytes: int
    host_paths: tuple[str, ...]
    """Host paths the interpreter needs besides /usr, which every sandbox shows read-only."""
    compile_argv: tuple[str, ...] | None = None
    compile_address_space_bytes: int = 0
    env: tuple[tuple[str, str], ...] = ()
    """Variables the compiled program gets on top of the sandbox's environment."""
    compile_env: tuple[tuple[str, str], ...] = ()
    """Variables the compiler gets on top of the sandbox's environment; `$HOME` is expanded."""

    @property
    def launch_address_space_bytes(self) -> int:
        """RLIMIT_AS for the whole run: the compiler's, lowered to the program's for it."""
        return max(self.address_space_bytes, self.compile_address_space_bytes)


@dataclass(frozen=True)
class Runtime:
    """A language's interpreter (or compiler) as found on this host."""

    language: RunLanguage
    interpreter: str
    tools: dict[str, str] = field(default_factory=dict)
    """Other host paths the language needs: `typescript` (the package), `javac`."""

    def program(self, memory_bytes: int, code: str = "") -> Program:
        spec = LANGUAGES[self.language]
        source = spec.source_name(code)
        flags = spec.flags(memory_bytes)
        host_paths = self._prefixes() + tuple(filter(os.path.exists, spec.config_files))
        address_space = memory_bytes + spec.reserved_address_space
        match self.language:
            case "python" | "javascript":
                return Program(
                    (self.interpreter, *flags, source), source, address_space, host_paths
                )
            case "typescript":
                typescript = self.tools["typescript"]
                return Program(
                    argv=(self.interpreter, *flags, "main.js"),
                    source_name=source,
                    address_space_bytes=address_space,
                    host_paths=(*host_paths, typescript),
                    compile_argv=(
                        self.interpreter,
                        *flags,
                        "-e",
                        TRANSPILE_JS,
                        source,
                        "main.js",
                        typescript,
                    ),
                    compile_address_space_bytes=address_space,
                )
            case "c" | "cpp":
                standard = "-std=c17" if self.language == "c" else "-std=c++20"
                return Program(
                    argv=(f"./{BINARY}",),
                    source_name=source,
                    address_space_bytes=memory_bytes,
                    host_paths=host_paths,
                    compile_argv=(self.interpreter, "-O2", standard, "-o", BINARY, source, "-lm"),
                    compile_address_space_bytes=COMPILER_ADDRESS_SPACE,
                    env=(("LD_PRELOAD", LIBSTDBUF), ("_STDBUF_O", "L"))
                    if os.path.exists(LIBSTDBUF)
                    else (),
                )
            case "java":
                javac_flags = tuple(f"-J{flag}" for flag in flags)
                return Program(
                    argv=(self.interpreter, *flags, "-cp", ".", source.removesuffix(".java")),
                    source_name=source,
                    address_space_bytes=address_space,
                    host_paths=host_paths,
                    compile_argv=(self.tools["javac"], *javac_flags, "-d", ".", source),
                    compile_address_space_bytes=address_space,
                )
            case "go":
                return Program(
                    argv=(f"./{BINARY}",),
                    source_name=source,
                    address_space_bytes=address_space,
                    host_paths=host_paths,
                    compile_argv=(self.interpreter, "build", "-o", BINARY, source),
                    compile_address_space_bytes=COMPILER_ADDRESS_SPACE,
                    # GOPATH mode: one file, no module; the build cache in the run's own home.
                    # cgo stays on: Debian's precompiled net package is the cgo one, and without
                    # it every run would compile net from source.
                    compile_env=(
                        ("GO111MODULE", "off"),
                        ("GOCACHE", "$HOME/.cache/go-build"),
                        ("GOPATH", "$HOME/go"),
                    ),
                )

    def _prefixes(self) -> tuple[str, ...]:
        found: list[str] = []
        for path in (self.interpreter, *self.tools.values()):
            if path.startswith("/usr/"):
                continue
            # An interpreter installed elsewhere lives in a prefix, as /opt/node/bin/node does.
            if os.path.isfile(path) and os.access(path, os.X_OK):
                found.append(os.path.dirname(os.path.dirname(path)))
        if self.language == "java":
            found += _jvm_config_dirs(self.interpreter)
        return tuple(dict.fromkeys(found))


def _jvm_config_dirs(java: str) -> list[str]:
    """Where the JDK's configuration really lives: Debian links it from /etc/java-N-openjdk."""
    jvm_cfg = Path(java).parent.parent / "lib" / "jvm.cfg"
    if not jvm_cfg.is_symlink():
        return []
    config = str(jvm_cfg.resolve().parent)
    return [] if config.startswith("/usr/") else [config]


def find_runtime(language: RunLanguage, command: str) -> Runtime | None:
    """The interpreter `command` names (a path or a name on PATH), resolved to its real path."""
    found = shutil.which(command)
    return Runtime(language, os.path.realpath(found)) if found else None


def find_typescript(node: Runtime, package: str) -> Runtime | None:
    """TypeScript run by `node`, transpiled by the `typescript` package in directory `package`."""
    entry = Path(package or DEFAULT_TYPESCRIPT)
    if not (entry / "package.json").is_file():
        return None
    return Runtime("typescript", node.interpreter, {"typescript": str(entry.resolve())})


def find_java(command: str) -> Runtime | None:
    """`java` and the `javac` beside it (a JDK, not only a JRE)."""
    java = find_runtime("java", command)
    if java is None:
        return None
    javac = Path(java.interpreter).with_name("javac")
    if not javac.is_file():
        return None
    return Runtime("java", java.interpreter, {"javac": str(javac)})
