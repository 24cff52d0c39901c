"""jobs.skipped: how many members a bulk job skipped because they already hold a valid
certificate for the same standards

Revision ID: jobskip01
Revises: certreq01
Create Date: 2026-12-07 16:00:00

Existing jobs skipped nobody (0).
"""
from alembic import op
import sqlalchemy as sa


revision = 'jobskip01'
down_revision = 'certreq01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skipped', sa.Integer(), nullable=False,
                                      server_default=sa.text('0')))
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.alter_column('skipped', existing_type=sa.Integer(), server_default=None)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('skipped')
