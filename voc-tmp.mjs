import { DuckDBInstance } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
const inst = await DuckDBInstance.create(":memory:"); const con = await inst.connect();
const ours = new Map((await con.runAndReadAll(`select id, text from read_parquet('${process.argv[2]}/data/*.parquet')`)).getRowObjectsJS().map(r=>[r.id,r.text]));
const ref = new Map(readFileSync("/work/shared/reference/papers/docs.jsonl","utf8").split("\n").filter(Boolean).map(l=>{const d=JSON.parse(l); return [d.id,d.text];}));
const words = (t) => t.normalize("NFC").match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? [];
const onlyOurs = new Map(), onlyRef = new Map(); const ex = new Map();
for (const [id, t] of ours) { const r = ref.get(id); if (!r) continue;
  const rv = new Set(words(r)); const ov = new Set(words(t));
  for (const w of words(t)) if (!rv.has(w)) { onlyOurs.set(w,(onlyOurs.get(w)??0)+1); if(!ex.has(w)) ex.set(w,id); }
  for (const w of words(r)) if (!ov.has(w)) onlyRef.set(w,(onlyRef.get(w)??0)+1);
}
console.log("only ours", [...onlyOurs].sort((a,b)=>b[1]-a[1]).slice(0,60).map(([w,n])=>`${w}:${n}`).join(" "));
console.log("only ref", [...onlyRef].sort((a,b)=>b[1]-a[1]).slice(0,60).map(([w,n])=>`${w}:${n}`).join(" "));
