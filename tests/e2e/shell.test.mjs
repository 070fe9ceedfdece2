// The page before the wasm runs (issue #17, "the page shows at once"): index.html holds the editor with the
// text the app will open, styled, and the default example's findings rendered at build time (or an
// "Analysing…" panel for another text). The wasm is held back here until the test lets
// it go, so what a visitor on a slow connection sees meanwhile is checked, and looked at in screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveAndLaunchAround, openPage, waitForApp, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const example = () => readFile(join(import.meta.dirname, "../../crates/web/examples_df/flask.Dockerfile"), "utf8");

/** Opens the page with its wasm held back; `release()` lets it load. */
async function openHeld(url, options) {
  const opened = await openPage(browser, server.url, options);
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await opened.page.route("**/*.wasm", async (route) => {
    await released;
    await route.continue();
  });
  await opened.page.goto(url);
  await opened.page.locator("#app-shell").waitFor();
  return { ...opened, release };
}

test("before the wasm: the default example is visible and styled, with its findings rendered at build time", async () => {
  const { page, release, assertClean } = await openHeld(server.url);
  assert.equal(await page.inputValue("#app-shell #dockerfile-input"), await example());
  // The findings are there before the wasm: rendered when the page was built, by the same components and core.
  const first = page.locator("#app-shell [data-first-results]");
  assert.ok(await first.locator("#findings-title").isVisible(), "the example's findings are shown");
  assert.ok(await page.locator("#app-shell .shell-status").isHidden(), "no Analysing… beside them");
  const prerendered = await first.locator(".tab-panel").innerText();
  // The size tables come after the app's first analysis and may add findings: held back until compared.
  let releasePack;
  const packReleased = new Promise((resolve) => (releasePack = resolve));
  await page.route("**/knowledge-*.pack", async (route) => {
    await packReleased;
    await route.continue();
  });
  // Styled by the app's stylesheet: the two panes side by side, the text in the editor's font.
  const font = await page.locator("#app-shell #dockerfile-input").evaluate((e) => getComputedStyle(e).fontFamily);
  assert.match(font, /mono/i);
  await screenshot(page, "shell-desktop");
  const before = await page.locator("#app-shell #dockerfile-input").boundingBox();
  release();
  await waitForApp(page);
  assert.equal(await page.locator("#app-shell").count(), 0, "the app replaced the static page");
  assert.equal(await page.inputValue("#dockerfile-input"), await example());
  // The app's own first analysis says what the page said before it (the size tables, fetched after it, may
  // then add what needs them).
  assert.equal(await page.locator(".app:not(.shell) .tab-panel").innerText(), prerendered, "the same findings");
  releasePack();
  // The text does not jump when the app takes over: its editor is where the static one was.
  const after = await page.locator("#dockerfile-input").boundingBox();
  for (const side of ["x", "y", "width"]) {
    assert.ok(Math.abs(before[side] - after[side]) <= 2, `the editor moved: ${side} ${before[side]} → ${after[side]}`);
  }
  assertClean();
});

test("text typed before the wasm arrives is kept by the app, caret and focus included", async () => {
  const { page, release, assertClean } = await openHeld(server.url, { viewport: { width: 390, height: 844 } });
  const before = await page.locator("#app-shell #dockerfile-input").boundingBox();
  await page.fill("#app-shell #dockerfile-input", "FROM python\nRUN pip install flask\n");
  await page.locator("#app-shell #dockerfile-input").evaluate((e) => e.setSelectionRange(5, 11));
  // The example's findings are not this text's: the pane says it is analysing.
  assert.ok(await page.locator("#app-shell [data-first-results]").isHidden(), "the example's findings went");
  assert.match(await page.locator("#app-shell .shell-status").innerText(), /Analysing…/);
  await screenshot(page, "shell-mobile-typed");
  release();
  await waitForApp(page);
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python\nRUN pip install flask\n");
  assert.match(await page.locator(".findings").innerText(), /B001/, "the typed text is the one analysed");
  const caret = await page.evaluate(() => {
    const t = document.activeElement;
    return { id: t.id, start: t.selectionStart, end: t.selectionEnd };
  });
  assert.deepEqual(caret, { id: "dockerfile-input", start: 5, end: 11 });
  const after = await page.locator("#dockerfile-input").boundingBox();
  assert.ok(Math.abs(before.y - after.y) <= 2, `at 390 px the editor moved from ${before.y} to ${after.y}`);
  assertClean();
});

test("before the wasm: the autosaved text, a #text= link, and nothing for a compressed link", async () => {
  // No service worker: it would serve the wasm from its cache, past the route that holds it back.
  const saved = await openPage(browser, server.url, { colorScheme: "dark", serviceWorkers: "block" });
  await saved.page.goto(server.url);
  await waitForApp(saved.page);
  await saved.page.fill("#dockerfile-input", "FROM debian:bookworm\n# café ☕\n");
  await saved.page.waitForFunction(() => (localStorage.getItem("dflab.autosave.v1") ?? "").includes("café"));
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await saved.page.route("**/*.wasm", async (route) => {
    await released;
    await route.continue();
  });
  await saved.page.reload();
  await saved.page.locator("#app-shell").waitFor();
  assert.equal(await saved.page.inputValue("#app-shell #dockerfile-input"), "FROM debian:bookworm\n# café ☕\n");
  assert.match(await saved.page.locator("#app-shell .shell-status").innerText(), /Analysing…/, "not the example's findings");
  await screenshot(saved.page, "shell-dark-autosaved");
  release();
  await waitForApp(saved.page);
  saved.assertClean();

  const link = await openHeld(server.url + "#text=" + encodeURIComponent("FROM alpine:3.20\n"));
  assert.equal(await link.page.inputValue("#app-shell #dockerfile-input"), "FROM alpine:3.20\n");
  assert.match(await link.page.locator("#app-shell .shell-status").innerText(), /Analysing…/);
  link.release();
  await waitForApp(link.page);
  link.assertClean();

  const compressed = await openHeld(server.url + "#v2=AAAA");
  assert.equal(await compressed.page.inputValue("#app-shell #dockerfile-input"), "");
  assert.equal(await compressed.page.locator("#app-shell #dockerfile-input").getAttribute("readonly"), "");
  compressed.release();
  await waitForApp(compressed.page);
});
