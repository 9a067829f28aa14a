"""Events: how many days after its end an event's personal data is kept before `delegates purge` may remove it
(NULL: the installation's RETENTION_DAYS).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
        batch_op.create_check_constraint("retention_not_negative", "retention_days IS NULL OR retention_days >= 0")


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_event_retention_not_negative"), type_="check")
        batch_op.drop_column("retention_days")
