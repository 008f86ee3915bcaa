import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONFLICT_OURS,
  CONFLICT_SEPARATOR,
  CONFLICT_THEIRS,
  diff3,
  longestCommonSubsequence,
  type MergePolicy,
  mergeText,
  mergeTrees,
  type Tree,
  type TreeFile,
} from "../../src/domain/merge.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const file = (text: string, mode = 0o644): TreeFile => ({ bytes: enc.encode(text), mode });
const bin = (bytes: number[], mode = 0o644): TreeFile => ({ bytes: Uint8Array.from(bytes), mode });
const tree = (entries: Record<string, TreeFile>): Tree => new Map(Object.entries(entries));
const text = (t: Tree, path: string): string | undefined => {
  const f = t.get(path);
  return f && dec.decode(f.bytes);
};

describe("longestCommonSubsequence", () => {
  it("matches a common subsequence of maximal length", () => {
    const x = "ABCABBA".split("");
    const y = "CBABAC".split("");
    const pairs = longestCommonSubsequence(x, y);
    expect(pairs).toHaveLength(4);
    for (const [i, j] of pairs) expect(x[i]).toBe(y[j]);
  });

  it("returns strictly increasing pairs of equal lines (property)", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (x, y) => {
        const pairs = longestCommonSubsequence(x, y);
        pairs.forEach(([i, j], index) => {
          expect(x[i]).toBe(y[j]);
          const prev = pairs[index - 1];
          if (prev) expect(i > prev[0] && j > prev[1]).toBe(true);
        });
        if (x.join("") === y.join("")) expect(pairs).toHaveLength(x.length);
      }),
    );
  });
});

