// `assay ingest`: PDFs (and JSONL/Parquet docs) to text shards, no filtering.
import { COMMON_HELP } from "./common.js";
import { runPipelineCommand } from "./pipeline-command.js";

export const INGEST_USAGE = `usage: assay ingest <pdfs|dirs|globs...> --out DIR [--ocr auto|always|never] [--id-prefix P]
                    [--format parquet|jsonl]
  Extracts reading-order text from each PDF (pdf.js text layer; OCR for image-only or garbage pages) and writes
  one row per document. Non-PDFs, encrypted, damaged, too long or too slow files go to rejects/ with a reason.
  --ocr MODE           auto (default): OCR pages without a usable text layer; always; never
  --id-prefix P        put P before the ids made from PDF paths (records keep their own; config: ingest.idPrefix)
${COMMON_HELP}`;

export function ingestCommand(argv: string[]): Promise<number> {
  return runPipelineCommand(
    {
      name: "ingest",
      usage: INGEST_USAGE,
      options: { ocr: { type: "string" }, "id-prefix": { type: "string" } },
      configFrom: (values) => ({ ingest: { ocr: values.ocr, idPrefix: values["id-prefix"] } }),
      steps: () => [],
    },
    argv,
  );
}
