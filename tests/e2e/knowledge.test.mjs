// The layer estimate's size tables (issue #16) are not in the wasm: the page shows its first analysis without
// them, fetches the knowledge pack afterwards, says meanwhile that sizes are loading, and says why when the pack
// cannot be had. After one visit the pack is there offline too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const FLASK = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nCOPY . .\n";
const link = () => server.url + "#text=" + encodeURIComponent(FLASK);

/** The Layers panel's text once it matches `pattern`. */
async function layersSaying(page, pattern) {
  await page.click("#panels-tab-layers");
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector(".layers")?.innerText ?? ""),
    pattern.source,
    { timeout: 20_000 },
  );
  return page.locator(".layers").innerText();
}

test("the first analysis does not wait for the size tables; they follow and fill in the sizes", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const packs = [];
  await page.route("**/knowledge-*.pack", async (route) => {
    packs.push(route.request().url());
    await released;
    await route.continue();
  });
  await page.goto(link());
  await waitForApp(page);
  await page.locator(".findings").waitFor();
  const waiting = await layersSaying(page, /Loading the size tables/);
  await screenshot(page, "knowledge-loading-desktop");
  assert.match(waiting, /Base: python:3\.12-slim — size unknown \(needs the size tables, not loaded\)/);
  assert.match(waiting, /pip: flask: needs the size tables, not loaded/, "the pip layer says why it is unknown, inline");
  release();
  const loaded = await layersSaying(page, /Base: python:3\.12-slim — \d/);
  assert.doesNotMatch(loaded, /Loading the size tables|not loaded/);
  assert.match(loaded, /\n2\tRUN\t\d+(\.\d)? MB–\d+(\.\d)? MB/, "the pip layer has its size");
  await screenshot(page, "knowledge-loaded-desktop");
  assert.equal(packs.length, 1, "the pack is fetched once");
  assertClean();
});

test("a pack that cannot be read leaves the sizes unknown and says why", async () => {
  const { page, assertClean } = await openPage(browser, server.url, {
    viewport: { width: 390, height: 844 },
    colorScheme: "dark",
  });
  await page.route("**/knowledge-*.pack", (route) =>
    route.fulfill({ status: 200, contentType: "application/octet-stream", body: "<!doctype html>not a pack" }),
  );
  await page.goto(link());
  await waitForApp(page);
  const text = await layersSaying(page, /could not be loaded/);
  assert.match(text, /could not be loaded \(not a Dockerfile Lab knowledge pack\)/);
  await screenshot(page, "knowledge-unavailable-390-dark");
  assertClean();
});

test("after one visit the size tables are there offline, fetched once", async () => {
  const { page, context, assertClean } = await openPage(browser, server.url);
  const before = server.requests.length;
  await page.goto(link());
  await waitForApp(page);
  await layersSaying(page, /Base: python:3\.12-slim — \d/);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const packs = server.requests.slice(before).filter((path) => path.endsWith(".pack"));
  assert.equal(packs.length, 1, `the pack is downloaded once on the first visit: ${packs}`);
  await context.setOffline(true);
  await page.goto(link());
  await waitForApp(page);
  const text = await layersSaying(page, /Base: python:3\.12-slim — \d|could not be loaded/);
  assert.doesNotMatch(text, /could not be loaded/);
  await context.setOffline(false);
  assertClean();
});
