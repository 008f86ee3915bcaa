// Why this exists: CI asks one question of a generated project: do this CLI's templates have
// changes it has not taken yet? The answer lists the template files that changed since the
// project's templates version, one per line, without touching the project.
import type { Registry } from "../core/registry.js";
import type { Tree } from "../domain/merge.js";
import { policyFor } from "../domain/filePolicy.js";
import { RECORD_FILE } from "../domain/record.js";
import { gitMode, readBaseTree } from "../engine/baseRef.js";
import { loadGeneratedProject, renderProject } from "./generatedProject.js";

export type TemplateChange = { path: string; change: "added" | "modified" | "deleted" };

export interface CheckReport {
  upToDate: boolean;
  template: string;
  /** The CLI version whose templates the project is on, and this one. */
  projectVersion: string;
  currentVersion: string;
  /** "base": compared file by file with the pristine render; "digest": no pristine copy, only the digests. */
  basis: "base" | "digest";
  changes: TemplateChange[];
}

export interface CheckInput {
  dir: string;
  registry: Registry;
  version: string;
}

/** The template's changes from `base` to `next`, leaving out files the project owns once generated. */
export function templateChanges(base: Tree, next: Tree, ignore: (path: string) => boolean): TemplateChange[] {
  const paths = [...new Set([...base.keys(), ...next.keys()])].filter((p) => !ignore(p)).sort();
  const changes: TemplateChange[] = [];
  for (const path of paths) {
    const [b, n] = [base.get(path), next.get(path)];
    if (!b) changes.push({ path, change: "added" });
    else if (!n) changes.push({ path, change: "deleted" });
    else if (gitMode(b.mode) !== gitMode(n.mode) || Buffer.compare(Buffer.from(b.bytes), Buffer.from(n.bytes)) !== 0) {
      changes.push({ path, change: "modified" });
    }
  }
  return changes;
}

export async function runCheck(input: CheckInput): Promise<CheckReport> {
  const project = await loadGeneratedProject(input.dir, input.registry);
  const [rendered, base] = await Promise.all([
    renderProject(project, input.registry, input.version),
    readBaseTree(input.dir, project.record.templateDigest),
  ]);
  const common = { template: project.manifest.id, projectVersion: project.record.version, currentVersion: input.version };
  if (!base) {
    // Without the pristine copy only the digests can tell; an old record without one is assumed behind.
    const upToDate = project.record.templateDigest === rendered.digest;
    return { ...common, upToDate, basis: "digest", changes: [] };
  }
  const ignore = (path: string) => path === RECORD_FILE || policyFor(path, project.manifest.policies) === "never-touch";
  const changes = templateChanges(base.tree, rendered.tree, ignore);
  return { ...common, upToDate: changes.length === 0, basis: "base", changes };
}
