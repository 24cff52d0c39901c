"""certificates.open_badge: the certificate as an Open Badges 3.0 credential

Revision ID: openbadge
Revises: baseline
Create Date: 2026-12-06 12:00:00

Certificates issued before this revision keep NULL (their PDF carries credential.json only).
"""
from alembic import op
import sqlalchemy as sa


revision = 'openbadge'
down_revision = 'baseline'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificates') as batch_op:
        batch_op.add_column(sa.Column('open_badge', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('certificates') as batch_op:
        batch_op.drop_column('open_badge')
