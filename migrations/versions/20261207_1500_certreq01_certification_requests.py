"""certification_requests: a registrar's request for a unit certificate, queued for the
certifying officer who issues it or declines it with a reason

Revision ID: certreq01
Revises: idemkeys
Create Date: 2026-12-07 15:00:00

A new table only; nothing existing changes.
"""
from alembic import op
import sqlalchemy as sa


revision = 'certreq01'
down_revision = 'idemkeys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'certification_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('state_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decline_reason', sa.String(length=500), nullable=True),
        sa.Column('certificate_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'],
                                name=op.f('fk_certification_requests_certificate_id_certificates')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_certification_requests_decided_by_id_users')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_certification_requests_requested_by_id_users')),
        sa.ForeignKeyConstraint(['state_id'], ['member_states.id'],
                                name=op.f('fk_certification_requests_state_id_member_states')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                                name=op.f('fk_certification_requests_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certification_requests')),
    )
    op.create_index(op.f('ix_certification_requests_state_id'), 'certification_requests',
                    ['state_id'])
    op.create_index(op.f('ix_certification_requests_unit_id'), 'certification_requests',
                    ['unit_id'])


def downgrade():
    op.drop_index(op.f('ix_certification_requests_unit_id'), table_name='certification_requests')
    op.drop_index(op.f('ix_certification_requests_state_id'), table_name='certification_requests')
    op.drop_table('certification_requests')
