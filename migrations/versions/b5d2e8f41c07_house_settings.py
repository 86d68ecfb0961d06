"""house settings: newsroom-wide copy-desk settings by key (the spelling variety of the house style)

Revision ID: b5d2e8f41c07
Revises: 9b2d4e6f8a01
Create Date: 2026-12-07 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = 'b5d2e8f41c07'
down_revision = '9b2d4e6f8a01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('house_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', editorial.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_house_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_house_settings'))
    )


def downgrade():
    op.drop_table('house_settings')
