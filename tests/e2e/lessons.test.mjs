// Workshop lessons in the page: the lesson view opens from the toolbar (fetching the shipped pack only then),
// a lesson loads undoably into the editor, its goal is checked live, hints come one at a time, the rewrite
// completes it, the progress survives a reload; packs load from a file or a `?lessons=` link, a broken one
// shows its error, another host is refused without a request; presenter keys step through the lessons.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveAndLaunchAround, openPage, waitForApp, screenshot } from "./harness.mjs";

let server;
let browser;
let temp;
serveAndLaunchAround((started) => ({ server, browser } = started));
before(async () => {
  temp = await mkdtemp(join(tmpdir(), "dflab-lessons-"));
});
after(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

const customPack = {
  format: 1,
  title: "Workshop pack",
  lessons: [
    {
      id: "tag-the-base",
      title: "Tag the base image",
      summary: "An untagged `FROM python` means `python:latest`.",
      practice: "Pin a tag.",
      start: "FROM python\nCMD [\"python\"]\n",
      goal: [{ no_findings: ["B001"] }],
      hints: ["Add `:3.12-slim`."],
      solution: "FROM python:3.12-slim\nCMD [\"python\"]\n",
    },
    {
      id: "second",
      title: "A second lesson",
      summary: "Another one.",
      practice: "Use a healthcheck.",
      start: "FROM python:3.12-slim\nCMD [\"python\"]\n",
      goal: [{ has_instruction: "HEALTHCHECK" }],
      solution: "FROM python:3.12-slim\nHEALTHCHECK CMD python -c 1\nCMD [\"python\"]\n",
    },
  ],
};

// What the page itself fetched (the service worker precaches every file of the build, the pack included, for
// offline workshops; that is not the page asking for it).
const pageFetches = (page) =>
  page.evaluate(
    () => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/lessons/python.json")).length,
  );

test("a lesson from the shipped pack: live goal, hints one at a time, completed with the rewrite, kept on reload", async () => {
  const { page, assertClean } = await openPage(browser, server.url, { colorScheme: "light" });
  await page.goto(server.url);
  await waitForApp(page);
  const example = await page.inputValue("#dockerfile-input");
  assert.equal(await pageFetches(page), 0, "the pack is not fetched at page load");

  // Keyboard: the toolbar button opens the view.
  await page.locator(".lessons-toggle").focus();
  await page.keyboard.press("Enter");
  await page.locator(".lesson-list").waitFor();
  assert.equal(await pageFetches(page), 1, "the shipped pack is fetched when the view opens");
  assert.equal(await page.locator("#lessons-title").innerText(), "Python Dockerfiles, step by step");
  assert.equal(await page.locator(".lesson-item").count(), 12);
  assert.equal(await page.locator(".lessons-toggle").getAttribute("aria-pressed"), "true");
  assert.equal(await page.evaluate(() => location.hash), "#lessons");

  // Selecting a lesson loads its Dockerfile and context files, undoably.
  await page.locator(".lesson-item", { hasText: "Do not ship pip's download cache" }).click();
  await page.locator("#lesson-title", { hasText: "Do not ship pip's download cache" }).waitFor();
  assert.match(await page.inputValue("#dockerfile-input"), /^RUN pip install -r requirements\.txt$/m);
  assert.equal(await page.evaluate(() => location.hash), "#lesson=pip-no-cache");
  assert.equal(await page.inputValue("#context-requirements-txt"), "flask==3.0.3\ngunicorn==22.0.0\n");
  await page.locator(".undo").click();
  assert.equal(await page.inputValue("#dockerfile-input"), example, "Undo brings back the user's text");
  assert.equal(await page.inputValue("#context-requirements-txt"), "", "and the user's (empty) context files");
  await page.locator(".lesson-item", { hasText: "Do not ship pip's download cache" }).click();
  await page.waitForFunction(() => document.querySelector("#dockerfile-input").value.includes("gunicorn==22.0.0"));

  // The goal fails, with the core's message; its state is a word and a sign.
  const check = page.locator(".goal-check").first();
  assert.match(await check.locator(".check-state").innerText(), /✗ not met/);
  assert.match(await check.innerText(), /2 findings of Y001 remain: lines 5, 6/);
  assert.match(await page.locator(".goal-state").innerText(), /0 of 1 checks pass/);

  // Hints one at a time.
  const hint = page.locator(".show-hint");
  assert.equal(await hint.innerText(), "Show hint 1 of 3");
  assert.equal(await page.locator(".hints li").count(), 0);
  await hint.click();
  assert.equal(await page.locator(".hints li").count(), 1);
  assert.match(await page.locator(".hints li").first().innerText(), /dflab explain Y001/);
  assert.equal(await hint.innerText(), "Show hint 2 of 3");
  await hint.click();
  assert.equal(await page.locator(".hints li").count(), 2);

  // The solution, as a diff against the start.
  await page.locator(".show-solution").click();
  const solution = page.locator(".lesson-solution .diff");
  await solution.waitFor();
  assert.match(await solution.innerText(), /pip install --no-cache-dir -r requirements\.txt gunicorn==22\.0\.0/);
  assert.equal(await page.locator(".show-solution").getAttribute("aria-expanded"), "true");
  await screenshot(page, "lesson");

  // Complete it with the rewrite panel: the safe fix adds --no-cache-dir, the opt-in one joins the RUNs.
  await page.click("#panels-tab-diff");
  await page.locator(".change-group", { has: page.locator(".rule-link", { hasText: "L005" }) }).locator("input").check();
  await page.locator(".rewrite .apply").click();
  await page.locator(".done-badge").waitFor();
  assert.match(await page.locator(".goal-state").innerText(), /✓ Goal met/);
  assert.match(await check.locator(".check-state").innerText(), /✓ met/);
  assert.match(await page.locator(".lesson-item.current").innerText(), /✓ done/);
  assert.match(await page.locator("#lesson-announce").innerText(), /Lesson done: Do not ship pip's download cache/);
  assert.match(await page.locator(".lessons-head .progress").innerText(), /1 of 12 done/);
  const solved = await page.inputValue("#dockerfile-input");
  await screenshot(page, "lesson-done");

  // A reload keeps the progress and resumes the lesson with the learner's text.
  await page.reload();
  await waitForApp(page);
  await page.locator("#lesson-title", { hasText: "Do not ship pip's download cache" }).waitFor();
  assert.equal(await page.inputValue("#dockerfile-input"), solved, "the reload does not reset the editor");
  await page.locator(".done-badge").waitFor();
  assert.match(await page.locator(".lessons-head .progress").innerText(), /1 of 12 done/);

  // Next and previous lessons.
  await page.locator(".next-lesson").click();
  await page.locator("#lesson-title", { hasText: "Install system packages cleanly with apt" }).waitFor();
  assert.equal(await page.locator(".done-badge").count(), 0);
  await page.locator(".previous-lesson").click();
  await page.locator("#lesson-title", { hasText: "Do not ship pip's download cache" }).waitFor();
  assertClean();
});

test("packs from a file, a broken pack's error, another host refused, a pack by ?lessons= link", async () => {
  const { page, context, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url + "#lessons");
  await waitForApp(page);
  await page.locator(".lesson-list").waitFor();
  await page.locator(".pack-loader summary").click();

  const packFile = join(temp, "workshop.json");
  await writeFile(packFile, JSON.stringify(customPack));
  await page.setInputFiles("#pack-file", packFile);
  await page.locator("#lessons-title", { hasText: "Workshop pack" }).waitFor();
  assert.equal(await page.locator(".lesson-item").count(), 2);
  await page.locator(".lesson-item", { hasText: "Tag the base image" }).click();
  await page.locator("#lesson-title", { hasText: "Tag the base image" }).waitFor();
  assert.equal(await page.inputValue("#dockerfile-input"), customPack.lessons[0].start);
  assert.match(await page.locator(".goal-check").innerText(), /✗ not met/);

  const broken = [
    ["bad.json", "{ \"format\": 1, ", /bad\.json: not valid JSON/],
    [
      "extra.json",
      JSON.stringify({ ...customPack, author: "me" }),
      /extra\.json: not a lesson pack: unknown field `author`, expected one of `format`, `title`, `lessons` at line 1, column \d+/,
    ],
    [
      "nested.json",
      JSON.stringify({ ...customPack, lessons: [customPack.lessons[0], { ...customPack.lessons[1], hint: ["x"] }] }),
      /lessons\[1\]: unknown field `hint`, expected one of `id`/,
    ],
    ["check.json", JSON.stringify({ ...customPack, lessons: [{ ...customPack.lessons[0], goal: [{ no_warnings: true }] }] }), /lessons\[0\]\.goal\[0\]: unknown variant `no_warnings`/],
    ["v2.json", JSON.stringify({ ...customPack, format: 2 }), /unsupported pack format 2/],
    [
      "invalid.json",
      JSON.stringify({ ...customPack, lessons: [{ ...customPack.lessons[0], id: "Bad Id" }] }),
      /lesson `Bad Id`: the id may only contain a-z, 0-9 and `-`/,
    ],
  ];
  for (const [name, text, message] of broken) {
    const file = join(temp, name);
    await writeFile(file, text);
    await page.setInputFiles("#pack-file", file);
    const error = page.locator(".pack-error");
    await error.filter({ hasText: message }).waitFor();
    assert.equal(await page.locator("#lessons-title").innerText(), "Workshop pack", "the loaded pack stays");
  }

  // Another host: refused by the page before any request (the harness fails the test on one).
  await page.fill("#pack-address", "https://lessons.invalid/pack.json");
  await page.locator(".pack-address button").click();
  await page.locator(".pack-error", { hasText: "another host" }).waitFor();
  assert.match(await page.locator(".pack-error").innerText(), /nothing leaves the page/);

  // A same-origin address typed in the form.
  // Served as if hosted next to the app (the context's route also sees the service worker's requests).
  await context.route("**/workshop/pack.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(customPack) }),
  );
  await page.fill("#pack-address", "static/lessons/python.json");
  await page.locator(".pack-address button").click();
  await page.locator("#lessons-title", { hasText: "Python Dockerfiles" }).waitFor();
  assert.equal(await page.locator(".pack-error").count(), 0);

  // An instructor's link: ?lessons=<address on this host>#lesson=<id>. Embed mode stores no progress.
  await page.goto(server.url + "?embed&lessons=workshop%2Fpack.json#lesson=second");
  await page.locator("#lesson-title", { hasText: "A second lesson" }).waitFor();
  assert.equal(await page.locator("#lessons-title").innerText(), "Workshop pack");
  assert.equal(await page.inputValue("#dockerfile-input"), customPack.lessons[1].start);
  await page.locator(".show-solution").click();
  await page.locator(".load-solution").click();
  await page.locator(".done-badge").waitFor();
  const stored = await page.evaluate(() => ({
    progress: localStorage.getItem("dflab.lessons.done.v1:Workshop pack"),
    current: localStorage.getItem("dflab.lessons.current.v1"),
  }));
  assert.deepEqual(stored, { progress: null, current: "Workshop pack\ntag-the-base" }, "embed mode writes nothing");
  assertClean();
});

test("presenter mode: with the lesson view open, PageDown/PageUp step through the lessons", async () => {
  const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 1600, height: 900 } });
  await page.goto(server.url + "?present#lesson=cache-order");
  await waitForApp(page);
  const title = page.locator(".present-title");
  await page.locator(".present-title", { hasText: "Copy dependency manifests before the source" }).waitFor();
  assert.match(await page.locator(".present-keys").innerText(), /next \/ previous lesson/);
  await page.locator(".present-bar").click();
  await page.keyboard.press("PageDown");
  await page.locator(".present-title", { hasText: "Do not ship pip's download cache" }).waitFor();
  assert.match(await page.inputValue("#dockerfile-input"), /RUN pip install gunicorn==22\.0\.0/);
  await page.keyboard.press("ArrowLeft");
  await page.locator(".present-title", { hasText: "Copy dependency manifests" }).waitFor();
  await page.keyboard.press("PageUp");
  await page.locator(".present-title", { hasText: "Pick a pinned, slim base image" }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), "#lesson=slim-base");
  assert.ok(await title.isVisible());
  assertClean();
});

