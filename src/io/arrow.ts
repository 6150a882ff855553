// apache-arrow, loaded from the package's one-file build. Its ESM entry imports 146 modules: ~0.2 CPU s in every
// process and every thread that reads or writes a shard, more than the whole of a usage error otherwise costs. The
// one-file build is the same version's code, minified, with the same exports (~0.04 s).
import { createRequire } from "node:module";
import type * as Arrow from "apache-arrow";

export const arrow = createRequire(import.meta.url)("apache-arrow/Arrow.esnext.min") as typeof Arrow;
