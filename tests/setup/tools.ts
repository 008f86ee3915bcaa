import { setUpTools } from "./provisionTools.js";

/** globalSetup of `npm test`: the CLI tests run real uv venvs and a failing uv install. */
export default async function setup(): Promise<void> {
  await setUpTools(["uv"]);
}
