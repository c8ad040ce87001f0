"""Tier meetings: the boards posted at shift start, who acknowledged them, the items raised

A scheduled meeting is unique per line and fire time, so several scheduler processes post
it once; an acknowledgement is unique per meeting and person.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tier_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False, comment="Line whose team held the tier meeting"),
        sa.Column("meeting_date", sa.Date(), nullable=False, comment="Plant date of the tier meeting"),
        sa.Column(
            "held_at", sa.DateTime(), nullable=False, comment="When the meeting's board was posted (UTC)"
        ),
        sa.Column(
            "scheduled_for",
            sa.DateTime(),
            nullable=True,
            comment="Scheduled time of the post (UTC); empty when posted on demand",
        ),
        sa.Column("kind", sa.String(length=20), nullable=False, comment="scheduled or on_demand"),
        sa.Column(
            "called_by",
            sa.String(length=100),
            nullable=False,
            comment="Who posted the board on demand; gemba for a scheduled meeting",
        ),
        sa.Column(
            "figures_date",
            sa.Date(),
            nullable=False,
            comment="Day the figures are of: the day before the meeting",
        ),
        sa.Column(
            "planned_qty", sa.Integer(), nullable=True, comment="Planned output of that day, pieces (target)"
        ),
        sa.Column("output_qty", sa.Integer(), nullable=True, comment="Actual output of that day, pieces"),
        sa.Column("scrap_qty", sa.Integer(), nullable=True, comment="Pieces scrapped that day"),
        sa.Column("downtime_min", sa.Integer(), nullable=True, comment="Minutes of downtime that day"),
        sa.Column("andon_calls", sa.Integer(), nullable=False, comment="Andon calls raised that day"),
        sa.Column(
            "open_andon_calls",
            sa.Integer(),
            nullable=False,
            comment="Andon calls still open when the meeting was held",
        ),
        sa.Column(
            "open_problems",
            sa.Integer(),
            nullable=False,
            comment="Problems still open when the meeting was held",
        ),
        sa.Column(
            "overdue_problems",
            sa.Integer(),
            nullable=False,
            comment="Overdue actions: open problems past their due date at the meeting",
        ),
        sa.Column("safety_topic", sa.String(length=300), nullable=False, comment="Safety topic of the day"),
        sa.Column(
            "safety_topic_zh",
            sa.String(length=300),
            nullable=False,
            comment="Safety topic of the day in Chinese",
        ),
        sa.Column(
            "ack_count",
            sa.Integer(),
            nullable=False,
            comment="Acknowledgements: how many people acknowledged (attended) the meeting; 0 means none",
        ),
        sa.Column(
            "concern_count",
            sa.Integer(),
            nullable=False,
            comment="How many concerns (事项) the team raised at the meeting",
        ),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], name=op.f("fk_tier_meetings_line_id_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_meetings")),
        sa.UniqueConstraint("line_id", "scheduled_for", name=op.f("uq_tier_meetings_line_id_scheduled_for")),
        comment="Tier meetings (早会, daily stand-ups) of each line with the figures shown",
    )
    op.create_index(op.f("ix_tier_meetings_line_id"), "tier_meetings", ["line_id"])
    op.create_index("ix_tier_meetings_line_held", "tier_meetings", ["line_id", "held_at"])
    op.create_table(
        "tier_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False, comment="Tier meeting acknowledged"),
        sa.Column(
            "person", sa.String(length=100), nullable=False, comment="Who acknowledged (attended) the meeting"
        ),
        sa.Column(
            "user_key",
            sa.String(length=230),
            nullable=False,
            comment="Internal: platform:user id, so each person acknowledges once",
        ),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False, comment="When they acknowledged (UTC)"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["tier_meetings.id"], name=op.f("fk_tier_attendance_meeting_id_tier_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_attendance")),
        sa.UniqueConstraint("meeting_id", "user_key", name=op.f("uq_tier_attendance_meeting_id_user_key")),
        comment="Who acknowledged (attended) each tier meeting, and when",
    )
    op.create_index(op.f("ix_tier_attendance_meeting_id"), "tier_attendance", ["meeting_id"])
    op.create_table(
        "tier_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "meeting_id", sa.Integer(), nullable=False, comment="Tier meeting the concern was raised at"
        ),
        sa.Column("line_id", sa.Integer(), nullable=False, comment="Line of the meeting"),
        sa.Column("text", sa.Text(), nullable=False, comment="What was raised"),
        sa.Column("raised_by", sa.String(length=100), nullable=False, comment="Who raised the concern"),
        sa.Column("raised_at", sa.DateTime(), nullable=False, comment="When the concern was raised (UTC)"),
        sa.Column(
            "problem_id", sa.Integer(), nullable=True, comment="Problem the concern was turned into, if any"
        ),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], name=op.f("fk_tier_concerns_line_id_lines")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["tier_meetings.id"], name=op.f("fk_tier_concerns_meeting_id_tier_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_tier_concerns_problem_id_problems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_concerns")),
        comment="Concerns (事项) the team raised at tier meetings",
    )
    op.create_index(op.f("ix_tier_concerns_meeting_id"), "tier_concerns", ["meeting_id"])
    op.create_index("ix_tier_concerns_line_raised", "tier_concerns", ["line_id", "raised_at"])


def downgrade() -> None:
    op.drop_table("tier_concerns")
    op.drop_table("tier_attendance")
    op.drop_table("tier_meetings")
