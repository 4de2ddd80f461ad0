#!/bin/sh
# MYSQL_ROOT_PASSWORD, MYSQL_DATABASE, MYSQL_USER and MYSQL_PASSWORD as the official image
# reads them, applied once to an empty data folder.
set -e
data=/var/lib/mysql
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "$data"
if [ ! -d "$data/mysql" ]; then
  mariadb-install-db --user=mysql --datadir="$data" --skip-test-db >/dev/null
  sock=/run/mysqld/init.sock
  mariadbd --user=mysql --datadir="$data" --skip-networking --socket="$sock" &
  pid=$!
  i=0
  until mariadb-admin --socket="$sock" ping >/dev/null 2>&1; do
    i=$((i + 1)); [ "$i" -lt 120 ] || { echo "mariadb did not start" >&2; exit 1; }; sleep 0.5
  done
  {
    if [ -n "$MYSQL_ROOT_PASSWORD" ]; then
      echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD';"
      echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$MYSQL_ROOT_PASSWORD';"
      echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    fi
    [ -z "$MYSQL_DATABASE" ] || echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"
    if [ -n "$MYSQL_USER" ]; then
      echo "CREATE USER IF NOT EXISTS '$MYSQL_USER'@'%' IDENTIFIED BY '$MYSQL_PASSWORD';"
      [ -z "$MYSQL_DATABASE" ] || echo "GRANT ALL ON \`$MYSQL_DATABASE\`.* TO '$MYSQL_USER'@'%';"
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$sock"
  kill "$pid"; wait "$pid" || true
fi
[ "$1" = mysqld ] && shift
exec mariadbd --user=mysql --datadir="$data" --bind-address=0.0.0.0 "$@"
