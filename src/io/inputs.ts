// Input discovery: files, directories (recursively) and quoted globs, sorted so every rank sees one order,
// then partitioned by rank. An assay output directory stands for its data/ shards.
import { type Dirent, existsSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join, matchesGlob, normalize, relative, resolve, sep } from "node:path";
import { hasRankManifests, isAssayOutput, isUnfinishedOutput, stageWorkOf } from "./assay-output.js";
import {
  escapedPath,
  folderLink,
  folderOutside,
  givenFolders,
  isSpecial,
  notUtf8,
  specialFile,
} from "./unreadable-inputs.js";

export type InputKind = "pdf" | "jsonl" | "parquet";

export interface InputFile {
  path: string;
  kind: InputKind;
  /**
   * The path below the directory it was found in (a PDF's without `.pdf`): a PDF's document id, and the FILE of a
   * records file's FILE#LINE ids.
   */
  id: string;
  /**
   * Why the walk will not read this input: its name, or a folder's above it, is not UTF-8 (EILSEQ); it is a folder
   * the walk could not list (EACCES), or a link to a folder outside the walk (folder_link); it is a named pipe or a
   * device (special_file). Reading it raises this (unreadable-inputs.ts): a reject, not the end of the run or a hang.
   */
  unreadable?: { code: string; syscall: string; message: string };
}

export class InputError extends Error {}

const KIND_BY_EXTENSION: Record<string, InputKind> = {
  ".pdf": "pdf",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "jsonl",
  ".parquet": "parquet",
};

/** JSON Lines compressed with gzip or zstd, decompressed as they are read (src/io/jsonl.ts). */
const COMPRESSED_JSONL = /\.(jsonl|ndjson|json)\.(gz|zst)$/i;

/**
 * A plain `.json` in a folder is one JSON document far more often than records: a PDF's metadata sidecar, a
 * dataset's manifest, arXiv's snapshot kept beside the papers. Walking into it made a reject of every line (or of
 * every snapshot entry, none with a text), so a folder's walk leaves it out; named, or matched by a glob, it is read
 * as JSON Lines.
 */
function isPlainJson(path: string): boolean {
  return extname(path).toLowerCase() === ".json";
}

/**
 * A gzipped PDF, as arXiv's bulk files hold them: read with `ingest.gunzip`, else rejected `not_pdf:gzip`, never
 * passed over.
 */
const GZIPPED_PDF = /\.pdf\.gz$/i;

