// Lines of a byte stream, each at most a bounded size. Node's readline builds a line however long it is, and a
// JSON Lines dump with one 600 MB record (a whole crawl's HTML in one field) ended the run with V8's "Invalid string
// length". A line over the bound is skipped as it streams past, never held, and reported with its head and length.

/** Default bound on one line: far above any document worth training on, far below V8's ~512 MiB string limit. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** How much of an over-long line is kept, so its reject still shows what it was. */
export const OVERLONG_HEAD_BYTES = 4096;

export type Line = { text: string } | { overlong: { bytes: number; head: string } };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  // The current line's bytes so far, while it is within the bound.
  let parts: Uint8Array[] = [];
  let length = 0;
  // Set once the current line passed the bound: its head is kept, the rest only counted.
  let overlongHead: Uint8Array | null = null;

  const startLine = () => {
    parts = [];
    length = 0;
    overlongHead = null;
  };
  const take = (piece: Uint8Array) => {
    length += piece.length;
    if (overlongHead) return;
    parts.push(piece);
    if (length > maxLineBytes) {
      overlongHead = Buffer.concat(parts).subarray(0, OVERLONG_HEAD_BYTES);
      parts = [];
    }
  };
  const endLine = (): Line => {
    if (overlongHead) return { overlong: { bytes: length, head: decodeHead(overlongHead) } };
    let bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    if (bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8") };
  };

  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
      take(buffer.subarray(start, end));
      yield endLine();
      startLine();
      start = end + 1;
    }
    if (start < buffer.length) take(buffer.subarray(start));
  }
  if (length > 0) yield endLine();
}

/** The head's text without a character its cut split in two. */
function decodeHead(head: Uint8Array): string {
  return Buffer.from(head.buffer, head.byteOffset, head.length)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
}
