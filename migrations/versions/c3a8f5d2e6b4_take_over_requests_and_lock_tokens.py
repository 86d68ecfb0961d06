"""take-over requests (ask the edit lock's holder to hand over) and a per-page token on the edit lock

Revision ID: c3a8f5d2e6b4
Revises: b7d2e4f1a9c3
Create Date: 2026-12-07 08:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = 'c3a8f5d2e6b4'
down_revision = 'b7d2e4f1a9c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('take_over_requests',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=False),
    sa.Column('holder_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', editorial.database.UTCDateTime(), nullable=False),
    sa.Column('answer', sa.Enum('asked', 'handed_over', 'declined', name='hand_over', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('answered_at', editorial.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_take_over_requests_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_take_over_requests_asker_id_users')),
    sa.ForeignKeyConstraint(['holder_id'], ['users.id'], name=op.f('fk_take_over_requests_holder_id_users')),
    sa.PrimaryKeyConstraint('article_id', 'asker_id', name=op.f('pk_take_over_requests'))
    )
    # Locks taken before this revision have no page token: any unlock by their holder frees them, as before.
    with op.batch_alter_table('edit_locks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('edit_locks', schema=None) as batch_op:
        batch_op.drop_column('token')
    op.drop_table('take_over_requests')
