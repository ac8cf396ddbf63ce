"""Settings read from the environment and `.env` (see `.env.example`)."""

from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["python", "javascript", "typescript", "plaintext"]
"""Languages autocomplete knows."""
RoomLanguage = Literal["python", "javascript", "typescript", "c", "cpp", "java", "go", "plaintext"]
"""A room's language: what the editor highlights and runs (docs/execution.md says which run)."""
LANGUAGES: tuple[str, ...] = (
    "python",
    "javascript",
    "typescript",
    "c",
    "cpp",
    "java",
    "go",
    "plaintext",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./pairpad.db",
        description="SQLAlchemy URL; postgresql:// URLs are served through asyncpg.",
    )
    redis_url: str | None = Field(
        default=None,
        description="Set to run several instances on shared rooms (fan-out through Redis).",
    )
    redis_prefix: str = "pairpad:"
    resync_interval_seconds: float = 5.0
    log_level: str = "info"
    log_json: bool = False
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Origins allowed to open the WebSocket besides the server's own.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies trusted to name the client in X-Forwarded-For (comma-separated, "
        "or * for any), so that limits per client address count people, not the proxy.",
    )

    max_body_bytes: int = 1_048_576
    max_document_chars: int = 1_000_000
    max_message_bytes: int = 2_097_152
    max_push_cost: int = Field(
        default=20_000,
        ge=1,
        description="Change items and inserted lines taken from one push; its later updates "
        "stay unconfirmed and the client sends them again.",
    )
    max_rebase_cost: int = Field(
        default=200_000,
        ge=0,
        description="Work (change sections walked) a server-side rebase may take; a stale push "
        "that would cost more is rejected and its client rebases it.",
    )
    max_participants: int = Field(
        default=10, description="Editors in one room; the host always gets in."
    )
    max_viewers: int = Field(
        default=50, description="People watching one room through its view link."
    )
    send_queue_size: int = 1024
    room_inbox_size: int = 1000
    snapshot_interval: int = 100
    commit_timeout_seconds: float = 5.0
    recent_updates_kept: int = 2000
    recent_cost_kept: int = Field(
        default=200_000,
        description="Fewer recent updates are kept in memory when their change items and "
        "inserted lines add up to more than this.",
    )
    ws_rate_per_second: float = 60.0
    ws_rate_burst: int = 300
    room_creation_per_minute: float = 30.0
    room_creation_burst: int = 10
    room_changes_per_minute: float = Field(
        default=120.0, description="PATCH, restore and DELETE calls per client address."
    )
    room_changes_burst: int = 30
    autocomplete_per_second: float = 10.0
    autocomplete_burst: int = 30
    ws_per_message_deflate: bool = Field(
        default=False,
        description="Compress WebSocket messages. Keystroke frames are tiny; compression "
        "state costs about 40 KiB per connection.",
    )
    ws_ping_interval_seconds: float = 20.0
    ws_ping_timeout_seconds: float = 20.0
    max_connections: int = 4000

    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "[::1]"],
        description="Host header names served, any port (*.example.com for subdomains, * for "
        "any); the address a request reached and the --host of `pairpad serve` are always "
        "served. Any other name is refused, so a foreign name resolved to this server (DNS "
        "rebinding) reaches nothing.",
    )
    http_header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Time a request's headers may take to arrive, counted from the connection "
        "or the request's first byte; a slower connection is closed and frees its slot.",
    )

    execution_isolation: Literal["auto", "bubblewrap", "landlock", "basic"] = Field(
        default="auto",
        description="Sandbox for code runs: auto picks the strongest that works on the host; "
        "basic (a uid of its own, rlimits and seccomp, no filesystem isolation) is never "
        "picked unless named here.",
    )
    execution_timeout_seconds: float = 10.0
    execution_cpu_seconds: int = 10
    execution_memory_bytes: int = 268_435_456
    execution_max_processes: int = Field(
        default=64, description="Tasks (threads included) a run's uid may have at once."
    )
    execution_max_file_bytes: int = 8_388_608
    execution_max_open_files: int = 64
    execution_workspace_bytes: int = Field(
        default=16_777_216, description="Size of the writable tmpfs a run gets as its home."
    )
    execution_max_output_bytes: int = Field(
        default=65_536, description="Per stream; a run that writes more is stopped."
    )
    execution_max_stdin_bytes: int = Field(
        default=65_536,
        ge=0,
        description="Input a run may be given (UTF-8 bytes), over REST and in a room's input box.",
    )
    execution_max_concurrent: int = 2
    execution_max_queued: int = 4
    execution_max_runs_per_address: int = Field(
        default=2,
        ge=1,
        description="Runs one client address may have going or waiting at once; more get 429. "
        "Waiting runs take free slots in turn between addresses.",
    )
    execution_max_runs_per_room: int = Field(
        default=1,
        ge=1,
        description="Runs one room may have going or waiting at once; more get run_in_progress.",
    )
    execution_memory_cgroup: bool = Field(
        default=True,
        description="Give each run a memory cgroup (v2, else v1) limiting all it holds in memory, "
        "tmpfs files included, to memory + workspace + 64 MiB; when the host has none, runs go "
        "without and the capabilities' notes say why.",
    )
    execution_uid_base: int = Field(
        default=61_000,
        gt=0,
        description="Runs take uids from the first block of max_concurrent, from here on, that "
        "no other PairPad server on the host holds; nothing else may use these uids.",
    )
    execution_python: str = "/usr/bin/python3"
    execution_node: str = "node"
    execution_gcc: str = "gcc"
    execution_gxx: str = "g++"
    execution_go: str = "go"
    execution_java: str = Field(
        default="java", description="Java runs where `javac` stands beside this `java` (a JDK)."
    )
    execution_typescript: str = Field(
        default="",
        description="Directory of the `typescript` npm package that transpiles TypeScript; "
        "empty: the web editor's, frontend/node_modules/typescript.",
    )
    execution_bwrap: str = "bwrap"

    autocomplete_budget_ms: int = Field(
        default=80,
        ge=0,
        description="How long jedi may think before the document's own words answer (worked "
        "out meanwhile). Jedi's late answer still serves the next keystroke of the word.",
    )
    autocomplete_warm_up: bool = Field(
        default=True,
        description="Start jedi's worker and load the standard library's stubs at startup, in "
        "the background, so the first completion is not the slow one.",
    )
    autocomplete_max_code_chars: int = Field(
        default=200_000, description="Longest code (UTF-16 code units) autocomplete reads."
    )
    autocomplete_max_items: int = Field(default=10, ge=1)
    autocomplete_workers: int = Field(
        default=1, ge=1, description="Processes that run jedi, each with caches of its own."
    )
    autocomplete_ai_url: str = Field(
        default="",
        description="Base URL of a model server asked first for completions (e.g. Ollama's "
        "http://127.0.0.1:11434); empty asks no model.",
    )
    autocomplete_ai_api: Literal["openai", "infill"] = Field(
        default="openai",
        description="openai: POST /v1/completions with prompt and suffix (Ollama); "
        "infill: llama.cpp's POST /infill.",
    )
    autocomplete_ai_model: str = Field(default="", description="The model's name on the server.")
    autocomplete_ai_api_key: SecretStr | None = Field(
        default=None, description="Sent as a Bearer token when set; never logged."
    )
    autocomplete_ai_timeout_ms: int = Field(
        default=1000,
        ge=1,
        description="How long the model may take, connection included, before the other "
        "providers' answer is used.",
    )
    autocomplete_ai_max_prefix_chars: int = Field(
        default=3000, ge=0, description="Characters before the cursor sent to the model."
    )
    autocomplete_ai_max_suffix_chars: int = Field(
        default=1000, ge=0, description="Characters after the cursor sent to the model."
    )
    autocomplete_ai_max_tokens: int = Field(
        default=64, ge=1, description="Tokens the model may generate for one suggestion."
    )
    autocomplete_ai_max_chars: int = Field(
        default=1000,
        ge=1,
        description="Longest suggestion taken from the model; a longer answer is refused.",
    )

    @field_validator("autocomplete_ai_url")
    @classmethod
    def http_url_or_empty(cls, url: str) -> str:
        """Refuse at startup a model server URL every completion request would fail on."""
        if not url:
            return url
        parts = urlsplit(url)  # ValueError for a malformed host or port
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.port == 0:
            raise ValueError("must be empty or an http:// or https:// URL with a host")
        return url

    @field_validator("database_url")
    @classmethod
    def use_async_driver(cls, url: str) -> str:
        """Accept the plain `postgresql://` URLs people paste and use asyncpg for them."""
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url.removeprefix(prefix)
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
