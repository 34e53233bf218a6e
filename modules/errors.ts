import { IConstruct } from "constructs";

/**
 * A prop or configuration value that breaks a limit, found at synth. The message names where
 * (the construct's path, e.g. `image-uploads/uploads/user-pool`), the prop and what it must be:
 * `image-uploads/uploads/user-pool: passwordMinLength must be a whole number from 12 to 99 characters, got 8`.
 * Command-line entry points print the message alone and exit with status 1.
 */
export class ValidationError extends Error {
  /** Path of the construct whose prop is invalid, or the configuration source. */
  public readonly path: string;
  /** The prop (or configuration field) the message is about. */
  public readonly prop: string;

  constructor(scope: IConstruct | string, prop: string, problem: string) {
    const path = typeof scope === "string" ? scope : scope.node.path;
    super(`${path}: ${prop} ${problem}`);
    this.name = "ValidationError";
    this.path = path;
    this.prop = prop;
  }
}

/** A configuration that cannot be used: every invalid field, one per line, or a source that cannot be read. */
export class ConfigError extends ValidationError {
  /** Each problem as `<field>: <what it must be>`. */
  public readonly problems: readonly string[];

  constructor(summary: string, problems: readonly string[] = []) {
    super("configuration", "", summary);
    this.name = "ConfigError";
    this.problems = problems;
    this.message =
      problems.length > 0 ? `${summary}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}` : summary;
  }
}
