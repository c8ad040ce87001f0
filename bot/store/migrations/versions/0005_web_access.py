"""Web access and chat: sessions, one-time sign-in links, TV links, local accounts

The web board and chat (`gemba serve board`): browser sessions of signed-in people, the
one-time sign-in links `board login` sends, signed read-only board links for TVs, local
accounts for plants with neither Slack nor DingTalk, a generated signing key, and the web
chat's conversations. All internal: never readable by a data question.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the cookie token"),
        sa.Column(
            "csrf_token",
            sa.String(length=64),
            nullable=False,
            comment="Token every form of the session carries",
        ),
        sa.Column(
            "platform", sa.String(length=20), nullable=False, comment="Where the person signed in from"
        ),
        sa.Column(
            "user_id", sa.String(length=200), nullable=False, comment="The person's id on that platform"
        ),
        sa.Column("user_name", sa.String(length=200), nullable=False, comment="The person's name"),
        sa.Column("groups", sa.JSON(), nullable=False, comment="The person's platform groups"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
        comment="Internal: signed-in web sessions (secret)",
    )
    op.create_table(
        "web_login_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the link's token"),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True, comment="Set once, when the link is used"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_login_tokens_token_hash")),
        comment="Internal: one-time sign-in links (secret)",
    )
    op.create_table(
        "board_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_code", sa.String(length=32), nullable=True, comment="Line shown; NULL: every line"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_links")),
        comment="Internal: signed read-only board links for TVs",
    )
    op.create_table(
        "web_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False, comment="scrypt$n$r$p$salt$hash"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_web_accounts_name")),
        comment="Internal: local web accounts (secret)",
    )
    op.create_table(
        "web_secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_web_secrets")),
        comment="Internal: generated web secrets (secret)",
    )
    op.create_table(
        "web_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=230), nullable=False, comment="platform:id of the person"),
        sa.Column("delivery_id", sa.String(length=200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_chat")),
        sa.UniqueConstraint("user_key", "delivery_id", name=op.f("uq_web_chat_user_key_delivery_id")),
        comment="Internal: web chat conversations",
    )
    op.create_index("ix_web_chat_user", "web_chat", ["user_key", "id"])


def downgrade() -> None:
    op.drop_index("ix_web_chat_user", table_name="web_chat")
    for table in (
        "web_chat",
        "web_secrets",
        "web_accounts",
        "board_links",
        "web_login_tokens",
        "web_sessions",
    ):
        op.drop_table(table)
