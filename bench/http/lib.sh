# Shared by bench/http/run.sh and bench/http/soak.sh (sourced from the repository root).
# Everything listens on 127.0.0.1 and is stopped by bench_cleanup (the callers trap EXIT).

bench_dir=bench/http
pal="${PAL_BIN:-build/release/src/cli/pal}"
pg_server="${PAL_POSTGRES_TEST_SERVER:-scripts/postgres-test-server}"
tenant=bbbbbbbb-1111-4222-8333-444444444444
link_path="/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01"

bench_pids=()      # processes to kill on exit
bench_pg_dirs=()   # PostgreSQL clusters to stop on exit
work=""
declare -A m=()   # the last parse_palbench

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
say() { echo "$*" >&2; }

bench_cleanup() {
  local p d
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${bench_pg_dirs[@]}"; do "$pg_server" stop "$d" >/dev/null 2>&1 || true; done
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
}

# bench_init STORE...: checks the tools, raises the fd limit, makes the work directory.
bench_init() {
  local tool store
  for tool in wrk nginx curl python3 bc pgrep; do
    command -v "$tool" >/dev/null || die "$tool is needed (scripts/install-deps installs it)"
  done
  [[ -x "$pal" ]] || die "build pal first: cmake --preset release && cmake --build --preset release (or PAL_BIN=...)"
  for store in "$@"; do
    case "$store" in
      sqlite) ;;
      postgresql)
        [[ -x "$pg_server" ]] || die "--store postgresql needs $pg_server (use --store sqlite)"
        command -v psql >/dev/null || die "--store postgresql needs psql" ;;
      *) die "unknown store '$store' (sqlite, postgresql or both)" ;;
    esac
  done
  # 1,024 client connections, pal's and nginx's sockets, the store's files: well above 1,024.
  local want=16384 hard
  hard=$(ulimit -Hn)
  [[ "$hard" == unlimited || "$hard" -ge "$want" ]] || want=$hard
  ulimit -n "$want" 2>/dev/null || true
  (( $(ulimit -n) >= 4096 )) || die "the open-file limit is $(ulimit -n); 4096 or more is needed"
  work=$(mktemp -d)
  chmod 755 "$work"  # nginx workers and the postgres user (when run as root) reach into it
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# prepare_store STORE DATA: a data directory with the bench tenant and partner, on SQLite or on
# a fresh PostgreSQL database (DATA/store-url). Checks that pal really uses the chosen store.
prepare_store() {
  local store="$1" data="$2"
  mkdir -p "$data"
  if [[ "$store" == postgresql ]]; then
    local cluster="$work/pg-$(basename "$data")" port server url
    port=$(free_port)
    bench_pg_dirs+=("$cluster")
    server=$("$pg_server" start "$cluster" "$port") || die "PostgreSQL did not start"
    url=$("$pg_server" createdb "$server" pal_bench) || die "createdb failed"
    (umask 077; echo "$url" > "$data/store-url")  # 0600, as pal keeps it: a URL may hold a password
  fi
  "$pal" admin tenant create --data "$data" --tenant-id "$tenant" --name Bench >/dev/null
  "$pal" admin partner add --data "$data" --partner-id 719878 --name Mekorma >/dev/null
  if [[ "$store" == postgresql ]]; then
    [[ ! -e "$data/pal.db" ]] || die "this pal ignores $data/store-url (it made pal.db): it has no PostgreSQL store yet"
    local tables
    tables=$(psql -X -At -d "$(cat "$data/store-url")" -c \
      "select count(*) from information_schema.tables where table_schema not in ('pg_catalog','information_schema')")
    (( tables > 0 )) || die "pal wrote no tables into $(cat "$data/store-url")"
  else
    [[ -e "$data/pal.db" ]] || die "no pal.db in the SQLite data directory"
  fi
}

# start_pal DATA [serve options...]: sets pal_pid, pal_port, pal_base, pal_cert.
start_pal() {
  local data="$1"
  shift
  pal_port=$(free_port)
  "$pal" serve --data "$data" --address 127.0.0.1 --port "$pal_port" --rate-limit 0 --log-format none \
    "$@" > "$data.log" 2>&1 &
  pal_pid=$!
  bench_pids+=("$pal_pid")
  local _
  for _ in $(seq 200); do grep -q "^Ready\." "$data.log" 2>/dev/null && break; sleep 0.1; done
  grep -q '^Ready\.' "$data.log" || { cat "$data.log" >&2; die "pal serve did not start"; }
  pal_base="https://localhost:$pal_port"
  pal_cert="$data/tls-cert.pem"
}

