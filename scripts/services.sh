#!/usr/bin/env bash
# Starts the local services the end-to-end suite tests generated projects against
# (PostgreSQL, Redis, Mosquitto) where they are installed but not running.
# Idempotent: a service that already answers is left alone. Exits non-zero when
# PostgreSQL or Redis is neither running nor startable (the e2e suite needs both);
# Mosquitto is optional.
set -u

HOST=127.0.0.1

wait_for() { # name, probe...
  local name=$1; shift
  for _ in $(seq 1 30); do
    if "$@" >/dev/null 2>&1; then echo "services: $name up"; return 0; fi
    sleep 1
  done
  echo "services: $name did not start" >&2
  return 1
}

probe_tcp() { # port: true when something accepts connections there
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

rc=0

# PostgreSQL
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$HOST" -p 5432; then
  echo "services: postgresql up"
elif command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  # Debian/Ubuntu packaging: start the first cluster without systemd (containers have none).
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  echo "services: starting postgresql $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  wait_for postgresql pg_isready -q -h "$HOST" -p 5432 || rc=1
elif command -v brew >/dev/null 2>&1 && brew list postgresql@16 >/dev/null 2>&1; then
  brew services start postgresql@16 >/dev/null 2>&1 || true
  wait_for postgresql pg_isready -q -h "$HOST" -p 5432 || rc=1
else
  echo "services: postgresql is not running and no way to start it was found (install it, or point CBP_E2E_DATABASE_URL at one)" >&2
  rc=1
fi

# Redis
if command -v redis-cli >/dev/null 2>&1 && redis-cli -h "$HOST" -p 6379 ping >/dev/null 2>&1; then
  echo "services: redis up"
elif command -v redis-server >/dev/null 2>&1; then
  echo "services: starting redis"
  # No persistence: the suite's data is scratch. The log goes where this user can write.
  redis-server --daemonize yes --bind "$HOST" --port 6379 --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/create-python-backend-redis.log" >/dev/null 2>&1 || true
  wait_for redis redis-cli -h "$HOST" -p 6379 ping || rc=1
else
  echo "services: redis is not running and redis-server is not installed (install it, or point CBP_E2E_REDIS_URL at one)" >&2
  rc=1
fi

# Mosquitto (optional: only templates that speak MQTT need it)
if probe_tcp 1883; then
  echo "services: mosquitto up"
elif command -v mosquitto >/dev/null 2>&1; then
  echo "services: starting mosquitto"
  if [ -r /etc/mosquitto/mosquitto.conf ]; then
    mosquitto -d -c /etc/mosquitto/mosquitto.conf >/dev/null 2>&1 || true
  else
    mosquitto -d -p 1883 >/dev/null 2>&1 || true
  fi
  wait_for mosquitto probe_tcp 1883 || true
fi

exit $rc
