/**
 * The name the CLI is published and run under (`npx create-python-backend`,
 * `npm create python-backend`). `create-backend-project` on npm belongs to someone
 * else, so it is only a second bin name of this package, never a name to npx.
 */
export const PACKAGE_NAME = "create-python-backend";
