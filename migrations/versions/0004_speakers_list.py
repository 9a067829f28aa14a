"""The speakers' list of plenaries: a delegation's request for the floor, with its speaker.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "speaker_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("spoke_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("position IS NULL OR position >= 1", name=op.f("ck_speaker_request_position_positive")),
        sa.CheckConstraint("status IN ('waiting', 'spoke', 'withdrawn')", name=op.f("ck_speaker_request_status_known")),
        sa.ForeignKeyConstraint(["delegation_id"], ["delegation.id"],
                                name=op.f("fk_speaker_request_delegation_id_delegation")),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name=op.f("fk_speaker_request_participant_id_participant")),
        sa.ForeignKeyConstraint(["session_id"], ["conference_session.id"],
                                name=op.f("fk_speaker_request_session_id_conference_session"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_request")),
        sa.UniqueConstraint("session_id", "delegation_id", name=op.f("uq_speaker_request_session_id_delegation_id")),
    )


def downgrade():
    op.drop_table("speaker_request")
