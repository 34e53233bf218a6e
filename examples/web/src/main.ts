import { loadConfig, type UploadsConfig } from "./config";
import { finishHostedSignIn, signInWithPassword, startHostedSignIn } from "./sign-in";
import { ApiError, claimsOf, moveUpload, putUpload, uploadImage } from "./uploads";

const TOKEN_KEY = "uploads-example-id-token";
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function show(id: string, visible: boolean): void {
  element(id).hidden = !visible;
}

function status(text: string, kind: "info" | "error" | "ok" = "info"): void {
  const box = element("status");
  box.textContent = text;
  box.dataset.kind = kind;
}

/** The signed-in user's id token while it is valid. */
function currentToken(): string | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  if (
    token &&
    claimsOf(token) &&
    (JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp ?? 0) * 1000 > Date.now()
  )
    return token;
  sessionStorage.removeItem(TOKEN_KEY);
  return undefined;
}

function render(config: UploadsConfig): void {
  const token = currentToken();
  element("mode").textContent = config.endpoints ? "sandbox" : `AWS ${config.region}`;
  show("password-form", !token && config.endpoints !== undefined);
  show("hosted-sign-in", !token && config.endpoints === undefined);
  show("upload-form", token !== undefined);
  show("signed-in", token !== undefined);
  if (token) element("user").textContent = claimsOf(token).email ?? claimsOf(token).sub;
}

async function main(): Promise<void> {
  const config = await loadConfig();
  const returning = await finishHostedSignIn(config);
  if (returning) sessionStorage.setItem(TOKEN_KEY, returning);
  render(config);

  element<HTMLFormElement>("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    status("Signing in…");
    try {
      const email = element<HTMLInputElement>("email").value;
      const password = element<HTMLInputElement>("password").value;
      sessionStorage.setItem(TOKEN_KEY, await signInWithPassword(config, email, password));
      status("Signed in.", "ok");
      render(config);
    } catch (error) {
      status(`Sign-in failed: ${(error as Error).message}`, "error");
    }
  });
  element("hosted-sign-in").addEventListener("click", () => {
    startHostedSignIn(config).catch((error) => status(`Sign-in failed: ${(error as Error).message}`, "error"));
  });
  element("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    element("result").replaceChildren();
    status("Signed out.");
    render(config);
  });
  element<HTMLFormElement>("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = element<HTMLInputElement>("file").files?.[0];
    const token = currentToken();
    if (!file || !token) return;
    status(`Uploading ${file.name}…`);
    try {
      const moved = await uploadImage(config, file, token);
      const figure = document.createElement("figure");
      const image = document.createElement("img");
      image.src = URL.createObjectURL(file);
      image.alt = file.name;
      const caption = document.createElement("figcaption");
      caption.textContent = `${moved.key} (${moved.bytes} bytes, ${moved.contentType})`;
      figure.append(image, caption);
      element("result").prepend(figure);
      status(`Moved to ${moved.key}`, "ok");
    } catch (error) {
      status(
        error instanceof ApiError ? `The API refused: ${error.message}` : `Upload failed: ${(error as Error).message}`,
        "error",
      );
    }
  });
}

// For the console and the browser test: the same calls the page makes, with the loaded configuration.
Object.assign(window, {
  uploadsExample: {
    loadConfig,
    putUpload: async (file: Blob, key?: string) => putUpload(await loadConfig(), file, currentToken() ?? "", key),
    moveUpload: async (key: string) => moveUpload(await loadConfig(), key, currentToken() ?? ""),
    token: () => currentToken(),
  },
});

main().catch((error) => status(`The page could not start: ${(error as Error).message}`, "error"));
