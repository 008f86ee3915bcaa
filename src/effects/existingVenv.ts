import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Installer } from "./python.js";
import { venvPython } from "./python.js";
import { tryRun } from "./run.js";

export type VenvState = { kind: "missing" } | { kind: "usable"; version: string } | { kind: "unusable"; reason: string };

// -I: no PYTHON* variables or user site; site-packages stays, so pip is found where it is installed.
const PROBE = "import sys, importlib.util; print('%d.%d' % sys.version_info[:2]); print(importlib.util.find_spec('pip') is not None)";

/**
 * A `.venv` already in the target (with --force) is reused when it runs a new
 * enough Python that the installer can install into, and reported otherwise:
 * never silently built over.
 */
export async function inspectVenv(
  target: string,
  minimum: string,
  installer: Installer,
  platform: NodeJS.Platform,
  signal?: AbortSignal,
): Promise<VenvState> {
  const stats = await stat(path.join(target, ".venv")).catch(() => undefined);
  if (!stats) return { kind: "missing" };
  if (!stats.isDirectory()) return { kind: "unusable", reason: "it is not a folder" };
  const python = venvPython(target, platform);
  const probe = await tryRun(python, ["-I", "-c", PROBE], { step: "venv", signal, timeoutMs: 15_000 });
  const [version, hasPip] = probe.output.trim().split(/\r?\n/).slice(-2);
  if (probe.notFound || probe.exitCode !== 0 || !/^\d+\.\d+$/.test(version ?? "")) {
    return { kind: "unusable", reason: `its interpreter ${python} does not run` };
  }
  const [major, minor] = version!.split(".").map(Number) as [number, number];
  const [minMajor, minMinor] = minimum.split(".").map(Number) as [number, number];
  if (major < minMajor || (major === minMajor && minor < minMinor)) {
    return { kind: "unusable", reason: `it is Python ${version}; this template needs Python ${minimum} or newer` };
  }
  if (installer.kind === "pip" && hasPip !== "True") return { kind: "unusable", reason: "it has no pip to install with" };
  return { kind: "usable", version: version! };
}

/** Removes a `.venv` this run started and could not finish. */
export async function removeVenv(target: string): Promise<void> {
  await rm(path.join(target, ".venv"), { recursive: true, force: true });
}
