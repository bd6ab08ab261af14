# Shared by the bench scripts; sourced, not run.

# Stops every process in PIDS: TERM, a second's grace, then KILL.
stop_pids() {
	local pid
	for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
	sleep 1
	for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true; done
}

# From now on, however the script ends: stops every process in PIDS and removes WORK (kept
# with BENCH_KEEP=1).
clean_up_on_exit() {
	trap clean_up EXIT
	trap 'exit 130' INT TERM
}

clean_up() {
	local status=$?
	trap - EXIT INT TERM
	stop_pids
	if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
		echo "kept $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit $status
}

# Starts Debian's nginx in the background as a plain reverse proxy to the stub, with upstream
# keep-alive, no access log, its prefix and config in dir (not a daemon). Its pid is then in $!.
start_nginx() { # dir stub_port listen_port
	local dir=$1
	mkdir -p "$dir/logs" "$dir/tmp"
	cat > "$dir/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	upstream stub {
		server 127.0.0.1:$2;
		keepalive 64;
	}
	server {
		listen 127.0.0.1:$3;
		location / {
			proxy_pass http://stub;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
		}
	}
}
NGINX
	/usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
}
