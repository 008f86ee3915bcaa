import { chmod, copyFile, link, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { meaningfulEntries } from "../core/meaningfulEntries.js";
import type { PlannedFile } from "../core/plan.js";
import { CancelledError, StepError, UserError } from "../errors.js";

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
export async function checkTarget(target: string, files: readonly PlannedFile[], force: boolean): Promise<TargetState> {
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
      "Choose a new directory, empty this one, or pass --force to add the project beside the existing files (nothing is overwritten).",
    );
  }
  const found = new Set<string>();
  for (const file of files) {
    const parts = file.path.split("/");
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
      `--force refused: ${conflicts.length} path${conflicts.length === 1 ? "" : "s"} the project needs already exist in ${target}:\n${listed}${more}`,
      "Nothing was written. Move those files away, or choose another directory.",
    );
  }
  return { kind: "existing", conflicts };
}

export type FileContents = (file: PlannedFile) => Promise<string | Buffer>;

/**
 * The complete project in its staging folder, before it is moved into place.
 * `movesWhole`: the folder itself becomes the target (one rename), so anything
 * created in it now, such as `.git`, arrives with the files.
 */
export interface StagedProject {
  folder: string;
  movesWhole: boolean;
}

function ioError(error: unknown, target: string): Error {
  if (error instanceof UserError || error instanceof CancelledError || error instanceof StepError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS") {
    return new UserError(`Cannot write ${err.path ?? target}: permission denied.`, "Choose a folder you can write to.");
  }
  if (err.code === "ENOSPC") return new StepError("The disk is full.", "files", "write files", err.message, "Free some space and run again.");
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

/**
 * Renders every file into a staging folder beside the target, then moves it into
 * place: a failure or Ctrl-C at any point before the move removes everything this
 * run created and nothing else. A missing target is one atomic rename; an
 * existing one (empty, or --force) gets each file by hard link, which refuses
 * to replace a file another process wrote in the meantime.
 */
export async function writeProject(
  target: string,
  files: readonly PlannedFile[],
  contents: FileContents,
  options: { force: boolean; signal?: AbortSignal; beforePlace?: (staged: StagedProject) => Promise<void> },
): Promise<void> {
  const state = await checkTarget(target, files, options.force);
  const parent = path.dirname(target);
  let createdParents: string[] = [];
  let staging: string | undefined;
  const placedFiles: string[] = [];
  const placedDirs: string[] = [];
  const abortIfAsked = () => {
    if (options.signal?.aborted) throw new CancelledError("Interrupted while writing files.", "files");
  };
  try {
    createdParents = await makeParents(parent);
    staging = await mkdtemp(path.join(parent, `.${path.basename(target)}.create-backend-project-`));
    // mkdtemp makes a private (0700) folder; the project folder should be an ordinary one.
    await chmod(staging, 0o755);
    const into = staging;
    const destination = (file: PlannedFile) => path.join(into, ...file.path.split("/"));
    for (const folder of new Set(files.map((file) => path.dirname(destination(file))))) {
      await mkdir(folder, { recursive: true });
    }
    // Files are independent once their folders exist; one at a time, the writes
    // were most of a render-only run.
    await eachLimited(files, PARALLEL_WRITES, async (file) => {
      abortIfAsked();
      const to = destination(file);
      if (file.kind === "copy") await copyFile(file.source, to);
      else await writeFile(to, await contents(file));
      await chmod(to, file.mode);
    });
    abortIfAsked();
    // Work that must succeed before the user sees any file (finding Python) may run
    // alongside the writing; if it fails, the staging folder goes like any other failure.
    await options.beforePlace?.({ folder: staging, movesWhole: state.kind === "missing" }).catch((error: unknown) => {
      abortIfAsked(); // a Ctrl-C that stopped it is reported as what the user was waiting for
      throw error;
    });
    abortIfAsked();
    if (state.kind === "missing") {
      try {
        await rename(staging, target);
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
    for (const file of files) {
      const from = path.join(staging, ...file.path.split("/"));
      const to = path.join(target, ...file.path.split("/"));
      const dirs = await makeParents(path.dirname(to));
      placedDirs.push(...dirs);
      try {
        await link(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          throw new UserError(`${file.path} appeared in ${target} while the project was being written.`, "Nothing was written; run again.");
        }
        throw error;
      }
      placedFiles.push(to);
    }
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    staging = undefined;
    await removeQuietly(placedFiles, unlink);
    await removeQuietly(placedDirs.reverse(), rmdir);
    await removeQuietly(createdParents.reverse(), rmdir);
    throw ioError(error, target);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

export async function readSource(file: PlannedFile): Promise<string> {
  if (file.kind === "write") return file.content;
  return readFile(file.source, "utf8");
}
