"""surveys start as drafts (opened_at stays empty until a facilitator opens one) and can be archived

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 19:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    # Surveys made before drafts existed were open from the start: they keep the state they had.
    surveys = sa.table('surveys', sa.column('opened_at', sa.DateTime(timezone=True)),
                       sa.column('opens_at', sa.DateTime(timezone=True)),
                       sa.column('created_at', sa.DateTime(timezone=True)))
    op.get_bind().execute(surveys.update().values(opened_at=sa.func.coalesce(surveys.c.opens_at,
                                                                            surveys.c.created_at)))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
        batch_op.drop_column('opened_at')
