// The analysis worker (crates/web/src/analysis_client.rs): typing is analysed off the main thread by the same
// wasm, downloaded once (small texts stay on the page: crates/web/src/state.rs); a burst of keystrokes is coalesced and ends with the analysis of the last text,
// identical to the page's own; embed mode analyses on the page. The fallback when the worker fails is
// exercised by perf.test.mjs ("page" run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, waitForSizeData } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

/** A Dockerfile of `stages` stages, each with findings (unpinned apt packages, root user). */
function dockerfile(stages) {
  const out = [];
  for (let s = 0; s < stages; s++) {
    out.push(`FROM debian:12 AS s${s}`, "RUN apt-get update && apt-get install -y curl git", "COPY . /app");
  }
  out.push('CMD ["/app/run"]');
  return out.join("\n") + "\n";
}

test("typing is analysed in the worker, and the app's files are downloaded once", async () => {
  // No service worker: its precaching would request every file again and blur the count.
  const { page, assertClean } = await openPage(browser, server.url, { serviceWorkers: "block" });
  const before = server.requests.length;
  await page.goto(server.url);
  await waitForApp(page);
  assert.equal(await page.getAttribute(".app", "data-worker"), "", "the app started the worker");
  // Long enough for the worker (short texts are analysed on the page, in the keystroke's render).
  await page.fill("#dockerfile-input", dockerfile(800) + "FROM python\n");
  assert.match(await page.locator(".findings").innerText(), /B001/);
  const requested = server.requests.slice(before);
  assert.deepEqual(requested.filter((path) => path.endsWith("/worker.js")), ["/worker.js"]);
  const wasm = requested.filter((path) => path.endsWith("_bg.wasm"));
  assert.equal(wasm.length, 1, `one wasm download for the page and the worker: ${wasm}`);
  const glue = requested.filter((path) => /dflab-web-[0-9a-f]+\.js$/.test(path));
  assert.equal(glue.length, 1, `one glue download: ${glue}`);
  assertClean();
});

test("the worker instantiates the module the page compiled: the wasm is fetched once even with no HTTP cache", async () => {
  // Routing every request turns the HTTP cache off, so a second fetch of the wasm (the worker loading it
  // itself, as it did before issue #17) would show here; the route sees the worker's requests too.
  const { page, context, assertClean } = await openPage(browser, server.url, { serviceWorkers: "block" });
  const wasm = [];
  await context.route("**/*", (route) => {
    if (route.request().url().endsWith("_bg.wasm")) wasm.push(route.request().url());
    return route.continue();
  });
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill("#dockerfile-input", dockerfile(800) + "FROM python\n");
  assert.match(await page.locator(".findings").innerText(), /B001/, "the worker analysed the long text");
  assert.equal(await page.getAttribute(".app", "data-worker"), "", "by the worker");
  assert.equal(wasm.length, 1, `the wasm was fetched ${wasm.length} times`);
  assertClean();
});

test("a burst of keystrokes is coalesced and ends with the page's own analysis of the last text", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  // The size tables bring one more analysis when they arrive: not in the middle of the count below.
  await waitForSizeData(page);
  await page.fill("#dockerfile-input", dockerfile(800));
  const revision = Number(await page.getAttribute(".app", "data-revision"));
  // 30 input events in one task: the worker gets the first, then only the latest. Whether the panels waited
  // for the worker is recorded as it happens: on a busy machine the worker (a thread of its own) can finish
  // before this test reads the page again.
  await page.evaluate(() => {
    const app = document.querySelector(".app");
    window.dflabSawPending = false;
    // A record's old value is the attribute before the change: present once it is removed.
    new MutationObserver((records) => {
      window.dflabSawPending ||= app.hasAttribute("data-pending") || records.some((r) => r.oldValue !== null);
    }).observe(app, { attributes: true, attributeFilter: ["data-pending"], attributeOldValue: true });
    const editor = document.getElementById("dockerfile-input");
    for (let i = 0; i < 30; i++) {
      editor.value += i % 3 ? "#" : "\n";
      editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "#" }));
    }
    editor.value += "\nFROM python\n";
    editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "\n" }));
  });
  await page.waitForSelector(".app:not([data-pending])");
  assert.ok(await page.evaluate(() => window.dflabSawPending), "the panels waited for the worker");
  const analyses = Number(await page.getAttribute(".app", "data-revision")) - revision;
  assert.ok(analyses >= 1 && analyses <= 2, `31 keystrokes, ${analyses} analyses shown`);
  const fromWorker = await page.locator(".findings").innerText();
  assert.match(fromWorker, /B001/, "the last line's untagged image is found");
  await page.click("#panels-tab-diff");
  const rewriteFromWorker = await page.locator(".rewrite").innerText();

  // The reload analyses the autosaved text on the page, synchronously, for the first render.
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.locator(".findings").innerText(), fromWorker, "findings are the page's own");
  await page.click("#panels-tab-diff");
  assert.equal(await page.locator(".rewrite").innerText(), rewriteFromWorker, "rewrite is the page's own");
  assertClean();
});

test("embed mode analyses on the page and starts no worker", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  const before = server.requests.length;
  await page.goto(server.url + "?embed#text=" + encodeURIComponent("FROM python\n"));
  await page.locator(".app.embed").waitFor();
  assert.equal(await page.getAttribute(".app", "data-worker"), null);
  // The size tables arrive after the first analysis and bring one more; then typing brings the next.
  await waitForSizeData(page);
  const revision = Number(await page.getAttribute(".app.embed", "data-revision"));
  await page.fill("#dockerfile-input", "FROM python:3.12\nRUN pip install flask\n");
  await page.locator(`.app.embed[data-revision='${revision + 1}']`).waitFor();
  assert.ok(!server.requests.slice(before).includes("/worker.js"), "no worker script requested");
  assertClean();
});
