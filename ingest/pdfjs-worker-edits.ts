// pdf.js's worker side, edited where text extraction paid for what it does not use: embedded fonts are compiled
// only when something draws with them, and the per-glyph text state stops allocating and chaining objects.
//
// For every Type1 and CFF font a page uses, pdf.js parses the font program (which text extraction needs: glyph
// names, encodings, widths) and then compiles it again as a CFF program wrapped in an OpenType file (which only
// drawing needs). getTextContent never draws, yet the compile was a fifth of an ingest thread's CPU time on the
// born-digital corpus: CFFCompiler's output buffer alone, which grows by spreading arrays into push(), was 10%.
// The edits below turn the compiled bytes (`data` of CFFFont, Type1Font and Font) into properties built on first
// read: rendering a page for OCR still reads them and gets the same bytes, text extraction never does. Two more
// edits make the per-glyph text state cheap (see their comments); together the edits take an ingest thread from
// about 14 s to 9 s over the 933 born-digital pages, with byte-identical output on every corpus PDF.
//
// One more edit recovers text pdf.js loses: TeX's ligatures in a Type 3 bitmap font without a ToUnicode map (see
// TEX_LIGATURE_HELPER). The last ones mark text no reader sees (see HIDDEN_TEXT_HELPERS): pdf.js's text content
// carries neither colour nor render mode, so it cannot be told apart on the main thread.
//
// The edits are exact string replacements on the pinned pdfjs-dist version. If one does not match (another
// version), the unedited worker is loaded instead: slower, and OT1's ff, fi and fl lost again, but never wrong; a
// test holds that they apply.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const WORKER_PATH = "pdfjs-dist/legacy/build/pdf.worker.mjs";

/** Replaces an object's `data` with a getter that builds it once, on first read; a later write just sets it. */
const LAZY_DATA_HELPER = `function assayLazyData(target, build) {
  const settle = (value) => Object.defineProperty(target, "data", { value, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(target, "data", {
    configurable: true,
    enumerable: true,
    get() { const value = build(); settle(value); return value; },
    set(value) { settle(value); },
  });
}
`;

/**
 * dvips names the glyphs of a TeX bitmap font by their code (/a12) and gives no ToUnicode map, so pdf.js reads each
 * glyph as its code. TeX's text fonts put ff fi fl ffi ffl at control codes: OT1 (Computer Modern) at 0x0B-0x0F, which
 * pdf.js then reads as white space ("e ects", "rst"), T1 (EC, Latin Modern) at 0x1B-0x1F. A font that has a glyph
 * among 0x0B-0x0F is taken for OT1 (T1's glyphs there are accents and quotes TeX seldom sets alone); otherwise T1's
 * ligatures are read. ingest/layout/glyphs.ts reads the control codes that still come through next to letters.
 */
const TEX_LIGATURE_HELPER = `function assayTexLigature(glyphName, charcode, differences) {
  if (glyphName !== "a" + charcode) return undefined;
  let first = 27;
  for (let code = 11; code <= 15; code++) if (differences[code] === "a" + code) first = 11;
  return ["ff", "fi", "fl", "ffi", "ffl"][+charcode - first];
}
`;

/**
 * Covers a page's text pass records (HIDDEN_TEXT_HELPERS): a heat map of filled cells drawn after its labels has a
 * few thousand; the limit bounds what a page of a million rectangles sends (~3 MB of boxes). Past it, later fills are
 * not covers.
 */
export const MAX_COVERS_PER_PAGE = 50_000;

/**
 * Grounds (what later text lies on: fills, images, shadings) a page's text pass records; past it, no text on the page
 * is judged by its ground. A text item looks back through at most MAX_GROUND_LOOKBACK of them for the one under it,
 * and is seen if none is found: labels drawn after a heat map's thousands of cells are not each tested against all.
 */
export const MAX_GROUNDS_PER_PAGE = 50_000;
export const MAX_GROUND_LOOKBACK = 2_000;

/**
 * Text drawn so that no reader sees it: render mode 3 (neither filled nor stroked: a scan's OCR layer, or a planted
 * prompt), fully transparent (an ExtGState's /ca or /CA of 0), painted in paper white, in optional content the
 * document's default view hides, or clipped away: upright text whose baseline starts a font size or more above or
 * below the clip's box, or right of it (text left of a clip may run into it; the box bounds the clip path, never
 * smaller than it). Each text item is marked with why (`assayHidden`); ingest/visible-text.ts decides what to keep
 * (white text on a dark box is seen). White is judged only in colour spaces whose components say it:
 * light (gray, RGB, calibrated, ICC) and ink (CMYK, Separation, DeviceN: no ink is white). Mode 7 adds the glyphs to
 * the clip, and what is painted through them shows: it is seen.
 *
 * What the page paints is gathered in the same pass, so that deciding costs no second parse of the page (an operator
 * list builds fonts and images for drawing: a fifth more ingest time on the corpus): the boxes of images (a scan's
 * OCR layer lies over one) and of dark fills, shadings and patterns (white text on them is seen), in device space. A
 * page that drew text marked hidden ends its text content with one item of `type` "assayPaint" holding them; the
 * others send none (the boxes of a page of plots cost their copy to the main thread).
 *
 * Text can also be painted over: a white box drawn on a planted line, a black one on redacted words, a picture pasted
 * on a paragraph. Each upright rectangle filled, or image without a mask drawn, after some text (not through a
 * transparency, a blend mode or a soft mask, nor through glyphs drawn as a clip) is a cover: its box (within the clip
 * and the form's box) and how many text items were drawn before it. A page with covers sends them in that item too
 * (at most MAX_COVERS_PER_PAGE); ingest/visible-text.ts leaves out the items a later cover holds whole.
 *
 * And text can be drawn in the colour of what lies under it: black on a black box, gray on a gray panel. Each fill
 * is recorded as a ground, with its colour when it is an opaque upright rectangle of a colour the space says, and
 * images and shadings as grounds of no known colour. Text filled (render mode 0) opaquely is marked "camouflaged"
 * when the last ground under its start, holding its letters' bodies, is a rectangle of its own colour (each of red,
 * green and blue within 8/255, as paper white is judged).
 */
