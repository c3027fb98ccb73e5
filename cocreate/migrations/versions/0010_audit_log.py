"""the audit log: entries chained by digests, and the head of the chain

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=80), nullable=False),
        sa.Column('object_type', sa.String(length=60), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('previous_digest', sa.String(length=64), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
        sa.UniqueConstraint('digest', name=op.f('uq_audit_entries_digest')),
    )
    op.create_index(op.f('ix_audit_entries_at'), 'audit_entries', ['at'], unique=False)
    op.create_index(op.f('ix_audit_entries_action'), 'audit_entries', ['action'], unique=False)
    op.create_table(
        'audit_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head')),
    )


def downgrade():
    op.drop_table('audit_head')
    op.drop_index(op.f('ix_audit_entries_action'), table_name='audit_entries')
    op.drop_index(op.f('ix_audit_entries_at'), table_name='audit_entries')
    op.drop_table('audit_entries')
