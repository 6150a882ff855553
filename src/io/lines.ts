// Lines of a byte stream, each at most a bounded size. Node's readline builds a line however long it is, and a
// JSON Lines dump with one 600 MB record (a whole crawl's HTML in one field) ended the run with V8's "Invalid string
// length". A line over the bound is skipped as it streams past, never held, and reported with its head and length.
// Lines end at LF, CRLF or a lone CR, as readline's do. They come in batches, one per chunk read: an await per line
// halved the reading speed of short records.

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
): AsyncGenerator<Line[]> {
  // The current line's bytes so far, while it is within the bound.
  let parts: Buffer[] = [];
  let length = 0;
  // Set once the current line passed the bound: its head is kept, the rest only counted.
  let overlongHead: Buffer | null = null;
  // A CR ended the last chunk: an LF starting the next one belongs to it.
  let afterCarriageReturn = false;

  const take = (piece: Buffer) => {
    length += piece.length;
    if (overlongHead) return;
    parts.push(piece);
    if (length > maxLineBytes) {
      overlongHead = Buffer.concat(parts).subarray(0, OVERLONG_HEAD_BYTES);
      parts = [];
    }
  };
  const endLine = (): Line => {
    const line: Line = overlongHead
      ? { overlong: { bytes: length, head: decodeHead(overlongHead) } }
      : { text: (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString("utf8") };
    parts = [];
    length = 0;
    overlongHead = null;
    return line;
  };

  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const batch: Line[] = [];
    let start = afterCarriageReturn && buffer[0] === NEWLINE ? 1 : 0;
    afterCarriageReturn = false;
    for (let end = nextBreak(buffer, start); end >= 0; end = nextBreak(buffer, start)) {
      take(buffer.subarray(start, end));
      batch.push(endLine());
      start = end + 1;
      if (buffer[end] === CARRIAGE_RETURN) {
        if (start === buffer.length) afterCarriageReturn = true;
        else if (buffer[start] === NEWLINE) start++;
      }
    }
    if (start < buffer.length) take(buffer.subarray(start));
    if (batch.length > 0) yield batch;
  }
  if (length > 0 || overlongHead) yield [endLine()];
}

/** The index of the next LF or CR at or after `from`, or -1. */
function nextBreak(buffer: Buffer, from: number): number {
  const newline = buffer.indexOf(NEWLINE, from);
  // Most files have no CR, or one right before each LF: look for a lone one only up to the LF.
  const end = newline < 0 ? buffer.length : newline;
  const carriageReturn = buffer.subarray(from, end).indexOf(CARRIAGE_RETURN);
  return carriageReturn >= 0 ? from + carriageReturn : newline;
}

/** The head's text without a character its cut split in two. */
function decodeHead(head: Buffer): string {
  return head.toString("utf8").replace(/\uFFFD$/, "");
}
