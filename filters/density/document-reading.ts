// What only a whole document shows, gathered from its chunks as the scorer reads them in turn (no second pass over
// the text): its order (order.ts DocumentOrder), its repeats (document-repeats.ts) and how its paragraphs and the
// sentences of each follow from one another (paragraph-adjacency.ts, sentence-adjacency.ts).
import type { Tokens } from "../ngram-lm/tokens.js";
import { DocumentRepeats } from "./document-repeats.js";
import { DocumentOrder, type Order } from "./order.js";
import { DocumentParagraphs } from "./paragraph-adjacency.js";
import { DocumentSentences } from "./sentence-adjacency.js";

export interface DocumentSignals {
  order: Order;
  /** Share of the document's 12-word runs that repeat an earlier prose run (DocumentRepeats). */
  repeats: number;
  /** Adjacent paragraphs' overlap over far ones' (DocumentParagraphs); NaN for a document of few paragraphs. */
  paragraphLift: number;
  /** Adjacent sentences' overlap over far ones' within paragraphs (DocumentSentences); NaN for few sentences. */
  sentenceLift: number;
}

export class DocumentReading {
  readonly order = new DocumentOrder();
  readonly repeats = new DocumentRepeats();
  readonly paragraphs = new DocumentParagraphs();
  readonly sentences = new DocumentSentences();

  /** Reads one chunk's tokens and their tokenLists (order reads its own, with the chunk's text). */
  add(tokens: Tokens, lists: Uint32Array): void {
    this.repeats.add(tokens);
    this.paragraphs.add(tokens, lists);
    this.sentences.add(tokens, lists);
  }

  /** The signals of the chunks read so far. */
  get signals(): DocumentSignals {
    return {
      order: this.order.order,
      repeats: this.repeats.share,
      paragraphLift: this.paragraphs.lift,
      sentenceLift: this.sentences.lift,
    };
  }
}
