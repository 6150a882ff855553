import { describe, expect, it } from "vitest";
import {
  PAGE_DECISION_DEFAULTS as D,
  decidePageOcr,
  knownWordShare,
  letterBits,
  type PageEvidence,
  textEvidence,
} from "../../../ingest/ocr/page-decision.js";

const prose = (n: number) => "a".repeat(n);
const evidence = (text: string, imageCoverage: number): PageEvidence => ({
  ...textEvidence([text]),
  knownWordShare: knownWordShare([text], D.minWordsToJudge),
  letterBits: letterBits([text], D),
  imageCoverage,
});

describe("textEvidence", () => {
  it("counts letters and digits of any script, unmapped glyphs, and skips whitespace", () => {
    expect(textEvidence(["Ab é\u0416 1+\uFFFD\uE001\u0001", "\u03b1\u0663"])).toEqual({
      visibleChars: 11,
      letters: 5,
      digits: 2,
      unmapped: 3,
      dots: 0,
    });
    expect(textEvidence(["a. b\u2026\u00b7\u2024\u2025"]).dots).toBe(5);
  });
});

describe("decidePageOcr", () => {
  it("OCRs a page that is one big image with at most a stamp of text", () => {
    expect(decidePageOcr(evidence(prose(D.maxStampChars - 1), D.minImageCoverage), "auto")).toEqual({
      ocr: true,
      reason: "image_only",
    });
    expect(decidePageOcr(evidence(prose(D.maxStampChars), D.minImageCoverage), "auto").ocr).toBe(false);
    expect(decidePageOcr(evidence("", D.minImageCoverage - 0.01), "auto")).toEqual({
      ocr: false,
      reason: "empty_page",
    });
  });

  it("OCRs a text layer of unmapped glyphs or symbol soup, but only once there is enough of it to judge", () => {
    const n = D.minCharsToJudge;
    const unmappedOver = Math.floor(n * D.maxUnmappedShare) + 1;
    const broken = "\uFFFD".repeat(unmappedOver) + prose(n - unmappedOver);
    expect(decidePageOcr(evidence(broken, 0), "auto")).toEqual({ ocr: true, reason: "garbage_unmapped" });
    const atLimit = "\uFFFD".repeat(Math.floor(n * D.maxUnmappedShare)) + prose(n - Math.floor(n * D.maxUnmappedShare));
    expect(decidePageOcr(evidence(atLimit, 0), "auto").ocr).toBe(false);
    const lettersUnder = Math.ceil(n * D.minLetterShare) - 1;
    expect(decidePageOcr(evidence(prose(lettersUnder) + "∑".repeat(n - lettersUnder), 0), "auto")).toEqual({
      ocr: true,
      reason: "garbage_symbols",
    });
    expect(decidePageOcr(evidence(prose(lettersUnder + 1) + "∑".repeat(n - lettersUnder - 1), 0), "auto").ocr).toBe(
      false,
    );
    expect(decidePageOcr(evidence("∑".repeat(n - 1), 0), "auto").ocr).toBe(false);
    // A results table: few letters, many numbers; a text layer worth keeping.
    const table = `${"0.93 81.2 76.4 ".repeat(8)}BLEU ROUGE`;
    expect(decidePageOcr(evidence(table, 0), "auto")).toEqual({ ocr: false, reason: "text_layer" });
  });

  it("leaves an index's leader dots out of the letter share: short entries with long leaders are a text layer", () => {
    // A real manual's index page (GNU libtasn1): six to eight dots for every letter of an entry's name and page.
    const index = Array.from({ length: 8 }, (_, i) => `asn1_node${i} ${". ".repeat(30)}${i + 10}`).join("\n");
    expect(decidePageOcr(evidence(index, 0), "auto")).toEqual({ ocr: false, reason: "text_layer" });
    // Dots do not hide symbol soup, and dots alone are too few chars to judge.
    const soup = `${prose(10)}${"∑".repeat(D.minCharsToJudge)}${".".repeat(200)}`;
    expect(decidePageOcr(evidence(soup, 0), "auto")).toEqual({ ocr: true, reason: "garbage_symbols" });
    expect(decidePageOcr(evidence(".".repeat(500), 0), "auto")).toEqual({ ocr: false, reason: "text_layer" });
  });

  it("obeys always and never", () => {
    expect(decidePageOcr(evidence("the model learns quickly ".repeat(25), 0), "always")).toEqual({
      ocr: true,
      reason: "forced",
    });
    expect(decidePageOcr(evidence("", 1), "never")).toEqual({ ocr: false, reason: "ocr_disabled" });
    expect(decidePageOcr(evidence("the model learns quickly ".repeat(25), 0), "never")).toEqual({
      ocr: false,
      reason: "text_layer",
    });
  });
});

