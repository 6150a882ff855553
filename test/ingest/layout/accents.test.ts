// Accented letters TeX draws from two glyphs: unit cases, and real papers of ../shared/corpus/pdf/born-digital
// (skipped when the corpus is absent).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { composeAccents } from "../../../ingest/layout/accents.js";
import { DocumentLayout } from "../../../ingest/layout/document-layout.js";
import { cleanGlyphs } from "../../../ingest/layout/glyphs.js";
import { pageInputs } from "../../../scripts/fixtures/page-inputs.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/pdf/born-digital/", import.meta.url));

describe("composeAccents", () => {
  it("joins an accent drawn before its letter, dotless i and j included", () => {
    expect(composeAccents("Universit\u00b4e de Montr\u00b4eal")).toBe("Université de Montréal");
    expect(composeAccents("Peter Gr\u00a8unwald, na\u00a8\u0131vely")).toBe("Peter Grünwald, naïvely");
    expect(composeAccents("Jur\u02c7c\u00b4\u0131\u02c7cek and Du\u02c7sek")).toBe("Jurčíček and Dušek");
    expect(composeAccents("l\u2019h\u02c6opital, probl`eme")).toBe("l\u2019hôpital, problème");
  });

  it("joins a cedilla or ogonek drawn after its letter", () => {
    expect(composeAccents("Franc\u00b8ois, Wa\u0142e\u02dbsa")).toBe("François, Wałęsa");
  });

  it("leaves math accents, quotes and code alone where no accented letter exists", () => {
    for (const text of ["H\u02c6 and \u02c6T", "x\u02dc and L\u00af", "run `ls` now", "``quoted''", "plain ascii"])
      expect(composeAccents(text)).toBe(text);
  });
});

describe("cleanGlyphs", () => {
  it("keeps spacing accents for composeAccents instead of NFKC's space and combining mark, and still folds the rest", () => {
    expect(cleanGlyphs("Montr\u00b4")).toBe("Montr\u00b4");
    expect(cleanGlyphs("\uff21\u00b2 \u00bd Gr\u00a8")).toBe("A2 1/2 Gr\u00a8");
  });
});

const BAHDANAU = `${CORPUS}arxiv-1409.0473v7_bahdanau-attention.pdf`;
const MDL = `${CORPUS}arxiv-math0406077v1_mdl-tutorial.pdf`;

describe.skipIf(!existsSync(BAHDANAU) || !existsSync(MDL))("accents in real papers (page 1)", () => {
  const pageOne = async (file: string) => {
    const layout = new DocumentLayout();
    for await (const page of pageInputs(new Uint8Array(readFileSync(file)), [1])) layout.addPage(page);
    return layout.finish().text;
  };

  it("reads the names as typed, with no stray space or combining mark", async () => {
    const bahdanau = await pageOne(BAHDANAU);
    expect(bahdanau).toContain("Université de Montréal");
    const mdl = await pageOne(MDL);
    expect(mdl).toContain("Peter Grünwald");
    for (const text of [bahdanau, mdl]) expect(text).not.toMatch(/\p{L}[\u00b4\u00a8]\p{L}| [\u0300-\u036f]/u);
  });
});
