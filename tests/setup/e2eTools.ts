import { setUpTools } from "./provisionTools.js";

/** globalSetup of `npm run test:e2e`: uv for the uv install path, schemathesis to fuzz each API. */
export default async function setup(): Promise<void> {
  await setUpTools(["uv", "schemathesis"]);
}
