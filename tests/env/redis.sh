# shellcheck shell=bash
# Redis for tests/Sala.Registry.Redis.Tests: a throwaway redis-server on a free loopback port, without persistence,
# exported as SALA_TEST_REDIS=127.0.0.1:PORT. The tests fail (not skip) in CI when that variable is missing.
packages+=(redis-server)

redis_dir=""
redis_port=""

env_start_redis() {
  redis_dir=$(mktemp -d -t sala-redis.XXXXXX)
  local attempt deadline
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    redis_port=$((20000 + RANDOM % 40000))
    # Something already answers there: try another port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null; then continue; fi
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" \
      --daemonize yes --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
    deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ]; do
      if [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = "PONG" ]; then
        export SALA_TEST_REDIS="127.0.0.1:$redis_port"
        log "redis-server on $SALA_TEST_REDIS (attempt $attempt)"
        return 0
      fi
      # Lost a race for the port (or failed to start): its log says why; try another port.
      if [ -s "$redis_dir/redis.log" ] && grep -q "Could not create server TCP" "$redis_dir/redis.log"; then break; fi
      sleep 0.1
    done
    : >"$redis_dir/redis.log"
  done
  echo "test.sh: redis-server did not start; its log:" >&2
  cat "$redis_dir/redis.log" >&2 || true
  return 1
}

env_stop_redis() {
  [ -n "$redis_port" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  return 0
}
