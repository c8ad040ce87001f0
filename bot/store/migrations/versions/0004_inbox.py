"""The inbox: inbound events written before the platform is acknowledged

Each event a platform delivers (a Slack event, command or interaction, a DingTalk robot
message) is stored here, unique per platform and event id, before the platform gets its
200 or stream ack; `bot.inbox` then processes it once, also after a restart.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "platform", sa.String(length=20), nullable=False, comment="Chat platform the event came from"
        ),
        sa.Column(
            "event_key", sa.String(length=200), nullable=False, comment="The platform's id of the event"
        ),
        sa.Column("kind", sa.String(length=30), nullable=False, comment="What the adapter does with it"),
        sa.Column(
            "lane", sa.String(length=200), nullable=False, comment="Events of one lane are processed in order"
        ),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False, comment="pending, working, done or dead"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True, comment="Claim that is processing it"),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("platform", "event_key", name=op.f("uq_inbox_platform_event_key")),
        comment="Internal: inbound events accepted from the platforms, processed once",
    )
    op.create_index("ix_inbox_due", "inbox", ["status", "next_attempt_at"])
    op.create_index("ix_inbox_lane", "inbox", ["lane", "id"])


def downgrade() -> None:
    op.drop_index("ix_inbox_lane", table_name="inbox")
    op.drop_index("ix_inbox_due", table_name="inbox")
    op.drop_table("inbox")
