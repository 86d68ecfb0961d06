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

  /** The body_text offset of a DOM point (container, offset); points between spans snap to the nearest. */
  function pointOffset(spanList, container, offset, isEnd) {
    var previous = null;
    for (var i = 0; i < spanList.length; i++) {
      var span = spanList[i];
      var range = document.createRange();
      range.selectNodeContents(span.el);
      var where = range.comparePoint(container, offset);
      if (where === 0) {
        var before = document.createRange();
        before.setStart(span.el, 0);
        before.setEnd(container, offset);
        return span.start + cpLength(before.toString());
      }
      if (where < 0) return isEnd && previous ? previous.end : span.start;
      previous = span;
    }
    return previous ? previous.end : 0;
  }

  /** The current selection inside `body` as {start, end, text} in body_text terms, trimmed of outer
   *  spaces; null when nothing (or something outside the body) is selected. */
  function selection(body, spanList) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
    var chars = []; // body_text as far as the spans tell it (separators between blocks are whitespace)
    spanList.forEach(function (span) {
      while (chars.length < span.start) chars.push("\n");
      Array.from(span.el.textContent).forEach(function (c, i) { chars[span.start + i] = c; });
    });
    var start = pointOffset(spanList, range.startContainer, range.startOffset, false);
    var end = pointOffset(spanList, range.endContainer, range.endOffset, true);
    while (start < end && /\s/.test(chars[start] || " ")) start++;
    while (end > start && /\s/.test(chars[end - 1] || " ")) end--;
    if (start >= end) return null;
    return { start: start, end: end, text: chars.slice(start, end).join("") };
  }

  window.BodyOffsets = {
    cpLength: cpLength, utf16Index: utf16Index, spans: spans, pieces: pieces, wrap: wrap, selection: selection,
  };
})();