const HIDDEN_TEXT_HELPERS = `const assaySpacesOf = new WeakMap();
function assaySpaceComponents(name, resources, xref) {
  if (!(name instanceof Name)) return 0;
  let spaces = assaySpacesOf.get(resources);
  if (!spaces) assaySpacesOf.set(resources, (spaces = new Map()));
  let components = spaces.get(name.name);
  if (components === undefined) spaces.set(name.name, (components = assayReadSpace(name, resources, xref)));
  return components;
}
function assayReadSpace(name, resources, xref) {
  const device = { DeviceGray: 1, DeviceRGB: 3, DeviceCMYK: -4, G: 1, RGB: 3, CMYK: -4 };
  if (device[name.name]) return device[name.name];
  try {
    const space = resources.get("ColorSpace")?.get(name.name);
    const family = Array.isArray(space) && space[0] instanceof Name ? space[0].name : space instanceof Name ? space.name : null;
    if (device[family]) return device[family];
    if (family === "CalGray") return 1;
    if (family === "CalRGB") return 3;
    if (family === "Separation") return -1;
    if (family === "DeviceN") return Array.isArray(space[1]) ? -space[1].length : 0;
    if (family === "ICCBased") {
      const n = xref.fetchIfRef(space[1])?.dict?.get("N");
      return n === 4 ? -4 : n === 1 || n === 3 ? n : 0;
    }
  } catch {}
  return 0;
}
function assayNumbers(args, components) {
  if (components === 0 || args.length !== Math.abs(components)) return false;
  for (let i = 0; i < args.length; i++) if (typeof args[i] !== "number") return false;
  return true;
}
function assayWhite(args, components) {
  if (!assayNumbers(args, components)) return false;
  for (let i = 0; i < args.length; i++) if (components < 0 ? args[i] > 0.03 : args[i] < 0.97) return false;
  return true;
}
function assayClear(state, resources, name) {
  try {
    const gState = resources.get("ExtGState")?.get(name);
    if (!(gState instanceof Dict)) return;
    const fill = gState.get("ca");
    const stroke = gState.get("CA");
    if (typeof fill === "number") assaySet(state, { fillClear: fill <= 0.03, fillOpaque: fill >= 0.97 });
    if (typeof stroke === "number") assaySet(state, { strokeClear: stroke <= 0.03 });
    const blend = gState.get("BM");
    const mode = Array.isArray(blend) ? blend[0] : blend;
    if (mode !== undefined) assaySet(state, { blended: !(mode instanceof Name && (mode.name === "Normal" || mode.name === "Compatible")) });
    const mask = gState.get("SMask");
    if (mask !== undefined) assaySet(state, { masked: !(mask instanceof Name && mask.name === "None") });
  } catch {}
}
function assayDark(args, components) {
  if (!assayNumbers(args, components)) return true;
  if (components === 1 || components === 3) {
    const [r, g = r, b = r] = args;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.85;
  }
  if (components === -4) {
    const [c, m, y, k] = args;
    return 0.2126 * (1 - c) * (1 - k) + 0.7152 * (1 - m) * (1 - k) + 0.0722 * (1 - y) * (1 - k) < 0.85;
  }
  return args.some((v) => v > 0.15);
}
function assayRgb(args, components) {
  if (!assayNumbers(args, components) || (components !== 1 && components !== 3 && components !== -4)) return -1;
  let [r, g = r, b = r] = args;
  if (components === -4) {
    const [c, m, y, k] = args;
    [r, g, b] = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)];
  }
  const byte = (v) => Math.max(0, Math.min(255, Math.round(v * 255)));
  return (byte(r) << 16) | (byte(g) << 8) | byte(b);
}
function assaySameColour(a, b) {
  if (a < 0 || b < 0) return false;
  for (let shift = 0; shift <= 16; shift += 8) if (Math.abs(((a >> shift) & 255) - ((b >> shift) & 255)) > 8) return false;
  return true;
}
function assayGround(task, box, rgb) {
  const grounds = (task.assayGrounds ??= []);
  if (grounds.length >= ${MAX_GROUNDS_PER_PAGE}) task.assayGroundsFull = true;
  else {
    grounds.push([box[0], box[1], box[2], box[3], rgb]);
    if (rgb >= 0) (task.assayGroundColours ??= new Set()).add(rgb);
  }
}
function assayTextOrigin(state) {
  // Device-space [x, y, font size] of upright text (null if turned or mirrored): the text matrix through the page's,
  // without building the glyph's whole transform.
  const m = state.textMatrix;
  const k = state.ctm;
  const a = k[0] * m[0] + k[2] * m[1];
  const b = k[1] * m[0] + k[3] * m[1];
  const c = k[0] * m[2] + k[2] * m[3];
  const d = k[1] * m[2] + k[3] * m[3];
  if (!(a > 0 && d > 0 && Math.abs(b) <= 1e-3 * a && Math.abs(c) <= 1e-3 * d)) return null;
  return [k[0] * m[4] + k[2] * m[5] + k[4], k[1] * m[4] + k[3] * m[5] + k[5], d * state.fontSize];
}
function assayCamouflaged(task, state) {
  const ink = state.assay;
  const grounds = task.assayGrounds;
  if (!grounds || task.assayGroundsFull || ink.render !== 0 || ink.fillRgb < 0 || !assaySolidFill(ink)) return false;
  // Most text is on the paper or on boxes of other colours: no box of its colour, no search for the one under it. A
  // page of more colours (a heat map's) is searched as it is.
  const colours = task.assayGroundColours;
  if (!colours) return false;
  if (colours.size <= 64) {
    let colourSeen = false;
    for (const rgb of colours)
      if (assaySameColour(rgb, ink.fillRgb)) {
        colourSeen = true;
        break;
      }
    if (!colourSeen) return false;
  }
  const origin = assayTextOrigin(state);
  if (origin === null) return false;
  const [x, y, size] = origin;
  const middle = y + 0.35 * size;
  const last = Math.max(0, grounds.length - ${MAX_GROUND_LOOKBACK});
  for (let i = grounds.length - 1; i >= last; i--) {
    const [x0, y0, x1, y1, rgb] = grounds[i];
    if (x < x0 || x > x1 || middle < y0 || middle > y1) continue;
    return y + 0.1 * size >= y0 && y + 0.6 * size <= y1 && assaySameColour(rgb, ink.fillRgb);
  }
  return false;
}
function assayPaintOf(task) {
  return (task.assayPaint ??= { images: [], backdrops: [], covers: [] });
}
function assaySolidFill(ink) {
  // Paint that lays its own colour: opaque, not blended with what is under it, not through a soft mask.
  return ink.fillOpaque && !ink.blended && !ink.masked;
}
function assayCover(task, state, path, drawn, image = 0) {
  const ink = state.assay;
  if (drawn === 0 || !assaySolidFill(ink) || ink.textClip) return;
  const box = assayIntersect(ink.clip, path);
  const covers = assayPaintOf(task).covers;
  if (box[2] - box[0] < 2 || box[3] - box[1] < 2 || covers.length >= ${MAX_COVERS_PER_PAGE}) return;
  covers.push([box[0], box[1], box[2], box[3], drawn, image]);
}
function assayUpright(ctm) {
  return (ctm[1] === 0 && ctm[2] === 0) || (ctm[0] === 0 && ctm[3] === 0);
}
function assayOpaqueImage(dict) {
  return !dict.has("SMask") && !dict.has("Mask") && dict.get("ImageMask") !== true && !dict.get("SMaskInData");
}
function assayExtend(box, ctm, x, y) {
  if (typeof x !== "number" || typeof y !== "number") return box;
  const px = ctm[0] * x + ctm[2] * y + ctm[4];
  const py = ctm[1] * x + ctm[3] * y + ctm[5];
  if (box === null) return [px, py, px, py];
  if (px < box[0]) box[0] = px;
  if (py < box[1]) box[1] = py;
  if (px > box[2]) box[2] = px;
  if (py > box[3]) box[3] = py;
  return box;
}
function assayExtendRect(box, ctm, x0, y0, x1, y1) {
  return assayExtend(assayExtend(assayExtend(assayExtend(box, ctm, x0, y0), ctm, x1, y0), ctm, x0, y1), ctm, x1, y1);
}
function assayPlaceImage(task, ctm) {
  const box = assayExtendRect(null, ctm, 0, 0, 1, 1);
  assayPaintOf(task).images.push(box);
  assayGround(task, box, -1);
  return box;
}
function assayDrawn(task, textContent) {
  return (task.assaySent ?? 0) + textContent.items.length;
}
function assayPaintImage(task, state, textContent, opaque) {
  const box = assayPlaceImage(task, state.ctm);
  if (opaque && assayUpright(state.ctm)) assayCover(task, state, box, assayDrawn(task, textContent), 1);
}
const ASSAY_INK = Object.freeze({ render: 0, fillWhite: false, strokeWhite: false, fillDark: true, fillRgb: 0, fillSpace: 1, strokeSpace: 1, fillClear: false, strokeClear: false, fillOpaque: true, blended: false, masked: false, textClip: false, off: false, clip: null });
function assaySet(state, change) {
  const ink = state.assay;
  const keys = Object.keys(change);
  for (let i = 0; i < keys.length; i++) {
    if (ink[keys[i]] !== change[keys[i]]) {
      state.assay = { ...ink, ...change };
      return;
    }
  }
}
function assayHiddenBy(state) {
  const ink = state.assay;
  if (ink.off) return "optional";
  const mode = ink.render;
  if (mode === 3) return "invisible";
  const paint = mode & 3;
  if (paint === 0 ? ink.fillClear : paint === 1 ? ink.strokeClear : paint === 2 && ink.fillClear && ink.strokeClear) return "transparent";
  if (paint === 0 ? ink.fillWhite : paint === 1 ? ink.strokeWhite : paint === 2 && ink.fillWhite && ink.strokeWhite) return "white";
  return null;
}
function assayIntersect(a, b) {
  if (a === null) return b;
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}
function assayClippedAway(clip, state) {
  const origin = assayTextOrigin(state);
  if (origin === null) return false;
  const [x, y, size] = origin;
  return y < clip[1] - size || y > clip[3] + size || x > clip[2] + size;
}
function assayEndPage(task, prevRefs, textContent) {
  const offPage = task.assayOffPage ?? 0;
  if (prevRefs || (!task.assayPaint && offPage === 0)) return;
  const { images, backdrops, covers } = assayPaintOf(task);
  if (task.assayHiddenText) textContent.items.push({ type: "assayPaint", images, backdrops, covers, offPage });
  else if (covers.length > 0 || offPage > 0) textContent.items.push({ type: "assayPaint", images: [], backdrops: [], covers, offPage });
}
const assayOffGroupsOf = new WeakMap();
function assayOffGroups(xref) {
  let off = assayOffGroupsOf.get(xref);
  if (off) return off;
  off = new Set();
  try {
    const properties = xref.root?.get("OCProperties");
    const config = properties?.get("D");
    const ids = (array) => (Array.isArray(array) ? array.filter((ref) => ref instanceof Ref).map(String) : []);
    if (config instanceof Dict) {
      if (config.get("BaseState")?.name === "OFF") {
        const on = new Set(ids(config.get("ON")));
        for (const id of ids(properties.get("OCGs"))) if (!on.has(id)) off.add(id);
      } else for (const id of ids(config.get("OFF"))) off.add(id);
    }
  } catch {}
  assayOffGroupsOf.set(xref, off);
  return off;
}
function assayContentOff(xref, oc) {
  try {
    if (!(oc instanceof Dict)) return false;
    const off = assayOffGroups(xref);
    if (off.size === 0) return false;
    const type = oc.get("Type")?.name;
    if (type === "OCG") return off.has(oc.objId);
    if (type !== "OCMD" || Array.isArray(oc.get("VE"))) return false;
    const raw = oc.getRaw("OCGs");
    const groups = (Array.isArray(raw) ? raw : [raw]).filter((ref) => ref instanceof Ref).map((ref) => off.has(String(ref)));
    if (groups.length === 0) return false;
    const policy = oc.get("P")?.name;
    if (policy === "AllOn") return groups.some(Boolean);
    if (policy === "AnyOff") return groups.every((isOff) => !isOff);
    if (policy === "AllOff") return groups.some((isOff) => !isOff);
    return groups.every(Boolean);
  } catch {
    return false;
  }
}
function assayMarkedContentOff(xref, resources, tag, properties) {
  if (!(tag instanceof Name) || tag.name !== "OC") return false;
  try {
    return assayContentOff(xref, properties instanceof Name ? resources.get("Properties")?.get(properties.name) : properties);
  } catch {
    return false;
  }
}
`;

