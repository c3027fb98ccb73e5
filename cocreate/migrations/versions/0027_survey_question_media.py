"""pictures, sounds and videos beside survey questions and choices

Revision ID: 0027
Revises: 0025
Create Date: 2026-12-04 21:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'survey_question_media',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('choice_value', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size_bytes', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f('fk_survey_question_media_survey_id_surveys'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'],
                                name=op.f('fk_survey_question_media_question_id_survey_questions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_question_media')),
        sa.UniqueConstraint('question_id', 'choice_value', 'kind', 'language',
                            name=op.f('uq_survey_question_media_question_id')),
    )
    with op.batch_alter_table('survey_question_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_question_media_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_question_media_question_id'), ['question_id'], unique=False)


def downgrade():
    with op.batch_alter_table('survey_question_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_question_media_question_id'))
        batch_op.drop_index(batch_op.f('ix_survey_question_media_survey_id'))
    op.drop_table('survey_question_media')
