"""importer security filings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "security_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=16), nullable=False),
        sa.Column("bill_number", sa.String(length=64), nullable=False),
        sa.Column("importer_of_record_number", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("earlier_versions", sa.JSON(), nullable=False),
        sa.Column("importer_partner_id", sa.Integer(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["ingest_batches.id"], name=op.f("fk_security_filings_batch_id_ingest_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_filings")),
        sa.UniqueConstraint("carrier", "bill_number", name=op.f("uq_security_filings_carrier")),
    )
    with op.batch_alter_table("security_filings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_filings_importer_of_record_number"),
            ["importer_of_record_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_security_filings_importer_partner_id"), ["importer_partner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("security_filings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_filings_importer_partner_id"))
        batch_op.drop_index(batch_op.f("ix_security_filings_importer_of_record_number"))
    op.drop_table("security_filings")
