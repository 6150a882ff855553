// spaCy 3's English tokenizer exceptions (lang/tokenizer_exceptions.py + lang/en/tokenizer_exceptions.py), generated
// by the same rules: a special-case string maps to the lengths of the tokens it splits into (their texts always
// concatenate back to the string).
const table = new Map<string, number[]>();

function add(...pieces: string[]): void {
  table.set(
    pieces.join(""),
    pieces.map((p) => p.length),
  );
}
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const bothCases = (s: string) => [s, title(s)];

// Base exceptions shared by all languages.
for (const orth of ["'", '\\")', "<space>", "''", "C++", "\\t", "\\n", "\u2014", "\u00a0"]) add(orth);
for (const c of "abcdefghijklmnopqrstuvwxyzäöü") add(`${c}.`);
const EMOTICONS = `:) :-) :)) :-)) :))) :-))) (: (-: =) (= ") :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-;
:( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p :-p :O :-O :o :-o
:0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.<
._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^)
(-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>`;
for (const e of EMOTICONS.split(/\s+/)) if (e) add(e);

// Pronoun contractions.
for (const p of bothCases("i")) {
  add(p, "'m");
  add(p, "m");
  add(p, "'m", "a");
  add(p, "m", "a");
}
for (const pron of ["i", "you", "he", "she", "it", "we", "they"]) {
  for (const p of bothCases(pron)) {
    add(p, "'ll");
    add(p, "ll");
    add(p, "'ll", "'ve");
    add(p, "ll", "ve");
    add(p, "'d");
    add(p, "d");
    add(p, "'d", "'ve");
    add(p, "d", "ve");
  }
}
for (const pron of ["i", "you", "we", "they"]) {
  for (const p of bothCases(pron)) {
    add(p, "'ve");
    add(p, "ve");
  }
}
for (const pron of ["you", "we", "they"]) {
  for (const p of bothCases(pron)) {
    add(p, "'re");
    add(p, "re");
  }
}
for (const pron of ["he", "she", "it"]) {
  for (const p of bothCases(pron)) {
    add(p, "'s");
    add(p, "s");
  }
}

// W-words, relative pronouns and demonstratives.
const SINGULAR = new Set(["that", "this"]);
const PLURAL = new Set(["these", "those"]);
for (const word of ["who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those"]) {
  for (const w of bothCases(word)) {
    if (!PLURAL.has(word)) {
      add(w, "'s");
      add(w, "s");
    }
    add(w, "'ll");
    add(w, "ll");
    add(w, "'ll", "'ve");
    add(w, "ll", "ve");
    if (!SINGULAR.has(word)) {
      add(w, "'re");
      add(w, "re");
      add(w, "'ve");
      add(w, "ve");
    }
    add(w, "'d");
    add(w, "d");
    add(w, "'d", "'ve");
    add(w, "d", "ve");
  }
}

// Verbs with n't.
for (const verb of ["ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha"].concat([
  "should",
  "wo",
  "would",
])) {
  for (const v of bothCases(verb)) {
    add(v, "n't");
    add(v, "nt");
    add(v, "n't", "'ve");
    add(v, "nt", "ve");
  }
}
for (const verb of ["could", "might", "must", "should", "would"]) {
  for (const v of bothCases(verb)) {
    add(v, "'ve");
    add(v, "ve");
  }
}
for (const verb of ["ai", "are", "is", "was", "were", "have", "has", "dare"]) {
  for (const v of bothCases(verb)) {
    add(v, "n't");
    add(v, "nt");
  }
}

// Dropped letters.
for (const word of ["doin", "goin", "nothin", "nuthin", "ol", "somethin"]) {
  for (const w of bothCases(word)) {
    add(w);
    add(`${w}'`);
  }
}
for (const word of ["em", "ll", "nuff"]) {
  add(word);
  add(`'${word}`);
}

// Times.
for (let h = 1; h <= 12; h++) {
  for (const period of ["a.m.", "am", "p.m.", "pm"]) add(String(h), period);
}

// The rest.
add("y'", "all");
add("y", "all");
add("how", "'d", "'y");
add("How", "'d", "'y");
add("not", "'ve");
add("not", "ve");
add("Not", "'ve");
add("Not", "ve");
add("can", "not");
add("Can", "not");
add("gon", "na");
add("Gon", "na");
add("got", "ta");
add("Got", "ta");
add("let", "'s");
add("Let", "'s");
add("c'm", "on");
add("C'm", "on");

const SINGLE_TOKENS = `'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am
o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin' goin Goin Mt. Ak.
Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky.
La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep.
Sept. Tenn. Va. Wash. Wis. 'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr.
Ltd. Md. Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.`;
for (const orth of SINGLE_TOKENS.split(/\s+/)) if (orth) add(orth);

// Words that look like contractions but are ordinary words.
for (const word of [
  "Ill",
  "ill",
  "Its",
  "its",
  "Hell",
  "hell",
  "Shell",
  "shell",
  "Shed",
  "shed",
  "were",
  "Were",
].concat(["Well", "well", "Whore", "whore"])) {
  table.delete(word);
}

/** Special-case string → lengths of the tokens it becomes. */
export const SPECIAL_CASES: ReadonlyMap<string, readonly number[]> = table;
