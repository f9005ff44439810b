// pal attribute next to the same rules in DuckDB SQL (duckdb_attribution.mjs beside this file),
// in one run, on the same files: times, peak memory, ratios, and a check that the rows agree.
//   node bench/attribution/run.mjs [--tenants 5000] [--rows 10000000] [--threads 2] [--dir DIR] [--runs 1]
// Needs the release build (cmake --preset release && cmake --build --preset release), GNU time
// and `npm ci` in this folder. The data set is generated once into DIR and reused.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const tenants = arg("--tenants", "5000");
const rows = arg("--rows", "10000000");
const threads = arg("--threads", "2");
const runs = Number(arg("--runs", "1"));
const month = "2026-10";
const dir = arg("--dir", path.join(os.tmpdir(), `pal-bench-${tenants}-${rows}`));
const pal = process.env.PAL_BIN || path.join(repo, "build/release/src/cli/pal");
assert.ok(fs.existsSync(pal), `${pal} is missing: build the release preset first`);

function timed(cmd, args) {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
  const [seconds, kb] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { seconds, mb: kb / 1024, stderr: r.stderr };
}

const stamp = path.join(dir, ".generated");
if (!fs.existsSync(stamp)) {
  console.log(`generating ${rows} usage rows over ${tenants} tenants into ${dir} ...`);
  const g = timed(pal, ["admin", "generate", dir, "--tenants", tenants, "--seed", "11", "--month", month,
    "--usage-rows", rows, "--overwrite"]);
  console.log(`  generated in ${g.seconds.toFixed(1)} s`);
  fs.writeFileSync(stamp, "");
}
const bytes = fs.statSync(path.join(dir, "usage.csv")).size;

const peerScript = path.join(here, "duckdb_attribution.mjs");

// Both tools read the same files from the page cache: read them once before timing anything.
{
  const fd = fs.openSync(path.join(dir, "usage.csv"), "r");
  const buffer = Buffer.alloc(1 << 24);
  while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0) {}
  fs.closeSync(fd);
}

const ourOut = path.join(dir, "pal.csv");
const peerOut = path.join(dir, "peer.csv");
const results = [];
for (let i = 0; i < runs; i++) {
  const ours = timed(pal, ["attribute", "--dataset", dir, "--month", month, "--threads", threads, "--out", ourOut, "--no-progress"]);
  const theirs = timed(process.execPath, [peerScript, dir, `--threads=${threads}`, `--out=${peerOut}`]);
  results.push({ ours, theirs });
}

// The rows agree (ours projected on the peer's columns).
const ourRows = fs.readFileSync(ourOut, "utf8").trimEnd().split("\n").slice(1).map(line => {
  const f = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map(x => x.replace(/,$/, ""));
  return [f[0], f[1], f[3], f[4], f[5], f[6]].join(",");
});
const peerRows = fs.readFileSync(peerOut, "utf8").trimEnd().split("\n").slice(1);
assert.equal(ourRows.length, peerRows.length, "row counts differ");
assert.deepEqual(ourRows, peerRows);

const mb = (bytes / 1e6).toFixed(0);
console.log(`usage: ${rows} rows, ${mb} MB, ${tenants} tenants; ${threads} threads; ${ourRows.length} attribution rows, identical`);
for (const [i, { ours, theirs }] of results.entries()) {
  console.log(`run ${i + 1}: pal ${ours.seconds.toFixed(2)} s, ${ours.mb.toFixed(0)} MB peak | ` +
    `duckdb ${theirs.seconds.toFixed(2)} s, ${theirs.mb.toFixed(0)} MB peak | ` +
    `pal is ${(theirs.seconds / ours.seconds).toFixed(2)}x faster with ${(ours.mb / theirs.mb).toFixed(3)} of the memory`);
}