/** What a file's name says it holds (compressed JSON Lines and PDFs included), or null for a name assay does not read. */
export function kindOf(path: string): InputKind | null {
  if (COMPRESSED_JSONL.test(path)) return "jsonl";
  if (GZIPPED_PDF.test(path)) return "pdf";
  return KIND_BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** `root` null: the file name; "": the path as given; else the path below root. Always without `.pdf` (or `.pdf.gz`). */
function idOf(path: string, root: string | null): string {
  const rel = root === null ? basename(path) : root === "" ? path : relative(root, path);
  const pdf = GZIPPED_PDF.exec(rel)?.[0] ?? (extname(rel).toLowerCase() === ".pdf" ? extname(rel) : "");
  return rel
    .slice(0, rel.length - pdf.length)
    .split(sep)
    .join("/");
}

/**
 * Expands arguments into input files. A named file of unknown kind is treated as a PDF so that sniffing judges it.
 * Walking a directory skips the assay outputs inside it (last night's `--out` beside the PDFs is not input: its
 * rejects would come back as documents) and the directories in `exclude` (this command's own `--out`, which a
 * resumed run has half written).
 */
export async function discoverInputs(args: readonly string[], exclude: readonly string[] = []): Promise<InputFile[]> {
  const skip = new Set(exclude.map((dir) => resolve(dir)));
  // Keyed by absolute path, kept as given but normalised: `d/a.pdf` and `./d/a.pdf` are one input, not two.
  const found = new Map<string, InputFile>();
  // Names that are not UTF-8 can share one text ("caf\xe9" and "caf\xe8" both read "caf\ufffd"): each is its own input.
  let notUtf8 = 0;
  // A link to a folder given as another input adds no reject: that folder's papers are read.
  const given = await givenFolders(args);
  const add = (file: InputFile) => {
    const key = file.unreadable?.code === "EILSEQ" ? `${resolve(file.path)}\0${notUtf8++}` : resolve(file.path);
    if (!found.has(key)) found.set(key, { ...file, path: normalize(file.path) });
  };
  for (const arg of args) {
    if (/[*?[]/.test(arg) && !existsSync(arg)) {
      for (const file of await expandGlob(arg, skip, given)) add(file);
      continue;
    }
    if (arg === "-") throw new InputError("inputs are files or directories; standard input is not read");
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(arg);
    } catch {
      throw new InputError(`input ${arg} does not exist; check the path (a glob in quotes is expanded by assay)`);
    }
    if (info.isDirectory()) {
      const output = await isAssayOutput(arg);
      // Ranks that have not all finished: data/ holds part of the run, and nothing says which part.
      if (!output && (await hasRankManifests(arg)))
        throw new InputError(
          `input ${arg} is an assay run whose ranks have not all finished (no manifest.json): run the missing ranks first`,
        );
      // A staged dedup or rank before any rank applied, or an `assay run` stopped between its passes: its work files
      // are not documents.
      if (!output && stageWorkOf(arg) !== null)
        throw new InputError(
          `input ${arg} is an assay output whose stages have not all run (no manifest.json): run them first`,
        );
      // The data/ of such an output holds the shards of the ranks that finished (and old ones of those to rerun).
      const parent = resolve(arg, "..");
      if (!output && basename(resolve(arg)) === "data" && !(await isAssayOutput(parent)))
        if (await isUnfinishedOutput(parent))
          throw new InputError(
            `input ${arg} is the data/ of an assay output that has not finished (no manifest.json beside it): run its missing ranks or stages first`,
          );
      // An output that kept nothing has no data/: it stands for no documents, never for its rejects or manifest.
      const dataDir = join(arg, "data");
      const root = output ? (existsSync(dataDir) ? dataDir : null) : arg;
      if (root !== null)
        for (const file of await walkInput(arg, root, skip, given)) if (!isPlainJson(file.path)) add(file);
    } else {
      // A pipe named as input (`<(zcat docs.jsonl.gz)`) would be read more than once (sniffed, hashed, read).
      if (!info.isFile())
        throw new InputError(`input ${arg} is a named pipe, socket or device: give files or directories`);
      add({ path: arg, kind: kindOf(arg) ?? "pdf", id: idOf(arg, null) });
    }
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return withUniqueIds(files);
}

/**
 * Two inputs under one id (`a/paper.pdf` and `b/paper.pdf` given as `assay run a b`; two folders' `docs.jsonl`, whose
 * records without ids are named `docs.jsonl#LINE`) both take their path as given, a PDF's without `.pdf`, as id
 * instead. Every rank discovers the same list, so every rank makes the same ids.
 */
function withUniqueIds(files: InputFile[]): InputFile[] {
  const uses = new Map<string, number>();
  for (const file of files) uses.set(file.id, (uses.get(file.id) ?? 0) + 1);
  return files.map((file) => ((uses.get(file.id) as number) > 1 ? { ...file, id: idOf(file.path, "") } : file));
}

const SEP = Buffer.from(sep);

/**
 * `walk` of a directory given as input, or of a glob's folder, which must be listed: one that cannot is the user's to
 * fix, in one line.
 */
async function walkInput(
  arg: string,
  root: string,
  skip: ReadonlySet<string>,
  given: readonly string[],
): Promise<InputFile[]> {
  try {
    return await walk(root, skip, given);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === undefined) throw error;
    throw new InputError(`input ${arg} cannot be listed (${code}): fix its permissions, or give the folders inside it`);
  }
}

/** `given`: the real paths of the folders given as inputs, which links to them need not name. */
async function walk(root: string, skip: ReadonlySet<string>, given: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  // Directories are listed and entered by their names' bytes: a name that is not UTF-8 cannot be entered by its text
  // (it ended the run with ENOENT), and the files under it are rejects, not lost.
  const visit = async (dir: string, rawDir: Buffer, dirNotUtf8: boolean) => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(rawDir, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      // The folder given is the user's to fix; one found inside it (another user's, mode 700) is one reject: the rest
      // of the dump is read.
      if (dir === root) throw error;
      const { code = "EIO", syscall = "scandir", message } = error as NodeJS.ErrnoException;
      const unreadable = { code, syscall, message: `${message} (a folder: none of its files was read)` };
      files.push({ path: dir, kind: "pdf", id: idOf(dir, root), unreadable });
      return;
    }
    for (const entry of entries) {
      const name = entry.name.toString("utf8");
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      const raw = Buffer.concat([rawDir, SEP, entry.name]);
      const pathNotUtf8 = dirNotUtf8 || !Buffer.from(name, "utf8").equals(entry.name);
      // Outputs inside the directory are not its input, finished (manifest.json) or not (rank manifests, or a
      // staged dedup's or rank's work files only).
      const isInputFolder = async () =>
        !skip.has(resolve(path)) && !(await isAssayOutput(path)) && !(await isUnfinishedOutput(path));
      if (entry.isDirectory()) {
        if (await isInputFolder()) await visit(path, raw, pathNotUtf8);
      } else {
        const kind = kindOf(name);
        // A link named like a file can lead to a folder ("2019.pdf -> /mnt/disk2/2019"): a folder all the same.
        if (!kind || (entry.isSymbolicLink() && (await stat(raw).catch(() => null))?.isDirectory())) {
          // A link to a folder is not followed (links loop, or reach the same papers twice). One to a folder outside
          // the walk and the other folders given holds papers nothing else reads (`latest -> /mnt/disk2/2019`): it is
          // one reject that says how.
          const target = entry.isSymbolicLink() ? await folderOutside(raw, walked) : null;
          if (target !== null && (await isInputFolder()))
            files.push({ path, kind: "pdf", id: idOf(path, root), unreadable: folderLink(path, target) });
          continue;
        }
        if (pathNotUtf8) {
          // Named by its bytes, so that two names decoding alike stay two, each traceable to its file.
          const shown = escapedPath(raw);
          files.push({ path: shown, kind, id: idOf(shown, root), unreadable: notUtf8(shown) });
          continue;
        }
        const unreadable = (await isSpecial(entry, raw)) ? specialFile(path) : null;
        files.push({ path, kind, id: idOf(path, root), ...(unreadable ? { unreadable } : {}) });
      }
    }
  };
  const walked = [await realpath(root), ...given];
  await visit(root, Buffer.from(root), false);
  return files;
}

