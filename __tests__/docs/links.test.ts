import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const DOCUMENTS = [
  "README.md",
  ...readdirSync(join(__dirname, "..", "..", "docs"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => `docs/${file}`),
]
  .map((file) => join(ROOT, file))
  .filter((file) => existsSync(file));

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

/** Relative links of a Markdown file, code blocks aside. */
function linksIn(file: string): string[] {
  const text = readFileSync(file, "utf8")
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
}

describe("documentation links", () => {
  test.each(DOCUMENTS.map((file) => [relative(ROOT, file), file]))(
    "%s links only to files and headings that exist",
    (_, file) => {
      const broken = linksIn(file).filter((target) => {
        const [path, anchor] = target.split("#");
        const destination = path ? join(dirname(file), path) : file;
        if (!existsSync(destination)) return true;
        return anchor !== undefined && destination.endsWith(".md") && !anchorsIn(destination).has(anchor);
      });
      expect(broken).toEqual([]);
    },
  );
});

describe("the README's browser snippet", () => {
  test("is the web example's upload code, which the end-to-end test runs", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const code = readFileSync(join(ROOT, "examples", "web", "src", "uploads.ts"), "utf8");
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(snippets).toContain(code);
  });
});
