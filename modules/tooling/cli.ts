import { ValidationError } from "../errors";

/**
 * Runs a command-line entry point (the app, the scripts). A configuration or prop that breaks a
 * limit ({@link ValidationError}) is the user's to fix: its message alone goes to stderr and the
 * exit status is 1, with no stack trace. Any other error is a fault of the code and keeps its stack.
 */
export function runCommand(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
