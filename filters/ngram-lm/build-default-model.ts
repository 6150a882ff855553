// Rebuilds models/ngram-lm.bin, the default reference LM, from text whose licence allows redistribution: the
// docstrings of NumPy, SciPy, SymPy, NetworkX and mpmath (all BSD-3-Clause), i.e. mathematical and scientific
// prose written by their authors. Test folders and doctest examples are left out.
// Usage: node dist/filters/ngram-lm/build-default-model.js [SITE_PACKAGES] [OUT]
// (SITE_PACKAGES defaults to the one of `python3`; the shipped model was built from numpy 2.4.6, scipy 1.17.1,
// sympy 1.14.0, networkx 3.6.1, mpmath 1.3.0, sorted file order, first 12 MB of prose.)
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { trainNgramModel } from "./train.js";

export const REFERENCE_PACKAGES = ["numpy", "scipy", "sympy", "networkx", "mpmath"] as const;
export const REFERENCE_MAX_BYTES = 12_000_000;

/** Prose paragraphs of every docstring in a Python source file. */
export function docstringProse(source: string): string[] {
  const out: string[] = [];
  const re = /"""([\s\S]*?)"""/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const lines = (m[1] as string).split("\n").map((l) => l.trim());
    let para: string[] = [];
    let inExample = false;
    const flush = () => {
      const text = para.join(" ");
      if (text.split(" ").length >= 8 && /[a-z]/.test(text)) out.push(text);
      para = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const next = lines[i + 1] ?? "";
      if (line.startsWith(">>>")) inExample = true;
      if (line === "") {
        inExample = false;
        flush();
        continue;
      }
      // numpydoc section headings ("Parameters" over "----------") and parameter lines ("x : int").
      if (inExample || /^[-=~^]{3,}$/.test(line) || /^[-=~^]{3,}$/.test(next) || /^\w+\s:\s/.test(line)) {
        flush();
        continue;
      }
      para.push(line);
    }
    flush();
  }
  return out;
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      if (e.name !== "tests" && e.name !== "testing" && !e.name.startsWith("_vendor"))
        out.push(...pythonFiles(join(dir, e.name)));
    } else if (e.name.endsWith(".py")) out.push(join(dir, e.name));
  }
  return out;
}

/** One reference document per source file, at most REFERENCE_MAX_BYTES in all. */
export function referenceDocs(sitePackages: string): string[] {
  const docs: string[] = [];
  let bytes = 0;
  for (const pkg of REFERENCE_PACKAGES) {
    for (const file of pythonFiles(join(sitePackages, pkg))) {
      const prose = docstringProse(readFileSync(file, "utf8")).join("\n\n");
      if (prose.length === 0) continue;
      docs.push(prose);
      bytes += prose.length;
      if (bytes >= REFERENCE_MAX_BYTES) return docs;
    }
  }
  return docs;
}

/** The site-packages directory of `python3`, where the reference packages are installed. */
export function pythonSitePackages(): string {
  return execFileSync("python3", ["-c", "import numpy, os; print(os.path.dirname(os.path.dirname(numpy.__file__)))"], {
    encoding: "utf8",
  }).trim();
}

async function main(): Promise<void> {
  const site = process.argv[2] || pythonSitePackages();
  const out = process.argv[3] ?? "models/ngram-lm.bin";
  const docs = referenceDocs(site);
  const model = await trainNgramModel(() => docs);
  writeFileSync(out, model);
  const chars = docs.reduce((s, d) => s + d.length, 0);
  process.stdout.write(`${out}: ${model.byteLength} bytes from ${docs.length} docstring files, ${chars} chars\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