/**
 * Forms a page's text pass may read: every form drawn is read, but one without text only once per content stream
 * (pdf.js caches it), so this counts forms holding text and first reads. The corpus's busiest page reads 1,016 (the
 * attention visualisations of arxiv-1706.03762v5), most pages none.
 */
export const MAX_FORMS_PER_PAGE = 20_000;

/**
 * Characters a page's text pass may show. The corpus's fullest page shows 7,791, a page of 6-point tables a few
 * times that; a content stream that inflates to hundreds of MB of text (a few hundred KB of PDF) held its document
 * for minutes at gigabytes of memory, then stops here after a few seconds. Text shown past the limit is a FormatError,
 * which pdf.js reports and goes past: the page is read as damaged, with the text shown before it.
 */
export const MAX_CHARS_PER_PAGE = 1_000_000;

/**
 * Operators a page's operator list may hold. It is walked for a page's images only when the page's text is short
 * enough for a scan, which a page whose text pass stopped at MAX_CHARS_PER_PAGE is: the same content then built an
 * operator list of every one of its operators (a 600 MB stream ran out of a 4 GB heap after three minutes). The
 * corpus's busiest page lists 19,163, a plot of 100,000 points ~500,000; past the limit the list ends where it is, as
 * a damaged page's does.
 */
