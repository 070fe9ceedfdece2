// The lab's features end to end: findings and the editor selection, explanations, rewrite, undo, layers,
// autosave, sharing, embed mode, themes, the rule catalog and keyboard use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { serveAndLaunchAround, openPage, openApp, waitForApp } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const fresh = (options) => openApp(browser, server.url, options);

const selection = (page) =>
  page.evaluate(() => {
    const t = document.getElementById("dockerfile-input");
    return { start: t.selectionStart, end: t.selectionEnd, focused: document.activeElement === t, text: t.value.slice(t.selectionStart, t.selectionEnd) };
  });

test("clicking a finding selects its span in the editor (UTF-16 offsets)", async () => {
  const { page, assertClean } = await fresh();
  // The comment holds non-ASCII text, so byte and UTF-16 offsets differ.
  await page.fill("#dockerfile-input", "# Café ☕ 🚀\nFROM python\n");
  await page.locator(".findings .finding .jump").first().click();
  const s = await selection(page);
  assert.equal(s.text, "python", "the finding's span is the image word");
  assert.ok(s.focused, "the editor has focus");
  assertClean();
});

test("a finding's explanation opens from the findings panel", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\n");
  await page.locator(".findings .finding details summary").first().click();
  const explanation = page.locator(".findings .explanation").first();
  await explanation.waitFor();
  const text = await explanation.innerText();
  assert.match(text, /Why it matters/);
  assert.match(text, /Avoid/);
  assert.match(text, /Prefer/);
  assert.match(text, /Source:/);
  assertClean();
});

test("findings are grouped by severity and category with counts", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\nFROM ubuntu\n");
  const group = page.locator(".findings .group.warning");
  await group.waitFor();
  assert.match(await group.locator("h3").innerText(), /warning \(2\)/i);
  assert.match(await group.locator("h4.category").first().innerText(), /base \(2\)/);
  assertClean();
});

test("the editor highlights syntax and underlines findings", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", 'FROM python AS base\nRUN --mount=type=cache,target=/x echo "$HOME" # hi\n');
  await page.locator(".highlight .mark-warning").first().waitFor();
  assert.equal(await page.locator(".highlight .tok-instruction").first().innerText(), "FROM");
  assert.equal(await page.locator(".highlight .tok-flag").first().innerText(), "--mount=type=cache,target=/x");
  assert.ok((await page.locator(".highlight .tok-string").count()) >= 1);
  assert.equal(await page.locator(".gutter span").count(), 3);
  assertClean();
});

test("the rewrite panel: safe fixes applied, an opt-in group toggled, applied to the editor and undone", async () => {
  const { page, assertClean } = await fresh();
  const source = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n";
  await page.fill("#dockerfile-input", source);
  await page.click("#panels-tab-diff");
  const panel = page.locator(".rewrite");
  await panel.waitFor();
  assert.ok((await page.locator(".diff .diff-row").count()) >= 6, "one row per line");
  const text = await panel.innerText();
  assert.match(text, /add --no-cache-dir/, "the safe fix is listed with its title");
  assert.equal(await panel.locator(".group-title code", { hasText: "--no-cache-dir" }).count() > 0, true, "its backticks render as code");
  assert.match(text, /Y001/);
  assert.match(text, /pip install --no-cache-dir -r requirements.txt/, "and applied in the rewritten side");
  assert.doesNotMatch(text, /USER 10001/, "opt-in changes wait for the user");
  const optIn = panel.locator(".change-group", { hasText: "S001" });
  assert.match(await optIn.innerText(), /runs as UID 10001/, "the opt-in warning says what changes");
  await optIn.getByLabel("Apply this change").check();
  await page.waitForFunction(() => document.querySelector(".rewrite").innerText.includes("USER 10001"));

  await page.click(".rewrite .apply");
  const applied = await page.inputValue("#dockerfile-input");
  assert.match(applied, /USER 10001/);
  assert.match(applied, /--no-cache-dir/);
  await page.click(".toolbar .undo");
  assert.equal(await page.inputValue("#dockerfile-input"), source, "Undo restores the text");
  assertClean();
});

