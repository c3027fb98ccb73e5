"""sign-ins kept on the server, so that signing out ends a session everywhere its cookies were copied; failed
sign-ins counted per client instead of pausing the account

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sign_ins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_digest', sa.String(length=64), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_ins_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_ins')),
        sa.UniqueConstraint('token_digest', name=op.f('uq_sign_ins_token_digest')),
    )
    op.create_index(op.f('ix_sign_ins_user_id'), 'sign_ins', ['user_id'], unique=False)
    op.create_table(
        'failed_sign_ins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_sign_ins')),
    )
    op.create_index('ix_failed_sign_ins_client_at', 'failed_sign_ins', ['client', 'at'], unique=False)
    op.create_index('ix_failed_sign_ins_email_at', 'failed_sign_ins', ['email', 'at'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    op.drop_index('ix_failed_sign_ins_email_at', table_name='failed_sign_ins')
    op.drop_index('ix_failed_sign_ins_client_at', table_name='failed_sign_ins')
    op.drop_table('failed_sign_ins')
    op.drop_index(op.f('ix_sign_ins_user_id'), table_name='sign_ins')
    op.drop_table('sign_ins')
