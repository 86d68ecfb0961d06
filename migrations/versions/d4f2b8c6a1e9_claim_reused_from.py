"""claim memory: a claim records the earlier claim whose verdict and sources it reused

Revision ID: d4f2b8c6a1e9
Revises: c3e8f5a1b2d4
Create Date: 2026-12-07 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f2b8c6a1e9'
down_revision = 'c3e8f5a1b2d4'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN, not batch mode: a batch rebuild of `claims` would drop its full-text triggers
        # (migration c3e8f5a1b2d4). SQLite accepts a REFERENCES clause on an added column that defaults to NULL.
        op.execute("ALTER TABLE claims ADD COLUMN reused_from_id INTEGER "
                   "CONSTRAINT fk_claims_reused_from_id_claims REFERENCES claims (id) ON DELETE SET NULL")
        op.create_index('ix_claims_reused_from_id', 'claims', ['reused_from_id'], unique=False)
        return
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reused_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_reused_from_id'), ['reused_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_claims_reused_from_id_claims'), 'claims', ['reused_from_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        with op.batch_alter_table('claims', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_claims_reused_from_id_claims'), type_='foreignkey')
            batch_op.drop_index(batch_op.f('ix_claims_reused_from_id'))
            batch_op.drop_column('reused_from_id')
        return
    op.drop_index('ix_claims_reused_from_id', table_name='claims')
    with op.batch_alter_table('claims', schema=None) as batch_op:  # the rebuild leaves the column's reference out
        batch_op.drop_column('reused_from_id')
    # the rebuild dropped the full-text triggers (migration c3e8f5a1b2d4): put them back, rebuild the index
    from alembic import context

    search = context.script.get_revision("c3e8f5a1b2d4").module
    for statement in search._sqlite_triggers("claims", search.SEARCHED["claims"]):
        op.execute(statement)
    op.execute("INSERT INTO claims_search(claims_search) VALUES ('rebuild')")
