#!/usr/bin/env bash
# Side-by-side HTTP load benchmark, one run on this machine, for each store and connection count:
#   1. static nginx over TLS answering a fixed JSON body of the same size (the ceiling for a
#      tiny response), with pal's certificate,
#   2. pal GET of a link (token verified from cache, link from the in-memory index),
#   3. pal PUT of links (durable: answered after the commit's fsync, group commit),
# spread over many principals. Prints requests/second and p99 latency of each case and the
# ratio to nginx at the same connection count, as a table (and JSON with --json FILE).
# Loopback only; every run is bounded in time; everything started is stopped on exit.
#
# Usage: bench/http/run.sh [--duration 15s] [--connections 64,1024] [--store sqlite|postgresql|both]
#                          [--threads 2] [--principals 64] [--timeout 10s] [--json FILE]
#        PAL_BIN=path/to/pal to use another binary (default build/release/src/cli/pal).
# PostgreSQL: a throwaway cluster from scripts/postgres-test-server, its database named in the
# data directory's store-url file.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/lib.sh

duration=15s; connection_list=64,1024; threads=2; principals=64; store_choice=both
timeout=10s; json=""
while (($#)); do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connection_list="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --principals) principals="$2"; shift 2 ;;
    --store) store_choice="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done
case "$store_choice" in
  both) stores=(sqlite postgresql) ;;
  sqlite|postgresql) stores=("$store_choice") ;;
  *) die "--store is sqlite, postgresql or both" ;;
