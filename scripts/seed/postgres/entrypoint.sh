#!/bin/sh
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB as the official image reads them, applied
# once to an empty PGDATA.
set -e
user=${POSTGRES_USER:-postgres}
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
as_pg() { su postgres -s /bin/sh -c "PATH=$PATH; $*"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" > /tmp/pwfile && chown postgres /tmp/pwfile
  as_pg initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  db=${POSTGRES_DB:-$user}
  # initdb makes only "postgres"; the official image also makes POSTGRES_DB (default: the user).
  if [ "$db" != postgres ]; then
    as_pg pg_ctl -D "$PGDATA" -o "'-c listen_addresses='" -w start >/dev/null
    as_pg psql -U "$user" -d postgres -c "'CREATE DATABASE \"$db\"'" >/dev/null
    as_pg pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
fi
[ "$1" = postgres ] && shift
exec su postgres -s /bin/sh -c "exec postgres -D '$PGDATA' $*"
