/* Ustad trainer console. Plain JS, served with a strict CSP; every value from the log is placed with
 * textContent (a learner's "<script>" stays text). State-changing calls send the session's CSRF token. */
(function () {
  "use strict";
  var app = document.getElementById("app");
  var toastEl = document.getElementById("toast");
  var me = null;
  var tab = "log";
  var offset = 0;
  var PAGE = 50;
  var filters = {};
  var SVG = "http://www.w3.org/2000/svg";

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
    setTimeout(function () { toastEl.hidden = true; }, 3000);
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
        if (!r.ok) throw new Error(data.detail || ("HTTP " + r.status));
        return data;
      });
    });
  }

  function query(extra) {
    var params = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { if (filters[k]) params.set(k, filters[k]); });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }

  function fmtTime(iso) { return iso ? iso.replace("T", " ").slice(0, 16) : ""; }

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
    document.getElementById("whoami").textContent = me.username + " (" + me.role + (me.cohort ? ", cohort " + me.cohort : "") + ")";
    var logout = document.getElementById("logout");
    logout.hidden = false;
    logout.onclick = function () { call("/logout", { method: "POST" }).then(function () { me = null; renderLogin(); }); };
    render();
  }

  /* ---- frame: tabs and filters ----------------------------------------------------------------- */
  var TABS = [["log", "Question log"], ["queue", "Unanswered & disliked"], ["gaps", "Knowledge gaps"],
    ["charts", "Charts"], ["progress", "Exercise progress"], ["curated", "Curated answers"], ["audit", "Audit log"]];

  function render() {
    app.textContent = "";
    var nav = el("nav", { class: "tabs", role: "tablist", "aria-label": "Console sections" });
    TABS.forEach(function (t) {
      if (t[0] === "audit" && me.role !== "admin") return;
      nav.appendChild(el("button", { type: "button", role: "tab", id: "tab-" + t[0], "aria-selected": String(tab === t[0]),
        text: t[1], onclick: function () { tab = t[0]; offset = 0; render(); } }));
    });
    app.appendChild(nav);
    var body = el("section", { role: "tabpanel", "aria-labelledby": "tab-" + tab });
    app.appendChild(body);
    if (["log", "queue", "gaps", "charts"].indexOf(tab) >= 0) body.appendChild(filterBar());
    var view = el("div", { id: "view" });
    body.appendChild(view);
    ({ log: showLog, queue: showQueue, gaps: showGaps, charts: showCharts, progress: showProgress,
      curated: showCurated, audit: showAudit })[tab](view);
  }

  function select(name, label, options) {
    var s = el("select", { name: name, id: "f-" + name });
    options.forEach(function (o) {
      s.appendChild(el("option", { value: o[0], text: o[1], selected: (filters[name] || "") === o[0] }));
    });
    return el("label", { for: "f-" + name }, [label, s]);
  }

  function input(name, label, type) {
    return el("label", { for: "f-" + name }, [label, el("input", { name: name, id: "f-" + name, type: type || "text", value: filters[name] || "" })]);
  }

  function filterBar() {
    var cohorts = [["", "any"]].concat((me.cohorts || []).map(function (c) { return [c, c]; }));
    var form = el("form", { class: "filters", "aria-label": "Filters", onsubmit: function (e) {
      e.preventDefault();
      filters = {};
      new FormData(form).forEach(function (v, k) { if (v) filters[k] = String(v); });
      offset = 0;
      render();
    } }, [
      input("start", "From", "date"), input("end", "To", "date"),
      select("channel", "Channel", [["", "any"], ["web", "widget"], ["api", "API"], ["telegram", "Telegram"], ["cli", "CLI"]]),
      select("cohort", "Cohort", cohorts),
      input("learner", "Learner #", "number"),
      select("doc_type", "Document type", [["", "any"], ["course", "course"], ["policy", "policy"], ["curated", "curated"]]),
      select("status", "Status", [["", "any"], ["refused", "refused / unanswered"], ["answered", "answered"]]),
      select("rating", "Feedback", [["", "any"], ["down", "negative"], ["up", "positive"], ["none", "none"]]),
      input("q", "Question contains"),
      el("button", { type: "submit", class: "primary", text: "Apply" }),
      el("button", { type: "button", class: "secondary", text: "Clear", onclick: function () { filters = {}; offset = 0; render(); } }),
      el("a", { class: "secondary", id: "export-csv", href: "/trainer/api/messages.csv?" + query(), download: "ustad-questions.csv", text: "Export CSV" })
    ]);
    return form;
  }

  /* ---- question log ---------------------------------------------------------------------------- */
  function rowsTable(rows, withAction) {
    var table = el("table", { class: "log" }, [el("thead", {}, [el("tr", {}, ["Time", "Channel", "Learner", "Cohort", "Question", "Result", "Feedback", ""]
      .map(function (h) { return el("th", { scope: "col", text: h }); }))])]);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      var result = el("td", {}, [r.refused ? el("span", { class: "badge refused", text: "refused" })
        : el("span", { class: "badge" + (r.answerer === "curated" ? " curated" : ""), text: r.answerer })]);
      var rating = el("td", {}, [r.rating ? el("span", { class: "badge " + r.rating, text: r.rating === "down" ? "negative" : "positive" }) : null,
        r.comment ? el("span", { class: "muted", text: " " + r.comment }) : null]);
      var action = el("td");
      action.appendChild(el("button", { type: "button", class: "secondary", text: "View", onclick: function (e) { e.stopPropagation(); showConversation(r.session_id); } }));
      if (withAction) action.appendChild(el("button", { type: "button", class: "primary write-answer", text: "Write answer",
        onclick: function (e) { e.stopPropagation(); editor(r); } }));
      tbody.appendChild(el("tr", { class: "clickable", "data-id": r.id, onclick: function () { showConversation(r.session_id); } }, [
        el("td", { text: fmtTime(r.created_at) }), el("td", { text: r.channel }), el("td", { text: r.learner || "anonymous" }),
        el("td", { text: r.cohort || "" }), el("td", { class: "question", text: r.question }), result, rating, action
      ]));
    });
    table.appendChild(tbody);
    return table;
  }

  function pager(total, reload) {
    return el("div", { class: "pager" }, [
      el("span", { id: "total", text: total + " messages" }),
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
      view.appendChild(rowsTable(page.rows, false));
      view.appendChild(el("div", { id: "detail" }));
    }).catch(function (e) { view.textContent = e.message; });
  }

  function showQueue(view) {
    view.textContent = "Loading…";
    call("/queue?" + query({ limit: PAGE, offset: offset })).then(function (page) {
      view.textContent = "";
      view.appendChild(el("p", { class: "muted", text: "Refused or disliked answers that have no curated answer yet. Write the right answer; matching questions on every channel will get it." }));
      view.appendChild(pager(page.total, function () { showQueue(view); }));
      view.appendChild(el("div", { id: "detail" }));
      view.appendChild(rowsTable(page.rows, true));
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
      var panel = el("div", { class: "panel conversation", role: "region", "aria-label": "Conversation" }, [
        el("h2", { text: "Conversation " + sessionId.slice(0, 8) }),
        el("button", { type: "button", class: "secondary", text: "Close", onclick: function () { box.textContent = ""; } })
      ]);
      conv.messages.forEach(function (m) {
        var cites = el("ol", { class: "citations" });
        (m.citations || []).forEach(function (c) {
          var li = el("li");
          if (String(c.source).indexOf("curated/") === 0) li.appendChild(el("span", { text: c.title + " — " + c.section }));
          else li.appendChild(el("a", { href: "/sources/view?source=" + encodeURIComponent(c.source) + "&section=" + encodeURIComponent(c.section || "") + "#cited",
            target: "_blank", rel: "noopener", text: c.title + (c.section ? " — " + c.section : "") }));
          cites.appendChild(li);
        });
        panel.appendChild(el("div", { class: "turn" }, [
          el("p", { class: "muted", text: fmtTime(m.created_at) + " · " + (m.learner || "anonymous") + " · " + m.channel + (m.refused ? " · refused" : "") + (m.rating ? " · feedback " + m.rating : "") }),
          el("p", { class: "q", text: m.question }), el("p", { class: "a", text: m.answer }), cites,
          el("button", { type: "button", class: "secondary", text: "Write curated answer", onclick: function () { editor(m); } })
        ]));
      });
      box.appendChild(panel);
      panel.scrollIntoView({ block: "nearest" });
    }).catch(function (e) { box.textContent = e.message; });
  }

  function editor(row) {
    var box = detailBox();
    var q = el("input", { id: "curated-question", value: row.question, "aria-label": "Question" });
    var a = el("textarea", { id: "curated-answer", "aria-label": "Corrected answer" });
    a.value = row.refused ? "" : row.answer;
    var form = el("form", { class: "panel editor", "aria-label": "Curated answer", onsubmit: function (e) {
      e.preventDefault();
      call("/curated", { method: "POST", body: { question: q.value, answer: a.value, source_message_id: row.id } })
        .then(function () { toast("Approved: matching questions on every channel now get this answer."); box.textContent = ""; render(); })
        .catch(function (err) { toast(err.message); });
    } }, [
      el("h2", { text: "Write or approve the answer" }),
      el("label", { for: "curated-question", text: "Question" }), q,
      el("label", { for: "curated-answer", text: "Answer (shown as “answer approved by trainer”, with your name and today’s date)" }), a,
      el("p", {}, [el("button", { type: "submit", class: "primary", id: "approve", text: "Approve answer" }), " ",
        el("button", { type: "button", class: "secondary", text: "Cancel", onclick: function () { box.textContent = ""; } })])
    ]);
    box.appendChild(form);
    a.focus();
  }

  /* ---- gaps, charts, progress, curated, audit -------------------------------------------------- */
  function showGaps(view) {
    view.textContent = "Grouping unanswered questions…";
    call("/gaps?" + query()).then(function (data) {
      view.textContent = "";
      if (!data.gaps.length) { view.appendChild(el("p", { text: "No unanswered questions in this view." })); return; }
      var cards = el("div", { class: "cards" });
      data.gaps.forEach(function (g) {
        var ul = el("ul");
        g.examples.forEach(function (x) { ul.appendChild(el("li", { text: x })); });
        cards.appendChild(el("div", { class: "card" }, [el("h3", { text: g.topic }), el("p", { class: "muted", text: g.questions + " unanswered" }), ul]));
      });
      view.appendChild(cards);
    }).catch(function (e) { view.textContent = e.message; });
  }

  function barChart(title, items, labelKey, series) {
    var width = 460, rowH = 0, height = 200, pad = 30;
    var max = 1;
    items.forEach(function (it) { series.forEach(function (s) { max = Math.max(max, it[s[0]] || 0); }); });
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + (height + 40), role: "img", "aria-label": title });
    var n = Math.max(items.length, 1), slot = (width - pad) / n;
    items.forEach(function (it, i) {
      series.forEach(function (s, j) {
        var v = it[s[0]] || 0, h = (v / max) * height;
        chart.appendChild(svg("rect", { x: pad + i * slot + j * (slot / series.length), y: height - h, width: Math.max(1, slot / series.length - 1), height: h, fill: s[1] },
          [svg("title", { text: it[labelKey] + ": " + v + " " + s[2] })]));
      });
      if (n <= 14 || i % Math.ceil(n / 10) === 0) chart.appendChild(svg("text", { x: pad + i * slot, y: height + 14, "font-size": "9", text: String(it[labelKey]).slice(5) }));
    });
    chart.appendChild(svg("text", { x: 0, y: 10, "font-size": "10", text: String(max) }));
    chart.appendChild(svg("line", { x1: pad, y1: height, x2: width, y2: height, stroke: "#999" }));
    void rowH;
    return el("div", { class: "chart" }, [el("h3", { text: title }), chart]);
  }

  function hbarChart(title, items) {
    var max = 1;
    items.forEach(function (it) { max = Math.max(max, it.value); });
    var h = items.length * 26 + 10;
    var chart = svg("svg", { viewBox: "0 0 460 " + h, role: "img", "aria-label": title });
    items.forEach(function (it, i) {
      chart.appendChild(svg("rect", { x: 200, y: i * 26 + 4, width: Math.max(1, (it.value / max) * 220), height: 18, fill: it.color || "#0b5e4a" }));
      chart.appendChild(svg("text", { x: 0, y: i * 26 + 17, "font-size": "11", text: String(it.label).slice(0, 34) }));
      chart.appendChild(svg("text", { x: 205 + (it.value / max) * 220, y: i * 26 + 17, "font-size": "11", text: String(it.value) }));
    });
    return el("div", { class: "chart" }, [el("h3", { text: title }), chart]);
  }

  function showCharts(view) {
    view.textContent = "Loading…";
    call("/charts?" + query()).then(function (c) {
      view.textContent = "";
      view.appendChild(el("div", { class: "kpis" }, [
        el("div", { class: "kpi" }, [el("strong", { text: String(c.questions) }), "questions"]),
        el("div", { class: "kpi" }, [el("strong", { id: "refusal-rate", text: (c.refusal_rate * 100).toFixed(1) + "%" }), "refused"]),
        el("div", { class: "kpi" }, [el("strong", { text: c.feedback.up + " / " + c.feedback.down }), "helpful / not helpful"])
      ]));
      var grid = el("div", { class: "charts" });
      grid.appendChild(barChart("Questions per day (green) and refused (orange)", c.per_day, "day",
        [["questions", "#0b5e4a", "questions"], ["refused", "#e07b00", "refused"]]));
      grid.appendChild(hbarChart("Top topics (most cited documents)", c.top_topics.map(function (t) { return { label: t.topic, value: t.questions }; })));
      grid.appendChild(hbarChart("Feedback", [{ label: "helpful", value: c.feedback.up }, { label: "not helpful", value: c.feedback.down, color: "#b3261e" }]));
      grid.appendChild(hbarChart("Answered by", Object.keys(c.answerers).map(function (k) { return { label: k, value: c.answerers[k] }; })));
      view.appendChild(grid);
    }).catch(function (e) { view.textContent = e.message; });
  }

  function simpleTable(columns, rows) {
    var table = el("table", {}, [el("thead", {}, [el("tr", {}, columns.map(function (c) { return el("th", { scope: "col", text: c[1] }); }))])]);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      tbody.appendChild(el("tr", {}, columns.map(function (c) {
        var v = typeof c[0] === "function" ? c[0](r) : r[c[0]];
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
      view.appendChild(simpleTable([["learner", "Learner"], ["cohort", "Cohort"], ["attempts", "Attempts"], ["exercises_tried", "Exercises tried"], ["completed", "Completed"], ["average_best", "Average best"], [function (r) { return fmtTime(r.last_attempt_at); }, "Last attempt"]], p.learners));
    }).catch(function (e) { view.textContent = e.message; });
  }

  function showCurated(view) {
    call("/curated?inactive=true").then(function (data) {
      view.textContent = "";
      if (!data.curated.length) view.appendChild(el("p", { text: "No curated answers yet: write one from the queue or a conversation." }));
      data.curated.forEach(function (c) {
        view.appendChild(el("div", { class: "panel" }, [
          el("p", { class: "muted", text: "#" + c.id + " · " + c.author + " · " + fmtTime(c.updated_at) + (c.active ? "" : " · inactive") }),
          el("p", { class: "q", text: c.question }), el("p", { class: "a", text: c.answer }),
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
