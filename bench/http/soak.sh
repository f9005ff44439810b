#!/usr/bin/env bash
# Soak: a mixed GET/PUT load on pal serve over TLS for a fixed time, with pal's resident memory
# (VmRSS from /proc/PID/status) sampled every --interval seconds into a CSV. At the end:
# first/last/max RSS and a growth verdict (mean RSS of the last third of the samples against
# the second third, the first third being warm-up: growth above 10% fails), wrk's total
# requests and errors, and whether pal is still alive and serving. Exits non-zero on growth,
# errors or a dead server. Loopback only; bounded in time; everything is stopped on exit.
#
# Usage: bench/http/soak.sh [--minutes 10] [--store sqlite|postgresql] [--connections 64]
#                           [--put-every 4] [--interval 10] [--principals 64] [--csv FILE]
#        --put-every N: one request in N is a durable PUT of a link, the others GETs.
#        PAL_BIN=path/to/pal to use another binary (default build/release/src/cli/pal).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/lib.sh

minutes=10; store=sqlite; connections=64; threads=2; put_every=4; interval=10; principals=64
csv=""
while (($#)); do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --put-every) put_every="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --principals) principals="$2"; shift 2 ;;
    --csv) csv="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done
for v in minutes connections put_every interval principals; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && (( ${!v} > 0 )) || die "--${v//_/-} must be a positive whole number"
done
(( minutes <= 1440 )) || die "--minutes is at most 1440"
seconds=$((minutes * 60))
samples=$((seconds / interval))
(( samples >= 6 )) || die "--minutes $minutes at --interval $interval gives fewer than 6 samples"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
[[ -n "$csv" ]] || csv="${TMPDIR:-/tmp}/pal-soak-$store-$stamp.csv"
[[ "$csv" == /* ]] || csv="$OLDPWD/$csv"

trap bench_cleanup EXIT
bench_init "$store"
data="$work/$store"
prepare_store "$store" "$data"
start_pal "$data" --token-lifetime 86400
export PAL_BENCH_PATH="$link_path" PAL_BENCH_TOKENS="$work/tokens.lua" PAL_BENCH_MODE=mixed \
  PAL_BENCH_PUT_EVERY="$put_every"
make_principals "$data" "$principals" "$PAL_BENCH_TOKENS"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$pal_pid/status" 2>/dev/null || echo 0; }
sample() {  # phase elapsed -> a CSV row
  local status="/proc/$pal_pid/status" fds
  fds=$(find "/proc/$pal_pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  printf '%s,%s,%s,%s,%s,%s\n' "$1" "$2" "$(rss_kib)" \
    "$(awk '/^VmHWM:/ {print $2}' "$status" 2>/dev/null)" \
    "$(awk '/^Threads:/ {print $2}' "$status" 2>/dev/null)" "$fds" >> "$csv"
}

echo "phase,elapsed_s,rss_kib,hwm_kib,threads,fds" > "$csv"
sample idle 0
say "soak: $store, $minutes min, $connections connections, 1 PUT in $put_every, RSS every ${interval}s -> $csv"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
clk_tck=$(getconf CLK_TCK)
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f 'WRKCPU %U %S')
servers=$(server_pids pal)
server0=$(process_ticks $servers); busy0=$(busy_ticks); ns0=$(date +%s%N)
PAL_BENCH_MODE=mixed "${timer[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
  -s "$bench_dir/wrk.lua" "https://127.0.0.1:$pal_port$link_path" > "$work/wrk.out" 2>&1 &
wrk_pid=$!
bench_pids+=("$wrk_pid")
t0=$(date +%s)
for i in $(seq "$samples"); do
  target=$((t0 + i * interval))
  now=$(date +%s)
  if (( target > now )); then sleep $((target - now)); fi
  kill -0 "$pal_pid" 2>/dev/null || { say "pal serve died after $((i * interval)) s"; break; }
  kill -0 "$wrk_pid" 2>/dev/null || (( i == samples )) || { say "wrk ended early"; cat "$work/wrk.out" >&2; break; }
  sample load $((i * interval))
  if (( i % 6 == 0 )); then say "  $((i * interval)) s: RSS $(( $(rss_kib) / 1024 )) MiB"; fi
done
# wrk stops by itself at the end of its duration; give it 30 s more, then stop it.
for _ in $(seq 300); do kill -0 "$wrk_pid" 2>/dev/null || break; sleep 0.1; done
kill "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true
server_ms=$(( ($(process_ticks $servers) - server0) * 1000 / clk_tck ))
busy_ms=$(( ($(busy_ticks) - busy0) * 1000 / clk_tck )); wall_ms=$(( ($(date +%s%N) - ns0) / 1000000 ))
wrk_ms=$(sed -n 's/^WRKCPU //p' "$work/wrk.out" | awk '{printf "%d", ($1 + $2) * 1000}')
sleep 2
alive=no; serving=no
if kill -0 "$pal_pid" 2>/dev/null; then
  alive=yes
  sample after $(( $(date +%s) - t0 ))
  health=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$pal_cert" "$pal_base/_pal/health" || true)
  get=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$pal_cert" -H "Authorization: Bearer $first_token" \
    "$pal_base$link_path" || true)
  put=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$pal_cert" -X PUT -H "Authorization: Bearer $first_token" \
    "$pal_base$link_path" || true)
  [[ "$health" == 200 && "$get" == 200 && "$put" == 200 ]] && serving=yes
  curl -sS --cacert "$pal_cert" "$pal_base/_pal/metrics" > "$work/metrics.txt" || true
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
parse_palbench "$(cat "$work/wrk.out")" || { cat "$work/wrk.out" >&2; die "no PALBENCH line from wrk"; }

python3 - "$csv" "$started" "$store" "$minutes" "$connections" "$put_every" "$alive" "$serving" \
  "$work/metrics.txt" "${m[requests]}" "${m[rps]}" "${m[p99_us]}" "${m[errors_status]}" "${m[errors_timeout]}" \
  "$((m[errors_connect] + m[errors_read] + m[errors_write]))" "${health:-}" "${get:-}" "${put:-}" "$load_before" "$load_after" "$server_ms" "${wrk_ms:--1}" "$busy_ms" "$wall_ms" "$(nproc)" <<'PY'
import csv, os, re, sys
(path, started, store, minutes, conns, put_every, alive, serving, metrics, requests, rps, p99_us,
 non2xx, timeouts, socket_errors, health, get, put, load_before, load_after, server_ms, wrk_ms,
 busy_ms, wall_ms, cores) = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
idle = [int(r["rss_kib"]) for r in rows if r["phase"] == "idle"]
load = [int(r["rss_kib"]) for r in rows if r["phase"] == "load"]
after = [int(r["rss_kib"]) for r in rows if r["phase"] == "after"]
mib = lambda kib: f"{kib / 1024:.1f} MiB"
n = len(load)
second, last = load[n // 3: 2 * n // 3], load[2 * n // 3:]
mean = lambda xs: sum(xs) / len(xs)
growth = (mean(last) / mean(second) - 1) * 100 if second and last else float("nan")
grew = not growth <= 10
statuses = {}
if os.path.exists(metrics):
    for line in open(metrics):
        g = re.match(r'pal_http_requests_total\{route="managementPartner",status="(\d+)"\} (\d+)', line)
        if g:
            statuses[g[1]] = int(g[2])
errors = int(non2xx) + int(timeouts) + int(socket_errors)
print()
print(f"soak {started}: {store}, {minutes} min, {conns} connections, 1 PUT in {put_every} (TLS on loopback)")
print(f"  requests      {int(requests):,} ({float(rps):,.0f} req/s), p99 {int(p99_us) / 1000:.2f} ms")
print(f"  errors        non-2xx {non2xx}, timeouts {timeouts}, socket errors {socket_errors}")
if statuses:
    print("  pal's count   " + ", ".join(f"{s}: {c:,}" for s, c in sorted(statuses.items())) +
          " (managementPartner answers by status, set-up included)")
print(f"  pal's RSS     idle {mib(idle[0])}; under load first {mib(load[0])}, last {mib(load[-1])}, "
      f"max {mib(max(load))}" + (f"; after the load {mib(after[0])}" if after else ""))
print(f"  growth        mean of the last third {mib(mean(last))} vs the second third {mib(mean(second))}: "
      f"{growth:+.1f}% over {n} samples -> {'GROWTH (> 10%)' if grew else 'no growth'}")
print(f"  at the end    pal alive: {alive}; serving: {serving} (health {health or '-'}, GET {get or '-'}, PUT {put or '-'})")
print(f"  load average  {load_before} before, {load_after} after (the machine's, wrk and pal included)")
server_s, wrk_s, busy_s, wall_s = int(server_ms) / 1000, int(wrk_ms) / 1000, int(busy_ms) / 1000, int(wall_ms) / 1000
others = (f"{max(0, busy_s - server_s - wrk_s) / (int(cores) * wall_s) * 100:.0f}% of the machine"
          if int(wrk_ms) >= 0 else "unknown (no /usr/bin/time)")
server = "pal and PostgreSQL" if store == "postgresql" else "pal"
print(f"  CPU           {server} {server_s:.0f} s, wrk {wrk_s:.0f} s over {wall_s:.0f} s on {cores} cores; others {others}")
print(f"  samples       {path}")
sys.exit(1 if grew or errors or alive != "yes" or serving != "yes" else 0)
PY