export const MAX_OPERATORS_PER_PAGE = 2_000_000;

/**
 * Content streams a page's operator list may read: forms, soft-mask groups, patterns, annotation appearances, Type 3
 * glyphs. Here forms without text count too, and a plot draws each marker as one (matplotlib): a scatter of tens of
 * thousands of points is a legitimate page. The corpus's busiest reads 2,063; a bomb stops here after ~4-9 s of CPU.
 */
export const MAX_STREAMS_PER_OPERATOR_LIST = 100_000;

/**
 * Bytes one stream may decode to (a content stream, a font program, an image's samples). A few MB of Flate data can
 * inflate to gigabytes: 1.5 MB of PDF whose content stream is 1.5 GB of spaces held its thread for 46 s at 2.8 GB,
 * 5 MB (5 GB) for 134 s at 6.5 GB before pdf.js's buffer outgrew what a typed array holds, and two threads at once
 * would take a smaller machine's memory. The corpus's largest stream inflates to 11.6 MB (a scanned page's image), a
 * 600 dpi RGB scan in Flate to ~100 MB. Past the limit the decoder throws a FormatError, which pdf.js reports and goes
 * past: the page is read as damaged, with the text shown before the limit but the last text operator (pdf.js's parser
 * reads two tokens ahead), and the document's other pages are kept. The 1.5 GB stream now stops after 9.5 s at
 * 0.66 GB, the 5 GB one after 7.2 s at 0.67 GB.
 */
export const MAX_DECODED_STREAM_BYTES = 256 * 2 ** 20;

/**
 * A composite TrueType font without a ToUnicode map (Identity ordering): pdf.js reads each glyph's CID as its
 * character, and a font whose glyphs are in the standard order gives every letter shifted by 29 ("We study" becomes
 * ":HVWXG\"), a subset font symbols and control codes. Poppler reads the same. The font program's own cmap (Unicode
 * to glyph) says which character each glyph draws: read backwards, it gives the text. A glyph drawn for several
 * characters is read as the lowest (space before no-break space, hyphen before soft hyphen); private-use and
 * control characters, and Mac Roman's codes above ASCII, are not taken. Codes whose glyph the cmap does not name
 * (ligatures reached through GSUB) stay as they were.
 */
const CMAP_UNICODE_HELPER = `function assayCmapToUnicode(properties, glyphOf, readCmap) {
  // Identity only for want of a map: a font whose ToUnicode says Identity (/Identity-H) gave it, and keeps it.
  if (!(properties.toUnicode instanceof IdentityToUnicodeMap) || properties.hasIncludedToUnicodeMap) return;
  let cmap;
  try {
    cmap = readCmap();
  } catch {
    return;
  }
  const { platformId, mappings } = cmap;
  if (platformId !== 0 && platformId !== 1 && platformId !== 3) return;
  const unicodeOf = new Map();
  for (const { charCode, glyphId } of mappings) {
    if (charCode < 0x20 || (charCode >= 0x7f && charCode < 0xa0) || (charCode >= 0xe000 && charCode <= 0xf8ff)) continue;
    if (platformId === 1 && charCode > 0x7e) continue;
    const held = unicodeOf.get(glyphId);
    if (held === undefined || charCode < held) unicodeOf.set(glyphId, charCode);
  }
  const map = [];
  for (const charCode in glyphOf) {
    const unicode = unicodeOf.get(glyphOf[charCode]);
    if (unicode !== undefined) map[charCode] = String.fromCodePoint(unicode);
  }
  if (map.length > 0) properties.toUnicode = new ToUnicodeMap(map);
}
`;

interface Edit {
  /** Why, in one line: shown when the edit no longer applies. */
  what: string;
  find: string;
  replace: string;
}

