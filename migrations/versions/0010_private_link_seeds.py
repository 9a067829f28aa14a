"""Participants and focal points keep the seed of their private link, so that the same link can be mailed again
(NULL for links made before: those are renewed when they have to be mailed).

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_seed", sa.String(length=64), nullable=True))
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("focal_point_token_seed", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.drop_column("focal_point_token_seed")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("token_seed")