/** The folder a glob's walk starts from (its parts before the first with a wildcard); null if `arg` is no glob. */
function globBase(arg: string): string | null {
  if (!/[*?[]/.test(arg) || existsSync(arg)) return null;
  const parts = arg.split(/[/\\]/);
  const firstMagic = parts.findIndex((part) => /[*?[]/.test(part));
  return parts.slice(0, firstMagic).join("/") || ".";
}

async function expandGlob(pattern: string, skip: ReadonlySet<string>, given: readonly string[]): Promise<InputFile[]> {
  const base = globBase(pattern) as string;
  if (!existsSync(base)) return [];
  return (await walkInput(base, base, skip, given)).filter((file) => matchesGlob(file.path, pattern));
}

/**
 * The assay outputs that the walk of an input argument leaves out for being outputs: those directly inside a folder
 * (none if it is no folder), or for a glob, those directly inside its base folder that it matches, or a file of which
 * it matches (a glob of the outputs' folders, or of the shards in their data/). Not hidden folders, nor `exclude` (the
 * command's own --out), which the walk leaves out for other reasons.
 */
export async function outputsInside(arg: string, exclude: readonly string[] = []): Promise<string[]> {
  const base = globBase(arg);
  if (base === null) return outputsDirectlyIn(arg, exclude);
  const matched: string[] = [];
  for (const output of await outputsDirectlyIn(base, exclude)) {
    const fileMatched = async () =>
      (await readdir(output, { recursive: true }).catch(() => [])).some((file) => matchesGlob(join(output, file), arg));
    if (matchesGlob(output, arg) || (await fileMatched())) matched.push(output);
  }
  return matched;
}

async function outputsDirectlyIn(dir: string, exclude: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const excluded = new Set(exclude.map((path) => resolve(path)));
  const outputs: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(".") || !entry.isDirectory() || excluded.has(resolve(path))) continue;
    if (await isAssayOutput(path)) outputs.push(path);
  }
  return outputs.sort();
}

/** Deterministic partition: rank r takes every W-th file of the sorted list. */
export function partition<T>(items: readonly T[], rank: number, worldSize: number): T[] {
  return items.filter((_, index) => index % worldSize === rank);
}
