-- PostGIS must be available in the database (Debian: postgresql-15-postgis-3); creating it needs a superuser
-- the first time, or a database where an administrator has created it already.
CREATE EXTENSION IF NOT EXISTS postgis;
