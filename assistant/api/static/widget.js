/* Ustad widget: one tag on any allowed page adds the assistant.
 *   <script src="https://HOST/widget.js" data-lang="en|ur" data-token="PORTAL_JWT" data-title="..."></script>
 * Self-contained: no framework, no CDN, no web font. Everything a learner or the server wrote is put on
 * the page with textContent (answers through a small markdown reader that builds DOM nodes), never as
 * HTML. The UI lives in a shadow root so the portal's CSS and ours cannot collide. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__ustadWidget) return;
  window.__ustadWidget = true;
  var HOST = new URL(script.src, location.href).origin;
  var data = script.dataset || {};

  /* The widget's own words, one catalogue per language. {name} is filled with a number or a name, which
   * is isolated (<bdi>) so it keeps its order inside right-to-left text: a score is one value, "29/100",
   * never "{score}/100" (in Urdu that would read 100/29). Urdu uses Urdu punctuation. */
  var T = {
    en: {
      title: "Ask Ustad", close: "Close the assistant", ask: "Ask",
      exercises: "Exercises", placeholder: "Ask about the course or the AI policy…", send: "Send",
      question: "Your question", suggestions: "Suggested questions", sources: "Sources",
      source: "Source {n}: {title}",
      rateGroup: "Was this answer helpful?", helpful: "Helpful", unhelpful: "Not helpful",
      thanks: "Thank you for the feedback.",
      thanksDown: "Thank you. You can tell your trainer what was wrong:",
      commentLabel: "What was wrong with this answer? (optional)",
      commentHint: "Your trainer reads these comments to improve the course. Please leave out personal details.",
      sendComment: "Send comment", commentThanks: "Thank you. Your trainer will see your comment.",
      refused: "Not in the course material", curated: "Answer approved by trainer",
      lang: "اردو", langHint: "switch the assistant to Urdu",
      thinking: "Thinking…", blocked: "The assistant is not available on this site.",
      failed: "Sorry, something went wrong. Please try again.",
      slowDown: "You are sending a lot at once. Please wait a minute and try again.",
      busy: "I can't answer right now: many learners are asking at once, or the server is being restarted. Please send your question again in a minute.",
      you: "You", assistant: "Ustad", loading: "Loading…",
      intro: "Ask a question about the course or the AI policy. Answers quote the course material and link to it.",
      openExercise: "Open this exercise",
      related: "A trainer has answered a similar question:",
      back: "All exercises", level: "Level {level}", yourPrompt: "Your prompt", submit: "Get feedback",
      hint: "Show a hint", hintsLeft: "Hints used: {used} of {total}",
      englishOnly: "",
      scenario: "The situation", task: "Your task", sampleInput: "The material given with the task",
      rubric: "What the feedback checks", lesson: "Read {title}", weight: "{weight} points",
      score: "Score: {score}", attempt: "Attempt {attempt}. Your best score: {best}.",
      capped: "Your score is capped at {score}. The checks below add up to {points}, but:",
      notes: "Please note:",
      passed: "Well done: this exercise is completed.",
      criteria: "Feedback on each part",
      pass: "Done", partial: "Partly done", fail: "Not yet",
      nextExercise: "Next exercise", modelAnswer: "A model answer", nextHint: "A hint for your next try",
      completedOf: "You have completed {completed} of {total} exercises.",
      levelDone: "{completed} of {total} completed",
      locked: "Locked: complete {needed} more exercises of level {previous} to open this level. You can still look at them.",
      lockedOne: "Locked: complete 1 more exercise of level {previous} to open this level. You can still look at them.",
      statusDone: "Completed, best score {best}",
      statusTried: "Best score so far {best}",
      statusNew: "Not tried yet"
    },
    ur: {
      title: "استاد سے پوچھیں", close: "معاون بند کریں", ask: "سوال پوچھیں",
      exercises: "مشقیں", placeholder: "کورس یا اے آئی پالیسی کے بارے میں پوچھیں…", send: "بھیجیں",
      question: "آپ کا سوال", suggestions: "تجویز کردہ سوالات", sources: "حوالے",
      source: "حوالہ {n}: {title}",
      rateGroup: "کیا یہ جواب مفید تھا؟", helpful: "مفید", unhelpful: "مفید نہیں",
      thanks: "رائے دینے کا شکریہ۔",
      thanksDown: "شکریہ۔ آپ اپنے ٹرینر کو بتا سکتے ہیں کہ جواب میں کیا کمی تھی:",
      commentLabel: "اس جواب میں کیا کمی تھی؟ (اختیاری)",
      commentHint: "آپ کے ٹرینر یہ تبصرے پڑھ کر کورس بہتر بناتے ہیں۔ براہِ کرم اپنی ذاتی معلومات نہ لکھیں۔",
      sendComment: "تبصرہ بھیجیں", commentThanks: "شکریہ۔ آپ کا تبصرہ آپ کے ٹرینر تک پہنچ جائے گا۔",
      refused: "یہ بات کورس کے مواد میں موجود نہیں", curated: "ٹرینر کا منظور شدہ جواب",
      lang: "English", langHint: "معاون کو انگریزی میں دیکھیں",
      thinking: "سوچ رہا ہے…", blocked: "یہ معاون اس ویب سائٹ پر دستیاب نہیں۔",
      failed: "معذرت، کچھ غلط ہو گیا۔ دوبارہ کوشش کریں۔",
      slowDown: "آپ بہت جلدی جلدی بھیج رہے ہیں۔ براہِ کرم ایک منٹ رک کر دوبارہ کوشش کریں۔",
      busy: "میں ابھی جواب نہیں دے سکتا: اس وقت بہت سے لوگ سوال پوچھ رہے ہیں، یا سرور دوبارہ شروع ہو رہا ہے۔ براہِ کرم ایک منٹ بعد اپنا سوال دوبارہ بھیجیں۔",
      you: "آپ", assistant: "استاد", loading: "لوڈ ہو رہا ہے…",
      intro: "کورس یا اے آئی پالیسی کے بارے میں سوال پوچھیں۔ جوابات کورس کے مواد سے حوالوں کے ساتھ دیے جاتے ہیں۔ کورس کا مواد انگریزی میں ہے، اس لیے زیادہ تر جوابات انگریزی میں ہوں گے۔",
      openExercise: "یہ مشق کھولیں",
      related: "ٹرینر نے اس سے ملتے جلتے سوال کا جواب دیا ہے:",
      back: "تمام مشقیں", level: "درجہ {level}", yourPrompt: "آپ کا پرامپٹ", submit: "رائے حاصل کریں",
      hint: "اشارہ دیکھیں", hintsLeft: "استعمال شدہ اشارے: {total} میں سے {used}",
      englishOnly: "یہ مشق انگریزی میں ہے۔ اپنا پرامپٹ بھی انگریزی میں لکھیں، کیونکہ جانچ انگریزی الفاظ پر ہوتی ہے۔",
      scenario: "منظرنامہ", task: "آپ کا کام", sampleInput: "کام کے ساتھ دیا گیا مواد",
      rubric: "رائے کن باتوں پر دی جاتی ہے", lesson: "سبق پڑھیں: {title}", weight: "{weight} نمبر",
      score: "اسکور: {score}", attempt: "کوشش نمبر {attempt}۔ آپ کا اب تک کا بہترین اسکور: {best}۔",
      capped: "آپ کا اسکور {score} پر محدود کر دیا گیا ہے۔ نیچے دی گئی جانچ کے حساب سے {points} بنتے ہیں، لیکن:",
      notes: "یہ بھی دیکھیں:",
      passed: "شاباش! یہ مشق مکمل ہو گئی۔",
      criteria: "ہر حصے پر رائے",
      pass: "مکمل", partial: "جزوی طور پر", fail: "ابھی نہیں",
      nextExercise: "اگلی مشق", modelAnswer: "نمونے کا جواب", nextHint: "اگلی کوشش کے لیے اشارہ",
      completedOf: "آپ نے {total} میں سے {completed} مشقیں مکمل کر لی ہیں۔",
      levelDone: "{total} میں سے {completed} مکمل",
      locked: "بند: یہ درجہ کھولنے کے لیے درجہ {previous} کی مزید {needed} مشقیں مکمل کریں۔ ان مشقوں کو آپ پھر بھی دیکھ سکتے ہیں۔",
      lockedOne: "بند: یہ درجہ کھولنے کے لیے درجہ {previous} کی ایک اور مشق مکمل کریں۔ ان مشقوں کو آپ پھر بھی دیکھ سکتے ہیں۔",
      statusDone: "مکمل، بہترین اسکور {best}",
      statusTried: "اب تک کا بہترین اسکور {best}",
      statusNew: "ابھی کوشش نہیں کی"
    }
  };

  var store = {
    get: function (key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) {
      try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* storage off */ }
    }
  };

  var state = {
    lang: store.get("ustad-lang") || (data.lang === "ur" ? "ur" : "en"),
    token: data.token || null,
    anon: anonId(),
    sessionId: null,
    blocked: false,
    config: null,
    busy: false,
    userScrolled: false,
    revealOnOpen: null
  };
  if (!T[state.lang]) state.lang = "en";
  var SESSION_KEY = "ustad-session:" + learnerKey();

  function anonId() {
    var key = "ustad-anon-id";
    var existing = store.get(key);
    if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    store.set(key, id);
    return id;
  }

  /* Whose conversation this browser keeps: the portal's learner (the token's unverified `sub`, only to
   * keep learners of one browser apart; the server checks ownership) or the anonymous id. */
  function learnerKey() {
    if (!state.token) return "anon";
    try {
      var part = state.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return "sub:" + JSON.parse(atob(part)).sub;
    } catch (e) { return "token"; }
  }

  function setSession(id) { state.sessionId = id; store.set(SESSION_KEY, id); }

  /* ---- words ------------------------------------------------------------------------------------- */
  function words(key) { var text = T[state.lang][key]; return text === undefined ? T.en[key] : text; }

  function of100(n) { return n + "/100"; }

  function fill(key, args) { /* a plain string, for attributes */
    return words(key).replace(/\{(\w+)\}/g, function (_, name) { return args && args[name] !== undefined ? String(args[name]) : ""; });
  }

  function fragment(key, args) {
    var text = words(key), frag = document.createDocumentFragment(), pattern = /\{(\w+)\}/g, last = 0, m;
    while ((m = pattern.exec(text))) {
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var value = args && args[m[1]] !== undefined ? String(args[m[1]]) : "";
      frag.appendChild(el("bdi", { text: value }));
      last = pattern.lastIndex;
    }
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  /* Nodes remember which words they show, so switching language re-words them in place: the
   * conversation and the exercise stay as they are. */
  function say(node, what, key, args) {
    node.__ustad = node.__ustad || {};
    node.__ustad[what] = [key, args];
    if (what === "text") { node.textContent = ""; node.appendChild(fragment(key, args)); }
    else node.setAttribute(what, fill(key, args));
    return node;
  }

  function reword() {
    Array.prototype.forEach.call(root.querySelectorAll("*"), function (node) {
      if (!node.__ustad) return;
      Object.keys(node.__ustad).forEach(function (what) { say(node, what, node.__ustad[what][0], node.__ustad[what][1]); });
    });
  }

  /* 'ur' when most letters are in Urdu script: the lang attribute lets a screen reader pick its voice. */
  function langOf(text) {
    var letters = (text.match(/\p{L}/gu) || []).length;
    var urdu = (text.match(/[\u0600-\u06ff]/g) || []).length;
    return letters && urdu / letters > 0.3 ? "ur" : "en";
  }

  /* Icons drawn inline (Material Design paths, Apache-2.0): emoji fonts are missing on many desktops. */
  var ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    up: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    lock: "M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zM9 6c0-1.66 1.34-3 3-3s3 1.34 3 3v2H9V6z",
    check: "M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z"
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

  /* el(tag, attrs, children): attrs.text is textContent; attrs.say is a catalogue key (or [key, args]);
   * attrs.sayLabel / sayPlaceholder word aria-label / placeholder; on* add listeners. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (name === "text") node.textContent = value;
      else if (name === "say") say(node, "text", typeof value === "string" ? value : value[0], value[1]);
      else if (name === "sayLabel") say(node, "aria-label", typeof value === "string" ? value : value[0], value[1]);
      else if (name === "sayPlaceholder") say(node, "placeholder", value);
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  var uid = 0;
  function newId(prefix) { uid += 1; return "ustad-" + prefix + "-" + uid; }

  /* ---- the server -------------------------------------------------------------------------------- */
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
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      return response;
    });
  }

  function json(path, options) { return api(path, options).then(function (r) { return r.json(); }); }

  function problem(err) {
    if (err && err.status === 429) return "slowDown";
    return err && err.status === 503 ? "busy" : "failed";  /* 503: shed load, or a store is down */
  }

  function sourceUrl(c) {
    return HOST + "/sources/view?source=" + encodeURIComponent(c.source) +
      (typeof c.section === "string" ? "&section=" + encodeURIComponent(c.section) + "#cited" : "");
  }

  function lessonUrl(lesson) { return HOST + "/sources/view?source=" + encodeURIComponent(lesson); }

  /* A link target from text the server wrote: http(s) anywhere, or a path on the assistant's own origin
   * (the source view); anything else (javascript:, data:, //host) is not a link. */
  function safeHref(raw) {
    if (/[\s\u0000-\u001f]/.test(raw)) return null;
    try {
      if (/^https?:\/\//i.test(raw)) {
        var absolute = new URL(raw);
        return absolute.protocol === "http:" || absolute.protocol === "https:" ? absolute.href : null;
      }
      if (raw.charAt(0) === "/" && raw.charAt(1) !== "/" && raw.charAt(1) !== "\\") {
        var local = new URL(raw, HOST);
        return local.origin === HOST ? local.href : null;
      }
    } catch (e) { /* not a URL */ }
    return null;
  }

  function link(href, children, label) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", "aria-label": label || null, dir: "auto" }, children);
  }

  /* ---- a small, safe markdown reader ------------------------------------------------------------- */
  /* Blocks: paragraphs, fenced code, - and 1. lists, > quotes, # headings (shown as bold lines).
   * Inline: `code`, **bold**, *emphasis*, [text](url), bare http(s) URLs and [n] citation markers. */
  var FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
  var BULLET = /^\s{0,6}[-*•+]\s+(.*)$/;
  var NUMBERED = /^\s{0,6}(\d{1,4})[.)]\s+(.*)$/;
  var HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
  var QUOTE = /^\s{0,3}>\s?(.*)$/;

  function markdown(text, citations) {
    var lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
    var out = document.createDocumentFragment(), i = 0;
    function startsBlock(line) {
      return FENCE.test(line) || BULLET.test(line) || NUMBERED.test(line) || HEADING.test(line) || QUOTE.test(line);
    }
    while (i < lines.length) {
      var line = lines[i], m;
      if (!line.trim()) { i += 1; continue; }
      if ((m = FENCE.exec(line))) {
        var fence = m[1], body = [];
        i += 1;
        while (i < lines.length && !(lines[i].trim().indexOf(fence.charAt(0).repeat(fence.length)) === 0 &&
               /^\s*[`~]+\s*$/.test(lines[i]))) { body.push(lines[i]); i += 1; }
        i += 1;  /* the closing fence (or the end of an answer still streaming) */
        var code = el("code", { text: body.join("\n") });
        if (m[2]) code.setAttribute("data-lang", m[2]);
        out.appendChild(el("pre", { dir: "ltr", tabindex: "0" }, [code]));
        continue;
      }
      if ((m = HEADING.exec(line))) {
        out.appendChild(el("p", { class: "md-h", dir: "auto" }, [el("strong", {}, [inline(m[1], citations)])]));
        i += 1;
        continue;
      }
      if (QUOTE.test(line)) {
        var quoted = [];
        while (i < lines.length && (m = QUOTE.exec(lines[i]))) { quoted.push(m[1]); i += 1; }
        out.appendChild(el("blockquote", { dir: "auto" }, [inline(quoted.join("\n"), citations)]));
        continue;
      }
      if (BULLET.test(line) || NUMBERED.test(line)) {
        var ordered = NUMBERED.test(line) && !BULLET.test(line), pattern = ordered ? NUMBERED : BULLET;
        var list = el(ordered ? "ol" : "ul", { dir: "auto" }), item = null;
        if (ordered) list.setAttribute("start", NUMBERED.exec(line)[1]);
        while (i < lines.length) {
          var current = lines[i];
          if ((m = pattern.exec(current))) {
            item = { text: ordered ? m[2] : m[1] };
            list.appendChild(item.node = el("li", { dir: "auto" }));
            item.node.__text = [item.text];
            i += 1;
          } else if (!current.trim()) {
            var next = i + 1;
            while (next < lines.length && !lines[next].trim()) next += 1;
            if (next < lines.length && pattern.test(lines[next])) { i = next; continue; }
            break;
          } else if (!startsBlock(current) && item) {
            item.node.__text.push(current.trim());  /* a wrapped line of the same item */
            i += 1;
          } else break;
        }
        Array.prototype.forEach.call(list.children, function (li) { li.appendChild(inline(li.__text.join("\n"), citations)); });
        out.appendChild(list);
        continue;
      }
      var para = [];
      while (i < lines.length && lines[i].trim() && !(para.length && startsBlock(lines[i]))) { para.push(lines[i]); i += 1; }
      out.appendChild(el("p", { dir: "auto" }, [inline(para.join("\n"), citations)]));
    }
    return out;
  }

  var INLINE = /`([^`\n]+)`|\*\*([^*\n]+?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|\[(\d{1,2})\]|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"»”])|\*([^*\s](?:[^*\n]*[^*\s])?)\*/g;

  function inline(text, citations) {
    var frag = document.createDocumentFragment(), last = 0, m;
    INLINE.lastIndex = 0;
    function plain(s) {
      s.split("\n").forEach(function (part, n) {
        if (n) frag.appendChild(el("br"));
        if (part) frag.appendChild(document.createTextNode(part));
      });
    }
    var matches = [];
    while ((m = INLINE.exec(text))) matches.push({ m: m, index: m.index, end: INLINE.lastIndex });
    matches.forEach(function (found) {
      var m = found.m;
      plain(text.slice(last, found.index));
      last = found.end;
      if (m[1] !== undefined) frag.appendChild(el("code", { dir: "auto", text: m[1] }));
      else if (m[2] !== undefined) frag.appendChild(el("strong", {}, [inline(m[2], citations)]));
      else if (m[3] !== undefined) {
        var href = safeHref(m[4]);
        frag.appendChild(href ? link(href, [document.createTextNode(m[3])]) : document.createTextNode(m[3]));
      } else if (m[5] !== undefined) {
        var c = (citations || []).filter(function (x) { return String(x.n) === m[5]; })[0];
        if (c && c.source.indexOf("curated/") !== 0) {
          var a = link(sourceUrl(c), [document.createTextNode("[" + m[5] + "]")]);
          say(a, "aria-label", "source", { n: m[5], title: c.title + (c.section ? " — " + c.section : "") });
          a.className = "marker";
          frag.appendChild(a);
        } else frag.appendChild(document.createTextNode(m[0]));
      } else if (m[6] !== undefined) {
        var url = safeHref(m[6]);
        frag.appendChild(url ? link(url, [document.createTextNode(m[6])]) : document.createTextNode(m[6]));
      } else if (m[7] !== undefined) frag.appendChild(el("em", {}, [inline(m[7], citations)]));
    });
    plain(text.slice(last));
    return frag;
  }

  function renderText(node, text, citations) {
    node.textContent = "";
    node.appendChild(markdown(text, citations));
    node.setAttribute("lang", langOf(text));
  }

  /* ---- layout ------------------------------------------------------------------------------------ */
  var hostEl = el("div", { id: "ustad-widget" });
  var root = hostEl.attachShadow({ mode: "open" });
  var launcher = el("button", {
    class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "ustad-panel",
    onclick: function () { toggle(); }
  }, [icon("chat"), data.title ? el("span", { class: "label", text: data.title }) : el("span", { class: "label", say: "title" })]);
  var panel = el("div", { id: "ustad-panel", class: "panel", role: "dialog", "aria-labelledby": "ustad-title", hidden: "" });
  root.appendChild(el("style", { text: CSS() }));
  root.appendChild(launcher);
  root.appendChild(panel);
  (document.body || document.documentElement).appendChild(hostEl);

  var langBtn, langName, tabAsk, tabEx, chatPane, exPane, logEl, historyEl, suggestEl, input, sendBtn, notice;

  function build() {
    var titleEl = data.title ? el("h2", { id: "ustad-title", text: data.title }) : el("h2", { id: "ustad-title", say: "title" });
    langName = el("span", { say: "lang" });
    langBtn = el("button", { type: "button", class: "lang", onclick: function () { switchLang(); } },
      [langName, el("span", { class: "sr" }, [document.createTextNode(" — "), el("span", { say: "langHint" })])]);
    var closeBtn = el("button", { type: "button", class: "close", sayLabel: "close", text: "×", onclick: function () { toggle(false); } });
    tabAsk = el("button", { type: "button", role: "tab", id: "ustad-tab-ask", "aria-controls": "ustad-chat",
      "aria-selected": "true", say: "ask", onclick: function () { showTab("ask"); } });
    tabEx = el("button", { type: "button", role: "tab", id: "ustad-tab-ex", "aria-controls": "ustad-ex",
      "aria-selected": "false", tabindex: "-1", say: "exercises", onclick: function () { showTab("ex"); } });
    var tabs = el("div", { role: "tablist", class: "tabs", sayLabel: "title", onkeydown: tabKeys }, [tabAsk, tabEx]);
    notice = el("div", { class: "notice", role: "alert", hidden: "" });

    historyEl = el("div", { class: "history" });
    logEl = el("div", { class: "log", role: "log", "aria-live": "polite", sayLabel: "title", tabindex: "0" },
      [el("p", { class: "intro", say: "intro" }), historyEl]);
    ["wheel", "touchmove", "keydown"].forEach(function (kind) {
      logEl.addEventListener(kind, function () { if (state.busy) state.userScrolled = true; }, { passive: true });
    });
    suggestEl = el("div", { class: "suggestions", role: "group", sayLabel: "suggestions" });
    input = el("textarea", { rows: "2", sayLabel: "question", sayPlaceholder: "placeholder", dir: "auto",
      maxlength: "4000", onkeydown: function (e) {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
      } });
    sendBtn = el("button", { type: "submit", class: "send", say: "send" });
    var form = el("form", { class: "ask", onsubmit: function (e) { e.preventDefault(); submit(); } }, [input, sendBtn]);
    chatPane = el("div", { id: "ustad-chat", role: "tabpanel", "aria-labelledby": "ustad-tab-ask", class: "pane" },
      [logEl, suggestEl, form]);
    exPane = el("div", { id: "ustad-ex", role: "tabpanel", "aria-labelledby": "ustad-tab-ex", class: "pane", hidden: "" });

    panel.appendChild(el("div", { class: "head" }, [titleEl, langBtn, closeBtn]));
    panel.appendChild(tabs);
    panel.appendChild(notice);
    panel.appendChild(chatPane);
    panel.appendChild(exPane);
    applyLang();
  }

  function applyLang() {
    panel.setAttribute("dir", state.lang === "ur" ? "rtl" : "ltr");
    panel.setAttribute("lang", state.lang);
    launcher.setAttribute("lang", state.lang);
    langName.setAttribute("lang", state.lang === "ur" ? "en" : "ur");
    reword();
    renderSuggestions();
    if (state.blocked) markBlocked();
  }

  function tabKeys(e) {
    var keys = { ArrowLeft: 1, ArrowRight: 1, Home: "ask", End: "ex" };
    if (!keys[e.key]) return;
    e.preventDefault();
    var next = keys[e.key] === 1 ? (root.activeElement === tabAsk ? "ex" : "ask") : keys[e.key];
    showTab(next);
    (next === "ex" ? tabEx : tabAsk).focus();
  }

  function showTab(which, exerciseId) {
    var ask = which === "ask";
    tabAsk.setAttribute("aria-selected", String(ask));
    tabEx.setAttribute("aria-selected", String(!ask));
    tabAsk.setAttribute("tabindex", ask ? "0" : "-1");
    tabEx.setAttribute("tabindex", ask ? "-1" : "0");
    chatPane.hidden = !ask;
    exPane.hidden = ask;
    if (ask) return;
    if (exerciseId) openExercise(exerciseId);
    else loadExercises();
  }

  function toggle(open) {
    var willOpen = open === undefined ? panel.hidden : open;
    panel.hidden = !willOpen;
    launcher.setAttribute("aria-expanded", String(willOpen));
    if (!willOpen) { launcher.focus(); return; }
    if (state.revealOnOpen) { reveal(state.revealOnOpen); state.revealOnOpen = null; }
    if (!chatPane.hidden) input.focus(); else tabEx.focus();
  }

  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.stopPropagation(); toggle(false); } });

  function switchLang() {
    state.lang = state.lang === "ur" ? "en" : "ur";
    store.set("ustad-lang", state.lang);
    applyLang();
    langBtn.focus();
  }

  function markBlocked() {
    state.blocked = true;
    notice.hidden = false;
    say(notice, "text", "blocked");
    input.disabled = true;
    sendBtn.disabled = true;
    suggestEl.textContent = "";
  }

  function renderSuggestions() {
    suggestEl.textContent = "";
    if (state.blocked || historyEl.childNodes.length || logEl.childNodes.length > 2) return;
    var list = state.config && state.config.suggestions ? state.config.suggestions[state.lang] || [] : [];
    list.forEach(function (q) {
      suggestEl.appendChild(el("button", { type: "button", class: "chip", dir: "auto", lang: langOf(q), text: q,
        onclick: function () { input.value = q; submit(); } }));
    });
  }

  /* The start of an exchange stays in view while its answer streams in: the learner reads from the top,
   * and the panel follows the text only until the question reaches the top of the log. */
  function reveal(node) {
    if (panel.hidden) { state.revealOnOpen = node; return; }
    var top = node.getBoundingClientRect().top - logEl.getBoundingClientRect().top + logEl.scrollTop - 8;
    logEl.scrollTop = Math.max(0, Math.min(top, logEl.scrollHeight - logEl.clientHeight));
  }

  /* ---- asking ------------------------------------------------------------------------------------ */
  function submit() {
    var text = input.value.trim();
    if (!text || state.busy || state.blocked) return;
    input.value = "";
    suggestEl.textContent = "";
    ask(text);
  }

  function userMessage(text) {
    return el("div", { class: "msg user" }, [
      el("span", { class: "who", say: "you" }), el("p", { class: "q", dir: "auto", lang: langOf(text), text: text })
    ]);
  }

  function botMessage() {
    var body = el("div", { class: "text", dir: "auto" });
    var bubble = el("div", { class: "msg bot" }, [el("span", { class: "who", say: "assistant" }), body]);
    return { bubble: bubble, body: body };
  }

  function ask(text) {
    state.busy = true;
    state.userScrolled = false;
    sendBtn.disabled = true;
    var question = userMessage(text);
    var bot = botMessage();
    var status = el("p", { class: "status", say: "thinking" });
    bot.bubble.insertBefore(status, bot.body);
    bot.bubble.setAttribute("aria-busy", "true");
    logEl.appendChild(question);
    logEl.appendChild(bot.bubble);
    reveal(question);
    var raw = "", citations = [], pending = false, finished = false;
    function paint() {
      pending = false;
      if (finished) return;
      renderText(bot.body, raw, citations);
      if (!state.userScrolled) reveal(question);
    }
    function send() { return api("/chat/stream", { method: "POST", body: { message: text, session_id: state.sessionId } }); }
    send()
      .catch(function (err) {
        if (err.status === 403 && state.sessionId) { setSession(null); return send(); }  /* not this learner's */
        throw err;
      })
      .then(function (response) {
        return readSSE(response, function (event, payload) {
          if (event === "token") {
            status.remove();
            raw += payload.text;
            if (!pending) { pending = true; requestAnimationFrame(paint); }
          } else if (event === "citations") citations = payload;
          else if (event === "done") { finished = true; status.remove(); finish(bot, payload, citations); }
        });
      })
      .catch(function (err) {
        status.remove();
        say(bot.body, "text", problem(err));
      })
      .then(function () {
        bot.bubble.removeAttribute("aria-busy");
        state.busy = false;
        sendBtn.disabled = state.blocked;
        if (!state.userScrolled) reveal(question);
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

  /* The finished answer: its text, sources, an exercise to open when one was suggested, and feedback. */
  function finish(bot, done, citations) {
    if (done.session_id) setSession(done.session_id);
    renderText(bot.body, done.answer, citations);
    if (done.refused) {
      bot.bubble.classList.add("refused");
      bot.bubble.insertBefore(el("p", { class: "badge", say: "refused" }), bot.body);
    }
    if (citations.length) {
      var list = el("ol", { class: "sources", sayLabel: "sources" });
      citations.forEach(function (c) {
        var item = el("li", { value: String(c.n || "") || null });
        if (c.source.indexOf("curated/") === 0) {
          item.className = "curated";
          item.appendChild(el("span", {}, [icon("check"), el("span", { say: "curated" }), el("bdi", { text: " — " + c.section })]));
        } else {
          item.appendChild(link(sourceUrl(c), [document.createTextNode(c.title + (c.section ? " — " + c.section : ""))]));
        }
        list.appendChild(item);
      });
      bot.bubble.appendChild(el("p", { class: "sources-label", say: "sources" }));
      bot.bubble.appendChild(list);
    }
    if (done.related_question) {  /* asked as written, it gets the trainer's answer */
      var related = done.related_question;
      bot.bubble.appendChild(el("div", { class: "related" }, [
        el("p", { class: "related-label", say: "related" }),
        el("button", { type: "button", class: "chip", dir: "auto", lang: langOf(related), text: related,
          onclick: function () { if (!state.busy) ask(related); } })
      ]));
    }
    if (done.suggested_exercise) {
      var id = done.suggested_exercise;
      bot.bubble.appendChild(el("button", { type: "button", class: "send open-exercise", say: "openExercise",
        onclick: function () { showTab("ex", id); } }));
    }
    if (done.message_id) bot.bubble.appendChild(feedbackBar(done.message_id));
  }

  /* 👍 / 👎; a 👎 opens a comment box, whose text reaches the trainers' question log. */
  function feedbackBar(messageId) {
    var status = el("p", { class: "thanks", role: "status" });
    var form = null;
    function rate(rating, comment) {
      return api("/feedback", { method: "POST", body: { message_id: messageId, rating: rating, comment: comment || null } });
    }
    function pressed(button) {
      up.setAttribute("aria-pressed", String(button === up));
      down.setAttribute("aria-pressed", String(button === down));
    }
    function closeForm() { if (form) { form.remove(); form = null; } }
    function openForm() {
      if (form) return;
      var boxId = newId("comment"), hintId = newId("hint");
      var box = el("textarea", { id: boxId, rows: "3", maxlength: "1000", dir: "auto", "aria-describedby": hintId });
      form = el("form", { class: "comment", onsubmit: function (e) {
        e.preventDefault();
        var comment = box.value.trim();
        if (!comment) { box.focus(); return; }
        sendBtnC.disabled = true;
        rate("down", comment).then(function () {
          closeForm();
          say(status, "text", "commentThanks");
          down.focus();
        }).catch(function (err) { sendBtnC.disabled = false; say(status, "text", problem(err)); });
      } }, [
        el("label", { for: boxId, say: "commentLabel" }), box, el("p", { id: hintId, class: "hint-text", say: "commentHint" })
      ]);
      var sendBtnC = el("button", { type: "submit", class: "secondary", say: "sendComment" });
      form.appendChild(sendBtnC);
      bar.appendChild(form);
      box.focus();
    }
    var up = el("button", { type: "button", class: "rate up", sayLabel: "helpful", "aria-pressed": "false" }, [icon("up")]);
    var down = el("button", { type: "button", class: "rate down", sayLabel: "unhelpful", "aria-pressed": "false" }, [icon("up", true)]);
    up.addEventListener("click", function () {
      rate("up").then(function () { pressed(up); closeForm(); say(status, "text", "thanks"); })
        .catch(function (err) { say(status, "text", problem(err)); });
    });
    down.addEventListener("click", function () {
      rate("down").then(function () { pressed(down); say(status, "text", "thanksDown"); openForm(); })
        .catch(function (err) { say(status, "text", problem(err)); });
    });
    var bar = el("div", { class: "feedback" }, [
      el("div", { class: "rates", role: "group", sayLabel: "rateGroup" }, [up, down]), status
    ]);
    return bar;
  }

  /* ---- coming back: the conversation of this learner, from the server ----------------------------- */
  function restore() {
    var id = store.get(SESSION_KEY);
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return;
    state.sessionId = id;
    json("/sessions/" + encodeURIComponent(id)).then(function (history) {
      var last = null;
      history.messages.forEach(function (m) {
        var question = userMessage(m.question), bot = botMessage();
        historyEl.appendChild(question);
        historyEl.appendChild(bot.bubble);
        finish(bot, { answer: m.answer, refused: m.refused, message_id: m.message_id }, m.citations || []);
        last = question;
      });
      if (last) { suggestEl.textContent = ""; reveal(last); }
    }).catch(function (err) {
      if (err.status === 403 || err.status === 404) { if (state.sessionId === id) setSession(null); }
    });
  }

  /* ---- exercise mode ----------------------------------------------------------------------------- */
  function loadExercises(focusId) {
    exPane.textContent = "";
    exPane.appendChild(el("p", { say: "loading" }));
    var progress = json("/progress").catch(function () { return null; });
    Promise.all([json("/exercises"), progress]).then(function (results) {
      var list = results[0].exercises, mine = results[1];
      var byId = {}, levels = {};
      ((mine && mine.exercises) || []).forEach(function (p) { byId[p.exercise_id] = p; });
      ((mine && mine.levels) || []).forEach(function (lv) { levels[lv.level] = lv; });
      exPane.textContent = "";
      if (mine) exPane.appendChild(el("p", { class: "summary", say: ["completedOf", { completed: mine.completed, total: mine.exercises_total }] }));
      var groups = [];
      list.forEach(function (ex) {
        if (!groups.length || groups[groups.length - 1].level !== ex.level) groups.push({ level: ex.level, items: [] });
        groups[groups.length - 1].items.push(ex);
      });
      var toFocus = null;
      groups.forEach(function (group, n) {
        var lv = levels[group.level], headId = newId("level");
        var block = el("section", { class: "level", "aria-labelledby": headId }, [
          el("h3", { id: headId, say: ["level", { level: group.level }] })
        ]);
        if (lv) {
          block.appendChild(el("p", { class: "level-state" }, [el("span", { say: ["levelDone", { completed: lv.completed, total: lv.exercises }] })]));
          if (!lv.unlocked) {
            var previous = n > 0 ? groups[n - 1].level : group.level - 1, before = levels[previous];
            var needed = before ? before.needed_to_unlock_next : 0;
            block.classList.add("locked");
            block.appendChild(el("p", { class: "lock" }, [icon("lock"), el("span", {
              say: [needed === 1 ? "lockedOne" : "locked", { needed: needed, previous: previous }] })]));
          }
        }
        var ul = el("ul", { class: "exercises" });
        group.items.forEach(function (ex) {
          var p = byId[ex.id], status;
          if (p && p.completed) status = el("span", { class: "state done" }, [icon("check"), el("span", { say: ["statusDone", { best: of100(p.best_score) }] })]);
          else if (p && p.attempts) status = el("span", { class: "state tried", say: ["statusTried", { best: of100(p.best_score) }] });
          else status = el("span", { class: "state", say: "statusNew" });
          var button = el("button", { type: "button", class: "exercise", "data-id": ex.id, onclick: function () { openExercise(ex.id); } },
            [el("span", { class: "ex-title", lang: "en", dir: "auto", text: ex.title }), status]);
          if (ex.id === focusId) toFocus = button;
          ul.appendChild(el("li", {}, [button]));
        });
        block.appendChild(ul);
        exPane.appendChild(block);
      });
      if (toFocus) { toFocus.focus(); toFocus.scrollIntoView({ block: "nearest" }); }
    }).catch(function (err) { exPane.textContent = ""; exPane.appendChild(el("p", { say: problem(err) })); });
  }

  function section(key, content) {
    return [el("h4", { say: key }), content];
  }

  function englishBlock(tag, text, attrs) {
    var node = el(tag, attrs || {});
    node.setAttribute("lang", "en");
    node.setAttribute("dir", "ltr");
    if (tag === "pre") node.textContent = text;
    else node.appendChild(markdown(text, []));
    return node;
  }

  function lessonLink(lesson, title) {
    var name = title || lesson.replace(/^.*\//, "").replace(/\.md$/, "").replace(/^\d+-/, "").replace(/-/g, " ");
    return link(lessonUrl(lesson), [el("span", { say: ["lesson", { title: name }] })]);
  }

  function openExercise(id) {
    exPane.textContent = "";
    exPane.appendChild(el("p", { say: "loading" }));
    exPane.scrollTop = 0;
    json("/exercises/" + encodeURIComponent(id)).then(function (ex) {
      var titles = {};
      ex.rubric.forEach(function (c) { titles[c.lesson] = c.lesson_title; });
      var hintsShown = 0;
      var hints = el("ol", { class: "hints", lang: "en", dir: "ltr" });
      var result = el("div", { class: "result" });
      var promptId = newId("prompt");
      var prompt = el("textarea", { id: promptId, rows: "7", maxlength: "8000", dir: "auto" });
      var submitBtn = el("button", { type: "submit", class: "send", say: "submit" });
      var hintBtn = el("button", { type: "button", class: "secondary", say: "hint" });
      var hintCount = el("span", { class: "muted", say: ["hintsLeft", { used: 0, total: ex.hints_available }] });
      hintBtn.addEventListener("click", function () {
        if (hintsShown >= ex.hints_available) return;
        hintsShown += 1;
        var n = hintsShown;
        json("/exercises/" + encodeURIComponent(id) + "/hints/" + n).then(function (h) {
          hints.appendChild(el("li", { text: h.text }));
          say(hintCount, "text", "hintsLeft", { used: n, total: ex.hints_available });
        }).catch(function (err) { hints.appendChild(el("li", { say: problem(err) })); });
        if (hintsShown >= ex.hints_available) hintBtn.disabled = true;
      });
      var form = el("form", { class: "attempt", onsubmit: function (e) {
        e.preventDefault();
        if (!prompt.value.trim()) { prompt.focus(); return; }
        submitBtn.disabled = true;
        result.textContent = "";
        result.appendChild(el("p", { role: "status", say: "loading" }));
        json("/exercises/" + encodeURIComponent(id) + "/attempts", { method: "POST", body: { prompt: prompt.value, language: state.lang } })
          .then(function (graded) { showGrade(result, graded, titles); })
          .catch(function (err) { result.textContent = ""; result.appendChild(el("p", { role: "alert", say: problem(err) })); })
          .then(function () { submitBtn.disabled = false; });
      } }, [el("label", { for: promptId, say: "yourPrompt" }), prompt,
        el("div", { class: "row" }, [submitBtn, hintBtn, hintCount])]);

      var rubric = el("ul", { class: "rubric" });
      ex.rubric.forEach(function (c) {
        rubric.appendChild(el("li", {}, [
          el("span", { lang: "en", dir: "auto", text: c.criterion }), document.createTextNode(" "),
          el("span", { class: "muted", say: ["weight", { weight: c.weight }] }), el("br"),
          lessonLink(c.lesson, c.lesson_title)
        ]));
      });
      var heading = el("h3", { tabindex: "-1", lang: "en", dir: "auto", text: ex.title });
      exPane.textContent = "";
      exPane.appendChild(el("button", { type: "button", class: "secondary back", onclick: function () { loadExercises(id); } },
        [el("span", { "aria-hidden": "true", class: "arrow" }), el("span", { say: "back" })]));
      exPane.appendChild(heading);
      exPane.appendChild(el("p", { class: "muted", say: ["level", { level: ex.level }] }));
      var note = el("p", { class: "note", say: "englishOnly" });
      exPane.appendChild(note);
      section("scenario", englishBlock("div", ex.scenario, { class: "scenario" })).forEach(function (n) { exPane.appendChild(n); });
      section("task", englishBlock("div", ex.task, { class: "task" })).forEach(function (n) { exPane.appendChild(n); });
      if (ex.sample_input) {
        var sampleHead = el("h4", { id: newId("sample"), say: "sampleInput" });
        exPane.appendChild(sampleHead);
        exPane.appendChild(englishBlock("pre", ex.sample_input, { class: "sample", tabindex: "0", role: "region", "aria-labelledby": sampleHead.id }));
      }
      exPane.appendChild(el("details", { class: "rubric-box" }, [el("summary", { say: "rubric" }), rubric]));
      exPane.appendChild(form);
      exPane.appendChild(hints);
      exPane.appendChild(result);
      heading.focus();
    }).catch(function (err) { exPane.textContent = ""; exPane.appendChild(el("p", { say: problem(err) })); });
  }

  function showGrade(result, graded, titles) {
    result.textContent = "";
    var score = el("h4", { class: "score", tabindex: "-1", say: ["score", { score: of100(graded.score) }] });
    result.appendChild(score);
    var notes = graded.flag_notes || [];
    if (notes.length) {
      var capped = graded.rubric_points > graded.score;
      result.appendChild(el("p", { class: "cap", say: capped ? ["capped", { score: of100(graded.score), points: of100(graded.rubric_points) }] : "notes" }));
      var ul = el("ul", { class: "flags" }), seen = {};
      (graded.flag_details || []).forEach(function (d) { seen[d.flag] = d; });
      notes.forEach(function (text, i) {  /* one note per flag, in the order of `flags` */
        var d = seen[graded.flags[i]];
        ul.appendChild(el("li", {}, [
          el("span", { dir: "auto", lang: langOf(text), text: text }),
          d && d.detail ? el("span", { class: "detail", lang: "en", dir: "auto", text: d.detail }) : null,
          d && d.lesson ? lessonLink(d.lesson, titles[d.lesson]) : null
        ]));
      });
      result.appendChild(ul);
    }
    result.appendChild(el("p", { class: "muted", say: ["attempt", { attempt: graded.attempt_number, best: of100(graded.best_score) }] }));
    if (graded.completed) result.appendChild(el("p", { class: "passed" }, [icon("check"), el("span", { say: "passed" })]));
    result.appendChild(el("p", { class: "sources-label", say: "criteria" }));
    var list = el("ul", { class: "criteria" });
    graded.criteria.forEach(function (c) {
      var mark = c.status === "pass" ? "✔" : c.status === "partial" ? "◐" : "✗";
      list.appendChild(el("li", { class: "criterion " + c.status }, [
        el("span", { class: "mark", "aria-hidden": "true", text: mark + " " }),
        el("strong", { say: c.status }), document.createTextNode(": "),
        el("span", { lang: "en", dir: "auto", text: c.criterion }),
        el("span", { class: "feedback-text", lang: "en", dir: "auto", text: c.feedback }),
        lessonLink(c.lesson, titles[c.lesson])
      ]));
    });
    result.appendChild(list);
    if (graded.next_hint) {
      result.appendChild(el("p", { class: "sources-label", say: "nextHint" }));
      result.appendChild(el("p", { class: "hint", lang: "en", dir: "auto", text: graded.next_hint.text }));
    }
    if (graded.model_answer) {
      var modelHead = el("p", { class: "sources-label", id: newId("model"), say: "modelAnswer" });
      result.appendChild(modelHead);
      result.appendChild(englishBlock("pre", graded.model_answer, { class: "model", tabindex: "0", role: "region", "aria-labelledby": modelHead.id }));
    }
    if (graded.completed && graded.next_exercise_id && graded.next_exercise_id !== graded.exercise_id) {
      var next = graded.next_exercise_id;
      result.appendChild(el("button", { type: "button", class: "send", say: "nextExercise", onclick: function () { openExercise(next); } }));
    }
    score.focus({ preventScroll: true });
    exPane.scrollTop += score.getBoundingClientRect().top - exPane.getBoundingClientRect().top - 8;  /* the score at the top */
  }

  /* ---- start ------------------------------------------------------------------------------------- */
  build();
  api("/config", { anonymous: true }).then(function (r) { return r.json(); }).then(function (config) {
    state.config = config;
    renderSuggestions();
    restore();
  }).catch(function (err) {
    if (err.status === 403) markBlocked();  /* the one call a refused page can read: say why */
  });
  if (data.open === "true") toggle(true);

  function CSS() {
    return [
      ":host{all:initial}",
      "*{box-sizing:border-box}",
      ".launcher,.panel{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Nastaliq Urdu','Jameel Noto Nastaleeq',sans-serif;color:#1b1f23}",
      ".launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;display:flex;gap:8px;align-items:center;border:0;border-radius:28px;padding:12px 18px;background:#0b5e4a;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;font-weight:600;max-width:calc(100vw - 28px)}",
      ".launcher:focus-visible,button:focus-visible,textarea:focus-visible,a:focus-visible,summary:focus-visible,pre:focus-visible,[tabindex='-1']:focus-visible{outline:3px solid #b35c00;outline-offset:2px}",
      ".panel{position:fixed;bottom:84px;right:20px;z-index:2147483001;width:400px;max-width:calc(100vw - 24px);height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}",
      ".panel[hidden]{display:none}",
      ".panel[dir=rtl]{font-size:16px;line-height:1.9}",
      ".panel[dir=rtl] [lang=en]{font-size:15px;line-height:1.5}",
      ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}",
      ".head{display:flex;align-items:center;gap:8px;padding:10px 14px;background:#0b5e4a;color:#fff}",
      ".head h2{flex:1;margin:0;font-size:16px}",
      ".head button{background:transparent;border:1px solid #fff;color:#fff;border-radius:6px;padding:2px 10px;cursor:pointer;font:inherit;min-height:32px;min-width:32px}",
      ".head button:focus-visible{outline-color:#ffd166}",
      ".tabs{display:flex;border-bottom:1px solid #dde3e1}",
      ".tabs button{flex:1;border:0;background:#f4f7f6;padding:8px;cursor:pointer;font:inherit;color:#1b1f23}",
      ".tabs button[aria-selected=true]{background:#fff;border-bottom:3px solid #0b5e4a;font-weight:600}",
      ".notice{margin:10px;padding:10px;border-radius:8px;background:#fdecea;color:#8a1c12}",
      ".notice[hidden]{display:none}",
      ".pane{flex:1;display:flex;flex-direction:column;min-height:0;overflow:auto}",
      ".pane[hidden]{display:none}",
      ".log{flex:1;overflow-y:auto;padding:12px;overscroll-behavior:contain}",
      ".log:focus-visible{outline:3px solid #b35c00;outline-offset:-3px}",
      ".intro{color:#4a4f55;margin:0 0 8px}",
      ".msg{margin:8px 0;padding:8px 10px;border-radius:10px;overflow-wrap:anywhere}",
      ".msg p,.msg ul,.msg ol,.msg blockquote{margin:4px 0}",
      ".msg ul,.msg ol{padding-inline-start:22px}",
      ".msg li{margin:2px 0}",
      ".msg .q{white-space:pre-wrap}",
      ".text,.q,[dir=auto]{unicode-bidi:isolate}",
      ".msg.user{background:#e7f2ef;margin-inline-start:40px}",
      ".msg.bot{background:#f5f5f5;margin-inline-end:16px}",
      ".msg.refused{background:#fff6e0}",
      ".badge{display:inline-block;font-size:12px;font-weight:600;color:#6b4100;background:#ffe8b3;border-radius:10px;padding:0 8px}",
      ".who{display:block;font-size:12px;color:#4a4f55;font-weight:600}",
      ".status{color:#4a4f55;font-style:italic}",
      "pre{background:#1f2a27;color:#f3f6f5;padding:8px 10px;border-radius:6px;overflow-x:auto;white-space:pre;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:6px 0;direction:ltr;text-align:left}",
      "code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#e6ebea;border-radius:4px;padding:0 3px}",
      "pre code{background:none;padding:0;font:inherit;color:inherit}",
      "blockquote{border-inline-start:3px solid #9fb3ad;padding-inline-start:8px;color:#333}",
      ".md-h{margin-top:8px!important}",
      "a{color:#0b5e4a}",
      "a.marker{text-decoration:none;font-size:.9em}",
      "a.marker:hover{text-decoration:underline}",
      ".sources-label{font-size:12px;font-weight:600;margin:8px 0 0!important;color:#3d4245}",
      ".sources{margin:2px 0;padding-inline-start:22px;font-size:13px}",
      ".curated{color:#0b5e4a;font-weight:600}",
      ".curated svg,.passed svg,.state svg,.lock svg{vertical-align:-3px;margin-inline-end:4px}",
      ".open-exercise{margin-top:8px}",
      ".related{margin-top:8px}.related-label{margin:0 0 4px;font-size:13px;color:#444}",
      ".feedback{margin-top:6px}",
      ".rates{display:flex;gap:6px;align-items:center}",
      ".rate{display:inline-flex;border:1px solid #6f7c78;background:#fff;color:#2f3835;border-radius:6px;cursor:pointer;padding:4px 10px;min-height:32px;min-width:40px;align-items:center;justify-content:center}",
      ".rate[aria-pressed=true]{background:#0b5e4a;border-color:#0b5e4a;color:#fff}",
      ".thanks{font-size:13px;color:#3d4245;margin:4px 0 0}",
      ".thanks:empty{display:none}",
      ".comment{display:flex;flex-direction:column;gap:4px;margin-top:6px}",
      ".comment label{font-size:13px;font-weight:600}",
      ".hint-text{font-size:12px;color:#4a4f55;margin:0}",
      ".comment .secondary{align-self:flex-start}",
      ".suggestions{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}",
      ".chip{border:1px solid #0b5e4a;color:#0b5e4a;background:#fff;border-radius:16px;padding:4px 10px;cursor:pointer;font:inherit;font-size:13px;text-align:start}",
      ".ask{display:flex;gap:8px;padding:10px;border-top:1px solid #dde3e1}",
      "textarea{flex:1;resize:vertical;border:1px solid #6f7c78;border-radius:8px;padding:8px;font:inherit;width:100%;color:#1b1f23;background:#fff}",
      ".ask textarea{resize:none}",
      "textarea::placeholder{color:#5f6b67}",
      ".send{border:0;background:#0b5e4a;color:#fff;border-radius:8px;padding:8px 14px;cursor:pointer;font:inherit;font-weight:600}",
      ".send:disabled{opacity:.55;cursor:default}",
      ".secondary{border:1px solid #6f7c78;background:#fff;color:#1b1f23;border-radius:8px;padding:6px 10px;cursor:pointer;font:inherit}",
      ".secondary:disabled{opacity:.55;cursor:default}",
      ".back{align-self:flex-start}",
      ".back .arrow::before{content:'←';margin-inline-end:6px}",
      ".panel[dir=rtl] .back .arrow::before{content:'→'}",
      "#ustad-ex{padding:12px}",
      "#ustad-ex>*{flex-shrink:0}",
      "#ustad-ex h3{margin:10px 0 0;font-size:17px}",
      "#ustad-ex h3:focus{outline:none}",
      "#ustad-ex h4{margin:12px 0 2px;font-size:14px}",
      "#ustad-ex .level h3{font-size:15px}",
      ".summary{margin:0 0 6px;font-weight:600}",
      ".level-state,.lock{margin:2px 0;font-size:13px;color:#3d4245}",
      ".lock{color:#6b4100}",
      ".exercises{list-style:none;margin:0;padding:0}",
      ".exercise{display:flex;flex-direction:column;gap:2px;width:100%;text-align:start;margin:4px 0;padding:8px;border:1px solid #c5cfcc;border-radius:8px;background:#fff;cursor:pointer;font:inherit;color:#1b1f23}",
      ".locked .exercise{background:#f7f7f5}",
      ".state{font-size:13px;color:#4a4f55}",
      ".state.done{color:#0b5e4a;font-weight:600}",
      ".muted{color:#4a4f55;font-size:13px}",
      ".note:empty{display:none}",
      ".note{background:#eef5f3;border-radius:6px;padding:6px 8px;font-size:14px}",
      ".scenario p,.task p{margin:4px 0}",
      ".sample{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f5f4;color:#1b1f23;border:1px solid #d5dcda;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}",
      ".rubric-box{margin:10px 0;border:1px solid #dde3e1;border-radius:8px;padding:6px 10px}",
      ".rubric-box summary{cursor:pointer;font-weight:600}",
      ".rubric{margin:6px 0;padding-inline-start:18px;font-size:14px}",
      ".rubric li,.criteria li{margin:6px 0}",
      ".attempt{display:flex;flex-direction:column;gap:6px;margin-top:10px}",
      ".attempt label{font-weight:600}",
      ".row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}",
      ".hints{font-size:14px}",
      ".criteria{list-style:none;margin:4px 0;padding:0}",
      ".criterion .feedback-text{display:block;color:#333}",
      ".panel[dir=rtl] .criterion>span[lang=en]{display:block}",
      ".criterion a{display:inline-block;font-size:13px}",
      ".criterion.pass .mark,.criterion.pass strong{color:#0b5e4a}.criterion.fail .mark,.criterion.fail strong,.criterion.partial .mark,.criterion.partial strong{color:#8a4b00}",
      ".score{font-size:18px!important;margin-top:14px!important}",
      ".score:focus{outline:none}",
      ".cap{font-weight:600;color:#6b4100;margin:4px 0}",
      ".flags{margin:2px 0 6px;padding-inline-start:20px}",
      ".flags .detail{display:block;color:#3d4245;font-size:13px}",
      ".flags a{display:inline-block;font-size:13px}",
      ".passed{color:#0b5e4a;font-weight:600}",
      ".model{white-space:pre-wrap;background:#f3f5f4;color:#1b1f23;border:1px solid #d5dcda}",
      "@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;border-radius:0;bottom:0;right:0}.launcher .label{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.launcher{bottom:14px;right:14px;padding:14px}}",
      "@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}.launcher:hover{transform:scale(1.04)}}"
    ].join("\n");
  }
})();
