"""claim memory: a claim records the earlier claim whose verdict and sources it reused

Revision ID: d4f2b8c6a1e9
Revises: c3e8a1d5f7b2
Create Date: 2026-12-07 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f2b8c6a1e9'
down_revision = 'c3e8a1d5f7b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reused_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_claims_reused_from_id'), ['reused_from_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_claims_reused_from_id_claims'), 'claims', ['reused_from_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_claims_reused_from_id_claims'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_claims_reused_from_id'))
        batch_op.drop_column('reused_from_id')
