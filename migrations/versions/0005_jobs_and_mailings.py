"""Jobs (long work followed by a progress bar, on any app server) and mail to many, with the log of each message.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("file", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_job_state_known")),
        sa.CheckConstraint("done >= 0 AND total >= 0", name=op.f("ck_job_progress_not_negative")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_job_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organiser_id"], ["organiser.id"], name=op.f("fk_job_organiser_id_organiser"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_event_id"), ["event_id"], unique=False)

    op.create_table(
        "mailing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("job_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["organiser.id"], name=op.f("fk_mailing_created_by_id_organiser"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_mailing_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["organiser.id"], name=op.f("fk_mailing_sent_by_id_organiser"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailing")),
    )
    with op.batch_alter_table("mailing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mailing_event_id"), ["event_id"], unique=False)

    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'sent', 'failed')", name=op.f("ck_mail_message_state_known")),
        sa.ForeignKeyConstraint(["mailing_id"], ["mailing.id"], name=op.f("fk_mail_message_mailing_id_mailing"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name=op.f("fk_mail_message_participant_id_participant"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index("ix_mail_message_mailing_id_state", ["mailing_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_message_participant_id"), ["participant_id"], unique=False)


def downgrade():
    op.drop_table("mail_message")
    op.drop_table("mailing")
    op.drop_table("job")
