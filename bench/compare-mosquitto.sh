#!/usr/bin/env bash
# Side-by-side comparison of iotcore and Eclipse Mosquitto on this machine (issue 5), with equivalent security:
# TLS with client certificates, IoT Core's permission matrix as Mosquitto's ACL (certificate CN = user name), the
# same fleet of devices (registered in iotcore). Runs every scenario against both brokers in alternation
# (A B A B ...), restarting both at the start of each round, and prints a table of medians with iotcore/mosquitto.
#
#   bench/compare-mosquitto.sh [--rounds 3] [--duration 10] [--warmup 3] [--idle 10000] [--scenarios a,b,...]
#                              [--jit-warmup 20] [--work DIR] [--no-build] [--keep] [--sink]
#
# Scenarios (issue 5): a 1->1 QoS 0; b 1->1 QoS 1; c0/c1 10 devices -> 1 registry QoS 0/1; c1p the same QoS 1 with a
# persistent subscriber; d 1 registry -> 100 devices QoS 0; e latency at 5,000 msg/s QoS 1; f idle mTLS connections
# (resident memory per connection); g mTLS connects per second (broker CPU per handshake).
# Each round restarts the brokers, runs f first (memory of a fresh process), then gives the JVM brokers
# --jit-warmup seconds of load (QoS 1 fan-in, QoS 0 fan-out, then mTLS connects; not measured) so that they run compiled code, as a
# long-running server does; every run has its own warm-up before its measurement on top.
# --sink adds a third column: the same runs against 'iotcore bench sink --tls' (a trivial broker), i.e. the load
# tool's own ceiling on this machine; a broker result near it is limited by the tool, not the broker.
# Needs: a JDK 21+, mosquitto (installed with apt-get when missing), loopback only. Leaves nothing running.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3 duration=10 warmup=3 idle=10000 scenarios="a,b,c0,c1,c1p,d,e,f,g" work="" build=1 keep=0 sink=0 jit=20
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    --sink) sink=1; shift ;;
    --jit-warmup) jit="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-mosquitto: unknown option $1 (see --help)" >&2; exit 1 ;;
  esac
done
[ "$rounds" -ge 1 ] && [ "$duration" -ge 1 ] && [ "$idle" -ge 1 ] || { echo "compare-mosquitto: --rounds, --duration and --idle must be positive" >&2; exit 1; }

# --- tools ------------------------------------------------------------------------------------------------
. "$root/jvm-env.sh"
iotcore_jdk compare-mosquitto

jar="$root/iotcore-server/target/iotcore-server.jar"
if [ "$build" = 1 ] && [ ! -f "$jar" ]; then
  echo "compare-mosquitto: building iotcore (package only, nothing is installed)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package >&2)
fi
[ -f "$jar" ] || { echo "compare-mosquitto: $jar is missing: build with ./mvnw -DskipTests package" >&2; exit 1; }
cp="$jar:$root/iotcore-server/target/lib/*"
jvm=("${iotcore_jvm[@]}") # the JVM options of the ./iotcore launcher (jvm-env.sh)
iotcore() { "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" iotcore.server.Main "$@"; }

mosquitto_bin="$(command -v mosquitto || true)"
[ -n "$mosquitto_bin" ] || { [ -x /usr/sbin/mosquitto ] && mosquitto_bin=/usr/sbin/mosquitto; }
if [ -z "$mosquitto_bin" ]; then
  echo "compare-mosquitto: installing mosquitto (Debian package)..." >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y mosquitto >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y mosquitto >&2; }
  mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
