"""the recommendations of each pilot country's policy brief, attached to themes and requirements, and the
handbook builds started from the web page

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_recommendations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index('ix_recommendations_project_country', ['project_id', 'country', 'position'], unique=False)

    op.create_table('handbook_builds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('document', sa.Enum('handbook', 'brief', name='documentkind', native_enum=False, length=30), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=True),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('template_name', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='buildstatus', native_enum=False, length=30), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_handbook_builds_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_handbook_builds_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['pilot_sites.id'], name=op.f('fk_handbook_builds_site_id_pilot_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handbook_builds'))
    )
    with op.batch_alter_table('handbook_builds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handbook_builds_project_id'), ['project_id'], unique=False)

    op.create_table('recommendation_requirements',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_requirements_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirements.id'], name=op.f('fk_recommendation_requirements_requirement_id_requirements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'requirement_id', name=op.f('pk_recommendation_requirements'))
    )
    op.create_table('recommendation_themes',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['codebook_codes.id'], name=op.f('fk_recommendation_themes_code_id_codebook_codes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_themes_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'code_id', name=op.f('pk_recommendation_themes'))
    )


def downgrade():
    op.drop_table('recommendation_themes')
    op.drop_table('recommendation_requirements')
    with op.batch_alter_table('handbook_builds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handbook_builds_project_id'))

    op.drop_table('handbook_builds')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendations_project_country')

    op.drop_table('recommendations')