describe("a text layer of words no lexicon knows", () => {
  // Spelt as words are (the character model finds them plausible), but in no language the lexicon knows.
  const garbage = Array.from({ length: 60 }, (_, i) => `${["bor", "tave", "mund", "sel"][i % 4]}ish`).join(" ");
  const french =
    "La théorie des probabilités est une branche des mathématiques qui étudie les phénomènes aléatoires. Dans cet " +
    "article, nous présentons une nouvelle méthode pour estimer les paramètres du modèle à partir des données " +
    "observées, et nous montrons que cette méthode converge rapidement vers la solution optimale lorsque le nombre " +
    "d'observations augmente. Les résultats expérimentaux confirment notre analyse théorique.";

  it("is OCR'd over a scan, kept on a born-digital page, and another language's words are no garbage", () => {
    expect(decidePageOcr(evidence(garbage, D.minImageCoverage), "auto")).toEqual({
      ocr: true,
      reason: "garbage_words",
    });
    expect(decidePageOcr(evidence(garbage, 0), "auto")).toEqual({ ocr: false, reason: "text_layer" });
    expect(decidePageOcr(evidence(garbage, 1), "never")).toEqual({ ocr: false, reason: "ocr_disabled" });
    expect(knownWordShare([french], D.minWordsToJudge)).toBeGreaterThan(D.minKnownWordShare);
    expect(decidePageOcr(evidence(french, 1), "auto")).toEqual({ ocr: false, reason: "text_layer" });
    // Too few words to judge.
    expect(knownWordShare([garbage.slice(0, 100)], D.minWordsToJudge)).toBeNull();
  });
});

describe("a text layer whose letters follow each other as in no language", () => {
  const prose: Record<string, string> = {
    english:
      "We study the convergence of stochastic gradient descent on overparameterized neural networks and show that " +
      "the training loss decreases at a linear rate when the width of the hidden layer is large enough. Our analysis " +
      "relies on the observation that the neural tangent kernel remains close to its initial value throughout training.",
    german:
      "Wir untersuchen die Konvergenz des stochastischen Gradientenverfahrens für überparametrisierte neuronale Netze " +
      "und zeigen, dass der Trainingsfehler linear abnimmt, sobald die verborgene Schicht breit genug ist. Unsere " +
      "Analyse beruht auf der Beobachtung, dass der Kern während des gesamten Trainings nahe seinem Anfangswert bleibt.",
    polish:
      "Badamy zbieżność stochastycznego spadku gradientu dla nadmiernie sparametryzowanych sieci neuronowych i " +
      "pokazujemy, że błąd uczenia maleje liniowo, gdy warstwa ukryta jest wystarczająco szeroka. Nasza analiza " +
      "opiera się na obserwacji, że jądro styczne pozostaje bliskie swojej wartości początkowej przez cały trening.",
    spanish:
      "Estudiamos la convergencia del descenso de gradiente estocástico en redes neuronales sobreparametrizadas y " +
      "mostramos que la pérdida de entrenamiento disminuye a un ritmo lineal cuando la capa oculta es suficientemente " +
      "ancha. Nuestro análisis se basa en la observación de que el núcleo tangente permanece cerca de su valor inicial.",
  };
  /** What pdf.js reads from a composite font in the standard glyph order without a map: each code 29 down. */
  const shifted = (text: string) =>
    [...text].map((c) => (c.charCodeAt(0) - 29 >= 32 ? String.fromCharCode(c.charCodeAt(0) - 29) : "")).join("");

  it("is OCR'd on any page, born-digital too, in every language so garbled", () => {
    for (const [language, text] of Object.entries(prose)) {
      const garbled = shifted(text);
      expect(letterBits([garbled], D), language).toBeGreaterThan(D.maxLetterBits);
      expect(decidePageOcr(evidence(garbled, 0), "auto"), language).toEqual({ ocr: true, reason: "garbage_letters" });
      expect(decidePageOcr(evidence(garbled, 0), "never"), language).toEqual({ ocr: false, reason: "ocr_disabled" });
    }
  });

  it("keeps real prose in languages written in Latin letters, well under the limit", () => {
    for (const [language, text] of Object.entries(prose)) {
      expect(letterBits([text], D), language).toBeLessThan(D.maxLetterBits - 1);
      expect(decidePageOcr(evidence(text, 0), "auto"), language).toEqual({ ocr: false, reason: "text_layer" });
    }
  });

  it("does not judge other scripts, nor too few letters", () => {
    const russian =
      "Мы изучаем сходимость стохастического градиентного спуска для переопределённых нейронных сетей и показываем, " +
      "что ошибка обучения убывает линейно, когда скрытый слой достаточно широк, потому что ядро остаётся близким.";
    const vietnamese =
      "Chúng tôi nghiên cứu sự hội tụ của phương pháp giảm độ dốc ngẫu nhiên trên các mạng nơ-ron quá tham số hóa và " +
      "chỉ ra rằng sai số huấn luyện giảm tuyến tính khi lớp ẩn đủ rộng, vì nhân tiếp tuyến gần như không đổi.";
    expect(letterBits([russian], D)).toBeNull();
    expect(letterBits([vietnamese], D)).toBeNull();
    expect(letterBits([shifted(prose.english as string).slice(0, 150)], D)).toBeNull();
  });
});
