"""users.job_title: the function printed under a certifying person's name on certificates

Revision ID: jobtitle
Revises: catsrc01
Create Date: 2026-12-07 12:00:00

Existing users keep NULL: their certificates print their role's name alone, as before.
"""
from alembic import op
import sqlalchemy as sa


revision = 'jobtitle'
down_revision = 'catsrc01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('job_title', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('job_title')
