#!/usr/bin/env bash
# Durable QoS 1 fan-in (issue 4): N mTLS devices -> 1 registry subscriber, with a persistent subscriber
# (cleanSession=0: every message synced to the store before its PUBACK) and with a clean one (nothing stored), for
# each N of --publishers: delivered msg/s in a closed loop, and latency p50/p99 at a fixed total --rate. Runs every
# configuration --rounds times against one server (fresh data directory, JIT warmed up by an unmeasured run first)
# and prints a table of medians, persistent next to clean, with the configuration.
#
#   bench/durable-fan-in.sh [--rounds 3] [--duration 5] [--warmup 2] [--rate 5000] [--publishers 1,10,100]
#                           [--work DIR] [--no-build]
#
# Needs a JDK 21+; loopback only; leaves nothing running. About 12 s per run (36 runs with the defaults).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3 duration=5 warmup=2 rate=5000 publishers="1,10,100" work="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --publishers) publishers="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "durable-fan-in: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done

. "$root/jvm-env.sh"
iotcore_jdk durable-fan-in
jar="$root/iotcore-server/target/iotcore-server.jar"
if [ "$build" = 1 ] && [ ! -f "$jar" ]; then
  echo "durable-fan-in: building iotcore (package only, nothing is installed)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package >&2)
fi
[ -f "$jar" ] || { echo "durable-fan-in: $jar is missing: build with ./mvnw -DskipTests package" >&2; exit 1; }
jvm=("${iotcore_jvm[@]}") # the JVM options of the ./iotcore launcher (jvm-env.sh)
java_cmd=("$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$jar:$root/iotcore-server/target/lib/*" iotcore.server.Main)
iotcore() { "${java_cmd[@]}" "$@"; }

if [ -z "$work" ]; then work="$(mktemp -d /tmp/iotcore-durable.XXXXXX)"; fi
data="$work/data" results="$work/results"
rm -rf "$data" "$results"; mkdir -p "$data" "$results"
"${java_cmd[@]}" serve --data-dir "$data" --http-port 0 --mqtts-port 0 --wss-port 0 > "$work/server.log" 2>&1 &
pid=$! # the JVM itself (not a subshell): its CPU time is the broker's
trap 'kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -f "$data/ports.json" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
[ -f "$data/ports.json" ] || { echo "durable-fan-in: the server did not start; see $work/server.log" >&2; exit 1; }

max=$(echo "$publishers" | tr ',' '\n' | sort -n | tail -1)
iotcore bench provision --data-dir "$data" --fleet "$work/fleet" --devices "$max" >&2
common=(--data-dir "$data" --fleet "$work/fleet" -m 1 --qos 1 --broker-pid "$pid" --warmup "${warmup}s" -d "${duration}s" --quiet)
echo "durable-fan-in: JIT warm-up (not measured)" >&2
iotcore bench pubsub "${common[@]}" -n 10 --persistent -d 10s > /dev/null

for round in $(seq "$rounds"); do
  for n in $(echo "$publishers" | tr ',' ' '); do
    for kind in persistent clean; do
      flag=""; [ "$kind" = persistent ] && flag="--persistent"
      tag=$(printf '%03d' "$n")
      echo "durable-fan-in: round $round, $n publishers, $kind subscriber" >&2
      iotcore bench pubsub "${common[@]}" -n "$n" $flag --json --tag "scenario=t$tag" --tag "broker=$kind" \
        --tag "title=$n devices -> registry, closed loop" > "$results/t$tag-$kind-$round.json"
      iotcore bench pubsub "${common[@]}" -n "$n" $flag --rate "$rate" --json --tag "scenario=r$tag" --tag "broker=$kind" \
        --tag "title=$n devices -> registry, $rate msg/s" > "$results/r$tag-$kind-$round.json"
    done
  done
done

echo "durable-fan-in: $rounds rounds, --duration ${duration}s --warmup ${warmup}s --rate $rate, publishers $publishers," \
  "$(nproc) cores, $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); results in $results"
iotcore bench table "$results" --brokers persistent,clean
