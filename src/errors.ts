/**
 * Typed failures. Effects and core code throw these; only src/cli/main.ts turns
 * them into messages and exit codes, so no other module decides how the process ends.
 */

export const ExitCode = {
  ok: 0,
  stepFailed: 1,
  usage: 2,
  cancelled: 130,
} as const;

/** Bad flags, answers or names: the user can fix it by changing the invocation. */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly exitCode = ExitCode.usage;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C or declined to continue. */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
  readonly exitCode = ExitCode.cancelled;
  constructor(
    message = "Cancelled.",
    readonly step?: string,
  ) {
    super(message);
  }
}

/** A spawned command (git, python, pip, uv) failed; the generated files are kept. */
export class StepError extends Error {
  override readonly name = "StepError";
  readonly exitCode = ExitCode.stepFailed;
  constructor(
    message: string,
    readonly step: string,
    readonly command: string,
    readonly outputTail: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A template or manifest is broken: a bug in the package, not in the user's input. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  readonly exitCode = ExitCode.stepFailed;
}

export type KnownError = UserError | CancelledError | StepError | TemplateError;

export function isKnownError(error: unknown): error is KnownError {
  return (
    error instanceof UserError ||
    error instanceof CancelledError ||
    error instanceof StepError ||
    error instanceof TemplateError
  );
}
