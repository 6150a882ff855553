// A filter gamed: a connective phrase put before every sentence of a text. Made in the tests, never fitted on.
import { seededRandom } from "../../../src/seeded-random.js";

const CONNECTIVES = ["Therefore, we show that", "Hence, it follows that", "Moreover, we prove that", "Thus,"];

/** `text` with a connective drawn at random before each sentence that opens with a capital and a lower-case letter. */
export function stuffOpeners(text: string, seed: number): string {
  const random = seededRandom(seed);
  return text.replace(
    /(^|[.!?]\s+)([A-Z])([a-z])/g,
    (_, stop: string, first: string, next: string) =>
      `${stop}${CONNECTIVES[Math.floor(random() * CONNECTIVES.length)]} ${first.toLowerCase()}${next}`,
  );
}
