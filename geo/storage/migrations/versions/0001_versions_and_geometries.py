"""Versioned data files, and the current version's geometries in EPSG:4326 with GiST indexes.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    """Create the tables."""
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute(
        """
        CREATE TABLE data_version (
            id bigserial PRIMARY KEY,
            created_at timestamptz NOT NULL DEFAULT now(),
            label text NOT NULL,
            imported_by text NOT NULL DEFAULT '',
            is_current boolean NOT NULL DEFAULT false
        );
        CREATE UNIQUE INDEX data_version_one_current ON data_version (is_current) WHERE is_current;
        CREATE TABLE data_blob (sha256 text PRIMARY KEY, content bytea NOT NULL);
        CREATE TABLE data_file (
            version_id bigint NOT NULL REFERENCES data_version (id) ON DELETE CASCADE,
            name text NOT NULL,
            sha256 text NOT NULL REFERENCES data_blob (sha256),
            PRIMARY KEY (version_id, name)
        );
        CREATE INDEX data_file_sha256 ON data_file (sha256);
        CREATE TABLE enterprise_point (
            id text PRIMARY KEY,
            name text NOT NULL,
            area text NOT NULL DEFAULT '',
            geom geometry(Point, 4326) NOT NULL
        );
        CREATE INDEX enterprise_point_geom ON enterprise_point USING gist (geom);
        CREATE TABLE area_shape (id text PRIMARY KEY, geom geometry(MultiPolygon, 4326) NOT NULL);
        CREATE INDEX area_shape_geom ON area_shape USING gist (geom);
        """
    )


def downgrade() -> None:
    """Drop the tables (the extension stays)."""
    op.execute("DROP TABLE area_shape, enterprise_point, data_file, data_blob, data_version")
