// The documentation recipes of docs/recipes/, as a documentation author would use them: real MkDocs Material
// and Sphinx (Furo, MyST) sites built from the exact configuration blocks of the recipe pages (only the host
// replaced), and a page with Docusaurus 3's markup, served from another origin than the app. Every ```dockerfile
// block must become a widget analysing its own text, in the site's theme, following the site's theme switch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, readFile, writeFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveDist, launchBrowser, openPage, screenshot } from "./harness.mjs";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
const tools = join(root, "target/packaging/tools/bin");
const HOST = "https://YOUR-HOST/dockerfile-lab/";

let app;
let site;
let browser;
let sites;

/** The body of the first fenced block of `file` opened by exactly `opening` (e.g. "```yaml"). */
async function block(file, opening) {
  const text = await readFile(join(root, "docs/recipes", file), "utf8");
  const fence = opening.match(/^`+/)[0];
  const start = text.split("\n").indexOf(opening);
  assert.ok(start >= 0, `${file} has a ${opening} block`);
  const lines = text.split("\n").slice(start + 1);
  return lines.slice(0, lines.indexOf(fence)).join("\n") + "\n";
}

const SECOND_BLOCK = "```dockerfile\nFROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y curl\n```\n";

before(async () => {
  assert.ok(existsSync(join(tools, "mkdocs")), "the Python tools are missing: run `cargo xtask packaging` first");
  app = await serveDist();
  site = await serveDist();
  sites = await mkdtemp(join(tmpdir(), "dflab-recipes-"));
  site.serveFrom(sites);
  browser = await launchBrowser();
  const page = (await block("mkdocs-material.md", "````markdown")) + "\nA second one:\n\n" + SECOND_BLOCK;

  const mkdocs = join(sites, "mkdocs-src");
  await mkdir(join(mkdocs, "docs"), { recursive: true });
  await writeFile(join(mkdocs, "mkdocs.yml"), (await block("mkdocs-material.md", "```yaml")).replace(HOST, app.url));
  await writeFile(join(mkdocs, "docs/index.md"), "# Containers\n\n" + page);
  execFileSync(join(tools, "mkdocs"), ["build", "--quiet", "-f", join(mkdocs, "mkdocs.yml"), "-d", join(sites, "mkdocs")]);

  const sphinx = join(sites, "sphinx-src");
  await mkdir(sphinx, { recursive: true });
  await writeFile(join(sphinx, "conf.py"), (await block("sphinx.md", "```python")).replace(HOST, app.url));
  await writeFile(join(sphinx, "index.md"), "# Containers\n\n" + (await block("sphinx.md", "````markdown")) + "\n" + SECOND_BLOCK);
  execFileSync(join(tools, "sphinx-build"), ["-q", "-b", "html", sphinx, join(sites, "sphinx")]);

  const docusaurus = await readFile(join(root, "tests/e2e/fixtures/docusaurus.html"), "utf8");
  await mkdir(join(sites, "docusaurus"), { recursive: true });
  await writeFile(join(sites, "docusaurus/index.html"), docusaurus.replaceAll("APP_URL", app.url));
});

after(async () => {
  await browser?.close();
  await app?.close();
  await site?.close();
  if (sites) await rm(sites, { recursive: true, force: true });
});

const open = async (path, options = {}) => {
  const opened = await openPage(browser, app.url, { alsoFrom: [site.url], thirdPartyPage: true, ...options });
  // Material asks Google Fonts for Roboto; this machine has no internet, so the test answers with no fonts.
  await opened.context.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: "text/css", body: "" }),
  );
  await opened.page.goto(site.url + path);
  return opened;
};

/** The widgets of the page, once `count` are there and each has analysed its text. */
async function widgets(page, count) {
  const frames = page.locator("iframe.dockerfile-lab-widget");
  await frames.nth(count - 1).waitFor({ timeout: 30_000 });
  assert.equal(await frames.count(), count);
  for (let i = 0; i < count; i++) {
    // Widgets load lazily, as the reader scrolls to them.
    await frames.nth(i).scrollIntoViewIfNeeded();
    await page.frameLocator("iframe.dockerfile-lab-widget").nth(i).locator(".app.embed .findings").waitFor({ timeout: 30_000 });
  }
  return (i) => page.frames().filter((f) => f.url().includes("?embed"))[i];
}

