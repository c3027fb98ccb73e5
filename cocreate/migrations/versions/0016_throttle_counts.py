"""counts of wrong participant codes and of submissions per client address, for the limits on public pages

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'throttle_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=False),
        sa.Column('subject', sa.String(length=64), nullable=False),
        sa.Column('window_start', sa.BigInteger(), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_throttle_counts')),
        sa.UniqueConstraint('scope', 'client', 'subject', 'window_start',
                            name=op.f('uq_throttle_counts_scope')),
    )


def downgrade():
    op.drop_table('throttle_counts')
