"""Safety observations: near misses, unsafe acts, unsafe conditions and injuries

Reported from chat (`safety` / `安全`), anonymously if the reporter asks: then `reporter`
stays NULL. Counted per area and kind for the digest, the board and data questions.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safety_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "area_id",
            sa.Integer(),
            nullable=False,
            comment="Area where it was observed (a line, office, warehouse, tool room)",
        ),
        sa.Column(
            "line_id",
            sa.Integer(),
            nullable=True,
            comment="Production line where it was observed, if it was on a line",
        ),
        sa.Column(
            "station_id",
            sa.Integer(),
            nullable=True,
            comment="Station or machine where it was observed, if named",
        ),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="Kind of observation: near_miss (near miss, 未遂事件), unsafe_act (unsafe act, "
            "不安全行为), unsafe_condition (unsafe condition, 不安全状态) or injury (受伤)",
        ),
        sa.Column(
            "severity",
            sa.String(length=10),
            nullable=False,
            comment="Severity of the observation: low, medium, high or critical",
        ),
        sa.Column("description", sa.Text(), nullable=False, comment="What happened or was seen, as reported"),
        sa.Column(
            "observed_at", sa.DateTime(), nullable=False, comment="When the observation was reported (UTC)"
        ),
        sa.Column(
            "anonymous",
            sa.Boolean(),
            nullable=False,
            comment="Whether the observation was reported anonymously",
        ),
        sa.Column(
            "reporter",
            sa.String(length=100),
            nullable=True,
            comment="Who reported it; empty for anonymous reports (never queryable)",
        ),
        sa.Column("status", sa.String(length=10), nullable=False, comment="open or closed"),
        sa.Column("closed_at", sa.DateTime(), nullable=True, comment="When it was closed (UTC)"),
        sa.Column("closed_by", sa.String(length=100), nullable=True, comment="Who closed it"),
        sa.Column("close_note", sa.Text(), nullable=True, comment="What was done about it"),
        sa.Column(
            "escalation_level",
            sa.Integer(),
            nullable=False,
            comment="0 = not escalated, 1 = EHS manager (high), 2 = plant manager (critical)",
        ),
        sa.Column(
            "andon_id",
            sa.Integer(),
            nullable=True,
            comment="Andon call this observation is linked to, if any",
        ),
        sa.Column("language", sa.String(length=5), nullable=False, comment="Language of the report"),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_safety_observations_area_id_areas")),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], name=op.f("fk_safety_observations_line_id_lines")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_safety_observations_station_id_stations")
        ),
        sa.ForeignKeyConstraint(
            ["andon_id"], ["andon_calls.id"], name=op.f("fk_safety_observations_andon_id_andon_calls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_observations")),
        comment="Safety (EHS) observations: near misses (未遂事件), unsafe acts, unsafe conditions "
        "(安全隐患) and injuries (受伤) reported from the shop floor",
    )
    op.create_index(
        "ix_safety_observations_observed", "safety_observations", ["observed_at", "area_id", "kind"]
    )
    op.create_index(
        "ix_safety_observations_area_kind", "safety_observations", ["area_id", "kind", "observed_at"]
    )


def downgrade() -> None:
    # Its indexes go with it (MariaDB refuses to drop one a foreign key uses on its own).
    op.drop_table("safety_observations")
