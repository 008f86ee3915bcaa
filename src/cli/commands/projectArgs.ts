import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../../errors.js";
import { PACKAGE_NAME } from "../../packageName.js";

/** Parses a project command's flags strictly; a bad flag is a usage error that points at its help. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UserError((error as Error).message.replace(/\. To specify.*$/s, "."), `Run ${PACKAGE_NAME} ${command} --help.`);
  }
}
