// Why this exists: create writes a plan to disk, but update and check need the same project as a
// value (path → bytes + mode) to compare and merge with what is on disk. Both go through the one
// renderer create uses, so a tree here is byte for byte what create would write.
import { readFile } from "node:fs/promises";
import type { Plan, PlannedFile } from "../core/plan.js";
import { SHARED_FOLDER } from "../core/registry.js";
import type { Tree, TreeFile } from "../domain/merge.js";
import type { SecretValue } from "../effects/secrets.js";
import { createRenderer, type Renderer } from "../render/renderer.js";

export interface RenderTreeOptions {
  /** Values for the template's secrets; fresh ones are the caller's choice (makeSecrets). */
  secrets: Record<string, SecretValue>;
  /** Defaults to the renderer create uses, with the plan's precompiled templates. */
  renderer?: Renderer;
}

async function fileBytes(file: PlannedFile, renderer: Renderer, data: object): Promise<Uint8Array> {
  if (file.kind === "write") return new TextEncoder().encode(file.content);
  if (file.kind === "copy") return new Uint8Array(await readFile(file.source));
  return new TextEncoder().encode(await renderer.render(await readFile(file.source, "utf8"), data, file.path));
}

/** Renders every file of a plan in memory; nothing is written. */
export async function renderTree(plan: Plan, options: RenderTreeOptions): Promise<Map<string, TreeFile>> {
  const renderer = options.renderer ?? (await createRenderer([SHARED_FOLDER, plan.template]));
  const data = { ...plan.data, secrets: options.secrets };
  const entries = await Promise.all(
    plan.files.map(async (file) => [file.path, { bytes: await fileBytes(file, renderer, data), mode: file.mode }] as const),
  );
  return new Map(entries);
}

/** The tree without the paths `keep` refuses, e.g. the files whose content is a fresh secret on every render. */
export function filterTree(tree: Tree, keep: (path: string) => boolean): Map<string, TreeFile> {
  return new Map([...tree].filter(([path]) => keep(path)));
}
