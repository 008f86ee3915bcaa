/**
 * Typed failures. Effects and core code throw these; only the CLI turns them into
 * messages and exit codes, so no other module decides how the process ends. The
 * exit code follows the cause (the kind), never the module that noticed it.
 */

export const ExitCode = {
  ok: 0,
  /** A step failed (the message says whether the files were kept), or the package itself is broken. */
  failed: 1,
  /** Bad flags, answers or names: nothing was written. */
  usage: 2,
  /** This machine lacks something the run needs (a Python, disk space): nothing was written. */
  environment: 3,
  cancelled: 130,
} as const;

export type ErrorKind = "usage" | "environment" | "step" | "cancelled" | "template" | "internal";

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  usage: ExitCode.usage,
  environment: ExitCode.environment,
  step: ExitCode.failed,
  cancelled: ExitCode.cancelled,
  template: ExitCode.failed,
  internal: ExitCode.failed,
};

/**
 * Names an answer or setting key (`force`, `python`, `options.db`), with the value
 * the user would give it, the way the user can give it: the CLI says `--no-venv`,
 * an answers file `"venv": false`. Core and effects never spell a CLI flag.
 */
export type KeyNamer = (key: string, value?: string | boolean) => string;

/** A hint that names keys is written against a namer. */
export type Hint = string | ((name: KeyNamer) => string);

/** Keys as they are, for a reader with no CLI in between (a library caller, a log). */
export const nameAsKey: KeyNamer = (key, value) => (value === undefined ? `"${key}"` : `"${key}": ${JSON.stringify(value)}`);

/** The one base error: what went wrong (kind), how the process ends (exitCode), and what to do (hint). */
export class AppError extends Error {
  readonly exitCode: number;
  readonly #hint: Hint | undefined;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    hint?: Hint,
  ) {
    super(message);
    this.exitCode = EXIT_BY_KIND[kind];
    this.#hint = hint;
  }

  /** The hint, with its keys named by `name`. */
  hintFor(name: KeyNamer): string | undefined {
    return typeof this.#hint === "function" ? this.#hint(name) : this.#hint;
  }

  /** The hint with keys as they are; the CLI asks `hintFor` with its flags. */
  get hint(): string | undefined {
    return this.hintFor(nameAsKey);
  }

  /** The hint as it was given, to carry over to an error that restates this one. */
  get rawHint(): Hint | undefined {
    return this.#hint;
  }
}

/** Bad flags, answers or names: the user can fix it by changing the invocation. */
export class UserError extends AppError {
  override readonly name: string = "UserError";
  constructor(message: string, hint?: Hint) {
    super("usage", message, hint);
  }
}

/**
 * An answer that is not acceptable, named by its answer key (`license`,
 * `options.docker`), not by a flag: the value may have come from an answers file
 * or a prompt. The CLI names the key the way the user gave it (`describedAs`).
 */
export class AnswerError extends UserError {
  override readonly name = "AnswerError";
  constructor(
    readonly key: string,
    /** The message after its subject: `must be one of: MIT, none (got "x").` */
    readonly problem: string,
    hint?: Hint,
  ) {
    super(`${key} ${problem}`, hint);
  }

  describedAs(subject: string): string {
    return `${subject} ${this.problem}`;
  }
}

/** This machine lacks something the run needs (a suitable Python, disk space); nothing was written. */
export class EnvironmentError extends AppError {
  override readonly name = "EnvironmentError";
  constructor(message: string, hint?: Hint) {
    super("environment", message, hint);
  }
}

/** The user pressed Ctrl-C or declined to continue. */
export class CancelledError extends AppError {
  override readonly name = "CancelledError";
  constructor(
    message = "Cancelled.",
    readonly step?: string,
  ) {
    super("cancelled", message);
  }
}

/** A spawned command (git, python, pip, uv) or a setup step failed. */
export class StepError extends AppError {
  override readonly name = "StepError";
  constructor(
    message: string,
    readonly step: string,
    readonly command: string,
    readonly outputTail: string,
    hint?: Hint,
  ) {
    super("step", message, hint);
  }
}

/** A template or manifest is broken: a bug in the package, not in the user's input. */
export class TemplateError extends AppError {
  override readonly name = "TemplateError";
  constructor(message: string, hint?: string) {
    super("template", message, hint);
  }
}

/** An invariant of this program does not hold: a bug to report, whatever the input. */
export class InternalError extends AppError {
  override readonly name = "InternalError";
  constructor(message: string) {
    super("internal", message, "Please report it with the command you ran.");
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
