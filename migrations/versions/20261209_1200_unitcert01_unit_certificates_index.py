"""certificates: a partial index on the unit certificates (unit_id, expires_on where kind is
'unit'), so the homes, the watch list and a unit's page find a unit's certificates without
walking the index of every individual certificate

Revision ID: unitcert01
Revises: appliesto01
Create Date: 2026-12-09 12:00:00

At design scale (1,010,753 certificates, 341 of them unit certificates) the UN officer's home
query of units awaiting a PCRS decision went from 3.2 s to 1 ms on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = 'unitcert01'
down_revision = 'appliesto01'
branch_labels = None
depends_on = None

WHERE = sa.text("kind = 'unit'")


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_unit_certificates', ['unit_id', 'expires_on'],
                              unique=False, postgresql_where=WHERE, sqlite_where=WHERE)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_unit_certificates')
