// Exact arithmetic on the API's cost strings ("1234.560000": 6 decimals, as `pal attribute`).

/** Micro-units of a decimal string; throws on anything that is not a plain decimal. */
export function toMicros(cost: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{0,6})\d*)?$/.exec(cost.trim());
  if (!match) throw new Error(`Not an amount: ${cost}`);
  const micros = BigInt(match[2]!) * 1_000_000n + BigInt((match[3] ?? "").padEnd(6, "0"));
  return match[1] ? -micros : micros;
}

/** Micro-units written with 6 decimals, e.g. 1234560000n → "1234.560000". */
export function formatMicros(micros: bigint): string {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const units = magnitude / 1_000_000n;
  const fraction = (magnitude % 1_000_000n).toString().padStart(6, "0");
  return `${negative ? "-" : ""}${units}.${fraction}`;
}

/** Sums amounts per currency; the result is ordered by currency. */
export function totalsByCurrency(rows: { cost: string; currency: string }[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0n) + toMicros(r.cost));
  return new Map([...totals.entries()].sort(([a], [b]) => compareCodePoints(a, b)));
}

/** Compares strings by Unicode code point, i.e. as their UTF-8 bytes sort (C++ std::string). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i += 1) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
