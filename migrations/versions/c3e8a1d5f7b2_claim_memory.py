"""claim memory: the term index of claims and the matches stored when a claim is made

Revision ID: c3e8a1d5f7b2
Revises: c3a8f5d2e6b4
Create Date: 2026-12-07 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = 'c3e8a1d5f7b2'
down_revision = 'c3a8f5d2e6b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_terms',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_terms_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'term', name=op.f('pk_claim_terms'))
    )
    with op.batch_alter_table('claim_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_terms_term'), ['term'], unique=False)

    op.create_table('claim_matches',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('computed_at', editorial.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_matches_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['match_id'], ['claims.id'], name=op.f('fk_claim_matches_match_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'match_id', name=op.f('pk_claim_matches'))
    )
    with op.batch_alter_table('claim_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_matches_match_id'), ['match_id'], unique=False)


def downgrade():
    with op.batch_alter_table('claim_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_matches_match_id'))
    op.drop_table('claim_matches')
    with op.batch_alter_table('claim_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_terms_term'))
    op.drop_table('claim_terms')
