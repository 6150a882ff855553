// Characters a record's text may carry that no reader of a training shard wants: control characters (NUL ends a C
// string, ESC starts a terminal's colour codes), a byte-order mark at the start (one format's reader keeps it,
// another drops it, so JSONL and Parquet outputs of one input differ) and UTF-16 halves without their other half
// (JSON Lines writes them as "\ud800", which strict JSON parsers refuse, and Parquet as U+FFFD). pdf.js text never
// holds them; a dump's JSON Lines may.
import { LONE_SURROGATE } from "../src/io/well-formed.js";

/** C0 controls but tab, line feed, vertical tab, form feed (pdftotext's page break) and carriage return; DEL. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
const BYTE_ORDER_MARK = "\ufeff";

export interface PrintableText {
  text: string;
  /** Control characters and a leading byte-order mark removed. */
  removed: number;
  /** Lone surrogates replaced by U+FFFD, as a UTF-8 encoder does. */
  replaced: number;
}

export function printableText(text: string): PrintableText {
  const marked = text.startsWith(BYTE_ORDER_MARK);
  let removed = marked ? 1 : 0;
  const out = (marked ? text.slice(1) : text).replace(CONTROL, () => {
    removed++;
    return "";
  });
  let replaced = 0;
  const wellFormed = out.replace(LONE_SURROGATE, () => {
    replaced++;
    return "\ufffd";
  });
  return { text: wellFormed, removed, replaced };
}
