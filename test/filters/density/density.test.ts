import { beforeAll, describe, expect, it } from "vitest";
import { sentenceClustering } from "../../../filters/density/clustering.js";
import { coherence } from "../../../filters/density/coherence.js";
import {
  addBoilerplate,
  addTemplateChrome,
  displaceSentences,
  dropLigatures,
  letterSpaceLines,
  markovChain,
  markovText,
  ocrNoise,
  readAcrossColumns,
  repeatSentences,
  roughSentences,
  scrambleWords,
  shuffle,
  shuffleSentences,
  templateSentences,
} from "../../../filters/density/degrade.js";
import {
  addChromeBlocks,
  addWebChrome,
  garbleSentences,
  interleaveDocuments,
  loopPhrases,
  misorderLines,
  ocrNoiseWords,
  sentenceMarkov,
  windowShuffle,
} from "../../../filters/density/degrade-unseen.js";
import {
  CHUNK_CHARS,
  DETECTOR_KINDS,
  DensityScorer,
  type DensityScores,
  type DensityStepOptions,
  DOCUMENT_CHARS,
  densityLogit,
  densityStep,
  documentChunks,
  RESCORED_OTHER_MODEL,
  SCALE_BLEND,
  SCORED_ON_THREADS,
} from "../../../filters/density/density.js";
import { discourse } from "../../../filters/density/discourse.js";
import { echoes } from "../../../filters/density/echoes.js";
import { densityComponents, featureVector } from "../../../filters/density/features.js";
import { pairwiseAuc, predictLogit } from "../../../filters/density/logistic.js";
import { misjoinedSentences } from "../../../filters/density/misjoined-sentences.js";
import { CHROME_LINE_CHARS, penalties } from "../../../filters/density/penalties.js";
import { phraseBranches } from "../../../filters/density/phrase-branches.js";
import { register } from "../../../filters/density/register.js";
import { repeatedPhrases } from "../../../filters/density/repeated-phrases.js";
import { ScoringThreads } from "../../../filters/density/scoring-threads.js";
import { factMarkers } from "../../../filters/density/surface.js";
import { loadSyntaxModel, syntaxFluency } from "../../../filters/density/syntax.js";
import { unknownWords } from "../../../filters/density/unknown-words.js";
import { loadDefaultModel, perplexity } from "../../../filters/ngram-lm/perplexity.js";
import { tokenize, WORD } from "../../../filters/ngram-lm/tokens.js";
import { machineWrittenPapers, webLikePages, wrappedLikePapers } from "../../../scripts/fixtures/written-texts.js";
import { makeDoc } from "../../../src/doc.js";
import { seededRandom } from "../../../src/seeded-random.js";
import { runDensityStep } from "./run-density-step.js";
import { haveShared, PAPERS, paragraphUnits, paragraphWith, readDocs, TEXT_DEV } from "./shared-text.js";
import { stuffOpeners } from "./stuffed-openers.js";

