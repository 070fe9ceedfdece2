// trunk post_build hook, in two steps:
// 1. trunk injects its wasm loader as an inline <script type="module">, which the page's Content-Security-Policy
//    (script-src 'self' 'wasm-unsafe-eval') forbids: move it into loader.js.
// 2. write sw.js, the service worker that makes the app work offline after one visit (workshop rooms often have
//    no network): it precaches every file of this build, listed here because trunk hashes their names.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk post_build hook");

const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) throw new Error("no inline module script found in index.html");
// Embedded widgets leave no trace in their host's browser, so only the full app registers the worker.
const register = `
if ("serviceWorker" in navigator && !new URLSearchParams(location.search).has("embed")) {
  navigator.serviceWorker.register("./sw.js").catch(() => {});
}
`;
writeFileSync(join(dir, "loader.js"), match[1].trim() + "\n" + register);
writeFileSync(indexPath, html.replace(inline, '<script type="module" src="./loader.js"></script>'));

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
