"""participant codes are never given twice: a counter per site and stakeholder group, started from the codes
that exist

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

GROUPS = sa.Enum('migrant', 'ngo', 'public_service', 'expert', name='stakeholdergroup', native_enum=False, length=30)


def upgrade():
    counters = op.create_table(
        'participant_code_counters',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('stakeholder_group', GROUPS, nullable=False),
        sa.Column('last_number', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['pilot_sites.id'],
                                name=op.f('fk_participant_code_counters_site_id_pilot_sites'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('site_id', 'stakeholder_group', name=op.f('pk_participant_code_counters')),
    )
    participants = sa.table('participants', sa.column('site_id', sa.Integer()),
                            sa.column('stakeholder_group', sa.String()), sa.column('number', sa.Integer()))
    op.get_bind().execute(counters.insert().from_select(
        ['site_id', 'stakeholder_group', 'last_number'],
        sa.select(participants.c.site_id, participants.c.stakeholder_group, sa.func.max(participants.c.number))
        .group_by(participants.c.site_id, participants.c.stakeholder_group)))


def downgrade():
    op.drop_table('participant_code_counters')
