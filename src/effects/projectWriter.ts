import { chmod, link, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { meaningfulEntries } from "../core/meaningfulEntries.js";
import type { Tree } from "../domain/merge.js";
import { AppError, CancelledError, EnvironmentError, StepError, UserError } from "../errors.js";

export type TargetState = { kind: "missing" } | { kind: "empty" } | { kind: "existing"; conflicts: string[] };

const MAX_LISTED = 10;
// Enough to keep the disk busy, few enough to stay far from the open-files limit.
const PARALLEL_WRITES = 16;

/** Runs `fn` over `items`, at most `limit` at a time; stops starting new ones after the first failure, waits for those running, then throws it. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      await fn(item).catch((error: unknown) => {
        failure ??= { error };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Decides, before anything is written, whether the target may receive the project.
 * A non-empty folder is refused unless `force`, and even then only when no
 * generated path is already there: nothing of the user's is ever overwritten.
 */
export async function checkTarget(target: string, paths: readonly string[], force: boolean): Promise<TargetState> {
  let stats;
  try {
    stats = await lstat(target);
  } catch {
    return { kind: "missing" };
  }
  if (!stats.isDirectory()) {
    throw new UserError(`${target} exists and is not a folder.`, "Choose another directory name.");
  }
  const entries = meaningfulEntries(await readdir(target));
  if (entries.length === 0) return { kind: "empty" };
  if (!force) {
    throw new UserError(
      `${target} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}).`,
      (name) => `Choose a new directory, empty this one, or pass ${name("force", true)} to add the project beside the existing files (nothing is overwritten).`,
    );
  }
  const found = new Set<string>();
  for (const file of paths) {
    const parts = file.split("/");
    // A file where the project needs a folder conflicts too.
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      const stat = await lstat(path.join(target, prefix)).catch(() => undefined);
      if (stat && (i === parts.length || !stat.isDirectory())) {
        found.add(prefix);
        break;
      }
    }
  }
  const conflicts = [...found];
  if (conflicts.length) {
    const listed = conflicts.slice(0, MAX_LISTED).map((c) => `  ${c}`).join("\n");
    const more = conflicts.length > MAX_LISTED ? `\n  …and ${conflicts.length - MAX_LISTED} more` : "";
    throw new UserError(
      `Not added beside the existing files: ${conflicts.length} path${conflicts.length === 1 ? "" : "s"} the project needs already exist in ${target}:\n${listed}${more}`,
      "Nothing was written. Move those files away, or choose another directory.",
    );
  }
  return { kind: "existing", conflicts };
}

/**
 * The complete project in its staging folder, before it is moved into place.
 * `movesWhole`: everything in the folder becomes the target's content (the folder
 * is renamed, or its entries move up), so anything created in it now, such as
 * `.git`, arrives with the files.
 */
export interface StagedProject {
  readonly target: string;
  readonly folder: string;
  readonly movesWhole: boolean;
  /** How the folder reaches the target (see Staging). */
  readonly place: Staging["place"];
  readonly paths: readonly string[];
  /** Ancestors of the target this run created, outermost first: removed if the project never lands. */
  readonly createdParents: readonly string[];
}

function ioError(error: unknown, target: string): Error {
  if (error instanceof AppError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM") {
    return new UserError(`Cannot write ${err.path ?? target}: permission denied.`, "Choose a folder you can write to.");
  }
  if (err.code === "EROFS") {
    return new UserError(`Cannot write ${err.path ?? target}: the file system is read-only.`, "Choose a folder on a writable file system.");
  }
  if (err.code === "EXDEV") {
    return new EnvironmentError(
      `Cannot move the project into ${target}: it is on another device than ${err.path ?? "the staging folder"} (${err.code}); nothing was written.`,
      "Report this with the directory you used; meanwhile, create the project elsewhere and copy it.",
    );
  }
  if (err.code === "ENOSPC") return new EnvironmentError("The disk is full; nothing was written.", "Free some space and run again.");
  return new StepError(`Writing the project failed: ${err.message}`, "files", "write files", "", "Nothing was left behind; run again.");
}

/** Creates the missing ancestors of `dir`, returning the ones it made, outermost first. */
async function makeParents(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  while (!(await exists(current))) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) await mkdir(folder).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "EEXIST") throw e;
  });
  return missing;
}

async function removeQuietly(paths: string[], removeOne: (p: string) => Promise<void>): Promise<void> {
  for (const p of paths) await removeOne(p).catch(() => undefined);
}

/** The staging folder and how it reaches the target. */
interface Staging {
  folder: string;
  /** "rename": the folder becomes the target; "entries": its entries move up into the empty target; "links": each file is linked beside the user's. */
  place: "rename" | "entries" | "links";
}

/**
 * A missing target is staged beside itself, in the folder that will hold it, and
 * renamed into place. An existing target is staged inside itself: the move can then
 * never cross a device (an empty folder that is a mount point, as in
 * `docker run -v $PWD:/app`), and its parent need not be writable.
 */
