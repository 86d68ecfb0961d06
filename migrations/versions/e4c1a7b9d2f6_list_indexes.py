"""list indexes: composite indexes matching each list's filter and sort; grouped notifications

Every list the newsroom and the public site show reads a few rows off an index in the order it shows them,
instead of sorting every row of a state (see tests/test_query_plans.py, which asserts the plans). Single-column
indexes that a new composite one starts with are dropped: the composite serves their queries too.

Notifications get `digest` (the group an unread row gathers, e.g. "review": submissions to editors not
assigned to the piece) and `updates` (how many events the row stands for); the unread partial index serves
the header's count and finding a person's open digest row.

Revision ID: e4c1a7b9d2f6
Revises: d4f2b8c6a1e9
Create Date: 2026-12-07 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4c1a7b9d2f6'
down_revision = 'd4f2b8c6a1e9'
branch_labels = None
depends_on = None

LIVE = "published_revision_id IS NOT NULL"
# Published pieces back in review for a correction (their published revision still up): few at any time.
REVISED_LIVE = "published_revision_id IS NOT NULL AND state IN ('in_review', 'changes_requested', 'approved')"
UNREAD = "read_at IS NULL"

# (name, table, columns, partial WHERE or None)
INDEXES = [
    ("ix_articles_state_queue", "articles", ["state", "state_changed_at", "id"], None),
    ("ix_articles_state_updated", "articles", ["state", "updated_at", "id"], None),
    ("ix_articles_updated", "articles", ["updated_at", "id"], None),
    ("ix_articles_published", "articles", ["published_at", "id"], LIVE),
    ("ix_articles_created_by", "articles", ["created_by_id", "state"], None),
    ("ix_articles_revised_live", "articles", ["state", "published_revision_id"], REVISED_LIVE),
    ("ix_bylines_user_article", "bylines", ["user_id", "article_id"], None),
    ("ix_notifications_inbox", "notifications", ["user_id", "created_at", "id"], None),
    ("ix_notifications_unread", "notifications", ["user_id", "digest"], UNREAD),
    ("ix_events_article_timeline", "events", ["article_id", "created_at", "id"], None),
    ("ix_claims_article_status", "claims", ["article_id", "status", "closed_at"], None),
]
# (name, table, column): each is the first column of a composite index above, or of a unique constraint
# (revisions: article_number).
REPLACED = [
    ("ix_articles_state", "articles", "state"),
    ("ix_bylines_user_id", "bylines", "user_id"),
    ("ix_notifications_user_id", "notifications", "user_id"),
    ("ix_events_article_id", "events", "article_id"),
    ("ix_claims_article_id", "claims", "article_id"),
    ("ix_revisions_article_id", "revisions", "article_id"),
]


def _where(clause):
    if clause is None:
        return {}
    return {"sqlite_where": sa.text(clause), "postgresql_where": sa.text(clause)}


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('updates', sa.Integer(), server_default='1', nullable=False))
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=False, **_where(where))
    for name, table, _column in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for name, table, column in REPLACED:
        op.create_index(name, table, [column], unique=False)
    for name, table, _columns, _where_clause in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('updates')
        batch_op.drop_column('digest')
