import prompts, { type PromptObject } from "prompts";
import type { PartialAnswers } from "../core/answers.js";
import type { Manifest } from "../core/manifest.js";
import { deriveNames } from "../core/names.js";
import type { Registry } from "../core/registry.js";
import { CancelledError, UserError } from "../errors.js";
import { nameAsFlag } from "./flags.js";

/**
 * Asks only what the flags and answers file left open, and returns one more
 * layer of answers: prompts never decide anything the flags could not.
 * Callers check for a TTY first; prompts with a closed stdin would resolve empty.
 */
const io = { stdin: process.stdin, stdout: process.stderr };

async function ask<T>(question: PromptObject): Promise<T> {
  let cancelled = false;
  const result = await prompts({ ...question, ...io } as PromptObject, {
    onCancel: () => {
      cancelled = true;
      return false;
    },
  });
  if (cancelled || !(question.name as string in result)) throw new CancelledError();
  return result[question.name as string] as T;
}

export async function askTemplate(registry: Registry): Promise<string> {
  return ask<string>({
    type: "select",
    name: "template",
    message: "Which project do you want to build?",
    choices: registry.templates.map((t) => ({
      title: `${t.title} (${t.stack.slice(0, 2).join(", ")})`,
      description: `${t.summary} Shows: ${t.skills.join(", ")}.`,
      value: t.id,
    })),
  });
}

export async function askDirectory(manifest: Manifest, cwd: string, name?: string): Promise<string> {
  return ask<string>({
    type: "text",
    name: "directory",
    message: "Project directory",
    initial: manifest.id,
    validate: (value: string) => {
      try {
        deriveNames(cwd, value, name, manifest.reserved);
        return true;
      } catch (error) {
        return error instanceof UserError ? `${error.message} ${error.hintFor(nameAsFlag) ?? ""}`.trim() : String(error);
      }
    },
  });
}

/**
 * Asked as soon as a non-empty folder is named, not after every other question.
 * Like create-vite's choices, minus the one that deletes files.
 */
export async function askWhenNotEmpty(directory: string, entries: readonly string[]): Promise<"again" | "add"> {
  const shown = entries.slice(0, 3).join(", ") + (entries.length > 3 ? `, …${entries.length - 3} more` : "");
  const choice = await ask<"again" | "add" | "cancel">({
    type: "select",
    name: "existing",
    message: `${directory} is not empty (${shown}). What now?`,
    choices: [
      { title: "Pick another directory", value: "again" },
      {
        title: "Add the project into it",
        description: "Only if none of the project's files are there already: nothing is overwritten.",
        value: "add",
      },
      { title: "Cancel", value: "cancel" },
    ],
    initial: 0,
  });
  if (choice === "cancel") throw new CancelledError("Nothing was created.");
  return choice;
}

export async function askOptions(manifest: Manifest, given: Record<string, unknown>): Promise<PartialAnswers["options"]> {
  const out: Record<string, unknown> = {};
  for (const option of manifest.options) {
    if (given[option.name] !== undefined) continue;
    out[option.name] =
      option.type === "boolean"
        ? await ask<boolean>({ type: "confirm", name: option.name, message: `${option.message}?`, initial: option.default })
        : await ask<string>({
            type: "select",
            name: option.name,
            message: option.message,
            choices: option.choices.map((c) => ({ title: c.title, value: c.value })),
            initial: option.choices.findIndex((c) => c.value === option.default),
          });
  }
  return out;
}

export async function askLicense(): Promise<string> {
  return ask<string>({
    type: "select",
    name: "license",
    message: "License",
    choices: [
      { title: "MIT", description: "Short and permissive: anyone may reuse it, with the copyright notice.", value: "MIT" },
      { title: "Apache-2.0", description: "Permissive, with an explicit patent grant.", value: "Apache-2.0" },
      { title: "None", description: "No LICENSE file: all rights reserved.", value: "none" },
    ],
    initial: 0,
  });
}

export async function confirm(message: string): Promise<void> {
  const ok = await ask<boolean>({ type: "confirm", name: "ok", message, initial: true });
  if (!ok) throw new CancelledError("Nothing was created.");
}
