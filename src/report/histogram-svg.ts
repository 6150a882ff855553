// One distribution as an inline SVG: kept documents as bars, rejected ones as an outline on the same bins, each as
// shares of its own set so a small reject set still shows its shape.
import type { Distribution } from "./distribution.js";
import { formatNumber } from "./html.js";

const WIDTH = 300;
const HEIGHT = 80;
const AXIS = 14;

export function histogramSvg(d: Distribution): string {
  const bins = d.kept.length;
  const barWidth = WIDTH / bins;
  const top = Math.max(...d.kept, ...d.rejected, Number.MIN_VALUE);
  const y = (share: number) => (HEIGHT - AXIS) * (1 - share / top);
  const bars = d.kept
    .map((share, b) =>
      share > 0
        ? `<rect x="${(b * barWidth).toFixed(1)}" y="${y(share).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" ` +
          `height="${(HEIGHT - AXIS - y(share)).toFixed(1)}" class="kept"/>`
        : "",
    )
    .join("");
  const outline =
    d.rejectedN > 0
      ? `<polyline class="rejected" points="${d.rejected
          .flatMap((share, b) => [
            `${(b * barWidth).toFixed(1)},${y(share).toFixed(1)}`,
            `${((b + 1) * barWidth).toFixed(1)},${y(share).toFixed(1)}`,
          ])
          .join(" ")}"/>`
      : "";
  const base = HEIGHT - AXIS;
  return (
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" ` +
    `aria-label="distribution of ${d.column}">${bars}${outline}` +
    `<line x1="0" y1="${base}" x2="${WIDTH}" y2="${base}" class="axis"/>` +
    `<text x="0" y="${HEIGHT - 2}">≤ ${formatNumber(d.lo)}</text>` +
    (d.log ? `<text x="${WIDTH / 2}" y="${HEIGHT - 2}" text-anchor="middle">log scale</text>` : "") +
    `<text x="${WIDTH}" y="${HEIGHT - 2}" text-anchor="end">≥ ${formatNumber(d.hi)}</text></svg>`
  );
}
