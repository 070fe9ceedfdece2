// The sample documentation page: three <pre data-dockerfile-lab> blocks become live widgets through embed.js,
// each analysing its own Dockerfile in its own panel and theme; the app's wasm is downloaded once for all of
// them, and the script adds one global only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

test("three widgets on a documentation page analyse, with one wasm download", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  const served = server.requests.length;
  await page.goto(server.url + "static/docs-sample.html");
  const frames = page.locator("iframe.dockerfile-lab-widget");
  await frames.nth(2).waitFor();
  assert.equal(await frames.count(), 3, "every marked <pre> became a widget");
  assert.equal(await page.locator("pre[data-dockerfile-lab]").count(), 0);

  const widget = (i) => page.frameLocator("iframe.dockerfile-lab-widget").nth(i);
  await widget(0).locator(".app.embed .findings .finding").first().waitFor({ timeout: 30_000 });
  assert.match(await widget(0).locator(".findings").innerText(), /L001/, "the first widget shows its findings");
  await widget(1).locator(".app.embed .rewrite").waitFor({ timeout: 30_000 });
  assert.match(await widget(1).locator(".rewrite").innerText(), /--no-install-recommends/, "the second its rewrite");
  const dark = await page.frames().find((f) => f.url().includes("theme=dark"))?.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(dark, "dark");
  await widget(2).locator(".app.embed .layers").waitFor({ timeout: 30_000 });
  assert.ok(await widget(2).locator("#dockerfile-input").getAttribute("readonly") !== null, "the third is read-only");
  assert.doesNotMatch(await widget(2).locator(".app").innerText(), /Tab indents/, "a read-only widget gives no editing hints");

  await screenshot(page, "docs-page");
  const wasm = server.requests.slice(served).filter((path) => path.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `the wasm was downloaded once: ${wasm.join(", ")}`);
  // The globals the page gained: compared with a fresh same-origin frame; numeric keys are frames, not globals.
  const added = await page.evaluate(() => {
    const probe = document.createElement("iframe");
    document.body.append(probe);
    const baseline = new Set(Object.keys(probe.contentWindow));
    probe.remove();
    return Object.keys(window).filter((key) => !/^\d+$/.test(key) && !baseline.has(key));
  });
  assert.deepEqual(added, ["DockerfileLab"]);
  assertClean();
});
