import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSourcesFromEnv, DEFAULT_CONFIG, loadConfig, validateConfig } from "../../modules/config";

describe("configuration", () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "uploads-config-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("embeds a default that needs no account, credentials or file", () => {
    expect(loadConfig()).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.identityPool?.allowGuests).toBeUndefined();
    expect(DEFAULT_CONFIG.allowedOrigins).not.toContain("*");
  });

  test("merges a file's overrides key by key, replacing arrays", () => {
    const file = join(dir, "overrides.json");
    writeFileSync(file, JSON.stringify({ region: "eu-west-1", userPool: { mfa: "required" }, allowedOrigins: ["https://app.example.com"] }));
    const config = loadConfig({ file });
    expect(config.region).toBe("eu-west-1");
    expect(config.userPool).toEqual({ ...DEFAULT_CONFIG.userPool, mfa: "required" });
    expect(config.allowedOrigins).toEqual(["https://app.example.com"]);
  });

  test("applies inline JSON after the file", () => {
    const file = join(dir, "base.json");
    writeFileSync(file, JSON.stringify({ region: "eu-west-1", namePrefix: "from-file" }));
    const config = loadConfig({ file, json: '{"region":"ap-southeast-2"}' });
    expect([config.region, config.namePrefix]).toEqual(["ap-southeast-2", "from-file"]);
  });

  test("reads its sources from UPLOADS_CONFIG and UPLOADS_CONFIG_JSON", () => {
    expect(configSourcesFromEnv({ UPLOADS_CONFIG: "a.json", UPLOADS_CONFIG_JSON: "{}" })).toEqual({ file: "a.json", json: "{}" });
    expect(configSourcesFromEnv({})).toEqual({ file: undefined, json: undefined });
  });

  describe("stops with a message naming the field", () => {
    test.each<[string, unknown, RegExp]>([
      ["an unknown region form", { region: "mars-1" }, /region: an AWS region such as us-east-1/],
      ["a misspelled key", { userPool: { mfaa: "on" } }, /userPool: Unrecognized key: "mfaa"/],
      ["a wrong MFA mode", { userPool: { mfa: "sometimes" } }, /userPool\.mfa: Invalid option/],
      ["a fractional expiry", { bucket: { uploadExpirationDays: 1.5 } }, /bucket\.uploadExpirationDays: /],
      ["an unsupported runtime", { mover: { runtime: "python3.12" } }, /mover\.runtime: Invalid option/],
      ["an invalid retention", { api: { accessLogRetentionDays: 2 } }, /api\.accessLogRetentionDays: must be one of CloudWatch's retention values/],
      ["a string where a number belongs", { mover: { memorySize: "512" } }, /mover\.memorySize: Invalid input: expected number/],
    ])("%s", (_, override, message) => {
      expect(() => loadConfig({ json: JSON.stringify(override) })).toThrow(message);
    });

    test("and lists every invalid field at once", () => {
      expect(() => validateConfig({ ...DEFAULT_CONFIG, region: "x", namePrefix: "A" })).toThrow(/region: [^\n]+\n\s+- namePrefix: /);
    });
  });

  test("names the file when it is not valid JSON", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ region: ");
    expect(() => loadConfig({ file })).toThrow(`Invalid JSON in config file ${file}`);
  });

  test("names the file when it cannot be read", () => {
    expect(() => loadConfig({ file: join(dir, "missing.json") })).toThrow(/Cannot read config file .*missing\.json/);
  });
});
