// trunk post_build hook, in seven steps:
// 1. trunk injects its wasm loader as an inline <script type="module">, which the page's Content-Security-Policy
//    (script-src 'self' 'wasm-unsafe-eval') forbids: move it into loader.js.
// 2. write worker.js, the module Web Worker that analyses what the user types off the main thread
//    (crates/web/src/analysis_client.rs): it loads this build's glue and wasm, the files the page already loaded.
// 3. minify wasm-bindgen's JS glue (trunk's own minifier fails on it): 8.7 KB → 6.7 KB gzip of the size budget,
//    with the integrity hash trunk put on its <link rel="modulepreload"> recomputed.
// 4. write sw.js, the service worker that makes the app work offline after one visit (workshop rooms often have
//    no network): it precaches every file of this build, listed here because trunk hashes their names.
// 5. write the default example into the static editor that index.html shows before the wasm runs
//    (crates/web/src/shell.rs), from the file its `data-example` names: the one `default_example()` embeds (a
//    test of the web crate checks they agree).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk post_build hook");

const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) throw new Error("no inline module script found in index.html");
// Embedded widgets leave no trace in their host's browser, so only the full app registers the worker. It does so
// once the app has fetched the size tables (the "dflab-size-data" event, crates/web/src/size_data.rs), so that the
// worker's precache finds them in the HTTP cache rather than downloading them a second time meanwhile.
const register = `
if ("serviceWorker" in navigator && !new URLSearchParams(location.search).has("embed")) {
  addEventListener("dflab-size-data", () => navigator.serviceWorker.register("./sw.js").catch(() => {}), { once: true });
}
`;
// The page compiles the wasm once and hands the compiled module to the analysis worker (a WebAssembly.Module
// can be posted to a worker), so the worker neither downloads nor compiles it again (issue #17).
const compileOnce = `
async function compileWasm(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A host that serves wasm with another content type: compile from the bytes.
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}
`;
const loader = match[1].trim().replace(
  /module_or_path:\s*(['"]\.\/[^'"]+\.wasm['"])/,
  // crates/web/src/analysis_client.rs posts window.dflabWasmModule to the worker.
  "module_or_path: (window.dflabWasmModule = await compileWasm($1))",
);
if (loader === match[1].trim()) throw new Error("trunk's loader no longer passes the wasm's address to init");
writeFileSync(join(dir, "loader.js"), compileOnce + loader + "\n" + register);
const shellExample = /(<textarea [^>]*data-example="([^"]+)"[^>]*>)(<\/textarea>)/;
const example = html.match(shellExample);
if (!example) throw new Error("index.html has no static editor naming its example (data-example)");
const exampleText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../crates/web/examples_df", example[2]), "utf8");
const escaped = exampleText.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
writeFileSync(
  indexPath,
  html.replace(inline, '<script type="module" src="./loader.js"></script>').replace(shellExample, `$1${escaped}$3`),
);

const glue = match[1].match(/from\s+['"](\.\/[^'"]+\.js)['"]/)?.[1];
const wasm = match[1].match(/module_or_path:\s*['"](\.\/[^'"]+\.wasm)['"]/)?.[1];
if (!glue || !wasm) throw new Error("trunk's loader no longer names its glue and wasm files as expected");

const gluePath = join(dir, glue);
const minified = transformSync(readFileSync(gluePath, "utf8"), { minify: true, format: "esm", target: "es2020" }).code;
writeFileSync(gluePath, minified);
const integrity = "sha384-" + createHash("sha384").update(minified).digest("base64");
const preload = new RegExp(`(<link rel="modulepreload" href="${glue.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*integrity=")[^"]*"`);
const page = readFileSync(indexPath, "utf8");
if (!preload.test(page)) throw new Error("trunk's modulepreload of the glue is not where expected: its integrity would be stale");
writeFileSync(indexPath, page.replace(preload, `$1${integrity}"`));
// The listener is installed before the wasm is ready, so no early message is lost; a failure answers
// `{ error }`, which the page takes as "analyse on the page from now on".
writeFileSync(
  join(dir, "worker.js"),
  `// Dockerfile Lab's analysis worker, generated by scripts/post-build.mjs for this build.
// The page's first message is the wasm module it compiled; a page that had none sends its first request
// instead, and the worker loads the wasm itself.
import init, { worker_reply } from ${JSON.stringify(glue)};
let ready = null;
self.addEventListener("message", async (event) => {
  if (event.data instanceof WebAssembly.Module) {
    ready = init({ module_or_path: event.data });
    ready.catch(() => {}); // reported per request below, not as an unhandled rejection
    return;
  }
  ready ??= init({ module_or_path: ${JSON.stringify(wasm)} });
  try {
    await ready;
    const reply = worker_reply(event.data);
    self.postMessage(reply, [reply.buffer]);
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
});
`,
);

// 6. the knowledge pack (the layer estimate's size tables) gets a content-hashed name like the wasm, so any cache
//    may keep it for good, and the page learns that name from its meta tag.
const packBytes = readFileSync(join(dir, "knowledge.pack"));
const packName = `knowledge-${createHash("sha256").update(packBytes).digest("hex").slice(0, 16)}.pack`;
renameSync(join(dir, "knowledge.pack"), join(dir, packName));
const withPack = readFileSync(indexPath, "utf8");
const packMeta = '<meta name="dflab-knowledge" content="" />';
if (!withPack.includes(packMeta)) throw new Error("index.html has no empty dflab-knowledge meta tag to fill");
writeFileSync(indexPath, withPack.replace(packMeta, `<meta name="dflab-knowledge" content="./${packName}" />`));

// 7. the default example's results pane, rendered at build time by the web crate's own components and core
//    (crates/web/examples/prerender.rs): a visitor landing on the page sees its findings before the wasm has
//    arrived. It takes the place of the "Analysing…" pane, which static/shell.js shows instead when the page
//    opens another text or view (static/style.css, `#app-shell.awaiting`).
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const firstResults = execFileSync(
  "cargo",
  ["run", "--quiet", "-p", "dflab-web", "--features", "prerender", "--example", "prerender"],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 << 20 },
);
const opening = '<section aria-label="Analysis" class="pane results-pane">';
if (!firstResults.startsWith(opening)) throw new Error("the prerendered results pane does not start as expected");
const withResults = readFileSync(indexPath, "utf8");
const resultsMark = "<!-- first results -->";
const analysing = '<section class="pane results-pane" aria-label="Analysis" data-analysing>';
if (!withResults.includes(resultsMark) || !withResults.includes(analysing)) {
  throw new Error("index.html has no place for the first results (<!-- first results --> and the Analysing… pane)");
}
writeFileSync(indexPath, withResults.replace(resultsMark, firstResults.replace(opening, opening.replace(">", " data-first-results>"))));

const files = [];
const walk = (path) => {
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) walk(full);
    else files.push(relative(dir, full).split("\\").join("/"));
  }
};
walk(dir);
files.sort();
const version = createHash("sha256");
for (const file of files) version.update(file).update(readFileSync(join(dir, file)));
const template = readFileSync(new URL("./sw-template.js", import.meta.url), "utf8");
writeFileSync(
  join(dir, "sw.js"),
  template
    .replace("__VERSION__", JSON.stringify(version.digest("hex").slice(0, 16)))
    .replace("__FILES__", JSON.stringify(["./", ...files.map((f) => "./" + f)])),
);
