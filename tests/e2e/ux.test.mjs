// Points of the UX review of issue #17, each as a visitor meets it: names a screen reader can tell apart,
// Back from the rule catalog, and what an underline in the editor says to a keyboard user.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

async function fresh(options) {
  const opened = await openPage(browser, server.url, options);
  await opened.page.goto(server.url);
  await waitForApp(opened.page);
  return opened;
}

test("Back from the rule catalog returns to the lab, with the text as it was", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\n# mine\n");
  await page.click(".catalog-link");
  await page.locator(".catalog").waitFor();
  assert.match(page.url(), /#rules$/);
  await page.goBack();
  await page.locator("#findings-title").waitFor();
  assert.equal(new URL(page.url()).origin + new URL(page.url()).pathname, server.url.replace(/\/$/, "/"));
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python\n# mine\n");
  assertClean();
});

test("the opt-in checkboxes and the theme toggle have names that say what they do", async () => {
  const { page, assertClean } = await fresh({ colorScheme: "light" });
  await page.click("#panels-tab-diff");
  const boxes = page.getByRole("checkbox");
  const names = await boxes.evaluateAll((inputs) => inputs.map((i) => i.closest("label").textContent.trim()));
  assert.ok(names.length >= 2, `${names.length} opt-in checkboxes`);
  assert.equal(new Set(names).size, names.length, `every checkbox has its own name: ${names.join(" | ")}`);
  const toggle = page.getByRole("button", { name: "☾ Dark theme" });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assertClean();
});

test("with the caret in an underlined span, the editor says what the finding is", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\nRUN echo hi\n");
  const notes = page.locator("#editor-notes");
  assert.equal(await notes.innerText(), "", "nothing while the caret is elsewhere");
  await page.locator("#dockerfile-input").evaluate((t) => {
    t.focus();
    t.setSelectionRange(7, 7); // inside `python`
  });
  await notes.filter({ hasText: "has no tag" }).waitFor();
  assert.match(await notes.innerText(), /warning\s+python has no tag/i);
  assert.ok(await page.locator("#editor-help").isHidden(), "the notes take the hint's place");
  await page.locator("#dockerfile-input").evaluate((t) => t.setSelectionRange(16, 16)); // inside `echo hi`
  await page.waitForFunction(() => !/has no tag/.test(document.getElementById("editor-notes").innerText));
  assertClean();
});

test("Back from the catalog to an open lesson keeps the reader's work on it", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url + "#lesson=pip-no-cache");
  await page.locator("#lesson-title", { hasText: "pip's download cache" }).waitFor();
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\n# my attempt\n");
  await page.click(".catalog-link");
  await page.locator(".catalog").waitFor();
  await page.goBack();
  await page.locator("#lesson-title", { hasText: "pip's download cache" }).waitFor();
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python:3.12-slim\n# my attempt\n");
  assert.match(page.url(), /#lesson=pip-no-cache$/);
  assertClean();
});