describe("diff3 properties", () => {
  const lines = fc.array(fc.constantFrom("a\n", "b\n", "c\n", "d\n", "e"), { maxLength: 25 });
  const flat = (chunks: ReturnType<typeof diff3>): string[] | undefined =>
    chunks.every((c) => c.kind === "ok") ? chunks.flatMap((c) => (c.kind === "ok" ? [...c.lines] : [])) : undefined;

  it("merge(base, x, base) == x", () => {
    fc.assert(fc.property(lines, lines, (base, x) => {
      expect(flat(diff3(base, x, base))).toEqual(x);
    }));
  });
  it("merge(base, base, y) == y", () => {
    fc.assert(fc.property(lines, lines, (base, y) => {
      expect(flat(diff3(base, base, y))).toEqual(y);
    }));
  });
  it("merge(base, x, x) == x", () => {
    fc.assert(fc.property(lines, lines, (base, x) => {
      expect(flat(diff3(base, x, x))).toEqual(x);
    }));
  });
  it("mergeText obeys the same laws on whole texts", () => {
    const texts = fc.array(fc.constantFrom("a", "b", "c", "\n", "\n"), { maxLength: 40 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(texts, texts, (base, x) => {
        expect(mergeText(base, x, base)).toEqual({ text: x, conflict: false });
        expect(mergeText(base, base, x)).toEqual({ text: x, conflict: false });
        expect(mergeText(base, x, x)).toEqual({ text: x, conflict: false });
      }),
    );
  });
});

describe("mergeText", () => {
  it("combines changes to different lines", () => {
    const base = "one\ntwo\nthree\nfour\n";
    const ours = "ONE\ntwo\nthree\nfour\n";
    const theirs = "one\ntwo\nthree\nFOUR\nfive\n";
    expect(mergeText(base, ours, theirs)).toEqual({ text: "ONE\ntwo\nthree\nFOUR\nfive\n", conflict: false });
  });

  it("marks changes to the same lines inline, like git", () => {
    const result = mergeText("a\nb\nc\n", "a\nours\nc\n", "a\ntheirs\nc\n");
    expect(result.conflict).toBe(true);
    expect(result.text).toBe(`a\n${CONFLICT_OURS}\nours\n${CONFLICT_SEPARATOR}\ntheirs\n${CONFLICT_THEIRS}\nc\n`);
  });

  it("keeps markers on their own line when a side lacks a final newline", () => {
    const result = mergeText("a\nb", "a\nx", "a\ny");
    expect(result.text).toBe(`a\n${CONFLICT_OURS}\nx\n${CONFLICT_SEPARATOR}\ny\n${CONFLICT_THEIRS}\n`);
  });

  it("keeps the project's CRLF line endings while applying an LF template change", () => {
    const base = "a\nb\nc\n";
    const ours = "a\r\nb\r\nc\r\nmine\r\n";
    const theirs = "A\nb\nc\n";
    expect(mergeText(base, ours, theirs)).toEqual({ text: "A\r\nb\r\nc\r\nmine\r\n", conflict: false });
  });
});

describe("mergeTrees", () => {
  it("takes the template's change to a file the project did not touch", () => {
    const { tree: merged, conflicts } = mergeTrees(tree({ f: file("1\n") }), tree({ f: file("1\n") }), tree({ f: file("2\n") }));
    expect(text(merged, "f")).toBe("2\n");
    expect(conflicts).toEqual([]);
  });

  it("keeps a file the project deleted deleted when the template did not change it", () => {
    const result = mergeTrees(tree({ f: file("1\n") }), tree({}), tree({ f: file("1\n") }));
    expect(result.tree.has("f")).toBe(false);
    expect(result.conflicts).toEqual([]);
  });

  it("reports delete vs modify and keeps the file deleted", () => {
    const result = mergeTrees(tree({ f: file("1\n") }), tree({}), tree({ f: file("2\n") }));
    expect(result.tree.has("f")).toBe(false);
    expect(result.conflicts).toEqual([{ path: "f", kind: "delete-modify" }]);
  });

  it("reports modify vs delete and keeps the project's version", () => {
    const result = mergeTrees(tree({ f: file("1\n") }), tree({ f: file("mine\n") }), tree({}));
    expect(text(result.tree, "f")).toBe("mine\n");
    expect(result.conflicts).toEqual([{ path: "f", kind: "modify-delete" }]);
  });

  it("deletes a file the template dropped when the project did not change it", () => {
    const result = mergeTrees(tree({ f: file("1\n") }), tree({ f: file("1\n") }), tree({}));
    expect(result.tree.has("f")).toBe(false);
  });

  it("adds a new template file, and treats differing add/add as a conflict", () => {
    const same = mergeTrees(tree({}), tree({ g: file("x\n") }), tree({ f: file("new\n"), g: file("x\n") }));
    expect(text(same.tree, "f")).toBe("new\n");
    expect(same.conflicts).toEqual([]);
    const clash = mergeTrees(tree({}), tree({ f: file("mine\n") }), tree({ f: file("theirs\n") }));
    expect(clash.conflicts).toEqual([{ path: "f", kind: "add-add" }]);
    expect(text(clash.tree, "f")).toContain(CONFLICT_OURS);
  });

  it("never text-merges binary files", () => {
    const base = tree({ img: bin([0, 1, 2]) });
    const differ = mergeTrees(base, tree({ img: bin([0, 1, 3]) }), tree({ img: bin([0, 9, 2]) }));
    expect(differ.conflicts).toEqual([{ path: "img", kind: "binary" }]);
    expect([...(differ.tree.get("img")?.bytes ?? [])]).toEqual([0, 1, 3]);
    const identical = mergeTrees(base, tree({ img: bin([7, 0]) }), tree({ img: bin([7, 0]) }));
    expect(identical.conflicts).toEqual([]);
    expect([...(identical.tree.get("img")?.bytes ?? [])]).toEqual([7, 0]);
  });

  it("treats invalid UTF-8 as binary", () => {
    const result = mergeTrees(tree({ f: bin([0xff, 1]) }), tree({ f: bin([0xff, 2]) }), tree({ f: bin([0xff, 3]) }));
    expect(result.conflicts).toEqual([{ path: "f", kind: "binary" }]);
  });

  it("merges executable bits independently of content", () => {
    const result = mergeTrees(
      tree({ "run.sh": file("a\nb\n", 0o644) }),
      tree({ "run.sh": file("a\nb\nmine\n", 0o644) }),
      tree({ "run.sh": file("A\nb\n", 0o755) }),
    );
    expect(result.tree.get("run.sh")?.mode).toBe(0o755);
    expect(text(result.tree, "run.sh")).toBe("A\nb\nmine\n");
    expect(result.conflicts).toEqual([]);
  });

  it("reports conflicting modes and keeps the project's", () => {
    const result = mergeTrees(tree({ f: file("a\n", 0o644) }), tree({ f: file("a\n", 0o700) }), tree({ f: file("a\n", 0o755) }));
    expect(result.tree.get("f")?.mode).toBe(0o700);
    expect(result.conflicts).toEqual([{ path: "f", kind: "mode" }]);
  });

  describe("policies", () => {
    const base = tree({ kept: file("b\n"), gone: file("b\n") });
    const ours = tree({ kept: file("mine\n") });
    const theirs = tree({ kept: file("theirs\n"), gone: file("theirs\n"), fresh: file("new\n") });
    const withPolicy = (policy: MergePolicy) => mergeTrees(base, ours, theirs, { policyFor: () => policy });

    it("skip-if-exists keeps the project's file, keeps deletions, and adds missing files", () => {
      const result = withPolicy("skip-if-exists");
      expect(text(result.tree, "kept")).toBe("mine\n");
      expect(result.tree.has("gone")).toBe(false);
      expect(text(result.tree, "fresh")).toBe("new\n");
      expect(result.conflicts).toEqual([]);
    });

    it("never-touch leaves the project exactly as it is", () => {
      const result = withPolicy("never-touch");
      expect([...result.tree.keys()]).toEqual(["kept"]);
      expect(text(result.tree, "kept")).toBe("mine\n");
      expect(result.conflicts).toEqual([]);
    });

    it("regenerate takes the template's tree exactly", () => {
      const result = withPolicy("regenerate");
      expect([...result.tree.keys()].sort()).toEqual(["fresh", "gone", "kept"]);
      expect(text(result.tree, "kept")).toBe("theirs\n");
      expect(result.conflicts).toEqual([]);
    });

    it("applies per path", () => {
      const result = mergeTrees(base, ours, theirs, { policyFor: (path) => (path === "kept" ? "regenerate" : "merge") });
      expect(text(result.tree, "kept")).toBe("theirs\n");
      expect(result.conflicts).toEqual([{ path: "gone", kind: "delete-modify" }]);
    });
  });

  it("merge(base, x, base) == x and merge(base, base, y) == y on whole trees (property)", () => {
    const entry = fc.record({
      bytes: fc.array(fc.constantFrom(0, 10, 97, 98, 255), { maxLength: 12 }).map((b) => Uint8Array.from(b)),
      mode: fc.constantFrom(0o644, 0o755),
    });
    const trees = fc.dictionary(fc.constantFrom("a", "b", "c/d", "e"), entry).map((d) => new Map(Object.entries(d)) as Tree);
    const plain = (t: Tree) => [...t.entries()].sort(([p], [q]) => p.localeCompare(q)).map(([p, f]) => [p, [...f.bytes], f.mode]);
    fc.assert(
      fc.property(trees, trees, (base, x) => {
        expect(plain(mergeTrees(base, x, base).tree)).toEqual(plain(x));
        expect(plain(mergeTrees(base, base, x).tree)).toEqual(plain(x));
        const same = mergeTrees(base, x, x);
        expect(plain(same.tree)).toEqual(plain(x));
        expect(same.conflicts).toEqual([]);
      }),
    );
  });
});
