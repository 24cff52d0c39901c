"""certificates: a partial index on the serials of superseded certificates, which the published
revocation list now sets as well as the revoked ones (a re-issued certificate was otherwise
still good to a verifier that reads only the status lists)

Revision ID: supersl01
Revises: indiv01
Create Date: 2026-12-10 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'supersl01'
down_revision = 'indiv01'
branch_labels = None
depends_on = None

WHERE = sa.text("superseded_by_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_superseded_serial', ['serial'], unique=False,
                              postgresql_where=WHERE, sqlite_where=WHERE)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_superseded_serial')
