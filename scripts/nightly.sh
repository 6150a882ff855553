#!/usr/bin/env bash
# Nightly ingestion: tonight's drop folder through assay, deduplicated against everything published on earlier
# nights (the persistent index), ranked. For cron: silent when all went well, one line per problem on stderr.
#
#   scripts/nightly.sh DROP STATE NIGHT [WORLD_SIZE]
#
#   DROP        tonight's drop folder (PDFs; JSONL or Parquet too), walked recursively
#   STATE       the lab's state directory:
#                 STATE/index               the dedup index, one generation per night
#                 STATE/work/NIGHT/stream   ingest, filters, density (its rejects: broken files, filtered text)
#                 STATE/work/NIGHT/dedup    dedup against the index (its rejects: duplicates, with duplicate_of)
#                 STATE/published/NIGHT     tonight's new documents, ranked: data/, manifest.json, stats.json, ...
#                 STATE/published/NIGHT.json   the night's figures for a dashboard (files in, rejects by reason,
#                                           duplicates, kept per tier) and the earlier nights' documents tonight's
#                                           replace (superseded: how many; supersessions: {id, superseded_by,
#                                           generation} each)
#   NIGHT       a name used once, e.g. $(date +%F). It begins the ids of the night's PDFs (NIGHT/name: a file name
#               sent again on another night is another paper's id; records keep their own ids). Running a night
#               again resumes it; files that changed since (one still being written) are read again and the night's
#               generation of the index is replaced. Do not reuse a name for another night's files: that replaces
#               the earlier night.
#   WORLD_SIZE  ranks run side by side on this machine (default 1)
#
# Environment: ASSAY (default: this checkout's bin/assay.js), ASSAY_FLAGS (more flags for the first pass, e.g.
# "--ocr never --workers 2" or "--config lab.json"; the later passes take the config it recorded, flags and file).
# Exit status: 0 when the night is published (rejects are normal; an empty drop folder publishes nothing), 2 for a
# usage mistake (a night resumed with another WORLD_SIZE or ASSAY_FLAGS than it ran with too), assay's status otherwise.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: nightly.sh DROP STATE NIGHT [WORLD_SIZE]" >&2
  exit 2
fi
world=${4:-1}
if ! [[ $world =~ ^[1-9][0-9]*$ ]]; then
  echo "nightly.sh: WORLD_SIZE must be a positive whole number, not \"$world\"" >&2
  exit 2
fi
if ! [ -d "$1" ]; then
  echo "nightly.sh: drop folder $1 does not exist" >&2
  exit 1
fi
night=$3
mkdir -p "$2/work" "$2/published"
# Absolute paths: assay pins the index path of a night's dedup, and cron's working directory may differ.
drop=$(cd "$1" && pwd)
state=$(cd "$2" && pwd -P)
here=$(cd "$(dirname "$0")/.." && pwd)
read -r -a assay <<<"${ASSAY:-node $here/bin/assay.js}"
read -r -a flags <<<"${ASSAY_FLAGS:-}"
work=$state/work/$night
pub=$state/published/$night
index=$state/index
mkdir -p "$work"

# One run of a night at a time (a rerun started by hand while cron's is still going); a run killed a moment ago may
# still hold the lock while its processes exit, so wait a little.
exec 9>"$work/.lock"
if ! flock -w 30 9; then
  echo "nightly.sh: night $night is already running (lock $work/.lock)" >&2
  exit 1
fi

# A night whose work files were removed after it published would be deduplicated against its own generation and
# publish nothing: its generation must go first.
if [ ! -e "$work/dedup/dedup/publisher-token.txt" ]; then
  for generation in $(grep -lsF "\"work\":\"$work/dedup/dedup\"" "$index"/gen-*/publisher.json); do
    echo "nightly.sh: night $night published $(dirname "$generation") before its work files were removed; remove that generation to run the night again" >&2
    exit 1
  done
fi

# A night resumed with another WORLD_SIZE or ASSAY_FLAGS: assay refuses its --out with its own flags' names, which
# are not what the cron line sets. Said here in this script's words, from what the night's first pass began with.
ran_with="WORLD_SIZE $world, ASSAY_FLAGS \"${flags[*]}\""
if [ ! -d "$work/stream" ]; then
  printf '%s\n' "$ran_with" >"$work/ran-with.tmp" && mv "$work/ran-with.tmp" "$work/ran-with"
elif [ -f "$work/ran-with" ] && [ "$(cat "$work/ran-with")" != "$ran_with" ]; then
  echo "nightly.sh: night $night ran with $(cat "$work/ran-with"), not $ran_with: run it again with those" >&2
  exit 2
fi

# Nothing arrived tonight: nothing to publish, and nothing wrong. The names are those a folder's walk reads (kindOf in
# src/io/inputs.ts): a drop of .ndjson or .json.gz records alone was once taken for an empty night.
if [ -z "$(find "$drop" -type f \( -iname '*.pdf' -o -iname '*.pdf.gz' -o -iname '*.parquet' \
  -o -iname '*.jsonl' -o -iname '*.jsonl.gz' -o -iname '*.jsonl.zst' \
  -o -iname '*.ndjson' -o -iname '*.ndjson.gz' -o -iname '*.ndjson.zst' -o -iname '*.json.gz' -o -iname '*.json.zst' \) \
  ! -path '*/.*' -print -quit)" ]; then
  exit 0
fi

# Runs one command per rank side by side; fails when any rank fails. Ranks meeting one problem (a full disk, a
# refused --out) each say so: their lines pass through a filter that drops a line said before, so cron mails it once.
# A pipe, not a file: the disk may be the problem.
ranks() {
  local pids=() status=0 r
  {
    for ((r = 0; r < world; r++)); do
      "$@" --rank "$r" --world-size "$world" &
      pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  } 2> >(awk '!seen[$0]++ { print; fflush() }' >&2)
  return "$status"
}

