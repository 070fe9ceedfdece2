// Points of the UX review of issue #17, each as a visitor meets it: names a screen reader can tell apart,
// Back from the rule catalog, and what an underline in the editor says to a keyboard user.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunchAround, openPage, openApp, waitForApp, screenshot, waitForSizeData } from "./harness.mjs";

let server;
let browser;
serveAndLaunchAround((started) => ({ server, browser } = started));

const fresh = (options) => openApp(browser, server.url, options);

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

test("pointing at an underline shows what it says, beside it, and in presenter mode too", async () => {
  for (const { query, name } of [
    { query: "", name: "hover-desktop" },
    { query: "?present=1", name: "hover-present" },
  ]) {
    const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 1600, height: 900 } });
    await page.goto(server.url + query);
    await waitForApp(page);
    await page.fill("#dockerfile-input", "FROM python\nRUN echo hi\n\tFROM\t\tubuntu\n");
    const card = page.locator(".hover-card");
    // The mark's own box, from the overlay under the textarea: the pointer goes to its middle.
    const point = async (selector) => {
      const box = await page.locator(selector).first().boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    };
    await point(".highlight .mark-warning");
    await card.waitFor();
    assert.match(await card.innerText(), /warning\s+python has no tag/i, name);
    const [mark, shown] = [
      await page.locator(".highlight .mark-warning").first().boundingBox(),
      await card.boundingBox(),
    ];
    assert.ok(shown.y >= mark.y + mark.height - 1 && shown.y < mark.y + mark.height + 12, `${name}: the card sits below its line`);
    await screenshot(page, `ux-${name}`);
    // Off the mark, and off the editor: the card goes.
    await page.mouse.move(mark.x + mark.width + 200, mark.y + mark.height / 2);
    await card.waitFor({ state: "detached" });
    // After tabs the column is still found (a tab stops every 4 columns): the mark on the second `FROM`'s image.
    const second = page.locator(".highlight .mark-warning", { hasText: "ubuntu" });
    const box = await second.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await card.waitFor();
    assert.match(await card.innerText(), /ubuntu has no tag/i, `${name}: the mark after tabs`);
    await page.mouse.move(5, 5);
    await card.waitFor({ state: "detached" });
    assertClean();
  }
});

