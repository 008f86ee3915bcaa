// Why this exists: update merges three ways, and its base is the project as the template first
// rendered it. That pristine tree is kept in the project's own repository, under a ref no branch
// command touches, so no old CLI and no network are needed to find it again.
import { readFile, lstat } from "node:fs/promises";
import path from "node:path";
import { isPrivateFile } from "../core/plan.js";
import { RECORD_FILE } from "../domain/record.js";
import type { Tree, TreeFile } from "../domain/merge.js";
import { StepError } from "../errors.js";

export const BASE_REF = "refs/create-backend-project/base";

/** Git records only the executable bit; every tree is compared in git's terms. */
export function gitMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}

async function git(cwd: string, args: string[], input?: Buffer | string): Promise<{ exitCode: number; stdout: Buffer; stderr: string }> {
  const { execa } = await import("execa");
  const result = await execa("git", args, {
    cwd,
    reject: false,
    encoding: "buffer",
    ...(input === undefined ? { stdin: "ignore" as const } : { input }),
    env: { GIT_LITERAL_PATHSPECS: "1" },
  });
  if ((result as { code?: string }).code === "ENOENT") return { exitCode: -1, stdout: Buffer.alloc(0), stderr: "git not found" };
  return { exitCode: result.exitCode ?? -1, stdout: Buffer.from(result.stdout as Uint8Array), stderr: Buffer.from(result.stderr as Uint8Array).toString() };
}

function gitFailed(args: string[], stderr: string): StepError {
  const command = `git ${args.join(" ")}`;
  return new StepError(`${command} failed: ${stderr.trim().split("\n")[0] ?? ""}`, "update", command, stderr);
}

/** Whether `dir` is the top of its own git work tree (a project inside a monorepo is not). */
export async function isRepositoryRoot(dir: string): Promise<boolean> {
  const top = await git(dir, ["rev-parse", "--show-toplevel"]);
  if (top.exitCode !== 0) return false;
  const [a, b] = await Promise.all([realpathOf(top.stdout.toString().trim()), realpathOf(dir)]);
  return a === b;
}

async function realpathOf(p: string): Promise<string> {
  const { realpath } = await import("node:fs/promises");
  return realpath(p).catch(() => p);
}

/** `git status` lines for the work tree, untracked files included; empty when clean. */
export async function workTreeChanges(dir: string): Promise<string[]> {
  const args = ["status", "--porcelain", "--untracked-files=all"];
  const status = await git(dir, args);
  if (status.exitCode !== 0) throw gitFailed(args, status.stderr);
  return status.stdout.toString().split("\n").filter(Boolean);
}

/**
 * The base commit for a project whose record names `digest`: the ref's tip, or, when the user
 * discarded an update (its record restored by git, the ref not), the older base in the ref's
 * history whose record names that digest.
 */
async function resolveBase(dir: string, digest: string | undefined): Promise<string | undefined> {
  if (!(await isRepositoryRoot(dir))) return undefined;
  const listed = await git(dir, ["rev-list", "--first-parent", BASE_REF, "--"]);
  if (listed.exitCode !== 0) return undefined;
  const commits = listed.stdout.toString().split("\n").filter(Boolean);
  if (!digest) return commits[0];
  for (const commit of commits) {
    const shown = await git(dir, ["cat-file", "blob", `${commit}:${RECORD_FILE}`]);
    if (shown.exitCode !== 0) continue;
    try {
      if ((JSON.parse(shown.stdout.toString()) as { templateDigest?: unknown }).templateDigest === digest) return commit;
    } catch {
      // A base whose record is not JSON matches no digest.
    }
  }
  return undefined;
}

/** The pristine tree of the project's templates version, or undefined when the project has none. */
export async function readBaseTree(dir: string, digest: string | undefined): Promise<{ commit: string; tree: Map<string, TreeFile> } | undefined> {
  const commit = await resolveBase(dir, digest);
  if (!commit) return undefined;
  const listArgs = ["ls-tree", "-r", "-z", "--full-tree", commit];
  const listed = await git(dir, listArgs);
  if (listed.exitCode !== 0) throw gitFailed(listArgs, listed.stderr);
  const entries = listed.stdout
    .toString()
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)];
      const [mode, type, sha] = meta.split(" ") as [string, string, string];
      return { mode: parseInt(mode, 8), type, sha, file };
    })
    .filter((e) => e.type === "blob");
  const tree = new Map<string, TreeFile>();
  if (!entries.length) return { commit, tree };
  // One process for every blob: `--batch` answers "<sha> blob <size>\n<bytes>\n" per line asked.
  const batch = await git(dir, ["cat-file", "--batch"], `${entries.map((e) => e.sha).join("\n")}\n`);
  if (batch.exitCode !== 0) throw gitFailed(["cat-file", "--batch"], batch.stderr);
  let at = 0;
  for (const entry of entries) {
    const headerEnd = batch.stdout.indexOf(0x0a, at);
    const size = Number(batch.stdout.subarray(at, headerEnd).toString().split(" ")[2]);
    const bytes = new Uint8Array(batch.stdout.subarray(headerEnd + 1, headerEnd + 1 + size));
    tree.set(entry.file, { bytes, mode: gitMode(entry.mode) });
    at = headerEnd + 1 + size + 1;
  }
  return { commit, tree };
}

function quotePath(file: string): string {
  return /^[^"\n\\]*$/.test(file) && !file.startsWith('"') ? file : JSON.stringify(file);
}

/**
 * Points the base ref at a new commit holding `tree` (secrets left out: they must never reach
 * git's objects), with the previous base as its parent. Written with fast-import and its own
 * committer, so it works without the user's git identity and never touches the index or HEAD.
 */
export async function writeBaseTree(dir: string, tree: Tree, message: string, parent?: string): Promise<void> {
  const parts: Buffer[] = [];
  const push = (text: string) => parts.push(Buffer.from(text));
  const body = Buffer.from(message);
  push(`commit ${BASE_REF}\ncommitter create-backend-project <create-backend-project@localhost> ${Math.floor(Date.now() / 1000)} +0000\n`);
  push(`data ${body.length}\n`);
  parts.push(body);
  push("\n");
  if (parent) push(`from ${parent}\n`);
  push("deleteall\n");
  for (const [file, entry] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (isPrivateFile(file)) continue;
    push(`M ${gitMode(entry.mode) === 0o755 ? "100755" : "100644"} inline ${quotePath(file)}\ndata ${entry.bytes.length}\n`);
    parts.push(Buffer.from(entry.bytes));
    push("\n");
  }
  push("done\n");
  const args = ["fast-import", "--quiet", "--done", "--force"];
  const result = await git(dir, args, Buffer.concat(parts));
  if (result.exitCode !== 0) throw gitFailed(args, result.stderr);
}

/** The project's files at `paths`, as they are on disk now; a missing path is absent from the tree. */
export async function readWorkingTree(dir: string, paths: Iterable<string>): Promise<Map<string, TreeFile>> {
  const tree = new Map<string, TreeFile>();
  await Promise.all(
    [...paths].map(async (file) => {
      const full = path.join(dir, ...file.split("/"));
      const stats = await lstat(full).catch(() => undefined);
      if (!stats?.isFile()) return;
      tree.set(file, { bytes: new Uint8Array(await readFile(full)), mode: gitMode(stats.mode) });
    }),
  );
  return tree;
}
