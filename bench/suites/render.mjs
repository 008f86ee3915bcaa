// bench: 2. render only (imported in order by bench/run.mjs; runs when imported).
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  REPO,
  RUNS,
  NODE,
  SLUG,
  PKG,
  ROOT,
  log,
  run,
  must,
  lastLine,
  fresh,
  median,
  stats,
  measure,
  fmtS,
  fmtRange,
  fmtRatio,
  fmtBytes,
  walk,
  treeSize,
  ourCli,
} from "../harness.mjs";
import {
  ccConfig,
  cmd,
  cookiecutter,
  copier,
  createVite,
  defaults,
  listed,
  manifests,
  only,
  report,
  templateIds,
  versions,
} from "./setup.mjs";
import { eager, list, nodeBare } from "./startup.mjs";

// ---------------------------------------------------------------- 2. render only
log("2. render only");

/**
 * Which output files of a template are rendered, for the default answers, as the
 * CLI's own plan says (`--dry-run --json`): the engine decides `when`, layers and
 * output paths, not a copy of its rules here.
 */
export function originMap(id) {
  const planned = JSON.parse(must(`--dry-run ${id}`, ourCli([SLUG, "-t", id, "--yes", "--dry-run", "--json"], { cwd: ROOT })).stdout);
  const origins = new Map();
  for (const file of planned.files) {
    const out = file.path.split("/").join(path.sep);
    // The path as the template names it: the two names the engine fills into paths.
    const templ = out.replaceAll(PKG, "{{packageName}}").replaceAll(SLUG, "{{slug}}");
    origins.set(out, { hbs: file.action !== "copy", templ });
  }
  return origins;
}