test("on a phone, long lines wrap, and the overlay wraps exactly as the text does", async () => {
  const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 390, height: 844 } });
  await page.goto(server.url);
  await waitForApp(page);
  const long =
    "FROM python\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev curl git && rm -rf /var/lib/apt/lists/*\nCMD python app.py\n";
  // Four times: taller than the editor, so the textarea's scroll height is its text's height.
  await page.fill("#dockerfile-input", long.repeat(4));
  await page.locator(".editor-frame.wrapped").waitFor();
  const sizes = await page.evaluate(() => {
    const textarea = document.getElementById("dockerfile-input");
    const code = document.querySelector(".highlight code");
    return {
      scrollWidth: textarea.scrollWidth,
      clientWidth: textarea.clientWidth,
      text: textarea.scrollHeight - 20, // its padding: 10 px above and below
      overlay: code.getBoundingClientRect().height,
      scrollTop: textarea.scrollTop,
    };
  });
  assert.ok(sizes.scrollWidth <= sizes.clientWidth, `nothing to scroll sideways: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.text > 4 * 3 * 20 + 20, `each long line takes several rows: ${JSON.stringify(sizes)}`);
  assert.equal(sizes.overlay, sizes.text, `the overlay's rows are the text's rows: ${JSON.stringify(sizes)}`);
  // The last `CMD` sits on the text's second-last row (the last is the empty line after the final newline), moved
  // up as far as the text is scrolled (typing left the caret, and the view, at the end).
  const cmd = await page.locator(".highlight .tok-instruction", { hasText: "CMD" }).last().boundingBox();
  const frame = await page.locator("#dockerfile-input").boundingBox();
  const row = frame.y + 10 + sizes.text - 2 * 20 - sizes.scrollTop;
  assert.ok(cmd.y >= row - 1 && cmd.y + cmd.height <= row + 20 + 1, `CMD on the row at ${row}: ${JSON.stringify(cmd)}`);
  await screenshot(page, "ux-wrap-390");
  // Scrolled, the overlay follows.
  await page.fill("#dockerfile-input", long.repeat(12));
  await page.locator("#dockerfile-input").evaluate((t) => (t.scrollTop = 400));
  await page.waitForFunction(() => {
    const t = document.getElementById("dockerfile-input");
    const code = document.querySelector(".highlight code");
    return Math.abs(code.getBoundingClientRect().top - (t.getBoundingClientRect().top + 10 - t.scrollTop)) < 1;
  });
  // Wide again, the editor scrolls sideways and numbers its lines as before.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator(".editor-frame:not(.wrapped) .gutter").waitFor();
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

/** WCAG 2 contrast ratio of two CSS colours as getComputedStyle gives them (`rgb(…)`). */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const scheme of ["light", "dark"]) {
  test(`presenter mode (${scheme} system theme): a full-width diff at 18 px or more, changed lines at WCAG AA contrast`, async () => {
    const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 1920, height: 1080 }, colorScheme: scheme });
    await page.goto(server.url + "?present");
    await waitForApp(page);
    await page.click("#panels-tab-diff");
    await page.locator(".diff").waitFor();
    assert.ok(await page.locator(".editor-pane").isHidden(), "the editor steps aside for the diff");
    const diffWidth = (await page.locator(".diff").boundingBox()).width;
    assert.ok(diffWidth > 1800, `the diff spans the screen: ${diffWidth} px`);
    // The diff is above the option cards, on the first screen.
    assert.ok((await page.locator(".diff-row.changed").first().boundingBox()).y < 1080);
    for (const cell of [".diff-row.changed td.old", ".diff-row.changed td.new", ".diff-row.changed mark"]) {
      const { color, background, size } = await page.locator(cell).first().evaluate((e) => {
        const style = getComputedStyle(e);
        let b = e;
        while (getComputedStyle(b).backgroundColor === "rgba(0, 0, 0, 0)") b = b.parentElement;
        return { color: style.color, background: getComputedStyle(b).backgroundColor, size: parseFloat(style.fontSize) };
      });
      assert.ok(size >= 18, `${cell}: ${size} px`);
      assert.ok(contrast(color, background) >= 4.5, `${cell}: ${color} on ${background} is ${contrast(color, background).toFixed(2)}:1`);
    }
    const warning = page.locator(".warning-text").first();
    const [fg, bg] = await warning.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(document.querySelector(".app")).backgroundColor]);
    assert.ok(contrast(fg, bg) >= 4.5, `opt-in warnings: ${contrast(fg, bg).toFixed(2)}:1`);
    await screenshot(page, `presenter-diff-${scheme}`);
    assertClean();
  });
}

test("presenter mode: a lesson's goal box keeps WCAG AA contrast", async () => {
  const { page, assertClean } = await openPage(browser, server.url, { viewport: { width: 1920, height: 1080 }, colorScheme: "light" });
  await page.goto(server.url + "?present#lesson=pip-no-cache");
  const check = page.locator(".goal-check").first();
  await check.waitFor();
  const [fg, bg] = await check.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
  assert.ok(contrast(fg, bg) >= 4.5, `goal box: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
  await screenshot(page, "presenter-lesson");
  assertClean();
});

test("layers: the total says what it leaves out, an unknown layer says why, the base's source is a link", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python:3.12-slim\nCOPY . /app\nRUN /app/install.sh\nRUN pip install --no-cache-dir flask\n");
  await waitForSizeData(page);
  await page.click("#panels-tab-layers");
  const panel = page.locator(".layers");
  await panel.waitFor();
  assert.match(await panel.locator(".total-before").innerText(), /\+ 1 layer of unknown size$/);
  const unknown = panel.locator(".layer-table tr", { hasText: "unknown" }).first();
  assert.match(await unknown.locator(".unknown-why").innerText(), /no size model for install\.sh/);
  assert.doesNotMatch(await panel.innerText(), /set the real size in the options/, "no pointer to an option that does not exist");
  const source = panel.locator(".base a").first();
  assert.match(await source.getAttribute("href"), /^https:\/\/github\.com\/docker-library\/repo-info\//);
  assert.match(await source.innerText(), /^github\.com\/docker-library\/repo-info … .*\.md$/);
  assert.equal(await source.getAttribute("rel"), "noopener noreferrer");
  assert.doesNotMatch(await panel.locator(".base").innerText(), /https:/, "no raw address in the text");
  assertClean();
});

