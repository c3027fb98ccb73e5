"""files that participants upload as answers to image, audio, video and file questions

Revision ID: 0025
Revises: 0018
Create Date: 2026-12-04 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'survey_answer_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=True),
        sa.Column('client_uuid', sa.String(length=36), nullable=False),
        sa.Column('question_key', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('filename', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'],
                                name=op.f('fk_survey_answer_files_survey_id_surveys'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'],
                                name=op.f('fk_survey_answer_files_response_id_survey_responses'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer_files')),
        sa.UniqueConstraint('filename', name=op.f('uq_survey_answer_files_filename')),
    )
    with op.batch_alter_table('survey_answer_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_files_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_files_response_id'), ['response_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_files_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_survey_answer_files_walk', ['survey_id', 'client_uuid', 'question_key'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('survey_answer_files', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answer_files_walk')
        batch_op.drop_index(batch_op.f('ix_survey_answer_files_created_at'))
        batch_op.drop_index(batch_op.f('ix_survey_answer_files_response_id'))
        batch_op.drop_index(batch_op.f('ix_survey_answer_files_survey_id'))
    op.drop_table('survey_answer_files')
