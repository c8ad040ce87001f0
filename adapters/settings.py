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
    gemba_log_format: Literal["text", "json"] = Field(
        "text",
        description="Log lines as text, or as JSON objects (time, level, logger, pid, message, and the "
        "correlation_id an error message shows the user) for a log pipeline.",
    )
    gemba_health_port: int = Field(
        0,
        ge=0,
        le=65535,
        description="Port of a side HTTP listener with /healthz, /readyz and /metrics, for Slack Socket "
        "Mode and DingTalk Stream mode (HTTP servers answer them on their own port); 0: none.",
    )
    gemba_roles_file: str = Field(
        "",
        description="YAML roles file: who is an operator, team lead, maintenance, quality, manager or admin "
        "(by user id, group or department) and what each role may change or ask about; without it "
        "everyone is a team lead.",
    )

    # Data questions (nl2sql)
    gemba_data_urls: str = Field(
        "",
        description="Extra plant databases to answer questions from, comma-separated SQLAlchemy URLs, "
        "best with a read-only user (SQLite files are opened read-only).",
    )
    gemba_store_read_url: str = Field(
        "",
        description="Read-only URL of Gemba's own store for data questions: a database user that may "
        "only SELECT the queryable store tables (see README, 'A read-only role for questions'). A SQLite "
        "store is always opened read-only for questions; a PostgreSQL or MySQL store is left out of "
        "questions when GEMBA_DATA_URLS is set and this is not.",
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
        "",
        description=(
            "Extra folder of playbooks (Markdown, text, HTML, Word .docx, PDF) indexed with the bundled ones."
        ),
    )
    gemba_index_dir: str = Field(".gemba/index", description="Where the playbook index is kept.")
    gemba_embedder: str = Field(
        "use-m3+e5-small",
        description="Embedding model: use-m3+e5-small (the default: both bundled multilingual models, "
        "USE for sections and their lines, E5 for whole sections), use-m3 or e5-small alone, or "
        "st:<path or model name> for a local sentence-transformers model. "
        "Changing it needs `gemba knowledge index --rebuild`.",
    )

    # Photos and files people send with a command
    gemba_files_dir: str = Field(
        ".gemba/files",
        description="Where local copies of the photos and files sent with a command are kept (the store "
        "keeps the platform's file id either way).",
    )
    gemba_files_max_mb: float = Field(
        10.0,
        gt=0,
        le=1000,
        description="Largest photo or file Gemba copies locally, in MB (larger: reference only).",
    )
    gemba_files_timeout_s: float = Field(
        20.0, gt=0, le=600, description="Time limit of one photo or file download, seconds."
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
    slack_client_id: str = Field(
        "", description="Slack app client id; with the secret, turns on multi-workspace OAuth installs."
    )
    slack_client_secret: SecretStr = Field(SecretStr(""), description="Slack app client secret (OAuth).")

    # DingTalk
    dingtalk_client_id: str = Field("", description="DingTalk app key (client id).")
    dingtalk_client_secret: SecretStr = Field(
        SecretStr(""), description="DingTalk app secret; also verifies HTTP callbacks."
    )
    dingtalk_robot_code: str = Field("", description="DingTalk robot code for proactive messages.")
    gemba_dingtalk_api_url: str = Field(
        "https://api.dingtalk.com", description="DingTalk OpenAPI base URL (for proxies and tests)."
    )
    gemba_dingtalk_oapi_url: str = Field(
        "https://oapi.dingtalk.com",
        description="DingTalk's older API base URL, used for media uploads (for proxies and tests).",
    )
    gemba_dingtalk_webhooks: SecretStr = Field(
        SecretStr(""),
        description="Custom group robots for digests and alerts: comma-separated name=webhook-url|secret "
        "entries; send to them as dingtalk-webhook:<name>.",
    )
    gemba_dingtalk_idle_s: float = Field(
        10.0,
        ge=1,
        le=300,
        description="Stream mode watchdog: after this many quiet seconds the connection is pinged, and "
        "replaced when the pong does not come within half as long.",
    )

    # Follow-up: escalation, reminders, digest, outbox
    gemba_safety_channel: str = Field(
        "",
        description="Where safety observations are posted for the area's EHS owner when the area has "
        "no channel, as platform:channel (e.g. slack:C0EHS); empty: the channel the report came from.",
    )
    gemba_safety_escalate_to: str = Field(
        "",
        description="Where high and critical safety observations are escalated at once, as "
        "platform:channel (e.g. dingtalk:cidPlantManager); empty: the safety channel.",
    )
    gemba_escalation_file: str = Field(
        "",
        description="YAML escalation matrix (levels per line, area, category); built-in ladder "
        "(5/15/30 min: team lead, supervisor, plant manager) if empty.",
    )
    gemba_working_hours: str = Field(
        "Mon-Sun 00:00-24:00",
        description="When unacknowledged time counts towards escalation, plant time, e.g. "
        "'Mon-Fri 06:00-22:00; Sat 06:00-14:00'.",
    )
    gemba_digest_channels: str = Field(
        "",
        description="Where weekly digests go: comma-separated platform:channel[:lang[:L1+L2]] entries "
        "(language en or zh; lines joined by '+', all lines if omitted).",
    )
    gemba_digest_schedule: str = Field(
        "mon 08:00",
        description="When the weekly digest is sent, plant time: 'mon 08:00', 'mon-fri 07:30' or a "
        "five-field crontab.",
    )
    gemba_digest_empty: Literal["skip", "note"] = Field(
        "skip", description="A week with nothing recorded: skip the digest, or send a short note."
    )
    gemba_reminder_schedule: str = Field(
        "daily 09:00",
        description="When overdue problems and improvement countermeasures are reminded (at most once a "
        "day each), plant time; "
        "same forms as GEMBA_DIGEST_SCHEDULE.",
    )
    gemba_tier_channels: str = Field(
        "",
        description="Where tier meeting boards (班组早会) are posted at shift start: comma-separated "
        "platform:channel[:lang[:L1+L2]] entries, one board per line the entry names (all lines if "
        "omitted); no scheduled boards if empty (`tier L3` still posts one on demand).",
    )
    gemba_tier_schedule: str = Field(
        "mon-sat 07:45",
        description="When tier meeting boards are posted, plant time; same forms as GEMBA_DIGEST_SCHEDULE "
        "(a crontab such as '45 5,13,21 * * mon-sat' posts before each shift).",
    )
    gemba_tier_topics_file: str = Field(
        "",
        description="YAML of the tier meetings' safety topics (topics: [{en: …, zh: …}], one a day in "
        "turn); the built-in list (bot/tier/safety_topics.yaml) if empty.",
    )
    # Shift handover (交接班)
    gemba_handover_remind_minutes: int = Field(
        30,
        ge=1,
        le=24 * 60,
        description="Minutes after a shift handover is submitted without the next shift confirming "
        "receipt until its line's channel is reminded (the handover then counts as late).",
    )
    gemba_handover_escalate_minutes: int = Field(
        60,
        ge=1,
        le=24 * 60,
        description="Minutes after a shift handover is submitted without confirmation until it is "
        "escalated (naming the area's owner).",
    )
    gemba_handover_escalation_channel: str = Field(
        "",
        description="Where unconfirmed handovers are escalated, platform:channel (e.g. slack:C0SUPERVISORS); "
        "empty: the line's own channel.",
    )
    # 5S/6S audits
    gemba_audit_templates_dir: str = Field(
        "",
        description="Folder of your own 5S/6S checklists: a <kind>.yaml there (assembly_line, office, "
        "warehouse, tool_room) replaces the shipped one of that kind (see README, 5S/6S audits).",
    )
    gemba_audit_threshold: int = Field(
        3,
        ge=1,
        le=5,
        description="A 5S check (or, in the one-line form, an S) scored below this opens a problem.",
    )
    gemba_audit_schedule_file: str = Field(
        "",
        description="YAML file of weekly 5S audits per area (day, rotating auditors, channel); empty: no "
        "audit reminders.",
    )
    gemba_audit_reminder_schedule: str = Field(
        "mon-fri 08:30",
        description="When scheduled 5S audits that are due and not done are reminded, plant time; same "
        "forms as GEMBA_DIGEST_SCHEDULE.",
    )
    gemba_outbox_max_attempts: int = Field(
        20,
        ge=1,
        le=100,
        description="Delivery attempts before a message becomes a dead letter (backoff doubles from 2 s "
        "to 10 min, so 20 attempts span about 3 hours).",
    )
    gemba_outbox_lease_s: float = Field(
        300.0,
        ge=1.0,
        le=3600.0,
        description="Seconds a message being sent stays claimed; a message whose sender died mid-send "
        "is tried again after this (keep it well above the platforms' HTTP timeouts).",
    )
    gemba_inbox_lease_s: float = Field(
        60.0,
        ge=1.0,
        le=3600.0,
        description="Seconds an inbound event stays claimed by a process without renewal (renewed every "
        "third of it while it is answered); after a crash, its events are taken up this long after.",
    )
    gemba_scheduler_enabled: bool = Field(
        True,
        description="Run escalations, reminders and digests in this server process (safe in several "
        "processes at once: each run is claimed in the database).",
    )

    # Web board
    gemba_board_host: str = Field(
        "127.0.0.1",
        description="Address `gemba serve board` (and `gemba chat --board`) listens on; 0.0.0.0 for TVs "
        "on the plant network.",
    )
    gemba_board_port: int = Field(
        8765, ge=0, le=65535, description="Port of the web board (0: any free port; `--port` overrides it)."
    )
    gemba_board_poll_s: float = Field(
        0.4,
        gt=0,
        le=30,
        description="How often the web server checks the store for changes to push to open boards, "
        "seconds (one check per server process, however many boards are open).",
    )

    # Web sign-in and TV links
    gemba_board_url: str = Field(
        "",
        description="The web board's address as people and TVs open it, used in sign-in and TV links, "
        "e.g. https://gemba.plant.local (default: http://GEMBA_BOARD_HOST:GEMBA_BOARD_PORT).",
    )
    gemba_board_secret: SecretStr = Field(
        SecretStr(""),
        description="Key that signs TV links (gemba board link). If empty, Gemba generates one and keeps "
        "it in its database; set it so that a copy of the database cannot make links.",
    )
    gemba_board_local_view: bool = Field(
        True,
        description="Let browsers on this machine (loopback) look at the board, KPIs and problems without "
        "signing in; acting and the chat always need a sign-in. Set false behind a reverse proxy on "
        "the same machine (every request then comes from loopback).",
    )
    gemba_board_session_hours: float = Field(
        12.0, gt=0, le=24 * 90, description="Hours a web sign-in lasts before the person signs in again."
    )
    gemba_board_signin_minutes: float = Field(
        10.0, gt=0, le=24 * 60, description="Minutes a one-time sign-in link from `board login` works."
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