test("the rewrite: the diff in the editor's font size, on the first screen at 1440×900, wrapped between words", async () => {
  const { page, assertClean } = await fresh({ viewport: { width: 1440, height: 900 } });
  await page.click("#panels-tab-diff");
  const changed = page.locator(".diff-row.changed td.new").first();
  await changed.waitFor();
  const [diffSize, editorSize] = await Promise.all([
    changed.evaluate((e) => getComputedStyle(e).fontSize),
    page.locator("#dockerfile-input").evaluate((e) => getComputedStyle(e).fontSize),
  ]);
  assert.equal(diffSize, editorSize);
  assert.ok((await changed.boundingBox()).y < 900, "the first changed line is on the first screen");
  assert.equal(await changed.evaluate((e) => getComputedStyle(e).wordBreak), "normal", "no break inside a word that fits");
  const cards = await page.locator(".change-groups").boundingBox();
  assert.ok(cards.y > (await page.locator(".diff").boundingBox()).y, "the option cards come after the diff");
  await screenshot(page, "rewrite-1440");
  assertClean();
});

test("the rewrite: a unified view that stays chosen across tabs, unified from the start on a phone; cards that fold", async () => {
  const { page, assertClean } = await fresh({ viewport: { width: 1280, height: 900 } });
  await page.click("#panels-tab-diff");
  const changedRows = await page.locator(".diff-row.changed").count();
  assert.ok(changedRows > 0, "the example's rewrite changes lines");
  assert.equal(await page.getByRole("button", { name: "Side by side" }).getAttribute("aria-pressed"), "true");
  await page.getByRole("button", { name: "Unified" }).click();
  await page.locator(".diff.unified").waitFor();
  // A changed line is its old form, then its new one, each with its own line number.
  const first = page.locator(".diff.unified .diff-row.changed").first();
  const pair = await page.locator(".diff.unified tbody tr").evaluateAll((rows) => {
    const i = rows.findIndex((r) => r.classList.contains("changed"));
    const cells = (r) => [...r.cells].map((c) => c.className + "|" + c.textContent);
    return [cells(rows[i]), cells(rows[i + 1])];
  });
  assert.match(pair[0][2], /^code old\|/, `old first: ${pair[0]}`);
  assert.match(pair[1][2], /^code new\|/, `then new: ${pair[1]}`);
  assert.ok(pair[0][0].split("|")[1] !== "" && pair[0][1].split("|")[1] === "", "the old line has its old number only");
  assert.ok(pair[1][0].split("|")[1] === "" && pair[1][1].split("|")[1] !== "", "the new line has its new number only");
  assert.equal(await page.locator(".diff.unified .diff-row.changed").count(), 2 * changedRows);
  assert.ok(await first.isVisible());
  // Chosen, it stays chosen when the reader looks at another tab and comes back.
  await page.click("#panels-tab-findings");
  await page.click("#panels-tab-diff");
  await page.locator(".diff.unified").waitFor();
  // Cards: an opt-in (a decision to make) is open, a safe change (already made) folds to its title.
  const safe = page.locator(".change-group.safe details").first();
  const optIn = page.locator(".change-group.opt-in details").first();
  assert.equal(await safe.getAttribute("open"), null, "a safe change is folded");
  assert.notEqual(await optIn.getAttribute("open"), null, "an opt-in is open");
  assert.ok(await optIn.locator("input[type=checkbox]").isVisible());
  assert.ok(await safe.locator(".group-rules").isVisible(), "folded, it still names its rules");
  await safe.locator("summary").click();
  assert.notEqual(await safe.getAttribute("open"), null, "a click on its title opens it");
  assert.ok(await safe.locator(".rule-link").first().isVisible(), "and shows its rules");
  await screenshot(page, "rewrite-unified-1280");
  assertClean();

  const phone = await fresh({ viewport: { width: 390, height: 844 } });
  await phone.page.click("#panels-tab-diff");
  await phone.page.locator(".diff.unified").waitFor();
  assert.equal(await phone.page.getByRole("button", { name: "Unified" }).getAttribute("aria-pressed"), "true");
  await screenshot(phone.page, "rewrite-unified-390");
  phone.assertClean();
});

