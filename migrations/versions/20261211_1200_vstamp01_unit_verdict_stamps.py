"""units.verdict_stamp: raised with every change a unit's readiness verdict reads, so that each
web process can keep the verdict until then (app/readiness/verdict_cache.py)

Revision ID: vstamp01
Revises: supersl01
Create Date: 2026-12-11 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'vstamp01'
down_revision = 'supersl01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verdict_stamp', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('verdict_stamp')
