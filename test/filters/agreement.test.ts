// The web-profile heuristics against datatrove 0.10's own decisions on the shared reference sets.
import { describe, expect, it } from "vitest";
import { DATATROVE_FILTERS, decisions, filterStack } from "../../filters/stack.js";
import { REFERENCE_SETS, referenceAvailable, referenceDecisions, referenceDocs } from "./reference-docs.js";

for (const set of REFERENCE_SETS) {
  describe.skipIf(!referenceAvailable(set))(`agreement with datatrove on ${set}`, () => {
    const filters = filterStack("web", DATATROVE_FILTERS);
    const ours = referenceDocs(set).map((doc) => decisions(doc, filters));
    const theirs = referenceDecisions(set);

    for (const name of DATATROVE_FILTERS) {
      it(`${name}: pass/fail agreement ≥ 99.5% and identical reasons where both drop`, () => {
        let agree = 0;
        const reasonMismatches: string[] = [];
        for (const row of ours) {
          const reference = theirs.get(row.id)?.[name];
          expect(reference, `${row.id} missing from the reference`).toBeDefined();
          const ourVerdict = row[name] as string;
          if ((ourVerdict === "pass") === (reference === "pass")) agree++;
          if (ourVerdict !== "pass" && reference !== "pass" && ourVerdict !== reference) {
            reasonMismatches.push(`${row.id}: ${ourVerdict} vs ${reference}`);
          }
        }
        expect(ours.length).toBe(theirs.size);
        expect(agree / ours.length).toBeGreaterThanOrEqual(0.995);
        expect(reasonMismatches).toEqual([]);
      });
    }
  });
}

if (!REFERENCE_SETS.some(referenceAvailable)) {
  it.skip("agreement: ../shared/reference is absent, nothing to compare with", () => {});
}
