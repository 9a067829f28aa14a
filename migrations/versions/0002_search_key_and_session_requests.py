"""Participants' search key (accent-blind search in any script); session requests that hold no seat.

Revision ID: 0002
Revises: 14e88b918c57
"""
import unicodedata

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision = "0002"
down_revision = "14e88b918c57"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('confirmed', 'waitlisted')"
NEW_STATUSES = "status IN ('requested', 'confirmed', 'waitlisted')"


def fold(text: str) -> str:
    # the same folding as delegates.registration.search, frozen here as migrations must be
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c))).casefold()


def upgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    participant = sa.table("participant", sa.column("id", sa.Integer), sa.column("given_name", sa.String),
                           sa.column("family_name", sa.String), sa.column("badge_name", sa.String),
                           sa.column("email", sa.String), sa.column("search_key", sa.Text))
    bind = op.get_bind()
    rows = bind.execute(sa.select(participant.c.id, participant.c.given_name, participant.c.family_name,
                                  participant.c.badge_name, participant.c.email)).all()
    for row in rows:
        words = {}
        for part in filter(None, (row.given_name, row.family_name, row.badge_name, row.email)):
            words[fold(part)] = None
            words[fold(anyascii(part).replace("'", "").replace("`", ""))] = None
        key = " | ".join(words)
        bind.execute(participant.update().where(participant.c.id == row.id).values(search_key=key))
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assignment_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", NEW_STATUSES)


def downgrade():
    op.execute("DELETE FROM assignment WHERE status = 'requested'")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assignment_status_known"), type_="check")
        batch_op.create_check_constraint("status_known", OLD_STATUSES)
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("search_key")