# stop_pal: SIGTERM, then up to 30 s for it to drain and exit.
stop_pal() {
  [[ -n "${pal_pid:-}" ]] || return 0
  kill -TERM "$pal_pid" 2>/dev/null || true
  local _
  for _ in $(seq 300); do kill -0 "$pal_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pal_pid" 2>/dev/null || true
  wait "$pal_pid" 2>/dev/null || true
  pal_pid=""
}

# make_principals DATA N TOKENS: N service principals with a token each (a Lua file for
# wrk.lua) and a link each (so GETs find one). Needs pal serving.
make_principals() {
  local data="$1" n="$2" tokens="$3" i created app secret token
  say "creating $n principals, their tokens and links..."
  echo "tokens = {" > "$tokens"
  for i in $(seq "$n"); do
    created=$("$pal" admin principal create --data "$data" --tenant-id "$tenant" --kind ServicePrincipal \
      --name "bench-$i" -o tsv 2>/dev/null)
    app=$(cut -f1 <<<"$created"); secret=$(cut -f6 <<<"$created")
    token=$(curl -sS --fail --cacert "$pal_cert" "$pal_base/$tenant/oauth2/v2.0/token" \
      -d grant_type=client_credentials -d "client_id=$app" --data-urlencode "client_secret=$secret" \
      -d scope=https://management.azure.com/.default | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    curl -sS --fail --cacert "$pal_cert" -X PUT -H "Authorization: Bearer $token" "$pal_base$link_path" >/dev/null
    echo "  \"$token\"," >> "$tokens"
  done
  echo "}" >> "$tokens"
  first_token=$(sed -n '2p' "$tokens" | tr -d ' ",')
}

# start_nginx DIR CERT KEY BODY WORKERS: static nginx over TLS answering BODY; sets nginx_port.
start_nginx() {
  local dir="$1" cert="$2" key="$3" body="$4" workers="$5"
  nginx_port=$(free_port)
  mkdir -p "$dir/logs"
  chmod 755 "$dir"
  cp "$cert" "$dir/cert.pem"; cp "$key" "$dir/key.pem"
  printf '%s' "$body" > "$dir/body.json"
  chmod 644 "$dir/body.json"
  cat > "$dir/nginx.conf" <<NGINX
worker_processes $workers;
worker_rlimit_nofile 16384;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    location / { default_type application/json; root $dir; try_files /body.json =404; }
  }
}
NGINX
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$dir/logs/stdout.log" 2>&1 &
  bench_pids+=($!)
  local _
  for _ in $(seq 50); do
    curl -sS -k -o /dev/null "https://127.0.0.1:$nginx_port/" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$dir/logs/error.log" >&2
  die "nginx did not start"
}

# CPU accounting, in clock ticks, so a figure measured on a busy machine shows it.
# busy_ticks: all cores' non-idle time. process_ticks PID...: user+system time of the processes
# (all their threads) and of their waited-for children.
busy_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
process_ticks() {
  local p total=0 t
  for p in "$@"; do
    # Fields after the ")" of the command name: utime is the 12th, stime, cutime, cstime follow.
    t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13+$14+$15}') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
# server_pids nginx|pal: the processes serving the case (for PostgreSQL, the cluster's too).
server_pids() {
  if [[ "$1" == nginx ]]; then
    local master
    master=$(cat "$work/nginx/nginx.pid")
    echo "$master" $(pgrep -P "$master")
  else
    echo "$pal_pid"
    local d master
    for d in "${bench_pg_dirs[@]}"; do
      [[ -f "$d/postmaster.pid" ]] || continue
      master=$(head -n1 "$d/postmaster.pid")
      echo "$master" $(pgrep -P "$master")
    done
  fi
}

# parse_palbench OUTPUT: the PALBENCH line of wrk.lua's done() into the array `m`.
parse_palbench() {
  local line kv
  line=$(sed -n 's/^PALBENCH //p' <<<"$1" | tail -n1)
  [[ -n "$line" ]] || return 1
  m=()
  for kv in $line; do m[${kv%%=*}]=${kv#*=}; done
}
