// The browser-side twin of editorial/text.py for a live editing surface: derives body_text from a DOM
// subtree with the same rules (blocks separated by a blank line, <br> a line break, HTML whitespace
// collapsed, NFC) and remembers, for every character, the text node and offset it came from.
// Callers compare `text` with the server's body_text before trusting offsets (live-checks.js does).
(function () {
  "use strict";
  var BLOCKS = new Set(["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "UL", "OL", "LI", "PRE",
    "FIGURE", "FIGCAPTION", "TABLE", "TR", "TD", "TH", "HR", "SECTION", "ARTICLE", "HEADER", "FOOTER", "ASIDE",
    "NAV", "MAIN", "DL", "DT", "DD", "ADDRESS"]);
  var RUNS = /[ \t\r\n\f\v]+|[^ \t\r\n\f\v]+/g;

  function build(root) {
    var text = "";
    var pos = []; // pos[i] = [node, offset] of character i, or null for separators
    var st = { lineStart: true, newBlock: true, pendingSpace: false, pendingBreak: false, space: null };

    function boundary() { st.newBlock = st.lineStart = true; st.pendingSpace = st.pendingBreak = false; }
    function push(chars, where) { for (var i = 0; i < chars.length; i++) { pos.push(where ? where(i) : null); } text += chars; }

    function onText(node) {
      var data = node.data.replace(/\u0000/g, "");
      var m;
      RUNS.lastIndex = 0;
      while ((m = RUNS.exec(data))) {
        var run = m[0];
        var at = m.index;
        if (/^[ \t\r\n\f\v]/.test(run)) {
          if (!st.lineStart) { st.pendingSpace = true; st.space = [node, at]; }
          continue;
        }
        var sep = st.newBlock ? (text.length ? "\n\n" : "") : st.pendingBreak ? "\n" : "";
        if (sep) push(sep, null);
        else if (st.pendingSpace && !st.newBlock) {
          var sp = st.space;
          push(" ", function () { return sp; });
        }
        var norm = run.normalize("NFC");
        var exact = norm.length === run.length;
        push(norm, function (i) { return [node, at + (exact ? i : Math.min(i, run.length - 1))]; });
        st.newBlock = st.lineStart = st.pendingSpace = st.pendingBreak = false;
      }
    }

    (function walk(el) {
      for (var child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) { onText(child); continue; }
        if (child.nodeType !== Node.ELEMENT_NODE) continue;
        var tag = child.tagName;
        if (BLOCKS.has(tag)) { boundary(); walk(child); boundary(); }
        else if (tag === "BR") { if (!st.newBlock) st.pendingBreak = true; st.lineStart = true; st.pendingSpace = false; }
        else walk(child);
      }
    })(root);

    return {
      text: text,
      /** The body_text index of a DOM position (node, offset), or -1 when it is not text we mapped. */
      indexOf: function (node, offset) {
        var after = -1; // a caret after the node's last mapped character sits just past it
        for (var i = 0; i < pos.length; i++) {
          var p = pos[i];
          if (!p || p[0] !== node) continue;
          if (p[1] >= offset) return i;
          after = i + 1;
        }
        return after;
      },
      /** A DOM Range for body_text[start:end), or null when it cannot be mapped. */
      range: function (start, end) {
        if (start < 0 || end > text.length || start >= end) return null;
        var first = pos[start];
        var last = pos[end - 1];
        if (!first || !last) return null;
        var range = document.createRange();
        range.setStart(first[0], first[1]);
        range.setEnd(last[0], last[1] + 1);
        return range;
      },
    };
  }

  window.EditorialTextMap = { build: build };
})();
