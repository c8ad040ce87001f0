// The andon board's live updates: server-sent events, tick the timers, rotate lines on a TV.
// Reconnects by itself with backoff; while disconnected the page says "offline since HH:MM"
// and greys the tiles out instead of showing stale green.
// A signed-in person's tile buttons post their command with the page's CSRF token and show
// Gemba's answer in a toast; the tile itself changes when the live feed sends the new board.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var linesBox = document.getElementById("board-lines");
  var status = document.getElementById("board-status") || document.getElementById("tv-offline");
  var data = board.dataset;
  var isTv = data.tv === "1";
  var rotateMs = Number(data.rotateS) * 1000;
  var clockOffset = Number(data.serverNow) - Date.now(); // server time minus this machine's
  var timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: data.timezone, hour: "2-digit", minute: "2-digit" });
  var source = null, backoff = 500, offlineSince = null, lastMessage = Date.now(), rotateIndex = 0;
  var WATCHDOG_MS = 25000, MAX_BACKOFF_MS = 5000;

  function elapsedText(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    var ss = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
  }

  function tick() {
    var now = Date.now() + clockOffset;
    linesBox.querySelectorAll("[data-since]").forEach(function (el) {
      el.textContent = elapsedText(now - Number(el.dataset.since));
    });
  }

  function showLive() {
    offlineSince = null;
    document.body.classList.remove("offline");
    status.textContent = data.liveText;
    status.classList.remove("offline");
    if (isTv) status.hidden = true;
  }

  function showOffline() {
    if (offlineSince === null) offlineSince = new Date();
    document.body.classList.add("offline");
    status.textContent = data.offlineText.replace("{time}", timeFormat.format(offlineSince));
    status.classList.add("offline");
    status.hidden = false;
  }

  function states() {
    var found = {};
    linesBox.querySelectorAll(".tile").forEach(function (el) { found[el.dataset.station] = el.dataset.state; });
    return found;
  }

  function beep() {
    try {
      var audio = new (window.AudioContext || window.webkitAudioContext)();
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880; gain.gain.value = 0.2;
      tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.6);
    } catch (e) { /* no audio device: the colour is the signal */ }
  }

  function applyBoard(message) {
    clockOffset = message.now - Date.now();
    var before = states();
    linesBox.innerHTML = message.html;
    board.dataset.version = message.version;
    if (data.sound === "1") {
      var after = states();
      var turnedRed = Object.keys(after).some(function (code) {
        return (after[code] === "raised" || after[code] === "escalated") && after[code] !== before[code];
      });
      if (turnedRed) beep();
    }
    rotate(false);
    tick();
  }

  function rotate(advance) {
    if (!isTv) return;
    var sections = linesBox.querySelectorAll("section.line");
    if (!sections.length) return;
    if (advance) rotateIndex += 1;
    rotateIndex %= sections.length;
    sections.forEach(function (el, i) { el.hidden = i !== rotateIndex; });
  }

  function connect() {
    source = new EventSource(data.eventsUrl);
    source.addEventListener("board", function (event) {
      var message = JSON.parse(event.data);
      lastMessage = Date.now();
      backoff = 500;
      applyBoard(message);
      // Connected, but the server cannot read the store: the board may be stale, say so.
      if (message.store === false) showOffline(); else showLive();
    });
    source.addEventListener("ping", function (event) {
      lastMessage = Date.now();
      clockOffset = JSON.parse(event.data).now - Date.now();
    });
    source.onerror = function () { reconnectLater(); };
  }

  function reconnectLater() {
    if (source) { source.close(); source = null; }
    showOffline();
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  var toast = document.getElementById("board-toast"), toastTimer = null, TOAST_MS = 8000;

  function showToast(html, failed) {
    toast.innerHTML = html;
    toast.classList.toggle("failed", failed);
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, TOAST_MS);
  }

  function deliveryId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function press(button) {
    // One id per press: a retried request is answered once.
    var body = new URLSearchParams({ command: button.dataset.command, delivery_id: deliveryId(), csrf: data.csrf });
    button.disabled = true;
    fetch(data.actionsUrl, {
      method: "POST",
      headers: { "X-CSRF-Token": data.csrf, "X-Requested-With": "fetch" },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (answer) { showToast(answer.html, !response.ok); });
    }).catch(function () {
      var failed = document.createElement("span");
      failed.textContent = data.failedText;
      showToast(failed.outerHTML, true);
    }).finally(function () { button.disabled = false; });
  }

  if (data.actionsUrl && toast) {
    linesBox.addEventListener("click", function (event) {
      var button = event.target.closest(".tile-button");
      if (button && !button.disabled) press(button);
    });
  }

  // A connection can die without an error (a network blip that leaves the socket open):
  // the server pings every ten seconds, so a long silence means we are cut off.
  setInterval(function () {
    if (source && Date.now() - lastMessage > WATCHDOG_MS) { lastMessage = Date.now(); reconnectLater(); }
  }, 5000);
  setInterval(tick, 1000);
  if (isTv && rotateMs > 0) setInterval(function () { rotate(true); }, rotateMs);
  rotate(false);
  tick();
  connect();
})();
