// Each layout rule on hand-placed runs, through the public seam (DocumentLayout.addPage/finish).
import { describe, expect, it } from "vitest";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import { pageLines } from "../../../ingest/layout/page-lines.js";
import { isCaptionStart } from "../../../ingest/layout/reading-order.js";
import type { LayoutResult, PageInput, TextRun } from "../../../ingest/layout/types.js";
import { column, page, rotatedRun, run } from "./runs.js";

function layout(...pages: PageInput[]): LayoutResult {
  const doc = new DocumentLayout();
  for (const p of pages) doc.addPage(p);
  return doc.finish();
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const lines = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix} line ${i} carries plain words`);

describe("lines from runs", () => {
  it("puts superscripts and subscripts into their line", () => {
    const r = layout(
      page([
        run("Deep networks", 72, 700),
        run("1", 137.3, 703.5, 7),
        run(", where we x", 141, 700),
        run("i", 201, 698, 7),
        run("grows.", 206, 700),
      ]),
    );
    expect(r.text).toBe("Deep networks1, where we xi grows.");
  });

  it("keeps the spaces around inline mathematics set one glyph per run", () => {
    // A line of arXiv 1810.02054 (page 2) as pdf.js gives it, space runs left out: most runs are one glyph, like
    // a letter-spaced heading's, but most characters are in words.
    const at = (str: string, x0: number, x1: number, y = 635.37, size = 9.96) =>
      run(str, x0, y, size, { width: x1 - x0 });
    const r = layout(
      page([
        at("where", 108.0, 132.34),
        at("x", 135.49, 141.53),
        at("∈", 145.51, 152.16),
        at("R", 156.14, 163.33),
        at("d", 163.33, 167.48, 638.99, 6.97),
        at("is the input,", 171.12, 219.21),
        at("w", 222.52, 230.79),
        at("r", 230.79, 234.49, 633.88, 6.97),
        at("∈", 239.19, 245.83),
        at("R", 249.81, 257.01),
        at("d", 257.01, 261.16, 638.99, 6.97),
        at("is the weight vector.", 264.8, 350),
      ]),
    );
    expect(r.text).toBe("where x ∈ Rd is the input, wr ∈ Rd is the weight vector.");
  });

  it("keeps OCR lines of small print beside a large logo as lines, not as the logo's scripts", () => {
    // One run per OCR word, as hOCR gives them: two 7 pt lines whose baselines sit within the logo's script reach.
    const ocrWords = (text: string, x: number, y: number) => {
      const runs = [];
      for (const word of text.split(" ")) {
        runs.push(run(`${word} `, x, y, 7, { confidence: 95 }));
        x += 3.5 * (word.length + 1);
      }
      return runs;
    };
    const r = layout(
      page([
        run("BMC", 72, 100, 20, { confidence: 90 }),
        ...ocrWords("This article is distributed under the licence", 110, 104),
        ...ocrWords("which permits unrestricted use and reproduction", 110, 96),
      ]),
    );
    expect(r.text).toContain("This article is distributed under the licence");
    expect(r.text).toContain("which permits unrestricted use and reproduction");
  });

  it("keeps small caps (a capital and smaller capitals on one baseline) as one word", () => {
    const r = layout(page([run("A", 72, 700, 10), run("BSTRACT", 77, 700, 8), run("We study", 72, 680)]));
    expect(r.text.split("\n\n")).toEqual(["ABSTRACT", "We study"]);
  });

  it("drops rotated text from the body and parses the arXiv stamp", () => {
    const r = layout(
      page([
        run("Body text of the first page.", 72, 700),
        rotatedRun("arXiv:1706.03762v5 [cs.CL] 6 Dec 2017", 30, 200),
      ]),
    );
    expect(r.text).toBe("Body text of the first page.");
    expect(r.arxiv).toEqual({ id: "1706.03762", version: 5, category: "cs.CL", date: "6 Dec 2017" });
  });

  it("takes the arXiv stamp of an OCR'd page from the page's own text layer", () => {
    const layout = new DocumentLayout();
    const textLayer = page([
      run("Body text of the first page.", 72, 700),
      rotatedRun("arXiv:1706.03762v5 [cs.CL] 6 Dec 2017", 30, 200),
    ]);
    layout.addStampSource(textLayer);
    // what OCR made of the page: its body, the stamp in pieces
    layout.addPage(page([run("Body text of the first page.", 72, 700), run("Dec 2017", 30, 200)]));
    const r = layout.finish();
    expect(r.arxiv).toEqual({ id: "1706.03762", version: 5, category: "cs.CL", date: "6 Dec 2017" });
    expect(r.text).not.toContain("arXiv");
  });

  it("expands ligatures and drops glyphs without a Unicode mapping", () => {
    const r = layout(page([run("An e\uFB03cient \uFB01nal \uFB02ow", 72, 700), run("\uE001\uE002\uE003", 72, 640)]));
    expect(r.text).toBe("An efficient final flow");
  });

  it("rejoins letter-spaced words, from per-glyph runs and from spaced text", () => {
    const glyphs = [];
    let x = 72;
    for (const word of ["DEEP", "NETS"]) {
      for (const ch of word) {
        glyphs.push(run(ch, x, 700));
        x += 5 + 2; // glyph advance + letter spacing
      }
      x += 3.5; // word space
    }
    const r = layout(page([...glyphs, run("A B S T R A C T", 72, 640, 12)]));
    expect(words(r.text)).toEqual(["DEEP", "NETS", "ABSTRACT"]);
  });
});

describe("cleanup", () => {
  it("joins words split at line ends but keeps compounds and names hyphenated", () => {
    const r = layout(
      page(
        column(
          [
            "we use a state-of-the-",
            "art model whose repre-",
            "sentation is non-",
            "linear and was found by Rao-",
            "Blackwell in convo-",
            "lutional layers.",
          ],
          72,
          700,
        ),
      ),
    );
    expect(r.text).toBe(
      "we use a state-of-the-art model whose representation is non-linear and was found by Rao-Blackwell in convolutional layers.",
    );
  });

  it("keeps number compounds and acronym chains hyphenated", () => {
    const r = layout(
      page(column(["a two-", "layer net and a CNN-BIG-", "LSTM model, each three-", "dimensional."], 72, 700)),
    );
    expect(r.text).toBe("a two-layer net and a CNN-BIG-LSTM model, each three-dimensional.");
  });

  it("joins a word whose tail is a bare suffix, and one cut across a paragraph gap", () => {
    // "ing" is an entry of the lexicon, "finessing" is not: the tail alone must not make a compound.
    const suffix = layout(page(column(["a way of finess-", "ing the explosion."], 72, 700)));
    expect(suffix.text).toBe("a way of finessing the explosion.");
    // OCR often leaves a wide gap above a paragraph's short last line: "pos-" must still meet "terior".
    const gap = layout(
      page([
        ...column(["the free energy of the incorrect or nonequilibrium pos-"], 72, 700),
        run("terior Q.", 72, 670),
      ]),
    );
    expect(gap.text).toBe("the free energy of the incorrect or nonequilibrium posterior Q.");
  });

  it("follows the document's own spelling of a word", () => {
    const keep = layout(page(column(["pre-training helps. Without pre-", "training it fails."], 72, 700)));
    expect(keep.text).toContain("Without pre-training it");
    const join = layout(page(column(["pretraining helps. Without pre-", "training it fails."], 72, 700)));
    expect(join.text).toContain("Without pretraining it");
    // No spelling of "pretraining" at all, but "pre-trained": the author hyphenates the prefix.
    const prefix = layout(page(column(["pre-trained nets help. Without pre-", "training it fails."], 72, 700)));
    expect(prefix.text).toContain("Without pre-training it");
  });
});

describe("reading order", () => {
  const twoColumnPage = (n: number, extra: PageInput["runs"] = []) =>
    page([...column(lines(`left${n}`, 30), 72, 700), ...column(lines(`right${n}`, 30), 315, 700), ...extra], n);

  it("reads a full-width title, then the left column, then the right column", () => {
    const r = layout(page([run("A Title Across Both Columns", 150, 740, 16), ...twoColumnPage(1).runs]));
    const expected = ["A Title Across Both Columns", ...lines("left1", 30), ...lines("right1", 30)].join(" ");
    expect(words(r.text)).toEqual(words(expected));
    expect(r.title).toBe("A Title Across Both Columns");
  });

  it("reads OCR words (one run per word) in the same order", () => {
    const wordRuns = twoColumnPage(1).runs.flatMap((line) => {
      let x = line.transform[4] ?? 0;
      return line.str.split(" ").map((w) => {
        const r = run(w, x, line.transform[5] ?? 0, 10, { confidence: 91 });
        x += 5 * w.length + 3;
        return r;
      });
    });
    const r = layout(page(wordRuns));
    expect(words(r.text)).toEqual(words([...lines("left1", 30), ...lines("right1", 30)].join(" ")));
  });

  it("reads the column runs above a full-width float, its caption, then the columns below", () => {
    // Paragraphs end at the float (a short last line): one the float cut would go on before the caption
    const said = (prefix: string) => [...lines(prefix, 9), `${prefix} ends.`];
    const r = layout(
      page([
        ...column(said("upperleft"), 72, 700),
        ...column(said("upperright"), 315, 700),
        run("Table 1: A caption that spans the full width of the page text block.", 72, 560, 9),
        run("Model", 140, 540, 9),
        run("71.2", 240, 540, 9),
        run("64.0", 340, 540, 9),
        run("58.3", 440, 540, 9),
        run("Ours", 140, 528, 9),
        run("74.5", 240, 528, 9),
        run("66.1", 340, 528, 9),
        run("60.2", 440, 528, 9),
        ...column(said("lowerleft"), 72, 500),
        ...column(said("lowerright"), 315, 500),
      ]),
    );
    const caption = "Table 1: A caption that spans the full width of the page text block.";
    expect(r.text).toContain(`\n\n${caption}\n\n`);
    const expected = [...said("upperleft"), ...said("upperright"), caption];
    expected.push(...said("lowerleft"), ...said("lowerright"));
    expect(words(r.text)).toEqual(words(expected.join(" ")));
  });

  // Columns 144 pt wide at x = 72, 234 and 396: lines of 22 characters fill 110 pt of them.
  const narrow = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i} plain words here`);
  const THIRDS = [72, 234, 396];

  it("reads three columns one after another, the title and a centred author line first", () => {
    const r = layout(
      page([
        run("A Title Across Three Columns", 200, 740, 16),
        run("A. Author", 283, 712, 10),
        ...THIRDS.flatMap((x, c) => column(narrow(`c${c}`, 40), x, 680)),
      ]),
    );
    const expected = ["A Title Across Three Columns", "A. Author", ...narrow("c0", 40), ...narrow("c1", 40)];
    expect(words(r.text)).toEqual(words([...expected, ...narrow("c2", 40)].join(" ")));
  });

  it("reads a middle column set a little higher under a centred caption as a column, not as the caption's", () => {
    const caption = "Figure 2: A centred caption across all three columns of the page.";
    // Paragraphs end at the caption (a short last line): one the caption cut would go on before it
    const said = (prefix: string) => [...narrow(prefix, 11), `${prefix} ends.`];
    const upper = THIRDS.flatMap((x, c) => column(said(`u${c}`), x, 700));
    const lower = THIRDS.flatMap((x, c) => column(said(`l${c}`), x, c === 1 ? 545 : 540));
    const r = layout(page([...upper, run(caption, 140, 560, 9), ...lower]));
    const expected = [...[0, 1, 2].flatMap((c) => said(`u${c}`)), caption];
    expect(words(r.text)).toEqual(words([...expected, ...[0, 1, 2].flatMap((c) => said(`l${c}`))].join(" ")));
  });

  it("finds both gutters of three columns, the first alone on a last page that fills two", () => {
    const full = pageLines(page(THIRDS.flatMap((x, c) => column(narrow(`c${c}`, 40), x, 700))));
    expect(full.gutters).toHaveLength(2);
    expect(full.gutters[0]).toBeGreaterThan(182);
    expect(full.gutters[0]).toBeLessThan(234);
    expect(full.gutters[1]).toBeGreaterThan(344);
    expect(full.gutters[1]).toBeLessThan(396);
    const last = pageLines(page([...column(narrow("c0", 40), 72, 700), ...column(narrow("c1", 12), 234, 700)]));
    expect(last.gutters).toHaveLength(1);
    expect(last.gutters[0]).toBeLessThan(234);
  });

  it("finds the gutters of a page 10^10 pt wide where the page at its size has them", () => {
    // A MediaBox of 10^9 pt made 4 GB of 2-pt coverage bins and held its document for 17 s; of 10^10, more bins than
    // a typed array holds.
    const k = 1e10 / 612;
    const scaled = (r: TextRun): TextRun => ({
      ...r,
      transform: r.transform.map((v) => v * k),
      width: r.width * k,
      height: r.height * k,
    });
    const runs = THIRDS.flatMap((x, c) => column(narrow(`c${c}`, 40), x, 700));
    const own = pageLines(page(runs)).gutters;
    const huge = pageLines({ ...page(runs.map(scaled)), width: 612 * k, height: 792 * k }).gutters;
    expect(own).toHaveLength(2);
    expect(huge.map((g) => g / k)).toEqual(own.map((g) => expect.closeTo(g, 0)));
  });

  it("does not take a table's columns of cells, or a narrow abstract over two columns, for three columns", () => {
    const cells = Array.from({ length: 20 }, (_, i) => [
      run(`Data set ${i}`, 72, 700 - 12 * i),
      run(`${(70 + i / 10).toFixed(2)} ±0.1${i % 10}`, 240, 700 - 12 * i),
      run(`${(60 + i / 10).toFixed(2)} ±0.0${i % 10}`, 400, 700 - 12 * i),
    ]).flat();
    expect(pageLines(page(cells)).gutters).toEqual([]);
    // ICML's first page: an abstract indented inside the left column (90-270) leaves a gap near a third of the page
    // that only the few lines of introduction below it (72-297) cross.
    const wide = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`.padEnd(45, " x"));
    const abstract = column(
      wide("abstract", 20).map((l) => l.slice(0, 36)),
      90,
      700,
    );
    const intro = column(wide("intro", 8), 72, 450);
    const gutters = pageLines(page([...abstract, ...intro, ...column(wide("right", 40), 315, 700)])).gutters;
    expect(gutters).toHaveLength(1);
    expect(gutters[0]).toBeGreaterThan(297);
    expect(gutters[0]).toBeLessThan(315);
  });

  it("puts footnotes after the body of their page", () => {
    const note = run("1 A footnote set in a smaller font at the column foot.", 72, 80, 8);
    const r = layout(twoColumnPage(1, [note]));
    expect(r.text.endsWith(`right1 line 29 carries plain words\n\n${note.str}`)).toBe(true);
  });

  it("puts a page's footnotes after the sentence the page turn cut, not inside it", () => {
    const note = run("1 A footnote set in a smaller font at the page foot.", 72, 80, 8);
    const next = (first: string) => page(column([first, ...lines("beta", 5).map((l) => `${l}.`)], 72, 700), 2);
    const cut = layout(page([...column(lines("alpha", 30), 72, 700), note]), next("trained on the data we collected."));
    expect(cut.text).toContain("alpha line 29 carries plain words trained on the data we collected.");
    expect(cut.text.endsWith(`\n\n${note.str}`)).toBe(true);
    // a capital starts a paragraph of its own: the footnote stays between
    const own = layout(page([...column(lines("alpha", 30), 72, 700), note]), next("Theorem 1. The data we collected."));
    expect(own.text).toContain(`alpha line 29 carries plain words\n\n${note.str}\n\nTheorem 1.`);
  });
});

describe("captions", () => {
  it("starts at a float's label, number and mark, not at a sentence that names a float", () => {
    for (const caption of [
      "Figure 3: Loss",
      "Table 2. Results",
      "Table IV | Ablation",
      "Fig. 4.2 - Setup",
      "Fig. 2.2 The naive Bayes classifier",
      "Table 4.1: Data",
      "Figure S1: More",
    ]) {
      expect(isCaptionStart(caption), caption).toBe(true);
    }
    for (const sentence of [
      "Table 4.1, we use the data",
      "Figure 2.3 shows the loss",
      "Table 22.3 in Greene (2003)",
      "Tables are",
    ]) {
      expect(isCaptionStart(sentence), sentence).toBe(false);
    }
  });
});

describe("page furniture", () => {
  const withFurniture = (n: number) =>
    page(
      [
        run(n % 2 === 0 ? "A. Author et al." : "A Short Running Title", 250, 750, 9),
        ...column(lines(`body${"abcd"[n - 1]}`, 20), 72, 700),
        run(String(n), 303, 40, 9),
      ],
      n,
    );

  it("removes alternating running heads and page numbers", () => {
    const r = layout(withFurniture(1), withFurniture(2), withFurniture(3), withFurniture(4));
    expect(r.text).not.toMatch(/Author et al|Running Title/);
    expect(r.text.split("\n").filter((l) => /^\d+$/.test(l.trim()))).toEqual([]);
    // Bare page numbers may already go as number-only blocks; the four running heads are furniture.
    expect(r.furnitureLines).toBeGreaterThanOrEqual(4);
    expect(words(r.text)).toHaveLength(4 * 20 * 6);
  });

  it("keeps the last lines of a page filled to its foot, and drops a note set apart below the body", () => {
    // 12 pt leading down to 16 pt above the page's foot: its last lines lie in the margin band a line apart
    // distinct words on each page, or their edge lines would repeat as running lines (digits fold)
    const prefix = ["", "alpha", "beta"];
    const filled = (n: number, note: boolean) =>
      page(
        [
          run("A Short Running Title", 250, 770, 9),
          ...column(lines(prefix[n] as string, 60), 72, 724),
          ...(note ? [run("© 2016. The copyright of this document resides with its authors.", 72, 4, 8)] : []),
        ],
        n,
      );
    const r = layout(filled(1, false), filled(2, true));
    for (const name of ["alpha", "beta"]) expect(r.text).toContain(`${name} line 59 carries plain words`);
    // every body line, and the note: it lies 12 pt below the last body line, under the gap that sets a note apart
    expect(words(r.text)).toHaveLength(2 * 60 * 6 + 11);
    const apart = layout(
      page([...column(lines("body", 40), 72, 724), run("© 2016. The copyright of this document.", 72, 20, 8)]),
    );
    expect(apart.text).not.toContain("copyright");
    expect(words(apart.text)).toHaveLength(40 * 6);
  });

  it("takes the title from the largest text on page 1, not the running head", () => {
    const r = layout(
      page([
        run("Journal of Known Results 12 (2024)", 72, 760, 9),
        run("The Real Title", 200, 700, 18),
        ...column(lines("body", 5), 72, 660),
      ]),
    );
    expect(r.title).toBe("The Real Title");
  });

  it("takes no arXiv stamp's piece or abstract-long paragraph for the title, as an OCR'd page sizes them", () => {
    const stamped = layout(
      page([
        run("arXiv:1810.04805v1", 20, 500, 24),
        run("[cs.CL]", 20, 460, 24),
        run("The Real Title", 200, 700, 18),
        ...column(lines("body", 5), 72, 660),
      ]),
    );
    expect(stamped.title).toBe("The Real Title");
    // every line of the abstract in type as large as the title's or larger: no title is better than 300+ characters
    const abstract = lines("abstract", 10).map((text, i) => run(text, 72, 640 - 14 * i, 12));
    const sized = layout(page([run("A Smaller Title", 200, 700, 11.4), ...abstract]));
    expect(sized.title).toBe("A Smaller Title");
  });

  it("takes a title whose lines OCR sized a few percent apart, and whose block a badge beside it cut in two", () => {
    // As the scanned dpr2019 paper's first page came out of OCR (runs with a confidence): the second line the larger
    // by 4%, and a small "Check for updates" badge at the right between the two lines.
    const ocr = { confidence: 95 };
    const r = layout(
      page([
        run("A simple, step-by-step guide to interpreting", 72, 700, 22, ocr),
        run("Check for", 500, 690, 7, ocr),
        run("updates", 500, 682, 7, ocr),
        run("decision curve analysis", 72, 672, 22.9, ocr),
        run("Andrew J. Vickers and Ewout W. Steyerberg", 72, 640, 12, ocr),
        ...column(lines("body", 5), 72, 600),
      ]),
    );
    expect(r.title).toBe("A simple, step-by-step guide to interpreting decision curve analysis");
    // a line 10% smaller right below is not the title's
    const subtitle = layout(
      page([
        run("The Real Title", 72, 700, 20),
        run("and a smaller subtitle", 72, 676, 18),
        ...column(lines("body", 5), 72, 600),
      ]),
    );
    expect(subtitle.title).toBe("The Real Title");
  });
});

describe("structure", () => {
  it("keeps headings on their own line and finds abstract and back matter offsets", () => {
    const r = layout(
      page([
        run("Abstract", 72, 720, 12),
        ...column(["We study a thing and report what we found in it."], 72, 700),
        run("1 Introduction", 72, 670, 12),
        ...column(["The thing matters for many reasons we list here."], 72, 650),
        run("Acknowledgements", 72, 620, 12),
        ...column(["We thank the people who helped with this work."], 72, 600),
        run("References", 72, 570, 12),
        ...column(["[1] A. Author. A paper. 2020."], 72, 550),
      ]),
    );
    expect(r.headings.map((h) => h.title)).toEqual(["Abstract", "1 Introduction", "Acknowledgements", "References"]);
    expect(r.text).toContain("\n\n1 Introduction\n\n");
    expect(r.abstract && r.text.slice(r.abstract.start, r.abstract.end)).toBe(
      "We study a thing and report what we found in it.",
    );
    expect(r.text.slice(r.referencesOffset ?? -1)).toBe("References\n\n[1] A. Author. A paper. 2020.");
    expect(r.text.slice(r.acknowledgementsOffset ?? -1).startsWith("Acknowledgements\n\nWe thank")).toBe(true);
    for (const h of r.headings) expect(r.text.slice(h.offset, h.offset + h.title.length)).toBe(h.title);
  });
});

describe("code in a typewriter font", () => {
  const typewriter = (runs: PageInput["runs"]): PageInput => ({
    ...page(runs),
    styles: {
      f1: { fontFamily: "serif", ascent: 0.8, descent: -0.2, vertical: false, assayFontName: "ABCDEF+CMTT10" },
    },
  });

  it("survives runs placed absurdly far apart or claiming almost no width (damaged or hostile PDFs)", () => {
    const far = layout(typewriter([run("x = f(1);", 72, 700), run("y = g(2);", 1e10, 700), run("z = h(3);", 72, 688)]));
    expect(far.text.length).toBeLessThan(200);
    const thin = layout(
      typewriter([run("a = b(c);", 72, 700, 10, { width: 1e-7 }), run("d = e(f);", 300, 700), run("g(h);", 72, 688)]),
    );
    expect(thin.text).toContain("a = b(c);");
  });
});
