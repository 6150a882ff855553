// Mojibake repair: text whose UTF-8 bytes were once decoded as Windows-1252 or Latin-1 ("â€™" for "’", "Ã©" for
// "é", "ï¬" for "ﬁ"), as web dumps and re-exported corpora often hold. What datatrove's FTFYFormatter and NeMo
// Curator's UnicodeReformatter do with ftfy, narrowed to what can be undone exactly: a run of characters is replaced
// only when their bytes are well-formed UTF-8, and a lone sequence only on evidence (below), so that text decoded
// right, in any language, is left alone. Left in, the mojibake of 26 reference papers' ~8 KB chunks scored above
// the chunks (density AUC 0.39: math symbols turned into letters read as prose), so it is undone before scoring.

/** Windows-1252's characters for bytes 0x80-0x9F; Latin-1 and WHATWG decoders give U+0080-U+009F instead. */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** The byte each character of a Windows-1252 or Latin-1 decoding came from. */
const BYTE_OF = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) BYTE_OF.set(String.fromCharCode(b), b);
for (let i = 0; i < CP1252_HIGH.length; i++) BYTE_OF.set(CP1252_HIGH[i] as string, 0x80 + i);

const CONTINUATION = `[\\u0080-\\u00bf${CP1252_HIGH}]`;
/** A UTF-8 lead byte and its continuation bytes, each read as one character; runs of them are repaired together. */
const SEQUENCE = `(?:[\\u00c2-\\u00df]${CONTINUATION}|[\\u00e0-\\u00ef]${CONTINUATION}{2}|[\\u00f0-\\u00f4]${CONTINUATION}{3})`;
const MOJIBAKE = new RegExp(`${SEQUENCE}+`, "g");
const MOJIBAKE_WHOLE = new RegExp(`^${SEQUENCE}+$`);
const ONE_SEQUENCE = new RegExp(`^${SEQUENCE}$`);

/**
 * What one sequence alone may stand for: Latin letters (Latin-1, Extended-A and -B), modifier letters and combining
 * marks, Greek, Cyrillic, punctuation and symbols, ligatures, a byte-order mark. An accented letter before
 * punctuation also reads as one well-formed sequence: "é" and a no-break space before "»" is U+983B, "É”" U+0254,
 * "ß’" NKo, "Ø±" Arabic, "áš" and a no-break space Ogham.
 */
const PLAUSIBLE_ALONE = /^[\u00a0-\u024f\u02b0-\u04ff\u2000-\u2bff\ufb00-\ufb06\ufeff\ufffd]$/;
/** The leads of most mojibake: "Â" and "Ã" (Latin-1's signs and letters) and "â" (punctuation, symbols, math). */
const COMMON_LEAD = /^[\u00c2\u00c3\u00e2]/;
/**
 * What one sequence is not let stand for even in text that shows mojibake elsewhere: scripts and marks text is rarely
 * written in (Armenian, Hebrew points, Arabic marks, Syriac, Thaana, NKo, Ogham, Runic), as "ß’" and "Ø•" read.
 */
const IMPLAUSIBLE_ALONE = /^[\u0530-\u05cf\u05eb-\u061f\u064b-\u065f\u066a-\u08ff\u1680-\u16ff]$/;

/** C1 control characters left after repair: a byte 0x80-0x9F decoded as Latin-1 where Windows-1252 was meant. */
const C1_CONTROLS = /[\u0080-\u009f]/g;
const HAS_C1_CONTROL = /[\u0080-\u009f]/;

/** Double encoding (mojibake of mojibake) is undone one layer per pass. */
const MAX_PASSES = 3;

// ignoreBOM keeps a byte-order mark that begins a run (mid-text, where it was in the original).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export interface Repair {
  text: string;
  /** Runs of characters replaced, C1 controls included; 0 when the text is unchanged. */
  repaired: number;
}

/** The text with its mojibake undone, and how many runs were replaced. */
export function repairMojibake(text: string): Repair {
  let repaired = 0;
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = 0;
    // A lone sequence with another lead ("È" and a no-break space is U+0220, "áµ¢" is ᵢ) is taken only in text that
    // shows mojibake elsewhere: in French or Italian, an accented letter before punctuation is no evidence.
    const decoded = new Map<string, string | null>();
    const strong = (run: string) => {
      if (!decoded.has(run)) decoded.set(run, decodeRun(run));
      const fixed = decoded.get(run);
      return fixed != null && (!ONE_SEQUENCE.test(run) || (COMMON_LEAD.test(run) && PLAUSIBLE_ALONE.test(fixed)));
    };
    const evidence = [...out.matchAll(MOJIBAKE)].some(([run]) => strong(run));
    if (!evidence) break;
    out = out.replace(MOJIBAKE, (run) => {
      const isStrong = strong(run);
      const fixed = decoded.get(run) ?? null;
      if (fixed === null || (!isStrong && IMPLAUSIBLE_ALONE.test(fixed))) return run;
      changed++;
      return fixed;
    });
    repaired += changed;
    if (changed === 0) break;
  }
  out = out.replace(C1_CONTROLS, (c) => {
    const meant = CP1252_HIGH[c.charCodeAt(0) - 0x80] as string;
    if (meant === c) return c; // a byte Windows-1252 leaves undefined: nothing it could have meant
    repaired++;
    return meant;
  });
  return { text: out, repaired };
}

/**
 * The run's characters as bytes decoded as UTF-8, or null when they are not well-formed UTF-8 (overlong, a
 * surrogate, past U+10FFFF) or decode to C1 controls, which no writer meant, unless those are mojibake in turn.
 */
function decodeRun(run: string): string | null {
  const bytes = new Uint8Array(run.length);
  for (let i = 0; i < run.length; i++) bytes[i] = BYTE_OF.get(run[i] as string) as number;
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (!HAS_C1_CONTROL.test(decoded)) return decoded;
  // C1 controls are what a second layer of Latin-1 mojibake decodes to first: take both layers, or neither.
  return MOJIBAKE_WHOLE.test(decoded) ? decodeRun(decoded) : null;
}
