// The one document model every stage reads and writes.

/** How the text of a PDF was obtained. */
export type Extraction = "text-layer" | "ocr" | "mixed";

/** Typed metadata; every field maps to one column of a shard row. `null` means unknown. */
export interface DocMeta {
  source_sha256: string | null;
  title: string | null;
  arxiv_id: string | null;
  arxiv_version: number | null;
  license: string | null;
  pages: number | null;
  /** 1-based numbers of the pages whose text came from OCR. */
  ocr_pages: number[];
  extraction: Extraction | null;
  lang: string | null;
  lang_score: number | null;
  density: number | null;
  /** Which models computed density (DensityScorer.modelId). */
  density_model: string | null;
  rank_pct: number | null;
  tier: string | null;
  dup_cluster: string | null;
  /**
   * The input record's own fields that no column above holds (a JSONL or Parquet record's `url`, `date`, nested
   * `metadata`, ...), as the text of one JSON object, so that a document stays traceable to where it came from.
   */
  metadata: string | null;
}

/** Flat map of every measured value; each key becomes a column (`gopher_quality_mean_word_length`, ...). */
export type Scores = Record<string, number>;

export interface Doc {
  id: string;
  text: string;
  /** Where the document came from: a file path, or `path#line` for records of a JSONL file. */
  source: string;
  meta: DocMeta;
  scores: Scores;
}

export function emptyMeta(): DocMeta {
  return {
    source_sha256: null,
    title: null,
    arxiv_id: null,
    arxiv_version: null,
    license: null,
    pages: null,
    ocr_pages: [],
    extraction: null,
    lang: null,
    lang_score: null,
    density: null,
    density_model: null,
    rank_pct: null,
    tier: null,
    dup_cluster: null,
    metadata: null,
  };
}

export function makeDoc(id: string, text: string, source: string, meta: Partial<DocMeta> = {}): Doc {
  return { id, text, source, meta: { ...emptyMeta(), ...meta }, scores: {} };
}
