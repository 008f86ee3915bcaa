"""Rate-limit counters in the database; refresh-token families, rotation and revocation apart.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 00:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_counters")),
    )
    op.create_index(
        op.f("ix_rate_limit_counters_window_start"),
        "rate_limit_counters",
        ["window_start"],
        unique=False,
    )
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.add_column(sa.Column("family_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
    # Existing tokens each become their own family; a revoked one stays revoked.
    op.execute("UPDATE refresh_tokens SET family_id = jti")
    op.execute("UPDATE refresh_tokens SET revoked_at = created_at WHERE revoked")
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.alter_column("family_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_column("revoked")
        batch.create_index(batch.f("ix_refresh_tokens_family_id"), ["family_id"], unique=False)
        batch.create_index(batch.f("ix_refresh_tokens_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.drop_index(batch.f("ix_refresh_tokens_expires_at"))
        batch.drop_index(batch.f("ix_refresh_tokens_family_id"))
        batch.add_column(
            sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE refresh_tokens SET revoked = (revoked_at IS NOT NULL)")
    with op.batch_alter_table("refresh_tokens") as batch:
        batch.alter_column("revoked", server_default=None)
        batch.drop_column("revoked_at")
        batch.drop_column("rotated_at")
        batch.drop_column("family_id")
    op.drop_index(op.f("ix_rate_limit_counters_window_start"), table_name="rate_limit_counters")
    op.drop_table("rate_limit_counters")
