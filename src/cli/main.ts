import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { mergeLayers, type PartialAnswers, parseAnswersFile, resolveAnswers } from "../core/answers.js";
import { deriveNames } from "../core/names.js";
import { planProject } from "../core/plan.js";
import { BUILTIN_TEMPLATES_DIR, findTemplate, loadRegistry, readTemplateSources } from "../core/registry.js";
import { AnswerError, type AppError, ExitCode, InternalError, isAppError, UserError } from "../errors.js";
import { PACKAGE_NAME } from "../packageName.js";
import { packageRoot } from "../packageRoot.js";
import { checkTarget } from "../effects/projectWriter.js";
import { readTargetFolder } from "../effects/targetFolder.js";
import { templateDigest } from "../engine/templateDigest.js";
import { describeAnswerKey, parseFlags } from "./flags.js";
import { helpText, listJson, listText } from "./help.js";
import { dryRunReport, errorJson, errorText, humanDryRun, humanSummary, jsonReport } from "./output.js";
import { createReporter } from "./progress.js";

const VERSION: string = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

/** What `main` must know about a run while a signal may arrive. */
interface RunState {
  /** Set once the plan executes: from then on, a signal is cleaned up after, not exited on. */
  executing: boolean;
  /** Names an answer key the way the user gave it, once the flags and answers file are read. */
  nameAnswer: (key: string) => string;
}

/** Core names answers by key; the user is told about the flag or file entry they wrote. */
function inUserTerms(error: AppError, state: RunState): AppError {
  return error instanceof AnswerError ? new UserError(error.describedAs(state.nameAnswer(error.key)), error.rawHint) : error;
}

async function generate(argv: string[], signal: AbortSignal, state: RunState): Promise<number> {
  // Template authors (and our tests) can point the CLI at another templates folder.
  const registry = await loadRegistry(process.env.CREATE_BACKEND_PROJECT_TEMPLATES || BUILTIN_TEMPLATES_DIR);
  // A first word that names a command picks it; anything else is create's directory.
  if (argv[0] === "doctor") {
    const { doctorCommand } = await import("./commands/doctor.js");
    return doctorCommand(argv.slice(1), {
      registry,
      platform: process.platform,
      nodeVersion: process.version,
      searchPath: process.env.PATH ?? "",
      signal,
      out,
    });
  }
  if (argv[0] === "check" || argv[0] === "update") {
    const context = { registry, cwd: process.cwd(), version: VERSION, out };
    const command = argv[0] === "check" ? (await import("./commands/check.js")).checkCommand : (await import("./commands/update.js")).updateCommand;
    return command(argv.slice(1), context);
  }
  const { answers: flagAnswers, settings } = parseFlags(argv, registry);

  if (settings.help) return out(helpText(registry, VERSION)), ExitCode.ok;
  if (settings.version) return out(`${VERSION}\n`), ExitCode.ok;
  if (settings.list) {
    out(settings.json ? `${JSON.stringify(listJson(registry), null, 2)}\n` : listText(registry));
    return ExitCode.ok;
  }

  let fileAnswers: PartialAnswers = {};
  if (settings.answersFile) {
    const text = await readFile(settings.answersFile, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UserError(`--answers ${settings.answersFile}: cannot read it (${error.code ?? error.message}).`);
    });
    fileAnswers = parseAnswersFile(text, `--answers ${settings.answersFile}`);
  }
  const file = settings.answersFile ? { source: `--answers ${settings.answersFile}`, answers: fileAnswers } : undefined;
  state.nameAnswer = (key) => describeAnswerKey(key, flagAnswers, file);
  // One precedence chain: flags, then the answers file, then prompts, then defaults.
  const given = mergeLayers([flagAnswers, fileAnswers]);
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !settings.yes;
  const ask = interactive ? await import("./ask.js") : undefined;
  const ids = registry.templates.map((t) => t.id).join(", ");

  if (!given.template) {
    if (!ask) throw new UserError("No template chosen.", `Pass --template <id>, one of: ${ids}.`);
    given.template = await ask.askTemplate(registry);
  }
  const manifest = findTemplate(registry, given.template);
  const cwd = process.cwd();
  if (!given.directory) {
    if (!ask) throw new UserError("No project directory given.", `Pass it as the first argument: ${PACKAGE_NAME} my-project --template ${manifest.id}.`);
    given.directory = await ask.askDirectory(manifest, cwd, given.name);
  }
  if (ask && !settings.force) {
    // Checked now, while changing the answer costs one question, not all of them.
    for (;;) {
      const state = await readTargetFolder(path.resolve(cwd, given.directory));
      if (state.kind !== "used") break;
      if ((await ask.askWhenNotEmpty(given.directory, state.entries)) === "add") {
        settings.force = true;
        break;
      }
      given.directory = await ask.askDirectory(manifest, cwd, given.name);
    }
  }
  const names = deriveNames(cwd, given.directory, given.name, manifest.reserved);
  if (ask) given.options = { ...(await ask.askOptions(manifest, given.options ?? {})), ...given.options };
  if (ask && given.license === undefined) given.license = await ask.askLicense();
  const answers = resolveAnswers(manifest, given);

  const sources = await readTemplateSources(registry, manifest);
  const plan = planProject({
    manifest,
    answers,
    names,
    sources,
    templateDigest: await templateDigest(sources),
    settings,
    generatorVersion: VERSION,
    year: new Date().getFullYear(),
    platform: process.platform,
  });
  await checkTarget(plan.target, plan.files.map((file) => file.path), settings.force);

  if (settings.dryRun) {
    if (settings.json) out(`${JSON.stringify(dryRunReport(plan), null, 2)}\n`);
    else out(humanDryRun(plan));
    return ExitCode.ok;
  }
  if (ask) await ask.confirm(`Create ${manifest.title} in ${plan.target}?`);

  // Loaded only now: the renderer and the process runner are most of dist/, and
  // --help, --list, --dry-run and the prompts do not need them.
  const { executePlan } = await import("../execute.js");
  state.executing = true;
  const execution = await executePlan(plan, {
    force: settings.force,
    python: settings.python,
    signal,
    reporter: createReporter(process.stderr, { verbose: settings.verbose }),
  });
  if (settings.json) out(`${JSON.stringify(jsonReport(plan, execution), null, 2)}\n`);
  if (execution.error) err(`\n${errorText(inUserTerms(execution.error, state))}`);
  (settings.json ? err : out)(`\n${humanSummary(plan, execution, cwd)}`);
  return execution.error ? execution.error.exitCode : ExitCode.ok;
}

