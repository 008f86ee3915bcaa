// Why this exists: check must tell, without rendering, whether the templates of this CLI differ
// from the ones a project was made with. The digest covers every source a template can use (all
// options, all licences), so it names the template's version, not one project's answers.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { TemplateSources } from "../core/registry.js";

export async function templateDigest(sources: TemplateSources): Promise<string> {
  const files = Object.entries(sources)
    .flatMap(([from, listing]) => listing.map((file) => ({ key: `${from}/${file.relative}`, file })))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const contents = await Promise.all(files.map(({ file }) => readFile(file.absolute)));
  const hash = createHash("sha256");
  files.forEach(({ key, file }, i) => {
    const bytes = contents[i]!;
    // Lengths frame each part, so no two different trees hash the same stream.
    hash.update(`${key.length}:${key}:${file.executable ? "x" : "-"}:${bytes.length}:`).update(bytes);
  });
  return `sha256:${hash.digest("hex")}`;
}