async function makeStaging(target: string, state: TargetState): Promise<Staging> {
  if (state.kind === "missing") {
    const folder = await mkdtemp(path.join(path.dirname(target), `.${path.basename(target)}.create-backend-project-`));
    // mkdtemp makes a private (0700) folder; the project folder should be an ordinary one.
    await chmod(folder, 0o755);
    return { folder, place: "rename" };
  }
  // Entries move up only into a folder with nothing at all in it: one that counts
  // as empty yet holds a `.git` or `.DS_Store` gets each file linked in instead.
  const untouched = state.kind === "empty" && (await readdir(target)).length === 0;
  const folder = await mkdtemp(path.join(target, ".create-backend-project-"));
  return { folder, place: untouched ? "entries" : "links" };
}

function raced(target: string, what: string): UserError {
  return new UserError(`${what} appeared in ${target} while the project was being written.`, "Nothing was written; run again.");
}

/**
 * Writes every file of the tree into a staging folder next to (or inside) the
 * target, and nothing into the target itself: a failure or a signal here removes
 * everything this run created. The caller may then do work that must succeed
 * before the user sees any file (finding Python, committing in the staging
 * folder) and ends with `placeProject` or `discardProject`.
 */
export async function stageProject(
  target: string,
  tree: Tree,
  options: { force: boolean; signal?: AbortSignal },
): Promise<StagedProject> {
  const paths = [...tree.keys()];
  const state = await checkTarget(target, paths, options.force);
  let createdParents: string[] = [];
  let staging: Staging | undefined;
  try {
    if (state.kind === "missing") createdParents = await makeParents(path.dirname(target));
    staging = await makeStaging(target, state);
    const into = staging.folder;
    const destination = (file: string) => path.join(into, ...file.split("/"));
    for (const folder of new Set(paths.map((file) => path.dirname(destination(file))))) {
      await mkdir(folder, { recursive: true });
    }
    // Files are independent once their folders exist; one at a time, the writes
    // were most of a render-only run.
    await eachLimited([...tree], PARALLEL_WRITES, async ([file, { bytes, mode }]) => {
      abortIfAsked(options.signal);
      const to = destination(file);
      await writeFile(to, bytes);
      await chmod(to, mode);
    });
    abortIfAsked(options.signal);
    return { target, folder: into, movesWhole: staging.place !== "links", place: staging.place, paths, createdParents };
  } catch (error) {
    if (staging) await rm(staging.folder, { recursive: true, force: true }).catch(() => undefined);
    await removeQuietly(createdParents.reverse(), rmdir);
    throw ioError(error, target);
  }
}

/** Removes a staged project that will not be placed, and the parents made for it. */
export async function discardProject(staged: StagedProject): Promise<void> {
  await rm(staged.folder, { recursive: true, force: true }).catch(() => undefined);
  await removeQuietly([...staged.createdParents].reverse(), rmdir);
}

/**
 * Moves a staged project into place. A missing target is one atomic rename; an
 * empty one receives the staged entries by rename; one with the user's files
 * (--force) gets each file by hard link, which refuses to replace a file another
 * process wrote in the meantime. On any failure, everything this run created goes,
 * and nothing else.
 */
export async function placeProject(staged: StagedProject, options: { signal?: AbortSignal } = {}): Promise<void> {
  const { target } = staged;
  // Everything placed in the target, removed again if a later placement fails.
  const placedFiles: string[] = [];
  const placedDirs: string[] = [];
  const placedEntries: string[] = [];
  let staging: string | undefined = staged.folder;
  try {
    abortIfAsked(options.signal);
    if (staged.place === "rename") {
      try {
        await rename(staged.folder, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOTEMPTY" || code === "EEXIST") {
          throw new UserError(`${target} was created by something else while the project was being written.`, "Nothing was written; choose another directory.");
        }
        throw error;
      }
      staging = undefined;
      return;
    }
    if (staged.place === "entries") {
      // Everything staged, a staged .git included, moves up; an entry is never
      // renamed over one that something else created meanwhile.
      for (const entry of await readdir(staged.folder, { withFileTypes: true })) {
        const from = path.join(staged.folder, entry.name);
        const to = path.join(target, entry.name);
        if (entry.isDirectory()) {
          if (await exists(to)) throw raced(target, entry.name);
          await rename(from, to);
        } else {
          await link(from, to).catch((error: NodeJS.ErrnoException) => {
            throw error.code === "EEXIST" ? raced(target, entry.name) : error;
          });
        }
        placedEntries.push(to);
      }
      return;
    }
    for (const file of staged.paths) {
      const from = path.join(staged.folder, ...file.split("/"));
      const to = path.join(target, ...file.split("/"));
      const dirs = await makeParents(path.dirname(to));
      placedDirs.push(...dirs);
      await link(from, to).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? raced(target, file) : error;
      });
      placedFiles.push(to);
    }
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    staging = undefined;
    await removeQuietly(placedEntries, (p) => rm(p, { recursive: true, force: true }));
    await removeQuietly(placedFiles, unlink);
    await removeQuietly(placedDirs.reverse(), rmdir);
    await removeQuietly([...staged.createdParents].reverse(), rmdir);
    throw ioError(error, target);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Stages the tree and places it: a whole project, or nothing. */
export async function writeProject(target: string, tree: Tree, options: { force: boolean; signal?: AbortSignal }): Promise<void> {
  await placeProject(await stageProject(target, tree, options), options);
}

function abortIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError("Interrupted while writing files.", "files");
}
