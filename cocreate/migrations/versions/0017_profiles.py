"""IMMERSE profiles (their protected attributes apart), opportunities, and the ESCO taxonomy

Revision ID: 0017
Revises: 0019
Create Date: 2026-12-04 18:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'esco_concepts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uri', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('labels', sa.JSON(), nullable=False),
        sa.Column('shipped', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_esco_concepts')),
        sa.UniqueConstraint('uri', name=op.f('uq_esco_concepts_uri')),
    )
    op.create_table(
        'esco_relations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occupation_id', sa.Integer(), nullable=False),
        sa.Column('skill_id', sa.Integer(), nullable=False),
        sa.Column('relation', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['occupation_id'], ['esco_concepts.id'],
                                name=op.f('fk_esco_relations_occupation_id_esco_concepts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['skill_id'], ['esco_concepts.id'],
                                name=op.f('fk_esco_relations_skill_id_esco_concepts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_esco_relations')),
        sa.UniqueConstraint('occupation_id', 'skill_id', name=op.f('uq_esco_relations_occupation_id')),
    )
    with op.batch_alter_table('esco_relations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_esco_relations_occupation_id'), ['occupation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_esco_relations_skill_id'), ['skill_id'], unique=False)
    lists = ('skills', 'languages', 'qualifications', 'work_experience')
    op.create_table(
        'profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        *[sa.Column(name, sa.JSON(), nullable=False) for name in lists],
        sa.Column('region', sa.String(length=120), nullable=True),
        sa.Column('availability', sa.JSON(), nullable=False),
        sa.Column('work_permit', sa.String(length=20), nullable=True),
        sa.Column('contact_preferences', sa.JSON(), nullable=False),
        sa.Column('preferred_language', sa.String(length=8), nullable=True),
        sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
        sa.Column('unknown_uris', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_profiles_project_id_projects'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['pilot_sites.id'], name=op.f('fk_profiles_site_id_pilot_sites'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_profiles')),
    )
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profiles_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_profiles_site_id'), ['site_id'], unique=False)
    op.create_table(
        'profile_protected_attributes',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('gender', sa.String(length=40), nullable=True),
        sa.Column('date_of_birth', sa.Date(), nullable=True),
        sa.Column('nationality', sa.String(length=2), nullable=True),
        sa.Column('ethnicity', sa.String(length=120), nullable=True),
        sa.Column('religion', sa.String(length=120), nullable=True),
        sa.Column('health', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['profile_id'], ['profiles.id'],
                                name=op.f('fk_profile_protected_attributes_profile_id_profiles'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('profile_id', name=op.f('pk_profile_protected_attributes')),
    )
    op.create_table(
        'opportunities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('provider', sa.String(length=200), nullable=False),
        sa.Column('occupation', sa.String(length=255), nullable=True),
        sa.Column('essential_skills', sa.JSON(), nullable=False),
        sa.Column('optional_skills', sa.JSON(), nullable=False),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('min_eqf', sa.Integer(), nullable=True),
        sa.Column('region', sa.String(length=120), nullable=True),
        sa.Column('schedule', sa.String(length=20), nullable=True),
        sa.Column('unknown_uris', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_opportunities_project_id_projects'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['pilot_sites.id'], name=op.f('fk_opportunities_site_id_pilot_sites'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunities')),
    )
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunities_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunities_site_id'), ['site_id'], unique=False)


def downgrade():
    op.drop_table('opportunities')
    op.drop_table('profile_protected_attributes')
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profiles_site_id'))
        batch_op.drop_index(batch_op.f('ix_profiles_project_id'))
    op.drop_table('profiles')
    with op.batch_alter_table('esco_relations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_esco_relations_skill_id'))
        batch_op.drop_index(batch_op.f('ix_esco_relations_occupation_id'))
    op.drop_table('esco_relations')
    op.drop_table('esco_concepts')
