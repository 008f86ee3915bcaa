import { lstat, readdir } from "node:fs/promises";
import { meaningfulEntries } from "../core/meaningfulEntries.js";
import { UserError } from "../errors.js";

export type TargetFolder = { kind: "missing" } | { kind: "empty" } | { kind: "used"; entries: string[] };

/** What is at the target now, so the interactive flow can ask about it as soon as it is typed. */
export async function readTargetFolder(target: string): Promise<TargetFolder> {
  const stats = await lstat(target).catch(() => undefined);
  if (!stats) return { kind: "missing" };
  if (!stats.isDirectory()) throw new UserError(`${target} exists and is not a folder.`, "Choose another directory name.");
  const entries = meaningfulEntries(await readdir(target));
  return entries.length ? { kind: "used", entries } : { kind: "empty" };
}
