#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests and benchmarks, from Debian's packages:
#   pg-test-cluster.sh start STATE_DIR [--durable]   initdb + start on a free loopback port
#   pg-test-cluster.sh restart STATE_DIR              stop it and start it again (same port)
#   pg-test-cluster.sh stop STATE_DIR                 stop it and remove everything it made
# `start` writes STATE_DIR/dsn (a postgresql:// URL of the cluster's `postgres` database) and
# STATE_DIR/data_dir. The server runs as a non-root user (the `postgres` account Debian's
# package makes, when this runs as root), listens on 127.0.0.1 only, trusts local connections
# and keeps its socket in its own directory. Without --durable it does not fsync (tests: a
# crash of the machine is not what they test); with it, it commits as a deployment would.
set -euo pipefail

cmd=${1:?usage: pg-test-cluster.sh start|restart|stop STATE_DIR [--durable]}
state=${2:?usage: pg-test-cluster.sh start|restart|stop STATE_DIR [--durable]}
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [[ -f $state/data_dir ]]; then
    local data
    data=$(cat "$state/data_dir")
    if [[ -f $data/postmaster.pid ]]; then
      as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$(dirname "$data")"
  fi
  rm -rf "$state"
}

case $cmd in
  start)
    [[ -x $bindir/initdb ]] || { echo "pg-test-cluster: no $bindir/initdb: run scripts/install-deps.sh" >&2; exit 1; }
    stop  # a cluster left by an interrupted run
    mkdir -p "$state"
    top=$(mktemp -d /tmp/grantcheck-pg.XXXXXX)
    chmod 755 "$top"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$top"
    data=$top/data
    echo "$data" >"$state/data_dir"
    as_owner "$bindir/initdb" -D "$data" -U grantcheck --auth=trust --no-locale -E UTF8 --no-sync \
      >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    opts="-p $port -k $top -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB"
    if [[ ${3:-} != --durable ]]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -o "$opts" -l "$top/server.log" -w -t 60 start >/dev/null ||
      { cat "$top/server.log" >&2; exit 1; }
    echo "postgresql://grantcheck@127.0.0.1:$port/postgres" >"$state/dsn"
    echo "pg-test-cluster: PostgreSQL 15 on 127.0.0.1:$port ($data)"
    ;;
  restart)
    data=$(cat "$state/data_dir")
    as_owner "$bindir/pg_ctl" -D "$data" -l "$(dirname "$data")/server.log" -m fast -w -t 60 restart >/dev/null
    echo "pg-test-cluster: restarted"
    ;;
  stop)
    stop
    echo "pg-test-cluster: stopped and removed"
    ;;
  *)
    echo "usage: pg-test-cluster.sh start|restart|stop STATE_DIR [--durable]" >&2
    exit 2
    ;;
esac
