# Sourced by .ci/run (and usable by hand): starts a throwaway PostgreSQL and Redis on free
# loopback ports, exports TEST_DATABASE_URL and TEST_REDIS_URL, and stops both on exit.
set -euo pipefail

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

pg_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

CI_SERVICES_DIR=$(mktemp -d /tmp/lang-nghe-ci.XXXXXX)
chmod 755 "$CI_SERVICES_DIR"

start_postgres() {
  local bin port run
  bin=$(pg_bin)
  port=$(free_port)
  mkdir -p "$CI_SERVICES_DIR/pg"
  run=""
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the postgres user owns the cluster.
    chown postgres "$CI_SERVICES_DIR/pg"
    run="runuser -u postgres --"
  fi
  $run "$bin/initdb" -D "$CI_SERVICES_DIR/pg/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$CI_SERVICES_DIR/pg/initdb.log" 2>&1 \
    || { cat "$CI_SERVICES_DIR/pg/initdb.log"; return 1; }
  $run "$bin/pg_ctl" -D "$CI_SERVICES_DIR/pg/data" -l "$CI_SERVICES_DIR/pg/server.log" -w -t 60 \
    -o "-p $port -k $CI_SERVICES_DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  PG_STOP="$run $bin/pg_ctl -D $CI_SERVICES_DIR/pg/data -m fast stop"
  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export TEST_PG_BIN="$bin" TEST_PG_DATA="$CI_SERVICES_DIR/pg/data" TEST_PG_RUN="$run"
  echo "PostgreSQL on port $port"
}

start_redis() {
  local port
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$CI_SERVICES_DIR/redis.pid" --logfile "$CI_SERVICES_DIR/redis.log" --dir "$CI_SERVICES_DIR"
  export TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "Redis on port $port"
}

stop_services() {
  [ -n "${PG_STOP:-}" ] && $PG_STOP >/dev/null 2>&1 || true
  [ -f "$CI_SERVICES_DIR/redis.pid" ] && kill "$(cat "$CI_SERVICES_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$CI_SERVICES_DIR"
}
trap stop_services EXIT