fi
# the package starts a system service on 1883; it is not used here and stays as the package left it

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
need_fds=$((idle + 1000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need_fds" ]; then
  echo "compare-mosquitto: open files limit $(ulimit -n) is below --idle $idle + 1000; lower --idle or raise the limit" >&2; exit 1
fi

# --- work directory and processes ---------------------------------------------------------------------------
if [ -z "$work" ]; then work="$(mktemp -d /tmp/iotcore-compare.XXXXXX)"; fi
mkdir -p "$work/results" "$work/logs"
iot_pid="" mosq_pid="" sink_pid=""
cleanup() {
  [ -n "$iot_pid" ] && kill "$iot_pid" 2>/dev/null && wait "$iot_pid" 2>/dev/null || true
  [ -n "$mosq_pid" ] && kill "$mosq_pid" 2>/dev/null && wait "$mosq_pid" 2>/dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null || true
  if [ "$keep" = 0 ]; then rm -rf "$work/iotcore" "$work/fleet"; fi
}
trap cleanup EXIT

start_iotcore() {
  rm -f "$work/iotcore/ports.json"
  # java itself in the background (not a function), so that $! is the broker's pid for /proc and kill
  "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" iotcore.server.Main serve --data-dir "$work/iotcore" \
    --http-port 0 --mqtts-port 0 --wss-port 0 --mqtt-host 127.0.0.1 >>"$work/logs/iotcore.log" 2>&1 &
  iot_pid=$!
  for _ in $(seq 1 600); do
    [ -s "$work/iotcore/ports.json" ] && return 0
    kill -0 "$iot_pid" 2>/dev/null || { tail -20 "$work/logs/iotcore.log" >&2; echo "compare-mosquitto: iotcore did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "compare-mosquitto: iotcore did not write ports.json within 60 s" >&2; exit 1
}
stop_iotcore() { kill "$iot_pid"; wait "$iot_pid" 2>/dev/null || true; iot_pid=""; }

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    ss -ltn | awk '{print $4}' | grep -q ":$port\$" || { echo "$port"; return 0; }
  done
  echo "compare-mosquitto: no free port" >&2; exit 1
}

start_mosquitto() {
  mosq_port="$(free_port)"
  cat >"$work/mosquitto.conf" <<EOF
# Equivalent to iotcore's setup: TLS with client certificates mapped to identities, IoT Core's ACL
per_listener_settings false
allow_anonymous false
listener $mosq_port 127.0.0.1
cafile $work/fleet/ca.crt
certfile $work/fleet/broker.crt
keyfile $work/fleet/broker.key
require_certificate true
use_identity_as_username true
acl_file $work/fleet/mosquitto.acl
# fair settings (issue 5): no Nagle stalls on handshakes, no silent QoS 1 drops from the default queue limit
set_tcp_nodelay true
max_queued_messages 0
max_connections -1
persistence false
log_dest stderr
log_type error
log_type warning
user $(id -un)
EOF
  "$mosquitto_bin" -c "$work/mosquitto.conf" >>"$work/logs/mosquitto.log" 2>&1 &
  mosq_pid=$!
  for _ in $(seq 1 100); do
    ss -ltn | awk '{print $4}' | grep -q ":$mosq_port\$" && return 0
    kill -0 "$mosq_pid" 2>/dev/null || { tail -20 "$work/logs/mosquitto.log" >&2; echo "compare-mosquitto: mosquitto did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "compare-mosquitto: mosquitto is not listening on $mosq_port" >&2; exit 1
}
stop_mosquitto() { kill "$mosq_pid"; wait "$mosq_pid" 2>/dev/null || true; mosq_pid=""; }

start_sink() {
  rm -f "$work/sink.port"
  "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" iotcore.server.Main bench sink --tls --port 0 \
    --port-file "$work/sink.port" --max-time 6h >>"$work/logs/sink.log" 2>&1 &
  sink_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$work/sink.port" ] && { sink_port="$(cat "$work/sink.port")"; return 0; }
    kill -0 "$sink_pid" 2>/dev/null || { tail -20 "$work/logs/sink.log" >&2; echo "compare-mosquitto: the sink did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "compare-mosquitto: the sink did not start within 30 s" >&2; exit 1
}
stop_sink() { kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; sink_pid=""; }

# --- scenarios ------------------------------------------------------------------------------------------
short=(--warmup "${warmup}s" -d "${duration}s" --drain 5s)
declare -A title args
title[a]="1->1 QoS 0";                     args[a]="pubsub -n 1 -m 1 --qos 0"
title[b]="1->1 QoS 1";                     args[b]="pubsub -n 1 -m 1 --qos 1"
title[c0]="10->1 fan-in QoS 0";            args[c0]="pubsub -n 10 -m 1 --qos 0"
title[c1]="10->1 fan-in QoS 1";            args[c1]="pubsub -n 10 -m 1 --qos 1"
title[c1p]="10->1 fan-in QoS 1, persistent subscriber"; args[c1p]="pubsub -n 10 -m 1 --qos 1 --persistent"
title[d]="1->100 fan-out QoS 0";           args[d]="pubsub -n 1 --pub-as registry -m 100 --sub-as device --qos 0 --window 100"
title[e]="5,000 msg/s QoS 1 latency";      args[e]="pubsub -n 1 -m 1 --qos 1 --rate 5000"
title[f]="$idle idle mTLS connections";    args[f]="conn -c $idle --hold 5s --settle 3s"
title[g]="mTLS connects/s";                args[g]="conn --mode rate --concurrency 8"

run() { # scenario broker round
  local s="$1" broker="$2" round="$3" pid target extra=()
  if [ "$broker" = iotcore ]; then
    pid="$iot_pid"; target=(--data-dir "$work/iotcore")
    [ "$s" = f ] && extra=(--pre-sample "$JAVA_HOME/bin/jcmd {pid} GC.run")
  elif [ "$broker" = mosquitto ]; then
    pid="$mosq_pid"; target=(--port "$mosq_port" --cafile "$work/fleet/ca.crt")
  else
    pid="$sink_pid"; target=(--port "$sink_port") # its certificate is generated: not checked
  fi
  local timing=("${short[@]}")
  case "$s" in f) timing=() ;; g) timing=(--warmup "${warmup}s" -d "${duration}s") ;; esac
  local out="$work/results/$s-$broker-$round.json"
  # shellcheck disable=SC2086
  if timeout $((duration + warmup + 300)) bash -c 'ulimit -n "$(ulimit -Hn)"; exec "$@"' _ \
      "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" iotcore.server.Main bench ${args[$s]} "${timing[@]}" \
      --fleet "$work/fleet" "${target[@]}" "${extra[@]}" --broker-pid "$pid" --json --quiet \
      --tag scenario="$s" --tag broker="$broker" --tag round="$round" --tag title="${title[$s]}" \
      >"$out.tmp" 2>"$work/logs/$s-$broker-$round.err"; then
    mv "$out.tmp" "$out"
    printf '  %-4s %-9s done\n' "$s" "$broker" >&2
  else
    rm -f "$out.tmp"
    printf '  %-4s %-9s FAILED: %s\n' "$s" "$broker" "$(tail -1 "$work/logs/$s-$broker-$round.err")" >&2
  fi
}

IFS=, read -r -a chosen <<<"$scenarios"
warm_jvm() { # broker: load that is not measured, so that the JIT has compiled the message paths
  local broker="$1" target=()
  [ "$jit" -gt 0 ] || return 0
  if [ "$broker" = iotcore ]; then target=(--data-dir "$work/iotcore"); else target=(--port "$sink_port"); fi
  for load in "-n 10 -m 1 --qos 1" "-n 1 --pub-as registry -m 100 --sub-as device --qos 0 --window 100"; do
    # shellcheck disable=SC2086
    timeout $((jit + 120)) "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" iotcore.server.Main bench pubsub $load \
      --warmup 0s -d "$(( (jit + 1) / 2 ))s" --drain 2s --fleet "$work/fleet" "${target[@]}" --quiet --json \
      >/dev/null 2>>"$work/logs/jit-warmup.err" || echo "  (JIT warm-up of $broker failed, see $work/logs/jit-warmup.err)" >&2
  done
  # and connects (scenario g's path: handshake, CONNECT of a known device, DISCONNECT), which the loads above do not run
  iotcore bench conn --mode rate --concurrency 8 --warmup 0s -d "$(( (jit + 1) / 2 ))s" --fleet "$work/fleet" "${target[@]}" \
    --quiet --json >/dev/null 2>>"$work/logs/jit-warmup.err" || echo "  (JIT warm-up of $broker failed, see $work/logs/jit-warmup.err)" >&2
  printf '  JIT warm-up of %s done\n' "$broker" >&2
}
for s in "${chosen[@]}"; do [ -n "${args[$s]:-}" ] || { echo "compare-mosquitto: unknown scenario $s" >&2; exit 1; }; done

echo "compare-mosquitto: work directory $work; $rounds rounds of ${warmup}s + ${duration}s per run" >&2
start_iotcore
if [ ! -f "$work/fleet/fleet.json" ]; then
  devices=$(( idle > 100 ? idle : 100 ))
  echo "compare-mosquitto: registering a fleet of $devices devices with certificates in iotcore..." >&2
  iotcore bench provision --data-dir "$work/iotcore" --fleet "$work/fleet" --devices "$devices" >&2
fi
stop_iotcore

for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds (both brokers restarted)" >&2
  start_iotcore
  start_mosquitto
  if [ "$sink" = 1 ]; then start_sink; fi
  # a JVM's start-up work (JIT compilation, its C heap arenas) settles within seconds: f's baseline reading
  # should not catch it half-way (iotcore's resident memory 2 s after start varied by 40 MB between rounds)
  sleep 10
  for s in "${chosen[@]}"; do # f first: the resident memory of fresh processes
    [ "$s" = f ] || continue
    run f iotcore "$round"
    run f mosquitto "$round"
    if [ "$sink" = 1 ]; then run f sink "$round"; fi
  done
  warm_jvm iotcore
  if [ "$sink" = 1 ]; then warm_jvm sink; fi
  for s in "${chosen[@]}"; do
    [ "$s" != f ] || continue
    run "$s" iotcore "$round"
    run "$s" mosquitto "$round"
    if [ "$sink" = 1 ]; then run "$s" sink "$round"; fi
  done
  stop_iotcore
  stop_mosquitto
  if [ "$sink" = 1 ]; then stop_sink; fi
done

# --- the table ------------------------------------------------------------------------------------------------
{
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem/ {print $2}') GiB;" \
    "$(. /etc/os-release && echo "$PRETTY_NAME"); $("$JAVA_HOME/bin/java" -version 2>&1 | head -1);" \
    "$("$mosquitto_bin" -h 2>/dev/null | head -1)"
  echo "Runs: $rounds rounds (brokers restarted each round, JVM JIT warm-up ${jit}s), warm-up ${warmup}s and measured ${duration}s per run," \
    "A B alternation, medians; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  iotcore bench table "$work/results" --brokers "iotcore,mosquitto$([ "$sink" = 1 ] && echo ,sink)"
} | tee "$work/table.md"
echo "compare-mosquitto: results in $work/results, table in $work/table.md" >&2
