import type { PlannedStep } from "../core/plan.js";
import type { Reporter, StepResult } from "../execute.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const MARK: Record<StepResult["status"], string> = { done: "✔", skipped: "–", failed: "✖", cancelled: "✖", pending: " " };

/** An installer's line, safe to print: no colour codes or control characters, no trailing space. */
export function cleanLine(line: string): string {
  return line
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

/** The live status line: the step and its elapsed seconds, then what its command last printed, cut to the terminal's width. */
export function statusLine(title: string, elapsedSeconds: number, last: string, columns: number): string {
  const head = `… ${title} (${elapsedSeconds}s)`;
  const line = last ? `${head} · ${last}` : head;
  const width = Math.max(20, columns - 1);
  const chars = [...line];
  return chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : line;
}

/**
 * On a terminal, the running step shows its elapsed time and the last line its
 * command printed (the package being installed), redrawn as it changes; elsewhere
 * (CI logs), one plain line when a step starts and one when it ends. `verbose`
 * prints every line the commands print, as they print it.
 */
export function createReporter(stream: NodeJS.WriteStream, options: { verbose?: boolean } = {}): Reporter {
  const tty = Boolean(stream.isTTY);
  let timer: NodeJS.Timeout | undefined;
  let draw: (() => void) | undefined;
  let last = "";
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    draw = undefined;
  };
  return {
    stepStarted(step: PlannedStep) {
      last = "";
      if (!tty) {
        stream.write(`→ ${step.title}…\n`);
        return;
      }
      const started = Date.now();
      draw = () => stream.write(`\r\x1b[K${statusLine(step.title, Math.floor((Date.now() - started) / 1000), last, stream.columns || 80)}`);
      draw();
      timer = setInterval(() => draw?.(), 1000);
      timer.unref();
    },
    output(line: string) {
      const text = cleanLine(line);
      if (!text) return;
      if (options.verbose) {
        stream.write(`${tty ? "\r\x1b[K" : ""}  │ ${text}\n`);
        draw?.();
        return;
      }
      if (!tty || text === last) return;
      last = text;
      draw?.();
    },
    stepFinished(result: StepResult) {
      stop();
      const detail = result.detail && result.status === "done" ? `, ${result.detail}` : "";
      stream.write(`${tty ? "\r\x1b[K" : ""}${MARK[result.status]} ${result.title} (${seconds(result.ms)}${detail})\n`);
    },
    warn(message: string) {
      stop();
      stream.write(`${tty ? "\r\x1b[K" : ""}! ${message}\n`);
    },
  };
}