test("the lesson view fits a phone", async () => {
  const { page, assertClean } = await openPage(browser, server.url, {
    viewport: { width: 360, height: 780 },
    colorScheme: "light",
  });
  await page.goto(server.url + "#lesson=non-root-user");
  await waitForApp(page);
  await page.locator("#lesson-title", { hasText: "Run the application as a non-root user" }).waitFor();
  await page.locator(".show-hint").click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
  await screenshot(page, "lesson-phone");
  assertClean();
});

test("a goal is met only by a file that builds, once the text settles; a done lesson whose goal fails again is no longer done", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url + "#lesson=pip-no-cache");
  await page.locator("#lesson-title", { hasText: "pip's download cache" }).waitFor();
  await page.locator(".show-solution").click();
  await page.locator(".load-solution").click();
  await page.locator(".done-badge").waitFor();
  const solved = await page.inputValue("#dockerfile-input");
  // One stray character before COPY: BuildKit rejects the file, so the goal is not met, and, settled, the
  // lesson is no longer done.
  await page.fill("#dockerfile-input", solved.replace("\nCOPY", "\nCCOPY"));
  const failing = page.locator(".goal-check.fail", { hasText: "the file builds" });
  await failing.waitFor();
  assert.match(await failing.innerText(), /line \d+: .*BuildKit rejects the file/);
  assert.match(await page.locator(".goal-state").innerText(), /does not build/);
  await page.locator(".done-badge").waitFor({ state: "detached" });
  assert.match(await page.locator("#lesson-announce").innerText(), /no longer done/);
  assert.doesNotMatch(await page.locator(".lessons-head .progress").innerText(), /1 of/);
  // Fixed again, it is done again.
  await page.fill("#dockerfile-input", solved);
  await page.locator(".done-badge").waitFor();
  assertClean();
});
