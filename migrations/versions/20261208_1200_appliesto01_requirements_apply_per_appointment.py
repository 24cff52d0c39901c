"""requirements say whom they apply to; roster appointments can be commanders

Each profile requirement states whom it applies to (`applies_to`: "all", "key_appointments",
"commanders", "nios"), in place of one profile flag for every key appointment
(`key_appointments_all`) and one requirement flag (`key_appointments_only`). Existing profile
versions keep their meaning: a key-appointments-only requirement applies to key appointments; any
other requirement applies to all, and to key appointments too when its profile had
`key_appointments_all`. Memberships gain `is_commander`: a key appointment whose appointment
names a command ("Commander", "Commandant", "Commanding") is marked a commander.

Revision ID: appliesto01
Revises: jobskip01
Create Date: 2026-12-08 12:00:00
"""
import json

from alembic import op
import sqlalchemy as sa


revision = 'appliesto01'
down_revision = 'jobskip01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('profile_requirements') as batch_op:
        batch_op.add_column(sa.Column('applies_to', sa.JSON(), nullable=True))
    with op.batch_alter_table('memberships') as batch_op:
        batch_op.add_column(sa.Column('is_commander', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT r.id, r.key_appointments_only, p.key_appointments_all "
        "FROM profile_requirements r JOIN requirement_profiles p ON p.id = r.profile_id")).all()
    for row in rows:
        if row.key_appointments_only:
            groups = ["key_appointments"]
        elif row.key_appointments_all:
            groups = ["all", "key_appointments"]
        else:
            groups = ["all"]
        conn.execute(sa.text("UPDATE profile_requirements SET applies_to = :groups WHERE id = :id"),
                     {"groups": json.dumps(groups), "id": row.id})
    conn.execute(sa.text(
        "UPDATE memberships SET is_commander = :yes WHERE is_key_appointment = :yes AND "
        "(lower(appointment) LIKE '%command%')"), {"yes": True})
    with op.batch_alter_table('profile_requirements') as batch_op:
        batch_op.alter_column('applies_to', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('key_appointments_only')
    with op.batch_alter_table('requirement_profiles') as batch_op:
        batch_op.drop_column('key_appointments_all')
    with op.batch_alter_table('memberships') as batch_op:
        batch_op.alter_column('is_commander', existing_type=sa.Boolean(), server_default=None)


def downgrade():
    # A profile asks every key appointment for everything when any of its requirements did; a
    # requirement for key appointments, commanders or NIOs only becomes key-appointments-only.
    with op.batch_alter_table('requirement_profiles') as batch_op:
        batch_op.add_column(sa.Column('key_appointments_all', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('profile_requirements') as batch_op:
        batch_op.add_column(sa.Column('key_appointments_only', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, profile_id, applies_to FROM profile_requirements")).all()
    everything = set()
    for row in rows:
        groups = row.applies_to if isinstance(row.applies_to, list) else json.loads(row.applies_to)
        if "all" not in groups:
            conn.execute(sa.text("UPDATE profile_requirements SET key_appointments_only = :yes "
                                 "WHERE id = :id"), {"yes": True, "id": row.id})
        elif "key_appointments" in groups:
            everything.add(row.profile_id)
    for profile_id in everything:
        conn.execute(sa.text("UPDATE requirement_profiles SET key_appointments_all = :yes "
                             "WHERE id = :id"), {"yes": True, "id": profile_id})
    with op.batch_alter_table('profile_requirements') as batch_op:
        batch_op.drop_column('applies_to')
    with op.batch_alter_table('memberships') as batch_op:
        batch_op.drop_column('is_commander')
