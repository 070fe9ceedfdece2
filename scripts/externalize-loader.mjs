// trunk post_build hook: trunk injects its wasm loader as an inline <script type="module">, which the page's
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') forbids. Move it into loader.js.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a trunk post_build hook");
const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) throw new Error("no inline module script found in index.html");
writeFileSync(join(dir, "loader.js"), match[1].trim() + "\n");
writeFileSync(indexPath, html.replace(inline, '<script type="module" src="./loader.js"></script>'));