test("loading an example is undoable with the Undo button and with Ctrl+Z", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM alpine:3.20\n# mine\n");
  const options = await page.locator("#examples option").count();
  assert.ok(options >= 9, `at least 8 examples (+ the placeholder): ${options}`);
  await page.selectOption("#examples", { label: "The Alpine trap" });
  assert.match(await page.inputValue("#dockerfile-input"), /python:3\.12-alpine/);
  await page.click(".toolbar .undo");
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM alpine:3.20\n# mine\n");

  await page.selectOption("#examples", { label: "uv project" });
  assert.match(await page.inputValue("#dockerfile-input"), /uv sync/);
  await page.focus("#dockerfile-input");
  await page.keyboard.press("Control+z");
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM alpine:3.20\n# mine\n");
  assertClean();
});

test("the layers panel draws the stages and selects a layer's instruction", async () => {
  const { page, assertClean } = await fresh();
  await page.click("#panels-tab-layers");
  await page.locator(".layer-chart").waitFor();
  const text = await page.locator(".layers").innerText();
  assert.match(text, /Final image/);
  assert.match(text, /unknown/, "sizes the core does not know are shown as unknown");
  assert.ok((await page.locator(".layer-chart .layer-bar").count()) >= 3);
  await page.locator(".layer-chart .layer-bar").first().click();
  const s = await selection(page);
  assert.match(s.text, /^COPY \. \./);
  await page.locator(".layer-chart .layer-bar").nth(1).focus();
  await page.keyboard.press("Enter");
  assert.match((await selection(page)).text, /^RUN apt-get update/);
  assertClean();
});

test("the text survives a reload", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM debian:12\nRUN echo kept\n");
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM debian:12\nRUN echo kept\n");
  assertClean();
});

test("Share makes a #v2= link that opens the same text in a new page", async () => {
  const { page, context, assertClean } = await fresh();
  const text = "FROM python:3.12\n# ünïcødé ✓ 🐳\nRUN echo 'shared'\n";
  await page.fill("#dockerfile-input", text);
  // Shared from the Layers tab: the link reopens it.
  await page.click("#panels-tab-layers");
  await page.click(".share-button");
  const link = await page.inputValue("#share-link");
  assert.ok(link.startsWith(server.url + "#v2="), link);
  const other = await context.newPage();
  const problems = [];
  other.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await other.goto(link);
  await waitForApp(other);
  assert.equal(await other.inputValue("#dockerfile-input"), text);
  assert.equal(await other.getAttribute("#panels-tab-layers", "aria-selected"), "true", "the tab it was shared from");
  assert.equal(new URL(other.url()).hash, "", "the page drops the shared hash once loaded");
  assert.deepEqual(problems, []);
  assertClean();
});

test("a shared link does not lose the text the user had: Undo brings it back", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM busybox:1.36\n# before the link\n");
  await page.click(".share-button");
  const mine = await page.inputValue("#share-link");
  await page.fill("#dockerfile-input", "FROM busybox:1.36\n# edited after sharing\n");
  await page.goto(mine);
  await waitForApp(page);
  await page.reload(); // the hash is gone: the reload shows the autosave of the shared text
  await waitForApp(page);
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM busybox:1.36\n# before the link\n");
  assertClean();
});

