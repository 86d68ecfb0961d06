"""history never cascade-deletes; the audit trail is append-only in the database

The record of what was written, checked and decided (revisions, the audit trail, claims and their sources,
corrections, review comments, dismissed flags) pointed at its article with ON DELETE CASCADE: one DELETE of an
article, or a table rebuild with foreign keys on, erased it. They now RESTRICT: an article with a history cannot
be deleted at all. The audit trail also refuses UPDATE and DELETE in the database itself (triggers), not only
through the ORM.

Revision ID: 3f1e9a7c2b10
Revises: 1c026292e2df
Create Date: 2026-12-07 06:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f1e9a7c2b10'
down_revision = '1c026292e2df'
branch_labels = None
depends_on = None

# (table, column, referred table): the history rows and what they belong to.
HISTORY = [
    ('events', 'article_id', 'articles'),
    ('revisions', 'article_id', 'articles'),
    ('claims', 'article_id', 'articles'),
    ('claim_sources', 'claim_id', 'claims'),
    ('corrections', 'article_id', 'articles'),
    ('comment_threads', 'article_id', 'articles'),
    ('comments', 'thread_id', 'comment_threads'),
    ('flag_dismissals', 'article_id', 'articles'),
]

MESSAGE = 'audit events are append-only'


def _set_ondelete(ondelete):
    for table, column, referred in HISTORY:
        name = f'fk_{table}_{column}_{referred}'
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(name, type_='foreignkey')
            batch_op.create_foreign_key(name, referred, [column], ['id'], ondelete=ondelete)


def _create_triggers():
    if op.get_bind().dialect.name == 'sqlite':
        for verb in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER events_append_only_{verb.lower()} BEFORE {verb} ON events "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    else:
        op.execute("CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$")
        op.execute("CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
                   "FOR EACH ROW EXECUTE FUNCTION events_append_only()")


def _drop_triggers():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS events_append_only_update')
        op.execute('DROP TRIGGER IF EXISTS events_append_only_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS events_append_only ON events')
        op.execute('DROP FUNCTION IF EXISTS events_append_only()')


def upgrade():
    _set_ondelete('RESTRICT')
    _create_triggers()  # after the rebuild of events: SQLite drops a table's triggers with it


def downgrade():
    _drop_triggers()
    _set_ondelete('CASCADE')