# The passes after the first run with the config the first one recorded (its flags and its --config file's settings),
# as assay run chains its own passes: a config file's dedup and rank settings are applied, and the published
# manifest and every row name the night's whole config, not the defaults. Written only when it changed, as the
# night's figures are: a night run again leaves its files as they were. Sets the arguments for the pass writing $2
# in the array named $1: none where that pass already wrote under another config (a night begun by a nightly.sh that
# did not pass the config on, which assay would refuse to resume with it).
later_config() {
  local path
  path=$(node --input-type=module -e '
    import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
    import { join } from "node:path";
    const [manifest, out, passOut] = process.argv.slice(1);
    const first = JSON.parse(readFileSync(manifest, "utf8"));
    const ranks = join(passOut, "ranks");
    const rankManifests = existsSync(ranks) ? readdirSync(ranks).filter((f) => /^manifest-\d+\.json$/.test(f)) : [];
    // A manifest cut short by a crash is none, as assay reads it.
    const hashOf = (path) => {
      try {
        return JSON.parse(readFileSync(path, "utf8")).config_hash;
      } catch {
        return first.config_hash;
      }
    };
    const written = [join(passOut, "manifest.json"), ...rankManifests.map((f) => join(ranks, f))]
      .filter((path) => existsSync(path))
      .map(hashOf);
    if (written.some((hash) => hash !== first.config_hash)) process.exit(0);
    const text = `${JSON.stringify(first.config, null, 2)}\n`;
    if (!existsSync(out) || readFileSync(out, "utf8") !== text) {
      writeFileSync(`${out}.tmp`, text);
      renameSync(`${out}.tmp`, out);
    }
    process.stdout.write(out);
  ' "$work/stream/manifest.json" "$work/config.json" "$2")
  local -n args=$1
  args=()
  if [ -n "$path" ]; then args=(--config "$path"); fi
}

if [ "$world" -eq 1 ]; then
  "${assay[@]}" run "$drop" --out "$work/stream" --id-prefix "$night/" --no-dedup --no-rank --no-report --quiet \
    "${flags[@]}"
  later_config dedup_config "$work/dedup"
  "${assay[@]}" dedup "$work/stream" --out "$work/dedup" --index "$index" "${dedup_config[@]}" --no-report --quiet
  later_config rank_config "$pub"
  "${assay[@]}" rank "$work/dedup" --out "$pub" "${rank_config[@]}" --quiet
else
  ranks "${assay[@]}" run "$drop" --out "$work/stream" --id-prefix "$night/" --no-dedup --no-rank --no-report \
    --quiet "${flags[@]}"
  later_config dedup_config "$work/dedup"
  for stage in signatures buckets; do
    ranks "${assay[@]}" dedup "$work/stream" --out "$work/dedup" --index "$index" --stage "$stage" \
      "${dedup_config[@]}" --quiet
  done
  "${assay[@]}" dedup "$work/stream" --out "$work/dedup" --index "$index" --stage clusters --input-ranks "$world" \
    "${dedup_config[@]}" --quiet
  ranks "${assay[@]}" dedup "$work/stream" --out "$work/dedup" --index "$index" --stage apply --no-report \
    "${dedup_config[@]}" --quiet
  later_config rank_config "$pub"
  ranks "${assay[@]}" rank "$work/dedup" --out "$pub" --stage sketch "${rank_config[@]}" --quiet
  ranks "${assay[@]}" rank "$work/dedup" --out "$pub" --stage apply "${rank_config[@]}" --quiet
fi

# The night's figures, from the three outputs' stats.json: every input file is in one of them.
node --input-type=module - "$work/stream" "$work/dedup" "$pub" "$pub.json" <<'EOF'
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
const [stream, dedup, pub, out] = process.argv.slice(2);
const stats = (dir) => JSON.parse(readFileSync(`${dir}/stats.json`, "utf8"));
const reasons = (...outputs) => {
  const all = {};
  for (const s of outputs)
    for (const step of s.steps)
      for (const [reason, n] of Object.entries(step.reject_reasons)) all[reason] = (all[reason] ?? 0) + n;
  return all;
};
const [a, b, c] = [stream, dedup, pub].map(stats);
const rank = c.steps.find((s) => s.name === "rank")?.counters ?? {};
const tiers = Object.fromEntries(
  Object.entries(rank).flatMap(([k, n]) => (k.startsWith("tier:") ? [[k.slice(5), n]] : [])),
);
// The earlier nights' documents tonight's replace (a dedup of an older assay wrote no list: none).
const supersededPath = `${dedup}/superseded.jsonl`;
const superseded = (existsSync(supersededPath) ? readFileSync(supersededPath, "utf8") : "")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line));
// Dedup's rejects are duplicates of a published or kept copy, but for records under an id published before
// (`duplicate_id`: other text, or a copy sent again under its id): those are rejects like the others.
const { duplicate: duplicates = 0, ...dedupRejects } = reasons(b);
const rejected = reasons(a, c);
for (const [reason, n] of Object.entries(dedupRejects)) rejected[reason] = (rejected[reason] ?? 0) + n;
const summary = {
  files: a.steps[0].counters.input_files ?? 0,
  documents: a.counts.in,
  rejected,
  duplicates,
  published: c.counts.kept,
  superseded: superseded.length,
  supersessions: superseded,
  tiers,
};
// Written only when it changed: a night run again over finished work leaves every file as it was.
const text = `${JSON.stringify(summary, null, 2)}\n`;
if (!existsSync(out) || readFileSync(out, "utf8") !== text) {
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
}
EOF
