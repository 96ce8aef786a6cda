# One MySQL user per service, each granted its own database and nothing else: the `requests`
# service's user cannot read `profile`'s data, and a leaked password opens one database.
#
# The mysql image sources this file (docker-entrypoint-initdb.d) once, on the first start of an
# empty data directory, as root over the init server's socket (`docker_process_sql`). On a data
# directory that exists already, run it by hand (it reads the root password from
# MYSQL_ROOT_PASSWORD_FILE); it is safe to run again, and sets each password anew:
#   docker compose exec mysql bash /docker-entrypoint-initdb.d/01-users.sh
#
# Settings: DB_PREFIX (default dsg, as the services: databases and users are <prefix>_<service>),
# DSG_SECRETS_DIR (default /run/secrets: one file mysql_<service>_password per service).

dsg_sql() {
  if declare -F docker_process_sql >/dev/null; then
    docker_process_sql "$@"
  else
    local root
    root="$(cat "${MYSQL_ROOT_PASSWORD_FILE:-/run/secrets/mysql_root_password}")" || return 1
    root="${root//\\/\\\\}"
    root="${root//\"/\\\"}"
    # An option file, not --password: nothing in the process list.
    mysql --defaults-extra-file=<(printf '[client]\nuser=root\npassword="%s"\n' "$root") "$@"
  fi
}

dsg_create_users() {
  local prefix="${DB_PREFIX:-dsg}" secrets="${DSG_SECRETS_DIR:-/run/secrets}"
  local service name password file sql=''
  for service in profile sessions billing support requests; do
    name="${prefix}_${service}"
    file="${secrets}/mysql_${service}_password"
    if [ ! -r "$file" ]; then
      echo "01-users.sh: ${file} cannot be read: every service needs its password" >&2
      return 1
    fi
    # As the services read it (common/secrets.ts): the file without its trailing newline.
    password="$(cat "$file")"
    password="${password%$'\r'}"
    if [ -z "$password" ]; then
      echo "01-users.sh: ${file} is empty" >&2
      return 1
    fi
    # A string literal: backslashes and quotes escaped.
    password="${password//\\/\\\\}"
    password="${password//\'/\\\'}"
    # In a GRANT, `_` matches any character: escaped, `dsg\_profile` is that database only.
    # What the service does with its database: read and write rows, and run its migrations
    # (tables, columns, indexes, foreign keys); it creates the database itself if it is missing.
    # No DROP: migrations only ever run up (their down() drops), so nothing the service runs
    # needs it, and with it a stolen password could drop the ledger's tables, audit chain and all.
    # A future migration that drops a table will fail here first (test/mysql-init.e2e.test.ts).
    sql+="CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${name}'@'%' IDENTIFIED BY '${password}';
ALTER USER '${name}'@'%' IDENTIFIED BY '${password}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES ON \`${name//_/\\_}\`.* TO '${name}'@'%';
"
  done
  printf '%s' "$sql" | dsg_sql
  echo "01-users.sh: users ${prefix}_profile, _sessions, _billing, _support, _requests, each on its own database"
}

dsg_create_users
