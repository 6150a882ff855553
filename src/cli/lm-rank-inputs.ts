// The inputs of `assay lm train --stage words|ngrams|merge`: every rank's share, each input with its place among all
// of them, a share's texts with the input each came from (the merge orders the ranks' n-grams by it), and the copies
// of repeated ids a rank counted words of and one process would not.
import { stat } from "node:fs/promises";
import type { CopiesReader, InputText, RankShare } from "../../filters/ngram-lm/rank-training.js";
import { type IngestStepOptions, readDocs } from "../../ingest/ingest-step.js";
import { type InputFile, partition } from "../io/inputs.js";
import { idHash } from "../seen-ids.js";
import { everyRankInputs } from "./common.js";
import { docsByInput } from "./docs-by-input.js";

/** Every rank's share of the inputs; `sizeOf`: the rank whose inputs' sizes are recorded (the others' are null). */
export async function rankShares(
  args: string[],
  worldSize: number,
  sizeOf: number,
): Promise<{ shares: RankShare[]; files: InputFile[][] }> {
  const files = await everyRankInputs(args, worldSize);
  const total = files.reduce((n, share) => n + share.length, 0);
  const everyIndex = Array.from({ length: total }, (_, i) => i);
  const shares = await Promise.all(
    files.map(async (share, rank) => {
      const indices = partition(everyIndex, rank, worldSize);
      const inputs = await Promise.all(
        share.map(async (input, j) => ({
          path: input.path,
          bytes: rank === sizeOf ? ((await stat(input.path).catch(() => null))?.size ?? null) : null,
          index: indices[j] as number,
        })),
      );
      return { rank, worldSize, inputs };
    }),
  );
  return { shares, files };
}

/** The texts of `inputs` in input order, each with its id and the index of its input (docs-by-input.ts); `onReject`: as readDocs's. */
export async function* textsByInput(
  inputs: readonly InputFile[],
  options: IngestStepOptions,
  onReject?: (reason: string) => void,
): AsyncGenerator<InputText> {
  for await (const { input, doc } of docsByInput(inputs, options, undefined, onReject))
    yield { input, id: doc.id, text: doc.text };
}

/** Reads the copies of repeated ids from any rank's input (`files`: every rank's inputs, as rankShares gives them). */
export function copiesReader(
  shares: readonly RankShare[],
  files: InputFile[][],
  options: IngestStepOptions,
): CopiesReader {
  const byIndex = new Map<number, InputFile>();
  shares.forEach((share, rank) =>
    share.inputs.forEach((input, j) => byIndex.set(input.index, files[rank]?.[j] as InputFile)),
  );
  return async function* (index, ids) {
    const input = byIndex.get(index);
    if (!input) throw new Error(`no input ${index} among the ranks' inputs (a bug)`);
    // One input read alone skips its own repeats, as the rank that counted it did.
    for await (const doc of readDocs([input], options)) if (ids.has(idHash(doc.id))) yield doc.text;
  };
}
