// The documents of a rank's inputs with the input each came from: a staged command that must know which of two
// ranks' copies of an id one process keeps (the first input's) records it. Each id's first document, as one reading
// of them all keeps (ingest's duplicate_id), or every document, for a command that finds the copies on disk.
import { type IngestStepOptions, readDocs } from "../../ingest/ingest-step.js";
import type { Doc } from "../doc.js";
import type { InputFile } from "../io/inputs.js";
import { SeenIds } from "../seen-ids.js";

/**
 * `inputs`' documents in input order, each with its input's index in `inputs`. PDFs (one document each, whose source
 * is the input's path) are read together, on one worker pool; a JSON Lines or Parquet input alone, as its records
 * need not name it. `saveTo` and `onReject`: as readDocs's. With `options.passRepeatedIds` every document under an id
 * read before is yielded too.
 */
export async function* docsByInput(
  inputs: readonly InputFile[],
  options: IngestStepOptions,
  saveTo?: string,
  onReject?: (reason: string) => void,
): AsyncGenerator<{ input: number; doc: Doc }> {
  const seen = options.passRepeatedIds ? null : new SeenIds();
  for (let from = 0; from < inputs.length; ) {
    let to = from + 1;
    if (inputs[from]?.kind === "pdf") while (inputs[to]?.kind === "pdf") to++;
    const batch = inputs.slice(from, to);
    const indexOf = new Map(batch.map((input, i) => [input.path, from + i]));
    for await (const doc of readDocs(batch, options, onReject, saveTo)) {
      if (seen?.add(doc.id) === false) continue;
      const input = batch.length === 1 ? from : indexOf.get(doc.source);
      if (input === undefined) throw new Error(`a PDF's document names another source, ${doc.source} (a bug)`);
      yield { input, doc };
    }
    from = to;
  }
}
