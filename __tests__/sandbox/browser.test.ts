import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startSandbox, type Sandbox } from "../../sandbox/sandbox";
import { adminClient, claimsOf, configForOrigin, freePort, PASSWORD, pngImage } from "./support/sandbox";

/** Debian's chromium package; `.ci/run` installs it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where the screenshot of the final page is saved. */
export const ARTIFACTS = join(__dirname, "..", "..", "test-artifacts");
const MAX_UPLOAD_BYTES = 64 * 1024;

/** What the page exposes for the console and this test (the root tsconfig has no DOM types). */
interface ExampleWindow {
  uploadsExample: {
    token(): string;
    loadConfig(): Promise<{ api: { imagesUrl: string } }>;
    putUpload(file: unknown, key?: string): Promise<string>;
  };
  document: { querySelector(selector: string): { textContent: string | null } | null };
  Blob: new (parts: unknown[], options: { type: string }) => unknown;
  fetch: typeof fetch;
}

const describeWithChromium: jest.Describe = (() => {
  if (existsSync(CHROMIUM)) return describe;
  if (process.env.CI === "true")
    throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
  console.warn(`${CHROMIUM} is missing (apt-get install chromium): skipping the browser test`);
  return describe.skip;
})();

describeWithChromium("the example web app in headless Chromium against the sandbox", () => {
  let sandbox: Sandbox;
  let browser: BrowserContext | undefined;
  let page: Page;
  let profile: string;
  const email = "browser-user@example.com";
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const config = configForOrigin(await freePort(), { mover: { maxUploadBytes: MAX_UPLOAD_BYTES } });
    profile = mkdtempSync(join(tmpdir(), "sandbox-chromium-"));
    const results = await Promise.allSettled([
      startSandbox({ config }).then((started) => (sandbox = started)),
      chromium
        .launchPersistentContext(profile, {
          executablePath: CHROMIUM,
          headless: true,
          // Run as root in a closed network: no sandbox, no GPU, and none of Chromium's own background connections.
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        })
        .then((started) => (browser = started)),
    ]);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
    await sandbox.createUser(email, PASSWORD);
    page = browser!.pages()[0] ?? (await browser!.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${sandbox.webUrl}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    browser = undefined;
    rmSync(profile, { recursive: true, force: true });
  });

  const status = () => page.locator("#status");
  const upload = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.setInputFiles("#file", file);
    await page.click("#upload-form button[type=submit]");
    await page.waitForFunction(
      () =>
        !/^Uploading/.test(
          (globalThis as unknown as ExampleWindow).document.querySelector("#status")?.textContent ?? "",
        ),
    );
    return (await status().textContent()) ?? "";
  };
  const keysUnder = async (prefix: string) => {
    const listed = await adminClient(sandbox).send(
      new ListObjectsV2Command({ Bucket: sandbox.bucket.name, Prefix: prefix }),
    );
    return (listed.Contents ?? []).map((object) => object.Key as string);
  };

  test("signs in with email and password, uploads an image to tmp/<sub>/, and shows the image the API moved to images/<sub>/", async () => {
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await page.click("#password-form button[type=submit]");
    await page.waitForSelector("#upload-form:not([hidden])");
    expect(await page.textContent("#user")).toBe(email);
    const sub = claimsOf(
      await page.evaluate(() => (globalThis as unknown as ExampleWindow).uploadsExample.token()),
    ).sub;

    const text = await upload({
      name: "red-square.png",
      mimeType: "image/png",
      buffer: pngImage(96, 96, [220, 50, 50]),
    });

    expect(text).toMatch(new RegExp(`^Moved to images/${sub}/[0-9a-f-]{36}-red-square\\.png$`));
    expect(await page.locator("#result figure img").count()).toBe(1);
    expect(
      await page
        .locator("#result figure img")
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(96);
    expect(await keysUnder(`images/${sub}/`)).toHaveLength(1);
    expect(await keysUnder(`tmp/${sub}/`)).toEqual([]);
  });

  test("an upload into another user's prefix is refused by the IAM gate with 403 AccessDenied", async () => {
    const outcome = await page.evaluate(async () => {
      const browser = globalThis as unknown as ExampleWindow;
      try {
        await browser.uploadsExample.putUpload(
          new browser.Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }),
          "tmp/someone-else/planted.png",
        );
        return "stored";
      } catch (error) {
        return `${(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode} ${(error as Error).name}`;
      }
    });
    expect(outcome).toBe("403 AccessDenied");
    expect(await keysUnder("tmp/someone-else/")).toEqual([]);
  });

  test("the API answers 401 to a request without a token, readable by the page through the gateway responses' CORS headers", async () => {
    const status = await page.evaluate(async () => {
      const config = await (globalThis as unknown as ExampleWindow).uploadsExample.loadConfig();
      const response = await fetch(config.api.imagesUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"key":"tmp/x/y.png"}',
      });
      return `${response.status} ${JSON.stringify(await response.json())}`;
    });
    expect(status).toBe('401 {"message":"Unauthorized"}');
  });

  test("a text file renamed .png is refused with 415 and stays in tmp/", async () => {
    const text = await upload({
      name: "notes.png",
      mimeType: "image/png",
      buffer: Buffer.from("just some notes, not an image\n"),
    });
    expect(text).toMatch(/^The API refused: 415 /);
    const sub = claimsOf(
      await page.evaluate(() => (globalThis as unknown as ExampleWindow).uploadsExample.token()),
    ).sub;
    expect((await keysUnder(`tmp/${sub}/`)).filter((key) => key.endsWith("-notes.png"))).toHaveLength(1);
  });

  test("an image over the configured cap is refused with 413", async () => {
    const text = await upload({
      name: "huge.png",
      mimeType: "image/png",
      buffer: pngImage(16, 16, [40, 160, 60], MAX_UPLOAD_BYTES + 1024),
    });
    expect(text).toMatch(/^The API refused: 413 /);
  });

  test("with a deployed stack's configuration it signs in through the hosted sign-in, code flow with PKCE", async () => {
    // The stack's hosted domain is AWS's; the browser's requests to it are answered here, as Cognito would.
    const domain = "https://image-uploads-dev.auth.us-east-1.amazoncognito.com";
    const { endpoints: _, ...deployed } = sandbox.frontendConfig;
    const awsConfig = { ...deployed, auth: { ...deployed.auth, domain } };
    const idToken = await page.evaluate(() => (globalThis as unknown as ExampleWindow).uploadsExample.token());
    const aws = await browser!.newPage();
    let authorize: URL | undefined;
    let exchange: URLSearchParams | undefined;
    await aws.route("**/uploads-config.json", (route) => route.fulfill({ json: awsConfig }));
    await aws.route(`${domain}/oauth2/authorize**`, (route) => {
      authorize = new URL(route.request().url());
      const back = new URL(authorize.searchParams.get("redirect_uri")!);
      back.search = new URLSearchParams({ code: "code-1", state: authorize.searchParams.get("state")! }).toString();
      return route.fulfill({ status: 302, headers: { Location: back.toString() } });
    });
    await aws.route(`${domain}/oauth2/token`, (route) => {
      if (route.request().method() === "OPTIONS")
        return route.fulfill({
          status: 204,
          headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "content-type" },
        });
      exchange = new URLSearchParams(route.request().postData() ?? "");
      return route.fulfill({
        json: { id_token: idToken, access_token: "a", refresh_token: "r", token_type: "Bearer", expires_in: 3600 },
        headers: { "Access-Control-Allow-Origin": "*" },
      });
    });
    try {
      await aws.goto(`${sandbox.webUrl}/`);
      // The page shows its mode once it has read its configuration.
      await aws.waitForFunction(
        () => (globalThis as unknown as ExampleWindow).document.querySelector("#mode")?.textContent !== "…",
      );
      expect(await aws.textContent("#mode")).toBe("AWS us-east-1");
      await aws.click("#hosted-sign-in");
      await aws.waitForSelector("#upload-form:not([hidden])");

      expect(Object.fromEntries(authorize!.searchParams)).toMatchObject({
        response_type: "code",
        client_id: deployed.auth.userPoolClientId,
        redirect_uri: `${sandbox.webUrl}/`,
        code_challenge_method: "S256",
      });
      const verifier = exchange!.get("code_verifier")!;
      expect(createHash("sha256").update(verifier).digest("base64url")).toBe(
        authorize!.searchParams.get("code_challenge"),
      );
      expect(Object.fromEntries(exchange!)).toMatchObject({
        grant_type: "authorization_code",
        code: "code-1",
        client_id: deployed.auth.userPoolClientId,
      });
      expect(await aws.textContent("#user")).toBe(email);
      expect(aws.url()).toBe(`${sandbox.webUrl}/`);
    } finally {
      await aws.close();
    }
  });

  test("the final page has no script errors and is saved as a screenshot", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, "sandbox-web-app.png");
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
