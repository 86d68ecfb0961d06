"""revision flags: the copy-desk flags of each revision, computed once and read back while their key matches

Empty at first: each revision's flags are computed on their first read after the upgrade (services/copydesk.py).

Revision ID: f7a2c9e4b1d3
Revises: e4c1a7b9d2f6
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = 'f7a2c9e4b1d3'
down_revision = 'e4c1a7b9d2f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('revision_flags',
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('checks_key', sa.String(length=64), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('figure_sentences', sa.JSON(), nullable=False),
    sa.Column('computed_at', editorial.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_revision_flags_revision_id_revisions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', name=op.f('pk_revision_flags'))
    )


def downgrade():
    op.drop_table('revision_flags')
