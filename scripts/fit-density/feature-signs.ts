// The sign each feature's weight may take in every detector (0: either).
import { DENSITY_FEATURES } from "../../filters/density/features.js";

/**
 * Penalties may only lower density and coherence evidence only raise it, whatever the detector: otherwise e.g.
 * the Markov detector learns "real text has stray heading lines and list items" (its output has none), an
 * artefact of our generators that would reward layout debris.
 */
const PENALTIES = new Set<string>([
  "density_boilerplate",
  "density_lists",
  "density_stray_lines",
  "density_ocr_noise",
  "density_duplicate_lines",
  "density_unbalanced",
  "density_burstiness",
  "density_unlinked_openers",
  "density_verbless",
  "density_broken_words",
  "density_second_person",
  "density_code_tokens",
  "density_unknown_words",
  "density_repeated_phrases",
  "density_syntax_unseen",
  "density_echoes",
  "density_repeated_frames",
  "density_letter_spacing",
  "density_lost_ligatures",
  "density_first_person_singular",
  "density_reported_speech",
  "density_near_misses",
  "density_dangling_ends",
  "density_misjoined_sentences",
  "density_stop_grammar",
  "density_sentence_clustering",
  "density_implausible_words",
  "density_stranded_stems",
  "density_furniture_blocks",
  "density_stacked_verbs",
  "density_forward_references",
  "density_paragraph_openers",
  "density_order_breaks",
]);
const EVIDENCE = new Set<string>([
  "density_continuity",
  "density_adjacency_lift",
  "density_citations",
  "density_claims",
  "density_linked",
  "density_stem_reuse",
  "density_syntax",
  "density_line_joins",
  "density_cross_references",
  "density_parentheses",
  "density_authorial_we",
  "density_back_references",
  "density_given_new",
  "density_sentence_chaining",
]);
export const SIGNS = DENSITY_FEATURES.map((f) => (PENALTIES.has(f) ? -1 : EVIDENCE.has(f) ? 1 : 0));
