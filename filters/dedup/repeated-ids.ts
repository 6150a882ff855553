// Ranks read their inputs apart, so two of them can each take a document under one id (a JSON Lines and a Parquet
// file of one dump holding the same record id). One process rejects the second at ingest as duplicate_id; across
// ranks the clusters stage does, before any clustering, so the run keeps what one process would keep: the document
// of the lower rank (one process keeps the one it reads first). Ids key the clusters, duplicate_of and a training
// job's joins.
import { SeenIds } from "../../src/seen-ids.js";
import { readDocRecords } from "./signature-store.js";

/** A document of this run whose id a document of a lower rank has. */
export interface RepeatedId {
  rank: number;
  doc: number;
  id: string;
}

/** The documents of `ranks` (stage 1 sources, in rank order) whose id a document of a lower rank already has. */
export function repeatedIds(ranks: readonly string[]): RepeatedId[] {
  if (ranks.length < 2) return [];
  const seen = new SeenIds();
  const repeated: RepeatedId[] = [];
  ranks.forEach((source, rank) => {
    readDocRecords(source).forEach(({ id }, doc) => {
      if (!seen.add(id)) repeated.push({ rank, doc, id });
    });
  });
  return repeated;
}
