"""login sessions on the server, atomic log-in throttle counters, token last-used address

Sessions and remember cookies now carry a login session's key instead of "<user id>.<session epoch>":
users.session_epoch goes (everyone logs in again once after this upgrade).

Revision ID: 7419c9c69fbf
Revises: 3f1e9a7c2b10
Create Date: 2026-12-08 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.database


# revision identifiers, used by Alembic.
revision = '7419c9c69fbf'
down_revision = '3f1e9a7c2b10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', editorial.database.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', editorial.database.UTCDateTime(), nullable=False),
    sa.Column('ended_at', editorial.database.UTCDateTime(), nullable=True),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_login_sessions_key_hash'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('window_started_at', editorial.database.UTCDateTime(), nullable=False),
    sa.Column('blocked_until', editorial.database.UTCDateTime(), nullable=True),
    sa.Column('strikes', sa.Integer(), nullable=False),
    sa.Column('updated_at', editorial.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_addr', sa.String(length=64), nullable=True))

    # Not in batch mode: a batch rebuild of `users` on SQLite drops the table, which every other table refers to,
    # and fails on the first existing row. SQLite (3.35+) and PostgreSQL both drop a plain column in place.
    op.drop_column('users', 'session_epoch')


def downgrade():
    op.add_column('users', sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_addr')

    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_updated_at'))
    op.drop_table('login_throttle')

    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_user_id'))
    op.drop_table('login_sessions')
