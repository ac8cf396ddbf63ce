"""PostgreSQL: a function that stores a group commit's updates and snapshots in one call.

The commit path then costs one round trip, with its transaction implied, instead of a BEGIN, an
INSERT and a COMMIT; on a keystroke that waits for its commit, each round trip shows. SQLite
has no such functions and keeps committing through SQLAlchemy.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_UPDATES = """
CREATE OR REPLACE FUNCTION pairpad_append_updates(
    update_rooms text[], update_versions integer[], update_clients text[], update_changes jsonb[],
    update_names text[], update_colors text[],
    snapshot_rooms text[], snapshot_versions integer[], snapshot_codes text[]
) RETURNS SETOF text
LANGUAGE plpgsql AS $$
-- Stores every room's updates whose versions are free; a room that finds any of its versions
-- taken (another instance stored there first) keeps none of them, and is returned. Snapshots
-- are filed for the other rooms. One statement: all of it or nothing.
DECLARE
    lost text[];
    inserted_rooms text[];
    inserted_versions integer[];
BEGIN
    WITH inserted AS (
        INSERT INTO room_updates
            (room_id, version, client_id, changes, author_name, author_color)
        SELECT * FROM unnest(
            update_rooms, update_versions, update_clients, update_changes,
            update_names, update_colors)
        ON CONFLICT DO NOTHING
        RETURNING room_id, version
    )
    SELECT array_agg(room_id), array_agg(version)
    INTO inserted_rooms, inserted_versions
    FROM inserted;

    SELECT array_agg(DISTINCT wanted.room_id) INTO lost
    FROM unnest(update_rooms, update_versions) AS wanted(room_id, version)
    WHERE NOT EXISTS (
        SELECT 1 FROM unnest(inserted_rooms, inserted_versions) AS done(room_id, version)
        WHERE done.room_id = wanted.room_id AND done.version = wanted.version);

    IF lost IS NOT NULL THEN
        DELETE FROM room_updates AS stored
        USING unnest(inserted_rooms, inserted_versions) AS done(room_id, version)
        WHERE stored.room_id = done.room_id AND stored.version = done.version
            AND done.room_id = ANY(lost);
    END IF;

    INSERT INTO room_snapshots (room_id, version, code)
    SELECT * FROM unnest(snapshot_rooms, snapshot_versions, snapshot_codes)
        AS filed(room_id, version, code)
    WHERE lost IS NULL OR NOT filed.room_id = ANY(lost)
    ON CONFLICT DO NOTHING;

    RETURN QUERY SELECT unnest(lost);
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_UPDATES)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS pairpad_append_updates("
            "text[], integer[], text[], jsonb[], text[], text[], text[], integer[], text[])"
        )
