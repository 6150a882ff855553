// What set a document's density: density is the lowest of the detectors' logits (the density_vs_<kind> columns), so
// that detector's kind is what the text was taken for.

export const DETECTOR_COLUMN_PREFIX = "density_vs_";

/** The kind of the detector whose logit is the row's lowest density_vs_* column, or null when it has none. */
export function densitySetBy(row: Readonly<Record<string, unknown>>): string | null {
  let lowest: [string, number] | null = null;
  for (const [key, value] of Object.entries(row))
    if (key.startsWith(DETECTOR_COLUMN_PREFIX) && typeof value === "number" && (!lowest || value < lowest[1]))
      lowest = [key.slice(DETECTOR_COLUMN_PREFIX.length), value];
  return lowest?.[0] ?? null;
}
