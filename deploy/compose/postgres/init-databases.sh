#!/usr/bin/env bash
# First start of the compose PostgreSQL: one role and one database per service, each role owning
# only its own database (a service never reads another's). Passwords come from the environment.
set -euo pipefail
prefix="${HCS_DB_ROLE_PREFIX:-hcs_}"  # tests use their own prefix on a shared server
for service in intake cases repairs referrals reporting; do
  var="HCS_DB_${service^^}_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="${prefix}${service}" -v password="${!var}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
