import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { cleanLine, createReporter, statusLine } from "../../src/cli/progress.js";

function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let written = "";
  stream.on("data", (chunk: Buffer) => void (written += chunk.toString()));
  Object.assign(stream, { isTTY: tty, columns: 200 });
  return { stream, text: () => written };
}

const step = { id: "install" as const, title: "Install the project with its dev tools" };
const done = { ...step, status: "done" as const, ms: 1200 };

describe("cleanLine", () => {
  it("drops colour codes and control characters an installer may print", () => {
    expect(cleanLine("\x1b[32mCollecting\x1b[0m fastapi\t>=0.115 \x07")).toBe("Collecting fastapi >=0.115");
  });
});

describe("statusLine", () => {
  it("shows the step, its elapsed seconds and the installer's last line", () => {
    expect(statusLine("Install", 12, "Collecting fastapi", 80)).toBe("… Install (12s) · Collecting fastapi");
  });

  it("fits the terminal's width", () => {
    const line = statusLine("Install", 3, "Downloading ".repeat(20), 40);
    expect([...line]).toHaveLength(39);
    expect(line.endsWith("…")).toBe(true);
  });
});

describe("createReporter", () => {
  it("on a terminal, redraws the status line with each line the installer prints", async () => {
    const { stream, text } = fakeStream(true);
    const reporter = createReporter(stream);
    reporter.stepStarted(step);
    reporter.output?.("Collecting fastapi");
    reporter.output?.("Installing collected packages: fastapi");
    reporter.stepFinished(done);
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toContain("\r\x1b[K… Install the project with its dev tools (0s) · Collecting fastapi");
    expect(text()).toContain("· Installing collected packages: fastapi");
    expect(text()).toMatch(/✔ Install the project with its dev tools \(1\.2s\)\n$/);
  });

  it("in a log, prints no installer lines unless verbose", async () => {
    const quiet = fakeStream(false);
    const reporter = createReporter(quiet.stream);
    reporter.stepStarted(step);
    reporter.output?.("Collecting fastapi");
    reporter.stepFinished(done);
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet.text()).toBe("→ Install the project with its dev tools…\n✔ Install the project with its dev tools (1.2s)\n");

    const loud = fakeStream(false);
    const verbose = createReporter(loud.stream, { verbose: true });
    verbose.stepStarted(step);
    verbose.output?.("Collecting fastapi");
    verbose.output?.("Successfully installed fastapi-0.115.0");
    verbose.stepFinished(done);
    await new Promise((resolve) => setImmediate(resolve));
    expect(loud.text()).toBe(
      "→ Install the project with its dev tools…\n  │ Collecting fastapi\n  │ Successfully installed fastapi-0.115.0\n✔ Install the project with its dev tools (1.2s)\n",
    );
  });
});
