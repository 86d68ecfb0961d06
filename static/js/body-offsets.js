// body_text offsets on a rendered body. The server wraps every text run in <span data-o="OFFSET">
// (editorial/text.py) whose text is exactly body_text[OFFSET…]; offsets are code points (Python string
// indices) while DOM strings count UTF-16 units, so every length and position is converted here, once.
(function () {
  "use strict";

  function cpLength(s) { return Array.from(s).length; }

  /** The UTF-16 index of code point `cp` in s. */
  function utf16Index(s, cp) {
    var i = 0;
    while (cp > 0 && i < s.length) {
      var c = s.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      cp--;
    }
    return i;
  }

  /** The offset spans of a body: [{el, start, end}] in code points. */
  function spans(body) {
    return Array.prototype.slice.call(body.querySelectorAll("span[data-o]")).map(function (el) {
      var start = parseInt(el.getAttribute("data-o"), 10);
      return { el: el, start: start, end: start + cpLength(el.textContent) };
    });
  }

  /** The text-node pieces covering body_text[start:end): [{node, from, to}] with UTF-16 node offsets.
   *  Marks added earlier may have split a span's text: its current text nodes are walked each time. */
  function pieces(spanList, start, end) {
    var out = [];
    spanList.forEach(function (span) {
      var s = Math.max(start, span.start);
      var e = Math.min(end, span.end);
      if (s >= e) return;
      var walker = document.createTreeWalker(span.el, NodeFilter.SHOW_TEXT);
      var offset = span.start;
      var node;
      while ((node = walker.nextNode())) {
        var nStart = offset;
        var nEnd = offset + cpLength(node.data);
        offset = nEnd;
        var a = Math.max(s, nStart);
        var b = Math.min(e, nEnd);
        if (a < b) out.push({ node: node, from: utf16Index(node.data, a - nStart), to: utf16Index(node.data, b - nStart) });
      }
    });
    return out;
  }

  /** Wrap each piece of body_text[start:end) in an element made by `make()`; returns the elements. */
  function wrap(spanList, start, end, make) {
    return pieces(spanList, start, end).map(function (p) {
      var range = document.createRange();
      range.setStart(p.node, p.from);
      range.setEnd(p.node, p.to);
      var element = make();
      range.surroundContents(element);
      return element;
    });
  }

  window.BodyOffsets = { cpLength: cpLength, utf16Index: utf16Index, spans: spans, pieces: pieces, wrap: wrap };
})();
