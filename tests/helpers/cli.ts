import { execa, type Options } from "execa";
import { BIN, FIXTURE_TEMPLATES } from "./paths.js";

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built bin as a user would, with no TTY. Defaults to the fixture templates. */
export async function cli(args: string[], options: Options & { templates?: string | null } = {}): Promise<CliResult> {
  const { templates = FIXTURE_TEMPLATES, env, ...rest } = options;
  const result = await execa(process.execPath, [BIN, ...args], {
    reject: false,
    stdin: "ignore",
    ...rest,
    env: { ...(templates ? { CREATE_BACKEND_PROJECT_TEMPLATES: templates } : { CREATE_BACKEND_PROJECT_TEMPLATES: "" }), ...env },
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
