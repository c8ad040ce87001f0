"""Areas and attachments: the places routines cover, and the photos sent with records

The lean routines (5S audits, safety observations, handovers, tier meetings, improvement
projects) work on areas: a line's floor, an office, a warehouse, a tool room, each with
its owner, its safety (EHS) owner and the channel its team talks in. Photos sent with a
record are kept as the platform's reference and, where the platform allows, a local copy.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False, comment="Short area code, e.g. L3, TOOL"),
        sa.Column("name", sa.String(length=100), nullable=False, comment="Area name, e.g. Line 3, Tool room"),
        sa.Column(
            "name_zh", sa.String(length=100), nullable=True, comment="Chinese area name, e.g. 3号线, 工具间"
        ),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="Kind of area: assembly_line, office, warehouse or tool_room",
        ),
        sa.Column(
            "line_id", sa.Integer(), nullable=True, comment="The production line this area is, if it is one"
        ),
        sa.Column("owner", sa.String(length=100), nullable=True, comment="Who answers for the area"),
        sa.Column(
            "ehs_owner", sa.String(length=100), nullable=True, comment="Safety (EHS) owner of the area"
        ),
        sa.Column(
            "channel",
            sa.String(length=200),
            nullable=True,
            comment="Where the area's team talks, platform:channel",
        ),
        sa.ForeignKeyConstraint(["line_id"], ["lines.id"], name=op.f("fk_areas_line_id_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("code", name=op.f("uq_areas_code")),
        comment="Areas of the plant that routines (5S audits, safety walks) cover",
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "record_kind", sa.String(length=20), nullable=False, comment="Kind of record it belongs to"
        ),
        sa.Column("record_id", sa.Integer(), nullable=False, comment="Id of the record it belongs to"),
        sa.Column(
            "platform", sa.String(length=20), nullable=False, comment="Chat platform that holds the file"
        ),
        sa.Column("file_id", sa.String(length=500), nullable=False, comment="The platform's id of the file"),
        sa.Column("name", sa.String(length=200), nullable=False, comment="File name as sent"),
        sa.Column("mime", sa.String(length=100), nullable=False, comment="Media type, e.g. image/jpeg"),
        sa.Column("local_path", sa.String(length=500), nullable=True, comment="Where a local copy was saved"),
        sa.Column(
            "added_by",
            sa.String(length=200),
            nullable=True,
            comment="Who sent it (empty for anonymous reports)",
        ),
        sa.Column("added_at", sa.DateTime(), nullable=False, comment="When it was received, UTC"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        comment="Photos and files sent with records (audits, safety reports, problems)",
    )
    op.create_index("ix_attachments_record", "attachments", ["record_kind", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_attachments_record", table_name="attachments")
    op.drop_table("attachments")
    op.drop_table("areas")
