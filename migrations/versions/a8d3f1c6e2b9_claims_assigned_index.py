"""claims assigned index: the open claims assigned to a person, for the fact-checker's queue

"Assigned to you" reads the published pieces where a claim assigned to the person is still to check (status in the
blocking set): without an index on claims.assigned_to_id that was a scan of every claim per request (150,000 at
100,000 articles). Partial: only open claims with someone assigned are work. A plain CREATE INDEX on both
databases (no table rebuild).

Revision ID: a8d3f1c6e2b9
Revises: f7a2c9e4b1d3
Create Date: 2026-12-07 13:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8d3f1c6e2b9'
down_revision = 'f7a2c9e4b1d3'
branch_labels = None
depends_on = None

OPEN_ASSIGNED = "closed_at IS NULL AND assigned_to_id IS NOT NULL"


def upgrade():
    op.create_index("ix_claims_assigned_open", "claims", ["assigned_to_id", "status", "article_id"],
                    sqlite_where=sa.text(OPEN_ASSIGNED), postgresql_where=sa.text(OPEN_ASSIGNED))


def downgrade():
    op.drop_index("ix_claims_assigned_open", table_name="claims")