const themeOf = (frame) => frame.evaluate(() => document.documentElement.dataset.theme);
const sourceOf = (frame) => frame.evaluate(() => document.getElementById("dockerfile-input").value);

async function waitForTheme(frame, theme) {
  await frame.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, theme, { timeout: 10_000 });
}

test("MkDocs Material: fenced blocks become widgets in the site's palette, and follow its switch", async () => {
  const { page, assertClean } = await open("mkdocs/", { colorScheme: "light" });
  const widget = await widgets(page, 2);
  assert.equal(await page.locator("div.language-dockerfile").count(), 0, "no code block is left");
  assert.equal(await sourceOf(widget(0)), "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n");
  assert.match(await page.frameLocator("iframe.dockerfile-lab-widget").first().locator(".findings").innerText(), /L001/);
  assert.match(await page.frameLocator("iframe.dockerfile-lab-widget").nth(1).locator(".findings").innerText(), /P023|L006/);
  assert.equal(await themeOf(widget(0)), "light");
  // Material's content column is narrower than 900 px: the widget is one column, the panel under the editor.
  const columns = await widget(0).evaluate(() => getComputedStyle(document.querySelector(".workspace")).gridTemplateColumns.split(" ").length);
  assert.equal(columns, 1);
  await screenshot(page, "recipe-mkdocs-light");
  // The palette toggle of the header (Material's own script switches <body data-md-color-scheme>).
  await page.locator("label[for=__palette_1]").first().click();
  await page.waitForFunction(() => document.body.getAttribute("data-md-color-scheme") === "slate");
  await waitForTheme(widget(0), "dark");
  await waitForTheme(widget(1), "dark");
  await screenshot(page, "recipe-mkdocs-dark");
  assertClean();
});

test("MkDocs Material in a dark system theme: widgets start dark", async () => {
  const { page, assertClean } = await open("mkdocs/", { colorScheme: "dark" });
  const widget = await widgets(page, 2);
  assert.equal(await page.evaluate(() => document.body.getAttribute("data-md-color-scheme")), "slate");
  assert.equal(await themeOf(widget(0)), "dark");
  assertClean();
});

test("Sphinx with Furo and MyST: fenced blocks become widgets, and follow the theme button", async () => {
  const { page, assertClean } = await open("sphinx/index.html", { colorScheme: "light" });
  const widget = await widgets(page, 2);
  assert.equal(await page.locator("div.highlight-dockerfile").count(), 0);
  assert.equal(await sourceOf(widget(0)), "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n");
  assert.equal(await themeOf(widget(0)), "light");
  await screenshot(page, "recipe-sphinx-light");
  // Furo's button cycles auto → dark → light (from a light system theme); each step reaches the widgets.
  const button = page.locator("button.theme-toggle:visible").first();
  for (let i = 0; i < 3; i++) {
    await button.click();
    const wanted = await page.evaluate(() => {
      const theme = document.body.dataset.theme;
      return theme === "auto" ? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light") : theme;
    });
    await waitForTheme(widget(0), wanted);
    await waitForTheme(widget(1), wanted);
    if (wanted === "dark") await screenshot(page, "recipe-sphinx-dark");
  }
  assertClean();
});

test("Docusaurus: blocks rendered after load become widgets; the colour mode and setTheme reach them", async () => {
  const { page, assertClean } = await open("docusaurus/index.html", { viewport: { width: 390, height: 844 } });
  // The second block is added by the page's router 600 ms after load.
  const widget = await widgets(page, 2);
  assert.equal(await page.locator("pre.prism-code.language-dockerfile").count(), 0);
  assert.equal(await page.locator("pre.language-bash").count(), 1, "other languages stay as they are");
  assert.equal(await page.locator("[aria-label='Copy code to clipboard']").count(), 0, "the block's copy button went with it");
  assert.equal(await sourceOf(widget(0)), "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n");
  assert.equal(await sourceOf(widget(1)), "FROM node\n");
  await page.click(".toggleButton");
  await waitForTheme(widget(0), "dark");
  await waitForTheme(widget(1), "dark");
  await screenshot(page, "recipe-docusaurus-dark-390");
  await page.evaluate(() => window.DockerfileLab.setTheme("light"));
  await waitForTheme(widget(0), "light");
  assertClean();
});
