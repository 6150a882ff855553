import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";
const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[2])), isEvalSupported: false, verbosity: 0 }).promise;
const page = await doc.getPage(Number(process.argv[3] ?? 1));
const tc = await page.getTextContent();
const re = /[\u00a8\u00b4\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u02c7\u02dd\u0300-\u036f]/;
tc.items.forEach((it, i) => { if (re.test(it.str)) console.log(i, JSON.stringify(tc.items[i-1]?.str), JSON.stringify(it.str), JSON.stringify(tc.items[i+1]?.str), it.transform.map(x=>x.toFixed(1)).join(","), it.width.toFixed(1), "prev end", tc.items[i-1] ? (tc.items[i-1].transform[4]+tc.items[i-1].width).toFixed(1) : "") });
