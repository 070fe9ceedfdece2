// Screenshots of the main views, light and dark, desktop (1280) and phone (390), into tests/e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, waitForApp, screenshot, waitForSizeData } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const SAMPLE = `# syntax=docker/dockerfile:1
# Build wheels in one stage, run in another.
FROM python AS build
WORKDIR /src
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \\
    pip wheel --wheel-dir /wheels -r requirements.txt

FROM debian
ENV PYTHONUNBUFFERED=1 APP_HOME="/srv/app"
RUN apt-get update && apt-get install -y python3 python3-pip
COPY --from=build /wheels /wheels
RUN pip install /wheels/* && rm -rf /wheels
COPY . $APP_HOME
WORKDIR $APP_HOME
CMD ["python3", "-m", "app"]
`;

/** Panels stack on narrow screens: nothing may be wider than the viewport. */
async function assertNoHorizontalOverflow(page, viewport, view) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `${view}: the page is ${width}px wide in a ${viewport.width}px viewport`);
}

const widths = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
  small: { width: 360, height: 740 },
};

for (const scheme of ["light", "dark"]) {
  for (const [device, viewport] of Object.entries(widths)) {
    test(`screenshots: ${device} ${scheme}`, async () => {
      const { page, assertClean } = await openPage(browser, server.url, { viewport, colorScheme: scheme });
      await page.goto(server.url);
      await waitForApp(page);
      // A Dockerfile the current rules have something to say about (two untagged base images).
      await page.fill("#dockerfile-input", SAMPLE);
      await page.locator(".findings .finding").first().waitFor();
      await screenshot(page, `findings-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "findings");
      await page.locator(".findings .finding details summary").first().click();
      await screenshot(page, `explanation-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "explanation");
      await page.click("#panels-tab-diff");
      await screenshot(page, `diff-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "diff");
      await page.click("#panels-tab-layers");
      await waitForSizeData(page);
      await screenshot(page, `layers-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "layers");
      await page.click(".catalog-link");
      await page.locator(".catalog").waitFor();
      await screenshot(page, `catalog-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "catalog");
      await page.goto(`${server.url}?embed&theme=${scheme}&panel=findings`);
      await page.locator(".app.embed").waitFor();
      await screenshot(page, `embed-${device}-${scheme}`);
      await assertNoHorizontalOverflow(page, viewport, "embed");
      assertClean();
    });
  }
}
