import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(ROOT, "bin", "create-backend-project.js");
export const TEMPLATES = path.join(ROOT, "templates");
export const FIXTURE_TEMPLATES = path.join(ROOT, "tests", "fixtures", "templates");
