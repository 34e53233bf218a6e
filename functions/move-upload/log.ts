// Not @aws-lambda-powertools/logger: it alone bundles to 23.9 KB minified, over the function's 20 KB budget.
// This writes the same JSON shape (level, message, timestamp, service, cold_start, function_* keys, xray_trace_id).

type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";
const RANK: Record<Level | "SILENT", number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 99 };

export type LogAttributes = Record<string, unknown>;

/** One structured JSON line per call, with the invocation's keys; never logs a request's headers or body. */
export class Logger {
  private readonly threshold: number;
  private invocationKeys: LogAttributes = {};

  constructor(
    private readonly service: string,
    env: Record<string, string | undefined> = process.env,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    const level = (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? env.LOG_LEVEL ?? "INFO").toUpperCase();
    this.threshold = RANK[level as Level] ?? RANK.INFO;
  }

  /** Replaces the keys every line of the current invocation carries (request ids, caller). */
  setInvocationKeys(keys: LogAttributes): void {
    this.invocationKeys = keys;
  }

  info(message: string, attributes?: LogAttributes) {
    this.log("INFO", message, attributes);
  }

  warn(message: string, attributes?: LogAttributes) {
    this.log("WARN", message, attributes);
  }

  error(message: string, attributes?: LogAttributes) {
    this.log("ERROR", message, attributes);
  }

  private log(level: Level, message: string, attributes: LogAttributes = {}) {
    if (RANK[level] < this.threshold) return;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.invocationKeys,
      ...attributes,
    };
    this.write(`${JSON.stringify(line, errorsAsObjects)}\n`);
  }
}

function errorsAsObjects(_key: string, value: unknown) {
  if (!(value instanceof Error)) return value;
  const { name, message, stack } = value;
  const status = (value as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name, message, status, stack };
}
