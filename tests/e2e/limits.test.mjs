// Hostile and very large input never freezes the page or loses the user's text (issue #20): a link that expands
// to megabytes, a framing page that tries to overwrite the saved text, a link opened over the user's own text,
// a 20,000-line paste with a reload after it, a text over the 2 MB limit, and a new build deployed behind
// long caching headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveAndLaunchAround, openPage, waitForApp, dist, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const AUTOSAVE = "dflab.autosave.v1";
const DRAFTS = "dflab.drafts.v1";

/** The page's longest main-thread task since `observeLongTasks`, in milliseconds. */
const observeLongTasks = (page) =>
  page.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });

/** Replaces the editor's text in one input event, as pasting over a selection does. */
const paste = (page, text) =>
  page.locator("#dockerfile-input").evaluate((textarea, value) => {
    textarea.value = value;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);

/** A v1 link of a few dozen characters whose LZ matches expand to `lines` ENV lines (8 bytes each). */
function bombLink(lines) {
  const varint = (value) => {
    const out = [];
    while (value >= 0x80) {
      out.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    out.push(value);
    return out;
  };
  const text = "FROM x\n" + "ENV A=1\n";
  const expanded = text.length + 8 * (lines - 1);
  const head = `d${expanded}:${text}`;
  // A literal run (even tag) with the head, then one match (odd tag) copying the last 8 bytes over and over.
  const bytes = [...varint(head.length * 2), ...Buffer.from(head), ...varint(((8 * (lines - 1) - 4) << 1) | 1), ...varint(8)];
  return "#v1=" + Buffer.from(bytes).toString("base64url");
}

test("a 93-character link that expands to 8 MB is refused at once, and the text stays", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\n# mine\n");
  const link = bombLink(1_000_000);
  assert.ok(link.length <= 93, `${link.length} characters`);
  const started = Date.now();
  await page.evaluate((hash) => (location.hash = hash), link);
  await page.locator(".notice").filter({ hasText: "over 2 MB" }).waitFor();
  const elapsed = Date.now() - started;
  console.log(`bomb link refused in ${elapsed} ms`);
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python:3.12-slim\n# mine\n");
  assert.ok(elapsed < 5_000, `refused in ${elapsed} ms`);
  assertClean();
});

test("a page that frames the full app with #text= neither reads nor overwrites the saved text", async () => {
  // The framing page is made up by the test (page.route), which a service worker would bypass.
  const { page, assertClean } = await openPage(browser, server.url, { serviceWorkers: "block" });
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\n# my secret work\n");
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes("my secret work"), AUTOSAVE);
  const framing = server.url + "framing-page.html";
  await page.route(framing, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>framing</title><iframe id="lab" width="1200" height="800"
        src="${server.url}#text=${encodeURIComponent("FROM evil:latest\n")}"></iframe>`,
    }),
  );
  await page.goto(framing);
  const frame = page.frameLocator("#lab");
  await frame.locator(".app:not(.shell) #findings-title").waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator("#dockerfile-input").inputValue(), "FROM evil:latest\n");
  await frame.locator("#dockerfile-input").fill("FROM evil:latest\n# typed in the frame\n");
  await page.waitForTimeout(500);
  await page.goto(server.url);
  await waitForApp(page);
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python:3.12-slim\n# my secret work\n");
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), DRAFTS), null, "no draft written either");
  assertClean();
});

test("opening a link keeps the user's text as a draft, one click away after the tab is closed", async () => {
  const { page, context, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  const mine = "FROM python:3.11\n# my own text\n";
  // A link to a different text, opened later in a new tab, after this one is closed.
  await page.fill("#dockerfile-input", "FROM alpine:3.20\n# their text\n");
  await page.click(".share-button");
  const link = await page.inputValue("#share-link");
  await page.fill("#dockerfile-input", mine);
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes("my own text"), AUTOSAVE);
  await page.close();

  const opened = await context.newPage();
  await opened.goto(link);
  await waitForApp(opened);
  assert.equal(await opened.inputValue("#dockerfile-input"), "FROM alpine:3.20\n# their text\n");
  await opened.close();

  const later = await context.newPage();
  await later.goto(server.url);
  await waitForApp(later);
  assert.equal(await later.inputValue("#dockerfile-input"), "FROM alpine:3.20\n# their text\n", "the link's text was autosaved");
  await later.click(".drafts summary");
  const draft = later.locator(".drafts .draft").first();
  assert.match(await draft.innerText(), /FROM python:3\.11/);
  await screenshot(later, "drafts");
  await draft.click();
  await later.waitForFunction((text) => document.getElementById("dockerfile-input").value === text, mine);
  assertClean();
});

test("a 20,000-line paste is analysed in the worker, and a reload after it neither freezes nor loses it", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await observeLongTasks(page);
  await page.goto(server.url);
  await waitForApp(page);
  const text =
    "FROM python:3.12-slim\n" +
    Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `ENV VAR_${i}=value_${i}` : `RUN pip install package-${i}`)).join("\n") +
    "\n";
  let started = Date.now();
  // Set as a paste does, in one input event (Playwright's fill types long texts slowly).
  await paste(page, text);
  await page.waitForFunction(() => !document.querySelector(".app[data-pending]"), null, { timeout: 60_000 });
  await page.locator(".findings .finding").first().waitFor();
  console.log(`20,000 lines pasted and analysed in ${Date.now() - started} ms`);
  assert.equal(await page.getAttribute(".app", "data-worker"), "", "the worker is still there");
  await page.waitForFunction((key) => (localStorage.getItem(key) ?? "").length > 400_000, AUTOSAVE);

  started = Date.now();
  await page.reload();
  await page.locator(".analysing").waitFor();
  await waitForApp(page);
  const longest = await page.evaluate(() => window.__longest);
  console.log(`reload: analysed in ${Date.now() - started} ms; longest main-thread task ${Math.round(longest)} ms`);
  assert.equal(await page.inputValue("#dockerfile-input"), text);
  assert.ok(longest < 1_500, `the longest main-thread task took ${longest} ms`);
  assertClean();
});

test("over 2 MB the page keeps the text and says it is too large, analysing nothing", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  const text = "FROM python:3.12-slim\n" + "# a comment line that makes the text long\n".repeat(50_000);
  await paste(page, text);
  await page.locator(".unanalysed").filter({ hasText: "up to 2.0 MB" }).waitFor();
  await page.locator("#dockerfile-input").evaluate((textarea) => textarea.setSelectionRange(0, 0));
  await screenshot(page, "too-large");
  assert.equal(await page.locator(".mark").count(), 0, "no marks of an older analysis");
  assert.match(await page.locator("#panels-tab-findings").innerText(), /Findings\s*0/);
  assert.equal(await page.inputValue("#dockerfile-input"), text);
  assert.equal(await page.getAttribute(".app", "data-pending"), null, "nothing is on its way");
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\n");
  await waitForApp(page);
  assertClean();
});

test("a new build deployed behind long caching headers replaces the old one, online and offline", async () => {
  const builds = await mkdtemp(join(tmpdir(), "dflab-builds-"));
  const forever = "public, max-age=31536000";
  try {
    const [old, next] = [join(builds, "old"), join(builds, "new")];
    for (const [dir, mark] of [
      [old, "old"],
      [next, "new"],
    ]) {
      await cp(dist, dir, { recursive: true });
      const index = join(dir, "index.html");
      await writeFile(index, (await readFile(index, "utf8")).replace("<head>", `<head><meta name="dflab-build" content="${mark}">`));
      const worker = join(dir, "sw.js");
      await writeFile(worker, (await readFile(worker, "utf8")).replace('const VERSION = "', `const VERSION = "${mark}-`));
    }
    server.serveFrom(old, forever);
    const { page, context, assertClean } = await openPage(browser, server.url);
    await page.goto(server.url);
    await waitForApp(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

    // Deployed: every old file stays in the browser's HTTP cache for a year.
    server.serveFrom(next, forever);
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
    // The new worker is active once it has deleted the old build's cache.
    const cacheNames = () => page.evaluate(() => caches.keys());
    for (const deadline = Date.now() + 30_000; ; await page.waitForTimeout(100)) {
      const names = await cacheNames();
      if (names.some((name) => name.startsWith("dflab-new-")) && !names.some((name) => name.startsWith("dflab-old-"))) break;
      assert.ok(Date.now() < deadline, `the new build's worker never took over: ${names}`);
    }
    const cachedPage = await page.evaluate(async () => {
      const key = (await caches.keys()).find((name) => name.startsWith("dflab-new-"));
      const cache = await caches.open(key);
      const hit = await cache.match(new URL("./", location.href).href);
      return hit ? hit.text() : `no ./ in ${key}: ${(await cache.keys()).map((request) => request.url).join(" ")}`;
    });
    assert.match(cachedPage, /content="new"/, "the new worker cached the new index.html, not the HTTP cache's old one");
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getAttribute('meta[name="dflab-build"]', "content"), "new", "online");
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getAttribute('meta[name="dflab-build"]', "content"), "new", "offline");
    await context.setOffline(false);
    assertClean();
  } finally {
    server.serveFrom(dist);
    await rm(builds, { recursive: true, force: true });
  }
});
