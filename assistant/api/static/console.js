/* Ustad trainer console. Plain JS, served with a strict CSP; every value from the log is placed with
 * textContent (a learner's "<script>" stays text). State-changing calls send the session's CSRF token.
 * Each tab keeps its own filters (a filter set on the log does not empty the knowledge gaps), shown as
 * chips that clear one at a time. */
(function () {
  "use strict";
  var app = document.getElementById("app");
  var toastEl = document.getElementById("toast");
  var me = null;
  var tab = "log";
  var offset = 0;
  var PAGE = 50;
  var SVG = "http://www.w3.org/2000/svg";
  var CHANNELS = { web: "Widget", api: "API", telegram: "Telegram", cli: "Terminal" };
  var filters = { log: {}, queue: {}, gaps: { start: daysAgo(6) }, charts: {} };

  /* what each tab filters on, and how a filter reads on its chip */
  var FIELDS = {
    log: ["start", "end", "channel", "cohort", "learner", "doc_type", "status", "rating", "q"],
    queue: ["start", "end", "channel", "cohort", "learner", "reason", "q"],
    gaps: ["start", "end", "channel", "cohort", "reason"],
    charts: ["start", "end", "channel", "cohort", "learner"]
  };
  var NAMES = { start: "From", end: "To", channel: "Channel", cohort: "Cohort", learner: "Learner", doc_type: "Document type",
    status: "Result", rating: "Feedback", q: "Question contains", reason: "Waiting because" };
  var CHOICES = {
    doc_type: [["course", "course"], ["policy", "policy"], ["curated", "curated"]],
    status: [["answered", "answered"], ["refused", "refused / unanswered"], ["missed", "possibly missed"]],
    rating: [["down", "not helpful"], ["up", "helpful"], ["none", "no feedback"]],
    reason: [["refused", "unanswered"], ["disliked", "disliked"], ["weak", "weak evidence"]]
  };

  function daysAgo(n) {
    var d = new Date(Date.now() - n * 86400000);
    return d.toISOString().slice(0, 10);
  }

  function plural(n, word, many) { return n + " " + (n === 1 ? word : (many || word + "s")); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function toast(text) {
    toastEl.textContent = text;
    toastEl.hidden = false;
    setTimeout(function () { toastEl.hidden = true; }, 4000);
  }

  function call(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
    if (options.body) headers["Content-Type"] = "application/json";
    if (me && me.csrf && options.method && options.method !== "GET") headers["X-CSRF-Token"] = me.csrf;
    return fetch("/trainer/api" + path, {
      method: options.method || "GET", headers: headers, credentials: "same-origin",
      body: options.body ? JSON.stringify(options.body) : undefined
    }).then(function (r) {
      if (r.status === 401 && path !== "/login") { me = null; renderLogin(); throw new Error("signed out"); }
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : ("HTTP " + r.status));
        return data;
      });
    });
  }

  function query(extra, which) {
    var params = new URLSearchParams();
    var current = filters[which || tab] || {};
    Object.keys(current).forEach(function (k) { if (current[k]) params.set(k, current[k]); });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }

  function fmtTime(iso) { return iso ? iso.replace("T", " ").slice(0, 16) : ""; }
  function channelLabel(code) { return CHANNELS[code] || code; }

  /* ---- sign in --------------------------------------------------------------------------------- */
  function renderLogin(message) {
    document.getElementById("logout").hidden = true;
    document.getElementById("whoami").textContent = "";
    var error = el("p", { class: "error", role: "alert", text: message || "" });
    var user = el("input", { id: "username", name: "username", autocomplete: "username", required: true });
    var pass = el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
    var form = el("form", { class: "login", "aria-labelledby": "login-title", onsubmit: function (e) {
      e.preventDefault();
      call("/login", { method: "POST", body: { username: user.value, password: pass.value } })
        .then(function (data) { me = data; return call("/me"); })
        .then(function (data) { me = data; start(); })
        .catch(function (err) { error.textContent = err.message; pass.value = ""; pass.focus(); });
    } }, [
      el("h2", { id: "login-title", text: "Sign in" }),
      el("label", { for: "username", text: "Username" }), user,
      el("label", { for: "password", text: "Password" }), pass,
      el("button", { type: "submit", class: "primary", text: "Sign in" }), error,
      el("p", { class: "muted", text: "No account yet? An administrator creates one with: assistant users add NAME --role trainer" })
    ]);
    app.textContent = "";
    app.appendChild(form);
    user.focus();
  }

  function start() {
    if (me.channels && Object.keys(me.channels).length) CHANNELS = me.channels;
    document.getElementById("whoami").textContent = me.username + " (" + me.role + (me.cohort ? ", cohort " + me.cohort : "") + ")";
    var logout = document.getElementById("logout");
    logout.hidden = false;
    logout.onclick = function () { call("/logout", { method: "POST" }).then(function () { me = null; renderLogin(); }); };
    render();
  }

  /* ---- frame: tabs and filters ----------------------------------------------------------------- */
  var TABS = [["log", "Question log"], ["queue", "Unanswered & disliked"], ["gaps", "Knowledge gaps"],
    ["charts", "Charts"], ["progress", "Exercise progress"], ["curated", "Curated answers"], ["audit", "Audit log"]];

  function show(which) { tab = which; offset = 0; render(); }

  function render() {
    app.textContent = "";
    var nav = el("nav", { class: "tabs", role: "tablist", "aria-label": "Console sections" });
    TABS.forEach(function (t) {
      if (t[0] === "audit" && me.role !== "admin") return;
      nav.appendChild(el("button", { type: "button", role: "tab", id: "tab-" + t[0], "aria-selected": String(tab === t[0]),
        text: t[1], onclick: function () { show(t[0]); } }));
    });
    app.appendChild(nav);
    var body = el("section", { role: "tabpanel", "aria-labelledby": "tab-" + tab });
    app.appendChild(body);
    if (FIELDS[tab]) { body.appendChild(filterBar()); body.appendChild(chips()); }
    var view = el("div", { id: "view" });
    body.appendChild(view);
    ({ log: showLog, queue: showQueue, gaps: showGaps, charts: showCharts, progress: showProgress,
      curated: showCurated, audit: showAudit })[tab](view);
  }

  function choicesOf(name) {
    if (name === "channel") return Object.keys(CHANNELS).map(function (k) { return [k, CHANNELS[k]]; });
    if (name === "cohort") return (me.cohorts || []).map(function (c) { return [c, c]; });
    return CHOICES[name];
  }

  function valueLabel(name, value) {
    var options = choicesOf(name);
    var found = options && options.filter(function (o) { return o[0] === value; })[0];
    return found ? found[1] : value;
  }

  function field(name) {
    var current = filters[tab][name] || "";
    var id = "f-" + name;
    var options = choicesOf(name);
    var control;
    if (options) {
      control = el("select", { name: name, id: id });
      [["", "any"]].concat(options).forEach(function (o) {
        control.appendChild(el("option", { value: o[0], text: o[1], selected: current === o[0] }));
      });
    } else {
      var type = name === "start" || name === "end" ? "date" : "text";
      control = el("input", { name: name, id: id, type: type, value: current,
        placeholder: name === "learner" ? (me.role === "admin" ? "learner #12 or a name" : "learner #12") : null });
    }
    var label = name === "status" ? "Status" : NAMES[name];
    return el("label", { for: id }, [label, control]);
  }

  function filterBar() {
    var form = el("form", { class: "filters", "aria-label": "Filters for this tab", onsubmit: function (e) {
      e.preventDefault();
      var next = {};
      new FormData(form).forEach(function (v, k) { if (String(v).trim()) next[k] = String(v).trim(); });
      filters[tab] = next;
      offset = 0;
      render();
    } }, FIELDS[tab].map(field).concat([
      el("button", { type: "submit", class: "primary", text: "Apply" }),
      el("button", { type: "button", class: "secondary", text: "Clear", onclick: function () { filters[tab] = {}; offset = 0; render(); } })
    ]));
    if (tab === "log") form.appendChild(el("a", { class: "secondary", id: "export-csv", href: "/trainer/api/messages.csv?" + query(),
      download: "ustad-questions.csv", text: "Export CSV" }));
    return form;
  }

  function chips() {
    var current = filters[tab];
    var keys = Object.keys(current).filter(function (k) { return current[k]; });
    var box = el("div", { class: "chips", id: "active-filters", "aria-label": "Filters in use on this tab" });
    if (!keys.length) { box.appendChild(el("span", { class: "muted", text: "No filters: everything in your view." })); return box; }
    box.appendChild(el("span", { class: "muted", text: "Showing only:" }));
    keys.forEach(function (k) {
      var text = NAMES[k] + ": " + valueLabel(k, current[k]);
      box.appendChild(el("span", { class: "chip" }, [text, el("button", { type: "button", class: "chip-clear",
        "aria-label": "Clear " + text, text: "×", onclick: function () { delete filters[tab][k]; offset = 0; render(); } })]));
    });
    if (keys.length > 1) box.appendChild(el("button", { type: "button", class: "link", text: "Clear all",
      onclick: function () { filters[tab] = {}; offset = 0; render(); } }));
    return box;
  }

  /* ---- question log ---------------------------------------------------------------------------- */
  function findLearner(ref) { filters.log = { learner: ref }; show("log"); }

  function learnerCell(r) {
    if (!r.learner) return el("td", { text: "anonymous" });
    return el("td", {}, [el("button", { type: "button", class: "link learner", title: "All questions of " + r.learner_ref,
      text: r.learner, onclick: function (e) { e.stopPropagation(); findLearner(r.learner_ref); } })]);
  }

  function resultBadges(r) {
    var cell = el("td", {}, [el("span", { class: "badge " + r.result, text: r.result })]);
    if (r.possibly_missed && r.possibly_missed.length) {
      cell.appendChild(el("span", { class: "badge missed", title: "Possibly missed: " + r.possibly_missed.join(", ") +
        (r.p_answerable !== null && r.p_answerable !== undefined ? " (evidence " + Math.round(r.p_answerable * 100) + "%)" : ""),
        text: "possibly missed" }));
    }
    return cell;
  }

  function rowsTable(rows, withAction) {
    var table = el("table", { class: "log" }, [el("thead", {}, [el("tr", {}, ["Time", "Channel", "Learner", "Cohort", "Question", "Result", "Feedback", ""]
      .map(function (h) { return el("th", { scope: "col", text: h }); }))])]);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      var rating = el("td", {}, [r.rating ? el("span", { class: "badge " + r.rating, text: r.rating === "down" ? "not helpful" : "helpful" }) : null,
        r.comment ? el("span", { class: "muted", text: " " + r.comment }) : null]);
      var action = el("td", { class: "actions" });
      action.appendChild(el("button", { type: "button", class: "secondary", text: "View", onclick: function (e) { e.stopPropagation(); showConversation(r.session_id); } }));
      if (withAction) action.appendChild(el("button", { type: "button", class: "primary write-answer", text: "Write answer",
        onclick: function (e) { e.stopPropagation(); editor(r); } }));
      tbody.appendChild(el("tr", { class: "clickable" + (r.possibly_missed && r.possibly_missed.length ? " flagged" : ""), "data-id": r.id,
        onclick: function () { showConversation(r.session_id); } }, [
        el("td", { text: fmtTime(r.created_at) }), el("td", { text: r.channel_label || channelLabel(r.channel) }), learnerCell(r),
        el("td", { text: r.cohort || "" }), el("td", { class: "question", dir: "auto", text: r.question }), resultBadges(r), rating, action
      ]));
    });
    table.appendChild(tbody);
    return table;
  }

  function pager(total, reload, noun) {
    return el("div", { class: "pager" }, [
      el("span", { id: "total", text: plural(total, noun || "message") }),
      el("button", { type: "button", class: "secondary", text: "← Newer", disabled: offset === 0, onclick: function () { offset = Math.max(0, offset - PAGE); reload(); } }),
      el("span", { class: "muted", text: total ? (offset + 1) + "–" + Math.min(total, offset + PAGE) : "" }),
      el("button", { type: "button", class: "secondary", text: "Older →", disabled: offset + PAGE >= total, onclick: function () { offset += PAGE; reload(); } })
    ]);
  }

  function showLog(view) {
    view.textContent = "Loading…";
    call("/messages?" + query({ limit: PAGE, offset: offset })).then(function (page) {
      view.textContent = "";
      view.appendChild(pager(page.total, function () { showLog(view); }));
      view.appendChild(el("div", { id: "detail" }));
      if (!page.rows.length) view.appendChild(el("p", { class: "empty", text: "No questions in this view." }));
      else view.appendChild(rowsTable(page.rows, false));
    }).catch(function (e) { view.textContent = e.message; });
  }

  function showQueue(view) {
    view.textContent = "Loading…";
    call("/queue?" + query({ limit: PAGE, offset: offset })).then(function (page) {
      view.textContent = "";
      view.appendChild(el("p", { class: "muted", text: "Refused, disliked and possibly missed answers (given on weak evidence) that have no curated answer yet. Write the right answer; matching questions on every channel will get it." }));
      view.appendChild(pager(page.total, function () { showQueue(view); }, "question"));
      view.appendChild(el("div", { id: "detail" }));
      if (!page.rows.length) view.appendChild(el("p", { class: "empty", text: "Nothing waiting in this view." }));
      else view.appendChild(rowsTable(page.rows, true));
    }).catch(function (e) { view.textContent = e.message; });
  }

  function detailBox() {
    var box = document.getElementById("detail");
    if (!box) { box = el("div", { id: "detail" }); document.getElementById("view").prepend(box); }
    box.textContent = "";
    return box;
  }

  function showConversation(sessionId) {
    var box = detailBox();
    call("/conversations/" + encodeURIComponent(sessionId)).then(function (conv) {
      var first = conv.messages[0] || {};
      var head = [el("h2", { text: "Conversation " + sessionId.slice(0, 8) + (first.learner ? " · " + first.learner : "") })];
      if (first.learner_ref) head.push(el("button", { type: "button", class: "secondary", text: "All questions of " + first.learner_ref,
        onclick: function () { findLearner(first.learner_ref); } }));
      head.push(el("button", { type: "button", class: "secondary", text: "Close", onclick: function () { box.textContent = ""; } }));
      var panel = el("div", { class: "panel conversation", role: "region", "aria-label": "Conversation" }, head);
      conv.messages.forEach(function (m) {
        var cites = el("ol", { class: "citations" });
        (m.citations || []).forEach(function (c) {
          var li = el("li");
          if (String(c.source).indexOf("curated/") === 0) li.appendChild(el("span", { text: c.title + " — " + c.section }));
          else li.appendChild(el("a", { href: "/sources/view?source=" + encodeURIComponent(c.source) + "&section=" + encodeURIComponent(c.section || "") + "#cited",
            target: "_blank", rel: "noopener", text: c.title + (c.section ? " — " + c.section : "") }));
          cites.appendChild(li);
        });
        var flags = (m.possibly_missed || []).length ? " · possibly missed (" + m.possibly_missed.join(", ") + ")" : "";
        panel.appendChild(el("div", { class: "turn" + (flags ? " flagged" : "") }, [
          el("p", { class: "muted", text: fmtTime(m.created_at) + " · " + (m.learner || "anonymous") + " · " + (m.channel_label || channelLabel(m.channel)) +
            " · " + m.result + flags + (m.rating ? " · " + (m.rating === "down" ? "not helpful" : "helpful") : "") }),
          el("p", { class: "q", dir: "auto", text: m.question }), el("p", { class: "a", dir: "auto", text: m.answer }), cites,
          el("button", { type: "button", class: "secondary", text: "Write curated answer", onclick: function () { editor(m); } })
        ]));
      });
      box.appendChild(panel);
      panel.scrollIntoView({ block: "nearest" });
    }).catch(function (e) { box.textContent = e.message; });
  }

  /* The editor: one question (a row) or a whole knowledge gap (its wordings, all its messages). */
  function editor(row, gap) {
    var box = detailBox();
    var q = el("input", { id: "curated-question", value: gap ? gap.label : row.question, "aria-label": "Question" });
    var a = el("textarea", { id: "curated-answer", "aria-label": "Corrected answer" });
    a.value = gap || row.refused ? "" : row.answer;
    var wordings = el("fieldset", { class: "wordings" });
    if (gap) {
      wordings.appendChild(el("legend", { text: "Give this answer to these wordings too (" + plural(gap.questions, "question") + " from " + plural(gap.learners, "learner") + ")" }));
      gap.examples.slice(1).forEach(function (text, i) {
        var id = "wording-" + i;
        wordings.appendChild(el("div", {}, [el("input", { type: "checkbox", id: id, checked: true, "data-text": text }), " ",
          el("label", { for: id, dir: "auto", text: text })]));
      });
    }
    var form = el("form", { class: "panel editor", "aria-label": "Curated answer", onsubmit: function (e) {
      e.preventDefault();
      var body = { question: q.value, answer: a.value };
      if (gap) {
        body.variants = Array.prototype.slice.call(wordings.querySelectorAll("input:checked")).map(function (c) { return c.getAttribute("data-text"); });
        body.source_message_ids = gap.message_ids;
      } else body.source_message_id = row.id;
      call("/curated", { method: "POST", body: body })
        .then(function () { toast("Approved: matching questions on every channel now get this answer."); box.textContent = ""; render(); })
        .catch(function (err) { toast(err.message); });
    } }, [
      el("h2", { text: gap ? "Answer this gap once" : "Write or approve the answer" }),
      el("label", { for: "curated-question", text: "Question" }), q,
      gap ? wordings : null,
      el("label", { for: "curated-answer", text: "Answer (shown as “answer approved by trainer”, with your name and today’s date)" }), a,
      el("p", {}, [el("button", { type: "submit", class: "primary", id: "approve", text: "Approve answer" }), " ",
        el("button", { type: "button", class: "secondary", text: "Cancel", onclick: function () { box.textContent = ""; } })])
    ]);
    box.appendChild(form);
    form.scrollIntoView({ block: "nearest" });
    a.focus();
  }

  /* ---- knowledge gaps -------------------------------------------------------------------------- */
  function countsText(counts) {
    return Object.keys(counts).map(function (k) { return k + " " + counts[k]; }).join(", ");
  }

  function showGaps(view) {
    view.textContent = "Grouping the questions waiting for an answer…";
    call("/gaps?" + query()).then(function (data) {
      view.textContent = "";
      view.appendChild(el("p", { class: "muted", text: "Questions refused, disliked or answered on weak evidence, grouped by meaning, largest group first. Answer a group once: every learner asking it, on any channel, gets your answer." }));
      view.appendChild(el("div", { id: "detail" }));
      if (!data.gaps.length) { view.appendChild(el("p", { class: "empty", text: "No questions waiting in this view." })); return; }
      var cards = el("div", { class: "cards" });
      data.gaps.forEach(function (g) {
        var ul = el("ul", { class: "examples" });
        g.examples.slice(0, 8).forEach(function (x) { ul.appendChild(el("li", {}, [el("bdi", { text: x })])); });
        var more = g.examples.length > 8 ? el("p", { class: "muted", text: "and " + plural(g.examples.length - 8, "more wording") }) : null;
        var terms = el("p", { class: "terms" });
        g.terms.forEach(function (t) { terms.appendChild(el("span", { class: "term", text: t })); });
        cards.appendChild(el("article", { class: "card gap", "aria-label": g.label }, [
          el("h3", { dir: "auto", text: g.label }), g.terms.length ? terms : null,
          el("p", { class: "gap-size", text: plural(g.questions, "question") + ", " + plural(g.learners, "learner") +
            (g.wordings > 1 ? ", " + plural(g.wordings, "wording") : "") }),
          el("p", { class: "muted", text: "First asked " + fmtTime(g.first_asked) + " · last asked " + fmtTime(g.last_asked) }),
          el("p", { class: "muted", text: countsText(g.channels) + " · " + countsText(g.reasons) }),
          ul, more,
          el("button", { type: "button", class: "primary answer-gap", text: "Answer this gap", onclick: function () { editor(null, g); } })
        ]));
      });
      view.appendChild(cards);
    }).catch(function (e) { view.textContent = e.message; });
  }

  /* ---- charts ---------------------------------------------------------------------------------- */
  /* A label in lines of at most `width` characters, broken between words; a word longer than a line, or
   * a third line, ends with "…" (the whole label is in the bar's tooltip). */
  function wrap(text, width, lines) {
    var words = String(text).split(/\s+/), out = [], line = "";
    for (var i = 0; i < words.length; i++) {
      var word = words[i].length > width ? words[i].slice(0, width - 1) + "…" : words[i];
      if (!line) line = word;
      else if ((line + " " + word).length <= width) line += " " + word;
      else { out.push(line); line = word; }
      if (out.length === lines) break;
    }
    if (out.length < lines && line) out.push(line);
    if (out.length === lines && (out.join(" ").length < String(text).length)) {
      var last = out[lines - 1];
      out[lines - 1] = (last.length >= width ? last.slice(0, width - 1) : last) + "…";
    }
    return out.slice(0, lines);
  }

  function barChart(title, items, labelKey, series) {
    var width = 460, height = 200, pad = 30;
    var max = 1;
    items.forEach(function (it) { series.forEach(function (s) { max = Math.max(max, it[s[0]] || 0); }); });
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + (height + 40), role: "img", "aria-label": title });
    var n = Math.max(items.length, 1), slot = (width - pad) / n;
    items.forEach(function (it, i) {
      series.forEach(function (s, j) {
        var v = it[s[0]] || 0, h = (v / max) * height;
        chart.appendChild(svg("rect", { x: pad + i * slot + j * (slot / series.length), y: height - h, width: Math.max(1, slot / series.length - 1), height: h, fill: s[1] },
          [svg("title", { text: it[labelKey] + ": " + plural(v, s[2].replace(/s$/, ""), s[2]) })]));
      });
      if (n <= 14 || i % Math.ceil(n / 10) === 0) chart.appendChild(svg("text", { x: pad + i * slot, y: height + 14, "font-size": "9", text: String(it[labelKey]).slice(5) }));
    });
    chart.appendChild(svg("text", { x: 0, y: 10, "font-size": "10", text: String(max) }));
    chart.appendChild(svg("line", { x1: pad, y1: height, x2: width, y2: height, stroke: "#999" }));
    return el("div", { class: "chart" }, [el("h3", { text: title }), chart]);
  }

  function hbarChart(title, items) {
    var max = 1, rowH = 34, labelW = 190, barW = 210;
    items.forEach(function (it) { max = Math.max(max, it.value); });
    var h = Math.max(items.length, 1) * rowH + 6;
    var chart = svg("svg", { viewBox: "0 0 460 " + h, role: "img", "aria-label": title });
    items.forEach(function (it, i) {
      var y = i * rowH + 4, lines = wrap(it.label, 30, 2);
      chart.appendChild(svg("rect", { x: labelW + 5, y: y + 4, width: Math.max(1, (it.value / max) * barW), height: 20, fill: it.color || "#0b5e4a" },
        [svg("title", { text: it.label + ": " + it.value })]));
      lines.forEach(function (line, k) {
        chart.appendChild(svg("text", { x: labelW, y: y + (lines.length === 1 ? 18 : 11 + k * 13), "font-size": "11", "text-anchor": "end", class: "label", text: line }));
      });
      chart.appendChild(svg("text", { x: labelW + 10 + (it.value / max) * barW, y: y + 18, "font-size": "11", text: String(it.value) }));
    });
    if (!items.length) chart.appendChild(svg("text", { x: 0, y: 20, "font-size": "11", text: "nothing yet" }));
    return el("div", { class: "chart" }, [el("h3", { text: title }), chart]);
  }

  function showCharts(view) {
    view.textContent = "Loading…";
    call("/charts?" + query()).then(function (c) {
      view.textContent = "";
      view.appendChild(el("div", { class: "kpis" }, [
        el("div", { class: "kpi" }, [el("strong", { text: String(c.questions) }), c.questions === 1 ? "question" : "questions"]),
        el("div", { class: "kpi" }, [el("strong", { id: "refusal-rate", text: (c.refusal_rate * 100).toFixed(1) + "%" }), "refused"]),
        el("div", { class: "kpi" }, [el("strong", { id: "weak-count", text: String(c.weak) }), "possibly missed (weak evidence)"]),
        el("div", { class: "kpi" }, [el("strong", { text: c.feedback.up + " / " + c.feedback.down }), "helpful / not helpful"])
      ]));
      var grid = el("div", { class: "charts" });
      grid.appendChild(barChart("Questions per day (green) and refused (orange)", c.per_day, "day",
        [["questions", "#0b5e4a", "questions"], ["refused", "#e07b00", "refused"]]));
      grid.appendChild(hbarChart("Top topics (most cited documents)", c.top_topics.map(function (t) { return { label: t.topic, value: t.questions }; })));
      grid.appendChild(hbarChart("Feedback", [{ label: "helpful", value: c.feedback.up }, { label: "not helpful", value: c.feedback.down, color: "#b3261e" }]));
      var colours = { refused: "#e07b00", curated: "#2d5fa8", fallback: "#7a6a00" };
      grid.appendChild(hbarChart("Results", (me.results || Object.keys(c.results)).filter(function (k) { return c.results[k]; })
        .map(function (k) { return { label: k, value: c.results[k], color: colours[k] }; })));
      view.appendChild(grid);
    }).catch(function (e) { view.textContent = e.message; });
  }

  /* ---- progress, curated, audit ---------------------------------------------------------------- */
  function simpleTable(columns, rows) {
    var table = el("table", {}, [el("thead", {}, [el("tr", {}, columns.map(function (c) { return el("th", { scope: "col", text: c[1] }); }))])]);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      tbody.appendChild(el("tr", {}, columns.map(function (c) {
        var v = typeof c[0] === "function" ? c[0](r) : r[c[0]];
        if (v && v.nodeType) return el("td", {}, [v]);
        return el("td", { text: v === null || v === undefined ? "" : String(v) });
      })));
    });
    table.appendChild(tbody);
    return table;
  }

  function showProgress(view) {
    call("/progress").then(function (p) {
      view.textContent = "";
      view.appendChild(el("h2", { text: "Per cohort" }));
      view.appendChild(simpleTable([["cohort", "Cohort"], ["learners", "Learners practising"], ["attempts", "Attempts"], ["completed", "Exercises completed"], ["average_best", "Average best score"]], p.cohorts));
      view.appendChild(el("h2", { text: "Per learner" }));
      view.appendChild(simpleTable([
        [function (r) { return el("button", { type: "button", class: "link learner", title: "All questions of " + r.learner_ref, text: r.learner,
          onclick: function () { findLearner(r.learner_ref); } }); }, "Learner"],
        ["cohort", "Cohort"], ["attempts", "Attempts"], ["exercises_tried", "Exercises tried"], ["completed", "Completed"], ["average_best", "Average best"],
        [function (r) { return fmtTime(r.last_attempt_at); }, "Last attempt"]], p.learners));
    }).catch(function (e) { view.textContent = e.message; });
  }

  function showCurated(view) {
    call("/curated?inactive=true").then(function (data) {
      view.textContent = "";
      if (!data.curated.length) view.appendChild(el("p", { text: "No curated answers yet: write one from the queue, a knowledge gap or a conversation." }));
      data.curated.forEach(function (c) {
        var also = (c.variants || []).length ? el("details", {}, [el("summary", { text: "Also answers " + plural(c.variants.length, "other wording") }),
          el("ul", {}, c.variants.map(function (v) { return el("li", { text: v }); }))]) : null;
        var words = c.active ? ((data.taught || {})[c.id] || []) : [];
        var taught = words.length ? el("div", { class: "taught" }, [
          el("p", { class: "muted", text: "Learners took this answer when it was offered for their question. Add their wording, and the next learner asking so gets it at once:" }),
          el("ul", {}, words.map(function (w) {
            return el("li", {}, [el("span", { text: w }), " ", el("button", { type: "button", class: "secondary", text: "Add as a wording", onclick: function () {
              call("/curated/" + c.id + "/wordings", { method: "POST", body: { wording: w } }).then(function () { showCurated(view); });
            } })]);
          }))]) : null;
        view.appendChild(el("div", { class: "panel" }, [
          el("p", { class: "muted", text: "#" + c.id + " · " + c.author + " · " + fmtTime(c.updated_at) + (c.active ? "" : " · withdrawn") }),
          el("p", { class: "q", text: c.question }), also, taught, el("p", { class: "a", text: c.answer }),
          el("button", { type: "button", class: "secondary", text: c.active ? "Withdraw" : "Reinstate", onclick: function () {
            call("/curated/" + c.id + "/active", { method: "POST", body: { active: !c.active } }).then(function () { showCurated(view); });
          } })
        ]));
      });
    }).catch(function (e) { view.textContent = e.message; });
  }

  function showAudit(view) {
    call("/audit").then(function (data) {
      view.textContent = "";
      view.appendChild(simpleTable([[function (r) { return fmtTime(r.created_at); }, "When"], ["actor", "Who"], ["action", "Action"], ["target", "Target"], [function (r) { return JSON.stringify(r.detail); }, "Detail"]], data.entries));
    }).catch(function (e) { view.textContent = e.message; });
  }

  call("/me").then(function (data) { me = data; start(); }).catch(function () { if (!me) renderLogin(); });
})();
