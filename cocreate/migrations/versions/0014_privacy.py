"""a participant's rights: survey responses go with their participant (no longer kept as anonymous), and
storyboard frames name the participants they show

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

RESPONSE_FK = 'fk_survey_responses_participant_id_participants'


def upgrade():
    op.create_table(
        'storyboard_frame_people',
        sa.Column('frame_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['frame_id'], ['storyboard_frames.id'],
                                name=op.f('fk_storyboard_frame_people_frame_id_storyboard_frames'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_storyboard_frame_people_participant_id_participants'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('frame_id', 'participant_id', name=op.f('pk_storyboard_frame_people')),
    )
    with op.batch_alter_table('storyboard_frame_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storyboard_frame_people_participant_id'), ['participant_id'],
                              unique=False)
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_constraint(RESPONSE_FK, type_='foreignkey')
        batch_op.create_foreign_key(RESPONSE_FK, 'participants', ['participant_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_constraint(RESPONSE_FK, type_='foreignkey')
        batch_op.create_foreign_key(RESPONSE_FK, 'participants', ['participant_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('storyboard_frame_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storyboard_frame_people_participant_id'))
    op.drop_table('storyboard_frame_people')
