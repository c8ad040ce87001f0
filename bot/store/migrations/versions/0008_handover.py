"""Shift handover (交接班): one row per line and shift, from draft to confirmed receipt

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False, comment="Line handed over"),
        sa.Column(
            "shift_code",
            sa.String(length=8),
            nullable=False,
            comment="Shift handed over: A (day shift), B (swing shift) or C (night shift)",
        ),
        sa.Column(
            "shift_date", sa.Date(), nullable=False, comment="Plant date the shift handed over started on"
        ),
        sa.Column(
            "shift_started_at", sa.DateTime(), nullable=False, comment="Start of the shift handed over (UTC)"
        ),
        sa.Column(
            "shift_ended_at", sa.DateTime(), nullable=False, comment="End of the shift handed over (UTC)"
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="draft (being written), submitted (handed over, not confirmed yet) or confirmed "
            "(the next shift confirmed receipt)",
        ),
        sa.Column(
            "handed_over_by",
            sa.String(length=100),
            nullable=False,
            comment="Shift lead who wrote and handed over the handover",
        ),
        sa.Column(
            "open_calls",
            sa.Integer(),
            nullable=False,
            comment="Andon calls of the line still open at the handover",
        ),
        sa.Column(
            "open_problems",
            sa.Integer(),
            nullable=False,
            comment="Problems of the line still open at the handover",
        ),
        sa.Column(
            "open_items",
            sa.Text(),
            nullable=False,
            comment="The open andon calls and problems handed over, one per line",
        ),
        sa.Column("planned_qty", sa.Integer(), nullable=True, comment="Planned output of the shift, pieces"),
        sa.Column("output_qty", sa.Integer(), nullable=True, comment="Actual output of the shift, pieces"),
        sa.Column("scrap_qty", sa.Integer(), nullable=True, comment="Pieces scrapped in the shift"),
        sa.Column("output_note", sa.Text(), nullable=True, comment="Lead's note on output against plan"),
        sa.Column("quality_note", sa.Text(), nullable=True, comment="Quality notes for the next shift"),
        sa.Column("safety_note", sa.Text(), nullable=True, comment="Safety notes for the next shift"),
        sa.Column("watch_note", sa.Text(), nullable=True, comment="What the next shift must watch"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="When the handover was started (UTC)"),
        sa.Column(
            "submitted_at",
            sa.DateTime(),
            nullable=True,
            comment="When the handover was submitted to the next shift (UTC)",
        ),
        sa.Column(
            "confirmed_at",
            sa.DateTime(),
            nullable=True,
            comment="When the next shift confirmed receipt (UTC); empty: not confirmed",
        ),
        sa.Column(
            "confirmed_by",
            sa.String(length=100),
            nullable=True,
            comment="Lead of the next shift who confirmed receipt",
        ),
        sa.Column(
            "reminded_at",
            sa.DateTime(),
            nullable=True,
            comment="When Gemba reminded the next shift of the unconfirmed handover (UTC): it was late",
        ),
        sa.Column(
            "escalated_at",
            sa.DateTime(),
            nullable=True,
            comment="When the unconfirmed handover was escalated (UTC)",
        ),
        sa.Column("platform", sa.String(length=20), nullable=False, comment="Chat platform"),
        sa.Column("workspace", sa.String(length=100), nullable=False, comment="Workspace or org"),
        sa.Column("channel", sa.String(length=100), nullable=False, comment="Channel it was posted to"),
        sa.Column("thread", sa.String(length=100), nullable=True, comment="Thread it was written in"),
        sa.Column("language", sa.String(length=5), nullable=False, comment="Language of the lead"),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], name=op.f("fk_handovers_line_id_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
        sa.UniqueConstraint(
            "line_id", "shift_date", "shift_code", name=op.f("uq_handovers_line_id_shift_date_shift_code")
        ),
        comment="Shift handovers (交接班) per line: what the leaving shift tells the next shift",
    )
    op.create_index("ix_handovers_status_submitted", "handovers", ["status", "submitted_at"])
    op.create_index("ix_handovers_line_shift", "handovers", ["line_id", "shift_started_at"])


def downgrade() -> None:
    op.drop_table("handovers")
