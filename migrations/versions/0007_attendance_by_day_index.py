"""Attendance: an index on (event, place, day), so that presence per day is counted from the index alone
(the dashboard, with 100,000 scans).

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_attendance_event_place_day", "attendance", ["event_id", "place", "day"])


def downgrade():
    op.drop_index("ix_attendance_event_place_day", table_name="attendance")
