"""evidence and consent: a coding can address one part of a row (one answer of a survey response); a consent
renewed after a withdrawal records how it was obtained again

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 12:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('codings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_part', sa.String(length=64), server_default='', nullable=False))
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('how_obtained', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_column('how_obtained')
    with op.batch_alter_table('codings', schema=None) as batch_op:
        batch_op.drop_column('target_part')
