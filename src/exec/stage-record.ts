// What a barrier stage did, recorded once it finished: the options it ran with and the state (size, modification
// time) of every file it read, taken before reading, and of every file it wrote, taken after writing. A stage run
// again (a scheduler retrying a failed array job, a night run again by hand) that finds the same options and every
// file as recorded has nothing to do: it would write the same bytes (stages are deterministic). An input written
// since, another option or assay version, an output removed or written over: it runs. States, not the clock: a
// shared file system's server may keep another time than the node.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { canonicalJson } from "../config.js";
import { ASSAY_VERSION } from "../project-root.js";

/** A file as it was: null size and time when it could not be read (a dangling link stays one). */
export interface FileState {
  path: string;
  bytes: number | null;
  mtimeMs: number | null;
}

interface StageRecord {
  assay_version: string;
  options: string;
  inputs: FileState[];
  outputs: FileState[];
}

export function fileStates(paths: readonly string[]): FileState[] {
  return paths.map((path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    return { path, bytes: info?.size ?? null, mtimeMs: info?.mtimeMs ?? null };
  });
}

/** Whether every file is as `states` recorded it. */
export function unchangedFiles(states: readonly FileState[]): boolean {
  const now = fileStates(states.map((state) => state.path));
  return canonicalJson(now) === canonicalJson(states);
}

/**
 * The states of `outputs` as a record at `recordPath` keeps them: paths relative to the record, so an output directory
 * copied or moved elsewhere is judged by its own files (`unchangedOutputs`).
 */
export function outputStates(recordPath: string, outputs: readonly string[]): FileState[] {
  return fileStates(outputs).map((state) => ({ ...state, path: relative(dirname(recordPath), state.path) }));
}

/** Whether the outputs `outputStates(recordPath, ...)` recorded are as they were. */
export function unchangedOutputs(recordPath: string, states: readonly FileState[]): boolean {
  return unchangedFiles(states.map((state) => ({ ...state, path: resolve(dirname(recordPath), state.path) })));
}

/**
 * Writes the record at `path` (atomically, last: a stage stopped before has none). `inputs`: their states taken before
 * the stage read them; `outputs`: the files it wrote.
 */
export function recordStage(path: string, options: unknown, inputs: FileState[], outputs: readonly string[]): void {
  const record: StageRecord = {
    assay_version: ASSAY_VERSION,
    options: canonicalJson(options),
    inputs,
    outputs: outputStates(path, outputs),
  };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(record)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * The first of `inputs` (paths, in order) that is not as the stage recorded at `path` read it, or the first where the
 * list differs from the one it read; null when all are as they were, or when the stage left no record.
 */
export function changedInput(path: string, inputs: readonly string[]): string | null {
  const record = readRecord(path);
  if (record === null) return null;
  const now = fileStates(inputs);
  const length = Math.max(now.length, record.inputs.length);
  for (let i = 0; i < length; i++)
    if (canonicalJson(now[i] ?? null) !== canonicalJson(record.inputs[i] ?? null))
      return (now[i] ?? record.inputs[i])?.path ?? null;
  return null;
}

/** The options a stage recorded at `path`, or null when it recorded none (not run, or not finished). */
export function recordedOptions(path: string): unknown {
  const record = readRecord(path);
  try {
    return record === null ? null : JSON.parse(record.options);
  } catch {
    return null;
  }
}

/**
 * Whether the stage recorded at `path` ran with `options` on `inputs` (paths, in order) and every file it read and
 * wrote is still as it was then.
 */
export function unchangedStage(path: string, options: unknown, inputs: readonly string[]): boolean {
  const record = readRecord(path);
  if (record === null) return false;
  if (record.assay_version !== ASSAY_VERSION || record.options !== canonicalJson(options)) return false;
  if (!Array.isArray(record.inputs) || !Array.isArray(record.outputs)) return false;
  if (canonicalJson(record.inputs.map((input) => input.path)) !== canonicalJson(inputs)) return false;
  return unchangedFiles(record.inputs) && unchangedOutputs(path, record.outputs);
}

/** The record a stage left at `path`, or null when there is none that reads as JSON (not run, or not finished). */
function readRecord(path: string): StageRecord | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as StageRecord;
  } catch {
    return null;
  }
}
