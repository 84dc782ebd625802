# Sourced by ./iotcore and the scripts in bench/: picks the JDK and the JVM options that every server and tool
# process of iotcore runs with, so that what the benchmarks measure is what users run.
#   iotcore_jdk NAME   exports JAVA_HOME (a JDK 21 or newer: JAVA_HOME if it is one, else the first under
#                      /usr/lib/jvm, Temurin 25 first); exits with a message starting with NAME when there is none
#   iotcore_jvm        the array of JVM options, set by iotcore_jdk

# The JDK's release file tells its version without starting a JVM (a quarter of a second of every command).
iotcore_java_ok() {
  [ -x "$1/bin/java" ] || return 1
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  [ -n "$v" ] || v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p' | cut -d. -f1)"
  [ "${v:-0}" -ge 21 ]
}

iotcore_jdk() {
  if [ -z "${JAVA_HOME:-}" ] || ! iotcore_java_ok "$JAVA_HOME"; then
    local candidate
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
      if iotcore_java_ok "$candidate"; then export JAVA_HOME="$candidate"; break; fi
    done
  fi
  iotcore_java_ok "${JAVA_HOME:-/nonexistent}" || { echo "$1: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
  iotcore_jvm=(--enable-native-access=ALL-UNNAMED)
  # On JDK 24+ Netty leaves sun.misc.Unsafe alone unless told otherwise (JEP 471 would print a warning) and reaches
  # direct buffers through ByteBuffer with a bounds and liveness check per access: a tenth of an event loop's time
  # under load. The JDK still supports the access; allowing it keeps Netty on its fast path. Older JDKs do so anyway.
  if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null)" -ge 24 ] 2>/dev/null; then
    iotcore_jvm+=(--sun-misc-unsafe-memory-access=allow -Dio.netty.noUnsafe=false)
  fi
}
