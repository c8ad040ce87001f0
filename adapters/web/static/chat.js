// Gemba's web chat: posts a message with fetch (CSRF token in a header and the form), adds the
// answer to the conversation without reloading, and sends a reply button's command the same way.
// A message keeps its delivery id until it is answered, so pressing Send again after a network
// blip (or a double click) is processed once by the server.
(function () {
  "use strict";
  var chat = document.querySelector(".chat");
  if (!chat) return;
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-text");
  var sendButton = document.getElementById("chat-send");
  var status = document.getElementById("chat-status");
  var conversation = document.getElementById("conversation");
  var csrf = chat.dataset.csrf;
  var pending = {}; // text -> delivery id of a message not yet answered

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function send(text, lang) {
    if (!text) { status.textContent = chat.dataset.empty; return Promise.resolve(); }
    var id = pending[text] || (pending[text] = newId());
    var body = new URLSearchParams({ text: text, delivery_id: id, csrf: csrf });
    if (lang) body.set("lang", lang);
    sendButton.disabled = true;
    status.textContent = "…";
    return fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      return response.text().then(function (html) {
        if (!response.ok) {
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var message = parsed.querySelector(".message p");
          status.textContent = message ? message.textContent : chat.dataset.failed;
          return;
        }
        delete pending[text];
        conversation.insertAdjacentHTML("beforeend", html);
        conversation.lastElementChild.scrollIntoView({ block: "end" });
        status.textContent = "";
        if (input.value === text) input.value = "";
      });
    }).catch(function () {
      status.textContent = chat.dataset.failed;
    }).then(function () {
      sendButton.disabled = false;
      input.focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sendButton.disabled) return;
    send(input.value.trim(), null);
  });

  conversation.addEventListener("click", function (event) {
    var button = event.target.closest(".reply-button");
    if (!button || sendButton.disabled) return;
    send(button.dataset.command, chat.dataset.lang);
  });

  var last = conversation.lastElementChild;
  if (last) last.scrollIntoView({ block: "end" });
})();
