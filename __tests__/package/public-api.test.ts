import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(__dirname, "..", "..");
const LISTS = join(ROOT, "__tests__", "fixtures", "public-api");
const MANIFEST = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** Builders and helpers the constructs use: none of them is part of the API. */
const INTERNAL = [
  "appClientConfig",
  "mfaSettings",
  "mfaFactorsOf",
  "domainConfig",
  "hostedUiBaseUrl",
  "featurePlanSettings",
  "resourceServerConfig",
  "scopeIdentifiersOf",
  "secretValue",
  "isUserClient",
  "identityProviderNames",
  "linkableProviders",
  "checkedEmailDomains",
  "mappedAttributesOf",
  "originCondition",
  "joinOrigins",
  "isSingleOrigin",
  "bundledFunctionZip",
  "createBundledFunction",
  "powertoolsLayerArn",
  "identityPoolTrustPolicy",
  "attachInlinePolicy",
  "renderPolicy",
  "policyDocument",
  "permissionsBoundary",
  "UploadGrants",
  "UploadBucketBase",
  "requireMatch",
  "requireOneOf",
  "TerraformRunner",
  "findProviderMirror",
  "writeTerraformModule",
];

interface ExportedName {
  readonly name: string;
  readonly kind: "class" | "function" | "const" | "interface" | "type";
  /** Source file of the declaration, relative to the repository. */
  readonly file: string;
}

/** Source (`modules/...ts`) of a package.json `exports` entry, whose files are the compiled `dist/modules/...js`. */
const sourceOfEntry = (entry: string) => {
  const compiled: string = MANIFEST.exports[entry].default;
  return join(ROOT, compiled.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));
};

/** One program over the sources of every entry, made once: each takes seconds. */
let program: ts.Program | undefined;
const programOfEntries = () =>
  (program ??= ts.createProgram(
    Object.keys(MANIFEST.exports)
      .filter((entry) => entry !== "./package.json")
      .map(sourceOfEntry),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      strict: true,
      skipLibCheck: true,
      types: ["node"],
      noEmit: true,
    },
  ));

/** Every name `file` (the source of an entry) exports, read with the TypeScript checker as a consumer of the compiled declarations sees them. */
function exportsOf(file: string): ExportedName[] {
  const program = programOfEntries();
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const flags = target.flags;
      const kind =
        flags & ts.SymbolFlags.Class
          ? "class"
          : flags & ts.SymbolFlags.Function
            ? "function"
            : flags & ts.SymbolFlags.Variable
              ? "const"
              : flags & ts.SymbolFlags.Interface
                ? "interface"
                : "type";
      return {
        name: symbol.name,
        kind,
        file: relative(ROOT, target.declarations![0].getSourceFile().fileName),
      } as ExportedName;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The committed list of an entry: `<kind> <name>` a line; `#` starts a comment. */
const committed = (list: string) =>
  readFileSync(join(LISTS, list), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));

const isValue = (line: string) => /^(class|function|const) /.test(line);

describe("the public API", () => {
  const root = exportsOf(sourceOfEntry("."));
  const tooling = exportsOf(sourceOfEntry("./tooling"));

  test.each([
    [".", "index.txt", root],
    ["./tooling", "tooling.txt", tooling],
  ])(
    "the %s entry exports exactly the committed list (fixtures/public-api/%s): adding or removing a name is a decision",
    (_, list, names) => {
      const actual = names.map((n) => `${n.kind} ${n.name}`);
      const expected = committed(list);
      // Named apart, so that the failure says what changed.
      expect({
        notInTheList: actual.filter((line) => !expected.includes(line)),
        noLongerExported: expected.filter((line) => !actual.includes(line)),
      }).toEqual({ notInTheList: [], noLongerExported: [] });
    },
  );

  test("the root's runtime exports are exactly the committed classes, functions and constants", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = Object.keys(require(join(ROOT, "modules"))).sort();
    expect(runtime).toEqual(
      committed("index.txt")
        .filter(isValue)
        .map((line) => line.split(" ")[1])
        .sort(),
    );
  });

  test("exports no builder or helper: no function or class of a private/ or tooling/ folder, none of the known internals", () => {
    const helpers = root.filter(
      (n) => (n.kind === "class" || n.kind === "function") && /\/(private|tooling)\//.test(n.file),
    );
    expect(helpers).toEqual([]);
    expect(root.map((n) => n.name).filter((name) => INTERNAL.includes(name))).toEqual([]);
  });

  test("every construct is exported with its props", () => {
    const classes = root.filter((n) => n.kind === "class").map((n) => n.name);
    const props = root.map((n) => n.name).filter((name) => name.endsWith("Props"));
    const stacks = ["UploadsStack", "UploadsModuleStack"]; // built from UploadsConfig
    const errors = classes.filter((name) => name.endsWith("Error")); // thrown, not constructed in a stack
    expect(
      classes.filter((name) => !stacks.includes(name) && !errors.includes(name) && !props.includes(`${name}Props`)),
    ).toEqual([]);
  });
});

describe("the package entries the scripts use", () => {
  const scripts = ["scripts", "bench"].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith(".mjs"))
      .map((f) => join(dir, f)),
  );
  const requires = scripts.flatMap((script) => {
    const source = readFileSync(join(ROOT, script), "utf8");
    return [...source.matchAll(/const \{([^}]+)\} = require\("cdktf-cognito-uploads(\/[\w-]+)?"\)/g)].map(
      ([, names, subpath]) => ({
        script,
        entry: `.${subpath ?? ""}`.replace(/^\.$/, "."),
        names: names.split(",").map((n) => n.trim()),
      }),
    );
  });

  test("the scripts take the package through its exports, never from dist/ paths", () => {
    expect(requires.length).toBeGreaterThanOrEqual(5);
    for (const script of scripts)
      expect(readFileSync(join(ROOT, script), "utf8")).not.toMatch(/"dist", "modules"|dist\/modules/);
  });

  test("every name a script takes from an entry is exported by that entry", () => {
    const missing = requires.flatMap(({ script, entry, names }) => {
      expect(Object.keys(MANIFEST.exports)).toContain(entry);
      const exported = exportsOf(sourceOfEntry(entry)).map((n) => n.name);
      return names.filter((name) => !exported.includes(name)).map((name) => `${script}: ${name} from "${entry}"`);
    });
    expect(missing).toEqual([]);
  });

  test("each entry of package.json exports has its compiled file and declarations, built from a source that exists", () => {
    for (const [entry, target] of Object.entries<any>(MANIFEST.exports)) {
      if (entry === "./package.json") continue;
      expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
      expect(() => readFileSync(sourceOfEntry(entry))).not.toThrow();
    }
  });
});
