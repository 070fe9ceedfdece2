// The built playground in headless Chromium: it loads with an analysed example, and typing a Dockerfile
// updates what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

test("the page opens with the example Dockerfile loaded and analysed", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  const source = await page.inputValue("#dockerfile-input");
  assert.match(source, /^FROM python:3\.11/m, "the example is in the editor");
  await page.click("#panels-tab-layers");
  const layers = page.locator(".layers .stage");
  assert.equal(await layers.count(), 1, "one build stage in the layer view");
  assert.match(await page.locator(".layers").innerText(), /RUN/);
  assertClean();
});

test("typing a Dockerfile updates the findings", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill("#dockerfile-input", "");
  await page.locator("#dockerfile-input").pressSequentially("FROM python\nRUN pip install flask\n");
  const findings = page.locator(".findings .finding");
  await findings.first().waitFor();
  const text = await page.locator(".findings").innerText();
  assert.match(text, /python has no tag, so it means python:latest/);
  assert.match(text, /B001/);
  assert.match(text, /DL3006/);
  assert.match(text, /Y001/, "pip without --no-cache-dir is the second warning");
  assert.match(await page.locator("#announce").innerText(), /2 warnings/);

  await page.fill("#dockerfile-input", "FROM python:3.12-slim\n");
  await page.locator(".findings .empty").waitFor();
  assert.equal(await page.locator(".findings .empty").innerText(), "No problems found.");
  assert.equal(await page.locator("#announce").innerText(), "No problems found.");
  assertClean();
});

test("the page requests only its own files", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  const before = server.requests.length;
  await page.goto(server.url);
  await waitForApp(page);
  const paths = server.requests.slice(before);
  assert.ok(paths.some((p) => p.endsWith(".wasm")), `the wasm module was served: ${paths.join(", ")}`);
  assertClean();
});
