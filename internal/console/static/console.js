// paddock console: live updates of a task page over Server-Sent Events. The page works without
// this script (reload to see changes); with it, the server pushes the task's rendered, escaped
// HTML whenever the task changes in the store. No inline script: the page's CSP forbids it.
"use strict";
(function () {
  var live = document.getElementById("live");
  if (!live || !live.dataset.events || !window.EventSource) {
    return;
  }
  var state = document.getElementById("live-state");
  var es = new EventSource(live.dataset.events);
  es.addEventListener("open", function () {
    if (state) { state.hidden = false; }
  });
  es.addEventListener("update", function (e) {
    // Keep what the user is typing in the feedback box across an update.
    var fb = document.getElementById("feedback");
    var typed = fb ? fb.value : "";
    live.innerHTML = e.data;
    var nfb = document.getElementById("feedback");
    if (nfb && typed) { nfb.value = typed; }
  });
  es.addEventListener("signedout", function () {
    es.close();
    window.location.assign("/console/signin?ended=key");
  });
  es.addEventListener("error", function () {
    if (state) { state.hidden = true; }
    if (es.readyState === EventSource.CLOSED) {
      window.location.reload();
    }
  });
})();
