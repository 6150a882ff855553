// UTF-16 halves without their other half: a dump's JSON may hold them ("\udc00"), but UTF-8 cannot. Parquet's writer
// turned each into U+FFFD, so two ids differing only there became one id; JSON Lines kept the escape, which strict
// JSON readers (DuckDB's read_json_auto, json_extract) refuse.

export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder does. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}
