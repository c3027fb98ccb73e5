"""voice comments on prototype screens, and the recordings waiting for their walk to be sent

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-04 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'prototype_voice_comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('feedback_id', sa.Integer(), nullable=False),
        sa.Column('screen_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=True),
        sa.Column('seconds', sa.Double(), nullable=True),
        sa.Column('transcript', sa.Text(), nullable=False),
        sa.Column('transcribed_by_id', sa.Integer(), nullable=True),
        sa.Column('transcribed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['feedback_id'], ['prototype_feedback.id'],
                                name=op.f('fk_prototype_voice_comments_feedback_id_prototype_feedback'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['screen_id'], ['prototype_screens.id'],
                                name=op.f('fk_prototype_voice_comments_screen_id_prototype_screens'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['transcribed_by_id'], ['users.id'],
                                name=op.f('fk_prototype_voice_comments_transcribed_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prototype_voice_comments')),
    )
    with op.batch_alter_table('prototype_voice_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prototype_voice_comments_feedback_id'), ['feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prototype_voice_comments_screen_id'), ['screen_id'], unique=False)

    op.create_table(
        'prototype_pending_recordings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('client_uuid', sa.String(length=36), nullable=False),
        sa.Column('screen_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('seconds', sa.Double(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['prototype_rounds.id'],
                                name=op.f('fk_prototype_pending_recordings_round_id_prototype_rounds'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['screen_id'], ['prototype_screens.id'],
                                name=op.f('fk_prototype_pending_recordings_screen_id_prototype_screens'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_prototype_pending_recordings')),
        sa.UniqueConstraint('round_id', 'client_uuid', 'screen_id',
                            name=op.f('uq_prototype_pending_recordings_round_id')),
    )
    with op.batch_alter_table('prototype_pending_recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prototype_pending_recordings_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_prototype_pending_recordings_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prototype_pending_recordings_screen_id'), ['screen_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('prototype_pending_recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prototype_pending_recordings_screen_id'))
        batch_op.drop_index(batch_op.f('ix_prototype_pending_recordings_round_id'))
        batch_op.drop_index(batch_op.f('ix_prototype_pending_recordings_created_at'))
    op.drop_table('prototype_pending_recordings')
    with op.batch_alter_table('prototype_voice_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prototype_voice_comments_screen_id'))
        batch_op.drop_index(batch_op.f('ix_prototype_voice_comments_feedback_id'))
    op.drop_table('prototype_voice_comments')
