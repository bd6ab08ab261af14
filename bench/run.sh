#!/usr/bin/env bash
# runctl load harness: the control path side by side with a plain proxy, start-up and idle memory.
#
#   bench/run.sh            full run (about 6 minutes), updates BENCHMARKS.md and docs/benchmarks/
#   BENCH_QUICK=1 bench/run.sh   short smoke run (about 2 minutes), writes only to its temp dir
#
# Everything listens on 127.0.0.1 only; every process it starts is stopped when it ends, also on
# failure or Ctrl-C. See BENCHMARKS.md for the method. Environment knobs (all optional):
#   BENCH_CONCURRENCY (16)  connections for the closed-loop (throughput) runs
#   BENCH_RATE (200)        operations per second for the fixed-rate runs (pairs run at half of it)
#   BENCH_DURATION (10)     measured seconds per closed-loop run (fixed-rate runs measure 1.5x)
#   BENCH_JAVA_OPTS         JVM options for runctl under load (default: the recommended ones below)
#   BENCH_JFR=1             record a JFR profile of runctl under load and print its hottest frames
#   BENCH_STARTUP_RUNS (3)  start-ups per JVM option set
#   BENCH_JAVA25            a Java 25 for the AOT cache start-up rows (default: Temurin 25, if there;
#                           without one those rows are skipped)
#   BENCH_HARD_LIMIT (1200) seconds after which the run stops itself, whatever it is doing
#   BENCH_BUILD=1           rebuild the jar even if one exists
#   BENCH_KEEP=1            keep the temp dir (logs, raw results, JFR file)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
QUICK=${BENCH_QUICK:-0}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
RATE=${BENCH_RATE:-200}
DURATION=${BENCH_DURATION:-10}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-3}
if [[ "$QUICK" == 1 ]]; then
	DURATION=3
	STARTUP_RUNS=2
fi
OPEN_DURATION=$(( DURATION * 3 / 2 ))
PAIR_RATE=$(( RATE / 2 ))
HARD_LIMIT=${BENCH_HARD_LIMIT:-1200}

# The recommended JVM options for runctl (see BENCHMARKS.md, "Start-up and idle memory").
RECOMMENDED_OPTS="-XX:+UseSerialGC -Xss512k -Xms64m -XX:MaxRAMPercentage=75"
JAVA_OPTS_LOAD=${BENCH_JAVA_OPTS:-$RECOMMENDED_OPTS}

