// Why this exists: `update` must carry a project from the template version it was generated with to
// a newer one without losing the learner's edits. Like copier's update, it is a three-way merge:
// base = the old template rendered with the recorded answers, ours = the project on disk, theirs =
// the new template rendered with the same answers. Pure: trees in, merged tree + conflicts out; the
// caller decides what to write and how to report conflicts.

/** One file of a tree. `mode` is the POSIX permission bits (0o644, 0o755). */
export interface TreeFile {
  readonly bytes: Uint8Array;
  readonly mode: number;
}

/** A project tree: POSIX-relative path → file. */
export type Tree = ReadonlyMap<string, TreeFile>;

/**
 * How a path is merged:
 * - `merge`: three-way merge (the default).
 * - `skip-if-exists`: the template only seeds it; once the project has it (or deleted it), the project wins.
 * - `never-touch`: the project's version (or absence) always wins.
 * - `regenerate`: the template owns it; the new template's version (or absence) always wins.
 */
export type MergePolicy = "merge" | "skip-if-exists" | "never-touch" | "regenerate";

export type ConflictKind =
  /** Both sides changed the same lines; the merged file carries inline markers. */
  | "content"
  /** Both sides added the path with different contents. */
  | "add-add"
  /** The project deleted the file, the template changed it; it stays deleted. */
  | "delete-modify"
  /** The project changed the file, the template deleted it; the project's version is kept. */
  | "modify-delete"
  /** Both sides changed a binary file differently; the project's version is kept. */
  | "binary"
  /** Both sides changed the permission bits differently; the project's bits are kept. */
  | "mode";

export interface MergeConflict {
  readonly path: string;
  readonly kind: ConflictKind;
}

export interface TreeMergeResult {
  readonly tree: Map<string, TreeFile>;
  /** Sorted by path, so reports are stable. */
  readonly conflicts: MergeConflict[];
}

export interface TreeMergeOptions {
  readonly policyFor?: (path: string) => MergePolicy;
}

export const CONFLICT_OURS = "<<<<<<< ours";
export const CONFLICT_SEPARATOR = "=======";
export const CONFLICT_THEIRS = ">>>>>>> theirs";

export function mergeTrees(base: Tree, ours: Tree, theirs: Tree, options: TreeMergeOptions = {}): TreeMergeResult {
  const policyFor = options.policyFor ?? (() => "merge" as const);
  const paths = [...new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])].sort();
  const tree = new Map<string, TreeFile>();
  const conflicts: MergeConflict[] = [];
  for (const path of paths) {
    const { file, conflict } = mergePath(policyFor(path), base.get(path), ours.get(path), theirs.get(path));
    if (file) tree.set(path, file);
    if (conflict) conflicts.push({ path, kind: conflict });
  }
  return { tree, conflicts };
}

interface PathMerge {
  readonly file: TreeFile | undefined;
  readonly conflict?: ConflictKind;
}

function mergePath(policy: MergePolicy, b: TreeFile | undefined, o: TreeFile | undefined, t: TreeFile | undefined): PathMerge {
  switch (policy) {
    case "never-touch":
      return { file: o };
    case "regenerate":
      return { file: t };
    case "skip-if-exists":
      // A file the project deleted (present in base, absent in ours) stays deleted.
      return { file: o ?? (b ? undefined : t) };
    case "merge":
      return mergeFile(b, o, t);
  }
}

function mergeFile(b: TreeFile | undefined, o: TreeFile | undefined, t: TreeFile | undefined): PathMerge {
  if (sameFile(o, t) || sameFile(t, b)) return { file: o };
  if (sameFile(o, b)) return { file: t };
  if (!o) return { file: undefined, conflict: "delete-modify" };
  if (!t) return { file: o, conflict: "modify-delete" };

  const mode = mergeMode(b?.mode, o.mode, t.mode);
  const content = mergeBytes(b?.bytes, o.bytes, t.bytes);
  const conflict = b ? content.conflict : content.conflict && "add-add";
  const file = { bytes: content.bytes, mode: mode.mode };
  if (conflict) return { file, conflict };
  return mode.conflict ? { file, conflict: "mode" } : { file };
}

function mergeMode(b: number | undefined, o: number, t: number): { mode: number; conflict: boolean } {
  if (o === t || t === b) return { mode: o, conflict: false };
  if (o === b) return { mode: t, conflict: false };
  return { mode: o, conflict: true };
}

function mergeBytes(
  b: Uint8Array | undefined,
  o: Uint8Array,
  t: Uint8Array,
): { bytes: Uint8Array; conflict?: "content" | "binary" } {
  const baseBytes = b ?? new Uint8Array(0);
  if (sameBytes(o, t) || sameBytes(t, baseBytes)) return { bytes: o };
  if (sameBytes(o, baseBytes)) return { bytes: t };
  const [baseText, oursText, theirsText] = [decodeText(baseBytes), decodeText(o), decodeText(t)];
  // Binary files are never text-merged: a merged PNG or keystore is corrupt, not "mostly right".
  if (baseText === undefined || oursText === undefined || theirsText === undefined) {
    return { bytes: o, conflict: "binary" };
  }
  const merged = mergeText(baseText, oursText, theirsText);
  const bytes = new TextEncoder().encode(merged.text);
  return merged.conflict ? { bytes, conflict: "content" } : { bytes };
}

