"""Gemba's settings: one object, built once from the environment and an optional `.env`.

Every field has a default and a description; `gemba config check` prints them with
secrets redacted, and a test checks that README.md documents each one.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """All configuration, read from environment variables (names in upper case)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Core
    gemba_database_url: str = Field(
        "sqlite:///gemba.db", description="Gemba's own store (andon calls, problems, outbox)."
    )
    gemba_timezone: str = Field("UTC", description="Plant timezone (IANA name), e.g. Asia/Shanghai.")
    gemba_language: Literal["en", "zh"] = Field(
        "en", description="Default reply language when a message has no words (en or zh)."
    )
    gemba_max_message_chars: int = Field(
        4000, ge=100, le=100_000, description="Longer messages are cut to this many characters."
    )
    gemba_log_level: str = Field("INFO", description="Logging level: DEBUG, INFO, WARNING or ERROR.")

    # Data questions (nl2sql)
    gemba_data_urls: str = Field(
        "",
        description="Extra plant databases to answer questions from, comma-separated SQLAlchemy URLs "
        "(Gemba's own store is always included).",
    )
    gemba_semantic_file: str = Field("", description="Optional semantic YAML file (synonyms, metrics).")
    gemba_row_cap: int = Field(1000, ge=1, le=100_000, description="Most rows a data question returns.")
    gemba_query_timeout_s: float = Field(5.0, gt=0, le=600, description="Time limit of one query, seconds.")

    # LLM (optional)
    gemba_llm_base_url: str = Field(
        "", description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1."
    )
    gemba_llm_model: str = Field("", description="Model name at that endpoint.")
    gemba_llm_api_key: SecretStr = Field(SecretStr(""), description="API key for the LLM endpoint.")
    gemba_llm_timeout_s: float = Field(20.0, gt=0, le=600, description="Time limit of one LLM call, seconds.")

    # Knowledge (playbooks)
    gemba_docs_dir: str = Field(
        "", description="Extra folder of playbooks (Markdown, text, HTML) indexed with the bundled ones."
    )
    gemba_index_dir: str = Field(".gemba/index", description="Where the playbook index is kept.")
    gemba_embedder: str = Field(
        "e5-small",
        description="Embedding model: e5-small (bundled, multilingual), use-m3 (bundled), or "
        "st:<path or model name> for a local sentence-transformers model.",
    )

    # Slack
    slack_bot_token: SecretStr = Field(SecretStr(""), description="Slack bot token (xoxb-…).")
    slack_signing_secret: SecretStr = Field(SecretStr(""), description="Slack signing secret (HTTP mode).")
    slack_app_token: SecretStr = Field(
        SecretStr(""), description="Slack app-level token (xapp-…, Socket Mode)."
    )
    gemba_slack_api_url: str = Field(
        "https://slack.com/api/", description="Slack Web API base URL (for proxies and tests)."
    )

    # DingTalk
    dingtalk_client_id: str = Field("", description="DingTalk app key (client id).")
    dingtalk_client_secret: SecretStr = Field(
        SecretStr(""), description="DingTalk app secret; also verifies HTTP callbacks."
    )
    dingtalk_robot_code: str = Field("", description="DingTalk robot code for proactive messages.")
    gemba_dingtalk_api_url: str = Field(
        "https://api.dingtalk.com", description="DingTalk OpenAPI base URL (for proxies and tests)."
    )

    # Follow-up: escalation, digest, outbox
    gemba_escalation_file: str = Field("", description="YAML escalation matrix; built-in ladder if empty.")
    gemba_working_hours: str = Field(
        "Mon-Sun 00:00-24:00", description="When escalations run, e.g. 'Mon-Fri 06:00-22:00'."
    )
    gemba_digest_channels: str = Field(
        "", description="Where weekly digests go: comma-separated platform:channel[:lang] entries."
    )
    gemba_digest_schedule: str = Field(
        "mon 08:00", description="When the weekly digest is sent (day and plant time)."
    )

    @field_validator("gemba_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown timezone {value!r}") from error
        return value

    @field_validator("gemba_log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.gemba_timezone)
