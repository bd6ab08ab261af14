#!/usr/bin/env bash
# How much of the gap between runctl and nginx is the JVM, and how much is runctl's stack:
# nginx, a bare Reactor Netty proxy (bench/floor/NettyProxy.java: the server and client runctl's
# WebClient uses, nothing else), the same GET on Spring WebFlux with Spring Security and
# observations (bench/floor/WebFluxProxy.java: what runctl's GET would cost without the servlet
# layer) and runctl's GET /runs/{id}, side by side against one stub, with the same load client,
# alternating.
#
#   bench/floor.sh [rounds]      about 5 minutes with 2 rounds; prints one line per measurement
#   FLOOR_PARTS=1 bench/floor.sh  also what Spring Security and the observations cost: WebFlux
#                                 and runctl each without Spring Security, and without either
#                                 it or the http.server/http.client observations (12 minutes)
#
# Per round: a closed loop of 16 connections for 10 s per target; then each target at a fixed
# 200/s for 15 s, and the direct call. Loopback only; stops everything it started, also on failure.
# Line format: the Load client's (label, shape, connections, rate, operations, errors, unchanged,
# ops/s, p50, p90, p99, p99.9, max in ms, server CPU ms per operation or -1 when not measured).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-2}
OPTS="-XX:+UseSerialGC -Xss512k -Xms64m -XX:MaxRAMPercentage=75"
WORK=$(mktemp -d /tmp/runctl-floor.XXXXXX)
PIDS=()
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
clean_up_on_exit

free_port() { # below the kernel's ephemeral range, and not in use
	local port
	while :; do
		port=$(( 10000 + RANDOM % 22000 ))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}
wait_for() { # url
	local deadline=$(( SECONDS + 120 ))
	until curl -s -o /dev/null "$1"; do
		(( SECONDS > deadline )) && { echo "nothing answered at $1" >&2; return 1; }
		sleep 0.1
	done
}

JAR=$(ls "$ROOT"/target/runctl-*.jar 2>/dev/null | grep -v plain | head -1 || true)
[[ -n "$JAR" ]] || (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)
JAR=$(ls "$ROOT"/target/runctl-*.jar | grep -v plain | head -1)

