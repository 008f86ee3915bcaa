import { resolveAnswers } from "../../src/core/answers.js";
import type { Manifest, OptionValue } from "../../src/core/manifest.js";
import { deriveNames } from "../../src/core/names.js";
import { type Plan, planProject } from "../../src/core/plan.js";
import { findTemplate, loadRegistry, readTemplateSources } from "../../src/core/registry.js";
import type { SecretValue } from "../../src/effects/secrets.js";
import { executePlan, realEffects, type Reporter } from "../../src/execute.js";

export const silentReporter: Reporter = { stepStarted() {}, stepFinished() {}, warn() {} };

/** Every combination of every option's values: the render layer checks them all. */
export function optionCombinations(manifest: Manifest): Record<string, OptionValue>[] {
  let combos: Record<string, OptionValue>[] = [{}];
  for (const option of manifest.options) {
    const values: OptionValue[] = option.type === "boolean" ? [true, false] : option.choices.map((c) => c.value);
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [option.name]: value })));
  }
  return combos;
}

export function describeCombo(combo: Record<string, OptionValue>): string {
  return Object.entries(combo).map(([k, v]) => (typeof v === "boolean" ? `${v ? "" : "no-"}${k}` : `${k}=${v}`)).join(" ") || "defaults";
}

/** Renders a template through the same plan and effects as the CLI, without git or a venv. */
export async function renderTemplate(
  templatesDir: string,
  id: string,
  options: Record<string, OptionValue>,
  target: string,
  text: { description?: string; author?: string; name?: string } = {},
): Promise<Plan & { secretValues: Record<string, SecretValue> }> {
  const registry = await loadRegistry(templatesDir);
  const manifest = findTemplate(registry, id);
  const answers = resolveAnswers(manifest, { directory: target, options, ...text });
  const plan = planProject({
    manifest,
    answers,
    names: deriveNames(process.cwd(), target, answers.name, manifest.reserved),
    sources: await readTemplateSources(registry, manifest),
    settings: { git: false, venv: false, install: false },
    generatorVersion: "0.0.0-test",
    year: 2026,
    platform: process.platform,
  });
  let secretValues: Record<string, SecretValue> = {};
  const effects = {
    ...realEffects,
    makeSecrets: async (specs: Plan["secrets"]) => (secretValues = await realEffects.makeSecrets(specs)),
  };
  await executePlan(plan, { force: false, reporter: silentReporter, effects });
  return { ...plan, secretValues };
}
