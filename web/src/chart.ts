// A small inline-SVG bar chart: one group of bars per month, one bar per currency.

import { svg } from "./dom";
import { formatMicros } from "./money";

export interface BarSeries {
  label: string; // the currency
  values: Map<string, bigint>; // month → micro-units
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A round axis maximum at or above `value` (1, 2, 2.5 or 5 times a power of ten). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisNumber(value: number): string {
  if (value >= 1_000_000) return `${+(value / 1_000_000).toFixed(2)}M`;
  if (value >= 1_000) return `${+(value / 1_000).toFixed(2)}k`;
  return `${+value.toFixed(2)}`;
}

/**
 * The chart as an <svg role="img"> named `name`, sized to `width` CSS pixels; each bar has a
 * <title> with its exact amount, and <desc> lists every month for assistive technology.
 */
export function barChart(name: string, months: string[], series: BarSeries[], width: number): SVGSVGElement {
  const height = 240;
  const margin = { top: 16, right: 12, bottom: 40, left: 52 };
  const plotWidth = Math.max(100, width - margin.left - margin.right);
  const plotHeight = height - margin.top - margin.bottom;
  const amount = (m: bigint): number => Number(m) / 1_000_000;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => [...s.values.values()].map(amount))));
  const y = (v: number): number => margin.top + plotHeight - (Math.max(0, v) / max) * plotHeight;

  const description = months
    .map((month) => {
      const parts = series.map((s) => `${formatMicros(s.values.get(month) ?? 0n)} ${s.label}`);
      return `${month}: ${parts.length ? parts.join(", ") : "no revenue"}`;
    })
    .join("; ");
  const chart = svg(
    "svg",
    {
      role: "img",
      "aria-label": name,
      class: "chart",
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
    },
    svg("title", {}, name),
    svg("desc", {}, description),
  );

  const ticks = 4;
  for (let i = 0; i <= ticks; i += 1) {
    const value = (max / ticks) * i;
    const ty = y(value);
    chart.append(
      svg("line", { class: "grid", x1: margin.left, x2: margin.left + plotWidth, y1: ty, y2: ty }),
      svg("text", { class: "axis", x: margin.left - 6, y: ty + 4, "text-anchor": "end" }, axisNumber(value)),
    );
  }

  const slot = plotWidth / Math.max(1, months.length);
  const groupWidth = Math.min(slot * 0.7, 64);
  const barWidth = groupWidth / Math.max(1, series.length);
  months.forEach((month, i) => {
    const x0 = margin.left + slot * i + (slot - groupWidth) / 2;
    series.forEach((s, j) => {
      const micros = s.values.get(month) ?? 0n;
      const top = y(amount(micros));
      chart.append(
        svg(
          "rect",
          {
            class: `bar series-${j % 4}`,
            x: x0 + barWidth * j,
            y: top,
            width: Math.max(1, barWidth - 1),
            height: Math.max(0, margin.top + plotHeight - top),
          },
          svg("title", {}, `${month}: ${formatMicros(micros)} ${s.label}`),
        ),
      );
    });
    const [year, mm] = month.split("-");
    const center = margin.left + slot * i + slot / 2;
    const label = svg("text", { class: "axis", x: center, y: margin.top + plotHeight + 16, "text-anchor": "middle" });
    label.append(MONTH_NAMES[Number(mm) - 1] ?? month);
    if (i === 0 || mm === "01") {
      label.append(svg("tspan", { x: center, dy: 13 }, year ?? ""));
    }
    chart.append(label);
  });
  chart.append(
    svg("line", {
      class: "baseline",
      x1: margin.left,
      x2: margin.left + plotWidth,
      y1: margin.top + plotHeight,
      y2: margin.top + plotHeight,
    }),
  );
  return chart;
}
