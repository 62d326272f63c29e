# Shared by bin/lovage, bin/demo, bin/test and .ci/run: find a JDK, make sure RabbitMQ and Redis answer on
# localhost, and keep the Python virtualenvs of the interop app. Source it; it defines functions only.

LOVAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOVAGE_STATE="$LOVAGE_ROOT/.lovage"

# The JVM options bin/lovage and bin/bench use unless LOVAGE_JAVA_OPTS is set (docs/benchmarks.md has the
# measurements): C1 only, compiling early, so a fresh worker is fast within seconds rather than after a minute of C2
# compiling (long-lived, heavily loaded workers do better with C2: drop the first two options); a stated heap bound,
# a quarter of the machine's memory (of the container's, in a container): a worker shares its host with others, and
# what it decodes is bounded (README, "Failure behaviour": sizing); and G1 told to give memory back: a collection
# every 5 s while the worker is idle (G1PeriodicGCInterval, JEP 346) and a heap kept within 10-30 % free, so a burst
# of large messages does not leave the process at its high-water mark (the serial collector, used before, never
# shrank below its initial 1/64 of RAM: RSS 169 -> 378 MB after the fault suite's fuzz, against 124 -> 154 MB).
# The image uses the same collector options with 75 % of its container.
LOVAGE_DEFAULT_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05 -XX:MaxRAMPercentage=25 \
-XX:+UseG1GC -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

log() { printf '[lovage] %s\n' "$*" >&2; }
die() { printf '[lovage] error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $*"; fi
}

# The Java feature version of a java binary, or 0.
java_version() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' \
        | awk -F. '{ if ($1 == 1) print $2; else print $1 }'
}

# The Java feature version of a JDK directory: from its `release` file (JAVA_VERSION="25.0.3"), which costs no JVM
# start (each one is 50 to 100 ms of bin/lovage's start-up), else by asking its java.
jdk_version() {
    local v
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
    if [ -n "$v" ] && [ "$v" != 1 ]; then echo "$v"; else java_version "$1/bin/java"; fi
}

# Sets JAVA_HOME to a JDK 21+: $JAVA_HOME if it is one, else `java` on PATH, else the newest under /usr/lib/jvm.
find_jdk() {
    local candidate v home best="" best_v=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        v=$(jdk_version "$JAVA_HOME"); [ "${v:-0}" -ge 21 ] && return 0
    fi
    if command -v javac >/dev/null && command -v java >/dev/null; then
        home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
        v=$(jdk_version "$home")
        if [ "${v:-0}" -ge 21 ]; then
            JAVA_HOME="$home"; export JAVA_HOME; return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        v=$(jdk_version "$candidate")
        if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$candidate"; best_v="$v"; fi
    done
    [ -n "$best" ] || die "no JDK 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm/*); install one, e.g. Temurin 21"
    JAVA_HOME="$best"; export JAVA_HOME
    PATH="$JAVA_HOME/bin:$PATH"; export PATH
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds name
    local i
    for ((i = 0; i < $2 * 5; i++)); do port_open "$1" && return 0; sleep 0.2; done
    die "$3 did not start listening on 127.0.0.1:$1 within $2 s"
}

