#!/usr/bin/env bash
# A/B comparison of two runctl builds or JVM option sets against the same stub, alternating
# A and B so that a change of machine load hits both alike.
#
#   bench/compare.sh A.jar "A jvm options" B.jar "B jvm options" [rounds]
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
cleanup() {
	local status=$? pid
	trap - EXIT INT TERM
	for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
	sleep 1
	for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true; done
	[[ "${BENCH_KEEP:-0}" == 1 ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
PORT=$(( 20000 + RANDOM % 30000 ))
LOAD=(java -XX:+UseSerialGC -cp "$WORK/classes" Load --port "$PORT" --header "Authorization: Bearer $API_KEY")

# One measured load run, with runctl's CPU ms and allocated KB per operation (JFR thread
# allocation counters around the run, see bench/alloc.jfc).
measure() { # pid load-options...
	local pid=$1 line ops bytes
	shift
	jcmd "$pid" JFR.start name=alloc settings="$ROOT/bench/alloc.jfc" > /dev/null
	line=$("${LOAD[@]}" "$@" --cpu-pid "$pid")
	jcmd "$pid" JFR.stop name=alloc filename="$WORK/alloc.jfr" > /dev/null
	bytes=$(java -cp "$WORK/classes" JfrTop --alloc "$WORK/alloc.jfr")
	ops=$(awk '{print $5}' <<< "$line")
	echo "$line alloc_kb_per_op=$(( bytes / 1024 / (ops > 0 ? ops : 1) ))"
}

variant() { # label jar options
	local label=$1 jar=$2 opts=$3 pid
	# shellcheck disable=SC2086
	env -C "$WORK/runctl" java $opts -jar "$jar" --server.address=127.0.0.1 --server.port="$PORT" \
		--runctl.upstream.rate-limit=1000000 --runctl.security.rate-limit.requests-per-second=0 > "$WORK/runctl-$label.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	local deadline=$(( SECONDS + 120 ))
	until curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness"; do
		(( SECONDS > deadline )) && { echo "runctl $label did not start" >&2; return 1; }
		sleep 0.1
	done
	"${LOAD[@]}" --label warm --get "/runs/{run}?$COORDS" --concurrency 16 --warmup 0 --duration 12 > /dev/null
	"${LOAD[@]}" --label warm --pause "/runs/{run}/pause?$COORDS" --resume "/runs/{run}/resume?$COORDS" \
		--concurrency 16 --warmup 0 --duration 8 --run-prefix warm > /dev/null
	echo "$label load=$(cut -d' ' -f1 /proc/loadavg)"
	measure "$pid" --label "$label-get" --get "/runs/{run}?$COORDS" --concurrency 16 --warmup 0 --duration 10
	measure "$pid" --label "$label-pair" --pause "/runs/{run}/pause?$COORDS" --resume "/runs/{run}/resume?$COORDS" \
		--concurrency 16 --warmup 0 --duration 10
	measure "$pid" --label "$label-get-200/s" --get "/runs/{run}?$COORDS" --concurrency 16 --rate 200 --warmup 0 \
		--duration 15 --run-prefix open
	echo "$label RSS $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status")"
	kill "$pid"
	for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	PIDS=("${PIDS[@]/$pid}")
}

for round in $(seq 1 "$ROUNDS"); do
	variant "A$round" "$A_JAR" "$A_OPTS"
	variant "B$round" "$B_JAR" "$B_OPTS"
done
