"""individually deployed personnel have no PCRS level

A requirement profile for a personnel category (staff officers, military observers, individual
police, civilians) clears a person for deployment; it has no PCRS level, which belongs to pledged
units. `requirement_profiles.pcrs_level` becomes nullable and the existing personnel-category
profiles (every version) lose the level they were given; unit profiles keep theirs. The catalogue
load then retires them (the files now name them SO-DEPLOY, MILOBS-DEPLOY, IPO-AMS, CIV-DEPLOY).
The downgrade gives them back Level 2, the only level they ever had.

Revision ID: indiv01
Revises: unitcert01
Create Date: 2026-12-09 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'indiv01'
down_revision = 'unitcert01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('requirement_profiles') as batch_op:
        batch_op.alter_column('pcrs_level', existing_type=sa.String(length=4), nullable=True)
    op.execute("UPDATE requirement_profiles SET pcrs_level = NULL "
               "WHERE personnel_category IS NOT NULL")


def downgrade():
    op.execute("UPDATE requirement_profiles SET pcrs_level = 'L2' WHERE pcrs_level IS NULL")
    with op.batch_alter_table('requirement_profiles') as batch_op:
        batch_op.alter_column('pcrs_level', existing_type=sa.String(length=4), nullable=False)
