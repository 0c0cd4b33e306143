/* Manual flags: selecting words of the section text fills the evidence field and its
   position, so the chosen occurrence is recorded.  Without this script the reader types
   or pastes the words and the first occurrence counts.  No dependencies. */
(function () {
  "use strict";
  var source = document.querySelector("[data-flag-source]");
  var quote = document.getElementById("flag-quote");
  var start = document.getElementById("flag-start");
  if (!source || !quote || !start || !window.getSelection) {
    return;
  }
  // Python counts code points, JavaScript UTF-16 units: count as Python does.
  function codePoints(text) {
    return Array.from(text).length;
  }
  function capture() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) {
      return;
    }
    var before = document.createRange();
    before.selectNodeContents(source);
    before.setEnd(range.startContainer, range.startOffset);
    quote.value = range.toString();
    start.value = String(codePoints(before.toString()));
  }
  source.addEventListener("mouseup", capture);
  source.addEventListener("keyup", capture);
  quote.addEventListener("input", function () {
    start.value = "";  // typed by hand: the first occurrence counts
  });
})();
