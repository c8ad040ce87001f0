"""Scheduler job runs and outbox delivery bookkeeping

The outbox needs no new columns: a message being sent has status "sending" and its
`next_attempt_at` is the end of the sender's lease (see `bot.outbox`). This revision adds
the table in which scheduled jobs are claimed, once per (job, scheduled time).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=100), nullable=False, comment="Job name, e.g. digest"),
        sa.Column("scheduled_for", sa.DateTime(), nullable=False, comment="Fire time the run is for (UTC)"),
        sa.Column("status", sa.String(length=20), nullable=False, comment="running, done or failed"),
        sa.Column("owner", sa.String(length=100), nullable=False, comment="Process that claimed the run"),
        sa.Column("started_at", sa.DateTime(), nullable=False, comment="When the run was claimed (UTC)"),
        sa.Column("finished_at", sa.DateTime(), nullable=True, comment="When it ended (UTC)"),
        sa.Column("result", sa.Text(), nullable=True, comment="Summary or error of the run"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "scheduled_for", name=op.f("uq_job_runs_job_scheduled_for")),
        comment="Internal: scheduled job runs, claimed once per job and fire time",
    )


def downgrade() -> None:
    op.drop_table("job_runs")
