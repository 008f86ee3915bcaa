// The post editor, as progressive enhancement: without JavaScript the form still works.
// - a live preview rendered by the server (the same Markdown and sanitiser as on save,
//   so the preview never shows what the saved post would not);
// - a small formatting toolbar for the Markdown body;
// - the existing-tag chips add their tag to the comma-separated tag field.
(() => {
  "use strict";

  const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

  function livePreview(editor) {
    const textarea = editor.querySelector("textarea");
    const panel = editor.querySelector(".preview");
    const output = panel?.querySelector(".post-body");
    if (!textarea || !panel || !output) return;
    editor.classList.add("live");
    panel.hidden = false;
    let timer = 0;
    let latest = 0;
    const render = async () => {
      const ticket = ++latest;
      const body = new URLSearchParams({ body: textarea.value });
      try {
        const answer = await fetch(editor.dataset.previewUrl, {
          method: "POST",
          headers: { "X-CSRFToken": csrfToken() },
          body,
          credentials: "same-origin",
        });
        const html = await answer.text();
        // A slower, older answer must not overwrite a newer one.
        if (ticket === latest) output.innerHTML = answer.ok ? html : "<p>The preview is not available right now.</p>";
      } catch {
        if (ticket === latest) output.innerHTML = "<p>The preview is not available offline.</p>";
      }
    };
    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    render();
  }

  const FORMATS = [
    { label: "Bold", text: "B", before: "**", after: "**", sample: "bold text" },
    { label: "Italic", text: "I", before: "_", after: "_", sample: "italic text" },
    { label: "Heading", text: "H", before: "\n## ", after: "\n", sample: "Heading" },
    { label: "Link", text: "Link", before: "[", after: "](https://)", sample: "link text" },
    { label: "Quote", text: "Quote", before: "\n> ", after: "\n", sample: "Quoted text" },
    { label: "Code block", text: "Code", before: "\n```python\n", after: "\n```\n", sample: "print('hello')" },
  ];

  function toolbar(editor) {
    const textarea = editor.querySelector("textarea");
    if (!textarea) return;
    const bar = document.createElement("div");
    bar.className = "toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    for (const format of FORMATS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "chip";
      button.textContent = format.text;
      button.setAttribute("aria-label", format.label);
      button.addEventListener("click", () => {
        const { selectionStart: start, selectionEnd: end, value } = textarea;
        const chosen = value.slice(start, end) || format.sample;
        textarea.setRangeText(format.before + chosen + format.after, start, end, "end");
        textarea.focus();
        textarea.dispatchEvent(new Event("input"));
      });
      bar.append(button);
    }
    textarea.before(bar);
  }

  function tagChips(list) {
    const field = document.getElementById(list.dataset.tagTarget);
    if (!field) return;
    list.addEventListener("click", (event) => {
      const name = event.target.closest("[data-tag]")?.dataset.tag;
      if (!name) return;
      const names = field.value.split(",").map((n) => n.trim()).filter(Boolean);
      if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
      field.value = names.join(", ");
      field.focus();
    });
  }

  for (const editor of document.querySelectorAll(".editor[data-preview-url]")) {
    toolbar(editor);
    livePreview(editor);
  }
  for (const list of document.querySelectorAll("[data-tag-target]")) tagChips(list);
})();