WORK=$(mktemp -d /tmp/runctl-bench.XXXXXX)
PIDS=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_all() {
	local pid
	for pid in "${PIDS[@]:-}"; do
		[[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
	done
	for _ in $(seq 1 100); do
		local alive=0
		for pid in "${PIDS[@]:-}"; do
			[[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && alive=1
		done
		[[ $alive == 0 ]] && break
		sleep 0.1
	done
	for pid in "${PIDS[@]:-}"; do
		[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
	done
	PIDS=()
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop_all
	if [[ "${BENCH_KEEP:-0}" == 1 || $status != 0 ]]; then
		log "kept $WORK"
	else
		rm -rf "$WORK"
	fi
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A watchdog: the whole run is bounded in time whatever happens.
(
	trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
	sleep "$HARD_LIMIT" &
	sleeper=$!
	wait "$sleeper"
	log "hard time limit of ${HARD_LIMIT}s reached"
	kill -TERM $$
) 2>/dev/null &
PIDS+=("$!")

# Runs a command in the background and waits for it, so that a signal reaches the trap at once
# and the command is stopped with everything else.
run() {
	"$@" &
	local pid=$! status=0
	PIDS+=("$pid")
	wait "$pid" || status=$?
	forget "$pid"
	return $status
}

# Drops a finished process from the list of those to stop.
forget() {
	local kept=() p
	for p in "${PIDS[@]}"; do
		[[ "$p" != "$1" ]] && kept+=("$p")
	done
	PIDS=("${kept[@]}")
}

free_port() {
	local port
	for _ in $(seq 1 50); do
		# Below the kernel's ephemeral range (32768-60999 by default), where outgoing
		# connections take their local ports.
		port=$(( 10000 + RANDOM % 22000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	echo "no free port found" >&2
	return 1
}

wait_ready() { # url seconds [any: any HTTP answer will do]
	local deadline=$(( SECONDS + $2 )) fail=-f
	[[ "${3:-}" == any ]] && fail=
	until curl -s $fail -o /dev/null "$1"; do
		if (( SECONDS > deadline )); then
			log "not ready: $1"
			return 1
		fi
		sleep 0.05
	done
}

# ---------------------------------------------------------------------------------------------
cd "$ROOT"
JAR=$(ls target/runctl-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [[ -z "$JAR" || "${BENCH_BUILD:-0}" == 1 ]]; then
	log "building the jar"
	./mvnw -B -ntp -q -DskipTests package
	JAR=$(ls target/runctl-*.jar | grep -v plain | head -1)
fi
JAR="$ROOT/$JAR"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" bench/src/*.java
LOAD=(java -XX:+UseSerialGC -cp "$WORK/classes" Load)
RESULTS="$WORK/results.tsv"
STARTUP="$WORK/startup.tsv"
: > "$RESULTS"
: > "$STARTUP"

# The API key the harness sends (used once runctl requires keys; harmless before).
API_KEY="bench-key-$(date +%s%N | sha256sum | cut -c1-24)"
API_KEY_HASH=$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)
export RUNCTL_API_KEYS="bench:operator:$API_KEY_HASH"

USER_ID=acme-user
APP_ID=pipelines-app
PIPELINE_ID=hello-world-pipeline
VERSION_ID=48862434906f482e94a2ec638a4233a1
UPSTREAM_RUN="/v2/users/$USER_ID/apps/$APP_ID/pipelines/$PIPELINE_ID/versions/$VERSION_ID/runs/{run}"
COORDS="user_id=$USER_ID&app_id=$APP_ID&pipeline_id=$PIPELINE_ID&pipeline_version_id=$VERSION_ID"

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the upstream stub --------------------------------------------------------------------------
java -XX:+UseSerialGC -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" UpstreamStub 0 8 \
	> "$WORK/stub.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do grep -q READY "$WORK/stub.log" && break; sleep 0.05; done
STUB_PID=${PIDS[-1]}
STUB_PORT=$(awk '/READY/ {print $2}' "$WORK/stub.log")
[[ -n "$STUB_PORT" ]] || { log "the stub did not start"; cat "$WORK/stub.log"; exit 1; }
log "stub on 127.0.0.1:$STUB_PORT"
export CLARIFAI_API_BASE="http://127.0.0.1:$STUB_PORT" CLARIFAI_PAT=bench-upstream-token

# --- nginx as a plain reverse proxy -------------------------------------------------------------
NGINX_PORT=$(free_port)
start_nginx "$WORK/nginx" "$STUB_PORT" "$NGINX_PORT"
PIDS+=("$!")
wait_ready "http://127.0.0.1:$NGINX_PORT/" 10 any
log "nginx on 127.0.0.1:$NGINX_PORT"

# --- runctl from the jar ------------------------------------------------------------------------
RUNCTL_PORT=$(free_port)
JFR_OPTS=()
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
	JFR_OPTS=("-XX:StartFlightRecording=filename=$WORK/runctl.jfr,settings=profile,dumponexit=true")
fi
mkdir -p "$WORK/runctl"
# shellcheck disable=SC2086
env -C "$WORK/runctl" java $JAVA_OPTS_LOAD "${JFR_OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 \
	--server.port="$RUNCTL_PORT" --runctl.upstream.rate-limit=1000000 \
	--runctl.security.rate-limit.requests-per-second=0 > "$WORK/runctl.log" 2>&1 &
RUNCTL_PID=$!
PIDS+=("$RUNCTL_PID")
wait_ready "http://127.0.0.1:$RUNCTL_PORT/actuator/health/readiness" 90
log "runctl on 127.0.0.1:$RUNCTL_PORT (pid $RUNCTL_PID, options: $JAVA_OPTS_LOAD)"

AUTH=(--header "Authorization: Bearer $API_KEY")
DIRECT=(--port "$STUB_PORT" --get "$UPSTREAM_RUN" --header "Authorization: Key bench-upstream-token" --cpu-pid "$STUB_PID")
PROXY=(--port "$NGINX_PORT" --get "$UPSTREAM_RUN" --header "Authorization: Key bench-upstream-token")
GET=(--port "$RUNCTL_PORT" --get "/runs/{run}?$COORDS" "${AUTH[@]}" --cpu-pid "$RUNCTL_PID")
PAIR=(--port "$RUNCTL_PORT" --pause "/runs/{run}/pause?$COORDS" --resume "/runs/{run}/resume?$COORDS" "${AUTH[@]}"
	--cpu-pid "$RUNCTL_PID")

# JIT warm-up of runctl (not measured), until its CPU per operation settles: 10 s windows of GETs
# and of pairs, until a GET window costs less than 10 % more CPU per operation than the one
# before (at least 6 windows, at most 12). On a busy machine the compiler threads get little CPU
# and a fixed 20 s warm-up left runctl partly interpreted (BENCHMARKS.md).
log "warming runctl up"
WARM_PREVIOUS=1000000
WARM_WINDOWS=0
while (( WARM_WINDOWS < (QUICK == 1 ? 2 : 12) )); do
	WARM_WINDOWS=$(( WARM_WINDOWS + 1 ))
	WARM_CPU=$(run "${LOAD[@]}" --label warmup "${GET[@]}" --concurrency "$CONCURRENCY" --warmup 0 --duration 10 \
		| awk '{print $NF}')
	run "${LOAD[@]}" --label warmup "${PAIR[@]}" --concurrency "$CONCURRENCY" --warmup 0 --duration 4 \
		--run-prefix warm > /dev/null
	log "warm-up window $WARM_WINDOWS: $WARM_CPU ms CPU per GET"
	if (( WARM_WINDOWS >= (QUICK == 1 ? 2 : 6) )) && awk -v c="$WARM_CPU" -v p="$WARM_PREVIOUS" 'BEGIN {exit !(c > p * 0.9)}'; then
		break
	fi
	WARM_PREVIOUS=$WARM_CPU
done
RSS_WARM=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$RUNCTL_PID/status")

log "closed loop: $CONCURRENCY connections, ${DURATION}s each"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
for target in DIRECT PROXY GET PAIR; do
	declare -n args=$target
	label=$(case $target in DIRECT) echo direct;; PROXY) echo nginx;; GET) echo runctl-get;; PAIR) echo runctl-pair;; esac)
	run "${LOAD[@]}" --label "$label" "${args[@]}" --concurrency "$CONCURRENCY" --warmup 2 --duration "$DURATION" --out "$RESULTS"
	unset -n args
done

log "fixed rate: $RATE ops/s (pairs: $PAIR_RATE pairs/s), ${OPEN_DURATION}s each"
for target in DIRECT PROXY GET PAIR; do
	declare -n args=$target
	label=$(case $target in DIRECT) echo direct;; PROXY) echo nginx;; GET) echo runctl-get;; PAIR) echo runctl-pair;; esac)
	rate=$RATE
	[[ $target == PAIR ]] && rate=$PAIR_RATE
	run "${LOAD[@]}" --label "$label" "${args[@]}" --concurrency "$CONCURRENCY" --rate "$rate" --warmup 2 \
		--duration "$OPEN_DURATION" --out "$RESULTS" --run-prefix open
	unset -n args
