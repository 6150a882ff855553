// A reject's own words, in its `metadata.reject_detail`: the reason alone does not say which limit was hit or what to
// change ("6000 pages, more than the limit of 5000 (config ingest.maxPages)", pdf.js's error on a damaged file,
// "ocr_quality 0.41, under the minimum of 0.5; ...").

/** `metadata` (the JSON object of the fields the input record carried, or null) with `reject_detail` set to `detail`. */
export function withRejectDetail(metadata: string | null, detail: string): string {
  const carried = metadata === null ? {} : (JSON.parse(metadata) as Record<string, unknown>);
  return JSON.stringify({ ...carried, reject_detail: detail });
}
