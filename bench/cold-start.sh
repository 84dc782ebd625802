#!/usr/bin/env bash
# Cold start of `./iotcore serve`: the time from the process start to its MQTT port accepting connections.
# Prepares a data directory with one first start (database schema, TLS material, admin token and, after a build, the
# class data archive), then starts the server --runs times on it and reports each run and the medians of: the wall
# time until a TCP connect to the mqtts port (as logged in mqtt_listening) succeeds, the wall time until
# <data-dir>/ports.json exists (written last, once the REST API accepts too), and the process's CPU time (user +
# system, all threads) at the moment MQTT accepted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

runs=7
dir=""
usage() {
  cat <<EOF
usage: bench/cold-start.sh [--runs N] [--data-dir DIR] [-- SERVE-OPTIONS...]
  --runs N        measured starts (default $runs)
  --data-dir DIR  data directory to start on (default: a new temporary one, removed at the end)
  SERVE-OPTIONS   passed to ./iotcore serve, e.g. -- --database-url jdbc:postgresql://...
The launcher (./iotcore) builds first if the build is missing or stale; that build is not measured.
EOF
}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --data-dir) dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; exit 1 ;;
  esac
done

tmp=""
if [ -z "$dir" ]; then
  tmp="$(mktemp -d)"
  dir="$tmp/data"
fi
log="$(mktemp)"
cleanup() {
  rm -f "$log"
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts the server once; prints "mqtt_ms ready_ms cpu_ms"; stops it with SIGTERM and waits for it.
start_once() {
  rm -f "$dir/ports.json"
  local t0 pid port ticks t_mqtt t_ready
  t0=$(now_ms)
  "$root/iotcore" serve --data-dir "$dir" --http-port 0 --mqtts-port 0 --wss-port 0 "$@" >"$log" 2>&1 &
  pid=$!
  port=""
  while [ -z "$port" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cold-start: the server exited; its output:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.005
    port="$(sed -n 's/.*mqtt_listening.*mqtts=\([0-9]*\).*/\1/p' "$log")"
  done
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.005; done
  t_mqtt=$(now_ms)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  until [ -f "$dir/ports.json" ]; do sleep 0.005; done
  t_ready=$(now_ms)
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$((t_mqtt - t0)) $((t_ready - t0)) $((ticks * 1000 / $(getconf CLK_TCK)))"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

mkdir -p "$dir"
# The launcher may build first: do that outside the measured runs.
"$root/iotcore" --version >/dev/null
report() { echo "MQTT accepting after $1 ms, ready (ports.json) after $2 ms, CPU $3 ms"; }
measure() {
  read -r m r c < <(start_once "$@")
  [ -n "${c:-}" ] || exit 1
}
measure "$@"
echo "first start (creates what is missing in $dir): $(report "$m" "$r" "$c")"
mqtt=()
ready=()
cpu=()
for i in $(seq "$runs"); do
  measure "$@"
  mqtt+=("$m")
  ready+=("$r")
  cpu+=("$c")
  echo "run $i: $(report "$m" "$r" "$c")"
done
echo "median of $runs: $(report "$(printf '%s\n' "${mqtt[@]}" | median)" "$(printf '%s\n' "${ready[@]}" | median)" \
  "$(printf '%s\n' "${cpu[@]}" | median)") ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
