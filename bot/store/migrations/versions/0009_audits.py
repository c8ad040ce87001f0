"""5S/6S audits: one row per audit of an area, one per checklist item scored

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_SCORE = sa.Numeric(4, 2, asdecimal=False)


def _score(name: str, comment: str) -> sa.Column:
    return sa.Column(name, _SCORE, nullable=True, comment=comment)


def upgrade() -> None:
    op.create_table(
        "five_s_audits",
        sa.Column("id", sa.Integer(), nullable=False, comment="Audit number"),
        sa.Column("area_id", sa.Integer(), nullable=False, comment="Area audited"),
        sa.Column("audit_type", sa.String(length=2), nullable=False, comment="5s or 6s (6S adds safety)"),
        sa.Column("status", sa.String(length=20), nullable=False, comment="in_progress, done or cancelled"),
        sa.Column("auditor", sa.String(length=100), nullable=False, comment="Who did the audit"),
        sa.Column("started_at", sa.DateTime(), nullable=False, comment="When the audit started (UTC)"),
        sa.Column(
            "finished_at",
            sa.DateTime(),
            nullable=True,
            comment="When the audit was finished (UTC): the audit date",
        ),
        _score("score", "Overall audit score, 1-5: the average of the S scores"),
        _score("sort_score", "Sort (seiri, 整理) score, 1-5"),
        _score("set_in_order_score", "Set in order (seiton, 整顿) score, 1-5"),
        _score("shine_score", "Shine (seiso, 清扫) score, 1-5"),
        _score("standardize_score", "Standardize (seiketsu, 清洁) score, 1-5"),
        _score("sustain_score", "Sustain (shitsuke, 素养) score, 1-5"),
        _score("safety_score", "Safety (安全) score, 1-5; empty for a 5S audit"),
        sa.Column("note", sa.Text(), nullable=False, comment="Auditor's notes on the audit"),
        sa.Column(
            "problems_opened",
            sa.Integer(),
            nullable=False,
            comment="Number of problems the audit opened for low scores",
        ),
        sa.Column("language", sa.String(length=5), nullable=False, comment="Language of the auditor"),
        sa.Column("platform", sa.String(length=20), nullable=False, comment="Chat platform"),
        sa.Column("workspace", sa.String(length=100), nullable=False, comment="Workspace or org"),
        sa.Column("channel", sa.String(length=100), nullable=False, comment="Channel of the audit"),
        sa.Column("thread", sa.String(length=100), nullable=True, comment="Thread of the audit"),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_five_s_audits_area_id_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_five_s_audits")),
        comment="5S and 6S audits of plant areas (lines, office, warehouse, tool room) recorded in chat, "
        "with the average score of each S and overall",
    )
    op.create_index(op.f("ix_five_s_audits_area_id"), "five_s_audits", ["area_id"])
    op.create_index(op.f("ix_five_s_audits_finished_at"), "five_s_audits", ["finished_at"])
    op.create_table(
        "five_s_scores",
        sa.Column("id", sa.Integer(), nullable=False, comment="Score row number"),
        sa.Column("audit_id", sa.Integer(), nullable=False, comment="Audit scored"),
        sa.Column(
            "s",
            sa.String(length=20),
            nullable=False,
            comment="Which S: sort, set_in_order, shine, standardize, sustain or safety",
        ),
        sa.Column(
            "item",
            sa.String(length=40),
            nullable=False,
            comment="Checklist item, e.g. set_in_order.1; the S itself when scored as a whole",
        ),
        sa.Column("item_text", sa.String(length=300), nullable=False, comment="What the item checks"),
        sa.Column("score", sa.Integer(), nullable=True, comment="Item score, 1-5; empty when skipped"),
        sa.Column("note", sa.Text(), nullable=True, comment="Auditor's note on the item"),
        sa.Column("scored_by", sa.String(length=100), nullable=False, comment="Who scored the item"),
        sa.Column("scored_at", sa.DateTime(), nullable=False, comment="When the item was scored (UTC)"),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["five_s_audits.id"], name=op.f("fk_five_s_scores_audit_id_five_s_audits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_five_s_scores")),
        sa.UniqueConstraint("audit_id", "item", name=op.f("uq_five_s_scores_audit_id_item")),
        comment="Scores of the checklist items of each 5S/6S audit",
    )
    op.create_index(op.f("ix_five_s_scores_audit_id"), "five_s_scores", ["audit_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes (MariaDB refuses to drop one a foreign key needs).
    op.drop_table("five_s_scores")
    op.drop_table("five_s_audits")
