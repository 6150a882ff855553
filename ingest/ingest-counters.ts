// Counters of the ingest step that a command's summary reads, without loading the ingest step (pdf.js, OCR).

/** The counter of PDFs whose extraction a killed run of this rank had saved (extraction-cache.ts). */
export const INPUT_FILES_RESUMED = "input_files_resumed";

/** Prefix of the counters of characters left out as no reader sees them, one per why (visible-text.ts's HiddenBy). */
export const HIDDEN_CHARS_COUNTER = "hidden_chars:";
