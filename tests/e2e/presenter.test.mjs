// Presenter mode (?present): no chrome, the page address visible, large high-contrast type, and the keyboard
// (PageDown/PageUp, as presentation clickers send, or the arrows) steps through the examples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, screenshot } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

test("presenter mode shows the address and steps through the examples with the keyboard", async () => {
  const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 1600, height: 900 } });
  await page.goto(server.url + "?present");
  await waitForApp(page);
  await page.locator(".app.present").waitFor();
  assert.equal(await page.locator(".app-header").count(), 0, "no header or toolbar");
  assert.equal(await page.locator(".present-address").innerText(), server.url, "the address people can open");
  const fontSize = await page.locator(".app.present").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 20, `large type (${fontSize}px)`);

  const title = () => page.locator(".present-title").innerText();
  const first = await title();
  const firstText = await page.inputValue("#dockerfile-input");
  await page.locator(".present-bar").click();
  await page.keyboard.press("PageDown");
  await page.waitForFunction((t) => document.querySelector(".present-title").innerText !== t, first);
  const second = await title();
  assert.notEqual(await page.inputValue("#dockerfile-input"), firstText, "the next example is loaded");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((t) => document.querySelector(".present-title").innerText !== t, second);
  await page.keyboard.press("PageUp");
  await page.waitForFunction((t) => document.querySelector(".present-title").innerText === t, second);
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((t) => document.querySelector(".present-title").innerText === t, first);
  assert.equal(await page.inputValue("#dockerfile-input"), firstText);

  // Typing in the editor is not a page turn.
  await page.locator("#dockerfile-input").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await title(), first);
  await screenshot(page, "presenter");
  assertClean();
});