test("embed mode: compact, themed, chosen panel, read-only, no storage or URL writes", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\n");
  await page.click(".share-button");
  const hash = new URL(await page.inputValue("#share-link")).hash;

  const opened = await openPage(browser, server.url);
  const embed = opened.page;
  const url = `${server.url}?embed&theme=dark&panel=layers&readonly${hash}`;
  await embed.goto(url);
  await embed.locator(".app.embed").waitFor();
  assert.equal(await embed.locator(".app-header").count(), 0, "no header");
  assert.equal(await embed.getAttribute("html", "data-theme"), "dark");
  assert.equal(await embed.getAttribute("#panels-tab-layers", "aria-selected"), "true");
  assert.ok(await embed.locator("#dockerfile-input").getAttribute("readonly") !== null);
  assert.equal(await embed.inputValue("#dockerfile-input"), "FROM python\n");
  const open = embed.locator("a.open-full");
  assert.equal(await open.getAttribute("target"), "_blank");
  assert.match(await open.getAttribute("rel"), /noopener/);
  assert.match(await open.getAttribute("href"), /#v2=/);
  assert.equal(embed.url(), url, "the embed never rewrites its URL");
  assert.equal(await embed.evaluate(() => localStorage.length), 0, "the embed never writes localStorage");
  opened.assertClean();

  for (const [panel, selector] of [["findings", "#panels-tab-findings"], ["diff", "#panels-tab-diff"]]) {
    const o = await openPage(browser, server.url);
    await o.page.goto(`${server.url}?embed&theme=light&panel=${panel}${hash}`);
    await o.page.locator(".app.embed").waitFor();
    assert.equal(await o.page.getAttribute(selector, "aria-selected"), "true");
    assert.equal(await o.page.getAttribute("html", "data-theme"), "light");
    // The size tables arrive after the first analysis and bring one more; then typing brings the next.
    await o.page.locator(".app.embed[data-size-data='ready']").waitFor();
    const revision = Number(await o.page.getAttribute(".app.embed", "data-revision"));
    await o.page.fill("#dockerfile-input", "FROM python:3.12\n"); // editable without readonly
    await o.page.locator(`.app.embed[data-revision='${revision + 1}']`).waitFor();
    assert.equal(await o.page.evaluate(() => localStorage.length), 0);
    assert.match(await o.page.locator("a.open-full").getAttribute("href"), /#v2=/);
    o.assertClean();
  }
  assertClean();
});

test("the theme toggle switches and is remembered", async () => {
  const { page, assertClean } = await fresh({ colorScheme: "light" });
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  assertClean();
});

test("the system dark scheme is followed when nothing was chosen", async () => {
  const { page, assertClean } = await fresh({ colorScheme: "dark" });
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assertClean();
});

test("the rule catalog is searchable and #rule= deep links open a rule", async () => {
  const { page, assertClean } = await fresh();
  await page.click(".catalog-link");
  await page.locator(".catalog").waitFor();
  assert.ok((await page.locator(".rule-entry").count()) >= 1);
  assert.match(new URL(page.url()).hash, /^#rules$/);
  await page.fill("#rule-search", "DL3006");
  assert.equal(await page.locator(".rule-entry").count(), 1);
  assert.match(await page.locator(".rule-entry").innerText(), /B001/);
  await page.fill("#rule-search", "no such rule at all");
  await page.locator(".catalog .empty").waitFor();
  await page.click(".catalog .back");
  await page.locator("#dockerfile-input").waitFor();

  const opened = await openPage(browser, server.url);
  await opened.page.goto(server.url + "#rule=B001");
  await opened.page.locator("#rule-B001.focused").waitFor();
  assert.match(await opened.page.locator("#rule-B001").innerText(), /Why it matters/);
  opened.assertClean();
  assertClean();
});

test("keyboard: Tab indents, Escape then Tab leaves, arrow keys move between tabs, help dialog", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python:3.12\nRUN a\n");
  await page.focus("#dockerfile-input");
  await page.evaluate(() => document.getElementById("dockerfile-input").setSelectionRange(17, 17));
  await page.keyboard.press("Tab");
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python:3.12\n    RUN a\n");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.activeElement.id), "dockerfile-input");

  await page.focus("#panels-tab-findings");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "panels-tab-diff");
  assert.equal(await page.getAttribute("#panels-tab-diff", "aria-selected"), "true");
  await page.keyboard.press("End");
  assert.equal(await page.getAttribute("#panels-tab-layers", "aria-selected"), "true");
  await page.keyboard.press("Alt+1");
  assert.equal(await page.getAttribute("#panels-tab-findings", "aria-selected"), "true");

  await page.click(".help-button");
  const dialog = page.locator("#help-dialog");
  await dialog.waitFor({ state: "visible" });
  assert.match(await dialog.innerText(), /Esc\s+then\s+Tab/);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assertClean();
});

