import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSourcesFromEnv, DEFAULT_CONFIG, loadConfig, validateConfig } from "../../../modules/stack/config";

describe("configuration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "uploads-config-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("embeds a default that needs no account, credentials or file", () => {
    expect(loadConfig()).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.identityPool?.allowGuests).toBeUndefined();
    expect(DEFAULT_CONFIG.allowedOrigins).not.toContain("*");
  });

  test("merges a file's overrides key by key, replacing arrays", () => {
    const file = join(dir, "overrides.json");
    writeFileSync(
      file,
      JSON.stringify({
        region: "eu-west-1",
        development: true,
        userPool: { mfa: "required" },
        allowedOrigins: ["https://app.example.com"],
      }),
    );
    const config = loadConfig({ file });
    expect(config.region).toBe("eu-west-1");
    expect(config.userPool).toEqual({ ...DEFAULT_CONFIG.userPool, mfa: "required" });
    expect(config.allowedOrigins).toEqual(["https://app.example.com"]);
  });

  test("applies inline JSON after the file", () => {
    const file = join(dir, "base.json");
    writeFileSync(file, JSON.stringify({ region: "eu-west-1", namePrefix: "from-file", development: true }));
    const config = loadConfig({ file, json: '{"region":"ap-southeast-2"}' });
    expect([config.region, config.namePrefix]).toEqual(["ap-southeast-2", "from-file"]);
  });

  describe("development URLs", () => {
    const production = {
      allowedOrigins: ["https://app.example.com"],
      userPool: { callbackUrls: ["https://app.example.com/"] },
    };

    test("are allowed in the embedded default, which says it is a development configuration", () => {
      expect(DEFAULT_CONFIG.development).toBe(true);
      expect(DEFAULT_CONFIG.allowedOrigins).toEqual(["http://localhost:5173"]);
    });

    test("stop a configuration of one's own that does not say it is for development, naming each field", () => {
      const load = () => loadConfig({ json: JSON.stringify({ region: "eu-west-1" }) });
      expect(load).toThrow(
        /allowedOrigins\.0: "http:\/\/localhost:5173" is a local development URL: set "development": true/,
      );
      expect(load).toThrow(/userPool\.callbackUrls\.0: "http:\/\/localhost:5173\/" is a local development URL/);
    });

    test("are found in every client's URLs and on 127.0.0.1 too", () => {
      const config = {
        ...production,
        userPool: {
          ...production.userPool,
          logoutUrls: ["http://127.0.0.1:3000/"],
          clients: [
            { name: "mobile", preset: "mobile", callbackUrls: ["com.example.photos://cb", "http://localhost/cb"] },
          ],
        },
      };
      const load = () => loadConfig({ json: JSON.stringify(config) });
      expect(load).toThrow(/userPool\.logoutUrls\.0: "http:\/\/127\.0\.0\.1:3000\/"/);
      expect(load).toThrow(/userPool\.clients\.0\.callbackUrls\.1: "http:\/\/localhost\/cb"/);
    });

    test('pass with "development": true, and an https configuration needs no flag', () => {
      expect(loadConfig({ json: JSON.stringify({ development: true }) }).allowedOrigins).toEqual([
        "http://localhost:5173",
      ]);
      const config = loadConfig({ json: JSON.stringify(production) });
      expect(config.development).toBeUndefined();
      expect(config.allowedOrigins).toEqual(["https://app.example.com"]);
    });

    test("are refused in a whole configuration validated without the flag", () => {
      expect(() => validateConfig({ ...DEFAULT_CONFIG, development: false })).toThrow(
        /allowedOrigins\.0: .*local development URL/,
      );
    });
  });

  test("reads its sources from UPLOADS_CONFIG and UPLOADS_CONFIG_JSON", () => {
    expect(configSourcesFromEnv({ UPLOADS_CONFIG: "a.json", UPLOADS_CONFIG_JSON: "{}" })).toEqual({
      file: "a.json",
      json: "{}",
    });
    expect(configSourcesFromEnv({})).toEqual({ file: undefined, json: undefined });
  });

  describe("stops with a message naming the field", () => {
    test.each<[string, unknown, RegExp]>([
      ["an unknown region form", { region: "mars-1" }, /region: must be an AWS region such as us-east-1, got "mars-1"/],
      ["a misspelled key", { userPool: { mfaa: "on" } }, /userPool: Unrecognized key: "mfaa"/],
      ["a wrong MFA mode", { userPool: { mfa: "sometimes" } }, /userPool\.mfa: Invalid option/],
      ["a fractional expiry", { bucket: { uploadExpirationDays: 1.5 } }, /bucket\.uploadExpirationDays: /],
      [
        "an unsupported runtime",
        { mover: { runtime: "python3.12" } },
        /mover\.runtime: must be one of "nodejs22.x", "nodejs24.x", got "python3.12"/,
      ],
      [
        "an invalid retention",
        { api: { accessLogRetentionDays: 2 } },
        /api\.accessLogRetentionDays: must be one of CloudWatch's retention values/,
      ],
      [
        "a string where a number belongs",
        { mover: { memorySize: "512" } },
        /mover\.memorySize: Invalid input: expected number/,
      ],
    ])("%s", (_, override, message) => {
      expect(() => loadConfig({ json: JSON.stringify(override) })).toThrow(message);
    });

    test("and lists every invalid field at once", () => {
      expect(() => validateConfig({ ...DEFAULT_CONFIG, region: "x", namePrefix: "A" })).toThrow(
        /region: [^\n]+\n\s+- namePrefix: /,
      );
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
