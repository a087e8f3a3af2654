#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the session-store tests and prints its URL.
# Installs Debian's postgresql when it is missing. Everything it prints besides the URL goes to stderr.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ]; then
  echo "installing postgresql from Debian's packages..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
port=${FLARECHAT_TEST_PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
dir=$(mktemp -d /tmp/flarechat-pg-XXXXXX)
chown postgres:postgres "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
as_pg "'$bin/initdb' -D '$dir/data' -U flarechat --auth=trust -E UTF8" >&2
as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -o \"-h 127.0.0.1 -p $port -k '$dir'\" -w start" >&2
as_pg "'$bin/createdb' -h 127.0.0.1 -p $port -U flarechat flarechat_test" >&2
echo "postgres://flarechat@127.0.0.1:$port/flarechat_test"
