// Why this exists: `update --dry-run` (and `add --dry-run`) show what would change the way git
// does, so a user reads the diff they already know. Pure: texts in, unified diff text out.
import { longestCommonSubsequence } from "./merge.js";

const CONTEXT = 3;

function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
}

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

/** A unified diff of one file (`---`/`+++` headers and hunks), or "" when the texts are equal. */
export function unifiedDiff(file: string, before: string | undefined, after: string | undefined): string {
  if (before === after) return "";
  const a = lines(before ?? "");
  const b = lines(after ?? "");
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const [x, y] of [...longestCommonSubsequence(a, b), [a.length, b.length] as [number, number]]) {
    while (i < x) ops.push({ kind: "-", line: a[i]!, a: i++, b: j });
    while (j < y) ops.push({ kind: "+", line: b[j]!, a: i, b: j++ });
    if (x < a.length) ops.push({ kind: " ", line: a[i]!, a: i++, b: j++ });
  }
  const out = [`--- ${before === undefined ? "/dev/null" : `a/${file}`}`, `+++ ${after === undefined ? "/dev/null" : `b/${file}`}`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === " ") k++;
    if (k === ops.length) break;
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // A hunk runs on while the next change is within two contexts of the last one.
    for (let last = k; end < ops.length; end++) {
      if (ops[end]!.kind !== " ") last = end;
      else if (end - last > 2 * CONTEXT) {
        end = last + CONTEXT + 1;
        break;
      }
    }
    end = Math.min(end, ops.length);
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== "+").length;
    const bCount = hunk.filter((o) => o.kind !== "-").length;
    const aStart = aCount ? hunk[0]!.a + 1 : hunk[0]!.a;
    const bStart = bCount ? hunk[0]!.b + 1 : hunk[0]!.b;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...hunk.map((o) => `${o.kind}${o.line}`));
    k = end;
  }
  return `${out.join("\n")}\n`;
}