esac
IFS=, read -ra connections <<<"$connection_list"
for c in "${connections[@]}"; do [[ "$c" =~ ^[0-9]+$ ]] && ((c >= threads)) || die "bad connection count '$c'"; done
[[ -z "$json" || "$json" == /* ]] || json="$OLDPWD/$json"  # relative to where it was run
[[ -z "$json" || -d "$(dirname "$json")" ]] || die "no directory for --json $json"

trap bench_cleanup EXIT
bench_init "${stores[@]}"
results="$work/results.tsv"
: > "$results"
export PAL_BENCH_PATH="$link_path" PAL_BENCH_TOKENS="$work/tokens.lua"

# Every store is made (and checked to be the store pal uses) before anything is measured.
for store in "${stores[@]}"; do prepare_store "$store" "$work/$store"; done

run_case() {  # store operation connections url -> a row of results.tsv
  local store="$1" op="$2" conns="$3" url="$4" mode out
  case "$op" in nginx) mode=static ;; *) mode="$op" ;; esac
  local servers server0 busy0 t0 wrk_cpu=-1 server_ticks busy_total wall
  echo "== $store $op $conns" >> "$work/wrk.log"
  servers=$(server_pids "$([[ "$op" == nginx ]] && echo nginx || echo pal)")
  server0=$(process_ticks $servers); busy0=$(busy_ticks); t0=$(date +%s%N)
  out=$(PAL_BENCH_MODE="$mode" "${timer[@]}" wrk -t"$threads" -c"$conns" -d"$duration" --timeout "$timeout" \
    -s "$bench_dir/wrk.lua" "$url" 2>&1) || { echo "$out" >&2; die "wrk failed ($store $op $conns)"; }
  server_ticks=$(( $(process_ticks $servers) - server0 )); busy_total=$(( $(busy_ticks) - busy0 ))
  wall=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "$out" >> "$work/wrk.log"
  parse_palbench "$out" || { echo "$out" >&2; die "no PALBENCH line from wrk ($store $op $conns)"; }
  if ((${#timer[@]})); then wrk_cpu=$(sed -n 's/^WRKCPU //p' <<<"$out" | awk '{printf "%d", ($1 + $2) * 1000}'); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$store" "$op" "$conns" "${m[rps]}" \
    "${m[p50_us]}" "${m[p90_us]}" "${m[p99_us]}" "${m[max_us]}" "${m[requests]}" \
    "${m[errors_status]}" "${m[errors_timeout]}" \
    "$((m[errors_connect] + m[errors_read] + m[errors_write]))" \
    "$((server_ticks * 1000 / clk_tck))" "$wrk_cpu" "$((busy_total * 1000 / clk_tck))" "$wall" >> "$results"
  say "$(printf '  %-10s %-5s %5s conns: %10s req/s  p99 %8.2f ms  (non-2xx %s, timeouts %s; CPU s: server %s, wrk %s, all %s)' \
    "$store" "$op" "$conns" "${m[rps]}" "$(bc -l <<<"${m[p99_us]} / 1000")" "${m[errors_status]}" "${m[errors_timeout]}" \
    "$(bc <<<"scale=1; $server_ticks / $clk_tck")" "$(bc <<<"scale=1; $wrk_cpu / 1000")" "$(bc <<<"scale=1; $busy_total / $clk_tck")")"
}
clk_tck=$(getconf CLK_TCK)
# wrk's own CPU time, when GNU time is installed (else the "others" column is left out).
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f 'WRKCPU %U %S')

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "wrk: $threads threads, connections ${connections[*]}, $duration per case, TLS on loopback"
for store in "${stores[@]}"; do
  data="$work/$store"
  start_pal "$data"
  make_principals "$data" "$principals" "$PAL_BENCH_TOKENS"
  if [[ -z "${nginx_port:-}" ]]; then
    body=$(curl -sS --fail --cacert "$pal_cert" -H "Authorization: Bearer $first_token" "$pal_base$link_path")
    start_nginx "$work/nginx" "$pal_cert" "$data/tls-key.pem" "$body" "$threads"
  fi
  # Warm-up (not reported): connections, token cache, store caches.
  PAL_BENCH_MODE=get wrk -t"$threads" -c64 -d3s -s "$bench_dir/wrk.lua" "https://127.0.0.1:$pal_port$link_path" >/dev/null 2>&1
  say "$store:"
  for conns in "${connections[@]}"; do
    run_case "$store" nginx "$conns" "https://127.0.0.1:$nginx_port/"
    run_case "$store" get "$conns" "https://127.0.0.1:$pal_port$link_path"
    run_case "$store" put "$conns" "https://127.0.0.1:$pal_port$link_path"
  done
  kill -0 "$pal_pid" 2>/dev/null || die "pal serve ($store) died during the run"
  history=$("$pal" admin link history --data "$data" -o tsv | wc -l)
  say "  link history rows after the $store run: $history"
  stop_pal
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$results" "$json" "$started" "$load_before" "$load_after" "$duration" "$threads" "$principals" "$($pal --version 2>&1 | head -n1)" \
  "$(git -C "$(dirname "$pal")" describe --always --dirty 2>/dev/null || echo unknown)" "$(nproc)" <<'PY'
import json, sys
results, json_path, started, load_before, load_after, duration, threads, principals, version, commit, cores = sys.argv[1:]
cols = ["store", "operation", "connections", "requests_per_second", "p50_us", "p90_us", "p99_us",
        "max_us", "requests", "non_2xx", "timeouts", "socket_errors", "server_cpu_ms", "wrk_cpu_ms",
        "machine_busy_cpu_ms", "wall_ms"]
rows = []
for line in open(results):
    f = line.rstrip("\n").split("\t")
    r = dict(zip(cols, f))
    for k in cols[2:]:
        r[k] = float(r[k]) if k == "requests_per_second" else int(r[k])
    r["p99_ms"] = r["p99_us"] / 1000
    # Share of the machine (cores x wall time) used by neither the servers nor wrk: others' work.
    r["others_cpu_share"] = (round(max(0, r["machine_busy_cpu_ms"] - r["server_cpu_ms"] - r["wrk_cpu_ms"])
                                   / (int(cores) * r["wall_ms"]), 3) if r["wrk_cpu_ms"] >= 0 else None)
    rows.append(r)
nginx = {(r["store"], r["connections"]): r["requests_per_second"] for r in rows if r["operation"] == "nginx"}
for r in rows:
    base = nginx.get((r["store"], r["connections"]))
    r["ratio_to_nginx"] = round(r["requests_per_second"] / base, 3) if base else None
names = {"nginx": "static nginx GET", "get": "pal GET link", "put": "pal PUT link (durable)"}
print()
print(f"pal {commit} ({version}), {started}, {cores} cores, wrk {threads} threads, {duration} per case, "
      f"TLS on loopback, {principals} principals; load average {load_before} before, {load_after} after")
print()
print("| store | operation | connections | req/s | p99 ms | ratio to nginx | non-2xx | timeouts | CPU s server / wrk | others' CPU |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    ratio = f"{r['ratio_to_nginx']:.2f}x" if r["operation"] != "nginx" else "1.00x"
    wrk_s = f"{r['wrk_cpu_ms'] / 1000:.1f}" if r["wrk_cpu_ms"] >= 0 else "-"
    others = f"{r['others_cpu_share'] * 100:.0f}%" if r["others_cpu_share"] is not None else "-"
    print(f"| {r['store']} | {names[r['operation']]} | {r['connections']} | {r['requests_per_second']:,.0f} "
          f"| {r['p99_ms']:.2f} | {ratio} | {r['non_2xx']} | {r['timeouts']} "
          f"| {r['server_cpu_ms'] / 1000:.1f} / {wrk_s} | {others} |")
print("\nothers' CPU: the share of the machine (all cores over the case) used by neither the servers "
      "nor wrk; above a few % the case was measured on a busy machine.")
bad = [r for r in rows if r["non_2xx"] or r["timeouts"] or r["socket_errors"]]
if bad:
    print("\nwarning: some cases had errors (non-2xx, timeouts or socket errors): "
          + ", ".join(f"{r['store']} {r['operation']} {r['connections']}" for r in bad))
if json_path:
    with open(json_path, "w") as out:
        json.dump({"started": started, "pal": version, "commit": commit, "cores": int(cores),
                   "load_average_before": load_before, "load_average_after": load_after,
                   "wrk_threads": int(threads), "duration": duration, "principals": int(principals),
                   "cases": rows}, out, indent=2)
        out.write("\n")
    print(f"\nJSON: {json_path}")
PY
