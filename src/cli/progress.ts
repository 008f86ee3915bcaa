import type { PlannedStep } from "../core/plan.js";
import type { Reporter, StepResult } from "../execute.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
const MARK: Record<StepResult["status"], string> = { done: "✔", skipped: "–", failed: "✖", cancelled: "✖", pending: " " };

/**
 * On a terminal, the running step shows its elapsed time, redrawn each second;
 * elsewhere (CI logs), one plain line when a step starts and one when it ends.
 */
export function createReporter(stream: NodeJS.WriteStream): Reporter {
  const tty = Boolean(stream.isTTY);
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    stepStarted(step: PlannedStep) {
      if (!tty) {
        stream.write(`→ ${step.title}…\n`);
        return;
      }
      const started = Date.now();
      const draw = () => stream.write(`\r\x1b[K… ${step.title} (${Math.floor((Date.now() - started) / 1000)}s)`);
      draw();
      timer = setInterval(draw, 1000);
      timer.unref();
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
