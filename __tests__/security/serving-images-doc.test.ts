import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The mover's type check cannot rule out polyglot files: the guidance on serving them is part of the security model. */
describe("docs/security.md on serving images", () => {
  const text = readFileSync(join(__dirname, "..", "..", "docs", "security.md"), "utf8");
  const section = text.slice(
    text.indexOf("## Serving images"),
    text.indexOf("\n## ", text.indexOf("## Serving images") + 1),
  );

  test("has a section on serving images/", () => {
    expect(section.startsWith("## Serving images")).toBe(true);
  });

  test.each([
    ["nosniff", /X-Content-Type-Options: nosniff/],
    ["a restrictive content security policy", /Content-Security-Policy.*default-src 'none'/s],
    ["no query-string forwarding", /No query-string[^.]*forwarding/i],
    ["a private bucket behind a CDN", /origin access control/],
    ["that magic bytes do not rule out polyglots", /polyglot/],
  ])("asks for %s", (_, pattern) => {
    expect(section).toMatch(pattern);
  });
});