/** UTF-8 text, or undefined for binary (a NUL byte, as git decides, or invalid UTF-8). */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, 8000).includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function sameFile(x: TreeFile | undefined, y: TreeFile | undefined): boolean {
  if (!x || !y) return x === y;
  return x.mode === y.mode && sameBytes(x.bytes, y.bytes);
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export interface TextMergeResult {
  readonly text: string;
  readonly conflict: boolean;
}

/**
 * diff3 merge of three texts, line by line. Lines are compared without their line endings, so a
 * project converted to CRLF still merges cleanly with an LF template; the result uses the project's
 * (ours') line ending.
 */
export function mergeText(base: string, ours: string, theirs: string): TextMergeResult {
  const eol = dominantEol(ours);
  const chunks = diff3(splitLines(base), splitLines(ours), splitLines(theirs));
  const out: string[] = [];
  let conflict = false;
  for (const chunk of chunks) {
    if (chunk.kind === "ok") {
      out.push(...chunk.lines);
      continue;
    }
    conflict = true;
    out.push(`${CONFLICT_OURS}\n`, ...terminated(chunk.ours), `${CONFLICT_SEPARATOR}\n`, ...terminated(chunk.theirs), `${CONFLICT_THEIRS}\n`);
  }
  const text = out.join("");
  return { text: eol === "\n" ? text : text.replace(/\n/g, eol), conflict };
}

function dominantEol(text: string): "\n" | "\r\n" {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Lines with a normalised "\n" terminator; the last one has none when the text does not end in a newline. */
function splitLines(text: string): string[] {
  const normalised = text.replace(/\r\n/g, "\n");
  const lines = normalised.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** Inside conflict markers every line must end in a newline, or the marker would join it. */
function terminated(lines: readonly string[]): string[] {
  return lines.map((line) => (line.endsWith("\n") ? line : `${line}\n`));
}

export type Diff3Chunk =
  | { readonly kind: "ok"; readonly lines: readonly string[] }
  | { readonly kind: "conflict"; readonly base: readonly string[]; readonly ours: readonly string[]; readonly theirs: readonly string[] };

/**
 * diff3 (Khanna, Kunal & Pierce, "A Formal Investigation of Diff3"): base lines matched in both
 * diffs are stable; each run between stable lines is taken from whichever side changed it, or is a
 * conflict when both changed it differently.
 */
export function diff3(base: readonly string[], ours: readonly string[], theirs: readonly string[]): Diff3Chunk[] {
  const toOurs = matchIndex(base, ours);
  const toTheirs = matchIndex(base, theirs);
  const chunks: Diff3Chunk[] = [];
  const emitOk = (lines: readonly string[]): void => {
    if (lines.length === 0) return;
    const last = chunks[chunks.length - 1];
    if (last?.kind === "ok") chunks[chunks.length - 1] = { kind: "ok", lines: [...last.lines, ...lines] };
    else chunks.push({ kind: "ok", lines: [...lines] });
  };
  let i = 0;
  let a = 0;
  let b = 0;
  for (;;) {
    while (i < base.length && toOurs[i] === a && toTheirs[i] === b) {
      emitOk([base[i] as string]);
      i++;
      a++;
      b++;
    }
    if (i === base.length && a === ours.length && b === theirs.length) return chunks;
    let k = i;
    while (k < base.length && (toOurs[k] === -1 || toTheirs[k] === -1)) k++;
    const ka = k < base.length ? (toOurs[k] as number) : ours.length;
    const kb = k < base.length ? (toTheirs[k] as number) : theirs.length;
    const baseRun = base.slice(i, k);
    const oursRun = ours.slice(a, ka);
    const theirsRun = theirs.slice(b, kb);
    if (sameLines(oursRun, baseRun)) emitOk(theirsRun);
    else if (sameLines(theirsRun, baseRun) || sameLines(oursRun, theirsRun)) emitOk(oursRun);
    else chunks.push({ kind: "conflict", base: baseRun, ours: oursRun, theirs: theirsRun });
    i = k;
    a = ka;
    b = kb;
  }
}

function sameLines(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((line, index) => line === y[index]);
}

/** For each line of `from`, the index of the line of `to` it is matched with by the diff, or -1. */
function matchIndex(from: readonly string[], to: readonly string[]): number[] {
  const matches = new Array<number>(from.length).fill(-1);
  for (const [x, y] of longestCommonSubsequence(from, to)) matches[x] = y;
  return matches;
}

/**
 * Myers' O(ND) diff ("An O(ND) Difference Algorithm and Its Variations", 1986), returning the
 * matched index pairs in order. A shared prefix and suffix are matched first: template updates
 * usually touch a few lines of a file, so this keeps the search small.
 */
export function longestCommonSubsequence(x: readonly string[], y: readonly string[]): Array<[number, number]> {
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  for (const [i, j] of myers(x, y, start, endX, start, endY)) pairs.push([i, j]);
  for (let i = endX, j = endY; i < x.length; i++, j++) pairs.push([i, j]);
  return pairs;
}

function myers(x: readonly string[], y: readonly string[], x0: number, x1: number, y0: number, y1: number): Array<[number, number]> {
  const n = x1 - x0;
  const m = y1 - y0;
  if (n === 0 || m === 0) return [];
  const max = n + m;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let i = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let j = i - k;
      while (i < n && j < m && x[x0 + i] === y[y0 + j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m), collecting the diagonal (matching) steps of each snake.
  const pairs: Array<[number, number]> = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const before = trace[d] as number[];
    const k = i - j;
    const down = k === -d || (k !== d && (before[offset + k - 1] as number) < (before[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevI = before[offset + prevK] as number;
    const prevJ = prevI - prevK;
    const snakeI = down ? prevI : prevI + 1;
    while (i > snakeI) {
      i--;
      j--;
      pairs.push([x0 + i, y0 + j]);
    }
    i = prevI;
    j = prevJ;
  }
  while (i > 0 && j > 0) {
    i--;
    j--;
    pairs.push([x0 + i, y0 + j]);
  }
  return pairs.reverse();
}