// The shell's convention: 128 + the signal's number.
const SIGNAL_EXIT: Record<string, number> = { SIGINT: ExitCode.cancelled, SIGTERM: 143, SIGHUP: 129 };
const HANDLED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
// A signal beyond this many while cleaning up means cleanup itself is stuck: leave.
const SIGNALS_BEFORE_GIVING_UP = 3;

/** The only place that reads argv, handles signals and sets the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const state: RunState = { executing: false, nameAnswer: (key) => describeAnswerKey(key, {}) };
  let received: NodeJS.Signals | undefined;
  let count = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A closed terminal makes every later write fail; the cleanup must still finish.
    if (signal === "SIGHUP") for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
    received ??= signal;
    count++;
    controller.abort(signal);
    // Before the plan executes nothing has been created, so there is nothing to wait for.
    // During it, the abort stops child processes and removes what this run made;
    // a repeated Ctrl-C must not cut that short and leave the staging folder behind.
    if (!state.executing || count >= SIGNALS_BEFORE_GIVING_UP) {
      err(`Cancelled (${received}).\n`);
      process.exit(SIGNAL_EXIT[received]);
    }
  };
  for (const signal of HANDLED_SIGNALS) process.on(signal, onSignal);
  const json = argv.includes("--json");
  // An interrupted run ends with the code of the signal that interrupted it.
  const exitFor = (code: number) => (received && code !== ExitCode.ok ? SIGNAL_EXIT[received]! : code);
  try {
    process.exitCode = exitFor(await generate(argv, controller.signal, state));
  } catch (error) {
    if (!isAppError(error) && process.env.DEBUG) err(`${(error as Error)?.stack}\n`);
    const known = isAppError(error) ? inUserTerms(error, state) : new InternalError((error as Error)?.message ?? String(error));
    // A signal that lands while the files are written surfaces as any other error.
    const code = received ? SIGNAL_EXIT[received]! : known.exitCode;
    if (json) out(`${JSON.stringify({ ok: false, error: errorJson(known) }, null, 2)}\n`);
    err(errorText(known, received));
    process.exitCode = code;
  } finally {
    for (const signal of HANDLED_SIGNALS) process.off(signal, onSignal);
  }
}
