"""pilot sites have a time zone (filled from each site's country); a record of who changed what

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    import pytz

    def country_time_zone(country):  # the country's most populous zone, as the time zone database lists it
        return next(iter(pytz.country_timezones.get((country or "").upper(), ())), "UTC")

    with op.batch_alter_table('pilot_sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), server_default='UTC', nullable=False))
    sites = sa.table('pilot_sites', sa.column('id', sa.Integer), sa.column('country', sa.String),
                     sa.column('time_zone', sa.String))
    connection = op.get_bind()
    for site_id, country in connection.execute(sa.select(sites.c.id, sites.c.country)).all():
        connection.execute(sites.update().where(sites.c.id == site_id)
                           .values(time_zone=country_time_zone(country)))

    op.create_table('changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=200), nullable=False),
        sa.Column('action', sa.String(length=80), nullable=False),
        sa.Column('object_type', sa.String(length=60), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('label', sa.String(length=300), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_changes_actor_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_changes_project_at', ['project_id', 'at'], unique=False)


def downgrade():
    op.drop_table('changes')
    with op.batch_alter_table('pilot_sites', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
