// --arxiv-metadata and --licenses, shared by the commands that run the filter stack (`run`, `filter`).
import { MetadataError, readLicenceIndex } from "../../filters/rights/arxiv-metadata.js";
import { allowedLicences, knownLicence } from "../../filters/rights/licence.js";
import { rightsStep } from "../../filters/rights/rights.js";
import { type Config, ConfigError } from "../config.js";
import type { Step } from "../step.js";
import { UsageError } from "./common.js";

export const RIGHTS_FLAGS = {
  "arxiv-metadata": { type: "string" },
  licenses: { type: "string" },
} as const;

export const RIGHTS_FLAGS_HELP = `  --arxiv-metadata F   arXiv's metadata JSON Lines (the OAI snapshot: id, license): fills each paper's license
                       by the arXiv id on its stamp (config: rights.arxivMetadata)
  --licenses L,...     keep only documents under these licences (SPDX ids, e.g. CC-BY-4.0,CC0-1.0; "open" for
                       CC BY, CC BY-SA, CC0 and public domain); the rest go to rejects/ as license_unknown,
                       license_not_allowed:<licence> or license_conflict:<licence> (config: rights.licenses)`;

type RightsFlagValues = { "arxiv-metadata"?: unknown; licenses?: unknown };

export function rightsOverrides(values: RightsFlagValues): { rights?: Record<string, unknown> } {
  const rights: Record<string, unknown> = {};
  if (typeof values["arxiv-metadata"] === "string") rights.arxivMetadata = values["arxiv-metadata"];
  if (typeof values.licenses === "string") {
    rights.licenses = values.licenses
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    if ((rights.licenses as string[]).length === 0)
      throw new UsageError("--licenses takes licence names, e.g. open or CC-BY-4.0,CC0-1.0");
  }
  return Object.keys(rights).length > 0 ? { rights } : {};
}

/** The rights step, with what the config asks of it (metadata, licences); `quiet`: no warnings. */
export async function rightsSteps(config: Config, quiet = false): Promise<Step[]> {
  const warn = (text: string) => {
    if (!quiet) process.stderr.write(`assay: ${text}\n`);
  };
  const { arxivMetadata, licenses } = config.rights ?? {};
  // Without either option the step still writes each record's own licence as its SPDX id (and counts documents
  // without one): the shards name each licence one way whatever the run selects.
  if (arxivMetadata === undefined && licenses === undefined) return [rightsStep({ index: null, allow: null })];
  // A typo would reject every document as license_not_allowed: say so before the run, but go on (a dump's records
  // may carry licences arXiv does not use, e.g. MIT). Here, not where the flag is read: the config file names them too.
  const unknown = (licenses ?? []).filter((name) => !knownLicence(name));
  // Said under --quiet too: it would reject every arXiv paper, a mistake in the command more than a warning
  if (unknown.length > 0)
    process.stderr.write(
      `assay: licences ${unknown.join(",")}: not a licence arXiv uses (CC-BY-4.0, CC0-1.0, ..., or open); only records whose license is exactly that are kept\n`,
    );
  let index = null;
  if (arxivMetadata !== undefined) {
    const conflicts: string[] = [];
    let passedOver = 0;
    try {
      index = await readLicenceIndex(
        arxivMetadata,
        (id) => conflicts.push(id),
        (lines) => {
          passedOver = lines;
        },
      );
    } catch (error) {
      if (error instanceof MetadataError) throw new ConfigError(error.message);
      throw error;
    }
    if (conflicts.length > 0)
      warn(
        `arXiv metadata ${arxivMetadata}: ${conflicts.length} ids have lines that disagree on the licence (${conflicts.slice(0, 3).join(", ")}${conflicts.length > 3 ? ", ..." : ""}): taken as without a licence`,
      );
    if (passedOver > 0)
      warn(
        `arXiv metadata ${arxivMetadata}: ${passedOver} lines passed over (not a JSON object, or no string "id"): check the file`,
      );
  }
  return [rightsStep({ index, allow: licenses === undefined ? null : allowedLicences(licenses) })];
}
