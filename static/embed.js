// Dockerfile Lab widgets for documentation pages. Include this script from the app's `static/` folder and every
// <pre data-dockerfile-lab> becomes a live playground analysing its text, in the app's embed mode:
//
//   <pre data-dockerfile-lab data-panel="findings" data-theme="dark" data-readonly data-height="420">
//   FROM python:3.12-slim
//   ...</pre>
//   <script src="https://your-host/dockerfile-lab/static/embed.js" defer></script>
//
// Options (data attributes): data-panel (findings | diff | layers), data-theme (light | dark), data-readonly,
// data-height (pixels, default 420). The widget is an iframe, so the page's styles and the app's never meet; the
// only global is `window.DockerfileLab`. All widgets load the same app files, which the browser downloads once.
(function () {
  "use strict";
  if (window.DockerfileLab) return;
  var script = document.currentScript;
  // embed.js lives in the app's static/ folder; the app is one level up.
  var app = new URL("../", script && script.src ? script.src : location.href);

  function widgetUrl(pre) {
    var url = new URL(app.href);
    var params = ["embed"];
    var panel = pre.getAttribute("data-panel");
    var theme = pre.getAttribute("data-theme");
    if (panel) params.push("panel=" + encodeURIComponent(panel));
    if (theme) params.push("theme=" + encodeURIComponent(theme));
    if (pre.hasAttribute("data-readonly")) params.push("readonly");
    url.search = "?" + params.join("&");
    url.hash = "text=" + encodeURIComponent(pre.textContent.replace(/^\n/, ""));
    return url.href;
  }

  function mount(pre) {
    var frame = document.createElement("iframe");
    frame.src = widgetUrl(pre);
    frame.title = "Dockerfile Lab: live analysis of this Dockerfile";
    frame.loading = "lazy";
    frame.className = "dockerfile-lab-widget";
    var height = parseInt(pre.getAttribute("data-height") || "420", 10);
    frame.style.cssText = "display:block;width:100%;border:1px solid #d0d7de;border-radius:6px;height:" + height + "px";
    pre.replaceWith(frame);
    return frame;
  }

  function mountAll(root) {
    var blocks = (root || document).querySelectorAll("pre[data-dockerfile-lab]");
    return Array.prototype.map.call(blocks, mount);
  }

  window.DockerfileLab = { mount: mount, mountAll: mountAll, app: app.href };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { mountAll(); });
  else mountAll();
})();