test("companion files are editable tabs wired to the analysis options", async () => {
  const { page, assertClean } = await fresh();
  await page.click("#files-tab-requirements");
  await page.fill("#context-requirements-txt", "flask==3.0.0\n");
  assert.match(await page.locator("#files-tab-requirements").innerText(), /•/);
  await page.click("#files-tab-dockerfile");
  await page.locator("#dockerfile-input").waitFor();
  assertClean();
});

test("the build context's file list: typed or a chosen folder, and a COPY of a missing file is an error", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirement.txt .\n");
  const errors = () => page.locator(".findings .finding").filter({ hasText: "C046" }).count();
  assert.equal(await errors(), 0, "without a file list nothing is known to be missing");
  await page.click("#files-tab-context-files");
  await page.fill("#context-context-files", "app.py\nrequirements.txt\n");
  await page.waitForFunction(() => document.querySelector(".findings")?.textContent.includes("C046"));
  assert.equal(await errors(), 1);
  assert.match(await page.locator("#files-tab-context-files").innerText(), /•/);
  // A chosen folder lists its files (names only) and the missing file is still missing.
  const folder = new URL("../builds/breaking/copy-source-typo", import.meta.url).pathname;
  await page.setInputFiles("#context-folder", folder);
  await page.waitForFunction(() => document.getElementById("context-context-files").value.includes("Dockerfile.fixed"));
  const listed = (await page.inputValue("#context-context-files")).split("\n");
  assert.ok(listed.includes("requirements.txt") && listed.includes("expect"), listed.join(","));
  assert.equal(await errors(), 1);
  // Fixed in the Dockerfile, the error goes.
  await page.click("#files-tab-dockerfile");
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n");
  await page.waitForFunction(() => !document.querySelector(".findings")?.textContent.includes("C046"));
  assertClean();
});

test("the embed snippet page documents the iframe and its live example works", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url + "static/embed-snippet.html");
  assert.match(await page.locator(".snippet").innerText(), /<iframe src=".*\?embed/);
  const frame = page.frameLocator("iframe.snippet-demo");
  await frame.locator(".app.embed").waitFor();
  assert.equal(await frame.locator("#dockerfile-input").inputValue(), "FROM python:3.12-slim\n# café ☕ 🐳\nRUN pip install flask\n");
  // The documented line itself, with the host filled in, opens the Dockerfile it carries.
  const documented = (await page.locator(".snippet").innerText()).match(/src="([^"]+)"/)[1];
  await page.goto(documented.replace("https://YOUR-HOST/PATH/", server.url));
  await page.locator(".app.embed .findings").waitFor();
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python:3.12-slim\n");
  assertClean();
});

test("a #v2= link opened in an already open page replaces the text, undoably", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM alpine:3.20\n");
  await page.click(".share-button");
  const link = await page.inputValue("#share-link");
  await page.fill("#dockerfile-input", "FROM alpine:3.19\n# other\n");
  await page.evaluate((hash) => {
    location.hash = hash;
  }, new URL(link).hash);
  await page.waitForFunction(() => document.getElementById("dockerfile-input").value === "FROM alpine:3.20\n");
  await page.waitForFunction(() => location.hash === "");
  await page.click(".toolbar .undo");
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM alpine:3.19\n# other\n");
  assertClean();
});