/** Our rendered text as a Jinja template that renders back to the same text. */
export function toJinja(text, varPrefix) {
  return text
    .replace(/\{[{%#]/g, (m) => `{{ '${m}' }}`)
    .replace(/bench[-_]app/g, (m) => `{{ ${varPrefix}${m === PKG ? "package_name" : "project_slug"} }}`);
}
export const jinjaPath = (templ, varPrefix) =>
  templ.replaceAll("{{packageName}}", `{{ ${varPrefix}package_name }}`).replaceAll("{{slug}}", `{{ ${varPrefix}project_slug }}`);

/** Builds the copier and cookiecutter versions of a rendered tree; returns their folders and counts. */
export async function convert(id, rendered) {
  const origins = originMap(id);
  const files = [];
  await walk(rendered, async (rel) => files.push(rel));
  const cop = path.join(ROOT, "conv", id, "copier");
  const cc = path.join(ROOT, "conv", id, "cookiecutter");
  const ccRoot = path.join(cc, "{{cookiecutter.project_slug}}");
  const copyOnly = [];
  let jinja = 0;
  for (const rel of files) {
    const origin = origins.get(rel);
    if (!origin) throw new Error(`${id}: ${rel} was written but is not in the CLI's plan`);
    const src = path.join(rendered, rel);
    const copPath = path.join(cop, "template", jinjaPath(origin.templ, ""));
    const ccRel = jinjaPath(origin.templ, "cookiecutter.");
    const ccPath = path.join(ccRoot, ccRel);
    await mkdir(path.dirname(copPath), { recursive: true });
    await mkdir(path.dirname(ccPath), { recursive: true });
    if (origin.hbs) {
      jinja += 1;
      const text = await readFile(src, "utf8");
      await writeFile(`${copPath}.jinja`, toJinja(text, ""));
      await writeFile(ccPath, toJinja(text, "cookiecutter."));
      const mode = (await lstat(src)).mode & 0o777;
      await chmod(`${copPath}.jinja`, mode);
      await chmod(ccPath, mode);
    } else {
      await cp(src, copPath, { preserveTimestamps: true });
      await cp(src, ccPath, { preserveTimestamps: true });
      copyOnly.push(ccRel.replace(/[[\]*?]/g, (c) => `[${c}]`));
    }
  }
  await writeFile(
    path.join(cop, "copier.yml"),
    [
      "_subdirectory: template",
      "_templates_suffix: .jinja",
      "project_slug:",
      "  type: str",
      `  default: ${SLUG}`,
      "package_name:",
      "  type: str",
      `  default: ${PKG}`,
      "",
    ].join("\n"),
  );
  await writeFile(
    path.join(cc, "cookiecutter.json"),
    JSON.stringify({ project_slug: SLUG, package_name: PKG, _copy_without_render: copyOnly }, null, 2),
  );
  return { cop, cc, files: files.length, jinja, verbatim: files.length - jinja };
}

export async function sameTree(a, b) {
  const fa = [];
  const fb = [];
  await walk(a, async (r) => fa.push(r));
  await walk(b, async (r) => fb.push(r));
  const diffs = [];
  const setB = new Set(fb);
  for (const r of fa) {
    if (!setB.has(r)) diffs.push(`missing ${r}`);
    else if (!(await readFile(path.join(a, r))).equals(await readFile(path.join(b, r)))) diffs.push(`differs ${r}`);
  }
  for (const r of fb) if (!fa.includes(r)) diffs.push(`extra ${r}`);
  return diffs;
}

// What loading each lazily imported chunk of dist/ costs (the renderer lives in one of them).
export const lazyChunks = [];
if (eager) {
  for (const name of (await readdir(path.join(REPO, "dist"))).filter((n) => n.endsWith(".js"))) {
    const file = path.join(REPO, "dist", name);
    if (eager.files.includes(path.relative(REPO, file))) continue;
    const st = await measure(`import dist/${name}`, async () => {
      const r = run(NODE, ["--input-type=module", "-e", `await import(${JSON.stringify(file)})`]);
      return { ...r, note: lastLine(r) };
    });
    lazyChunks.push({ name, bytes: (await lstat(file)).size, st });
  }
}

export const viteRender = await measure("create-vite vanilla-ts", async () => {
  const cwd = await fresh("vite");
  const r = run(NODE, [createVite, "proj", "--template", "vanilla-ts", "--no-interactive"], { cwd });
  return { ...r, note: lastLine(r) };
});
export let viteFiles = 0;
{
  const cwd = await fresh("vite-count");
  run(NODE, [createVite, "proj", "--template", "vanilla-ts", "--no-interactive"], { cwd });
  viteFiles = (await treeSize(path.join(cwd, "proj"))).files;
  await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });
}
cmd("create-vite", `node <tmp>/node_modules/create-vite/index.js proj --template vanilla-ts --no-interactive   (create-vite ${versions["create-vite"]}, installed with npm into a scratch folder)`);
cmd("render (ours)", `node bin/create-backend-project.js ${SLUG} -t <id> --yes --no-git --no-venv`);
cmd("cookiecutter", `cookiecutter --no-input --config-file <tmp>/cookiecutter.yaml -o <fresh dir> <converted template>`);
cmd("copier", `copier copy --defaults --trust --quiet <converted template> <fresh dir>/${SLUG}`);

export const renderRows = [];
export const renderTargets = [];
for (const id of templateIds) {
  // One reference render: the file tree the rivals are given.
  const refDir = await mkdtemp(path.join(ROOT, `ref-${id}-`));
  const ref = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv"], { cwd: refDir });
  if (!ref.ok) {
    const why = lastLine(ref);
    log(`  ${id}: render FAILED: ${why}`);
    renderRows.push({ id, ours: { failed: why } });
    continue;
  }
  const rendered = path.join(refDir, SLUG);
  const conv = await convert(id, rendered);
  // Check the converted templates give back the same tree (except the fresh secrets, which ours regenerates).
  const ccCheck = await fresh("cc-check");
  const ccOne = run(cookiecutter, ["--no-input", "--config-file", ccConfig, "-o", ccCheck, conv.cc]);
  const copCheck = await fresh("cop-check");
  const copOne = run(copier, ["copy", "--defaults", "--trust", "--quiet", conv.cop, path.join(copCheck, SLUG)]);
  const ccDiff = ccOne.ok ? await sameTree(rendered, path.join(ccCheck, SLUG)) : [`cookiecutter failed: ${lastLine(ccOne)}`];
  const copDiff = copOne.ok ? await sameTree(rendered, path.join(copCheck, SLUG)) : [`copier failed: ${lastLine(copOne)}`];
  await rm(path.join(ROOT, "scratch"), { recursive: true, force: true });

  const ours = await measure(`render ${id}`, async () => {
    const cwd = await fresh("ours");
    const r = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv"], { cwd });
    return { ...r, note: lastLine(r) };
  });
  const oursJson = [];
  await measure(`render ${id} (--json step timings)`, async () => {
    const cwd = await fresh("ours-json");
    const r = ourCli([SLUG, "-t", id, "--yes", "--no-git", "--no-venv", "--json"], { cwd });
    if (r.ok) oursJson.push(JSON.parse(r.stdout).steps.find((s) => s.id === "files")?.ms / 1000);
    return { ...r, note: lastLine(r) };
  }, { warmup: false, runs: Math.min(RUNS, 3) });
  const cc = ccOne.ok
    ? await measure(`cookiecutter ${id}`, async () => {
        const out = await fresh("cc");
        const r = run(cookiecutter, ["--no-input", "--config-file", ccConfig, "-o", out, conv.cc]);
        return { ...r, note: lastLine(r) };
      })
    : { failed: lastLine(ccOne) };
  const cop = copOne.ok
    ? await measure(`copier ${id}`, async () => {
        const out = await fresh("cop");
        const r = run(copier, ["copy", "--defaults", "--trust", "--quiet", conv.cop, path.join(out, SLUG)]);
        return { ...r, note: lastLine(r) };
      })
    : { failed: lastLine(copOne) };
  renderRows.push({ id, ours, cc, cop, conv, ccDiff, copDiff, writeStep: stats(oursJson.filter(Number.isFinite)) });
  await rm(refDir, { recursive: true, force: true });
}

{
  const lines = [
    "## 2. Render only",
    "",
    `Ours: \`--yes --no-git --no-venv\` into a fresh folder (default answers). Anchor: create-vite ${versions["create-vite"]} \`vanilla-ts\` (${viteFiles} files), measured in this run: ${viteRender?.failed ? `failed: ${viteRender.failed}` : `${fmtS(viteRender.median)} (${fmtRange(viteRender)})`}.`,
    "",
    "cookiecutter and copier render the *same* tree: the benchmark takes our output for the default answers and converts it — each file that came from a `.hbs` becomes a Jinja template (copier: `.jinja` suffix; cookiecutter: a normal file under `{{cookiecutter.project_slug}}/`) in which the project slug and package name are variables, and every other file is copied verbatim (copier: no suffix; cookiecutter: listed in `_copy_without_render`). Paths with `{{packageName}}` become Jinja paths. Both outputs are compared byte for byte with ours before timing.",
    "",
    "| template | files (Jinja / verbatim) | tool | median | min – max | ratio to create-vite | ratio to cookiecutter |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const r2 = (st, anchor) => (st && !st.failed && anchor && !anchor.failed ? fmtRatio(st.median / anchor.median) : "–");
  lines.push(`| – | ${viteFiles} | create-vite (anchor) | ${viteRender.failed ? "**failed**" : fmtS(viteRender.median)} | ${viteRender.failed ? viteRender.failed : fmtRange(viteRender)} | 1.00× | – |`);
  for (const r of renderRows) {
    if (r.ours.failed) {
      lines.push(`| ${r.id} | – | **ours: failed** | – | ${r.ours.failed.replace(/\|/g, "\\|")} | – | – |`);
      renderTargets.push({ id: r.id, failed: r.ours.failed });
      continue;
    }
    const files = `${r.conv.files} (${r.conv.jinja} / ${r.conv.verbatim})`;
    for (const [tool, st] of [["create-backend-project", r.ours], ["cookiecutter", r.cc], ["copier", r.cop]]) {
      if (st.failed) lines.push(`| ${r.id} | ${files} | ${tool}: **failed** | – | ${st.failed.replace(/\|/g, "\\|")} | – | – |`);
      else lines.push(`| ${r.id} | ${files} | ${tool} | ${fmtS(st.median)} | ${fmtRange(st)} | ${r2(st, viteRender)} | ${r2(st, r.cc)} |`);
    }
    renderTargets.push(r);
  }
  const checks = renderRows
    .filter((r) => !r.ours.failed)
    .map((r) => {
      const say = (d) => (d.length === 0 ? "identical" : `${d.length} difference(s): ${d.slice(0, 3).join(", ")}`);
      const write = r.writeStep ? `; our own \`files\` step (from \`--json\`) ${fmtS(r.writeStep.median)} of the total` : "";
      return `- ${r.id}: cookiecutter output ${say(r.ccDiff)}; copier output ${say(r.copDiff)}${write}.`;
    });
  if (checks.length) lines.push("", "Same-tree check and where our time goes:", "", ...checks);
  if (lazyChunks.length && nodeBare && !nodeBare.failed) {
    lines.push(
      "",
      `Loading each chunk of \`dist/\` that is imported only after the answers are in (\`node -e "await import(chunk)"\`, over \`node -e 0\`; \`execa-*\` loads at the first child process, so never in a render-only run, and \`lib-*\`, the Handlebars compiler, only for a source the build did not precompile): ` +
        lazyChunks.map((c) => `\`${c.name}\` (${fmtBytes(c.bytes)}) ${c.st.failed ? "failed" : `+${fmtS(c.st.median - nodeBare.median)}`}`).join(", ") + ".",
    );
  }
  report.sections.push(lines.join("\n"));

  // RSA secrets are generated inside the files step; time one 2048-bit key pair in-process.
  const { generateKeyPairSync } = await import("node:crypto");
  const rsaSamples = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const t0 = performance.now();
    generateKeyPairSync("rsa", { modulusLength: 2048 });
    rsaSamples.push((performance.now() - t0) / 1000);
  }
  const rsa = stats(rsaSamples);
  const usesRsa = (id) => Object.values(manifests[id].secrets ?? {}).some((x) => x?.type === "rsa");
  if (templateIds.some(usesRsa)) {
    report.sections[report.sections.length - 1] += `\n\nGenerating one RSA-2048 key pair (\`crypto.generateKeyPairSync\`, in-process) takes ${fmtS(rsa.median)} (${fmtRange(rsa)}) here; ${templateIds.filter(usesRsa).join(", ")} generate(s) one inside the files step.`;
  }
  // The chunk every render loads after the answers (execa and the compiler load only when needed).
  const rendererChunk = lazyChunks.find((c) => !c.st.failed && c.name.startsWith("execute-"));
  for (const r of renderTargets) {
    if (r.failed) {
      report.targets.push({ target: `Render only, ${r.id}: ≤ 0.5× cookiecutter and ≤ 2× create-vite`, measured: `render failed: ${r.failed}`, met: false, take: "The template must render with the default answers first." });
      continue;
    }
    const vsCc = r.cc && !r.cc.failed ? r.ours.median / r.cc.median : NaN;
    const vsVite = !viteRender.failed ? r.ours.median / viteRender.median : NaN;
    const met = vsCc <= 0.5 && vsVite <= 2;
    const startup = list && !list.failed ? list.median : undefined;
    const missing = [];
    if (!(vsCc <= 0.5)) missing.push(`cookiecutter: needs ≤ ${fmtS(r.cc?.median * 0.5)}`);
    if (!(vsVite <= 2)) missing.push(`create-vite: needs ≤ ${fmtS(viteRender.median * 2)}`);
    report.targets.push({
      target: `Render only, ${r.id} (${r.conv.files} files): ≤ 0.5× cookiecutter and ≤ 2× create-vite`,
      measured: `${fmtS(r.ours.median)} = ${fmtRatio(vsCc)} cookiecutter, ${fmtRatio(vsVite)} create-vite`,
      met,
      take: met
        ? ""
        : `Cut ${fmtS(r.ours.median - Math.min(...[r.cc?.median * 0.5, viteRender.median * 2].filter(Number.isFinite)))} (${missing.join("; ")}). ` +
          `Of ${fmtS(r.ours.median)}, start-up (\`--list\`) is ${fmtS(startup)} and the files step ${fmtS(r.writeStep?.median)}` +
          (rendererChunk ? `, which includes importing the renderer, \`${rendererChunk.name}\` (${fmtBytes(rendererChunk.bytes)}, +${fmtS(rendererChunk.st.median - nodeBare.median)} on its own)` : "") +
          (usesRsa(r.id) ? `, and generating its RSA-2048 key (${fmtS(rsa.median)} on its own, ${fmtS(rsa.min)} – ${fmtS(rsa.max)}: a random prime search; it overlaps the copied files)` : "") +
          `. Node itself starts in ${fmtS(nodeBare.median)}. ` +
          (usesRsa(r.id)
            ? "The key is most of the gap: an Ed25519 key (EdDSA) takes under a millisecond, so moving the template from RS256 to EdDSA would close it, at the cost of JWT consumers that only accept RS256."
            : "What is left is Node's own start-up, loading the CLI and the renderer chunk, and the files themselves; the next lever is fewer modules before the first file is written."),
    });
  }
}

