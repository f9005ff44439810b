#!/usr/bin/env bash
# Side-by-side HTTP benchmark, one run on this machine:
#   1. static nginx over TLS answering a fixed JSON body (the ceiling for a tiny response),
#   2. pal GET of a link (token verified from cache, link from the in-memory index),
#   3. pal PUT of links (durable: SQLite WAL, synchronous=FULL, group commit), spread over
#      many principals.
# Prints requests/second of each and the ratios. Loopback only; every run is bounded in time.
#
# Usage: bench/http/run.sh [--duration 10s] [--connections 64] [--threads 2] [--principals 64]
#        PAL_BIN=path/to/pal to use another binary (default build/release/src/app/pal).
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=10s; connections=64; threads=2; principals=64
while (($#)); do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --principals) principals="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
pal="${PAL_BIN:-build/release/src/app/pal}"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (scripts/install-deps installs it)" >&2; exit 1; }
done
[[ -x "$pal" ]] || { echo "build pal first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- pal, on a durable store
data="$work/pal"
tenant=bbbbbbbb-1111-4222-8333-444444444444
mkdir -p "$data"
"$pal" admin tenant create --data "$data" --tenant-id "$tenant" --name Bench >/dev/null
"$pal" admin partner add --data "$data" --partner-id 719878 --name Mekorma >/dev/null
pal_port=$(free_port)
"$pal" serve --data "$data" --port "$pal_port" --rate-limit 0 --log-format none > "$work/pal.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^Ready\.' "$work/pal.log" && break; sleep 0.1; done
grep -q '^Ready\.' "$work/pal.log" || { cat "$work/pal.log"; exit 1; }
base="https://localhost:$pal_port"
cert="$data/tls-cert.pem"

echo "creating $principals principals and their tokens..." >&2
tokens="$work/tokens.lua"
echo "tokens = {" > "$tokens"
for i in $(seq "$principals"); do
  created=$("$pal" admin principal create --data "$data" --tenant-id "$tenant" --kind ServicePrincipal --name "bench-$i" -o tsv 2>/dev/null)
  app=$(cut -f1 <<<"$created"); secret=$(cut -f6 <<<"$created")
  token=$(curl -sS --cacert "$cert" "$base/$tenant/oauth2/v2.0/token" \
    -d grant_type=client_credentials -d "client_id=$app" --data-urlencode "client_secret=$secret" \
    -d scope=https://management.azure.com/.default | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  echo "  \"$token\"," >> "$tokens"
done
echo "}" >> "$tokens"
first_token=$(sed -n '2p' "$tokens" | tr -d ' ",')
path="/providers/Microsoft.ManagementPartner/partners/719878?api-version=2018-02-01"
curl -sS --fail --cacert "$cert" -X PUT -H "Authorization: Bearer $first_token" "$base$path" >/dev/null

cat > "$work/put.lua" <<LUA
dofile("$tokens")
local counter = 0
request = function()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("PUT", "$path", { ["Authorization"] = "Bearer " .. token })
end
LUA

# --- nginx: a static JSON body of the same size over TLS with the same certificate
body=$(curl -sS --cacert "$cert" -H "Authorization: Bearer $first_token" "$base$path")
nginx_port=$(free_port)
mkdir -p "$work/nginx/logs"
chmod 755 "$work" "$work/nginx"  # nginx workers run as an unprivileged user
printf '%s' "$body" > "$work/nginx/body.json"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes $threads;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $cert;
    ssl_certificate_key $data/tls-key.pem;
    location / { default_type application/json; root $work/nginx; try_files /body.json =404; }
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
sleep 0.5

run_wrk() {  # name, wrk arguments... -> prints requests/s
  local name="$1" out
  shift
  echo "== $name" >> "$work/wrk.log"
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" 2>&1)
  echo "$out" >> "$work/wrk.log"
  grep -E '^Requests/sec' <<<"$out" | awk '{print $2}'
}

echo "wrk: $threads threads, $connections connections, $duration each, TLS on loopback" >&2
nginx_rps=$(run_wrk nginx "https://127.0.0.1:$nginx_port/")
get_rps=$(run_wrk get -H "Authorization: Bearer $first_token" "https://127.0.0.1:$pal_port$path")
put_rps=$(run_wrk put -s "$work/put.lua" "https://127.0.0.1:$pal_port")
non2xx=$(grep -c 'Non-2xx' "$work/wrk.log" || true)

printf '%-34s %12s\n' "static nginx GET (TLS)" "$nginx_rps"
printf '%-34s %12s  (%.2fx nginx)\n' "pal GET link (TLS)" "$get_rps" "$(echo "$get_rps / $nginx_rps" | bc -l)"
printf '%-34s %12s  (%.2fx nginx)\n' "pal PUT link, durable (TLS)" "$put_rps" "$(echo "$put_rps / $nginx_rps" | bc -l)"
if [[ "$non2xx" != 0 ]]; then echo "warning: some responses were not 2xx:"; grep -E '^==|Non-2xx' "$work/wrk.log"; fi
awk '/^== / {name=$2} /^    Latency / {printf "  %-6s latency avg %s, stdev %s, max %s\n", name, $2, $3, $4}' "$work/wrk.log"
history=$("$pal" admin link history --data "$data" -o tsv | wc -l)
echo "link history rows after the run: $history"
