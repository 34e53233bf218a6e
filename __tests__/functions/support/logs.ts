/** Captures the JSON lines the mover writes to stdout and stderr (keeping test output clean) until `restore`. */
export function captureLogs() {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  // Powertools writes INFO to stdout and WARN/ERROR to stderr, as Lambda's console does.
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation(capture),
    jest.spyOn(process.stderr, "write").mockImplementation(capture),
  ];
  return {
    /** Raw text written so far. */
    text: () => written.join(""),
    /** Each written line parsed as JSON; throws if a line is not JSON. */
    lines: () =>
      written
        .join("")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    clear: () => void written.splice(0),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
