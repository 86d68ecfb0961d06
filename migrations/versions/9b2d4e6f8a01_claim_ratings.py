"""claims carry the newsroom's rating of their verdict

Revision ID: 9b2d4e6f8a01
Revises: 7419c9c69fbf
Create Date: 2026-12-07 07:15:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '9b2d4e6f8a01'
down_revision = '7419c9c69fbf'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no table rebuild): existing verdicts read as their status's default rating.
    op.add_column('claims', sa.Column('rating', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('rating')
