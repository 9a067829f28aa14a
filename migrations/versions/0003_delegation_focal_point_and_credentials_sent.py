"""Delegations: the focal point's appointment and mail language; when the credentials letter was sent.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LANGUAGE_KNOWN = "focal_point_language IS NULL OR focal_point_language IN ('en', 'fr', 'es', 'ar')"


def upgrade():
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("focal_point_language", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("focal_point_appointed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("credentials_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint("focal_point_language_known", LANGUAGE_KNOWN)


def downgrade():
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_delegation_focal_point_language_known"), type_="check")
        batch_op.drop_column("credentials_sent_at")
        batch_op.drop_column("focal_point_appointed_at")
        batch_op.drop_column("focal_point_language")