apt_install() { # packages...
    log "installing $* with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Redis on 6379 alone (enough for a Redis broker): reuse a running one, else docker compose where an engine answers,
# else the Debian package, installed if missing and started on loopback.
ensure_redis() {
    port_open 6379 && return 0
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
        log "starting Redis with docker compose"
        docker compose -f "$LOVAGE_ROOT/docker/compose.yaml" up -d redis
        wait_port 6379 60 Redis
        return 0
    fi
    command -v redis-server >/dev/null || apt_install redis-server
    log "starting redis-server on 127.0.0.1:6379"
    as_root redis-server --port 6379 --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null
    wait_port 6379 30 Redis
}

# RabbitMQ on 5672 and Redis on 6379: reuse running ones; else docker compose where an engine answers; else the
# Debian packages, installed if missing and started on loopback.
ensure_servers() {
    if port_open 5672 && port_open 6379; then return 0; fi
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
        log "starting RabbitMQ and Redis with docker compose"
        docker compose -f "$LOVAGE_ROOT/docker/compose.yaml" up -d rabbitmq redis
        wait_port 5672 120 RabbitMQ; wait_port 6379 60 Redis
        return 0
    fi
    ensure_redis
    if ! port_open 5672; then
        [ -x /usr/sbin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
        log "starting rabbitmq-server on 127.0.0.1:5672"
        as_root env RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached >/dev/null 2>&1 || true
        wait_port 5672 120 RabbitMQ
        as_root rabbitmqctl await_startup >/dev/null 2>&1 || true
    fi
}

# ensure_venv NAME REQUIREMENTS_FILE: prints the python path of .lovage/venv-NAME, re-installing when the file changed.
ensure_venv() {
    local dir="$LOVAGE_STATE/venv-$1" req="$2" stamp
    stamp=$(sha256sum "$req" | cut -d' ' -f1)
    if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.requirements.sha256" 2>/dev/null)" != "$stamp" ]; then
        log "creating the Python virtualenv $dir from ${req#"$LOVAGE_ROOT"/}"
        rm -rf "$dir"; mkdir -p "$LOVAGE_STATE"
        python3 -m venv "$dir" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$dir"; }
        "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >&2
        echo "$stamp" > "$dir/.requirements.sha256"
    fi
    echo "$dir/bin/python"
}

# The fat jar, rebuilt when a source or POM is newer than it.
ensure_jar() {
    local jar="$LOVAGE_ROOT/cli/target/lovage.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$LOVAGE_ROOT" -path "$LOVAGE_ROOT/.lovage" -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit 2>/dev/null)" ]; then
        log "building cli/target/lovage.jar"
        (cd "$LOVAGE_ROOT" && ./mvnw -q -B -DskipTests -pl cli -am install) >&2
    fi
    echo "$jar"
}

# aot_opts JAR "JAVA_OPTS" WORKER_ARGS...: prints the JVM option that starts `lovage worker` from the project's class
# cache, building the cache first when there is none: JDK 25's AOT cache (-XX:AOTCacheOutput, JEP 483/514/515:
# classes loaded and linked, method profiles), or an AppCDS archive on JDK 21-24 (-XX:ArchiveClassesAtExit). The
# cache is made by one training run of the same command line with -Dlovage.aot.training=true (the worker's start-up
# path against the real broker and Redis, no queue consumed: cli AotTraining), kept in .lovage/aot/ under a key of
# the jar (size, time), the JDK and the JVM options, so a rebuilt jar, another JDK or other options make a new one.
# Prints nothing, and the worker starts as before, when LOVAGE_AOT=0 or when no cache could be made
# (.lovage/aot/training.log says why).
aot_opts() {
    local jar="$1" opts="$2" dir="$LOVAGE_STATE/aot" v key cache tmp out use
    shift 2
    [ "${LOVAGE_AOT:-1}" != 0 ] || return 0
    v=$(jdk_version "$JAVA_HOME")
    [ "${v:-0}" -ge 21 ] || return 0
    key=$({ stat -c '%s %Y' "$jar"; echo "$jar $JAVA_HOME $opts"; cat "$JAVA_HOME/release" 2>/dev/null; } \
        | sha256sum | cut -c1-16)
    if [ "$v" -ge 25 ]; then
        cache="$dir/lovage-$key.aot"; out=-XX:AOTCacheOutput; use=-XX:AOTCache
    else
        cache="$dir/lovage-$key.jsa"; out=-XX:ArchiveClassesAtExit; use=-XX:SharedArchiveFile
    fi
    if [ ! -s "$cache" ] && [ ! -e "$cache.unsupported" ]; then
        mkdir -p "$dir" || return 0
        find "$dir" -maxdepth 1 -name 'lovage-*' ! -name "lovage-$key.*" -delete 2>/dev/null
        log "building the JVM class cache ${cache#"$LOVAGE_ROOT"/} with a training run (once; LOVAGE_AOT=0: off)"
        tmp="$cache.$$.tmp"
        # shellcheck disable=SC2086
        if timeout 120 "$JAVA_HOME/bin/java" $opts "$out=$tmp" -Dlovage.aot.training=true -jar "$jar" "$@" \
                >"$dir/training.log" 2>&1 </dev/null; then
            if [ -s "$tmp" ]; then mv -f "$tmp" "$cache"; else touch "$cache.unsupported"; fi
        else
            log "no class cache (see ${dir#"$LOVAGE_ROOT"/}/training.log); starting without it"
        fi
        rm -f "$tmp" "$tmp.config"
    fi
    if [ -s "$cache" ]; then echo "$use=$cache"; fi
}