# The proxy is compiled against the jar's own Reactor Netty and Netty.
java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/extracted" > /dev/null
LIBS="$WORK/extracted/lib/*"
mkdir -p "$WORK/classes" "$WORK/floor" "$WORK/runctl"
javac -d "$WORK/classes" "$ROOT"/bench/src/*.java
javac -parameters -cp "$LIBS" -d "$WORK/floor" "$ROOT"/bench/floor/*.java

TOKEN=bench-upstream-token
java -XX:+UseSerialGC -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$WORK/classes" UpstreamStub 0 8 > "$WORK/stub.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do grep -q READY "$WORK/stub.log" && break; sleep 0.05; done
STUB_PORT=$(awk '/READY/ {print $2}' "$WORK/stub.log")

NGINX_PORT=$(free_port)
start_nginx "$WORK/nginx" "$STUB_PORT" "$NGINX_PORT"
PIDS+=("$!")

NETTY_PORT=$(free_port)
# shellcheck disable=SC2086
java $OPTS -cp "$LIBS:$WORK/floor" NettyProxy "$NETTY_PORT" "http://127.0.0.1:$STUB_PORT" "$TOKEN" > "$WORK/netty.log" 2>&1 &
NETTY_PID=$!
PIDS+=("$NETTY_PID")

API_KEY=bench-floor-key
COORDS="user_id=acme-user&app_id=pipelines-app&pipeline_id=hello-world-pipeline&pipeline_version_id=48862434906f482e94a2ec638a4233a1"
LOAD=(java -XX:+UseSerialGC -cp "$WORK/classes" Load)
TARGETS=()
target() { # name port pid: the GET of runctl's API on that port, as the array NAME
	declare -g -a "$1"
	declare -n args=$1
	args=(--port "$2" --get "/runs/{run}?$COORDS" --header "Authorization: Bearer $API_KEY" --cpu-pid "$3")
	TARGETS+=("$1")
}
start_webflux() { # name [system properties...]: WebFluxProxy, as target NAME
	local name=$1 port pid
	shift
	port=$(free_port)
	# shellcheck disable=SC2086
	java $OPTS "$@" -cp "$LIBS:$WORK/floor" WebFluxProxy "$port" "http://127.0.0.1:$STUB_PORT" "$TOKEN" "$API_KEY" \
		> "$WORK/$name.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	wait_for "http://127.0.0.1:$port/metrics"
	target "$name" "$port" "$pid"
}
start_runctl() { # name [runctl arguments...]: runctl's jar, as target NAME
	local name=$1 port pid
	shift
	port=$(free_port)
	mkdir -p "$WORK/$name"
	# shellcheck disable=SC2086
	CLARIFAI_API_BASE="http://127.0.0.1:$STUB_PORT" CLARIFAI_PAT=$TOKEN \
		RUNCTL_API_KEYS="bench:operator:$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)" \
		env -C "$WORK/$name" java $OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
		--runctl.upstream.rate-limit=1000000 --runctl.security.rate-limit.requests-per-second=0 "$@" \
		> "$WORK/$name.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	wait_for "http://127.0.0.1:$port/actuator/health/readiness"
	target "$name" "$port" "$pid"
}

wait_for "http://127.0.0.1:$NGINX_PORT/"
wait_for "http://127.0.0.1:$NETTY_PORT/"
start_webflux WEBFLUX
if [[ "${FLOOR_PARTS:-0}" == 1 ]]; then
	start_webflux WEBFLUX_NO_SECURITY -Dfloor.security=false
	start_webflux WEBFLUX_NO_SECURITY_NO_OBSERVATIONS -Dfloor.security=false -Dfloor.observations=false
	# Spring Security's filter chain only on error dispatches: never on the GET itself.
	start_runctl RUNCTL_NO_SECURITY --spring.security.filter.dispatcher-types=error
	start_runctl RUNCTL_NO_SECURITY_NO_OBSERVATIONS --spring.security.filter.dispatcher-types=error \
		--management.observations.enable.http=false
fi
start_runctl RUNCTL

RUN="/v2/users/acme-user/apps/pipelines-app/pipelines/hello-world-pipeline/versions/48862434906f482e94a2ec638a4233a1/runs/{run}"
DIRECT=(--port "$STUB_PORT" --get "$RUN" --header "Authorization: Key $TOKEN")
NGINX=(--port "$NGINX_PORT" --get "$RUN" --header "Authorization: Key $TOKEN")
NETTY=(--port "$NETTY_PORT" --get "$RUN" --cpu-pid "$NETTY_PID")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)" >&2
# JIT warm-up of the JVMs (not measured): 8 alternating windows of 5 s each.
for _ in $(seq 1 8); do
	for target in NETTY "${TARGETS[@]}"; do
		declare -n args=$target
		"${LOAD[@]}" --label warm "${args[@]}" --concurrency 16 --warmup 0 --duration 5 > /dev/null
		unset -n args
	done
done
for round in $(seq 1 "$ROUNDS"); do
	for target in NGINX NETTY "${TARGETS[@]}"; do
		declare -n args=$target
		"${LOAD[@]}" --label "${target,,}-$round" "${args[@]}" --concurrency 16 --warmup 2 --duration 10
		unset -n args
	done
done
for target in DIRECT NGINX NETTY WEBFLUX RUNCTL; do
	declare -n args=$target
	"${LOAD[@]}" --label "${target,,}-200/s" "${args[@]}" --concurrency 16 --rate 200 --warmup 2 --duration 15 \
		--run-prefix open
	unset -n args
done