describe.skipIf(!haveShared)("density on real text", () => {
  let papers: Map<string, string>;
  let dev: Map<string, string>;
  let scorer: DensityScorer;
  beforeAll(() => {
    papers = readDocs(PAPERS);
    dev = readDocs(TEXT_DEV);
    scorer = new DensityScorer();
  });
  const paper = (id: string) => papers.get(id) as string;
  const density = (text: string) => scorer.score(text).density;
  /** The shipped scorer without the named detectors on the scale of texts over 5,000 chars. */
  const withoutLongDetectors = (...kinds: string[]) =>
    new DensityScorer(scorer.models, {
      scales: scorer.weights.scales.map((s) =>
        s.upToChars !== null && s.upToChars <= 5000
          ? s
          : { ...s, detectors: s.detectors.filter((d) => !kinds.includes(d.kind)) },
      ),
    });
  /** AUC of real texts' density above the written ones'. */
  const densityAuc = (s: DensityScorer, real: string[], written: string[]) =>
    pairwiseAuc(
      real.map((t) => s.score(t).density),
      written.map((t) => s.score(t).density),
    );
  /** Paragraph-aligned units of ~1.2 KB, as the fit cuts them. */
  const shortUnits = (text: string) => paragraphUnits(text, 1200);
  /** Up to four ~1.2 KB units of 5+ sentences from every paper. */
  const realShortUnits = () =>
    [...papers.values()]
      .flatMap((t) =>
        shortUnits(t)
          .filter((_, i) => i % 3 === 1)
          .slice(0, 4),
      )
      .filter((t) => roughSentences(t).length >= 5);
  /** An ~8 KB window from a third of the way into a text. */
  const windowOf = (text: string) => text.slice(text.length / 3, text.length / 3 + 8000);
  /** The window of every other paper over 20 KB, with the paper it comes from. */
  const paperWindows = () =>
    [...papers.values()]
      .filter((text, i) => i % 2 === 1 && text.length > 20_000)
      .map((text) => ({ paper: text, text: windowOf(text) }));
  /** Pairwise AUC of those windows' density over that of their degraded versions. */
  const windowsAbove = (degrade: (window: { paper: string; text: string }, i: number) => string) => {
    const windows = paperWindows();
    const density = (text: string) => scorer.score(text).density;
    return pairwiseAuc(
      windows.map((w) => density(w.text)),
      windows.map((w, i) => density(degrade(w, i))),
    );
  };

  it("counts citations, numbers with units and claims in a results paragraph, few in a man page", () => {
    const results = paragraphWith(paper("arxiv-1706.03762v5_attention"), /\d\s*(GPUs|days|hours)/);
    const man = paragraphWith(dev.get("man:head.1") as string, /\w/, 100);
    const r = factMarkers(results, tokenize(results));
    const m = factMarkers(man, tokenize(man));
    expect(r.numbers).toBeGreaterThan(0.5);
    expect(r.units).toBeGreaterThan(m.units);
    expect(r.technical).toBeGreaterThan(m.technical);
  });

  it("finds citation markers in a related-work paragraph", () => {
    const text = paragraphWith(paper("arxiv-1512.03385v1_resnet"), /\[\d+\]/);
    const f = factMarkers(text, tokenize(text));
    const man = dev.get("man:head.1") as string;
    expect(f.citations).toBeGreaterThan(0.05);
    expect(factMarkers(man, tokenize(man)).citations).toBe(0);
  });

  it("counts citations by author and year as citations, not a year that opens a sentence", () => {
    const cited =
      "Robust standard errors follow Zeileis (2004) and (Andrews 1991; White, 1980). The kernel of " +
      "(Kleiber and Zeileis 2008) is used. The estimator of Newey & West 1987 is consistent.";
    const plain = "In 2004 the package was released. Since 2010 it has grown. Version 1999 fixed a bug.";
    expect(factMarkers(cited, tokenize(cited)).citations * 3).toBe(5);
    expect(factMarkers(plain, tokenize(plain)).citations).toBe(0);
  });

  it("penalises boilerplate, duplicated lines and OCR noise on the same paragraph", () => {
    const text = paragraphWith(paper("arxiv-1502.03167v3_batchnorm"), /normaliz/);
    const clean = penalties(text, tokenize(text));
    const chrome = addBoilerplate(text, 0.4, 1);
    const noisy = ocrNoise(text, 0.08, 1);
    expect(penalties(chrome, tokenize(chrome)).boilerplate).toBeGreaterThan(0.2);
    expect(clean.boilerplate).toBe(0);
    expect(penalties(noisy, tokenize(noisy)).ocrNoise).toBeGreaterThan(clean.ocrNoise + 0.02);
    // the share counts whole lines holding a phrase, also where lowercasing changes the text's length ("İ")
    const lines = ["Read more about İstanbul", "The model converges.", "Privacy policy and cookies"] as const;
    for (const sample of [lines.join("\n"), lines.join("\n").replace("İ", "I")]) {
      const share = (lines[0].length + lines[2].length) / sample.length;
      expect(penalties(sample, tokenize(sample)).boilerplate, sample).toBeCloseTo(share, 12);
    }
    // Phrases in any case, as lowercased: the Kelvin sign lowers to "k" ("Coo\u212aie"), "İ" to "i" and a combining dot,
    // which completes no phrase ("Log İn" is not "log in").
    const cases = ["COOKIE POLICY", "Coo\u212aie policy", "SıGN IN"].map((line) => `${line}\n${lines[1]}`);
    for (const sample of cases) {
      const share = sample.indexOf("\n") / sample.length;
      expect(penalties(sample, tokenize(sample)).boilerplate, sample).toBeCloseTo(
        sample.startsWith("Sı") ? 0 : share,
        12,
      );
    }
    const dotted = `Log İn\n${lines[1]}`;
    expect(penalties(dotted, tokenize(dotted)).boilerplate).toBe(0);
    // A paragraph set as one line (assay's output, JSONL without line breaks) that mentions a copyright is prose: the
    // phrase counts CHROME_LINE_CHARS of it, not the whole paragraph; chrome run together still counts per phrase.
    const oneLine = `${text.replace(/\s+/g, " ")} © 2015 the authors.`;
    expect(oneLine.length).toBeGreaterThan(4 * CHROME_LINE_CHARS);
    expect(penalties(oneLine, tokenize(oneLine)).boilerplate).toBeCloseTo(CHROME_LINE_CHARS / oneLine.length, 12);
    const flatChrome = chrome.replace(/\s+/g, " ");
    expect(penalties(flatChrome, tokenize(flatChrome)).boilerplate).toBeGreaterThan(0.2);
  });

  it("OCR noise counts the case flips and letter-digit words said once: a field's own names recur", () => {
    const names =
      "The fit returns logLik for each model. We compare logLik across TiO2 films, and TiO2 doping raises logLik " +
      "again. Films of TiO2 were annealed; logLik is reported per film.";
    const share = (t: string) => penalties(t, tokenize(t)).ocrNoise;
    expect(share(names)).toBe(0);
    // one misreading among them is counted, and the names again are not
    const misread = names.replace("The fit", "Tbe f1t");
    const words = tokenize(misread);
    let count = 0;
    for (let i = 0; i < words.count; i++) if ((words.flags[i] as number) & WORD) count++;
    expect(share(misread)).toBeCloseTo(1 / count, 12);
  });

  it("lost ligatures: words missing fi, fl or ff, which recur and so are not one-off misreadings", () => {
    // Before this component, ~8 KB chunks that had lost every ligature ranked above their originals at only 0.64
    // AUC. Measured on the corpus: the highest real ~8 KB chunk 0.0012, such chunks 0.014 at the median.
    const model = loadDefaultModel();
    const unknown = (t: string) => {
      const tokens = tokenize(t);
      const found = new Uint8Array(tokens.count);
      perplexity(model, tokens, found);
      return unknownWords(t, tokens, found);
    };
    const windows = paperWindows();
    const real = windows.map((w) => unknown(w.text).lostLigatures);
    const lost = windows.map((w, i) => unknown(dropLigatures(w.text, 1, i)).lostLigatures);
    expect(Math.max(...real)).toBeLessThan(0.004);
    expect(pairwiseAuc(lost, real)).toBeGreaterThan(0.97);
    // "eicient" twice and "signicant" once: 3 of the 7 lower-case words of 3+ letters.
    const text = "an eicient method and eicient signicant results here";
    expect(unknown(text).lostLigatures).toBeCloseTo(3 / 7);
  });

  it("letter spacing: words spelled out letter by letter, not one-letter words or variable lists", () => {
    // Before this component, papers with 20% of their lines letter-spaced scored above the originals (AUC 0.19).
    const text = paragraphWith(paper("arxiv-1502.03167v3_batchnorm"), /normaliz/);
    const spacing = (t: string) => penalties(t, tokenize(t)).letterSpacing;
    expect(spacing(text)).toBe(0);
    expect(spacing(letterSpaceLines(text, 0.3, 1))).toBeGreaterThan(0.3);
    // Ten one-letter words in a row of 15 words; the lone "a" is not a run.
    expect(spacing("T h e n e t w o r k is trained on a corpus")).toBeCloseTo(10 / 15);
    expect(spacing("for x , y , z , w in S we take a b")).toBe(0);
    // Over the corpus's real ~1.2 KB paragraphs the highest share is 0.05 (math with runs of variables).
    const units = paragraphs();
    expect(Math.max(...units.map((u) => spacing(u.text)))).toBeLessThan(0.1);
  });

  it("furniture blocks: short wordy lines in blocks of their own, not wrapped prose, tables or author lists", () => {
    const furniture = (t: string) => penalties(t, tokenize(t)).furnitureBlocks;
    const menu = "Home | Research | People\nPosted by the editors on May 3\nView all comments (14)";
    const prose = "The network is trained on\nthe full corpus and then\nevaluated on held-out data.";
    const table = "Model 12.4 13.1\nBaseline 10.2 11.7\nOurs 14.9 15.3";
    const authors = "Ian J. Goodfellow, Jean Pouget-Abadie,\nMehdi Mirza, Bing Xu,\nUniversité de Montréal";
    const text = `${prose}\n\n${menu}\n\n${table}\n\n${authors}\n\nSearch this site\n\n${prose}`;
    // Only the menu is a block of furniture lines (its characters but the two line breaks): one lone line is a
    // heading's shape, and a paragraph whose last line ends a sentence is prose however short its lines.
    expect(furniture(text)).toBeCloseTo((menu.length - 2) / text.length, 12);
    // Most real ~1.2-3 KB paragraphs have none, a few some (a table's row labels, an affiliation block: 0.045 at the
    // 90th percentile); a page's furniture in blocks, unseen in the fit, and the fit's template furniture are told apart.
    const units = paragraphs();
    const real = units.map((u) => furniture(u.text)).sort((a, b) => a - b);
    expect(real[Math.floor(0.5 * real.length)]).toBe(0);
    expect(real[Math.floor(0.9 * real.length)]).toBeLessThan(0.1);
    expect(damageAuc(furniture)((u, i) => addChromeBlocks(u.text, 0.2, i))).toBeGreaterThan(0.97);
    expect(damageAuc(furniture)((u, i) => addTemplateChrome(u.text, 0.3, i))).toBeGreaterThan(0.9);
  });

  it("term continuity and burstiness separate a paper from its shuffled sentences", () => {
    const text = paper("arxiv-1409.0473v7_bahdanau-attention");
    const real = coherence(text, tokenize(text));
    const shuffled = shuffleSentences(text, 3);
    const fake = coherence(shuffled, tokenize(shuffled));
    expect(real.continuity).toBeGreaterThan(fake.continuity + 0.2);
    expect(real.burstiness).toBeLessThan(fake.burstiness - 0.2);
  });

  it("sentence length spread does not count page furniture: pdftotext's layout and a furniture-free one agree", () => {
    // Blocks of one short line without closing punctuation: running heads, page numbers, headings, table cells.
    // pdftotext keeps them, assay's extraction drops most: counting them moved a paper's spread by 0.13 on average.
    const withoutFurniture = (text: string) =>
      text
        .split(/\n\s*\n/)
        .filter((block) => {
          const b = block.trim();
          return b.includes("\n") || b.length >= 60 || /[.!?:]$/.test(b);
        })
        .join("\n\n");
    const spread = (text: string) => coherence(text, tokenize(text)).sentenceLengthCv;
    const shifts = [...papers.values()]
      .filter((_, i) => i % 6 === 0)
      .map((text) => Math.abs(spread(text) - spread(withoutFurniture(text))));
    expect(shifts.length).toBeGreaterThanOrEqual(8);
    for (const shift of shifts) expect(shift).toBeLessThan(0.03);
  });

  /** Prose paragraph groups of ~1.2-3 KB with 5+ sentences, two per paper from every other paper. */
  function paragraphs(): { paper: string; text: string }[] {
    const out: { paper: string; text: string }[] = [];
    [...papers.values()]
      .filter((_, i) => i % 2 === 0)
      .forEach((paper) => {
        let cur = "";
        let taken = 0;
        for (const p of paper.split(/\n\s*\n/)) {
          cur += `${p}\n\n`;
          if (cur.length < 1200) continue;
          if (cur.length <= 3000 && roughSentences(cur).length >= 5 && taken < 2) {
            out.push({ paper, text: cur });
            taken++;
          }
          cur = "";
        }
      });
    return out;
  }

  /** AUC of `feature` on the paragraphs' degraded copies against the paragraphs themselves: it marks damage. */
  const damageAuc =
    (feature: (text: string) => number) => (make: (u: { paper: string; text: string }, i: number) => string) => {
      const units = paragraphs();
      return pairwiseAuc(
        units.map((u, i) => feature(make(u, i))),
        units.map((u) => feature(u.text)),
      );
    };

  it("paragraph-scale discourse features: adjacency lift, linked sentences, stem reuse, one-off unknown words, glued symbols", () => {
    const units = paragraphs().slice(0, 24);
    // Measured: adjacency lift > 0.7, linked 0.93, stem reuse 0.84 against sentences drawn from the whole paper.
    const floors = { adjacencyLift: 0.7, linked: 0.85, stemReuse: 0.75 } as const;
    for (const [feature, floor] of Object.entries(floors) as [keyof typeof floors, number][]) {
      const f = (t: string) => discourse(t, tokenize(t))[feature];
      const real = units.map((u) => f(u.text));
      const shuffled = units.map((u, i) => f(windowShuffle(u.paper, u.text.length, i)));
      expect(pairwiseAuc(real, shuffled), feature).toBeGreaterThan(floor);
    }
    const model = loadDefaultModel();
    const oov = (t: string) => {
      const tokens = tokenize(t);
      const found = new Uint8Array(tokens.count);
      perplexity(model, tokens, found);
      return unknownWords(t, tokens, found).oneOff;
    };
    const clean = units.map((u) => oov(u.text));
    const noised = units.map((u, i) => oov(ocrNoiseWords(u.text, 0.08, i)));
    expect(pairwiseAuc(noised, clean)).toBeGreaterThan(0.9);
    const glued = "The m|odel is trai¢ned on ¦data and the l»oss falls.";
    // 13 words, 3 of them broken by a glued symbol ("¦data" has a space before the symbol: not counted).
    expect(penalties(glued, tokenize(glued)).brokenWords).toBeCloseTo(3 / 13);
    const fine = "The well-known model's loss (see Fig. 2, i.e. the x/y plot) falls, where f(x)=g+h and x∈S.";
    expect(penalties(fine, tokenize(fine)).brokenWords).toBe(0);
  });

  it("back references: papers open more sentences with a word that points back than whole papers a model wrote", () => {
    const opening = "We fit the model. This takes an hour. However, it converges. The loss falls. Thus we stop.";
    // Four sentences after the first; "This", "However" and "Thus" open three of them ("it" is not an opener here).
    expect(discourse(opening, tokenize(opening)).backReferences).toBeCloseTo(3 / 4);
    // Measured on ~8 KB windows: 0.83 against the 12 first whole imitations, 0.75 against the six registers, 0.76
    // against papers a model continued from their abstract on.
    const openers = (t: string) => discourse(t, tokenize(t)).backReferences;
    const real = paperWindows().map((w) => w.text);
    const { long, styles, continued } = machineWrittenPapers();
    for (const [name, set] of Object.entries({ long, styles, continued })) {
      const written = set.map((d) => windowOf(wrappedLikePapers(d.text, d.id)));
      expect(pairwiseAuc(real.map(openers), written.map(openers)), name).toBeGreaterThan(0.7);
    }
  });

  it("syntax fluency: unseen word-class trigrams mark swapped, substituted and inserted words, not shuffled sentences", () => {
    // Measured on these paragraphs: AUC 0.92 against 15% of words swapped, replaced or dropped, 0.92 against
    // shuffled 4-word windows, 0.88 against inserted words; 0.57 against sentences drawn from the whole paper.
    const model = loadSyntaxModel();
    const auc = damageAuc((t) => syntaxFluency(model, t, tokenize(t)).unseenTrigrams);
    expect(auc((u, i) => scrambleWords(u.text, 0.15, i))).toBeGreaterThan(0.85);
    expect(auc((u, i) => garbleSentences(u.text, 1, i))).toBeGreaterThan(0.85);
    expect(auc((u, i) => garbleSentences(u.text, 2, i))).toBeGreaterThan(0.8);
    expect(auc((u, i) => windowShuffle(u.paper, u.text.length, i))).toBeLessThan(0.65);
  });

  it("stop grammar: sentences cut short end after words a sentence seldom ends with", () => {
    const model = loadSyntaxModel();
    const unlikely = (t: string) => syntaxFluency(model, t, tokenize(t)).stopGrammar;
    const auc = damageAuc(unlikely);
    const real = paragraphs().map((u) => unlikely(u.text));
    const aucs = {
      cut: auc((u, i) => garbleSentences(u.text, 0, i)),
      shuffled: auc((u, i) => windowShuffle(u.paper, u.text.length, i)),
    };
    // Measured on these paragraphs: 0.99 against every sentence cut to 40-75% of its words, 0.57 against sentences
    // drawn from the whole paper (each still ends where its writer ended it); 51 of the 52 real ones have no such stop.
    expect(aucs.cut, "sentences cut short").toBeGreaterThan(0.95);
    expect(aucs.shuffled, "shuffled").toBeLessThan(0.65);
    expect([...real].sort((a, b) => a - b)[Math.floor(real.length * 0.9)]).toBe(0);
    expect(unlikely("We train the network on the data. It converges in two days.")).toBe(0);
    expect(unlikely("We train the network on the. It converges in two.")).toBeGreaterThan(0);
  });

  it("line joins: lines out of order break the grammar at the line breaks; wrapping does not", () => {
    // ~8 KB windows from every other paper. Measured: AUC 1.00 against two columns read across in blocks of 12
    // lines, 0.96 against runs of 3-8 lines read in a random order; 0.47-0.52 against scrambled words and OCR
    // noise, which are as bad at a break as anywhere.
    const windows = paperWindows();
    const model = loadSyntaxModel();
    const joins = (t: string) => syntaxFluency(model, t, tokenize(t)).lineJoins;
    const real = windows.map((w) => joins(w.text));
    const auc = (make: (text: string, i: number) => string) =>
      pairwiseAuc(
        real,
        windows.map((w, i) => joins(make(w.text, i))),
      );
    expect(
      auc((t) => readAcrossColumns(t, 12)),
      "columns",
    ).toBeGreaterThan(0.95);
    expect(
      auc((t, i) => misorderLines(t, i)),
      "misordered",
    ).toBeGreaterThan(0.9);
    expect(
      auc((t, i) => scrambleWords(t, 0.2, i)),
      "scrambled",
    ).toBeLessThan(0.65);
    const median = [...real].sort((a, b) => a - b)[Math.floor(real.length / 2)] as number;
    expect(Math.abs(median)).toBeLessThan(0.2);
    // Without line breaks there is nothing to compare.
    expect(joins((windows[0] as { text: string }).text.replace(/\s+/g, " "))).toBe(0);
  });

  /**
   * A window feature on ~8 KB windows of the papers: its values on the real windows, and `auc(make)`, the pairwise AUC
   * of the damaged windows above the real ones, with two damages that bring in sentences from elsewhere: `drawn` (the
   * window's sentences drawn from the whole paper) and `interleaved` (two other papers' sentences interleaved).
   */
  const windowDamage = (feature: (text: string) => number) => {
    const windows = paperWindows();
    const real = windows.map((w) => feature(w.text));
    const auc = (make: (w: { paper: string; text: string }, i: number) => string) =>
      pairwiseAuc(
        windows.map((w, i) => feature(make(w, i))),
        real,
      );
    const other = (i: number, step: number) => (windows[(i + step) % windows.length] as { paper: string }).paper;
    return {
      real,
      auc,
      drawn: (w: { paper: string; text: string }, i: number) => windowShuffle(w.paper, w.text.length, i),
      interleaved: (w: { text: string }, i: number) => interleaveDocuments(w.text, [other(i, 1), other(i, 2)], i),
    };
  };

  it("sentence clustering: sentences of one kind come in runs, which shuffled and interleaved sentences lose", () => {
    const clustering = (t: string) => sentenceClustering(t, tokenize(t));
    const { real, auc, drawn, interleaved } = windowDamage(clustering);
    const aucs = {
      drawn: auc(drawn),
      interleaved: auc(interleaved),
      shuffledInWindow: auc((w, i) => shuffleSentences(w.text, i)),
    };
    // Measured on these windows: 0.78 against sentences drawn from the whole paper, 0.89 against the paper
    // interleaved with two others, 0.69 against the window's own sentences shuffled; 25 of 26 real windows are below 0.
    expect(aucs.drawn, "drawn").toBeGreaterThan(0.72);
    expect(aucs.interleaved, "interleaved").toBeGreaterThan(0.83);
    expect(aucs.shuffledInWindow, "shuffled in window").toBeGreaterThan(0.63);
    expect(real.filter((z) => z < 0).length).toBeGreaterThan(real.length * 0.8);
    // Runs of "we" sentences give a negative z, alternation a positive one; too few sentences give 0.
    const sentences = (authorial: number[]) =>
      authorial.map((we, i) => (we ? `We train model ${i} on the data.` : `The loss of model ${i} falls.`)).join(" ");
    expect(clustering(sentences([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]))).toBeLessThan(-2);
    expect(clustering(sentences([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]))).toBeGreaterThan(2);
    expect(clustering(sentences([1, 0, 1, 0, 1, 0]))).toBe(0);
  });

  it("stranded stems: a sentence from elsewhere brings stems that no sentence near it uses", () => {
    const stranded = (t: string) => discourse(t, tokenize(t)).strandedStems;
    const { auc, drawn, interleaved } = windowDamage(stranded);
    const aucs = { drawn: auc(drawn), interleaved: auc(interleaved) };
    // Measured on these windows: 0.991 against sentences drawn from the whole paper, 0.976 against the paper
    // interleaved with two others (0.996 and 0.932 with the reach counted over sentences of any length).
    expect(aucs.drawn, "drawn").toBeGreaterThan(0.95);
    expect(aucs.interleaved, "interleaved").toBeGreaterThan(0.93);
    // Two sentences sharing "kernels" (2 of their 3 stems stranded) around fillers whose stems are all stranded: the
    // stem counts as shared four sentences away, not five. Sentences of fewer than 3 stems neither count nor take up
    // the reach.
    const fillers = [
      "The river floods meadows.",
      "The baker sells bread.",
      "The comet crosses orbits.",
      "The farmer plants barley.",
    ];
    const around = (between: string[]) =>
      ["The kernels smooth signals.", ...between, "The kernels blur images."].join(" ");
    expect(stranded(around(fillers.slice(0, 3)))).toBeCloseTo((2 * (2 / 3) + 3) / 5);
    expect(stranded(around(fillers))).toBeCloseTo(1);
    expect(stranded(around([...fillers.slice(0, 3), "See Table 2."]))).toBeCloseTo((2 * (2 / 3) + 3) / 5);
    expect(stranded("Short one. Two words.")).toBe(0);
  });

  it("misjoined sentences: a sentence's end followed by a lower-case word marks lines out of order and words out of place, with or without line breaks", () => {
    const windows = paperWindows();
    // assay's own output joins each paragraph's lines; pdftotext's keeps them.
    const joined = (t: string) => t.replace(/(?<!\n)\n(?!\n)/g, " ");
    const real = windows.map((w) => misjoinedSentences(w.text));
    const auc = (make: (text: string, i: number) => string, layout = (t: string) => t) =>
      pairwiseAuc(
        windows.map((w, i) => misjoinedSentences(layout(make(w.text, i)))),
        windows.map((w) => misjoinedSentences(layout(w.text))),
      );
    const aucs = {
      columns: auc((t) => readAcrossColumns(t, 12)),
      misordered: auc((t, i) => misorderLines(t, i)),
      misorderedJoined: auc((t, i) => misorderLines(t, i), joined),
      scrambled: auc((t, i) => scrambleWords(t, 0.2, i)),
      shuffled: auc((t, i) => shuffleSentences(t, i)),
    };
    // Measured on these windows: 0.98 against columns read across, 0.99 against runs of 3-8 lines in a random order
    // (the same with each paragraph's lines joined), 1.00 against scrambled words; 0.63 against shuffled sentences,
    // each of which still starts with its capital.
    expect(aucs.columns, "columns").toBeGreaterThan(0.95);
    expect(aucs.misordered, "misordered").toBeGreaterThan(0.97);
    expect(aucs.misorderedJoined, "misordered, lines joined").toBeGreaterThan(0.97);
    expect(aucs.scrambled, "scrambled").toBeGreaterThan(0.97);
    expect(aucs.shuffled, "shuffled").toBeLessThan(0.7);
    // Four in five real windows have none (21 of 26); the highest, 0.067, has table keys ("... aug is data
    // augmentation") and a line the extraction itself took from the other column.
    expect([...real].sort((a, b) => a - b)[Math.floor(real.length * 0.8)]).toBe(0);
    // Abbreviations, names and math after a stop are no sentence's middle; a paragraph break is no join.
    expect(
      misjoinedSentences("as reported by Smith et al. who trained it, e.g. the one. See arXiv preprint. arXiv:1234"),
    ).toBe(0);
    expect(misjoinedSentences("The loss falls in every run.\nh(t) = a(t) for every step t of the run")).toBe(0);
    expect(misjoinedSentences("The loss falls in every run.\n\nthe next section covers the data")).toBe(0);
    expect(misjoinedSentences("The loss falls in every run. the next section covers the data.")).toBe(1);
    expect(misjoinedSentences("The loss falls in every run.\nthe next section covers the data.")).toBe(1);
  });

  it("echoes: sentences and phrases said again right after themselves, not table cells or dot leaders", () => {
    // 5-25 sentences: at these shares nearly every paragraph gets a repeat. Measured on these paragraphs: AUC 0.99
    // against 40% of sentences repeated and 1.00 against phrase loops in 50% of sentences.
    const units = paragraphs();
    const echo = (t: string) => echoes(tokenize(t));
    const real = units.map((u) => echo(u.text));
    const repeated = units.map((u, i) => echo(repeatSentences(u.text, 0.4, i)));
    const looped = units.map((u, i) => echo(loopPhrases(u.text, 0.5, i)));
    expect(pairwiseAuc(repeated, real), "repeated").toBeGreaterThan(0.95);
    expect(pairwiseAuc(looped, real), "looped").toBeGreaterThan(0.95);
    // 11 words; the second "the results show that" repeats the four before it.
    expect(echo("the results show that the results show that our model works")).toBeCloseTo(4 / 11);
    expect(echo("Introduction . . . . 3\nModel Architecture . . . . 5\noutput size: 56 output size: 28")).toBe(0);
    // A table extracted one cell per line: "yes no yes no" and "no no no" are layout, not a loop.
    expect(echo("weight decay\nyes\nno\nyes\nno\nno\nno\ntrain accuracy\n100.0\n100.0")).toBe(0);
    expect(echo("the results show that\nthe results show that\nour model works")).toBeCloseTo(4 / 11);
  });

  it("six-word repeats: own-paper Markov text walks the same phrases twice, shuffled sentences do not", () => {
    // ~8 KB windows from every other paper. Measured: AUC 0.95 against an order-3 chain of the same paper (0.89
    // when repeats with numbers or without function words counted too), 0.49 against its own sentences shuffled.
    const windows = paperWindows();
    expect(windows.length).toBeGreaterThan(10);
    const repeats = (t: string) => repeatedPhrases(tokenize(t));
    const real = windows.map((w) => repeats(w.text));
    const markov = windows.map((w, i) => repeats(markovChain([w.paper], 3)(w.text.split(/\s+/).length, i)));
    const shuffled = windows.map((w, i) => repeats(shuffleSentences(w.text, i)));
    expect(pairwiseAuc(markov, real)).toBeGreaterThan(0.9);
    expect(pairwiseAuc(shuffled, real)).toBeLessThan(0.6);
    const looped = "we train the model on the data and then we train the model on the data again";
    // 17 words; the second "we train the model on the" and "train the model on the data" repeat the first.
    expect(repeatedPhrases(tokenize(looped))).toBeCloseTo(2 / 17);
    // Table rows and lists of terms repeat too, but they are not prose walked twice.
    expect(repeatedPhrases(tokenize("output size 56 by 56 pixels; output size 56 by 56 pixels"))).toBe(0);
    expect(
      repeatedPhrases(
        tokenize("Neural Networks Deep Learning Graph Models Neural Networks Deep Learning Graph Models"),
      ),
    ).toBe(0);
  });

  it("phrase branches: a paper's window takes its phrases up again with new words, an order-4 chain re-walks them", () => {
    // ~8 KB windows from every other paper. Measured: AUC 0.67 against an order-4 chain of the same paper, 0.50
    // against the window's own sentences shuffled (the same phrases).
    const windows = paperWindows();
    const branches = (t: string) => phraseBranches(tokenize(t));
    const real = windows.map((w) => branches(w.text));
    const markov = windows.map((w, i) => branches(markovChain([w.paper], 4)(w.text.split(/\s+/).length, i)));
    const shuffled = windows.map((w, i) => branches(shuffleSentences(w.text, i)));
    expect(pairwiseAuc(real, markov)).toBeGreaterThan(0.6);
    expect(Math.abs(pairwiseAuc(real, shuffled) - 0.5)).toBeLessThan(0.1);
    // 19 words; "train the model on" comes back 13 words on, followed by "a" instead of "the": one branch.
    const again = "we train the model on the data and then after a while we train the model on a grid";
    expect(branches(again)).toBeCloseTo(1 / 19);
    // Taken up again right after itself, as a loop does, it is not a branch.
    expect(branches("we train the model on the data and then we train the model on a grid")).toBe(0);
    // The same phrase walked again word for word branches nowhere (six-word repeats count that).
    expect(branches("we train the model on the data and then we train the model on the data")).toBe(0);
  });

  it("ranks ~8 KB windows above Markov loops of order 3-4 over their own paper", () => {
    // Such chains splice long verbatim runs of the paper, so only whole-window evidence (phrases walked twice,
    // topic jumps at the splices) finds them. Measured on these windows: AUC 0.94 against order 3 and 0.87
    // against order 4 (the shipped weights have seen these papers; fitted on half of them: 0.90 and 0.82); before
    // the "markov3" detector (scripts/fit-density/detectors.ts), 0.81 and 0.72.
    const floor = { 3: 0.85, 4: 0.8 } as const;
    for (const order of [3, 4] as const) {
      const auc = windowsAbove((w, i) => markovChain([w.paper], order)(w.text.split(/\s+/).length, i));
      expect(auc, `order ${order}`).toBeGreaterThan(floor[order]);
    }
  });

  it("ranks ~8 KB windows above sentence-level Markov text of their own paper, made as markovify makes it", () => {
    // Whole sentences walked from start to end, none quoting more than 15 words of the paper: fluent, never a long
    // copy, so neither phrase repeats nor broken grammar find it. Measured on these windows: AUC 0.973 and 0.997 for
    // state sizes 2 and 3, against 0.914 and 0.987 before the fit had sentence-level chains (the shipped weights have
    // seen these papers; held out, docs/measured.md's "markovify" row).
    const floor = { 2: 0.94, 3: 0.97 } as const;
    for (const stateSize of [2, 3] as const) {
      const auc = windowsAbove((w, i) => sentenceMarkov([w.paper], stateSize)(w.text.length, i));
      expect(auc, `state size ${stateSize}`).toBeGreaterThan(floor[stateSize]);
    }
  });

  it("ranks ~8 KB windows above the same windows inside a scraped page's header, footer and sidebar blocks", () => {
    // Furniture of lines no fitted generator uses, in blocks: the weakest unseen kind (docs/measured.md). Measured on
    // these windows: AUC 0.916 and 0.939 at 20% and 30% chrome, against 0.694 and 0.787 before family A had templated
    // furniture in blocks and the long-text boilerplate detector was stretched (0.783 and 0.870 with the first alone).
    const floor = { 0.2: 0.87, 0.3: 0.9 } as const;
    for (const share of [0.2, 0.3] as const)
      expect(
        windowsAbove((w, i) => addChromeBlocks(w.text, share, i)),
        `${share * 100}% chrome`,
      ).toBeGreaterThan(floor[share]);
  });

  it("ranks ~8 KB windows above their partly reordered versions and above windows interleaved with other papers", () => {
    // Half the sentences displaced within the window, or about four in ten drawn from two other papers: each window
    // still reads as one paper in places. Measured: AUC 0.87 and 0.94 (0.87 and 0.95 before the fit's displaced
    // sentences: this is a guard, not the fit's yardstick; its held-out figures are in docs/measured.md).
    const windows = paperWindows();
    const score = (t: string) => scorer.score(t).density;
    const real = windows.map((w) => score(w.text));
    const others = [...papers.values()];
    const other = (k: number) => others[k % others.length] as string;
    const displaced = windows.map((w, i) => score(displaceSentences(w.text, 0.5, i)));
    const interleaved = windows.map((w, i) =>
      score(interleaveDocuments(w.text, [other(2 * i + 7), other(2 * i + 13)], i)),
    );
    expect(pairwiseAuc(real, displaced), "displaced").toBeGreaterThan(0.83);
    expect(pairwiseAuc(real, interleaved), "interleaved").toBeGreaterThan(0.9);
  });

  it("ranks real paragraphs above their shuffled, Markov, scrambled, chrome, OCR-noised, misordered-line, repeated and looped versions", () => {
    // Measured with the shipped weights: shuffled 0.72, Markov-2 0.68, scrambled words 0.79, shuffled 4-word windows
    // 0.76, OCR 1.00 / 0.98 (word-level), chrome 0.99, columns read across in blocks of 6 lines 0.78, runs of 3-8
    // lines out of order 0.73 (both 0.68 without the paragraph columns detector), repeated sentences 0.96 and phrase
    // loops 0.98 (0.88 and 0.86 without the paragraph repetition detector). The documentation detector's stretch
    // (fit-density/calibration.ts, PARAGRAPH_STRETCH) cost the sentence-level kinds 0.02-0.03 here. The floors sit
    // ~0.03 below so a refit does not flake, while losing the paragraph detectors fails.
    const units = paragraphs();
    expect(units.length).toBeGreaterThan(20);
    const score = (t: string) => scorer.score(t).density;
    const real = units.map((u) => score(u.text));
    const chains = new Map<string, ReturnType<typeof markovChain>>();
    const chainOf = (paper: string) => {
      let c = chains.get(paper);
      if (!c) chains.set(paper, (c = markovChain([paper], 2)));
      return c;
    };
    const degraded: Record<string, (u: { paper: string; text: string }, i: number) => string> = {
      shuffled: (u, i) => windowShuffle(u.paper, u.text.length, i),
      markov: (u, i) => chainOf(u.paper)(u.text.split(/\s+/).length, i),
      scrambled: (u, i) => scrambleWords(u.text, 0.15, i),
      windows: (u, i) => garbleSentences(u.text, 1, i),
      ocr: (u, i) => ocrNoise(u.text, 0.04, i),
      ocrWords: (u, i) => ocrNoiseWords(u.text, 0.1, i),
      chrome: (u, i) => addWebChrome(u.text, 0.3, i),
      columns: (u) => readAcrossColumns(u.text, 6),
      misordered: (u, i) => misorderLines(u.text, i),
      repeated: (u, i) => repeatSentences(u.text, 0.2, i),
      loops: (u, i) => loopPhrases(u.text, 0.3, i),
    };
    const floor: Record<string, number> = {
      shuffled: 0.69,
      markov: 0.65,
      scrambled: 0.76,
      windows: 0.73,
      ocr: 0.95,
      ocrWords: 0.9,
      chrome: 0.93,
      columns: 0.75,
      misordered: 0.7,
      repeated: 0.93,
      loops: 0.94,
    };
    for (const [kind, make] of Object.entries(degraded)) {
      const auc = pairwiseAuc(
        real,
        units.map((u, i) => score(make(u, i))),
      );
      expect(auc, kind).toBeGreaterThan(floor[kind] as number);
    }
  });

  it("ranks real paragraphs above text cast in a few moulds: templated copies, and a connective before every sentence", () => {
    const units = paragraphs();
    const score = (t: string) => scorer.score(t).density;
    const real = units.map((u) => score(u.text));
    const templated = units.map((u, i) => score(templateSentences(u.text, 5, 0.7, i)));
    const stuffed = units.map((u, i) => score(stuffOpeners(u.text, i)));
    // Measured with the shipped weights: templated 0.73, stuffed 0.88; with the weights before the detector of
    // templated text (stop 51) 0.63 and 0.37. The floors sit ~0.03 below.
    expect(pairwiseAuc(real, templated), "templated").toBeGreaterThan(0.7);
    expect(pairwiseAuc(real, stuffed), "stuffed").toBeGreaterThan(0.85);
  });

  it("ranks real papers above their shuffled, Markov, scrambled, garbled, looped, interleaved, misordered, letter-spaced, ligature-less, boilerplate and OCR-noised versions", () => {
    const ids = [
      "arxiv-1406.2661v1_gan",
      "arxiv-1607.06450v1_layer-norm",
      "emnlp2016_wang_attention-lstm-aspect-sentiment",
    ];
    for (const [i, id] of ids.entries()) {
      const text = paper(id);
      const real = scorer.score(text).density;
      const words = text.split(/\s+/).length;
      for (const degraded of [
        shuffleSentences(text, i),
        markovText([text], words, 2, i),
        markovText([...papers.values()].slice(0, 8), words, 1, i),
        scrambleWords(text, 0.1, i),
        ...([0, 1, 2] as const).map((v) => garbleSentences(text, v, i)),
        repeatSentences(text, 0.1, i),
        loopPhrases(text, 0.15, i),
        interleaveDocuments(text, [paper(ids[(i + 1) % 3] as string), paper(ids[(i + 2) % 3] as string)], i),
        readAcrossColumns(text, 12),
        misorderLines(text, i),
        letterSpaceLines(text, 0.1, i),
        dropLigatures(text, 1, i),
        addBoilerplate(text, 0.4, i),
        ocrNoise(text, 0.05, i),
      ]) {
        expect(real).toBeGreaterThan(scorer.score(degraded).density);
      }
    }
  });

  it("whole papers are scored by their chunks, which finds papers interleaved with other papers' sentences", () => {
    // A document's detector columns are its ~12 KB chunks' means. Measured on all 52 papers (the positives were fitted
    // on): AUC 0.9985 by chunks, 0.987 with the same detectors on the whole text's features (0.996 and 0.947 before
    // sentence clustering, whose runs test grows surer with the number of sentences; 0.999 and 0.971 before sentence
    // length spread left out page furniture; 1.000 and 0.998 since stranded stems, which find most interleaved papers
    // on the whole text too, so chunks are held only to be no worse).
    expect(scorer.weights.scales.map((s) => s.upToChars)).toEqual([5000, null]);
    const texts = [...papers.values()];
    const interleaved = texts.map((t, i) =>
      interleaveDocuments(t, [texts[(i + 7) % texts.length] as string, texts[(i + 13) % texts.length] as string], i),
    );
    const wholeText = (t: string) =>
      densityLogit(scorer.weights, featureVector(densityComponents(t, scorer.models)), t.length);
    const chunked = pairwiseAuc(
      texts.map((t) => scorer.score(t).density),
      interleaved.map((t) => scorer.score(t).density),
    );
    expect(chunked).toBeGreaterThan(0.97);
    expect(chunked).toBeGreaterThanOrEqual(pairwiseAuc(texts.map(wholeText), interleaved.map(wholeText)));
  });

  /** The papers long enough to be documents, and their scores (the document detectors' tests share them). */
  let documents: { texts: string[]; scores: DensityScores[] } | undefined;
  const paperDocuments = () => {
    if (!documents) {
      const texts = [...papers.values()].filter((t) => t.length > DOCUMENT_CHARS);
      documents = { texts, scores: texts.map((t) => scorer.score(t)) };
    }
    return documents;
  };

  it("a whole paper's order lowers papers read backwards or with their paragraphs shuffled, and few real ones", () => {
    const { texts, scores } = paperDocuments();
    // The order detector is "order": the lowest chunk detector's mean plus the document order detector's logit, which
    // is 0 or more on nine real papers in ten it was fitted on (these, as pdftotext lays them out).
    const withoutOrder = new DensityScorer(scorer.models, { scales: scorer.weights.scales });
    const densities = (s: DensityScorer, of: string[]) => of.map((t) => s.score(t).density);
    const real = { with: scores.map((s) => s.density), without: densities(withoutOrder, texts) };
    const lowered = real.with.filter((density, i) => density < (real.without[i] as number));
    expect(lowered.length).toBeLessThanOrEqual(Math.ceil(0.1 * texts.length));
    /** AUC of the real papers against `degraded`, with the order detector and without it. */
    const aucs = (degraded: string[]) => ({
      with: pairwiseAuc(real.with, densities(scorer, degraded)),
      without: pairwiseAuc(real.without, densities(withoutOrder, degraded)),
    });
    const backwards = aucs(texts.map((t) => roughSentences(t).reverse().join(" ")));
    const paragraphsShuffled = aucs(texts.map((t, i) => shuffle(t.split(/\n\s*\n/), seededRandom(i)).join("\n\n")));
    // Measured with the shipped weights (the real papers fitted on): backwards 0.649 -> 0.895, paragraphs shuffled
    // 0.760 -> 0.833.
    expect(backwards.with).toBeGreaterThan(backwards.without + 0.15);
    expect(paragraphsShuffled.with).toBeGreaterThan(paragraphsShuffled.without + 0.04);
  });

  /** Density without one document detector: the lowest of the other detectors' columns. */
  const densityWithout = (kind: string) => (s: DensityScores) =>
    Math.min(
      ...Object.entries(s)
        .filter(([k]) => k.startsWith("density_vs_") && k !== `density_vs_${kind}`)
        .map(([, v]) => v as number),
    );
  it("a paper written out twice falls below the papers, and its repeats lower no real one", () => {
    const { texts, scores: real } = paperDocuments();
    // "duplicated" is the lowest chunk detector's mean plus the duplication detector's logit, which is 0 or more below
    // 6% of runs said again (real papers: at most 3.5%).
    expect(scorer.weights.documentDuplicates).toBeDefined();
    const without = densityWithout("duplicated");
    const twice = texts.map((t) => scorer.score(`${t}\n\n${t}`));
    for (const s of [...real, ...twice]) expect(s.density_vs_duplicated).toBeTypeOf("number");
    for (const s of real) expect(s.density).toBe(without(s));
    // Measured with the shipped weights: 0.52 -> 1.000 (held out in the red-team probe: 1.000 on either half).
    const density = real.map((s) => s.density);
    expect(
      pairwiseAuc(
        density,
        twice.map((s) => s.density),
      ),
    ).toBeGreaterThan(0.97);
    expect(pairwiseAuc(density, twice.map(without))).toBeLessThan(0.7);
  });

  it("a paper with its paragraphs shuffled falls below the papers, and its paragraphs lower no real one", () => {
    const { texts, scores: real } = paperDocuments();
    // "paragraphs" adds the paragraph detector's logit, 0 or more from a lift of 1.15 (real papers: 1.23 and more).
    const without = densityWithout("paragraphs");
    const shuffled = texts.map((t, i) => scorer.score(shuffle(t.split(/\n\s*\n/), seededRandom(i)).join("\n\n")));
    for (const s of real) expect(s.density).toBe(without(s));
    // Measured with the shipped weights: 0.837 -> 0.961 (held out in the red-team probe: 0.79 -> 0.956 / 0.82 -> 0.944).
    const density = real.map((s) => s.density);
    const withDetector = pairwiseAuc(
      density,
      shuffled.map((s) => s.density),
    );
    expect(withDetector).toBeGreaterThan(0.95);
    expect(withDetector).toBeGreaterThan(pairwiseAuc(density, shuffled.map(without)) + 0.1);
  });

  it("whole papers a model wrote in six registers fall below the papers where their sentences pick up no neighbour", () => {
    const { scores: real } = paperDocuments();
    // "neighbours" adds the neighbour detector's logit, 0 or more from a sentence lift of 0.8 (real papers: 0.96 and
    // more; 0.84 as assay extracts the LNCS guide's PDF). The six registers were never fitted on.
    const without = densityWithout("neighbours");
    for (const s of real) expect(s.density).toBe(without(s));
    const styles = machineWrittenPapers().styles.map((d) => scorer.score(wrappedLikePapers(d.text, d.id)));
    const lowered = styles.filter((s) => s.density < without(s));
    // Measured with the shipped weights: 9 of 18 lowered; AUC 0.990 -> 1.000 (held out: 0.980 -> 1.000 / 0.950 -> 0.976).
    expect(lowered.length).toBeGreaterThan(0);
    const density = real.map((s) => s.density);
    expect(
      pairwiseAuc(
        density,
        styles.map((s) => s.density),
      ),
    ).toBeGreaterThan(pairwiseAuc(density, styles.map(without)));
  });

  it("density runs on across the boundary of the length scales, which score the texts near it together", () => {
    // Measured: six papers' openings cut at 4,990 and 5,010 characters, 0.01-0.09 apart (0.8-3.4 with one scale on
    // each side); outside the band each text is its own scale's alone.
    const [boundary] = scorer.weights.scales.map((s) => s.upToChars) as [number];
    const openings = [...papers.values()].slice(0, 6);
    for (const text of openings) {
      const step = Math.abs(
        scorer.score(text.slice(0, boundary - 10)).density - scorer.score(text.slice(0, boundary + 10)).density,
      );
      expect(step).toBeLessThan(0.3);
    }
    const [shortest, longest] = [Math.floor(boundary / SCALE_BLEND), Math.ceil(boundary * SCALE_BLEND) + 1];
    for (const text of openings.map((t) => t.slice(0, shortest)).concat(openings.map((t) => t.slice(0, longest)))) {
      const own = scorer.weights.scales.find((s) => s.upToChars === null || text.length <= s.upToChars);
      const x = featureVector(densityComponents(text, scorer.models));
      const alone = Math.min(...(own?.detectors.map((d) => predictLogit(d, x)) ?? []));
      expect(scorer.score(text).density).toBeCloseTo(alone, 12);
    }
  });

  it("a text without tokens has no LM values and enters the weights as the LM's zeros it was fitted with", () => {
    const c = densityComponents(" \n\n ", scorer.models);
    expect([c.ngram_lm_perplexity, c.ngram_lm_oov, c.ngram_lm_full_order_hits]).toEqual([NaN, NaN, NaN]);
    const fitted = { ...c, ngram_lm_perplexity: 0, ngram_lm_oov: 0, ngram_lm_full_order_hits: 0 };
    expect(featureVector(c)).toEqual(featureVector(fitted));
    expect(featureVector(c).every(Number.isFinite)).toBe(true);
  });

  it("splits a document into paragraph-aligned chunks that hold every character", () => {
    const paragraph = (i: number) => `Paragraph ${i} says one thing. `.repeat(40).trim();
    const text = Array.from({ length: 60 }, (_, i) => paragraph(i)).join("\n\n");
    const chunks = documentChunks(text);
    expect(chunks.join("")).toBe(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeGreaterThanOrEqual(CHUNK_CHARS);
      expect(chunk.startsWith("Paragraph ")).toBe(true);
    }
    // without blank lines, cut at sentence ends
    const flat = text.replaceAll("\n\n", " ");
    const flatChunks = documentChunks(flat);
    expect(flatChunks.join("")).toBe(flat);
    expect(flatChunks.length).toBe(chunks.length);
    expect(documentChunks("short text")).toEqual(["short text"]);
    // Windows line ends still mark paragraphs
    const crlf = text.replaceAll("\n\n", "\r\n\r\n");
    const crlfChunks = documentChunks(crlf);
    expect(crlfChunks.join("")).toBe(crlf);
    expect(crlfChunks.map((c) => c.replaceAll("\r", ""))).toEqual(chunks);
    // A paragraph of a million lines is cut into its lines without overflowing the stack
    const lines = `${"\n".repeat(1_000_000)}word`;
    expect(documentChunks(lines).join("")).toBe(lines);
  });

  it("ranks arXiv papers above man pages and changelogs", () => {
    const paperScores = [...papers.values()].map((t) => scorer.score(t).density);
    const devTexts = [...dev.values()].filter((t) => t.length >= 500);
    const devScores = devTexts.map((t) => scorer.score(t).density);
    expect(pairwiseAuc(paperScores, devScores)).toBeGreaterThanOrEqual(0.95);
    const changelogs = [...dev.entries()]
      .filter(([id]) => id.endsWith("changelog.Debian"))
      .map(([, t]) => scorer.score(t).density);
    expect(changelogs.length).toBeGreaterThan(5);
    expect(pairwiseAuc(paperScores, changelogs)).toBeGreaterThanOrEqual(0.99);
    // As ~1.2 KB paragraphs of 5+ sentences (the issue's >= 0.95 for documentation): 0.989 here, 0.960 before the
    // documentation detector was stretched (PARAGRAPH_STRETCH in fit-density/calibration.ts); in sample, since the
    // shipped weights are fitted on these man pages (held out: 0.982 / 0.983 and 0.933 / 0.930 before).
    const manParagraphs = [...dev.entries()]
      .filter(([id]) => id.startsWith("man:"))
      .flatMap(([, t]) =>
        shortUnits(t)
          .filter((u) => roughSentences(u).length >= 5)
          .slice(0, 2),
      )
      .map(density);
    expect(manParagraphs.length).toBeGreaterThan(500);
    expect(pairwiseAuc(realShortUnits().map(density), manParagraphs)).toBeGreaterThanOrEqual(0.975);
  });

  it("register: a paper's cross-references, parentheses and 'we'; a reporter's quotes; a blogger's 'I'", () => {
    const text = paragraphWith(paper("arxiv-1512.03385v1_resnet"), /Table \d/);
    const r = register(text, tokenize(text));
    const { fitted } = webLikePages();
    const page = (genre: string) => (fitted.find((p) => p.genre === genre) as { text: string }).text;
    const news = register(page("news"), tokenize(page("news")));
    const blog = register(page("blog"), tokenize(page("blog")));
    expect(r.crossReferences).toBeGreaterThan(0.1);
    expect(r.authorialWe).toBeGreaterThan(0.2);
    expect(r.parentheses).toBeGreaterThan(news.parentheses);
    for (const web of [news, blog]) expect(web.crossReferences).toBe(0);
    expect(news.reportedSpeech).toBeGreaterThan(0.1);
    expect(r.reportedSpeech).toBe(0);
    expect(blog.firstPersonSingular).toBeGreaterThan(0.02);
    expect(r.firstPersonSingular).toBe(0);
  });

  it("ranks real papers above web-like pages of genres it was never fitted on, whole and as ~1.2 KB paragraphs", () => {
    // Science news, press releases, columns, travel, sport, health, history, reviews, how-to (scripts/fixtures).
    const { unseen } = webLikePages();
    const realDocs = [...papers.values()].map(density);
    expect(
      pairwiseAuc(
        realDocs,
        unseen.map((p) => density(p.text)),
      ),
    ).toBeGreaterThanOrEqual(0.99);
    const real = realShortUnits().map(density);
    const webParagraphs = (genre?: string) =>
      unseen.filter((p) => !genre || p.genre === genre).flatMap((p) => shortUnits(p.text).map(density));
    expect(pairwiseAuc(real, webParagraphs())).toBeGreaterThanOrEqual(0.97);
    // The closest to a paper: prose about research, with figures and named institutions.
    expect(pairwiseAuc(real, webParagraphs("science-news"))).toBeGreaterThanOrEqual(0.95);
  });

  it("ranks real paragraphs above model-written paper imitations the fit never saw", () => {
    // Fitted on eight imitations of machine-learning papers (papers-1). Measured with the shipped weights on ~1.2 KB
    // paragraphs: 0.86 against 16 imitations of other sciences (papers-2, papers-5), 0.75 against 16 later ones on
    // machine learning and computing (papers-3, papers-4), whose fields the real papers share.
    const { sciences, mlUnseen } = machineWrittenPapers();
    const units = (texts: { text: string }[]) =>
      texts.flatMap((p) => shortUnits(p.text)).filter((t) => roughSentences(t).length >= 5);
    const real = realShortUnits().map(density);
    const [otherSciences, machineLearning] = [units(sciences), units(mlUnseen)];
    expect(otherSciences.length).toBeGreaterThan(40);
    expect(machineLearning.length).toBeGreaterThan(40);
    expect(pairwiseAuc(real, otherSciences.map(density)), "other sciences").toBeGreaterThanOrEqual(0.82);
    expect(pairwiseAuc(real, machineLearning.map(density)), "machine learning").toBeGreaterThanOrEqual(0.71);
  });

  it("ranks real papers above whole model-written papers the fit never saw, of any length", () => {
    // The paragraph detector of model-written papers also sits on the longer scales (stretched to their real texts),
    // beside the imitation detector, fitted on 18 later whole imitations. Measured with the shipped weights: 16 unseen
    // 5-6 KB imitations of machine-learning papers ranked among whole real papers at 1.00 with the paragraph detector
    // and 0.94 without; 12 full-length (21-26 KB) imitations, wrapped like the real papers (pdftotext's lines), at
    // 0.939 with the imitation detector and 0.833 without, their ~8 KB windows at 0.81. As written, one line per
    // paragraph, they read 0.965 and 0.946 before the imitation detector: the real papers' wrapped lines, stray lines
    // and line joins told them apart, not their prose. Since stop 44's stranded stems, phrase branches and furniture
    // blocks, the other detectors rate fewer real papers low and find more imitations: short ones 1.000 and 0.998
    // without the paragraph detector (held only to be no worse with it), whole ones 1.000 and 0.987 without the
    // imitation detector, their windows 0.942.
    const { mlUnseen, long } = machineWrittenPapers();
    const realPapers = [...papers.values()];
    const shortPapers = mlUnseen.map((p) => wrappedLikePapers(p.text, p.id));
    const longPapers = long.map((p) => wrappedLikePapers(p.text, p.id));
    expect(long.length).toBe(12);
    const short = densityAuc(scorer, realPapers, shortPapers);
    expect(short).toBeGreaterThanOrEqual(0.98);
    expect(short).toBeGreaterThanOrEqual(densityAuc(withoutLongDetectors("machine"), realPapers, shortPapers));
    const whole = densityAuc(scorer, realPapers, longPapers);
    expect(whole).toBeGreaterThanOrEqual(0.93);
    expect(whole).toBeGreaterThan(densityAuc(withoutLongDetectors("imitation"), realPapers, longPapers) + 0.005);
    const realWindows = paperWindows().map((w) => w.text);
    expect(densityAuc(scorer, realWindows, longPapers.map(windowOf))).toBeGreaterThanOrEqual(0.77);
  });

  it("ranks real papers above whole imitations in registers the imitation detector never saw", () => {
    // Written after the detector was fitted, three papers each of terse proofs, clinical reports, second-language
    // engineering, reviews, systems papers and social science (long-11 to long-16). Measured with the shipped
    // weights: 0.974, and 0.747 without the imitation detector; by register 0.865 (engineering) to 1.000. Since back
    // references (stop 33), which the borrowed paragraph detector of model-written text weighs too: 0.984 and 0.868; since
    // stop 44's three components, 0.993 and 0.879. Since longer texts' discourse reads their prose sentences only, the
    // other detectors find more of them: 0.990 and 0.933.
    const { styles } = machineWrittenPapers();
    expect(styles.length).toBe(18);
    const imitations = styles.map((p) => wrappedLikePapers(p.text, p.id));
    const auc = (s: DensityScorer) => densityAuc(s, [...papers.values()], imitations);
    const withIt = auc(scorer);
    expect(withIt).toBeGreaterThanOrEqual(0.95);
    expect(withIt).toBeGreaterThan(auc(withoutLongDetectors("imitation")) + 0.03);
  });

  it("ranks real papers above the same papers a model continued from their abstract on", () => {
    // Twelve papers of the corpus, each continued by a model from its abstract (continued-1 to continued-4; twelve
    // others, continued from their introduction by other helpers, are fitted on). Measured with the shipped weights:
    // 0.965 whole and 0.904 as ~8 KB windows; without the imitation detector 0.566 whole (they rank above nearly half
    // the real papers); before back references (stop 33) 0.710 whole. Since implausible words (stop 42), which the
    // long-text OCR detector weighs, whole papers rose 0.962 -> 0.965 and 0.559 -> 0.566 without the imitation
    // detector: what that detector adds fell from 0.402 to 0.399, the others finding more of them. Since stop 44's
    // stranded stems, phrase branches and furniture blocks, 0.994 whole, 0.870 without the imitation detector, 0.946 as
    // windows. Since longer texts' discourse reads their prose sentences only, 1.000 whole and 0.965 without the
    // imitation detector.
    const { continued } = machineWrittenPapers();
    expect(continued.length).toBe(12);
    const written = continued.map((p) => wrappedLikePapers(p.text, p.id));
    const realPapers = [...papers.values()];
    const whole = densityAuc(scorer, realPapers, written);
    expect(whole).toBeGreaterThanOrEqual(0.96);
    expect(whole).toBeGreaterThan(densityAuc(withoutLongDetectors("imitation"), realPapers, written) + 0.03);
    const realWindows = paperWindows().map((w) => w.text);
    expect(densityAuc(scorer, realWindows, written.map(windowOf))).toBeGreaterThanOrEqual(0.87);
  });

  it("the imitation detector reads a paper the same whether its paragraphs are wrapped into lines or not", () => {
    // assay's own text has a paragraph per line, pdftotext's wrapped lines. Weighing the share of list lines (a share
    // of lines) moved the detector's logit by 0.52 on average between the two (0.00 now), and it took 18 of the 52
    // corpus papers as assay extracts them for imitations.
    const joined = (t: string) =>
      t
        .split(/\n[ \t]*\n/)
        .map((p) => p.replace(/\s*\n\s*/g, " "))
        .join("\n\n");
    const shifts = [...papers.values()].slice(0, 12).map((t) => {
      const imitation = (v: string) => scorer.score(v).density_vs_imitation as number;
      return Math.abs(imitation(t) - imitation(joined(t)));
    });
    expect(shifts.reduce((a, b) => a + b, 0) / shifts.length).toBeLessThan(0.1);
  });

  it("the step adds every component, the logit of each detector of the text's scale, density and meta.density", async () => {
    const whole = makeDoc("gan", paper("arxiv-1406.2661v1_gan"), "test");
    const paragraph = makeDoc("gan-p", paragraphWith(whole.text, /adversarial/, 1000), "test");
    const step = densityStep(scorer);
    const ctx = { rank: 0, worldSize: 1, reject: async () => {}, count: () => {} };
    async function* docs() {
      yield whole;
      yield paragraph;
    }
    for await (const d of step.run(docs(), ctx)) expect(d.meta.density).toBe(d.scores.density);
    for (const doc of [whole, paragraph]) {
      const present = step.scoreNames.filter((name) => name in doc.scores);
      for (const name of present) expect(Number.isFinite(doc.scores[name]), name).toBe(true);
      const detectors = present.filter((name) => name.startsWith("density_vs_"));
      expect(Math.min(...detectors.map((name) => doc.scores[name] as number))).toBe(doc.scores.density);
      expect(present).toHaveLength(step.scoreNames.length - (DETECTOR_KINDS.length - detectors.length));
    }
    // Whole papers have a detector per kind of sentence-level damage; paragraphs one for all of it.
    expect("density_vs_markov1" in whole.scores && !("density_vs_incoherent" in whole.scores)).toBe(true);
    expect("density_vs_incoherent" in paragraph.scores && !("density_vs_markov1" in paragraph.scores)).toBe(true);
    expect(paragraph.scores.density_vs_machine).toBeDefined();
  });

  it("scores on a thread exactly as on its own thread, and keeps input order", async () => {
    const texts = [...papers.values()].slice(0, 30);
    const scoreAll = async (options: DensityStepOptions) => {
      const { out, counters } = await runDensityStep(texts, options);
      return { out, onThreads: counters.get(SCORED_ON_THREADS) ?? 0 };
    };
    const threads = new ScoringThreads(1);
    try {
      // Warm before the first doc: the thread takes the first ~1 MB batch, this thread scores while it works.
      await threads.warm;
      const threaded = await scoreAll({ threads });
      const here = await scoreAll({});
      expect(here.onThreads).toBe(0);
      expect(threaded.onThreads).toBeGreaterThan(0);
      expect(threaded.onThreads).toBeLessThanOrEqual(texts.length);
      expect(threaded.out.map((d) => d.id)).toEqual(texts.map((_, i) => `d${i}`));
      expect(threaded.out.map((d) => d.scores)).toEqual(here.out.map((d) => d.scores));
      // Threads of its own start after 2 MB of text scored here (this stream's 1.8 MB is scored again, then the
      // rest), and are closed when the stream ends, whatever they scored.
      texts.push(...texts);
      const own = await scoreAll({ workers: 2 });
      expect(own.out.map((d) => d.scores)).toEqual([...here.out, ...here.out].map((d) => d.scores));
    } finally {
      await threads.close();
    }
  }, 60_000);

  it("names its models, and with onlyMissing scores again only what other models scored", async () => {
    const weights = structuredClone(scorer.weights);
    expect(new DensityScorer(scorer.models, weights).modelId).toBe(scorer.modelId);
    // Figures that describe the weights are not the weights.
    const described = { ...weights, heldOutAuc: { "A:shuffled": { doc: 0.5 } }, seed: 1 };
    expect(new DensityScorer(scorer.models, described).modelId).toBe(scorer.modelId);
    const firstDetector = weights.scales[0]?.detectors[0] as { bias: number };
    firstDetector.bias += 1e-9;
    expect(new DensityScorer(scorer.models, weights).modelId).not.toBe(scorer.modelId);

    const text = paragraphWith(paper("arxiv-1406.2661v1_gan"), /adversarial/, 1000);
    const same = makeDoc("same", text, "test", { density: 42, density_model: scorer.modelId });
    const other = makeDoc("other", text, "test", { density: 42, density_model: "0123456789ab" });
    const unnamed = makeDoc("unnamed", text, "test", { density: 42 });
    // a column other models had at this length; these models' paragraphs have no such detector
    other.scores.density_vs_markov1 = 7;
    // a detector kind no model of this version has (one an older model had and a later one dropped), and a score of
    // the input's own
    other.scores.density_vs_retired = 3;
    other.scores.reviewer_score = 5;
    const counters = new Map<string, number>();
    const ctx = {
      rank: 0,
      worldSize: 1,
      reject: async () => {},
      count: (name: string) => counters.set(name, (counters.get(name) ?? 0) + 1),
    };
    async function* docs() {
      yield* [same, other, unnamed];
    }
    for await (const _ of densityStep(scorer, { onlyMissing: true }).run(docs(), ctx));
    expect(same.meta.density).toBe(42);
    const fresh = scorer.score(text).density;
    for (const doc of [other, unnamed]) {
      expect(doc.meta.density, doc.id).toBe(fresh);
      expect(doc.meta.density_model, doc.id).toBe(scorer.modelId);
    }
    expect(other.scores.density_vs_markov1).toBeUndefined();
    expect(other.scores.density_vs_retired).toBeUndefined();
    expect(other.scores.reviewer_score).toBe(5);
    expect(counters.get(RESCORED_OTHER_MODEL)).toBe(2);
  });
});
