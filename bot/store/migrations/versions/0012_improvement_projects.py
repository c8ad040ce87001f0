"""Improvement projects (PDCA / A3, 精益项目改善)

A project moves Plan → Do → Check → Act → closed, each step gated: its problem statement,
the figure Gemba measured for it (baseline and check), its target, its 5 Whys, its
countermeasures with owners and due dates, and the standard it ends in (a playbook section
linked, or a draft kept as Markdown).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "improvement_projects",
        sa.Column("id", sa.Integer(), nullable=False, comment="Project number, shown as J<id>"),
        sa.Column(
            "title", sa.String(length=200), nullable=False, comment="Project title, what is to be improved"
        ),
        sa.Column(
            "stage",
            sa.String(length=10),
            nullable=False,
            comment="Current PDCA stage of the improvement project: plan, do, check, act, or closed",
        ),
        sa.Column(
            "source",
            sa.String(length=10),
            nullable=False,
            comment="Where the project came from: scratch, problem (from a problem report) or andon",
        ),
        sa.Column(
            "problem_id", sa.Integer(), nullable=True, comment="Problem report the project was opened from"
        ),
        sa.Column(
            "line_id",
            sa.Integer(),
            nullable=True,
            comment="Line the project improves and whose figure it measures",
        ),
        sa.Column("problem_statement", sa.Text(), nullable=True, comment="Problem statement (Plan)"),
        sa.Column(
            "metric",
            sa.String(length=30),
            nullable=True,
            comment="Figure measured: andon_calls, downtime_minutes, scrap_pieces or output_attainment",
        ),
        sa.Column(
            "metric_filter",
            sa.String(length=100),
            nullable=True,
            comment="Andon category or downtime reason the figure counts (none: all)",
        ),
        sa.Column("target_value", sa.Float(), nullable=True, comment="Target value of the figure"),
        sa.Column(
            "playbook_link",
            sa.String(length=300),
            nullable=True,
            comment="Playbook section the result was standardised in (Act)",
        ),
        sa.Column(
            "playbook_draft",
            sa.Text(),
            nullable=True,
            comment="New standard drafted as Markdown in the project (Act)",
        ),
        sa.Column("leader", sa.String(length=100), nullable=False, comment="Who leads the project"),
        sa.Column("opened_at", sa.DateTime(), nullable=False, comment="When the project was opened (UTC)"),
        sa.Column(
            "stage_changed_at",
            sa.DateTime(),
            nullable=False,
            comment="When the project entered its current stage (UTC)",
        ),
        sa.Column("closed_at", sa.DateTime(), nullable=True, comment="When the project was closed (UTC)"),
        sa.Column("platform", sa.String(length=20), nullable=False, comment="Chat platform"),
        sa.Column("workspace", sa.String(length=100), nullable=False, comment="Workspace or org"),
        sa.Column("channel", sa.String(length=100), nullable=False, comment="Channel it was opened in"),
        sa.Column("thread", sa.String(length=100), nullable=True, comment="Thread it was opened in"),
        sa.Column("language", sa.String(length=5), nullable=False, comment="Language of the project's team"),
        sa.ForeignKeyConstraint(
            ["line_id"], ["lines.id"], name=op.f("fk_improvement_projects_line_id_lines")
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problems.id"], name=op.f("fk_improvement_projects_problem_id_problems")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_projects")),
        comment="Improvement projects (PDCA / A3 kaizen, 精益项目改善) and their PDCA stage",
    )
    op.create_index("ix_improvement_projects_stage", "improvement_projects", ["stage", "opened_at"])
    op.create_index(op.f("ix_improvement_projects_line_id"), "improvement_projects", ["line_id"])
    op.create_table(
        "improvement_whys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "project_id", sa.Integer(), nullable=False, comment="Improvement project the why belongs to"
        ),
        sa.Column("position", sa.Integer(), nullable=False, comment="Which why: 1 to 5"),
        sa.Column("answer", sa.Text(), nullable=False, comment="The answer to this why"),
        sa.Column("added_by", sa.String(length=100), nullable=False, comment="Who answered"),
        sa.Column("added_at", sa.DateTime(), nullable=False, comment="When it was answered (UTC)"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["improvement_projects.id"],
            name=op.f("fk_improvement_whys_project_id_improvement_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_whys")),
        sa.UniqueConstraint("project_id", "position", name=op.f("uq_improvement_whys_project_id_position")),
        comment="5 Whys of improvement projects: each answer to 'why?', the last one the root cause",
    )
    op.create_table(
        "improvement_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "project_id",
            sa.Integer(),
            nullable=False,
            comment="Improvement project the countermeasure belongs to",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Which countermeasure of its project it is: 1 for the first",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="What is to be done"),
        sa.Column("owner", sa.String(length=100), nullable=False, comment="Who owns the countermeasure"),
        sa.Column(
            "due_date", sa.Date(), nullable=False, comment="Due date of the countermeasure (plant calendar)"
        ),
        sa.Column("status", sa.String(length=10), nullable=False, comment="open or done"),
        sa.Column("done_at", sa.DateTime(), nullable=True, comment="When it was done (UTC)"),
        sa.Column("done_by", sa.String(length=100), nullable=True, comment="Who marked it done"),
        sa.Column("reminded_at", sa.DateTime(), nullable=True, comment="Last overdue reminder (UTC)"),
        sa.Column("added_by", sa.String(length=100), nullable=False, comment="Who added it"),
        sa.Column("added_at", sa.DateTime(), nullable=False, comment="When it was added (UTC)"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["improvement_projects.id"],
            name=op.f("fk_improvement_actions_project_id_improvement_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_actions")),
        sa.UniqueConstraint(
            "project_id", "position", name=op.f("uq_improvement_actions_project_id_position")
        ),
        comment="Countermeasures (actions) of improvement projects, with owner and due date",
    )
    op.create_index("ix_improvement_actions_status_due", "improvement_actions", ["status", "due_date"])
    op.create_table(
        "improvement_measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False, comment="Improvement project measured"),
        sa.Column(
            "kind",
            sa.String(length=10),
            nullable=False,
            comment="baseline (before, in Plan) or check (after the countermeasures)",
        ),
        sa.Column(
            "metric", sa.String(length=30), nullable=False, comment="Figure measured, as in the project"
        ),
        sa.Column("line_id", sa.Integer(), nullable=True, comment="Line measured"),
        sa.Column(
            "metric_filter",
            sa.String(length=100),
            nullable=True,
            comment="Andon category or downtime reason counted (none: all)",
        ),
        sa.Column("period_start", sa.Date(), nullable=False, comment="First day measured (plant calendar)"),
        sa.Column("period_end", sa.Date(), nullable=False, comment="Last day measured (plant calendar)"),
        sa.Column(
            "total", sa.Float(), nullable=False, comment="Total over the period (calls, minutes, pieces, %)"
        ),
        sa.Column(
            "value",
            sa.Float(),
            nullable=False,
            comment="The figure: per week for counts and minutes, percent for output vs plan",
        ),
        sa.Column("measured_at", sa.DateTime(), nullable=False, comment="When Gemba measured it (UTC)"),
        sa.Column(
            "measured_by", sa.String(length=100), nullable=False, comment="Who asked for the measurement"
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["lines.id"], name=op.f("fk_improvement_measurements_line_id_lines")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["improvement_projects.id"],
            name=op.f("fk_improvement_measurements_project_id_improvement_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_measurements")),
        comment="Figures Gemba measured for improvement projects: baseline (before) and check (after)",
    )
    op.create_index(
        op.f("ix_improvement_measurements_project_id"), "improvement_measurements", ["project_id"]
    )


def downgrade() -> None:
    op.drop_table("improvement_measurements")
    op.drop_table("improvement_actions")
    op.drop_table("improvement_whys")
    op.drop_table("improvement_projects")
