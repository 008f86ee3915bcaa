import type { Manifest, OptionValue } from "../../src/core/manifest.js";

export interface E2eRun {
  options: Record<string, OptionValue>;
  installer: "uv" | "pip";
}

/**
 * Enough real installs that every option value and both installers are covered
 * (the render layer covers every combination): run 0 takes every default with
 * uv, run 1 flips every option with pip, and so on for selects with more values.
 */
export function e2eRuns(manifest: Manifest): E2eRun[] {
  const values = manifest.options.map((o) =>
    o.type === "boolean" ? [o.default, !o.default] : [o.default, ...o.choices.map((c) => c.value).filter((v) => v !== o.default)],
  );
  const count = Math.max(2, ...values.map((v) => v.length));
  return Array.from({ length: count }, (_, i) => ({
    options: Object.fromEntries(manifest.options.map((o, k) => [o.name, values[k]![i % values[k]!.length]!])),
    installer: i % 2 === 0 ? "uv" : "pip",
  }));
}

export function optionArgs(options: Record<string, OptionValue>): string[] {
  return Object.entries(options).flatMap(([name, value]) =>
    typeof value === "boolean" ? [value ? `--${name}` : `--no-${name}`] : [`--${name}`, value],
  );
}
