"""public authorities, their officers, the API tokens of their systems, and the release log

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'authorities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('purposes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_authorities_project_id_projects'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_authorities')),
        sa.UniqueConstraint('project_id', 'slug', name=op.f('uq_authorities_project_id')),
    )
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authorities_project_id'), ['project_id'], unique=False)

    op.create_table(
        'authority_officers',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('authority_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'],
                                name=op.f('fk_authority_officers_authority_id_authorities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_authority_officers_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_authority_officers')),
    )
    with op.batch_alter_table('authority_officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_officers_authority_id'), ['authority_id'], unique=False)

    op.create_table(
        'authority_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('authority_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('purposes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'],
                                name=op.f('fk_authority_tokens_authority_id_authorities'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_tokens')),
        sa.UniqueConstraint('digest', name=op.f('uq_authority_tokens_digest')),
    )
    with op.batch_alter_table('authority_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_tokens_authority_id'), ['authority_id'], unique=False)

    op.create_table(
        'authority_releases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('authority_id', sa.Integer(), nullable=True),
        sa.Column('authority_slug', sa.String(length=60), nullable=False),
        sa.Column('purpose', sa.String(length=60), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('records', sa.Integer(), nullable=False),
        sa.Column('attributes', sa.JSON(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('token_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'],
                                name=op.f('fk_authority_releases_authority_id_authorities'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_authority_releases_project_id_projects'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['token_id'], ['authority_tokens.id'],
                                name=op.f('fk_authority_releases_token_id_authority_tokens'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_authority_releases_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_authority_releases')),
    )
    with op.batch_alter_table('authority_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_releases_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_authority_releases_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('authority_releases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_releases_project_id'))
        batch_op.drop_index(batch_op.f('ix_authority_releases_at'))
    op.drop_table('authority_releases')
    with op.batch_alter_table('authority_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_tokens_authority_id'))
    op.drop_table('authority_tokens')
    with op.batch_alter_table('authority_officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_officers_authority_id'))
    op.drop_table('authority_officers')
    with op.batch_alter_table('authorities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authorities_project_id'))
    op.drop_table('authorities')
