// bench: 5. footprint (imported in order by bench/run.mjs; runs when imported).
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  REPO,
  NODE,
  ROOT,
  log,
  run,
  must,
  lastLine,
  fresh,
  fmtS,
  fmtRatio,
  fmtBytes,
  treeSize,
  countPackages,
} from "../harness.mjs";
import { cmd, cookiecutter, copier, pythonExe, report } from "./setup.mjs";
import { list } from "./startup.mjs";

// ---------------------------------------------------------------- 5. footprint
log("5. footprint");
export const fp = {};
{
  const packDir = path.join(ROOT, "pack");
  await mkdir(packDir, { recursive: true });
  const pack = run("npm", ["pack", "--json", "--pack-destination", packDir, "--loglevel=error"], { cwd: REPO });
  if (pack.ok) {
    const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
    fp.pack = { size: info.size, unpacked: info.unpackedSize, entries: info.entryCount, file: path.join(packDir, info.filename) };
    const dir = path.join(ROOT, "fp-ours");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "package.json"), "{}\n");
    const inst = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", fp.pack.file], { cwd: dir, timeoutMs: 900_000 });
    if (inst.ok) {
      fp.ours = { ...(await treeSize(path.join(dir, "node_modules"))), packages: await countPackages(path.join(dir, "node_modules")), seconds: inst.seconds };
      // Does the installed CLI work without the repo's node_modules?
      const smoke = run(NODE, [path.join(dir, "node_modules", "create-python-backend", "bin", "create-backend-project.js"), "--list", "--json"], { cwd: dir });
      fp.ours.works = smoke.ok;
    } else fp.ours = { failed: lastLine(inst) };
  } else fp.pack = { failed: lastLine(pack) };

  const vdir = path.join(ROOT, "fp-vite");
  await mkdir(vdir, { recursive: true });
  await writeFile(path.join(vdir, "package.json"), "{}\n");
  const vinst = run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "create-vite"], { cwd: vdir, timeoutMs: 900_000 });
  fp.vite = vinst.ok
    ? { ...(await treeSize(path.join(vdir, "node_modules"))), packages: await countPackages(path.join(vdir, "node_modules")), seconds: vinst.seconds }
    : { failed: lastLine(vinst) };

  for (const tool of ["cookiecutter", "copier"]) {
    const venv = path.join(ROOT, `fp-${tool}`);
    must("venv", run(pythonExe, ["-m", "venv", venv]));
    const before = await treeSize(venv);
    const sp = path.join(venv, "lib", `python${pythonExe.match(/python(3\.\d+)/)?.[1] ?? "3.11"}`, "site-packages");
    const dists = async () => (existsSync(sp) ? (await readdir(sp)).filter((n) => n.endsWith(".dist-info")).length : 0);
    const d0 = await dists();
    const inst = run(path.join(venv, "bin", "pip"), ["install", "-q", tool], { timeoutMs: 900_000 });
    if (inst.ok) {
      const after = await treeSize(venv);
      fp[tool] = { bytes: after.bytes - before.bytes, files: after.files - before.files, packages: (await dists()) - d0, seconds: inst.seconds };
    } else fp[tool] = { failed: lastLine(inst) };
  }
  cmd("footprint (ours)", "npm pack --json --pack-destination <tmp>; then in an empty folder with package.json {}: npm install --no-audit --no-fund <tarball>; size = sum of file sizes under node_modules");
  cmd("footprint (create-vite)", "in an empty folder with package.json {}: npm install --no-audit --no-fund create-vite");
  cmd("footprint (cookiecutter, copier)", `${pythonExe} -m venv <fresh>; <fresh>/bin/pip install cookiecutter (what it adds to the venv; distributions = new *.dist-info)`);

  const lines = [
    "## 5. Footprint",
    "",
    fp.pack.failed ? `\`npm pack\` failed: ${fp.pack.failed}` : `\`npm pack\`: ${fmtBytes(fp.pack.size)} tarball, ${fp.pack.entries} files, ${fmtBytes(fp.pack.unpacked)} unpacked.`,
    "",
    "Installed into an empty folder (sizes are the sum of file sizes). Install times are with a warm npm / pip cache; the ratio is to create-vite for npm packages and to cookiecutter for PyPI ones.",
    "",
    "| what | installed size | files | packages / distributions | install time | size ratio to anchor |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  const fr = (name, x, anchor) =>
    x?.failed
      ? `| ${name} | **failed** | ${x.failed} | – | – | – |`
      : `| ${name} | ${fmtBytes(x.bytes)} | ${x.files} | ${x.packages} | ${fmtS(x.seconds)} | ${anchor && !anchor.failed ? fmtRatio(x.bytes / anchor.bytes) : "–"} |`;
  if (fp.ours) lines.push(fr(`\`npm install\` create-backend-project (packed tarball)${fp.ours.works === false ? " — installed CLI did not run!" : ""}`, fp.ours, fp.vite));
  lines.push(fr("`npm install create-vite` (anchor)", fp.vite, fp.vite));
  lines.push(fr("`pip install cookiecutter` (anchor)", fp.cookiecutter, fp.cookiecutter));
  lines.push(fr("`pip install copier`", fp.copier, fp.cookiecutter));
  report.sections.push(lines.join("\n"));

  const o = fp.ours;
  const met = o && !o.failed && o.packages === 1 && o.bytes < 3 * 1024 * 1024;
  report.targets.push({
    target: "Footprint: `npx` downloads one package, under 3 MB installed",
    measured: !o || o.failed ? `failed: ${o?.failed ?? fp.pack.failed}` : `${o.packages} package(s), ${fmtBytes(o.bytes)}, ${o.files} files`,
    met,
    take: met ? "" : "Bundle every runtime dependency into dist/ and keep `dependencies` empty; trim what `files` ships (source maps, licences duplicated per chunk).",
  });
}

