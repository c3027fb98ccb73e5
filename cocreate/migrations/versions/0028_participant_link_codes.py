"""participants' link codes (stored as digests) and their own pseudonym keys; whose IMMERSE profile is whose

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 22:20:00

Every participant already registered is given a link code nobody is shown (a facilitator prints them a card,
which issues a new one) and a pseudonym key of their own.
"""
import hashlib
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('pseudonym_key', sa.String(length=64), nullable=True))
    participants = sa.table('participants', sa.column('id', sa.Integer), sa.column('link_digest', sa.String),
                            sa.column('pseudonym_key', sa.String))
    connection = op.get_bind()
    for (participant_id,) in connection.execute(sa.select(participants.c.id)).all():
        connection.execute(participants.update().where(participants.c.id == participant_id).values(
            link_digest=hashlib.sha256(secrets.token_bytes(32)).hexdigest(), pseudonym_key=secrets.token_hex(32)))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('link_digest', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('pseudonym_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_participants_link_digest', ['link_digest'])
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participant_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_profiles_participant_id'), ['participant_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_profiles_participant_id_participants'), 'participants',
                                    ['participant_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_profiles_participant_id_participants'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_profiles_participant_id'))
        batch_op.drop_column('participant_id')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participants_link_digest', type_='unique')
        batch_op.drop_column('pseudonym_key')
        batch_op.drop_column('link_digest')
