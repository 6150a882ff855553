// What only a whole document shows, gathered from its chunks as the scorer reads them in turn (no second pass over
// the text): its order (order.ts DocumentOrder) and its repeats (document-repeats.ts).
import { DocumentRepeats } from "./document-repeats.js";
import { DocumentOrder, type Order } from "./order.js";

export interface DocumentSignals {
  order: Order;
  /** Share of the document's 12-word runs that repeat an earlier prose run (DocumentRepeats). */
  repeats: number;
}

export class DocumentReading {
  readonly order = new DocumentOrder();
  readonly repeats = new DocumentRepeats();

  /** The signals of the chunks read so far. */
  get signals(): DocumentSignals {
    return { order: this.order.order, repeats: this.repeats.share };
  }
}
