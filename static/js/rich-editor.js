/*
 * Rich-text editing for <textarea data-rich-editor>, as a progressive enhancement.
 *
 * Needs static/vendor/dompurify/purify.min.js and static/vendor/squire/squire.js loaded first
 * (see static/vendor/README.md). Without them, or without JavaScript, the plain textarea (HTML
 * source) is what the person edits and what the form posts.
 *
 * For each textarea: hide it (it stays in the form and keeps the field name), mount a Squire editor
 * with a toolbar in its place, and on every change write the editor's HTML, reduced to the same
 * allow-list the server enforces (editorial/sanitize.py), back into textarea.value and dispatch an
 * `input` event on the textarea. Other scripts (autosave, checks, conflict handling) listen to the
 * textarea only; to replace the content they call RichEditor.get(textarea).setHTML(html).
 */
(function () {
  "use strict";

  if (typeof window.Squire !== "function" || !window.DOMPurify || !window.DOMPurify.isSupported) {
    return;
  }

  // The server's allow-list (editorial/sanitize.py); keep the two in step.
  var OUTPUT_TAGS = ["p", "h2", "h3", "h4", "strong", "em", "b", "i", "a", "blockquote", "ul", "ol", "li", "br"];
  // Containers kept while pasting so their text is not glued to its neighbours; renamed below.
  var RENAMED = {
    DIV: "P", SECTION: "P", ARTICLE: "P", HEADER: "P", FOOTER: "P", MAIN: "P", ASIDE: "P",
    FIGURE: "P", FIGCAPTION: "P", PRE: "P", ADDRESS: "P", H1: "H2", H5: "H4", H6: "H4",
    B: "STRONG", I: "EM",
  };
  var SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
  var BLOCKS = "p,h2,h3,h4,li,blockquote,ul,ol";
  var isMac = /Mac|iPhone|iPad/.test(navigator.platform || "");

  var instances = new WeakMap();
  var counter = 0;

  /** Untrusted HTML (initial value, paste, drop) → an inert, allow-listed fragment of this document. */
  function sanitizeToFragment(html) {
    var dirty = DOMPurify.sanitize(withoutInlineAttributes(String(html || "")), {
      ALLOWED_TAGS: OUTPUT_TAGS.concat(Object.keys(RENAMED).map(function (t) { return t.toLowerCase(); })),
      ALLOWED_ATTR: ["href", "title"],
      ALLOWED_URI_REGEXP: SAFE_URL,
      KEEP_CONTENT: true,
      RETURN_DOM_FRAGMENT: true,
    });
    var frag = document.importNode(dirty, true);
    Array.prototype.slice.call(frag.querySelectorAll(Object.keys(RENAMED).join(","))).forEach(function (el) {
      renameElement(el, RENAMED[el.nodeName]);
    });
    return frag;
  }

  /*
   * Drop style="" and on*="" attributes from tags before any parsing. Not a security measure (DOMPurify
   * and the server do that): under our CSP, Chromium reports every inline style or handler it parses,
   * even into an inert document, so pasting from a web page or Word would flood the console.
   */
  function withoutInlineAttributes(html) {
    return html.replace(/<[a-zA-Z][^>]*>/g, function (tag) {
      return tag.replace(/[\s\/](?:on[a-z-]*|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi, " ");
    });
  }

  function renameElement(el, tag) {
    var replacement = document.createElement(tag);
    while (el.firstChild) replacement.appendChild(el.firstChild);
    el.parentNode.replaceChild(replacement, el);
    return replacement;
  }

  /** The editor's DOM → the HTML the textarea holds: allow-listed, no empty blocks or filler <br>s. */
  function serialize(editor) {
    var tpl = document.createElement("template");
    tpl.content.appendChild(sanitizeToFragment(editor.getHTML()));
    var root = tpl.content;
    Array.prototype.slice.call(root.querySelectorAll(BLOCKS)).reverse().forEach(function (block) {
      var last = block.lastChild;
      if (last && last.nodeName === "BR" && block.nodeName !== "UL" && block.nodeName !== "OL") {
        block.removeChild(last);
      }
      if (!block.textContent.replace(/[\s\u200B\uFEFF]+/g, "") && !block.querySelector("br")) {
        block.parentNode.removeChild(block);
      }
    });
    Array.prototype.forEach.call(root.querySelectorAll("p,h2,h3,h4,li"), unbreakEdgeSpaces);
    var out = document.createElement("div");
    out.appendChild(root);
    return out.innerHTML.replace(/\u200B|\uFEFF/g, "").trim();
  }

  /*
   * Browsers type a trailing space as U+00A0 and leave it there when formatting starts right after it
   * ("and&nbsp;<strong>final"). Turn such no-break spaces at the edge of a text node back into plain
   * spaces when both neighbours are visible characters; one typed or pasted mid-text ("10&nbsp;km") stays.
   */
  function unbreakEdgeSpaces(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var text = nodes.map(function (n) { return n.data; }).join("");
    var offset = 0;
    nodes.forEach(function (node) {
      var data = node.data;
      [0, data.length - 1].forEach(function (i) {
        var at = offset + i;
        if (i >= 0 && data.charAt(i) === "\u00A0" && /\S/.test(text.charAt(at - 1) || " ") &&
            /\S/.test(text.charAt(at + 1) || " ") && text.charAt(at - 1) !== "\u00A0" &&
            text.charAt(at + 1) !== "\u00A0") {
          data = data.slice(0, i) + " " + data.slice(i + 1);
        }
      });
      if (data !== node.data) node.data = data;
      offset += node.data.length;
    });
  }

  // --- commands -----------------------------------------------------------------------------------

  function currentElement(editor) {
    var range = editor.getSelection();
    var node = range ? range.startContainer : null;
    if (node && node.nodeType !== 1) node = node.parentNode;
    return node;
  }

  function nearest(editor, selector) {
    var el = currentElement(editor);
    var root = editor.getRoot();
    var found = el && el.closest ? el.closest(selector) : null;
    return found && root.contains(found) && found !== root ? found : null;
  }

  function toggleInline(editor, tag, alias) {
    var range = editor.getSelection();
    if (editor.hasFormat(tag, null, range) || editor.hasFormat(alias, null, range)) {
      editor.changeFormat(null, { tag: tag }, range);
      if (editor.hasFormat(alias, null, editor.getSelection())) {
        editor.changeFormat(null, { tag: alias }, editor.getSelection());
      }
    } else {
      editor.changeFormat({ tag: tag }, null, range);
    }
  }

  function setBlockTag(editor, tag) {
    if (nearest(editor, "ul,ol")) editor.removeList();
    editor.modifyBlocks(function (frag) {
      Array.prototype.slice.call(frag.querySelectorAll("p,div,h1,h2,h3,h4,h5,h6")).forEach(function (el) {
        if (el.nodeName !== tag && !el.closest("li")) renameElement(el, tag);
      });
      return frag;
    });
    editor.focus();
  }

  function currentBlockTag(editor) {
    var block = nearest(editor, "li,h2,h3,h4,p,div");
    return block ? block.nodeName : "";
  }

  // Each button shows its glyph and is named by its label (the tooltip says the label too). Where the glyph is
  // words the label does not contain, `spoken` is the name instead: it starts with the glyph, so that a person
  // using speech input can say what they see (WCAG 2.5.3, axe's label-content-name-mismatch).
  var COMMANDS = [
    {
      name: "paragraph", label: "Paragraph", glyph: "¶",
      active: function (ed) { return currentBlockTag(ed) === "P"; },
      run: function (ed) { setBlockTag(ed, "P"); },
    },
    {
      name: "heading2", label: "Heading 2", glyph: "H2", spoken: "H2 heading",
      active: function (ed) { return currentBlockTag(ed) === "H2"; },
      run: function (ed) { setBlockTag(ed, currentBlockTag(ed) === "H2" ? "P" : "H2"); },
    },
    {
      name: "heading3", label: "Heading 3", glyph: "H3", spoken: "H3 heading",
      active: function (ed) { return currentBlockTag(ed) === "H3"; },
      run: function (ed) { setBlockTag(ed, currentBlockTag(ed) === "H3" ? "P" : "H3"); },
    },
    {
      name: "bold", label: "Bold", glyph: "B", keys: "B",
      active: function (ed) { return ed.hasFormat("STRONG") || ed.hasFormat("B"); },
      run: function (ed) { toggleInline(ed, "STRONG", "B"); ed.focus(); },
    },
    {
      name: "italic", label: "Italic", glyph: "I", keys: "I",
      active: function (ed) { return ed.hasFormat("EM") || ed.hasFormat("I"); },
      run: function (ed) { toggleInline(ed, "EM", "I"); ed.focus(); },
    },
    {
      name: "link", label: "Link", glyph: "Link", keys: "K",
      active: function (ed) { return ed.hasFormat("A"); },
      run: null, // opens the link form; wired in mount()
    },
    {
      name: "quote", label: "Block quote", glyph: "“ ”",
      active: function (ed) { return Boolean(nearest(ed, "blockquote")); },
      run: function (ed) {
        if (nearest(ed, "blockquote")) ed.decreaseQuoteLevel(); else ed.increaseQuoteLevel();
      },
    },
    {
      name: "bullets", label: "Bulleted list", glyph: "• List",
      active: function (ed) { var l = nearest(ed, "ul,ol"); return Boolean(l && l.nodeName === "UL"); },
      run: function (ed) {
        var l = nearest(ed, "ul,ol");
        if (l && l.nodeName === "UL") ed.removeList(); else ed.makeUnorderedList();
      },
    },
    {
      name: "numbers", label: "Numbered list", glyph: "1. List", spoken: "1. List, numbered",
      active: function (ed) { var l = nearest(ed, "ul,ol"); return Boolean(l && l.nodeName === "OL"); },
      run: function (ed) {
        var l = nearest(ed, "ul,ol");
        if (l && l.nodeName === "OL") ed.removeList(); else ed.makeOrderedList();
      },
    },
  ];

  // --- DOM building -------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function findLabel(textarea) {
    if (textarea.labels && textarea.labels.length) return textarea.labels[0];
    var id = textarea.getAttribute("aria-labelledby");
    return id ? document.getElementById(id.split(/\s+/)[0]) : null;
  }

  function mount(textarea) {
    if (instances.has(textarea)) return instances.get(textarea);
    counter += 1;
    var baseId = (textarea.id || "rich-editor-" + counter) + "-rich";
    var label = findLabel(textarea);
    if (label && !label.id) label.id = baseId + "-label";

    var area = el("div", {
      id: baseId + "-area",
      class: "rich-editor__area",
      role: "textbox",
      "aria-multiline": "true",
    });
    if (label) area.setAttribute("aria-labelledby", label.id);
    else if (textarea.getAttribute("aria-label")) area.setAttribute("aria-label", textarea.getAttribute("aria-label"));
    var describedBy = textarea.getAttribute("aria-describedby");
    if (describedBy) area.setAttribute("aria-describedby", describedBy);
    if (textarea.required) area.setAttribute("aria-required", "true");
    if (textarea.getAttribute("aria-invalid")) area.setAttribute("aria-invalid", textarea.getAttribute("aria-invalid"));

    var toolbar = el("div", {
      class: "rich-editor__toolbar",
      role: "toolbar",
      "aria-label": "Text formatting", // not the field's name: get_by_label("Body") must find only the editor
      "aria-controls": area.id,
    });
    var buttons = COMMANDS.map(function (cmd, index) {
      var title = cmd.label + (cmd.keys ? " (" + (isMac ? "⌘" : "Ctrl+") + cmd.keys + ")" : "");
      var button = el("button", {
        type: "button",
        class: "rich-editor__button rich-editor__button--" + cmd.name,
        "aria-label": cmd.spoken || cmd.label,
        "aria-pressed": "false",
        title: title,
        tabindex: index === 0 ? "0" : "-1",
        "data-command": cmd.name,
      }, [el("span", { "aria-hidden": "true", text: cmd.glyph })]);
      if (cmd.keys) button.setAttribute("aria-keyshortcuts", (isMac ? "Meta+" : "Control+") + cmd.keys);
      toolbar.appendChild(button);
      return button;
    });

    var linkInput = el("input", {
      type: "url", id: baseId + "-link", class: "rich-editor__link-input",
      placeholder: "https://", autocomplete: "off", spellcheck: "false",
    });
    var linkError = el("p", { id: baseId + "-link-error", class: "rich-editor__link-error", role: "alert" });
    linkInput.setAttribute("aria-describedby", linkError.id);
    var linkApply = el("button", { type: "button", class: "rich-editor__link-apply", text: "Apply link" });
    var linkRemove = el("button", { type: "button", class: "rich-editor__link-remove", text: "Remove link" });
    var linkCancel = el("button", { type: "button", class: "rich-editor__link-cancel", text: "Cancel" });
    var linkPanel = el("div", { class: "rich-editor__linkbar", role: "group", "aria-label": "Link" }, [
      el("label", { for: linkInput.id, text: "Link address" }), linkInput, linkApply, linkRemove, linkCancel, linkError,
    ]);
    linkPanel.hidden = true;

    var wrapper = el("div", { class: "rich-editor" }, [toolbar, linkPanel, area]);
    textarea.parentNode.insertBefore(wrapper, textarea.nextSibling);
    textarea.hidden = true;
    textarea.classList.add("rich-editor__source");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    var wasRequired = textarea.required;
    textarea.required = false; // a hidden required control would silently block submission
    if (label) {
      // The label now names the editor; clicking it should put the caret there, not in the hidden textarea.
      label.removeAttribute("for");
      label.addEventListener("click", function () { editor.focus(); });
    }

    var editor = new window.Squire(area, {
      blockTag: "P",
      sanitizeToDOMFragment: sanitizeToFragment,
      didError: function (error) { if (window.console) console.warn("rich-editor:", error); },
    });
    editor.setHTML(textarea.value);
    var lastSynced = serialize(editor);

    function sync() {
      var html = serialize(editor);
      if (html === lastSynced) return;
      lastSynced = html;
      textarea.value = html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function updateState() {
      COMMANDS.forEach(function (cmd, i) {
        buttons[i].setAttribute("aria-pressed", cmd.active(editor) ? "true" : "false");
      });
    }

    // Keyboard shortcuts: strong/em rather than Squire's default b/i, and Ctrl/⌘+K for links.
    var mod = isMac ? "Meta-" : "Ctrl-";
    // Squire names keys by event.key, so Caps Lock gives "Ctrl-B": bind both cases.
    var shortcuts = {
      b: function (ed) { toggleInline(ed, "STRONG", "B"); },
      i: function (ed) { toggleInline(ed, "EM", "I"); },
      k: function () { openLinkPanel(); },
      u: function () {}, // no underline in our allow-list
    };
    Object.keys(shortcuts).forEach(function (key) {
      var handler = function (ed, event) { event.preventDefault(); shortcuts[key](ed); updateState(); };
      editor.setKeyHandler(mod + key, handler);
      editor.setKeyHandler(mod + key.toUpperCase(), handler);
    });
    editor.setKeyHandler("Alt-F10", function (ed, event) { event.preventDefault(); focusToolbar(); });

    editor.addEventListener("input", sync);
    editor.addEventListener("input", updateState);
    editor.addEventListener("pathChange", updateState);
    editor.addEventListener("select", updateState);
    editor.addEventListener("cursor", updateState);
    editor.addEventListener("focus", function () { wrapper.classList.add("rich-editor--focused"); });
    editor.addEventListener("blur", function () { wrapper.classList.remove("rich-editor--focused"); });

    // --- toolbar: one tab stop, arrow keys move between buttons (WAI-ARIA toolbar pattern)
    var current = 0;
    function focusButton(i) {
      buttons[current].tabIndex = -1;
      current = (i + buttons.length) % buttons.length;
      buttons[current].tabIndex = 0;
      buttons[current].focus();
    }
    function focusToolbar() { focusButton(current); }
    toolbar.addEventListener("keydown", function (event) {
      var i = buttons.indexOf(event.target);
      if (i < 0) return;
      var moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        focusButton(moves[event.key]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        editor.focus();
      }
    });
    // Keep the editor's selection when a button is pressed with the mouse.
    toolbar.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) event.preventDefault();
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      var i = buttons.indexOf(button);
      buttons[current].tabIndex = -1;
      current = i;
      button.tabIndex = 0;
      var cmd = COMMANDS[i];
      if (cmd.name === "link") openLinkPanel();
      else { cmd.run(editor); editor.focus(); }
      updateState();
    });

    // --- link form (inline, not a nested <form>: the editor lives inside the article form)
    var savedRange = null;
    function openLinkPanel() {
      savedRange = editor.getSelection();
      var link = nearest(editor, "a");
      linkInput.value = link ? link.getAttribute("href") : "";
      linkRemove.hidden = !link;
      linkError.textContent = "";
      linkInput.removeAttribute("aria-invalid");
      linkPanel.hidden = false;
      linkInput.focus();
    }
    function closeLinkPanel() {
      linkPanel.hidden = true;
      editor.focus();
      if (savedRange) editor.setSelection(savedRange);
      updateState();
    }
    function applyLink() {
      var url = linkInput.value.trim();
      var ok = SAFE_URL.test(url);
      if (ok) {
        try { new URL(url); } catch (e) { ok = false; }
      }
      if (!ok) {
        linkInput.setAttribute("aria-invalid", "true");
        linkError.textContent = "Use a full address starting with https://, http:// or mailto:";
        linkInput.focus();
        return;
      }
      linkPanel.hidden = true;
      editor.focus();
      if (savedRange) editor.setSelection(savedRange);
      editor.makeLink(url);
      updateState();
    }
    linkApply.addEventListener("click", applyLink);
    linkCancel.addEventListener("click", closeLinkPanel);
    linkRemove.addEventListener("click", function () {
      linkPanel.hidden = true;
      editor.focus();
      if (savedRange) editor.setSelection(savedRange);
      editor.removeLink();
      updateState();
    });
    linkPanel.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === linkInput) {
        event.preventDefault(); // never submit the surrounding form from here
        applyLink();
      } else if (event.key === "Escape") {
        event.preventDefault();
        closeLinkPanel();
      }
    });

    // Make sure the posted value is current, and keep "required" meaningful for the hidden textarea.
    if (textarea.form) {
      textarea.form.addEventListener("submit", function (event) {
        sync();
        if (wasRequired && !textarea.value) {
          event.preventDefault();
          area.setAttribute("aria-invalid", "true");
          editor.focus();
        }
      });
    }

    var handle = {
      editor: editor,
      element: area,
      getHTML: function () { return serialize(editor); },
      /** Replace the content (e.g. restoring unsaved text); syncs the textarea and fires `input`. */
      setHTML: function (html) { editor.setHTML(html); sync(); updateState(); },
      focus: function () { editor.focus(); },
    };
    instances.set(textarea, handle);
    wrapper.richEditor = handle;
    updateState();
    return handle;
  }

  window.RichEditor = {
    mount: mount,
    get: function (textarea) { return instances.get(textarea) || null; },
  };

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-editor]"), mount);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
