// Dockerfile Lab widgets for documentation pages. Include this script from the app's `static/` folder and every
// <pre data-dockerfile-lab> becomes a live playground analysing its text, in the app's embed mode:
//
//   <pre data-dockerfile-lab data-panel="findings" data-theme="dark" data-readonly data-height="420">
//   FROM python:3.12-slim
//   ...</pre>
//   <script src="https://your-host/dockerfile-lab/static/embed.js" defer></script>
//
// Per block (data attributes): data-panel (findings | diff | layers), data-theme (light | dark), data-readonly,
// data-height (pixels, default 420).
//
// On the script tag:
// - data-code-blocks: also upgrade the fenced code blocks Markdown renders (```dockerfile): `pre > code` with the
//   class `language-dockerfile`, and the wrappers MkDocs Material (`div.language-dockerfile`), Sphinx/Pygments
//   (`div.highlight-dockerfile`) and Docusaurus/Prism (`pre.language-dockerfile`) put around them. Its value, if
//   any, is the panel to open (findings | diff | layers).
// - data-readonly, data-height: the defaults for upgraded code blocks.
// - data-theme: light | dark for every widget; without it, widgets follow the host page's theme (below).
//
// Themes: a widget follows, in order, its own data-theme; the script's; `data-dockerfile-lab-theme` on the host's
// <html> or <body>; the theme switch of MkDocs Material (`data-md-color-scheme`, `slate` is dark), Docusaurus
// and pydata-sphinx-theme (`html[data-theme]`) and Furo (`body[data-theme]`), watched so a switch on the page
// reaches every widget; then the reader's `prefers-color-scheme`. Sites with their own switch call
// `DockerfileLab.setTheme("dark" | "light")` (it posts `{ dockerfileLab: "theme", theme }` to each widget).
//
// The widget is an iframe, so the page's styles and the app's never meet; the only global is
// `window.DockerfileLab`. All widgets load the same app files, which the browser downloads once.
(function () {
  "use strict";
  if (window.DockerfileLab) return;
  var script = document.currentScript;
  var scriptUrl = new URL(script && script.src ? script.src : location.href);
  // An option of the script tag: its attribute (`data-code-blocks`), or the same name in the script's address
  // (`embed.js?code-blocks=findings`), for site generators that cannot set attributes on scripts (MkDocs).
  var scriptOption = function (name) {
    if (script && script.hasAttribute(name)) return script.getAttribute(name);
    var key = name.replace(/^data-/, "");
    return scriptUrl.searchParams.has(key) ? scriptUrl.searchParams.get(key) : null;
  };
  // embed.js lives in the app's static/ folder; the app is one level up.
  var app = new URL("../", scriptUrl);
  var CODE_BLOCKS = [
    "div.language-dockerfile", // MkDocs Material (pymdownx.highlight)
    "div.highlight-dockerfile", // Sphinx (Pygments), reStructuredText or MyST Markdown
    "div.highlight-docker",
    "pre.language-dockerfile", // Docusaurus and Prism
    "pre > code.language-dockerfile", // CommonMark renderers, Python-Markdown's fenced_code, highlight.js
  ].join(", ");
  var widgets = [];

  // The host's theme, or null to leave it to the reader's prefers-color-scheme (the iframe sees the same).
  function hostTheme() {
    var fixed = scriptOption("data-theme");
    if (fixed === "light" || fixed === "dark") return fixed;
    var html = document.documentElement;
    var body = document.body;
    var marked = html.getAttribute("data-dockerfile-lab-theme") || (body && body.getAttribute("data-dockerfile-lab-theme"));
    if (marked === "light" || marked === "dark") return marked;
    var material = body && body.getAttribute("data-md-color-scheme");
    if (material) return material === "slate" ? "dark" : "light";
    var themed = html.getAttribute("data-theme") || (body && body.getAttribute("data-theme"));
    if (themed === "light" || themed === "dark") return themed;
    return null;
  }

  function preferred() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // Text as the reader sees it: highlighters split lines into spans and some end them with <br>.
  function textOf(node) {
    if (node.nodeType === 3) return node.nodeValue;
    if (node.nodeName === "BR") return "\n";
    var text = "";
    for (var child = node.firstChild; child; child = child.nextSibling) text += textOf(child);
    return text;
  }

  function widgetUrl(text, options) {
    var url = new URL(app.href);
    var params = ["embed"];
    if (options.panel) params.push("panel=" + encodeURIComponent(options.panel));
    if (options.theme) params.push("theme=" + encodeURIComponent(options.theme));
    if (options.readonly) params.push("readonly");
    url.search = "?" + params.join("&");
    url.hash = "text=" + encodeURIComponent(text.replace(/^\n/, "").replace(/\n$/, "") + "\n");
    return url.href;
  }

  function frameFor(text, options) {
    var frame = document.createElement("iframe");
    frame.src = widgetUrl(text, options);
    frame.title = "Dockerfile Lab: live analysis of this Dockerfile";
    frame.loading = "lazy";
    frame.className = "dockerfile-lab-widget";
    var height = parseInt(options.height || "420", 10);
    frame.style.cssText =
      "display:block;width:100%;box-sizing:border-box;border:1px solid #8c959f80;border-radius:6px;margin:0 0 1em;height:" + height + "px";
    widgets.push({ frame: frame, ownTheme: !!options.ownTheme });
    return frame;
  }

  // A <pre data-dockerfile-lab>, with its own options.
  function mount(pre) {
    var own = pre.getAttribute("data-theme");
    var frame = frameFor(textOf(pre), {
      panel: pre.getAttribute("data-panel"),
      theme: own || hostTheme(),
      ownTheme: !!own,
      readonly: pre.hasAttribute("data-readonly"),
      height: pre.getAttribute("data-height"),
    });
    pre.replaceWith(frame);
    return frame;
  }

  // A fenced code block, with the script's options; its whole wrapper (and copy buttons) is replaced.
  function mountCodeBlock(block) {
    var code = block.matches("pre, code") ? block : block.querySelector("pre");
    if (!code) return null;
    var wrapper = block.matches("code") ? block.parentElement : block;
    var frame = frameFor(textOf(code), {
      panel: scriptOption("data-code-blocks") || null,
      theme: hostTheme(),
      readonly: scriptOption("data-readonly") !== null,
      height: scriptOption("data-height"),
    });
    wrapper.replaceWith(frame);
    return frame;
  }

  function mountAll(root) {
    root = root || document;
    var frames = Array.prototype.map.call(root.querySelectorAll("pre[data-dockerfile-lab]"), mount);
    if (scriptOption("data-code-blocks") !== null) {
      var blocks = Array.prototype.filter.call(root.querySelectorAll(CODE_BLOCKS), function (block) {
        // The outermost match only: MkDocs Material's div also holds a pre > code.language-dockerfile match
        // in some configurations.
        var outer = block.parentElement && block.parentElement.closest(CODE_BLOCKS);
        return !outer && block.isConnected;
      });
      frames = frames.concat(blocks.map(mountCodeBlock).filter(Boolean));
    }
    return frames;
  }

  // The theme set since the widgets were made (by setTheme or the host's switch), or null.
  var switched = null;

  function post(widget, theme) {
    if (widget.ownTheme || !widget.frame.contentWindow) return;
    // "*": a lazy widget not yet loaded is still about:blank (the message is then lost, and sent again when it
    // says it is ready); the message holds nothing but the theme.
    widget.frame.contentWindow.postMessage({ dockerfileLab: "theme", theme: theme }, "*");
  }

  // Tells every widget that follows the host (not one with its own data-theme) to use `theme`.
  function setTheme(theme) {
    if (theme !== "light" && theme !== "dark") return;
    switched = theme;
    widgets.forEach(function (widget) {
      post(widget, theme);
    });
  }

  // A widget says it is ready once it listens: one still loading when the theme changed gets it then.
  window.addEventListener("message", function (event) {
    if (event.origin !== app.origin || !event.data || event.data.dockerfileLab !== "ready" || !switched) return;
    widgets.forEach(function (widget) {
      if (widget.frame.contentWindow === event.source) post(widget, switched);
    });
  });

  // Follow the host's theme switch: the attributes hostTheme reads, on <html> and <body> (a switch to "auto"
  // means the reader's preference).
  function watchHostTheme() {
    if (scriptOption("data-theme")) return;
    var last = hostTheme() || preferred();
    var observer = new MutationObserver(function () {
      var now = hostTheme() || preferred();
      if (now !== last) setTheme(now);
      last = now;
    });
    var watched = { attributes: true, attributeFilter: ["data-theme", "data-md-color-scheme", "data-dockerfile-lab-theme"] };
    observer.observe(document.documentElement, watched);
    if (document.body) observer.observe(document.body, watched);
  }

  // Sites that render pages in the browser (Docusaurus, MkDocs Material's instant navigation) add code blocks
  // after load, and React may re-render a page it hydrates: upgrade blocks whenever they appear.
  function watchNewBlocks() {
    if (scriptOption("data-code-blocks") === null || !document.body) return;
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      setTimeout(function () {
        pending = false;
        mountAll();
      }, 50);
    }).observe(document.body, { childList: true, subtree: true });
  }

  window.DockerfileLab = { mount: mount, mountAll: mountAll, setTheme: setTheme, app: app.href };
  function start() {
    mountAll();
    watchHostTheme();
    watchNewBlocks();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
