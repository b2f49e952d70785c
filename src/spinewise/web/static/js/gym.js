/* spinewise gym mode: one exercise at a time, sets queued on the phone until the
   server has them, the monitor's answer after every set, a rest timer built on
   timestamps (so it is right again after the screen locks). */
(function () {
  "use strict";
  // the JSON API takes the session cookie only with this page's CSRF token beside it
  function apiHeaders() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return { "content-type": "application/json", "x-csrf-token": meta ? meta.getAttribute("content") : "" };
  }
  var root = document.getElementById("gym");
  var dataNode = document.getElementById("gym-data");
  if (!root || !dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var sid = data.session_id;
  var QUEUE_KEY = "spinewise:queue";
  var REST_KEY = "spinewise:rest:" + sid;
  var INDEX_KEY = "spinewise:index:" + sid;
  var STOP_KEY = "spinewise:stopped:" + sid;
  var exercises = Array.prototype.slice.call(root.querySelectorAll(".exercise"));
  var net = document.getElementById("net");
  var panel = document.getElementById("decision");
  var stopped = !!data.stopped || data.ended;
  var flushing = false;
  var retryTimer = null;
  // A page opened from the offline copy (sw.js) carries the set ids of an earlier load, which
  // the server would take for sets it already has: every load gives each form a fresh id.
  Array.prototype.forEach.call(root.querySelectorAll("input[name=client_id]"),
                               function (input) { input.value = newId(); });

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going */ }
  }
  function load(key, fallback) {
    try { var v = localStorage.getItem(key); return v === null ? fallback : JSON.parse(v); } catch (e) { return fallback; }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // --- one exercise at a time -------------------------------------------------------
  var current = 0;
  function loggedCount(index) {
    return exercises[index].querySelectorAll(".sets-done li").length;
  }
  function firstUnfinished() {
    for (var i = 0; i < data.items.length; i++) {
      if (loggedCount(i) < data.items[i].sets) { return i; }
    }
    return Math.max(0, data.items.length - 1);
  }
  function show(index, focus) {
    if (!exercises.length) { return; }
    current = Math.max(0, Math.min(index, exercises.length - 1));
    exercises.forEach(function (node, i) { node.hidden = i !== current; });
    document.getElementById("prev").disabled = current === 0;
    document.getElementById("next").disabled = current === exercises.length - 1;
    store(INDEX_KEY, current);
    if (focus) { document.getElementById("ex-" + current + "-title").focus(); }
  }
  if (exercises.length) {
    root.querySelector(".ex-nav").hidden = false;
    root.classList.add("one-at-a-time");
    // a just-picked exercise (free session) first; else where this phone left off
    show(typeof data.show === "number" ? data.show
         : load(INDEX_KEY, null) !== null ? load(INDEX_KEY, 0) : firstUnfinished(), false);
    document.getElementById("prev").addEventListener("click", function () { show(current - 1, true); });
    document.getElementById("next").addEventListener("click", function () { show(current + 1, true); });
  }

  // --- steppers and sliders -------------------------------------------------------------
  root.addEventListener("click", function (event) {
    var button = event.target.closest(".step");
    if (!button) { return; }
    var input = document.getElementById(button.dataset.target);
    var step = parseFloat(button.dataset.step);
    var value = parseFloat((input.value || "0").replace(",", ".")) || 0;
    var next = Math.max(0, Math.round((value + step) * 100) / 100);
    input.value = String(next);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  root.addEventListener("input", function (event) {
    if (event.target.type === "range") {
      var out = document.getElementById(event.target.id + "-out");
      if (out) { out.textContent = event.target.value; }
    }
  });

  // --- the monitor's answer ----------------------------------------------------------------
  function showDecision(decision, note) {
    panel.replaceChildren();
    var serious = decision.action === "end_session" || decision.action === "seek_care";
    panel.className = "decision decision-" + decision.action;
    panel.appendChild(el("h2", "", data.actions[decision.action] || decision.action));
    var list = el("ul");
    (decision.rules || []).forEach(function (r) { list.appendChild(el("li", "", r.message)); });
    if (decision.adjustment && decision.adjustment.message) { list.appendChild(el("li", "", decision.adjustment.message)); }
    if (list.children.length) { panel.appendChild(list); }
    if (note) { panel.appendChild(el("p", "note", note)); }
    panel.hidden = false;
    if (serious) {
      store(STOP_KEY, decision);
      stop();
      panel.focus();
    }
    if (decision.action === "adjust" && decision.adjustment && decision.adjustment.load !== null &&
        decision.adjustment.load !== undefined) {
      var loadInput = exercises[current] && exercises[current].querySelector("input[name=load]");
      if (loadInput) { loadInput.value = String(decision.adjustment.load); }
    }
  }

  function stop() {
    stopped = true;
    stopRest();
    if (screenLock) { letSleep(); }  // a stopped session needs no screen kept on
    root.querySelectorAll(".log-button").forEach(function (b) { b.disabled = true; });
    root.classList.add("stopped");
    document.getElementById("end").scrollIntoView({ block: "nearest" });
  }

  // --- the queue: every set is kept on the phone until the server has it ------------------
  function queue() { return load(QUEUE_KEY, []); }
  function setQueue(items) { store(QUEUE_KEY, items); }

  function describe(body, perSide) {
    var what = body.reps !== undefined ? body.reps + " reps" : body.seconds + " s";
    if (perSide) { what += " each side"; }
    if (body.load !== undefined) { what += " · " + body.load + " " + body.unit; }
    if (body.rpe !== undefined) { what += " · effort " + body.rpe; }
    return what + " · pain " + body.pain;
  }

  function rowFor(clientId) {
    return root.querySelector('.set-row[data-client-id="' + clientId + '"]');
  }

  function renderSet(body, answer, pending) {
    var node = exercises.filter(function (n) { return n.dataset.exercise === body.exercise; })[0];
    if (!node) { return; }
    var row = rowFor(body.client_id);
    if (!row) {
      row = el("li", "set-row");
      row.dataset.clientId = body.client_id;
      row.appendChild(el("span", "set-what", describe(body, node.dataset.perSide === "1")));
      row.appendChild(el("span", "set-answer"));
      node.querySelector(".sets-done").appendChild(row);
    }
    row.classList.toggle("pending", !!pending);
    row.querySelector(".set-answer").textContent = pending ? "Saved on this phone, not sent yet" : answer;
  }

  function setNet(text) { net.textContent = text; net.hidden = !text; }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, 5000);
  }

  function flush() {
    if (flushing) { return; }
    var items = queue().filter(function (q) { return q.session === sid; });
    if (!items.length) { setNet(""); return; }
    flushing = true;
    var item = items[0];
    var url = item.kind === "symptoms" ? "/api/v1/sessions/" + sid + "/symptoms" : "/api/v1/sessions/" + sid + "/sets";
    fetch(url, { method: "POST", headers: apiHeaders(), body: JSON.stringify(item.body) })
      .then(function (response) {
        return response.json().then(function (payload) { return { status: response.status, payload: payload }; });
      })
      .then(function (result) {
        flushing = false;
        if (result.status >= 500) { throw new Error("server"); }
        setQueue(queue().filter(function (q) { return q.id !== item.id; }));
        if (result.status >= 400) {
          var row = item.kind === "set" && rowFor(item.body.client_id);
          if (row) { row.remove(); }
          // 409: the session was stopped (here or on another device): it takes no more sets
          showDecision({ action: result.status === 409 ? "end_session" : "adjust",
                         rules: [{ message: result.payload.error.message }] }, "This set was not saved.");
        } else if (item.kind === "symptoms") {
          showDecision(result.payload);
        } else {
          var decision = result.payload.decision;
          renderSet(item.body, data.actions[decision.action] || decision.action, false);
          afterSet(item, decision, result.payload.not_suited);
        }
        flush();
      })
      .catch(function () {
        flushing = false;
        setNet("No connection. Your sets are saved on this phone and will be sent when you are back online.");
        scheduleRetry();
      });
  }

  function afterSet(item, decision, notSuited) {
    var isCurrent = exercises[current] && exercises[current].dataset.exercise === item.body.exercise;
    if (!isCurrent) { return; }  // an old set sent late: its answer is in the list
    var rx = data.items[current];
    var note = notSuited ? "This exercise is not suited to your back: " + notSuited.message : undefined;
    if (decision.action === "adjust" && loggedCount(current) >= rx.sets) {
      // no next set of this exercise: nothing to adjust, so no "adjust the next set" card
      decision = { action: "continue", adjustment: null,
                   rules: [{ message: "That was the last set of this exercise. Your pain went up: start the next one gently." }] };
    }
    showDecision(decision, note);
    if (decision.action === "continue" || decision.action === "adjust") {
      if (loggedCount(current) >= rx.sets && current < exercises.length - 1) {
        startRest(rx.rest_seconds);
        show(current + 1, false);
      } else {
        startRest(rx.rest_seconds);
      }
    } else if (decision.action === "skip_exercise" && current < exercises.length - 1) {
      show(current + 1, false);
    }
  }

  function enqueue(kind, body) {
    var items = queue();
    var entry = { id: body.client_id || newId(), session: sid, kind: kind, body: body };
    items.push(entry);
    setQueue(items);
    return entry;
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("log-form")) { return; }
    event.preventDefault();
    if (stopped) { return; }
    var rx = data.items[parseInt(form.dataset.index, 10)];
    var body = { client_id: form.elements.client_id.value, exercise: rx.exercise,
                 pain: parseInt(form.elements.pain.value, 10), rpe: parseFloat(form.elements.rpe.value), unit: data.unit };
    var amount = form.elements.reps || form.elements.seconds;
    var parsed = parseInt(amount.value, 10);
    body[amount.name] = isNaN(parsed) ? 0 : parsed;
    if (form.elements.load && form.elements.load.value.trim() !== "") {
      body.load = parseFloat(form.elements.load.value.replace(",", "."));
    }
    form.elements.client_id.value = newId();  // the next set gets its own id
    enqueue("set", body);
    renderSet(body, "", true);
    panel.hidden = true;
    flush();
  });

  window.addEventListener("online", function () { flush(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { flush(); tick(); }
  });

  // A stop given earlier (a set's answer or the "something's wrong" button) still holds after a reload.
  if (!data.stopped && load(STOP_KEY, null)) { showDecision(load(STOP_KEY, null)); }

  // Sets queued before a reload: show them, then send them.
  queue().filter(function (q) { return q.session === sid && q.kind === "set"; })
    .forEach(function (q) { if (!rowFor(q.body.client_id)) { renderSet(q.body, "", true); } });
  flush();

  // --- the rest timer: an end time, not a countdown, so a locked screen cannot stop it ---
  var rest = document.getElementById("rest");
  var restTime = document.getElementById("rest-time");
  var ticking = null;
  var buzzed = false;
  function startRest(seconds) {
    if (!seconds) { return; }
    store(REST_KEY, Date.now() + seconds * 1000);
    buzzed = false;
    rest.hidden = false;
    if (!ticking) { ticking = window.setInterval(tick, 250); }
    tick();
  }
  function stopRest() {
    try { localStorage.removeItem(REST_KEY); } catch (e) { /* ignore */ }
    rest.hidden = true;
    if (ticking) { window.clearInterval(ticking); ticking = null; }
  }
  function tick() {
    var endsAt = load(REST_KEY, null);
    if (!endsAt) { rest.hidden = true; return; }
    var left = Math.ceil((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      restTime.textContent = "Go";
      rest.classList.add("done");
      if (!buzzed && navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
      buzzed = true;
      if (left < -30) { stopRest(); }
      return;
    }
    rest.classList.remove("done");
    rest.hidden = false;
    restTime.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
  }
  document.getElementById("rest-skip").addEventListener("click", stopRest);
  if (load(REST_KEY, null)) { ticking = window.setInterval(tick, 250); tick(); }

  // --- keep the screen on (Screen Wake Lock), while the session is open ---------------------
  // The phone's own timeout would lock it between sets; the lock is let go when the page
  // is hidden (the browser does that) and taken again when it comes back, if still wanted.
  var AWAKE_KEY = "spinewise:awake";
  var awake = document.getElementById("awake");
  var awakeOn = document.getElementById("awake-on");
  var awakeState = document.getElementById("awake-state");
  var screenLock = null;
  function wantAwake() { return load(AWAKE_KEY, true) && !stopped && !data.ended; }
  function keepAwake() {
    if (!navigator.wakeLock || screenLock || document.hidden || !wantAwake()) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      screenLock = lock;
      awakeState.textContent = "The screen stays on while this page is open.";
      lock.addEventListener("release", function () { screenLock = null; });
    }).catch(function () {
      awakeState.textContent = "This browser would not keep the screen on (battery saver?); the rest timer still keeps time.";
    });
  }
  function letSleep() {
    if (screenLock) { screenLock.release(); screenLock = null; }
    awakeState.textContent = "";
  }
  if (navigator.wakeLock && awake && !data.ended) {
    awake.hidden = false;
    awakeOn.checked = load(AWAKE_KEY, true);
    awakeOn.addEventListener("change", function () {
      store(AWAKE_KEY, awakeOn.checked);
      if (awakeOn.checked) { keepAwake(); } else { letSleep(); }
    });
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { keepAwake(); } });
    keepAwake();
  }

  // --- something's wrong --------------------------------------------------------------------
  var dialog = document.getElementById("wrong");
  document.getElementById("wrong-open").addEventListener("click", function () {
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
  });
  document.getElementById("wrong-close").addEventListener("click", function () { dialog.close(); });
  document.getElementById("wrong-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var symptoms = Array.prototype.slice.call(form.querySelectorAll("input[name=symptoms]:checked"))
      .map(function (i) { return i.value; });
    var body = { symptoms: symptoms, pain_one_sided: form.elements.pain_one_sided.checked,
                 stop: form.elements.stop.checked };
    if (exercises[current]) { body.exercise = exercises[current].dataset.exercise; }
    dialog.close();
    fetch("/api/v1/sessions/" + sid + "/symptoms", { method: "POST", headers: apiHeaders(),
                                                    body: JSON.stringify(body) })
      .then(function (response) { return response.json(); })
      .then(function (decision) {
        if (decision.error) { throw new Error(decision.error.message); }
        // the person chose to stop: the session is over whatever the answer
        if (body.stop && decision.action !== "end_session" && decision.action !== "seek_care") {
          decision = { action: "end_session", rules: (decision.rules || []).concat(
            [{ message: "You chose to stop the session here: no more sets today." }]) };
        }
        showDecision(decision);
      })
      .catch(function () {
        // No answer from the server: the safe advice, said plainly.
        showDecision({ action: "end_session", rules: [{ message: "Stop training for today. If you have numbness around the groin, a change in bladder or bowel control, or weakness in a leg, go to an emergency department now." }] },
                     "No connection: this is the general advice.");
        enqueue("symptoms", body);
      });
  });
})();
