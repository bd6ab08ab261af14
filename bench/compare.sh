#!/usr/bin/env bash
# A/B comparison of two runctl builds or JVM option sets against the same stub, alternating
# A and B so that a change of machine load hits both alike.
#
#   bench/compare.sh A.jar "A jvm options" B.jar "B jvm options" [rounds]
#
# COMPARE_JAVA_A and COMPARE_JAVA_B name the java launcher of each variant (default: java on
# the PATH), e.g. to compare Java 17 with Java 25 on the same jar.
#
# For each variant and round: start runctl, warm up (20 s), then a closed loop of GET /runs/{id}
# (10 s, 16 connections), a closed loop of pause + resume pairs (10 s), and GET at a fixed
# 200/s (15 s), each with runctl's CPU ms and allocated KB per operation (warm-up excluded: the
# closed loops measure from their first request). Prints one line per measurement and
# stops everything it started, also on failure. Loopback only; about 90 s per variant and round.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
A_JAR=$1 A_OPTS=$2 B_JAR=$3 B_OPTS=$4 ROUNDS=${5:-2}
WORK=$(mktemp -d /tmp/runctl-compare.XXXXXX)
PIDS=()
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
clean_up_on_exit

mkdir -p "$WORK/classes" "$WORK/runctl"
javac -d "$WORK/classes" "$ROOT"/bench/src/*.java
java -XX:+UseSerialGC -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" UpstreamStub 0 8 > "$WORK/stub.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do grep -q READY "$WORK/stub.log" && break; sleep 0.05; done
STUB_PORT=$(awk '/READY/ {print $2}' "$WORK/stub.log")
export CLARIFAI_API_BASE="http://127.0.0.1:$STUB_PORT" CLARIFAI_PAT=bench-upstream-token
API_KEY=bench-compare-key
export RUNCTL_API_KEYS="bench:operator:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)"
COORDS="user_id=acme-user&app_id=pipelines-app&pipeline_id=hello-world-pipeline&pipeline_version_id=48862434906f482e94a2ec638a4233a1"
LOAD_BASE=(java -XX:+UseSerialGC -cp "$WORK/classes" Load --header "Authorization: Bearer $API_KEY")

# One measured load run, with runctl's CPU ms per operation and, with COMPARE_ALLOC=1, allocated
# KB per operation (JFR thread allocation counters around the run, see bench/alloc.jfc). Caveat:
# starting JFR in a running JVM makes it drop compiled code, so with COMPARE_ALLOC=1 the runs
# measure partly interpreted code (more allocation, far more CPU); compare A and B only with each
# other then.
measure() { # pid load-options...
	local pid=$1 line ops bytes
	shift
	if [[ "${COMPARE_ALLOC:-0}" != 1 ]]; then
		"${LOAD[@]}" "$@" --cpu-pid "$pid"
		return
	fi
	jcmd "$pid" JFR.start name=alloc settings="$ROOT/bench/alloc.jfc" > /dev/null
	line=$("${LOAD[@]}" "$@" --cpu-pid "$pid")
	jcmd "$pid" JFR.stop name=alloc filename="$WORK/alloc.jfr" > /dev/null
	bytes=$(java -cp "$WORK/classes" JfrTop --alloc "$WORK/alloc.jfr")
	ops=$(awk '{print $5}' <<< "$line")
	echo "$line alloc_kb_per_op=$(( bytes / 1024 / (ops > 0 ? ops : 1) ))"
}

# JIT warm-up until runctl's CPU per operation settles: 10 s windows of GETs and of pairs,
# until a GET window costs less than 10 % more CPU per operation than the one before (at least
# 6 windows, at most 15). On a busy machine the compiler threads get little CPU, and a fixed
# 20 s warm-up left runctl partly interpreted: CPU per GET went 15 → 10 → 4.8 → 2.3 → 1.5 →
# 1.0 → 0.6 → 0.5 ms over 2 minutes at a load average of 20.
warm_up() { # pid
	local pid=$1 previous=1000000 cpu windows=0
	while (( windows < ${COMPARE_WARMUP_WINDOWS:-15} )); do
		windows=$(( windows + 1 ))
		cpu=$("${LOAD[@]}" --label warm --get "/runs/{run}?$COORDS" --concurrency 16 --warmup 0 --duration 10 \
			--cpu-pid "$pid" | awk '{print $NF}')
		"${LOAD[@]}" --label warm --pause "/runs/{run}/pause?$COORDS" --resume "/runs/{run}/resume?$COORDS" \
			--concurrency 16 --warmup 0 --duration 4 --run-prefix warm > /dev/null
		echo "warm-up window $windows: $cpu ms CPU per GET" >&2
		if (( windows >= 6 )) && awk -v c="$cpu" -v p="$previous" 'BEGIN {exit !(c > p * 0.9)}'; then
			break
		fi
		previous=$cpu
	done
}

variant() { # label jar options java
	local label=$1 jar=$2 opts=$3 java=$4 pid
	# A fresh port per variant: the previous one may still be shutting down.
	# Below the kernel's ephemeral range (32768-60999 by default).
	PORT=$(( 10000 + RANDOM % 22000 ))
	LOAD=("${LOAD_BASE[@]}" --port "$PORT")
	# shellcheck disable=SC2086
	env -C "$WORK/runctl" "$java" $opts -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" \
		--runctl.upstream.rate-limit=1000000 --runctl.security.rate-limit.requests-per-second=0 > "$WORK/runctl-$label.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	local deadline=$(( SECONDS + 120 ))
	until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do
		(( SECONDS > deadline )) && { echo "runctl $label did not start" >&2; return 1; }
		sleep 0.1
	done
	warm_up "$pid"
	echo "$label load=$(cut -d' ' -f1 /proc/loadavg)"
	measure "$pid" --label "$label-get" --get "/runs/{run}?$COORDS" --concurrency 16 --warmup 0 --duration 10
	measure "$pid" --label "$label-pair" --pause "/runs/{run}/pause?$COORDS" --resume "/runs/{run}/resume?$COORDS" \
		--concurrency 16 --warmup 0 --duration 10
	if [[ "${COMPARE_OPEN:-1}" == 1 ]]; then
		measure "$pid" --label "$label-get-200/s" --get "/runs/{run}?$COORDS" --concurrency 16 --rate 200 \
			--warmup 0 --duration 15 --run-prefix open
	fi
	echo "$label RSS $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status")"
	kill "$pid"
	for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	local kept=() p
	for p in "${PIDS[@]}"; do [[ "$p" != "$pid" ]] && kept+=("$p"); done
	PIDS=("${kept[@]}")
}

for round in $(seq 1 "$ROUNDS"); do
	variant "A$round" "$A_JAR" "$A_OPTS" "${COMPARE_JAVA_A:-java}"
	variant "B$round" "$B_JAR" "$B_OPTS" "${COMPARE_JAVA_B:-java}"
done
