"""The one place that reads the environment: every entry point builds a `Settings` and passes it down."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EmbeddingVariant = Literal["int8-dynamic", "int8-static"]


def _user_cache() -> Path:
    """XDG cache directory: derived files that can be rebuilt, shared by every data dir of the user."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


_SHIPPED_EXERCISES = Path(__file__).resolve().parent.parent / "knowledge" / "exercises"


_PLACEHOLDER_SECRETS = {"changeme", "change-me", "changethis", "secret", "placeholder", "not-needed"}


DeploymentMode = Literal["embedded", "scale-out"]
SCALE_OUT_DEFAULTS = {
    "database_url": "postgresql+psycopg://postgres@127.0.0.1:5432/ustad",
    "chroma_url": "http://127.0.0.1:8001",
    "redis_url": "redis://127.0.0.1:6379/0",
}


class Settings(BaseSettings):
    """Configuration from `ASSISTANT_*` environment variables (and an optional `.env`)."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    mode: DeploymentMode = Field(
        default="embedded",
        description="embedded: SQLite + Chroma on disk, one process. scale-out: PostgreSQL for the "
        "question log and the catalog, a Chroma server, Redis for shared limits; several workers and the "
        "bot share them (unset URLs default to those services on this machine).",
    )
    data_dir: Path = Field(default=Path("data"), description="Index, database and caches live here.")
    chroma_url: str | None = Field(
        default=None,
        description="Chroma server URL (http://host:port); embedded on disk when unset.",
    )
    collection: str = Field(default="knowledge", description="Chroma collection name.")
    redis_url: str | None = Field(
        default=None,
        description="Redis URL for state shared by worker processes (rate limits); unset: in memory.",
    )
    database_url: str | None = Field(
        default=None, description="Question log database URL (default: SQLite in DATA_DIR/assistant.db)."
    )

    embedding_variant: EmbeddingVariant = Field(
        default="int8-dynamic",
        description="int8-dynamic: ONNX Runtime dynamic int8 (fast); int8-static: the shipped file as is.",
    )
    embedding_batch_size: int = Field(default=16, ge=1, le=512)
    model_cache_dir: Path = Field(
        default_factory=lambda: _user_cache() / "ustad" / "models",
        description="Where the prepared ONNX model is kept (built by `assistant prepare` at install).",
    )

    chunk_tokens: int = Field(default=220, ge=32, le=512, description="Max cl100k tokens per chunk.")
    chunk_overlap: int = Field(default=40, ge=0, le=256)

    per_source: int = Field(default=3, ge=1, le=20, description="Search results per document at most.")
    policy_file: Path | None = Field(
        default=None,
        description="A YAML file of answering-policy values (assistant/policy.py) over the defaults; "
        "for benchmarks and evals that sweep them.",
    )

    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, OpenAI); unset = no LLM.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the endpoint.")
    llm_api_key: SecretStr = Field(default=SecretStr("not-needed"), description="Bearer key, if required.")
    llm_timeout_s: float = Field(default=30.0, gt=0, description="Per-request timeout.")
    llm_max_retries: int = Field(default=1, ge=0, le=5)
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    context_tokens: int = Field(default=1800, ge=200, le=32000, description="Token budget for sources.")
    history_tokens: int = Field(default=600, ge=0, le=8000, description="Token budget for the conversation.")

    admin_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for service calls such as DELETE /v1/users/{id}; unset disables them.",
    )

    max_message_chars: int = Field(default=4000, ge=100, le=20000)
    rate_limit_per_minute: int = Field(default=30, ge=1, description="Questions per user per minute.")
    max_concurrent_answers: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Answers, searches and graded attempts one worker process works on at once (API, widget "
        "and Telegram together); more wait for a slot (assistant/admission.py).",
    )
    max_queue_wait_s: float = Field(
        default=0.5,
        ge=0,
        le=120,
        description="How long a question may wait for a slot before it is refused as busy (HTTP 503 with "
        "Retry-After; the bot asks the learner to send it again).",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser (JSON list)."
    )

    widget_origins: list[str] = Field(
        default_factory=list,
        description="Other origins (https://portal.example) whose pages may embed the widget (JSON list); "
        "the app's own origin is always allowed, every other origin is refused.",
    )
    widget_secret: SecretStr | None = Field(
        default=None,
        description="Shared secret of the training portal's signed learner tokens (HS256); unset: widget "
        "learners are anonymous.",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="Signs trainer-console session cookies; unset: a random one per process (sessions end "
        "at restart and are not shared between workers).",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Console cookies only over HTTPS; plain http is accepted on localhost for development.",
    )
    session_hours: float = Field(default=8.0, gt=0, le=24 * 7, description="Console session lifetime.")

    exercises_dir: Path = Field(
        default=_SHIPPED_EXERCISES,
        description="Exercise bank: a folder of YAML files (the shipped one by default).",
    )

    max_file_mb: float = Field(default=10.0, gt=0, description="Larger files are reported, not indexed.")

    retention_days: float | None = Field(
        default=None,
        gt=0,
        description="Delete logged questions, answers and feedback older than this many days (at API "
        "start-up, every 6 hours, and by `assistant purge`); unset keeps them.",
    )

    telegram_token: SecretStr | None = Field(
        default=None, description="Telegram bot token from @BotFather; unset = no Telegram bot. Never logged."
    )
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL (PTB's base_url: the token is appended, or put '{token}' in it).",
    )
    telegram_webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL of POST /telegram/webhook; set = webhook mode, unset = polling.",
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -).",
    )
    telegram_allowed_users: list[int] = Field(
        default_factory=list, description="Telegram user ids always admitted (JSON list); empty = everyone."
    )
    telegram_require_invite: bool = Field(
        default=False,
        description="Admit only listed users and learners who redeemed a trainer's invite code.",
    )

    public_url: str | None = Field(
        default=None,
        description="The address learners reach the API at (https://ustad.example.gov.pk); set, the bot and "
        "the terminal link each cited source to its view there, and links in answers become absolute.",
    )

    log_level: str = "INFO"

    @model_validator(mode="after")
    def _scale_out_services(self) -> Settings:
        """In scale-out mode every shared store must be a server; unset ones default to this machine's."""
        if self.mode == "scale-out":
            self.database_url = self.database_url or SCALE_OUT_DEFAULTS["database_url"]
            self.chroma_url = self.chroma_url or SCALE_OUT_DEFAULTS["chroma_url"]
            self.redis_url = self.redis_url or SCALE_OUT_DEFAULTS["redis_url"]
            if self.database_url.startswith("sqlite"):
                raise ValueError("mode scale-out needs a PostgreSQL ASSISTANT_DATABASE_URL, not SQLite")
        return self

    @field_validator("chroma_url", "database_url", "llm_base_url", "telegram_webhook_url", "redis_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("public_url")
    @classmethod
    def _public_http_url(cls, value: str | None) -> str | None:
        """An absolute http(s) address without a trailing slash (paths are appended to it); blank is unset."""
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("must be an http(s) address such as https://ustad.example.gov.pk")
        return value.rstrip("/")

    @field_validator("telegram_token", "telegram_webhook_secret", mode="before")
    @classmethod
    def _blank_secret_is_none(cls, value: object) -> object:
        return value or None

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("widget_secret", "session_secret")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse placeholders and short secrets: a guessable key forges learner tokens or sessions."""
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if len(secret) < 32 or secret.lower().strip("-_ ") in _PLACEHOLDER_SECRETS or len(set(secret)) < 8:
            raise ValueError(
                "must be a random secret of at least 32 characters (python -c "
                "'import secrets; print(secrets.token_urlsafe(32))'), not a placeholder"
            )
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.model_cache_dir

    @property
    def question_log_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def catalog_url(self) -> str:
        """The index catalog: beside the question log in scale-out mode (all workers read it), else SQLite."""
        if self.mode == "scale-out" and self.database_url:
            return self.database_url
        return f"sqlite:///{self.index_dir / 'catalog.db'}"
