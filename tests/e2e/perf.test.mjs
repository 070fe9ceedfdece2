// Timing in headless Chromium: first render, and keystroke-to-updated-panels for a 300-line Dockerfile
// (p50/p95), plus the analysis time of a 2,000-line one. Printed for docs/web.md; generous bounds only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, launchBrowser, openPage, waitForApp } from "./harness.mjs";

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A realistic Dockerfile of about `lines` lines: stages of RUN/COPY/ENV with continuations and comments. */
function bigDockerfile(lines) {
  const out = ["# syntax=docker/dockerfile:1"];
  let stage = 0;
  while (out.length < lines) {
    out.push(`FROM python:3.12-slim AS stage${stage}`, "WORKDIR /app", "# dependencies first");
    out.push("COPY requirements.txt .", "RUN pip install --no-cache-dir -r requirements.txt \\", "    && pip check");
    for (let i = 0; i < 6 && out.length < lines; i++) {
      out.push(`ENV VAR_${stage}_${i}="value ${i}" PATH="/opt/${i}/bin:$PATH"`);
      out.push(`RUN apt-get update && apt-get install -y --no-install-recommends pkg${i} \\`);
      out.push(`    && rm -rf /var/lib/apt/lists/*`);
    }
    out.push("COPY . .", 'CMD ["python", "-m", "app"]');
    stage++;
  }
  return out.slice(0, lines).join("\n") + "\n";
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * Types one character at the end, in the page. Returns, per keystroke, [ms until the DOM shows the new
 * analysis (a MutationObserver on the app's data-revision), ms until the next frame after that].
 */
async function keystrokes(page, count) {
  return page.evaluate(async (count) => {
    const editor = document.getElementById("dockerfile-input");
    const app = document.querySelector(".app");
    const times = [];
    for (let i = 0; i < count; i++) {
      const revision = Number(app.dataset.revision);
      let observer;
      const updated = new Promise((done) => {
        observer = new MutationObserver(() => Number(app.dataset.revision) > revision && done(performance.now()));
        observer.observe(app, { attributes: true, attributeFilter: ["data-revision"] });
      });
      const started = performance.now();
      editor.value += i % 2 ? "x" : "#";
      editor.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "x" }));
      const dom = await updated;
      observer.disconnect();
      await new Promise((done) => requestAnimationFrame(() => done()));
      times.push([dom - started, performance.now() - started]);
      await new Promise((done) => setTimeout(done, 5));
    }
    return times;
  }, count);
}

test("first render and keystroke-to-update timings", async () => {
  const { page, assertClean } = await openPage(browser, server.url);
  await page.goto(server.url);
  await waitForApp(page);
  const firstRender = await page.evaluate(() => performance.getEntriesByName("dflab-first-render")[0]?.startTime);
  assert.ok(firstRender > 0, "the app marks its first render");

  const source300 = bigDockerfile(300);
  await page.fill("#dockerfile-input", source300);
  await keystrokes(page, 5); // warm up
  const measured = await keystrokes(page, 60);
  const dom = measured.map(([d]) => d);
  const times = measured.map(([, frame]) => frame);
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const analysis300 = Number(await page.getAttribute(".app", "data-analysis-ms"));

  await page.fill("#dockerfile-input", bigDockerfile(2000));
  const analyses = [];
  for (let i = 0; i < 10; i++) {
    await keystrokes(page, 1);
    analyses.push(Number(await page.getAttribute(".app", "data-analysis-ms")));
  }
  const times2000 = (await keystrokes(page, 10)).map(([d]) => d);

  console.log(
    `PERF first render ${firstRender.toFixed(0)} ms after navigation start; ` +
      `300 lines: keystroke-to-DOM p50 ${percentile(dom, 50).toFixed(1)} ms, p95 ${percentile(dom, 95).toFixed(1)} ms; ` +
      `keystroke-to-next-frame p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (n=${times.length}), ` +
      `analyze ${analysis300.toFixed(2)} ms; 2,000 lines: analyze p50 ${percentile(analyses, 50).toFixed(2)} ms, ` +
      `max ${Math.max(...analyses).toFixed(2)} ms, keystroke-to-DOM p50 ${percentile(times2000, 50).toFixed(1)} ms`,
  );
  assert.ok(p95 < 1000, `keystrokes stay interactive: p95 ${p95} ms`);
  assertClean();
});
