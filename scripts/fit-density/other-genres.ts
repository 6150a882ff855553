// The samples of texts of other genres than papers: documentation from text-dev and web-like pages.
import type { WrittenText } from "../fixtures/written-texts.js";
import { half } from "./families.js";
import type { Family } from "./kinds.js";
import type { AddSample } from "./samples.js";
import { UNITS, unitsOf } from "./units.js";

/**
 * Adds the documentation `dev` of half `h` (`heldOut`: the evaluation half): man pages are family A; READMEs,
 * changelogs and licences family B, scored on the held-out half only.
 */
export function addDocumentation(
  dev: { id: string; text: string }[],
  h: 0 | 1,
  heldOut: boolean,
  addSample: AddSample,
): void {
  for (const d of dev) {
    if (half(d.id) !== h) continue;
    const fam: Family | null = d.id.startsWith("man:") ? "A" : heldOut ? "B" : null;
    if (fam) for (const [unit, text] of unitsOf(d.text, 1)) addSample(fam, "textdev", unit, text);
  }
}

/** ~8 KB texts of web pages: each page followed by the next ones, as a site's pages read one after another. */
function sites(pages: string[]): string[] {
  return pages.map((_, k) => {
    let site = "";
    for (let j = k; site.length < UNITS.chunk && j < k + pages.length; j++) site += `${pages[j % pages.length]}\n\n`;
    return site;
  });
}

/** Adds the web-like pages of half `h`, their units and their sites. */
export function addWebPages(
  web: { fitted: WrittenText[]; unseen: WrittenText[] },
  h: 0 | 1,
  heldOut: boolean,
  addSample: AddSample,
): void {
  // Web-like pages: the fitted genres split by half like the papers, the unseen genres scored on the held-out half.
  for (const [fam, pages] of [
    ["A", web.fitted.filter((d) => half(d.id) === h)],
    ["B", heldOut ? web.unseen : []],
  ] as const) {
    for (const d of pages) for (const [unit, text] of unitsOf(d.text, 2)) addSample(fam, "web", unit, text);
    for (const site of sites(pages.map((d) => d.text))) addSample(fam, "web", "chunk", site);
  }
}
