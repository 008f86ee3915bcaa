import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { run } from "./e2eServices.js";

/**
 * The interpreters the suite proves the templates on. `CBP_E2E_PYTHON_VERSIONS` (default
 * 3.11,3.12,3.13) says which versions are required; `CBP_E2E_PYTHONS` may list interpreter paths;
 * otherwise they are found under `$(pyenv root)/versions/<v>*` /bin and then on PATH. A required
 * version that cannot be found is an error, never a silent skip.
 */
export const REQUIRED_VERSIONS = (process.env.CBP_E2E_PYTHON_VERSIONS || "3.11,3.12,3.13")
  .split(",")
  .map((v) => v.trim())
  .filter(Boolean);

async function versionOf(interpreter: string): Promise<string | undefined> {
  const { exitCode, output } = await run(interpreter, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
  return exitCode === 0 ? output.trim().split("\n").pop() : undefined;
}

async function candidates(version: string): Promise<string[]> {
  const listed = (process.env.CBP_E2E_PYTHONS ?? "").split(/[,:]/).filter(Boolean);
  if (listed.length) return listed;
  const found: string[] = [];
  const { exitCode, output } = await run("pyenv", ["root"]);
  const root = exitCode === 0 ? output.trim() : path.join(process.env.HOME ?? "", ".pyenv");
  const versions = path.join(root, "versions");
  if (existsSync(versions)) {
    for (const dir of readdirSync(versions).filter((d) => d === version || d.startsWith(`${version}.`)).sort().reverse()) {
      found.push(path.join(versions, dir, "bin", `python${version}`));
    }
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) found.push(path.join(dir, `python${version}`));
  return found.filter((p) => existsSync(p));
}

/** version → a working interpreter of that version; throws naming every missing version. */
export async function findPythons(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const version of REQUIRED_VERSIONS) {
    for (const candidate of await candidates(version)) {
      if ((await versionOf(candidate)) === version) {
        found.set(version, candidate);
        break;
      }
    }
  }
  const missing = REQUIRED_VERSIONS.filter((v) => !found.has(v));
  if (missing.length) {
    throw new Error(
      `No working interpreter for Python ${missing.join(", ")}. Install ${missing.length > 1 ? "them" : "it"} (pyenv install), ` +
        `list interpreters in CBP_E2E_PYTHONS, or narrow the versions with CBP_E2E_PYTHON_VERSIONS=${REQUIRED_VERSIONS.filter((v) => found.has(v)).join(",") || "3.11"}.`,
    );
  }
  return found;
}
