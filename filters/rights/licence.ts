// Licence names as SPDX identifiers, so a selection compares like with like: arXiv's metadata gives Creative
// Commons URLs ("http://creativecommons.org/licenses/by/4.0/"), users write "CC-BY-4.0" or "cc-by-4.0".

/** arXiv's default licence: arXiv may distribute the paper; nobody else is granted anything. */
export const ARXIV_NONEXCLUSIVE = "LicenseRef-arXiv-nonexclusive-distrib-1.0";
/** Creative Commons' retired public-domain certification and the Public Domain Mark (no SPDX identifier). */
export const PUBLIC_DOMAIN = "LicenseRef-public-domain";

/**
 * `--licenses open`: licences that allow copying, changing and redistributing for any purpose, with attribution at
 * most (share-alike for BY-SA): the Open Definition's conformant licences among those arXiv offers. Not legal advice.
 */
export const OPEN_LICENCES: readonly string[] = [
  "CC-BY-4.0",
  "CC-BY-3.0",
  "CC-BY-SA-4.0",
  "CC-BY-SA-3.0",
  "CC0-1.0",
  PUBLIC_DOMAIN,
];

// A URL is read whole, from its scheme to its end: a licence URL inside other text ("... except figures 2-4", a
// mirror's path) or a ported licence ("by/3.0/igo/", "by/2.0/uk/", licences of their own) is not the licence itself,
// and becomes an unknown name that no selection allows unless it names it.
const URL_HEAD = String.raw`^(?:https?:\/\/)?(?:www\.)?`;
/** A deed or the legal code in some language: "deed.en", "legalcode", "legalcode.de". */
const URL_TAIL = String.raw`\/?(?:(?:deed|legalcode)(?:\.[a-z_-]+)?)?\/?$`;
const CC_URL = new RegExp(
  String.raw`${URL_HEAD}creativecommons\.org\/licenses\/(by(?:-(?:nc|nd|sa))*)\/(\d\.\d)${URL_TAIL}`,
  "i",
);
const CC0_URL = new RegExp(String.raw`${URL_HEAD}creativecommons\.org\/publicdomain\/zero\/1\.0${URL_TAIL}`, "i");
const PUBLIC_DOMAIN_URL = new RegExp(
  String.raw`${URL_HEAD}creativecommons\.org\/(?:licenses|publicdomain)\/(?:publicdomain|mark\/1\.0)${URL_TAIL}`,
  "i",
);
const ARXIV_URL = new RegExp(String.raw`${URL_HEAD}arxiv\.org\/licenses\/nonexclusive-distrib\/1\.0\/?$`, "i");
/** "CC-BY-4.0" as SPDX writes it, and as people do: "CC BY 4.0", "CC BY-SA 4.0", "cc_by_nc_4.0". */
const CC_SPDX = /^cc[-\s_]+(by(?:[-\s_]+(?:nc|nd|sa))*)[-\s_]+(\d\.\d)$/i;
/** Words a dump writes where it has no licence: none is known, as for an empty field. */
const NO_LICENCE = new Set(["unknown", "none", "null", "n/a", "na", "undefined", "-"]);

/** The SPDX identifier of a licence URL or name; unknown names come back trimmed, empty ones as null. */
export function normaliseLicence(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? "";
  const lower = value.toLowerCase();
  if (value === "" || NO_LICENCE.has(lower)) return null;
  const cc = CC_URL.exec(value) ?? CC_SPDX.exec(value);
  if (cc) return `CC-${(cc[1] as string).toUpperCase().replace(/[\s_-]+/g, "-")}-${cc[2]}`;
  const joined = lower.replace(/[\s_-]+/g, "-");
  if (CC0_URL.test(value) || joined === "cc0-1.0" || joined === "cc0") return "CC0-1.0";
  if (PUBLIC_DOMAIN_URL.test(value) || joined === "public-domain" || joined === "publicdomain") return PUBLIC_DOMAIN;
  if (ARXIV_URL.test(value)) return ARXIV_NONEXCLUSIVE;
  return value;
}

const OPEN: ReadonlySet<string> = new Set(OPEN_LICENCES);

/** Whether a licence, as its SPDX id (normaliseLicence), is one of OPEN_LICENCES; null (none known) is not. */
export function isOpenLicence(id: string | null): boolean {
  return id !== null && OPEN.has(id);
}

/** Licences named by a user (`open` stands for OPEN_LICENCES), normalised. */
export function allowedLicences(names: readonly string[]): Set<string> {
  return new Set(
    names.flatMap((name) => {
      if (name.trim().toLowerCase() === "open") return OPEN_LICENCES;
      const id = normaliseLicence(name);
      return id === null ? [] : [id];
    }),
  );
}

/** Whether a licence name is `open` or one arXiv's metadata uses (a Creative Commons licence, public domain, arXiv's own). */
export function knownLicence(name: string): boolean {
  if (name.trim().toLowerCase() === "open") return true;
  const id = normaliseLicence(name);
  return id !== null && (CC_SPDX.test(id) || id === "CC0-1.0" || id === PUBLIC_DOMAIN || id === ARXIV_NONEXCLUSIVE);
}
