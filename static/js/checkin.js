// The check-in desk: one always-focused field takes a USB scanner's keystrokes (code, then Enter), a typed
// badge number, or the phone camera's reading (BarcodeDetector, where the browser has it); each answer is
// shown at once in a large green, amber or red panel.
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk) { return; }
  var form = document.getElementById("scan-form");
  var input = document.getElementById("scan-input");
  var panel = document.getElementById("scan-result");
  var messages = document.getElementById("desk-messages");
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var shown = {
    verdict: document.getElementById("result-verdict"),
    reason: document.getElementById("result-reason"),
    name: document.getElementById("result-name"),
    delegation: document.getElementById("result-delegation"),
    category: document.getElementById("result-category"),
    photo: document.getElementById("result-photo"),
    silhouette: document.getElementById("result-silhouette")
  };
  var busy = false;

  function text(name) { return messages.getAttribute("data-" + name) || ""; }

  function key() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  function focusInput() {
    var active = document.activeElement;
    // leave the place selector and the buttons alone while someone uses them
    if (active && active !== document.body && active !== input && active.closest &&
        active.closest("select, button, a, .desk-place")) { return; }
    input.focus();
  }

  function show(answer) {
    panel.className = "scan-result scan-" + answer.result;
    var reason = answer.message || "";
    if (answer.result === "already" && answer.first_scan_time) {
      reason = text("first").replace("{time}", answer.first_scan_time);
    }
    shown.verdict.textContent = text(answer.result);
    shown.reason.textContent = reason;
    var person = answer.participant;
    shown.name.textContent = person ? person.badge_name : "";
    shown.delegation.textContent = person && person.delegation ? person.delegation : "";
    shown.category.textContent = person ? person.category : "";
    shown.category.hidden = !person;
    if (person && person.photo_url) {
      shown.photo.src = person.photo_url;
      shown.photo.alt = person.badge_name;
      shown.photo.hidden = false;
      shown.silhouette.setAttribute("hidden", "");  // an SVG element has no .hidden property
    } else {
      shown.photo.removeAttribute("src");
      shown.photo.hidden = true;
      shown.silhouette.removeAttribute("hidden");
    }
  }

  function failed(message) {
    panel.className = "scan-result scan-refused";
    shown.verdict.textContent = text("refused");
    shown.reason.textContent = message || text("offline");
    shown.name.textContent = "";
    shown.delegation.textContent = "";
    shown.category.hidden = true;
    shown.photo.hidden = true;
    shown.silhouette.removeAttribute("hidden");
  }

  function send(code) {
    code = (code || "").trim();
    if (!code || busy) { return; }
    busy = true;
    fetch(desk.getAttribute("data-scan-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": csrf ? csrf.getAttribute("content") : "" },
      body: JSON.stringify({ code: code, place: desk.getAttribute("data-place"), idempotency_key: key() })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.message || ""); }
        return body;
      });
    }).then(show).catch(function (error) { failed(error.message); }).then(function () {
      busy = false;
      input.value = "";
      focusInput();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
  });
  // always ready for the next badge: focus comes back whenever it wanders off
  input.addEventListener("blur", function () { window.setTimeout(focusInput, 200); });
  document.addEventListener("click", function () { window.setTimeout(focusInput, 0); });
  focusInput();

  // the phone's camera, where the browser can read QR codes
  var cameraButton = document.getElementById("camera-button");
  var camera = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var stopButton = document.getElementById("camera-stop");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  cameraButton.hidden = false;
  var stream = null;
  var detector = null;
  var last = { code: "", at: 0 };

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    camera.hidden = true;
    cameraButton.hidden = false;
  }

  function look() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length) {
        var code = codes[0].rawValue;
        // a badge held in front of the camera is read many times a second: once is enough
        if (code !== last.code || now - last.at > 3000) {
          last = { code: code, at: now };
          send(code);
        }
      }
    }).catch(function () { /* a frame that could not be read: try the next one */ }).then(function () {
      window.setTimeout(look, 250);
    });
  }

  cameraButton.addEventListener("click", function () {
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (error) {
      failed(text("nocamera"));
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        camera.hidden = false;
        cameraButton.hidden = true;
        return video.play();
      })
      .then(look)
      .catch(function () { stop(); failed(text("nocamera")); });
  });
  stopButton.addEventListener("click", stop);
}());
