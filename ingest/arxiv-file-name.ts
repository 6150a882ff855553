// An arXiv id from a PDF's file name, for PDFs without the arXiv stamp on page 1 (arXiv's bulk PDF dumps name files
// "1706.03762v5.pdf" and, for old-style ids, "hep-th9901001v1.pdf"; a publisher's version of a paper has no stamp).
// Strict on purpose: an id joins versions in dedup and licences from arXiv's metadata, so a false one does harm. The
// name must start with the id (optionally after "arxiv" and a separator), new-style ids must have a month 01-12,
// old-style ones an arXiv archive's name.
import { basename } from "node:path";
import { ARXIV_MONTH } from "../src/arxiv-id.js";

/** arXiv's archives of old-style ids ("archive/YYMMNNN"), current and retired. */
const ARCHIVES = [
  "acc-phys",
  "adap-org",
  "alg-geom",
  "ao-sci",
  "astro-ph",
  "atom-ph",
  "bayes-an",
  "chao-dyn",
  "chem-ph",
  "cmp-lg",
  "comp-gas",
  "cond-mat",
  "cs",
  "dg-ga",
  "funct-an",
  "gr-qc",
  "hep-ex",
  "hep-lat",
  "hep-ph",
  "hep-th",
  "math",
  "math-ph",
  "mtrl-th",
  "nlin",
  "nucl-ex",
  "nucl-th",
  "patt-sol",
  "physics",
  "plasm-ph",
  "q-alg",
  "q-bio",
  "quant-ph",
  "solv-int",
  "supr-con",
];

const FILE_NAME_ID = new RegExp(
  `^(?:arxiv[-_.:]?)?(?:(\\d{2}${ARXIV_MONTH}\\.\\d{4,5})|(${ARCHIVES.join("|")})[-_]?(\\d{2}${ARXIV_MONTH}\\d{3}))(?:v(\\d+))?(?=$|[-_. ])`,
  "i",
);

export interface FileNameArxivId {
  id: string;
  version: number | null;
}

export function arxivIdFromFileName(path: string): FileNameArxivId | null {
  const name = basename(path).replace(/\.pdf(\.gz)?$/i, "");
  const m = FILE_NAME_ID.exec(name);
  if (!m) return null;
  const id = m[1] ?? `${(m[2] as string).toLowerCase()}/${m[3]}`;
  return { id, version: m[4] === undefined ? null : Number(m[4]) };
}
