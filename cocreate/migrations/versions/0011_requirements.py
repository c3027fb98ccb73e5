"""requirements of a project: the register with identifiers never given twice, relations between
requirements and the status workflow

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _enum(*values, name):
    return sa.Enum(*values, name=name, native_enum=False, length=30)


def upgrade():
    op.create_table(
        'requirement_counters',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_requirement_counters_project_id_projects'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', name=op.f('pk_requirement_counters')),
    )
    op.create_table(
        'requirements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('statement', sa.Text(), nullable=False),
        sa.Column('rationale', sa.Text(), nullable=False),
        sa.Column('type', _enum('functional', 'usability', 'accessibility', 'language', 'legal_ethical',
                                'privacy_security', 'data', name='requirementtype'), nullable=False),
        sa.Column('priority', _enum('must', 'should', 'could', 'wont', name='priority'), nullable=False),
        sa.Column('status', _enum('proposed', 'accepted', 'implemented', 'verified', 'rejected', 'deferred',
                                  name='status'), nullable=False),
        sa.Column('status_reason', sa.Text(), nullable=False),
        sa.Column('stakeholder_groups', sa.String(length=200), nullable=False),
        sa.Column('site_codes', sa.String(length=200), nullable=False),
        sa.Column('acceptance_criteria', sa.Text(), nullable=False),
        sa.Column('derived', sa.Boolean(), nullable=False),
        sa.Column('derived_justification', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_requirements_project_id_projects'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_requirements')),
        sa.UniqueConstraint('project_id', 'number', name=op.f('uq_requirements_project_id')),
    )
    with op.batch_alter_table('requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirements_project_id'), ['project_id'], unique=False)
    op.create_table(
        'requirement_relations',
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('kind', _enum('refines', 'conflicts', name='relationkind'), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['requirements.id'],
                                name=op.f('fk_requirement_relations_source_id_requirements'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['target_id'], ['requirements.id'],
                                name=op.f('fk_requirement_relations_target_id_requirements'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('source_id', 'target_id', 'kind', name=op.f('pk_requirement_relations')),
    )


def downgrade():
    op.drop_table('requirement_relations')
    with op.batch_alter_table('requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirements_project_id'))
    op.drop_table('requirements')
    op.drop_table('requirement_counters')
