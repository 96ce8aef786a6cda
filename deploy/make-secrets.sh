#!/bin/sh
# Creates the secret files docker-compose.yml mounts (default folder ./secrets, never committed):
# a random value for every password and key that is missing; an existing file is kept. The SMTP
# server's URL cannot be made up: write it into smtp_url yourself.
#   sh deploy/make-secrets.sh [folder]
set -eu
dir="${1:-secrets}"
mkdir -p "$dir"
# The folder keeps other users of the host out; the files inside are readable by the containers'
# own users (mysql, node), which are not the host user who owns them.
chmod 700 "$dir"
for name in mysql_root_password mysql_profile_password mysql_sessions_password mysql_billing_password \
  mysql_support_password mysql_requests_password internal_token_secret auth_jwt_secret; do
  if [ ! -s "$dir/$name" ]; then
    # 32 random bytes, URL-safe base64 (43 characters): no quote or backslash to escape anywhere.
    head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_' >"$dir/$name"
    echo "$dir/$name created"
  fi
done
[ -s "$dir/smtp_url" ] || echo "$dir/smtp_url is missing: write the mail server's URL into it (smtp://user:password@host:587)"
chmod 644 "$dir"/*
