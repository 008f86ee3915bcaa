// Why this exists: not every generated file may be merged. Secrets are never regenerated (a new
// SECRET_KEY would log every user out), lockfiles are re-made rather than merged, and a template
// may mark files the user owns once created. The template's own rules come first.
import { isPrivateFile } from "../core/plan.js";
import type { UpdatePolicy } from "../core/manifest.js";

const LOCKFILES = /(^|\/)(uv\.lock|poetry\.lock|pdm\.lock|Pipfile\.lock|package-lock\.json)$/;

/** `*` matches within one path segment, `**` across segments; anything else is literal. */
export function globMatches(glob: string, file: string): boolean {
  const pattern = glob
    .split("**")
    .map((part) => part.split("*").map((text) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(file);
}

export function policyFor(file: string, policies: Readonly<Record<string, UpdatePolicy>> = {}): UpdatePolicy {
  const declared = Object.entries(policies).find(([glob]) => globMatches(glob, file));
  if (declared) return declared[1];
  if (isPrivateFile(file)) return "never-touch";
  if (LOCKFILES.test(file)) return "regenerate";
  return "merge";
}
