import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/**
 * The one way tests get a temp folder: a factory whose folders (cbp-<prefix>-*)
 * are all removed after the test file, whatever the tests did to them.
 */
export function scratchFolders(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `cbp-${prefix}-`));
    made.push(dir);
    return dir;
  };
}
