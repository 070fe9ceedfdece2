// Runs before the wasm (crates/web/index.html): puts the text the app will open into the static editor, so the
// reader sees it at once. The app decides the same way (crates/web/src/components/app/initial.rs, `initial_state`): a
// `#text=` link's text; a compressed `#v2=` link, a lesson, the rule catalog or presenter mode show only
// "Analysing…" (their text needs the app); otherwise the autosaved text, or the default example already in the
// page. Whatever the reader types here is marked (`data-edited`) and kept by the app (crates/web/src/shell.rs).
(function () {
  "use strict";
  var shell = document.getElementById("app-shell");
  var editor = shell && shell.querySelector("textarea");
  if (!editor) return;
  var params = new URLSearchParams(location.search);
  var on = function (name) {
    return params.has(name) && params.get(name) !== "0" && params.get(name) !== "false";
  };
  var hash = location.hash.replace(/^#/, "");
  var framed = true;
  try {
    framed = window.top !== window;
  } catch (e) {
    // A browser that will not say counts as framed, as in the app.
  }
  var stored = function (key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  };
  var theme = params.get("theme");
  if (theme !== "light" && theme !== "dark" && !on("embed")) theme = stored("dflab.theme");
  if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  if (on("embed")) shell.classList.add("embed");

  var savedOptions = false;
  // The autosave's first record is the Dockerfile: `d<UTF-8 byte length>:<text>` (crates/web/src/url_state.rs).
  function autosaved() {
    var records = stored("dflab.autosave.v1");
    var head = records && /^d(\d+):/.exec(records);
    if (!head) return null;
    var bytes = new TextEncoder().encode(records.slice(head[0].length));
    // Records after the text are options (context files, rule settings): the analysis is not the example's.
    savedOptions = bytes.length > Number(head[1]);
    return new TextDecoder().decode(bytes.slice(0, Number(head[1])));
  }

  var text;
  if (hash.indexOf("text=") === 0) {
    try {
      text = decodeURIComponent(hash.slice("text=".length));
    } catch (e) {
      text = null;
    }
  } else if (hash || on("present")) {
    text = null;
  } else if (!on("embed") && !framed) {
    var saved = autosaved();
    text = saved && saved.trim() ? saved : editor.value;
  } else {
    text = editor.value;
  }
  // The default example's findings, rendered at build time (scripts/post-build.mjs), are shown only while the page
  // shows that example in the Findings tab; otherwise, and from the first keystroke, "Analysing…" until the app
  // runs. This script runs before the parser reads them (index.html), so the class decides before any paint.
  function awaitAnalysis() {
    shell.classList.add("awaiting");
  }
  var panel = params.get("panel");
  if (text !== editor.value || savedOptions || (panel && panel !== "findings")) awaitAnalysis();
  if (text === null) {
    editor.value = "";
    editor.readOnly = true;
    editor.setAttribute("aria-busy", "true");
  } else {
    editor.value = text;
    if (on("readonly")) editor.readOnly = true;
    editor.addEventListener("input", function () {
      editor.setAttribute("data-edited", "");
      awaitAnalysis();
    });
  }
})();
