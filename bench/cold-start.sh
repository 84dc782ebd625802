#!/usr/bin/env bash
# Cold start of `./iotcore serve`: the time from the process start to its MQTT port accepting connections.
# Prepares a data directory with one unmeasured first start (database schema, TLS material, admin token, class data
# archive), then starts the server --runs times on it and reports each run and the median: wall time until
# <data-dir>/ports.json exists (written last, once every listener accepts) and a TCP connect to the mqtts port
# succeeds, and the process's CPU time (user + system) at that moment.
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

# Starts the server once; prints "wall_ms cpu_ms" once MQTT accepts; stops it with SIGTERM and waits for it.
start_once() {
  rm -f "$dir/ports.json"
  local t0 pid port ticks hz t1
  t0=$(now_ms)
  "$root/iotcore" serve --data-dir "$dir" --http-port 0 --mqtts-port 0 --wss-port 0 "$@" >"$log" 2>&1 &
  pid=$!
  until [ -f "$dir/ports.json" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cold-start: the server exited; its output:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.005
  done
  port="$(sed -n 's/.*"mqtts": \([0-9]*\).*/\1/p' "$dir/ports.json")"
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.005; done
  t1=$(now_ms)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  hz=$(getconf CLK_TCK)
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$((t1 - t0)) $((ticks * 1000 / hz))"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

mkdir -p "$dir"
# The launcher may build first: do that outside the measured runs.
"$root/iotcore" --version >/dev/null
first="$(start_once "$@")"
echo "first start (creates what is missing in $dir): ${first% *} ms, CPU ${first#* } ms"
walls=()
cpus=()
for i in $(seq "$runs"); do
  r="$(start_once "$@")"
  walls+=("${r% *}")
  cpus+=("${r#* }")
  echo "run $i: ${r% *} ms, CPU ${r#* } ms"
done
echo "cold start to MQTT accepting, median of $runs: $(printf '%s\n' "${walls[@]}" | median) ms" \
     "(CPU $(printf '%s\n' "${cpus[@]}" | median) ms; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