for (const width of [390, 1280]) {
  test(`the share popover stays inside the window at ${width} px`, async () => {
    const { page, assertClean } = await fresh({ viewport: { width, height: 844 } });
    await page.click(".share-button");
    const box = await page.locator(".share-result").boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `popover at ${box.x}..${box.x + box.width} in a ${width} px window`);
    assertClean();
  });
}

test("on a 390 px phone the toolbar takes two rows, the file tabs one, and the panels start within two screens", async () => {
  const { page, assertClean } = await fresh({ viewport: { width: 390, height: 844 } });
  const rows = await page.locator(".toolbar > *").evaluateAll((items) => new Set(items.map((i) => Math.round(i.getBoundingClientRect().top))).size);
  assert.equal(rows, 2, "toolbar rows");
  const tabRows = await page.locator(".editor-pane .tablist .tab").evaluateAll((tabs) => new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top))).size);
  assert.equal(tabRows, 1, "file tab rows");
  assert.equal(await page.getByRole("button", { name: "☾ Dark theme" }).count(), 1, "the theme toggle keeps its name");
  const panels = await page.locator(".results-pane").boundingBox();
  assert.ok(panels.y < 844 * 1.2, `the panels start at ${panels.y} px`);
  await screenshot(page, "mobile-390");
  assertClean();
});

test("Ignore writes the suppression comment before the finding's instruction, and Undo takes it back", async () => {
  const { page, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\nRUN apt-get install -y \\\n    curl\n");
  const before = await page.locator(".findings .finding").count();
  await page.getByRole("button", { name: "Ignore P002 on line 2" }).click();
  await page.waitForFunction(() => document.getElementById("dockerfile-input").value.startsWith("FROM python\n# dflab ignore=P002\nRUN"));
  await page.waitForFunction((n) => document.querySelectorAll(".findings .finding").length === n - 1, before);
  assert.equal(await page.locator(".findings .finding", { hasText: "P002" }).count(), 0, "the finding is gone");
  await page.click(".undo");
  assert.equal(await page.inputValue("#dockerfile-input"), "FROM python\nRUN apt-get install -y \\\n    curl\n");
  assertClean();
});

test("rule settings in the catalog: off, on, another severity; the lab follows and a share link carries them", async () => {
  const { page, context, assertClean } = await fresh();
  await page.fill("#dockerfile-input", "FROM python\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
  assert.match(await page.locator(".findings").innerText(), /B001/);
  assert.doesNotMatch(await page.locator(".findings").innerText(), /P005/, "P005 is off by default");
  await page.click(".catalog-link");
  await page.locator(".catalog").waitFor();
  await page.getByLabel("Report B001").uncheck();
  await page.getByLabel("Report P005").check();
  await page.getByLabel("Severity of P005").selectOption("error");
  assert.match(await page.locator(".settings-note").innerText(), /2 rules changed/);
  await page.click(".catalog .back");
  const findings = page.locator(".findings");
  await findings.waitFor();
  assert.doesNotMatch(await findings.innerText(), /B001/, "B001 is off");
  assert.match(await page.locator(".findings .finding.error").innerText(), /P005/, "P005 on, as an error");
  await page.click(".share-button");
  const link = await page.inputValue("#share-link");
  const other = await context.newPage();
  await other.goto(link);
  await waitForApp(other);
  assert.doesNotMatch(await other.locator(".findings").innerText(), /B001/);
  assert.match(await other.locator(".findings .finding.error").innerText(), /P005/);
  await screenshot(page, "catalog-settings");
  assertClean();
});
