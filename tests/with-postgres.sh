#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1:5433, with
# TEST_DATABASE_URL pointing at it; the cluster is removed afterwards.
#   tests/with-postgres.sh .venv/bin/python -m pytest -m "not browser"
# Needs Debian's PostgreSQL server (installed when missing and running as root).
set -euo pipefail

PORT=${PGPORT_TEST:-5433}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "PostgreSQL server not found: install Debian's postgresql package" >&2
    exit 1
  fi
fi

datadir=$(mktemp -d /tmp/cocreate-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$datadir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  (cd /tmp && "${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1) || true
  rm -rf "$datadir"
}
trap cleanup EXIT

(cd /tmp && "${as_owner[@]}" "$bindir/initdb" -D "$datadir" --auth=trust -U cocreate >/dev/null)
(cd /tmp && "${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $datadir -c fsync=off -c full_page_writes=off" start >/dev/null)
(cd /tmp && "${as_owner[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$PORT" -U cocreate cocreate_test)

export TEST_DATABASE_URL="postgresql+psycopg://cocreate@127.0.0.1:$PORT/cocreate_test"
"$@"
