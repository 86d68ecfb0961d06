"""claim memory stored per revision: revision_flags.memory with the stamp it was computed at, and the stamp

The stamp (one row) moves in the same transaction as anything claim memory depends on; a revision's stored memory
is recomputed on its first read after the stamp moved. Empty at first: computed on each revision's next read.

Revision ID: a3d5e7f9b2c4
Revises: a8d3f1c6e2b9
Create Date: 2026-12-07 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3d5e7f9b2c4'
down_revision = "a8d3f1c6e2b9"
branch_labels = None
depends_on = None


def upgrade():
    stamp = op.create_table('claim_memory_stamp',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_memory_stamp'))
    )
    op.bulk_insert(stamp, [{'stamp': 0}])  # id 1, from the sequence on PostgreSQL (so later rows never clash)
    # plain ADD COLUMN (no batch rebuild): nullable, nothing stored yet
    op.add_column('revision_flags', sa.Column('memory', sa.JSON(), nullable=True))
    op.add_column('revision_flags', sa.Column('memory_stamp', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('revision_flags') as batch_op:
        batch_op.drop_column('memory_stamp')
        batch_op.drop_column('memory')
    op.drop_table('claim_memory_stamp')