done

log "cross-check with wrk (1 thread, $CONCURRENCY connections, ${DURATION}s each)"
WRK="$WORK/wrk.tsv"
: > "$WRK"
wrk_run() { # label url header
	local out
	run wrk -t1 -c"$CONCURRENCY" -d"${DURATION}s" --latency -H "$3" "$2" > "$WORK/wrk-$1.txt"
	printf '%s\t%s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-$1.txt")" >> "$WRK"
}
wrk_run direct "http://127.0.0.1:$STUB_PORT${UPSTREAM_RUN/\{run\}/wrkrun}" "Authorization: Key bench-upstream-token"
wrk_run nginx "http://127.0.0.1:$NGINX_PORT${UPSTREAM_RUN/\{run\}/wrkrun}" "Authorization: Key bench-upstream-token"
wrk_run runctl-get "http://127.0.0.1:$RUNCTL_PORT/runs/wrkrun?$COORDS" "Authorization: Bearer $API_KEY"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
RSS_LOADED=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$RUNCTL_PID/status")
grep -q "ERROR" "$WORK/runctl.log" && log "runctl logged errors, see $WORK/runctl.log" || true

if [[ "${BENCH_JFR:-0}" == 1 ]]; then
	kill "$RUNCTL_PID"
	for _ in $(seq 1 100); do kill -0 "$RUNCTL_PID" 2>/dev/null || break; sleep 0.1; done
	run java -cp "$WORK/classes" JfrTop "$WORK/runctl.jfr" > "$WORK/jfr-top.txt"
	cat "$WORK/jfr-top.txt"
