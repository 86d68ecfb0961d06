"""edit presences: who joined an article's editor while someone else held its lock

Revision ID: b7d2e4f1a9c3
Revises: b5d2e8f41c07
Create Date: 2026-12-07 07:15:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = 'b7d2e4f1a9c3'
down_revision = 'b5d2e8f41c07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('edit_presences',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', editorial.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_edit_presences_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_edit_presences_user_id_users')),
    sa.PrimaryKeyConstraint('article_id', 'user_id', name=op.f('pk_edit_presences'))
    )


def downgrade():
    op.drop_table('edit_presences')
