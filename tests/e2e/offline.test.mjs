// After one visit the app works with no network: the service worker precaches the build, claims the page on
// the first load, and serves the app when the network is cut (CDP network emulation), the analysis worker
// included. Embedded widgets register no worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, waitForSizeData } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

test("after one visit the app loads and analyses with the network cut", async () => {
  const { page, context, assertClean } = await openPage(browser, server.url);
  const before = server.requests.length;
  await page.goto(server.url);
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  // The worker precached the build: the page's copy of the wasm served it (its name has a content hash).
  const wasm = server.requests.slice(before).filter((path) => path.endsWith("_bg.wasm"));
  assert.equal(wasm.length, 1, `the wasm is downloaded once on the first visit: ${wasm}`);

  await context.setOffline(true);
  const served = server.requests.length;
  await page.reload();
  await waitForApp(page);
  assert.equal(server.requests.length, served, "nothing reached the server while offline");
  // Long enough for the analysis worker, which came from the cache too (its script, glue and wasm).
  const long = "FROM python\nRUN pip install flask\n" + "RUN echo offline && echo still working\n".repeat(1000);
  await waitForSizeData(page); // from the service worker's cache: the size tables are there offline too
  const revision = Number(await page.getAttribute(".app", "data-revision"));
  await page.fill("#dockerfile-input", long);
  assert.equal(await page.getAttribute(".app", "data-worker"), "", "typing is analysed in the worker offline");
  assert.equal(Number(await page.getAttribute(".app", "data-revision")), revision + 1, "the worker's analysis shown");
  await page.locator(".findings .finding").first().waitFor();
  assert.match(await page.locator(".findings").innerText(), /B001/);
  await context.setOffline(false);
  assertClean();
});

test("embed mode registers no service worker", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url + "?embed");
  await page.locator(".app.embed").waitFor();
  const registrations = await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length));
  assert.equal(registrations, 0);
  assertClean();
});