const EDITS: readonly Edit[] = [
  {
    what: "lazy-data, TeX-ligature, cmap-to-Unicode and hidden-text helpers",
    find: "class CFFFont {\n",
    replace: `${LAZY_DATA_HELPER}${TEX_LIGATURE_HELPER}${CMAP_UNICODE_HELPER}${HIDDEN_TEXT_HELPERS}class CFFFont {\n`,
  },
  {
    what: "glyphs named by their code in a TeX bitmap font read as TeX's ligatures at control codes",
    find: '        default:\n          switch (glyphName) {\n            case "f_h":',
    replace: `        default: {
          const ligature = assayTexLigature(glyphName, charcode, differences);
          if (ligature !== undefined) {
            toUnicode[charcode] = ligature;
            continue;
          }
        }
          switch (glyphName) {
            case "f_h":`,
  },
  {
    what: "a composite TrueType font without a ToUnicode map reads its characters from the font's own cmap",
    // Every code's glyph, outline or not: a space's glyph has none, so it is not in charCodeToGlyphId.
    find: `        if (glyphId >= 0 && glyphId < numGlyphs && hasGlyph(glyphId)) {
          charCodeToGlyphId[charCode] = glyphId;
        }
      });
    } else {`,
    replace: `        if (glyphId >= 0 && glyphId < numGlyphs) assayGlyphOf[charCode] = glyphId;
        if (glyphId >= 0 && glyphId < numGlyphs && hasGlyph(glyphId)) {
          charCodeToGlyphId[charCode] = glyphId;
        }
      });
      assayCmapToUnicode(properties, assayGlyphOf, () => readCmapTable(tables.cmap, font, false, true));
    } else {`,
  },
  {
    what: "the glyph of each code of a composite TrueType font is gathered for the cmap-to-Unicode edit",
    find: "      const isCidToGidMapEmpty = cidToGidMap.length === 0;\n",
    replace:
      "      const isCidToGidMapEmpty = cidToGidMap.length === 0;\n      const assayGlyphOf = Object.create(null);\n",
  },
  {
    what: "CFFFont compiles on first read of data",
    find: `    try {
      this.data = compiler.compile();
    } catch {
      warn("Failed to compile font " + properties.loadedName);
      this.data = file;
    }`,
    replace: `    assayLazyData(this, () => {
      try {
        return compiler.compile();
      } catch {
        warn("Failed to compile font " + properties.loadedName);
        return file;
      }
    });`,
  },
  {
    what: "Type1Font wraps its charstrings as CFF on first read of data",
    find: "    this.data = this.wrap(name, type2Charstrings, this.charstrings, subrs, properties);",
    replace: "    assayLazyData(this, () => this.wrap(name, type2Charstrings, this.charstrings, subrs, properties));",
  },
  {
    what: "Font.convert maps glyphs at once and returns the OpenType build as a thunk",
    find: '    const builder = new OpenTypeFileBuilder("\\x4F\\x54\\x54\\x4F");',
    replace: '    return () => {\n    const builder = new OpenTypeFileBuilder("\\x4F\\x54\\x54\\x4F");',
  },
  {
    what: "end of the OpenType build thunk",
    find: '    builder.addTable("post", createPostTable(properties));\n    return builder.toArray();\n  }\n',
    replace: '    builder.addTable("post", createPostTable(properties));\n    return builder.toArray();\n    };\n  }\n',
  },
  {
    what: "Font builds its file on first read of data; a failed build leaves the font without one",
    find: "    amendFallbackToUnicode(properties);\n    this.data = data;\n",
    replace: `    amendFallbackToUnicode(properties);
    assayLazyData(this, () => {
      try {
        return typeof data === "function" ? data() : data;
      } catch (e) {
        warn(e);
        return undefined;
      }
    });
`,
  },
  {
    what: "the text transform of each glyph is computed without three temporary arrays",
    // Util.transform(ctm, Util.transform(textMatrix, tsm)) with the same products and sums in the same order, so
    // the result is bit-identical; ctm is a Float32Array, which also made Util.transform's element loads polymorphic.
    find: "      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));",
    replace: `      const m = textState.textMatrix;
      const t0 = m[0] * tsm[0] + m[2] * tsm[1], t1 = m[1] * tsm[0] + m[3] * tsm[1];
      const t2 = m[0] * tsm[2] + m[2] * tsm[3], t3 = m[1] * tsm[2] + m[3] * tsm[3];
      const t4 = m[0] * tsm[4] + m[2] * tsm[5] + m[4], t5 = m[1] * tsm[4] + m[3] * tsm[5] + m[5];
      const c = textState.ctm;
      return [c[0] * t0 + c[2] * t1, c[1] * t0 + c[3] * t1, c[0] * t2 + c[2] * t3, c[1] * t2 + c[3] * t3, c[0] * t4 + c[2] * t5 + c[4], c[1] * t4 + c[3] * t5 + c[5]];`,
  },
  {
    what: "text content styles name the font, so layout can tell code set in a typewriter font",
    // pdf.js says "monospace" only for fonts flagged FixedPitch, which TeX's typewriter fonts (CMTT, LMMono) are not.
    find: "          fontFamily: font.fallbackName,\n",
    replace: "          fontFamily: font.fallbackName,\n          assayFontName: font.name,\n",
  },
  {
    what: "a cloned text state does not inherit from the state it copies",
    // Every field is an own property, so the copy is the same; chaining each clone to the last made every saved
    // state a prototype, which V8 handles far more slowly than plain objects.
    find: "    const clone = Object.assign(Object.create(this), this);",
    replace: "    const clone = Object.assign(Object.create(TextState.prototype), this);",
  },
  {
    what: "the text state follows render mode and whether fill and stroke are paper white",
    find: "          case OPS.setTextRise:\n            textState.textRise = args[0];",
    replace: `          case OPS.setTextRenderingMode:
            assaySet(textState, { render: args[0] });
            break;
          case OPS.setFillGray:
          case OPS.setFillRGBColor:
          case OPS.setFillCMYKColor: {
            const components = fn === OPS.setFillGray ? 1 : fn === OPS.setFillRGBColor ? 3 : -4;
            assaySet(textState, { fillSpace: components, fillWhite: assayWhite(args, components), fillDark: assayDark(args, components), fillRgb: assayRgb(args, components) });
            break;
          }
          case OPS.setStrokeGray:
          case OPS.setStrokeRGBColor:
          case OPS.setStrokeCMYKColor:
          {
            const components = fn === OPS.setStrokeGray ? 1 : fn === OPS.setStrokeRGBColor ? 3 : -4;
            assaySet(textState, { strokeSpace: components, strokeWhite: assayWhite(args, components) });
          }
            break;
          case OPS.setFillColorSpace:
            assaySet(textState, { fillSpace: assaySpaceComponents(args[0], resources, xref), fillWhite: false, fillDark: true, fillRgb: -1 });
            break;
          case OPS.setStrokeColorSpace:
            assaySet(textState, { strokeSpace: assaySpaceComponents(args[0], resources, xref), strokeWhite: false });
            break;
          case OPS.setFillColor:
          case OPS.setFillColorN:
            {
              const space = textState.assay.fillSpace;
              assaySet(textState, { fillWhite: assayWhite(args, space), fillDark: assayDark(args, space), fillRgb: assayRgb(args, space) });
            }
            break;
          case OPS.moveTo:
          case OPS.lineTo:
            assayPath = assayExtend(assayPath, textState.ctm, args[0], args[1]);
            assayRect = false;
            break;
          case OPS.curveTo:
            for (let i = 0; i < 6; i += 2) assayPath = assayExtend(assayPath, textState.ctm, args[i], args[i + 1]);
            assayRect = false;
            break;
          case OPS.curveTo2:
          case OPS.curveTo3:
            for (let i = 0; i < 4; i += 2) assayPath = assayExtend(assayPath, textState.ctm, args[i], args[i + 1]);
            assayRect = false;
            break;
          case OPS.rectangle:
            if (assayNumbers(args, 4)) {
              const [x, y, w, h] = args;
              const ctm = textState.ctm;
              // A cover is one upright rectangle: any other path's box holds more than it paints.
              assayRect = assayPath === null && assayUpright(ctm);
              assayPath = assayExtendRect(assayPath, ctm, x, y, x + w, y + h);
            }
            break;
          case OPS.clip:
          case OPS.eoClip:
            assayClipping = true;
            break;
          case OPS.fill:
          case OPS.eoFill:
          case OPS.fillStroke:
          case OPS.eoFillStroke:
          case OPS.closeFillStroke:
          case OPS.closeEOFillStroke:
          case OPS.stroke:
          case OPS.closeStroke:
          case OPS.endPath:
            if (assayPath !== null) {
              const filled = fn !== OPS.stroke && fn !== OPS.closeStroke && fn !== OPS.endPath;
              if (filled && textState.assay.fillDark) assayPaintOf(task).backdrops.push(assayPath.slice());
              if (filled) {
                const ink = textState.assay;
                const known = assayRect && assaySolidFill(ink) && !ink.textClip;
                assayGround(task, assayIntersect(ink.clip, assayPath), known ? ink.fillRgb : -1);
              }
              if (filled && assayRect) assayCover(task, textState, assayPath, assayDrawn(task, textContent) + (textContentItem.initialized ? 1 : 0));
              if (assayClipping) assaySet(textState, { clip: assayIntersect(textState.assay.clip, assayPath) });
            }
            assayPath = null;
            assayRect = false;
            assayClipping = false;
            break;
          case OPS.shadingFill: {
            const everywhere = textState.assay.clip ?? [-Infinity, -Infinity, Infinity, Infinity];
            assayPaintOf(task).backdrops.push(everywhere);
            assayGround(task, everywhere, -1);
            break;
          }
          case OPS.endInlineImage:
            assayPlaceImage(task, textState.ctm);
            break;
          case OPS.setStrokeColor:
          case OPS.setStrokeColorN:
            assaySet(textState, { strokeWhite: assayWhite(args, textState.assay.strokeSpace) });
            break;
          case OPS.setTextRise:
            textState.textRise = args[0];`,
  },
  {
    // One field, declared with the others, replaced whole when it changes (colour operators are rare beside q/Q):
    // fields added later gave states of several shapes, and ten fields more pushed the clones pdf.js makes at every q
    // into V8's slow dictionary mode (an ingest thread ~20% slower).
    what: "the text state declares the hidden-text state",
    find: "class TextState {\n  ctm = new Float32Array(IDENTITY_MATRIX);\n",
    replace: `class TextState {
  ctm = new Float32Array(IDENTITY_MATRIX);
  assay = ASSAY_INK;
`,
  },
  {
    what: "the text item being built declares its hidden mark",
    find: "      hasEOL: false\n    };\n    const twoLastChars",
    replace: "      hasEOL: false,\n      assayHidden: null\n    };\n    const twoLastChars",
  },
  {
    what: "the text state follows an ExtGState's fill and stroke alpha",
    // Read before pdf.js's cache of states without a font, which skips the state from its second use.
    find: "          case OPS.setGState:\n            isValidName = args[0] instanceof Name;\n            name = args[0].name;\n            if (isValidName && emptyGStateCache.getByName(name)) {\n",
    replace:
      "          case OPS.setGState:\n            isValidName = args[0] instanceof Name;\n            name = args[0].name;\n            if (isValidName) assayClear(textState, resources, name);\n            if (isValidName && emptyGStateCache.getByName(name)) {\n",
  },
  {
    what: "marked content hidden by the default view is counted while it is open; paths and images are followed",
    find: "    const showSpacedTextBuffer = [];\n",
    replace:
      "    const showSpacedTextBuffer = [];\n    const assayMarks = [];\n    let assayOffDepth = 0;\n    let assayPath = null;\n    let assayRect = false;\n    let assayClipping = false;\n    const assayImageNames = new Set();\n    const assayImageRefs = new Set();\n    const assayOpaqueNames = new Set();\n    const assayOpaqueRefs = new Set();\n",
  },
  {
    what: "a marked-content sequence opens",
    find: "          case OPS.beginMarkedContent:\n            flushTextContentItem();\n",
    replace:
      "          case OPS.beginMarkedContent:\n            flushTextContentItem();\n            assayMarks.push(false);\n",
  },
  {
    what: "an optional-content sequence opens, hidden or not",
    find: "          case OPS.beginMarkedContentProps:\n            flushTextContentItem();\n",
    replace: `          case OPS.beginMarkedContentProps:
            flushTextContentItem();
            {
              const off = assayMarkedContentOff(xref, resources, args[0], args[1]);
              assayMarks.push(off);
              if (off) assayOffDepth++;
            }
`,
  },
  {
    what: "a marked-content sequence closes",
    find: "          case OPS.endMarkedContent:\n            flushTextContentItem();\n",
    replace:
      "          case OPS.endMarkedContent:\n            flushTextContentItem();\n            if (assayMarks.pop()) assayOffDepth--;\n",
  },
  {
    what: "an image drawn again is placed, before pdf.js's cache skips it",
    find: `          case OPS.paintXObject:
            flushTextContentItem();
            xobjs ??= resources.get("XObject") || Dict.empty;
            isValidName = args[0] instanceof Name;
            name = args[0].name;
            if (isValidName && emptyXObjectCache.getByName(name)) {
`,
    replace: `          case OPS.paintXObject:
            flushTextContentItem();
            xobjs ??= resources.get("XObject") || Dict.empty;
            isValidName = args[0] instanceof Name;
            name = args[0].name;
            if (isValidName && assayImageNames.has(name)) assayPaintImage(task, textState, textContent, assayOpaqueNames.has(name));
            if (isValidName && emptyXObjectCache.getByName(name)) {
`,
  },
  {
    what: "an image drawn under another name is placed",
    find: `              if (xobj instanceof Ref) {
                if (emptyXObjectCache.getByRef(xobj)) {
                  resolveXObject();
                  return;
                }
`,
    replace: `              if (xobj instanceof Ref) {
                if (emptyXObjectCache.getByRef(xobj)) {
                  if (assayImageRefs.has(xobj.toString())) {
                    assayImageNames.add(name);
                    const opaque = assayOpaqueRefs.has(xobj.toString());
                    if (opaque) assayOpaqueNames.add(name);
                    assayPaintImage(task, stateManager.state, textContent, opaque);
                  }
                  resolveXObject();
                  return;
                }
`,
  },
  {
    what: "an image another page drew first is placed",
    find: `                const globalImage = self.globalImageCache.getData(xobj, self.pageIndex);
                if (globalImage) {
                  resolveXObject();
                  return;
                }
`,
    replace: `                const globalImage = self.globalImageCache.getData(xobj, self.pageIndex);
                if (globalImage) {
                  assayImageNames.add(name);
                  assayPlaceImage(task, stateManager.state.ctm);
                  resolveXObject();
                  return;
                }
`,
  },
  {
    what: "a page's operator list holds at most MAX_OPERATORS_PER_PAGE operators",
    find: "        let args = operation.args;\n        let fn = operation.fn;\n        switch (fn | 0) {\n",
    replace: `        task.assayOperators = (task.assayOperators ?? 0) + 1;
        if (task.assayOperators > ${MAX_OPERATORS_PER_PAGE}) {
          throw new FormatError("more than ${MAX_OPERATORS_PER_PAGE} operators on one page");
        }
        let args = operation.args;
        let fn = operation.fn;
        switch (fn | 0) {
`,
  },
  {
    what: "a page's text pass shows at most MAX_CHARS_PER_PAGE characters",
    find: "    function buildTextContentItem({\n      chars,\n      extraSpacing\n    }) {\n",
    replace: `    function buildTextContentItem({
      chars,
      extraSpacing
    }) {
      task.assayChars = (task.assayChars ?? 0) + chars.length;
      if (task.assayChars > ${MAX_CHARS_PER_PAGE}) {
        throw new FormatError("more than ${MAX_CHARS_PER_PAGE} characters shown on one page");
      }
`,
  },
  {
    what: "an image drawn first is placed; a page reads at most MAX_FORMS_PER_PAGE forms",
    // A form that draws another twice, thirty deep, is 2^30 forms from a 3 KB file: the whole document timed out
    // (ingest.timeoutSeconds) and its good pages were lost with it. Past the limit each form drawn fails at once as a
    // FormatError, which pdf.js reports and goes past: the page is read as damaged, with the text read before it.
    // Forms without text (a plot's markers) count once per content stream, then pdf.js's cache skips them.
    find: `              if (type.name !== "Form") {
                emptyXObjectCache.set(name, dict.objId, true);
                resolveXObject();
                return;
              }
`,
    replace: `              if (type.name !== "Form") {
                if (type.name === "Image") {
                  assayImageNames.add(name);
                  if (dict.objId) assayImageRefs.add(dict.objId);
                  const opaque = assayOpaqueImage(dict);
                  if (opaque) {
                    assayOpaqueNames.add(name);
                    if (dict.objId) assayOpaqueRefs.add(dict.objId);
                  }
                  assayPaintImage(task, stateManager.state, textContent, opaque);
                }
                emptyXObjectCache.set(name, dict.objId, true);
                resolveXObject();
                return;
              }
              task.assayForms = (task.assayForms ?? 0) + 1;
              if (task.assayForms > ${MAX_FORMS_PER_PAGE}) {
                throw new FormatError("more than ${MAX_FORMS_PER_PAGE} forms with text drawn on one page");
              }
`,
  },
  {
    what: "a page's operator list (images for OCR, rendering) reads at most MAX_STREAMS_PER_OPERATOR_LIST streams",
    // The same bomb where a page is looked at for images or rendered, and reached by more paths: every form drawn
    // (pdf.js caches none here), soft masks, tiling patterns. Each is one getOperatorList call of the page's task.
    find: "  async getOperatorList({\n    stream,\n    task,\n    resources,\n    operatorList,\n    initialState = null,\n    fallbackFontDict = null,\n    prevRefs = null\n  }) {\n",
    replace: `  async getOperatorList({
    stream,
    task,
    resources,
    operatorList,
    initialState = null,
    fallbackFontDict = null,
    prevRefs = null
  }) {
    task.assayStreams = (task.assayStreams ?? 0) + 1;
    if (task.assayStreams > ${MAX_STREAMS_PER_OPERATOR_LIST}) {
      throw new FormatError("more than ${MAX_STREAMS_PER_OPERATOR_LIST} forms, masks and patterns drawn on one page");
    }
`,
  },
  {
    what: "a form drawn in hidden optional content, or hidden itself, hides its text",
    find: "              const currentState = stateManager.state.clone();\n",
    replace:
      '              const currentState = stateManager.state.clone();\n              if (assayOffDepth > 0 || assayContentOff(xref, dict.get("OC"))) assaySet(currentState, { off: true });\n',
  },
  {
    what: "text shown hidden and text shown seen go to separate items, the item marked",
    find: "      const font = textState.font;\n      const baseCharSpacing = font.vertical ? -textState.charSpacing : textState.charSpacing;",
    replace: `      let assayHiddenNow = assayOffDepth > 0 ? "optional" : assayHiddenBy(textState);
      if (assayHiddenNow === null && textState.assay.clip !== null && assayClippedAway(textState.assay.clip, textState)) {
        assayHiddenNow = "clipped";
      } else if (assayHiddenNow === null && assayCamouflaged(task, textState)) assayHiddenNow = "camouflaged";
      if (assayHiddenNow !== null) task.assayHiddenText = true;
      if (textState.assay.render >= 4) assaySet(textState, { textClip: true });
      if (textContentItem.initialized && textContentItem.assayHidden !== assayHiddenNow) flushTextContentItem();
      textContentItem.assayHidden = assayHiddenNow;
      const font = textState.font;
      const baseCharSpacing = font.vertical ? -textState.charSpacing : textState.charSpacing;`,
  },
  {
    what: "glyphs placed off the page, which pdf.js skips, are counted",
    find: "        if (!category.isZeroWidthDiacritic && !compareWithLastPosition(scaledDim)) {\n",
    replace:
      "        if (!category.isZeroWidthDiacritic && !compareWithLastPosition(scaledDim)) {\n          task.assayOffPage = (task.assayOffPage ?? 0) + 1;\n",
  },
  {
    what: "a form's bounding box clips what it draws",
    // Its paint is cut to the box: a figure's white background reaches no further than the figure.
    find: '              if (matrix) {\n                xObjStateManager.transform(matrix);\n              }\n              const localResources = dict.get("Resources");\n',
    replace: `              if (matrix) {
                xObjStateManager.transform(matrix);
              }
              {
                const bbox = lookupNormalRect(dict.getArray("BBox"), null);
                if (bbox) {
                  const box = assayExtendRect(null, currentState.ctm, bbox[0], bbox[1], bbox[2], bbox[3]);
                  assaySet(currentState, { clip: assayIntersect(currentState.assay.clip, box) });
                }
              }
              const localResources = dict.get("Resources");
`,
  },
  {
    what: "items sent are counted, so that a fill can say how many items were drawn before it",
    // A form's items go to the page's sink straight from the form's pass: every pass's count adds up to the page's.
    find: "      sink?.enqueue(textContent, length);\n",
    replace: "      task.assaySent = (task.assaySent ?? 0) + length;\n      sink?.enqueue(textContent, length);\n",
  },
  {
    what: "the page's pass ends its text content with what the page paints, when it drew text marked hidden or covered",
    find: "      flushTextContentItem();\n      enqueueChunk();\n      resolve();\n",
    replace:
      "      flushTextContentItem();\n      assayEndPage(task, prevRefs, textContent);\n      enqueueChunk();\n      resolve();\n",
  },
  {
    what: "a page whose content fails part way sends what it painted up to there",
    find: `        warn(\`getTextContent - ignoring errors during "\${task.name}" \` + \`task: "\${reason}".\`);
        flushTextContentItem();
        enqueueChunk();
        return;`,
    replace: `        warn(\`getTextContent - ignoring errors during "\${task.name}" \` + \`task: "\${reason}".\`);
        flushTextContentItem();
        assayEndPage(task, prevRefs, textContent);
        enqueueChunk();
        return;`,
  },
  {
    what: "a stream decodes to at most MAX_DECODED_STREAM_BYTES",
    find: "    let size = this.minBufferLength;\n    while (size < requested) {",
    replace: `    if (requested > ${MAX_DECODED_STREAM_BYTES}) {
      throw new FormatError("a stream decodes to more than ${MAX_DECODED_STREAM_BYTES / 2 ** 20} MB");
    }
    let size = this.minBufferLength;
    while (size < requested) {`,
  },
  {
    what: "a hidden item says why",
    find: "        hasEOL: textChunk.hasEOL\n      };",
    replace:
      "        hasEOL: textChunk.hasEOL,\n        ...(textChunk.assayHidden ? { assayHidden: textChunk.assayHidden } : null)\n      };",
  },
];

