"""the trace of requirements: back to the evidence they rest on (kept as a tombstone once the evidence is
gone) and forward to the IMMERSE configuration items that implement them, with suspect links

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'requirement_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('requirement_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('part', sa.String(length=64), nullable=False),
        sa.Column('justification', sa.Text(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('stakeholder_group', sa.String(length=40), nullable=False),
        sa.Column('snapshot', sa.JSON(), nullable=True),
        sa.Column('linked_by_id', sa.Integer(), nullable=True),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed_on', sa.Date(), nullable=True),
        sa.Column('erased', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['requirement_id'], ['requirements.id'],
                                name=op.f('fk_requirement_evidence_requirement_id_requirements'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['pilot_sites.id'],
                                name=op.f('fk_requirement_evidence_site_id_pilot_sites'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'],
                                name=op.f('fk_requirement_evidence_linked_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_evidence')),
        sa.UniqueConstraint('requirement_id', 'kind', 'target_id', 'part',
                            name=op.f('uq_requirement_evidence_requirement_id')),
    )
    with op.batch_alter_table('requirement_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_evidence_requirement_id'), ['requirement_id'],
                              unique=False)
        batch_op.create_index('ix_requirement_evidence_target', ['kind', 'target_id'], unique=False)
    op.create_table(
        'requirement_items',
        sa.Column('requirement_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('suspect', sa.Boolean(), nullable=False),
        sa.Column('suspect_reason', sa.Enum('requirement_changed', 'item_changed', name='suspectreason',
                                            native_enum=False, length=30), nullable=True),
        sa.Column('suspect_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('linked_by_id', sa.Integer(), nullable=True),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['requirement_id'], ['requirements.id'],
                                name=op.f('fk_requirement_items_requirement_id_requirements'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'],
                                name=op.f('fk_requirement_items_linked_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('requirement_id', 'key', name=op.f('pk_requirement_items')),
    )
    with op.batch_alter_table('requirement_items', schema=None) as batch_op:
        batch_op.create_index('ix_requirement_items_key', ['key'], unique=False)


def downgrade():
    with op.batch_alter_table('requirement_items', schema=None) as batch_op:
        batch_op.drop_index('ix_requirement_items_key')
    op.drop_table('requirement_items')
    with op.batch_alter_table('requirement_evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_requirement_evidence_target')
        batch_op.drop_index(batch_op.f('ix_requirement_evidence_requirement_id'))
    op.drop_table('requirement_evidence')