test("a long text: the overlay renders the lines near the viewport, aligned when scrolled; findings, diff rows and layers show the first ones and Show all", async () => {
  const { page, assertClean } = await fresh();
  const text = "FROM python:3.12-slim\n" + Array.from({ length: 2000 }, (_, i) => `RUN echo line${i}`).join("\n") + "\n";
  await page.fill("#dockerfile-input", text);
  const more = page.locator(".findings .shown-count");
  await more.waitFor();
  assert.match(await more.innerText(), /Showing the first 100 of \d+ findings/);
  assert.equal(await page.locator(".findings .finding").count(), 100);
  const rendered = await page.locator(".gutter-lines span").count();
  assert.ok(rendered > 0 && rendered < 300, `the gutter renders ${rendered} lines, not 2,002`);
  // Scrolled to the middle, line 1001 of the overlay and of the gutter sits where the textarea draws it.
  const offsets = await page.evaluate(async () => {
    const textarea = document.getElementById("dockerfile-input");
    textarea.scrollTop = 20000;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const expected = textarea.getBoundingClientRect().top + 10 + 1000 * 20 - textarea.scrollTop;
    const number = [...document.querySelectorAll(".gutter-lines span")].find((s) => s.textContent === "1001");
    const marker = document.createRange();
    const code = document.querySelector(".highlight code");
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes("line999")) {}
    marker.selectNodeContents(node);
    return [number?.getBoundingClientRect().top - expected, marker.getBoundingClientRect().top - expected];
  });
  // The number is a 20 px block; the text's box sits inside its 20 px line (a few px lower). A misaligned
  // overlay is off by whole lines.
  for (const offset of offsets) assert.ok(offset >= 0 && offset < 5, `aligned to the line: ${offsets}`);
  await page.locator(".findings .show-all").click();
  await page.waitForFunction(() => document.querySelectorAll(".findings .finding").length > 100);
  assert.equal(await more.count(), 0);
  await page.locator("#panels-tab-diff").click();
  const rows = page.locator(".rewrite .shown-count");
  await rows.waitFor();
  assert.equal(await page.locator(".diff-row").count(), 200);
  await page.locator(".rewrite .show-all").click();
  await page.waitForFunction(() => document.querySelectorAll(".diff-row").length > 200);
  // Layers: the first 100 of the 2,000 RUN layers in the table and the chart; the totals still count all.
  await page.locator("#panels-tab-layers").click();
  const layers = page.locator(".layers .shown-count");
  await layers.waitFor();
  assert.match(await layers.innerText(), /Showing the first 100 of 2000 layers/);
  assert.equal(await page.locator(".layer-table tr.layer").count(), 100);
  assert.equal(await page.locator(".layer-chart .layer-bar").count(), 100);
  assert.match(await page.locator(".layer-chart").textContent(), /… and 1900 more/);
  await page.locator(".layers .show-all").click();
  await page.waitForFunction(() => document.querySelectorAll(".layer-table tr.layer").length === 2000);
  assert.equal(await page.locator(".layer-chart .layer-bar").count(), 2000);
  assert.equal(await layers.count(), 0);
  assertClean();
});

test("the report and one finding copy as the Markdown `dflab check --format markdown` prints", async () => {
  const { page, context, assertClean } = await fresh();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const text = "FROM python\nRUN pip install flask | tee /log\n";
  await page.fill("#dockerfile-input", text);
  await page.click(".findings .copy-report");
  await page.locator(".findings .copy-status").filter({ hasText: "Copied the report" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const cli = spawnSync("cargo", ["run", "-q", "-p", "dflab-cli", "--", "check", "--format", "markdown", "--no-context", "-"], {
    input: text,
    encoding: "utf8",
  });
  assert.equal(cli.status, 1, cli.stderr);
  assert.equal(copied, cli.stdout.replace("`<stdin>`", "`Dockerfile`"));
  await page.getByRole("button", { name: "Copy Y001 on line 2 as Markdown" }).click();
  await page.locator(".findings .copy-status").filter({ hasText: "Copied the finding" }).waitFor();
  const one = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(one, /^\*\*warning Y001 `pip-no-cache-dir`\*\* · `Dockerfile` line 2\n/);
  assert.match(one, /```dockerfile\nRUN pip install flask \| tee \/log\n```/);
  assertClean();
});
