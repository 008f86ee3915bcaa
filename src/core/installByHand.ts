/** What a template ships so every install takes the versions its CI tested (scripts/lock.mjs writes both). */
export const LOCK_FILE = "uv.lock";
export const REQUIREMENTS_FILE = "requirements-dev.txt";

/** Whether the generated files hold the lock this installer installs from. */
export function isLocked(kind: "uv" | "pip", paths: readonly string[]): boolean {
  return paths.includes(kind === "uv" ? LOCK_FILE : REQUIREMENTS_FILE);
}

/** The install typed by hand inside the activated .venv (recovery hints, next steps). */
export function installByHand(kind: "uv" | "pip", locked: boolean): string[] {
  if (kind === "uv") return [locked ? "uv sync --locked" : 'uv pip install -e ".[dev]"'];
  return locked
    ? [`python -m pip install --require-hashes -r ${REQUIREMENTS_FILE}`, "python -m pip install --no-deps -e ."]
    : ['python -m pip install -e ".[dev]"'];
}
