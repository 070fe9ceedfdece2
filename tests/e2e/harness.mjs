// Shared end-to-end harness: serves dist/ on a free loopback port, drives Debian's Chromium through
// playwright-core, and makes every test fail on a console error, an uncaught exception, or a request to any
// host other than the page's own (Dockerfiles hold secrets; the page must send nothing anywhere).
import { before, after } from "node:test";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
export const dist = join(root, "dist");
export const artifacts = join(root, "tests/e2e/artifacts");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

const gzipCache = new Map();
/** `body` gzip-compressed at the highest level, once per content. */
function gzipped(body) {
  const key = createHash("sha256").update(body).digest("hex");
  if (!gzipCache.has(key)) gzipCache.set(key, gzipSync(body, { level: 9 }));
  return gzipCache.get(key);
}

/**
 * Serves dist/ like any static file server; returns { url, requests, close, serveFrom }. `serveFrom(dir,
 * cacheControl)` switches to another build directory, optionally with one Cache-Control header for every file
 * (a badly configured host), as a deployment does.
 */
export async function serveDist() {
  const requests = [];
  let served = { dir: dist, cacheControl: null };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const { dir, cacheControl } = served;
    const file = normalize(join(dir, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      // Like a production host: build files with a content hash in their name never change, so browsers keep
      // them; everything else is revalidated. (trunk prints the 64-bit hash without leading zeros: 16 hex digits
      // or fewer.)
      const hashed = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|pack)$/.test(file);
      // Compressed as production hosts do, so that the bytes and times measured are what a visitor gets.
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "") && extname(file) !== ".png";
      res
        .writeHead(200, {
          "content-type": types[extname(file)] ?? "application/octet-stream",
          "cache-control": cacheControl ?? (hashed ? "public, max-age=31536000, immutable" : "no-cache"),
          ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}),
        })
        .end(gzip ? gzipped(body) : body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
    serveFrom: (dir, cacheControl = null) => (served = { dir, cacheControl }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * Serves dist/ and launches the browser before the calling file's tests and closes both after them; `started`
 * receives `{ server, browser }` once they are up.
 */
export function serveAndLaunchAround(started) {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
    started({ server, browser });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * Opens a page that records every problem the tests must fail on. Call `assertClean()` at the end of a test.
 */
export async function openPage(
  browser,
  serverUrl,
  { viewport = { width: 1280, height: 900 }, colorScheme, serviceWorkers, alsoFrom = [], thirdPartyPage = false } = {},
) {
  const context = await browser.newContext({ viewport, colorScheme, serviceWorkers });
  const page = await context.newPage();
  // The app analyses typing in a Web Worker, so the panels update a moment after the text. A fill returns once
  // the analysis of what it typed is on screen (`data-pending` is gone), as it did when analysis was
  // synchronous; tests then read panels that belong to the text they typed.
  const fill = page.fill.bind(page);
  page.fill = async (...args) => {
    await fill(...args);
    await page.waitForFunction(() => !document.querySelector(".app[data-pending]"));
  };
  const problems = [];
  // `alsoFrom`: other servers of the test itself (a documentation site embedding the app from another origin).
  // `thirdPartyPage`: the top page is someone else's (that documentation site): what it requests itself is its
  // business; what the app's frames request is still checked.
  const origins = [serverUrl, ...alsoFrom].map((url) => new URL(url).origin);
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("request", (request) => {
    if (thirdPartyPage && request.frame() === page.mainFrame()) return;
    const url = request.url();
    if (!url.startsWith("data:") && !url.startsWith("blob:") && !origins.includes(new URL(url).origin)) {
      problems.push(`request to another host: ${url}`);
    }
  });
  // A navigation aborts the previous page's pending requests (net::ERR_ABORTED): not a failure of the page.
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    if (!reason.includes("ERR_ABORTED")) problems.push(`failed request: ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return {
    page,
    context,
    problems,
    assertClean() {
      if (problems.length) throw new Error("the page misbehaved:\n  " + problems.join("\n  "));
    },
  };
}

/** A fresh page of the app at `serverUrl`, once it has rendered its panels (see `openPage` for `options`). */
export async function openApp(browser, serverUrl, options) {
  const opened = await openPage(browser, serverUrl, options);
  await opened.page.goto(serverUrl);
  await waitForApp(opened.page);
  return opened;
}

/** Waits until the wasm app has rendered its panels (whichever tab is open), not the static page's. */
export async function waitForApp(page) {
  // The app's own panels: the static page before the wasm holds the default example's findings too.
  await page.waitForSelector(".app:not(.shell) :is(#findings-title, #rewrite-title, #layers-title)", { timeout: 30_000 });
}

/** Waits until the layer estimate's size tables, fetched after the first analysis, are in and analysed with. */
export async function waitForSizeData(page) {
  await page.waitForSelector(".app[data-size-data='ready']", { timeout: 30_000 });
  await page.waitForSelector(".app:not([data-pending])", { timeout: 30_000 });
}

export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
