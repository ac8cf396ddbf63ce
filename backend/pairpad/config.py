"""Settings read from the environment and `.env` (see `.env.example`)."""

from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["python", "javascript", "typescript", "plaintext"]
LANGUAGES: tuple[str, ...] = ("python", "javascript", "typescript", "plaintext")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./pairpad.db",
        description="SQLAlchemy URL; postgresql:// URLs are served through asyncpg.",
    )
    log_level: str = "info"
    log_json: bool = False
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Origins allowed to open the WebSocket besides the server's own.",
    )

    max_body_bytes: int = 1_048_576
    max_document_chars: int = 1_000_000
    max_message_bytes: int = 2_097_152
    max_participants: int = 10
    send_queue_size: int = 1024
    room_inbox_size: int = 1000
    snapshot_interval: int = 100
    recent_updates_kept: int = 2000
    ws_rate_per_second: float = 60.0
    ws_rate_burst: int = 300

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