/**
 * The worker source (UTF-8 bytes) with every edit applied, or the reason one does not apply. Edited as bytes, not as
 * a string: the source holds non-Latin-1 characters, so as a string it is two bytes a character, and decoding it,
 * searching it and encoding it again for the data: URL took ~0.2 CPU s of every ingest thread's start.
 */
export function editedWorkerSource(source: Buffer): { ok: true; source: Buffer } | { ok: false; reason: string } {
  let edited = source;
  for (const edit of EDITS) {
    const find = Buffer.from(edit.find);
    const at = edited.indexOf(find);
    if (at < 0 || edited.indexOf(find, at + 1) >= 0) {
      return { ok: false, reason: `${edit.what}: its anchor is ${at < 0 ? "missing" : "not unique"}` };
    }
    edited = Buffer.concat([edited.subarray(0, at), Buffer.from(edit.replace), edited.subarray(at + find.length)]);
  }
  return { ok: true, source: edited };
}

/**
 * Imports pdf.js's worker side, edited when the edits apply (see above), which sets globalThis.pdfjsWorker for
 * getDocument to run in this thread. The edited module is imported from a data: URL: nothing is written to disk.
 */
export async function importPdfjsWorker(): Promise<void> {
  const path = createRequire(import.meta.url).resolve(WORKER_PATH);
  const edited = editedWorkerSource(readFileSync(path));
  if (!edited.ok) {
    await import(WORKER_PATH);
    return;
  }
  // sourceURL names the module in stack traces and profiles instead of three megabytes of base64.
  const source = Buffer.concat([edited.source, Buffer.from(`\n//# sourceURL=${path}?assay-edits\n`)]);
  await import(`data:text/javascript;base64,${source.toString("base64")}`);
}
