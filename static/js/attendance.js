// Attendance at a session, made to work in a venue with a weak or no network.
// Each tap is kept on the phone first (localStorage) with its own id, then sent; marks that
// cannot be sent now are sent when the network comes back. The server ignores a mark it has
// already received (same id), so sending twice is harmless. Without JavaScript the page's
// forms post one mark at a time.
(function () {
  "use strict";
  var root = document.getElementById("attendance");
  if (!root || !window.fetch || !window.localStorage) { return; }
  var eventId = root.dataset.event, sessionId = Number(root.dataset.session);
  // One queue per user and event: on a shared phone, one user's marks are never sent as another's.
  var storeKey = "frontline-marks-" + root.dataset.user + "-" + eventId;
  var statusLine = root.querySelector(".sync-status");
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function queue() { try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; } }
  function save(items) { localStorage.setItem(storeKey, JSON.stringify(items)); }
  function say(text) { statusLine.textContent = text; }
  function count(n) { return n.toLocaleString(document.documentElement.lang === "km" ? "km-KH-u-nu-khmr" : "en"); }

  function show(row, present) {
    var buttons = row.querySelectorAll("button.mark");
    buttons[0].classList.toggle("is-present", present); buttons[0].setAttribute("aria-pressed", String(present));
    buttons[1].classList.toggle("is-absent", !present); buttons[1].setAttribute("aria-pressed", String(!present));
    var present = root.querySelectorAll("button.is-present").length;
    root.querySelector('[data-testid="present-count"]').textContent = count(present);
  }

  function mark(row, present) {
    show(row, present);
    var items = queue();
    items.push({ client_uuid: uuid4(), session: sessionId, enrolment: Number(row.dataset.enrolment),
                 present: present, marked_at: new Date().toISOString() });
    save(items);
    say(root.dataset.labelQueued + " (" + count(items.length) + ")");
    flush();
  }

  var sending = false;
  var BATCH = 500;  // well under what the server takes in one request
  function flush() {
    var items = queue().slice(0, BATCH);
    if (sending || !items.length) { if (!items.length) { say(root.dataset.labelSent); } return; }
    sending = true;
    fetch(root.dataset.syncUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ marks: items })
    }).then(function (response) {
      if (!response.ok) { var refused = new Error(String(response.status)); refused.status = response.status; throw refused; }
      return response.json();
    }).then(function (body) {
      var done = {};
      body.results.forEach(function (result) {
        done[result.client_uuid] = true;
        if (result.status === "rejected") {
          var item = items.filter(function (i) { return i.client_uuid === result.client_uuid; })[0];
          var row = item && root.querySelector('li[data-enrolment="' + item.enrolment + '"]');
          if (row) { row.setAttribute("data-error", root.dataset.labelRejected + ": " + result.errors.join(" ")); }
        }
      });
      save(queue().filter(function (i) { return !done[i.client_uuid]; }));
      var left = queue().length;
      say(left ? root.dataset.labelQueued + " (" + count(left) + ")" : root.dataset.labelSent);
      return left > 0;  // marks taken while this batch was on its way, or the next batch
    }).catch(function (error) {
      if (error.status >= 400 && error.status < 500) {
        // The server refused the request itself (signed out, no longer allowed): retrying will
        // not help, but the marks stay on the phone until someone who may send them does.
        say(root.dataset.labelRejected + " (" + error.status + ") · " + root.dataset.labelQueued + " (" + count(queue().length) + ")");
      } else {
        say(root.dataset.labelOffline + " (" + count(queue().length) + ")");
      }
      return false;
    }).then(function (more) { sending = false; if (more) { flush(); } });
  }

  root.querySelectorAll("form.roster-row").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var present = (event.submitter || form.querySelector("button.mark")).value === "1";
      mark(form.closest("li"), present);
    });
  });

  function markBadge(code) {
    var row = root.querySelector('li[data-badge="' + (window.CSS && CSS.escape ? CSS.escape(code) : code) + '"]');
    if (!row) { say(root.dataset.labelUnknown); return false; }
    mark(row, true);
    return true;
  }
  var scanForm = root.querySelector("form.scan-form");
  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = scanForm.querySelector("input[name=badge]");
    if (markBadge(input.value.trim())) { input.value = ""; }
    input.focus();
  });

  // The phone's camera reads the QR code on a badge (where the browser can decode it).
  var cameraButton = root.querySelector(".scan-camera");
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      var video = root.querySelector("video.scanner"), detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var lastCode = "", lastAt = 0;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream; video.hidden = false; video.play();
        (function scan() {
          detector.detect(video).then(function (codes) {
            var now = Date.now();
            codes.forEach(function (found) {
              if (found.rawValue !== lastCode || now - lastAt > 3000) { markBadge(found.rawValue); lastCode = found.rawValue; lastAt = now; }
            });
          }).catch(function () {}).then(function () { setTimeout(scan, 300); });
        })();
      }).catch(function () { cameraButton.hidden = true; });
    });
  }

  // Keep this page (and the app's files) on the phone so that it reopens without a network.
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker, { scope: "/" }).catch(function () {});
  }

  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  flush();
})();
