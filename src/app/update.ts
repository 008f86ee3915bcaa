// Why this exists: `update` brings a generated project to this CLI's templates without losing the
// user's edits: a three-way merge whose base is the pristine render of the project's templates
// version, "ours" the project on disk and "theirs" today's render with the same answers and names.
// Everything is decided in memory first; then the files are written with a rollback, and the
// record and base ref move only once every file is in place.
import { chmod, lstat, mkdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadRegistry, type Registry } from "../core/registry.js";
import { type MergeConflict, mergeTrees, type TreeFile } from "../domain/merge.js";
import { policyFor } from "../domain/filePolicy.js";
import { makeRecord, RECORD_FILE, serializeRecord } from "../domain/record.js";
import { unifiedDiff } from "../domain/unifiedDiff.js";
import { gitMode, isRepositoryRoot, readBaseTree, readWorkingTree, workTreeChanges, writeBaseTree } from "../engine/baseRef.js";
import { AppError, isAppError } from "../errors.js";
import { PACKAGE_NAME } from "../packageName.js";
import { loadGeneratedProject, type GeneratedProject, renderProject } from "./generatedProject.js";

export type ConflictStyle = "inline" | "rej";

export interface UpdateInput {
  dir: string;
  registry: Registry;
  version: string;
  dryRun: boolean;
  conflict: ConflictStyle;
  allowDirty: boolean;
  /** The templates the project was made with, for a project whose pristine copy is gone. */
  baseTemplates?: string;
}

export type FileAction = { path: string; action: "write" | "create" | "delete" | "reject" | "keep"; conflict?: MergeConflict["kind"] };

export interface UpdateReport {
  status: "up-to-date" | "updated" | "conflicts";
  dryRun: boolean;
  template: string;
  fromVersion: string;
  toVersion: string;
  actions: FileAction[];
  conflicts: MergeConflict[];
  /** Unified diff of the project's files before and after, for --dry-run. */
  diff: string;
}

/** A refusal or failure of update: exit 1, nothing written (or everything rolled back). */
export class UpdateError extends AppError {
  override readonly name = "UpdateError";
  constructor(message: string, hint?: string) {
    super("step", message, hint);
  }
}

async function refuseDirty(dir: string): Promise<void> {
  let changes: string[];
  try {
    changes = await workTreeChanges(dir);
  } catch {
    throw new UpdateError(`${dir} is not a git repository, so update cannot tell your changes from the template's.`, "Commit the project to git first, or pass --allow-dirty to update anyway.");
  }
  if (changes.length) {
    const listed = changes.slice(0, 10).map((line) => `  ${line}`).join("\n");
    throw new UpdateError(`${dir} has uncommitted changes:\n${listed}`, "Commit or stash them first (update never mixes its changes into yours), or pass --allow-dirty.");
  }
}

async function pristineTree(project: GeneratedProject, input: UpdateInput, current: { tree: Map<string, TreeFile>; digest: string }) {
  const base = await readBaseTree(project.dir, project.record.templateDigest);
  if (base) return base;
  // No base ref (no git identity at create, a project inside another repository, a fresh clone
  // without the ref): re-render the recorded answers with the templates the project was made with.
  if (project.record.templateDigest === current.digest) return { commit: undefined, tree: current.tree };
  if (input.baseTemplates) {
    const registry = await loadRegistry(input.baseTemplates);
    const old = await renderProject(project, registry, project.record.version);
    if (project.record.templateDigest && old.digest !== project.record.templateDigest) {
      throw new UpdateError(`The templates in ${input.baseTemplates} are not the ones this project was made with (its record names ${project.record.templateDigest}).`, `Point --base-templates at the templates of ${PACKAGE_NAME}@${project.record.version}.`);
    }
    return { commit: undefined, tree: old.tree };
  }
  throw new UpdateError(
    `This project has no pristine copy of its templates (git ref refs/create-backend-project/base), and ${PACKAGE_NAME} ${input.version} has other templates than ${project.record.version}, which made it.`,
    `Pass --base-templates <the templates folder of ${PACKAGE_NAME}@${project.record.version}> (e.g. from \`npm pack ${PACKAGE_NAME}@${project.record.version}\`).`,
  );
}

const same = (a: TreeFile | undefined, b: TreeFile | undefined) =>
  a !== undefined && b !== undefined && gitMode(a.mode) === gitMode(b.mode) && Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes)) === 0;

function textOf(file: TreeFile | undefined): string | undefined {
  if (!file) return undefined;
  const bytes = Buffer.from(file.bytes);
  return bytes.subarray(0, 8000).includes(0) ? "\0binary" : bytes.toString("utf8");
}

function describeDiff(file: string, before: TreeFile | undefined, after: TreeFile | undefined): string {
  const [a, b] = [textOf(before), textOf(after)];
  if (a === "\0binary" || b === "\0binary") return `Binary files a/${file} and b/${file} differ\n`;
  if (a === b && before && after) return `mode change ${gitMode(before.mode).toString(8)} → ${gitMode(after.mode).toString(8)}: ${file}\n`;
  return unifiedDiff(file, a, b);
}

type Write = { path: string; file: TreeFile | undefined };

/**
 * Writes each file (undefined deletes it); on any failure puts back every file it touched, then
 * throws. Returns the undo, for a failure in what must follow the files.
 */