else
	kill "$RUNCTL_PID"
	for _ in $(seq 1 100); do kill -0 "$RUNCTL_PID" 2>/dev/null || break; sleep 0.1; done
fi

# --- start-up to ready and idle RSS -------------------------------------------------------------
log "start-up: $STARTUP_RUNS runs per option set"
EXTRACTED="$WORK/extracted"
run java -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" > /dev/null
EXTRACTED_JAR="$EXTRACTED/$(basename "$JAR")"
SPORT=$(free_port)
APP_ARGS=(--server.address=127.0.0.1 --server.port="$SPORT")
# The AppCDS archive: one training run that stops once the context has refreshed.
run env -C "$WORK/runctl" java $RECOMMENDED_OPTS -XX:ArchiveClassesAtExit="$EXTRACTED/runctl.jsa" \
	-Dspring.context.exit=onRefresh -jar "$EXTRACTED_JAR" "${APP_ARGS[@]}" > "$WORK/cds-training.log" 2>&1 || true
# Spring's AOT mode (-Dspring.aot.enabled=true: the bean definitions the build worked out) loads other
# classes, so it gets archives of its own.
SPRING_AOT=-Dspring.aot.enabled=true
run env -C "$WORK/runctl" java $RECOMMENDED_OPTS $SPRING_AOT -XX:ArchiveClassesAtExit="$EXTRACTED/runctl-spring-aot.jsa" \
	-Dspring.context.exit=onRefresh -jar "$EXTRACTED_JAR" "${APP_ARGS[@]}" > "$WORK/cds-spring-aot-training.log" 2>&1 || true
# The same jar (built for Java 17) on Java 25 with its AOT cache (JEP 483/514/515): one training
# run like the AppCDS one writes the cache (loaded and linked classes, method profiles).
JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [[ -x "$JAVA25" ]]; then
	run env -C "$WORK/runctl" "$JAVA25" $RECOMMENDED_OPTS -XX:AOTCacheOutput="$EXTRACTED/runctl.aot" \
		-Dspring.context.exit=onRefresh -jar "$EXTRACTED_JAR" "${APP_ARGS[@]}" > "$WORK/aot-training.log" 2>&1 || true
	run env -C "$WORK/runctl" "$JAVA25" $RECOMMENDED_OPTS $SPRING_AOT -XX:AOTCacheOutput="$EXTRACTED/runctl-spring-aot.aot" \
		-Dspring.context.exit=onRefresh -jar "$EXTRACTED_JAR" "${APP_ARGS[@]}" > "$WORK/aot-spring-aot-training.log" 2>&1 || true
else
	log "no Java 25 at $JAVA25 (set BENCH_JAVA25): the AOT cache rows are skipped"
