/* Ustad widget: one tag on any allowed page adds the assistant.
 *   <script src="https://HOST/widget.js" data-lang="en|ur" data-token="PORTAL_JWT" data-title="..."></script>
 * Self-contained: no framework, no CDN, no web font. Everything a learner or the server wrote is put on
 * the page with textContent, never as HTML. The UI lives in a shadow root so the portal's CSS and ours
 * cannot collide. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__ustadWidget) return;
  window.__ustadWidget = true;
  var HOST = new URL(script.src, location.href).origin;
  var data = script.dataset || {};

  var T = {
    en: {
      title: "Ask Ustad", open: "Open the Ustad assistant", close: "Close the assistant", ask: "Ask",
      exercises: "Exercises", placeholder: "Ask about the course or the AI policy…", send: "Send",
      question: "Your question", suggestions: "Suggested questions", sources: "Sources",
      helpful: "Helpful", unhelpful: "Not helpful", thanks: "Thank you for the feedback.",
      refused: "Not in the material", curated: "Answer approved by trainer", lang: "اردو",
      langLabel: "Switch to Urdu", thinking: "Thinking…", blocked: "The assistant is not available on this site.",
      failed: "Sorry, something went wrong. Please try again.", back: "All exercises", level: "Level",
      yourPrompt: "Your prompt", submit: "Get feedback", hint: "Show a hint", score: "Score",
      modelAnswer: "A model answer", you: "You", assistant: "Ustad", loading: "Loading…",
      intro: "Ask a question about the course. Answers quote the material and link to it."
    },
    ur: {
      title: "استاد سے پوچھیں", open: "استاد معاون کھولیں", close: "معاون بند کریں", ask: "سوال",
      exercises: "مشقیں", placeholder: "کورس یا اے آئی پالیسی کے بارے میں پوچھیں…", send: "بھیجیں",
      question: "آپ کا سوال", suggestions: "تجویز کردہ سوالات", sources: "حوالے",
      helpful: "مفید", unhelpful: "مفید نہیں", thanks: "رائے کا شکریہ۔",
      refused: "مواد میں موجود نہیں", curated: "ٹرینر کا منظور شدہ جواب", lang: "English",
      langLabel: "انگریزی میں دیکھیں", thinking: "سوچ رہا ہے…", blocked: "یہ معاون اس ویب سائٹ پر دستیاب نہیں۔",
      failed: "معذرت، کچھ غلط ہو گیا۔ دوبارہ کوشش کریں۔", back: "تمام مشقیں", level: "درجہ",
      yourPrompt: "آپ کا پرامپٹ", submit: "رائے حاصل کریں", hint: "اشارہ دیکھیں", score: "اسکور",
      modelAnswer: "نمونے کا جواب", you: "آپ", assistant: "استاد", loading: "لوڈ ہو رہا ہے…",
      intro: "کورس کے بارے میں سوال پوچھیں۔ جوابات مواد سے حوالے کے ساتھ دیے جاتے ہیں۔"
    }
  };

  var state = {
    lang: data.lang === "ur" ? "ur" : "en",
    token: data.token || null,
    anon: anonId(),
    sessionId: null,
    blocked: false,
    config: null,
    busy: false
  };

  function anonId() {
    var key = "ustad-anon-id";
    try {
      var existing = localStorage.getItem(key);
      if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
    } catch (e) { /* storage may be disabled */ }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    try { localStorage.setItem(key, id); } catch (e) { /* ignore */ }
    return id;
  }

  function t(key) { return T[state.lang][key]; }

  /* Icons drawn inline (Material Design paths, Apache-2.0): emoji fonts are missing on many desktops. */
  var ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    up: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"
  };
  function icon(name, flip) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (flip) svg.setAttribute("transform", "rotate(180)");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function headers(json) {
    var h = {};
    if (json) h["Content-Type"] = "application/json";
    if (state.token) h["X-Ustad-Token"] = state.token;
    else h["X-Ustad-Anon"] = state.anon;
    return h;
  }

  function api(path, options) {
    options = options || {};
    return fetch(HOST + "/widget/api" + path, {
      method: options.method || "GET",
      headers: options.anonymous ? {} : headers(!!options.body),
      body: options.body ? JSON.stringify(options.body) : undefined,
      credentials: "omit",
      mode: "cors"
    }).then(function (response) {
      if (response.status === 403) { markBlocked(); throw new Error("blocked"); }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response;
    });
  }

  /* ---- layout ------------------------------------------------------------------------------------ */
  var hostEl = el("div", { id: "ustad-widget" });
  var root = hostEl.attachShadow({ mode: "open" });
  var style = el("style", { text: CSS() });
  var launcher = el("button", {
    class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "ustad-panel",
    onclick: function () { toggle(); }
  });
  var panel = el("div", { id: "ustad-panel", class: "panel", role: "dialog", hidden: "" });
  root.appendChild(style);
  root.appendChild(launcher);
  root.appendChild(panel);
  (document.body || document.documentElement).appendChild(hostEl);

  var titleEl, langBtn, closeBtn, tabAsk, tabEx, chatPane, exPane, logEl, suggestEl, input, sendBtn, notice;

  function build() {
    panel.textContent = "";
    panel.setAttribute("dir", state.lang === "ur" ? "rtl" : "ltr");
    panel.setAttribute("lang", state.lang);
    panel.setAttribute("aria-labelledby", "ustad-title");
    titleEl = el("h2", { id: "ustad-title", text: data.title || t("title") });
    langBtn = el("button", { type: "button", class: "lang", "aria-label": t("langLabel"), text: t("lang"),
      onclick: function () { switchLang(); } });
    closeBtn = el("button", { type: "button", class: "close", "aria-label": t("close"), text: "×",
      onclick: function () { toggle(false); } });
    tabAsk = el("button", { type: "button", role: "tab", id: "ustad-tab-ask", "aria-controls": "ustad-chat",
      "aria-selected": "true", text: t("ask"), onclick: function () { showTab("ask"); } });
    tabEx = el("button", { type: "button", role: "tab", id: "ustad-tab-ex", "aria-controls": "ustad-ex",
      "aria-selected": "false", tabindex: "-1", text: t("exercises"), onclick: function () { showTab("ex"); } });
    var tabs = el("div", { role: "tablist", class: "tabs", "aria-label": t("title"), onkeydown: tabKeys }, [tabAsk, tabEx]);
    notice = el("div", { class: "notice", role: "alert", hidden: "" });

    logEl = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": t("title") }, [
      el("p", { class: "intro", text: t("intro") })
    ]);
    suggestEl = el("div", { class: "suggestions", role: "group", "aria-label": t("suggestions") });
    input = el("textarea", { rows: "2", "aria-label": t("question"), placeholder: t("placeholder"),
      maxlength: "4000", onkeydown: function (e) {
        if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); submit(); }
      } });
    sendBtn = el("button", { type: "submit", class: "send", text: t("send") });
    var form = el("form", { class: "ask", onsubmit: function (e) { e.preventDefault(); submit(); } }, [input, sendBtn]);
    chatPane = el("div", { id: "ustad-chat", role: "tabpanel", "aria-labelledby": "ustad-tab-ask", class: "pane" },
      [logEl, suggestEl, form]);
    exPane = el("div", { id: "ustad-ex", role: "tabpanel", "aria-labelledby": "ustad-tab-ex", class: "pane", hidden: "" });

    panel.appendChild(el("div", { class: "head" }, [titleEl, langBtn, closeBtn]));
    panel.appendChild(tabs);
    panel.appendChild(notice);
    panel.appendChild(chatPane);
    panel.appendChild(exPane);
    launcher.setAttribute("aria-label", t("open"));
    launcher.textContent = "";
    launcher.appendChild(icon("chat"));
    launcher.appendChild(el("span", { class: "label", text: data.title || t("title") }));
    renderSuggestions();
    if (state.blocked) markBlocked();
  }

  function tabKeys(e) {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    var next = root.activeElement === tabAsk ? "ex" : "ask";
    showTab(next);
    (next === "ex" ? tabEx : tabAsk).focus();
  }

  function showTab(which) {
    var ask = which === "ask";
    tabAsk.setAttribute("aria-selected", String(ask));
    tabEx.setAttribute("aria-selected", String(!ask));
    tabAsk.setAttribute("tabindex", ask ? "0" : "-1");
    tabEx.setAttribute("tabindex", ask ? "-1" : "0");
    chatPane.hidden = !ask;
    exPane.hidden = ask;
    if (!ask) loadExercises();
  }

  function toggle(open) {
    var willOpen = open === undefined ? panel.hidden : open;
    panel.hidden = !willOpen;
    launcher.setAttribute("aria-expanded", String(willOpen));
    if (willOpen) { input.focus(); } else { launcher.focus(); }
  }

  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") toggle(false); });

  function switchLang() {
    state.lang = state.lang === "ur" ? "en" : "ur";
    var history = Array.prototype.slice.call(logEl.childNodes);
    build();
    if (history.length > 1) { logEl.textContent = ""; history.forEach(function (n) { logEl.appendChild(n); }); }
    langBtn.focus();
  }

  function markBlocked() {
    state.blocked = true;
    if (!notice) return;
    notice.hidden = false;
    notice.textContent = t("blocked");
    input.disabled = true;
    sendBtn.disabled = true;
    suggestEl.textContent = "";
  }

  function renderSuggestions() {
    suggestEl.textContent = "";
    var list = state.config && state.config.suggestions ? state.config.suggestions[state.lang] || [] : [];
    list.forEach(function (q) {
      suggestEl.appendChild(el("button", { type: "button", class: "chip", text: q,
        onclick: function () { input.value = q; submit(); } }));
    });
  }

  /* ---- asking ------------------------------------------------------------------------------------ */
  function submit() {
    var text = input.value.trim();
    if (!text || state.busy || state.blocked) return;
    input.value = "";
    suggestEl.textContent = "";
    ask(text);
  }

  function ask(text) {
    state.busy = true;
    sendBtn.disabled = true;
    logEl.appendChild(el("div", { class: "msg user" }, [
      el("span", { class: "who", text: t("you") }), el("p", { text: text })
    ]));
    var body = el("p", { class: "text", text: "" });
    var status = el("span", { class: "status", text: t("thinking") });
    var bubble = el("div", { class: "msg bot", "aria-busy": "true" }, [el("span", { class: "who", text: t("assistant") }), status, body]);
    logEl.appendChild(bubble);
    scroll();
    var citations = [];
    api("/chat/stream", { method: "POST", body: { message: text, session_id: state.sessionId } })
      .then(function (response) {
        return readSSE(response, function (event, payload) {
          if (event === "token") { status.remove(); body.textContent += payload.text; scroll(); }
          else if (event === "citations") { citations = payload; }
          else if (event === "done") { finish(bubble, body, payload, citations); }
        });
      })
      .catch(function (err) {
        status.remove();
        if (err.message !== "blocked") body.textContent = t("failed");
      })
      .then(function () {
        bubble.removeAttribute("aria-busy");
        state.busy = false;
        sendBtn.disabled = state.blocked;
        scroll();
      });
  }

  function readSSE(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        buffer += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
        var parts = buffer.split("\n\n");
        buffer = parts.pop();
        parts.forEach(function (frame) {
          var event = "message", dataLines = [];
          frame.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) event = line.slice(6).trim();
            else if (line.indexOf("data:") === 0) dataLines.push(line.slice(5).trim());
          });
          if (dataLines.length) onEvent(event, JSON.parse(dataLines.join("\n")));
        });
        if (!chunk.done) return pump();
      });
    }
    return pump();
  }

  function finish(bubble, body, done, citations) {
    state.sessionId = done.session_id;
    body.textContent = done.answer;
    if (done.refused) bubble.classList.add("refused");
    if (citations.length) {
      var list = el("ol", { class: "sources", "aria-label": t("sources") });
      citations.forEach(function (c) {
        var item = el("li");
        if (c.source.indexOf("curated/") === 0) {
          item.className = "curated";
          item.appendChild(el("span", { text: "✔ " + t("curated") + " — " + c.section }));
        } else {
          var url = HOST + "/sources/view?source=" + encodeURIComponent(c.source) +
            "&section=" + encodeURIComponent(c.section || "") + "#cited";
          item.appendChild(el("a", { href: url, target: "_blank", rel: "noopener", text: c.title + (c.section ? " — " + c.section : "") }));
        }
        list.appendChild(item);
      });
      bubble.appendChild(el("p", { class: "sources-label", text: t("sources") }));
      bubble.appendChild(list);
    }
    bubble.appendChild(feedbackBar(done.message_id));
  }

  function feedbackBar(messageId) {
    var bar = el("div", { class: "feedback", role: "group", "aria-label": t("helpful") + " / " + t("unhelpful") });
    var thanks = el("span", { class: "thanks", role: "status" });
    function rate(rating, button, other) {
      api("/feedback", { method: "POST", body: { message_id: messageId, rating: rating } }).then(function () {
        button.setAttribute("aria-pressed", "true");
        other.setAttribute("aria-pressed", "false");
        thanks.textContent = t("thanks");
      }).catch(function () { thanks.textContent = t("failed"); });
    }
    var up = el("button", { type: "button", class: "rate up", "aria-label": t("helpful"), "aria-pressed": "false" }, [icon("up")]);
    var down = el("button", { type: "button", class: "rate down", "aria-label": t("unhelpful"), "aria-pressed": "false" }, [icon("up", true)]);
    up.addEventListener("click", function () { rate("up", up, down); });
    down.addEventListener("click", function () { rate("down", down, up); });
    bar.appendChild(up); bar.appendChild(down); bar.appendChild(thanks);
    return bar;
  }

  function scroll() { logEl.scrollTop = logEl.scrollHeight; }

  /* ---- exercise mode ----------------------------------------------------------------------------- */
  function loadExercises() {
    exPane.textContent = t("loading");
    api("/exercises").then(function (r) { return r.json(); }).then(function (list) {
      exPane.textContent = "";
      var ul = el("ul", { class: "exercises" });
      list.exercises.forEach(function (ex) {
        ul.appendChild(el("li", {}, [el("button", { type: "button", class: "exercise",
          text: t("level") + " " + ex.level + " · " + ex.title, onclick: function () { openExercise(ex.id); } })]));
      });
      exPane.appendChild(ul);
    }).catch(function () { exPane.textContent = state.blocked ? t("blocked") : t("failed"); });
  }

  function openExercise(id) {
    exPane.textContent = t("loading");
    api("/exercises/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (ex) {
      var hintsShown = 0;
      var hints = el("ol", { class: "hints" });
      var result = el("div", { class: "result", role: "status", "aria-live": "polite" });
      var prompt = el("textarea", { rows: "6", "aria-label": t("yourPrompt"), maxlength: "20000" });
      var submitBtn = el("button", { type: "submit", class: "send", text: t("submit") });
      var hintBtn = el("button", { type: "button", class: "secondary", text: t("hint") });
      hintBtn.addEventListener("click", function () {
        if (hintsShown >= ex.hints_available) return;
        hintsShown += 1;
        api("/exercises/" + encodeURIComponent(id) + "/hints/" + hintsShown).then(function (r) { return r.json(); })
          .then(function (h) { hints.appendChild(el("li", { text: h.text })); });
        if (hintsShown >= ex.hints_available) hintBtn.disabled = true;
      });
      var form = el("form", { class: "attempt", onsubmit: function (e) {
        e.preventDefault();
        if (!prompt.value.trim()) return;
        submitBtn.disabled = true;
        result.textContent = t("loading");
        api("/exercises/" + encodeURIComponent(id) + "/attempts", { method: "POST", body: { prompt: prompt.value } })
          .then(function (r) { return r.json(); })
          .then(function (graded) { showGrade(result, graded); })
          .catch(function () { result.textContent = t("failed"); })
          .then(function () { submitBtn.disabled = false; });
      } }, [el("label", { text: t("yourPrompt") }), prompt, el("div", { class: "row" }, [submitBtn, hintBtn])]);
      exPane.textContent = "";
      exPane.appendChild(el("button", { type: "button", class: "secondary", text: "← " + t("back"), onclick: loadExercises }));
      exPane.appendChild(el("h3", { text: ex.title }));
      exPane.appendChild(el("p", { class: "scenario", text: ex.scenario }));
      exPane.appendChild(el("p", { class: "task", text: ex.task }));
      exPane.appendChild(form);
      exPane.appendChild(hints);
      exPane.appendChild(result);
      prompt.focus();
    }).catch(function () { exPane.textContent = t("failed"); });
  }

  function showGrade(result, graded) {
    result.textContent = "";
    result.appendChild(el("p", { class: "score", text: t("score") + ": " + graded.score + "/100" }));
    var ul = el("ul", { class: "criteria" });
    graded.criteria.forEach(function (c) {
      ul.appendChild(el("li", { class: "criterion " + c.status, text: (c.status === "pass" ? "✔ " : c.status === "partial" ? "◐ " : "✗ ") + c.criterion + " — " + c.feedback }));
    });
    result.appendChild(ul);
    if (graded.next_hint) result.appendChild(el("p", { class: "hint", text: t("hint") + ": " + graded.next_hint.text }));
    if (graded.model_answer) {
      result.appendChild(el("p", { class: "sources-label", text: t("modelAnswer") }));
      result.appendChild(el("pre", { class: "model", text: graded.model_answer }));
    }
  }

  /* ---- start ------------------------------------------------------------------------------------- */
  build();
  api("/config", { anonymous: true }).then(function (r) { return r.json(); }).then(function (config) {
    state.config = config;
    renderSuggestions();
  }).catch(function () { if (!state.blocked) renderSuggestions(); });
  if (data.open === "true") toggle(true);

  function CSS() {
    return [
      ":host{all:initial}",
      "*{box-sizing:border-box}",
      ".launcher,.panel{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Nastaliq Urdu','Jameel Noto Nastaleeq',sans-serif;color:#1b1f23}",
      ".launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:flex;gap:8px;align-items:center;border:0;border-radius:28px;padding:12px 18px;background:#0b5e4a;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;font-weight:600}",
      ".launcher:focus-visible,button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}",
      ".panel{position:fixed;bottom:84px;right:20px;z-index:2147483001;width:380px;max-width:calc(100vw - 24px);height:min(620px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}",
      ".panel[hidden]{display:none}",
      ".panel[dir=rtl]{font-size:16px;line-height:1.9}",
      ".head{display:flex;align-items:center;gap:8px;padding:10px 14px;background:#0b5e4a;color:#fff}",
      ".head h2{flex:1;margin:0;font-size:16px}",
      ".head button{background:transparent;border:1px solid rgba(255,255,255,.5);color:#fff;border-radius:6px;padding:2px 8px;cursor:pointer;font:inherit}",
      ".tabs{display:flex;border-bottom:1px solid #dde3e1}",
      ".tabs button{flex:1;border:0;background:#f4f7f6;padding:8px;cursor:pointer;font:inherit;color:#1b1f23}",
      ".tabs button[aria-selected=true]{background:#fff;border-bottom:3px solid #0b5e4a;font-weight:600}",
      ".notice{margin:10px;padding:10px;border-radius:8px;background:#fdecea;color:#8a1c12}",
      ".notice[hidden]{display:none}",
      ".pane{flex:1;display:flex;flex-direction:column;min-height:0;overflow:auto}",
      ".pane[hidden]{display:none}",
      ".log{flex:1;overflow-y:auto;padding:12px}",
      ".intro{color:#555;margin:0 0 8px}",
      ".msg{margin:8px 0;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}",
      ".msg p{margin:2px 0}",
      ".msg.user{background:#e7f2ef;margin-inline-start:40px}",
      ".msg.bot{background:#f5f5f5;margin-inline-end:20px}",
      ".msg.refused{background:#fff6e0}",
      ".who{display:block;font-size:12px;color:#555;font-weight:600}",
      ".status{color:#666;font-style:italic}",
      ".sources-label{font-size:12px;font-weight:600;margin-top:6px!important;color:#444}",
      ".sources{margin:2px 0;padding-inline-start:20px;font-size:13px;white-space:normal}",
      ".sources a{color:#0b5e4a}",
      ".curated{color:#0b5e4a;font-weight:600}",
      ".feedback{display:flex;gap:6px;align-items:center;margin-top:6px;white-space:normal}",
      ".rate{display:inline-flex;border:1px solid #b9c4c1;background:#fff;color:#46504d;border-radius:6px;cursor:pointer;padding:3px 8px}",
      ".rate[aria-pressed=true]{background:#0b5e4a;border-color:#0b5e4a;color:#fff}",
      ".thanks{font-size:12px;color:#555}",
      ".suggestions{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}",
      ".chip{border:1px solid #0b5e4a;color:#0b5e4a;background:#fff;border-radius:16px;padding:4px 10px;cursor:pointer;font:inherit;font-size:13px;text-align:start}",
      ".ask{display:flex;gap:8px;padding:10px;border-top:1px solid #dde3e1}",
      "textarea{flex:1;resize:none;border:1px solid #b9c4c1;border-radius:8px;padding:8px;font:inherit;width:100%}",
      ".send{border:0;background:#0b5e4a;color:#fff;border-radius:8px;padding:8px 14px;cursor:pointer;font:inherit;font-weight:600}",
      ".send:disabled{opacity:.5;cursor:default}",
      ".secondary{border:1px solid #b9c4c1;background:#fff;border-radius:8px;padding:6px 10px;cursor:pointer;font:inherit}",
      "#ustad-ex{padding:12px}",
      ".exercises{list-style:none;margin:0;padding:0}",
      ".exercise{display:block;width:100%;text-align:start;margin:4px 0;padding:8px;border:1px solid #dde3e1;border-radius:8px;background:#fff;cursor:pointer;font:inherit}",
      ".attempt{display:flex;flex-direction:column;gap:6px}",
      ".row{display:flex;gap:8px}",
      ".criterion.pass{color:#0b5e4a}.criterion.fail,.criterion.partial{color:#8a4b00}",
      ".score{font-weight:700}",
      ".model{white-space:pre-wrap;background:#f5f5f5;padding:8px;border-radius:6px;font:inherit}",
      "@media (max-width:480px){.panel{inset:0;width:100vw;max-width:none;height:100%;border-radius:0;bottom:0;right:0}.launcher .label{display:none}.launcher{bottom:14px;right:14px}}",
      "@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}.launcher:hover{transform:scale(1.04)}}"
    ].join("\n");
  }
})();
