// The profile stacks as pipeline steps and as `assay score` decisions.
import { describe, expect, it } from "vitest";
import { DATATROVE_FILTERS, decisions, filterStack, filterSteps } from "../../filters/stack.js";
import { type Doc, makeDoc } from "../../src/doc.js";
import type { StepContext } from "../../src/step.js";

async function* stream(docs: Doc[]): AsyncIterable<Doc> {
  yield* docs;
}

describe("stack", () => {
  it("decisions() gives every datatrove filter's verdict on the original text", () => {
    const row = decisions(makeDoc("d1", "Too short.", "t"));
    expect(Object.keys(row)).toEqual(["id", ...DATATROVE_FILTERS]);
    expect(row).toMatchObject({ id: "d1", gopher_quality: "gopher_short_doc", c4: "too_few_sentences" });
  });
  it("names unknown filters in the error", () => {
    expect(() => filterStack("web", ["gopher_quality", "nope"])).toThrow(/unknown filter "nope"/);
  });
  it("refuses a filter named twice, whose second verdict would hide the first under one name", () => {
    expect(() => filterStack("web", ["c4", "gopher_quality", "c4"])).toThrow(/filter "c4" is named twice/);
  });
  it("runs one step per filter, rejecting with the filter's name as the step (stage) and keeping scores", async () => {
    const steps = filterSteps("web", ["gopher_quality", "c4"]);
    expect(steps.map((s) => s.name)).toEqual(["gopher_quality", "c4"]);
    expect(steps[0]?.scoreNames).toContain("gopher_quality_mean_word_length");
    const rejected: Array<[string, string, string]> = [];
    const contextFor = (stage: string): StepContext => ({
      rank: 0,
      worldSize: 1,
      reject: async (doc, reason) => {
        rejected.push([stage, doc.id, reason]);
      },
      count: () => {},
    });
    const short = makeDoc("short", "Too short.", "t");
    let docs: AsyncIterable<Doc> = stream([short]);
    for (const step of steps) docs = step.run(docs, contextFor(step.name));
    const out: Doc[] = [];
    for await (const doc of docs) out.push(doc);
    expect(out).toEqual([]);
    expect(rejected).toEqual([["gopher_quality", "short", "gopher_short_doc"]]);
    expect(short.scores.gopher_quality_n_words).toBe(2);
  });
  it("keeps a filter's detail in the reject's metadata, beside the fields the record carried", async () => {
    const [step] = filterSteps("papers", ["ocr_quality"]);
    const scan = makeDoc("scan", "Read badly.", "t", { metadata: JSON.stringify({ url: "https://example.org/1" }) });
    scan.scores.ocr_quality = 0.2;
    const rejected: Doc[] = [];
    const ctx: StepContext = { rank: 0, worldSize: 1, reject: async (doc) => void rejected.push(doc), count: () => {} };
    for await (const _ of step?.run(stream([scan]), ctx) ?? []);
    expect(rejected).toEqual([scan]);
    expect(JSON.parse(scan.meta.metadata ?? "null")).toEqual({
      url: "https://example.org/1",
      reject_detail: "ocr_quality 0.2, under the minimum of 0.5",
    });
  });
  it("the papers profile lists its stack in order", () => {
    expect(filterStack("papers").map((f) => f.name)).toEqual([
      "ocr_quality",
      "language",
      "prose_shape",
      "scholarly",
      "gopher_repetition",
      "gopher_quality",
    ]);
  });
});