fi
startup() { # label java java-options... (then the jar is appended)
	local label=$1
	shift
	SPORT=$(free_port)
	APP_ARGS=(--server.address=127.0.0.1 --server.port="$SPORT")
	run java -cp "$WORK/classes" Startup --label "$label" --runs "$STARTUP_RUNS" --port "$SPORT" --idle 5 \
		--dir "$WORK/runctl" --out "$STARTUP" --log "$WORK/startup.log" -- "$@" "${APP_ARGS[@]}"
}
# shellcheck disable=SC2086
{
	startup "java -jar (defaults)" java -jar "$JAR"
	startup "recommended options" java $RECOMMENDED_OPTS -jar "$JAR"
	startup "recommended + extracted jar" java $RECOMMENDED_OPTS -jar "$EXTRACTED_JAR"
	if [[ -f "$EXTRACTED/runctl.jsa" ]]; then
		startup "recommended + extracted + AppCDS" java $RECOMMENDED_OPTS -XX:SharedArchiveFile="$EXTRACTED/runctl.jsa" -jar "$EXTRACTED_JAR"
		startup "same + TieredStopAtLevel=1" java $RECOMMENDED_OPTS -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$EXTRACTED/runctl.jsa" -jar "$EXTRACTED_JAR"
		startup "recommended + extracted + AppCDS + Spring AOT mode" java $RECOMMENDED_OPTS $SPRING_AOT -XX:SharedArchiveFile="$EXTRACTED/runctl-spring-aot.jsa" -jar "$EXTRACTED_JAR"
	else
		log "no AppCDS archive was written (see $WORK/cds-training.log)"
	fi
	if [[ -f "$EXTRACTED/runctl.aot" ]]; then
		startup "Java 25: recommended + extracted + AOT cache" "$JAVA25" $RECOMMENDED_OPTS -XX:AOTCache="$EXTRACTED/runctl.aot" -jar "$EXTRACTED_JAR"
		startup "Java 25: same + TieredStopAtLevel=1" "$JAVA25" $RECOMMENDED_OPTS -XX:TieredStopAtLevel=1 -XX:AOTCache="$EXTRACTED/runctl.aot" -jar "$EXTRACTED_JAR"
		startup "Java 25: AOT cache + Spring AOT mode" "$JAVA25" $RECOMMENDED_OPTS $SPRING_AOT -XX:AOTCache="$EXTRACTED/runctl-spring-aot.aot" -jar "$EXTRACTED_JAR"
		startup "Java 25: Spring AOT mode + AOT cache + TieredStopAtLevel=1" "$JAVA25" $RECOMMENDED_OPTS $SPRING_AOT -XX:TieredStopAtLevel=1 -XX:AOTCache="$EXTRACTED/runctl-spring-aot.aot" -jar "$EXTRACTED_JAR"
		# A cache the JVM cannot use is only reported on its output, and the start is then as slow as without one.
		if grep -q '\[error\]\[aot\]' "$WORK/startup.log"; then
			log "Java 25 rejected the AOT cache (see $WORK/startup.log)"
		fi
	elif [[ -x "$JAVA25" ]]; then
		log "no AOT cache was written (see $WORK/aot-training.log)"
	fi
}

# --- the report ----------------------------------------------------------------------------------
stop_all
MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
if [[ -f "$EXTRACTED/runctl.aot" ]]; then
	MACHINE="$MACHINE; Java 25 rows: $("$JAVA25" -version 2>&1 | head -1)"
fi
CONTEXT="concurrency $CONCURRENCY, rate $RATE ops/s (pairs $PAIR_RATE/s), ${DURATION}s closed / ${OPEN_DURATION}s fixed-rate per row; load average $LOAD_START at the start of the load runs, $LOAD_END at their end; runctl options: $JAVA_OPTS_LOAD; runctl RSS after warm-up $RSS_WARM MB, after the load runs $RSS_LOADED MB"
if [[ "$QUICK" == 1 ]]; then
	java -Djava.awt.headless=true -cp "$WORK/classes" Report "$RESULTS" "$WRK" "$STARTUP" "$MACHINE" "$CONTEXT" "$WORK/control-path.png" ""
	log "quick run: chart in $WORK/control-path.png (BENCHMARKS.md untouched)"
	BENCH_KEEP=1
else
	mkdir -p docs/benchmarks
	cp "$RESULTS" docs/benchmarks/control-path.tsv
	cp "$WRK" docs/benchmarks/control-path-wrk.tsv
	cp "$STARTUP" docs/benchmarks/startup.tsv
	java -Djava.awt.headless=true -cp "$WORK/classes" Report "$RESULTS" "$WRK" "$STARTUP" "$MACHINE" "$CONTEXT" docs/benchmarks/control-path.png BENCHMARKS.md
	log "updated BENCHMARKS.md and docs/benchmarks/"
fi
