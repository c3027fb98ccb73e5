"""versioned configurations of IMMERSE modules per project

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 02:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'immerse_configurations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('module', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('document', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('restored_from', sa.Integer(), nullable=True),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_immerse_configurations_project_id_projects'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'],
                                name=op.f('fk_immerse_configurations_saved_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_immerse_configurations')),
        sa.UniqueConstraint('project_id', 'module', 'version', name=op.f('uq_immerse_configurations_project_id')),
    )
    with op.batch_alter_table('immerse_configurations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_immerse_configurations_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('immerse_configurations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_immerse_configurations_project_id'))
    op.drop_table('immerse_configurations')