async function applyWithRollback(dir: string, writes: readonly Write[], newFileMode: (path: string) => number): Promise<() => Promise<void>> {
  const saved: Array<{ path: string; before: { bytes: Buffer; mode: number } | undefined }> = [];
  const full = (p: string) => path.join(dir, ...p.split("/"));
  const undo = async () => {
    for (const { path: p, before } of saved.reverse()) {
      await (before ? writeFile(full(p), before.bytes).then(() => chmod(full(p), before.mode)) : rm(full(p), { force: true })).catch(() => undefined);
    }
  };
  try {
    for (const write of writes) {
      const target = full(write.path);
      const stats = await lstat(target).catch(() => undefined);
      saved.push({ path: write.path, before: stats?.isFile() ? { bytes: await readFile(target), mode: stats.mode & 0o777 } : undefined });
      if (!write.file) {
        if (stats) await unlink(target);
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, write.file.bytes);
      // An existing file keeps its own bits (a private .env stays 0600) unless the exec bit changed.
      const mode = stats ? (gitMode(stats.mode) === gitMode(write.file.mode) ? stats.mode & 0o777 : gitMode(write.file.mode)) : newFileMode(write.path);
      await chmod(target, mode);
    }
    return undo;
  } catch (error) {
    await undo();
    if (isAppError(error)) throw error;
    throw new UpdateError(`Writing the update failed (${(error as Error).message}); every file it touched was put back.`);
  }
}

export async function runUpdate(input: UpdateInput): Promise<UpdateReport> {
  const project = await loadGeneratedProject(input.dir, input.registry);
  if (!input.allowDirty && !input.dryRun) await refuseDirty(input.dir);
  const current = await renderProject(project, input.registry, input.version);
  const base = await pristineTree(project, input, current);

  const theirs = new Map(current.tree);
  const pristine = new Map(base.tree);
  for (const tree of [theirs, pristine]) tree.delete(RECORD_FILE);
  const ours = await readWorkingTree(input.dir, new Set([...pristine.keys(), ...theirs.keys()]));
  const { tree: merged, conflicts: found } = mergeTrees(pristine, ours, theirs, { policyFor: (p) => policyFor(p, project.manifest.policies) });

  // A file one side deleted and the other changed keeps the project's choice and has no markers
  // to resolve: it is reported, not counted as a conflict left.
  const kept = found.filter((c) => c.kind === "delete-modify" || c.kind === "modify-delete");
  const conflicts = found.filter((c) => !kept.includes(c));
  const rejected = new Set(
    input.conflict === "rej" ? conflicts.filter((c) => c.kind === "content" || c.kind === "add-add").map((c) => c.path) : [],
  );
  const conflictOf = new Map(found.map((c) => [c.path, c.kind]));
  const actions: FileAction[] = [];
  const writes: Write[] = [];
  let diff = "";
  for (const file of [...new Set([...merged.keys(), ...ours.keys()])].sort()) {
    const [next, now] = [merged.get(file), ours.get(file)];
    if (rejected.has(file)) {
      // The project's file stays as it is; the merge with its markers goes beside it.
      writes.push({ path: `${file}.rej`, file: next });
      actions.push({ path: file, action: "reject", conflict: conflictOf.get(file) });
      diff += describeDiff(`${file}.rej`, undefined, next);
      continue;
    }
    if (next && same(next, now)) {
      if (conflictOf.has(file)) actions.push({ path: file, action: "keep", conflict: conflictOf.get(file) });
      continue;
    }
    if (!next && !now) continue;
    writes.push({ path: file, file: next });
    actions.push({ path: file, action: !next ? "delete" : now ? "write" : "create", ...(conflictOf.has(file) ? { conflict: conflictOf.get(file) } : {}) });
    diff += describeDiff(file, now, next);
  }
  for (const c of found) if (!actions.some((a) => a.path === c.path)) actions.push({ path: c.path, action: "keep", conflict: c.kind });

  const recordChanged = project.record.templateDigest !== current.digest || project.record.version !== input.version || project.record.schemaVersion < 2;
  const report: UpdateReport = {
    status: conflicts.length ? "conflicts" : writes.length || recordChanged ? "updated" : "up-to-date",
    dryRun: input.dryRun,
    template: project.manifest.id,
    fromVersion: project.record.version,
    toVersion: input.version,
    actions,
    conflicts,
    diff,
  };
  if (input.dryRun || report.status === "up-to-date") return report;

  const planModes = new Map(current.plan.files.map((f) => [f.path, f.mode]));
  const record = makeRecord(project.answers, project.names, input.version, project.record.year ?? new Date().getFullYear(), current.digest);
  const recordFile = { bytes: new TextEncoder().encode(serializeRecord(record)), mode: 0o644 };
  // The record goes last: a failure before it leaves the project on its old templates version.
  const undo = await applyWithRollback(input.dir, [...writes, { path: RECORD_FILE, file: recordFile }], (p) => planModes.get(p) ?? 0o644);
  if (await isRepositoryRoot(input.dir)) {
    const next = new Map(current.tree);
    next.set(RECORD_FILE, recordFile);
    await writeBaseTree(input.dir, next, `Templates of ${PACKAGE_NAME} ${input.version} (${project.manifest.id})`, base.commit).catch(async (error: unknown) => {
      // Without the new base the next update would merge from the old one: undo the files too.
      await undo();
      throw error;
    });
  }
  return report;
}
