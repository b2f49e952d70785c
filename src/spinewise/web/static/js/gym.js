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
  // Enter in a field logs nothing (the form's default button is disabled): pain is asked for
  root.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.closest(".log-form input")) { return; }
    event.preventDefault();
    var keys = event.target.closest(".log-form").querySelector(".pain-tap");
    keys.classList.add("ask");
    keys.querySelector(".pain-key").focus();
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
    document.getElementById("dock").classList.toggle("dock-serious", serious);
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
    root.querySelectorAll(".pain-key, .hold-start").forEach(function (b) { b.disabled = true; });
    stopHold();
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

  function renderSet(body, answer, pending, stored) {
    var node = exercises.filter(function (n) { return n.dataset.exercise === body.exercise; })[0];
    if (!node) { return; }
    var row = rowFor(body.client_id);
    if (!row) {
      row = el("li", "set-row");
      row.dataset.clientId = body.client_id;
      row.appendChild(el("span", "set-what", describe(body, node.dataset.perSide === "1")));
      row.appendChild(el("span", "set-answer"));
      var edit = el("button", "link-button set-edit", "Edit");
      edit.type = "button";
      edit.appendChild(el("span", "visually-hidden", " set " + (node.querySelectorAll(".set-row").length + 1)));
      row.appendChild(edit);
      node.querySelector(".sets-done").appendChild(row);
    }
    if (stored) {
      row.dataset.setId = String(stored.id);
      row.dataset.reps = stored.reps === null ? "" : String(stored.reps);
      row.dataset.seconds = stored.seconds === null ? "" : String(stored.seconds);
      row.dataset.load = stored.load === null ? "" : String(stored.load);
      row.dataset.pain = String(stored.pain);
    }
    row.classList.toggle("pending", !!pending);
    row.querySelector(".set-answer").textContent = pending ? "Saved on this phone, not sent yet" : answer;
  }

  function setNet(text) { net.textContent = text; net.hidden = !text; }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, 1000);
  }

  function flush() {
    if (flushing) { return; }
    var mine = queue().filter(function (q) { return q.session === sid; });
    var items = mine.filter(function (q) { return !q.due || q.due <= Date.now(); });
    if (!items.length) {
      setNet("");
      if (mine.length) { scheduleRetry(); }  // a deletion waiting out its undo window
      return;
    }
    flushing = true;
    var item = items[0];
    var url = item.kind === "symptoms" ? "/api/v1/sessions/" + sid + "/symptoms"
      : item.kind === "delete" ? "/api/v1/sessions/" + sid + "/sets/" + item.body.set_id
      : "/api/v1/sessions/" + sid + "/sets";
    var request = item.kind === "delete" ? { method: "DELETE", headers: apiHeaders() }
      : { method: "POST", headers: apiHeaders(), body: JSON.stringify(item.body) };
    fetch(url, request)
      .then(function (response) {
        if (response.status === 204) { return { status: 204, payload: null }; }
        return response.json().then(function (payload) { return { status: response.status, payload: payload }; });
      })
      .then(function (result) {
        flushing = false;
        if (result.status >= 500) { throw new Error("server"); }
        setQueue(queue().filter(function (q) { return q.id !== item.id; }));
        if (item.kind === "delete") {
          // gone on the server (or already gone: a 404 means the same); its row was hidden at the tap
          var gone = root.querySelector('.set-row[data-set-id="' + item.body.set_id + '"]');
          if (gone) { gone.remove(); }
        } else if (result.status >= 400) {
          var row = item.kind === "set" && rowFor(item.body.client_id);
          if (row) { row.remove(); }
          // 409: the session was stopped (here or on another device): it takes no more sets
          showDecision({ action: result.status === 409 ? "end_session" : "adjust",
                         rules: [{ message: result.payload.error.message }] }, "This set was not saved.");
        } else if (item.kind === "symptoms") {
          showDecision(result.payload);
        } else {
          var decision = result.payload.decision;
          renderSet(item.body, data.actions[decision.action] || decision.action, false, result.payload.set);
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
    var key = event.submitter;
    if (!key || key.name !== "pain") {
      // Enter in a field: pain is never assumed, it is asked for
      var keys = form.querySelector(".pain-tap");
      keys.classList.add("ask");
      keys.querySelector(".pain-key").focus();
      return;
    }
    var body = { client_id: form.elements.client_id.value, exercise: rx.exercise,
                 pain: parseInt(key.value, 10), unit: data.unit };
    if (form.querySelector("details.effort").open) { body.rpe = parseFloat(form.elements.rpe.value); }
    unlockAudio();
    form.querySelector(".pain-tap").classList.remove("ask");
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
      if (!buzzed) { signal(); }
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

  // --- sound and vibration: the end of a rest or a hold ---------------------------------------
  // Web Audio may only start after a tap, so the first tap in gym mode opens it.
  var SOUND_KEY = "spinewise:sound";
  var soundButton = document.getElementById("sound");
  var audio = null;
  function soundOn() { return load(SOUND_KEY, true); }
  function showSound() {
    soundButton.textContent = soundOn() ? "Sound on" : "Sound off";
    soundButton.setAttribute("aria-pressed", soundOn() ? "true" : "false");
  }
  var AudioKind = window.AudioContext || window.webkitAudioContext;
  if (AudioKind) {
    soundButton.hidden = false;
    showSound();
    soundButton.addEventListener("click", function () { store(SOUND_KEY, !soundOn()); showSound(); unlockAudio(); });
  }
  function unlockAudio() {
    if (!AudioKind || audio) { return; }
    try { audio = new AudioKind(); } catch (e) { audio = null; }
  }
  function beep() {
    if (!audio || !soundOn()) { return; }
    if (audio.state === "suspended") { audio.resume(); }
    [0, 0.3].forEach(function (at) {
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.25;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start(audio.currentTime + at);
      tone.stop(audio.currentTime + at + 0.18);
    });
    window.__beeps = (window.__beeps || 0) + 1;  // read by the browser tests
  }
  function signal() {
    if (navigator.vibrate) { navigator.vibrate([200, 100, 200]); }
    beep();
  }

  // --- timed holds: a countdown, then pain is asked (never assumed) --------------------------
  var hold = null;  // {index, endsAt, side, sides, seconds, timer}
  function holdNode(index) { return document.getElementById("hold-" + index); }
  function stopHold() {
    if (!hold) { return; }
    window.clearInterval(hold.timer);
    var node = holdNode(hold.index);
    if (node) { node.hidden = true; }
    var button = exercises[hold.index].querySelector(".hold-start");
    if (button) { button.textContent = "Start the hold"; }
    hold = null;
  }
  function holdTick() {
    if (!hold) { return; }
    var left = Math.ceil((hold.endsAt - Date.now()) / 1000);
    var node = holdNode(hold.index);
    var side = hold.sides > 1 ? (hold.side === 1 ? "First side " : "Other side ") : "";
    if (left > 0) { node.textContent = side + Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2); return; }
    signal();
    if (hold.side < hold.sides) {  // each side: the other side straight after
      hold.side += 1;
      hold.endsAt = Date.now() + hold.seconds * 1000;
      return;
    }
    var index = hold.index;
    var form = exercises[index].querySelector(".log-form");
    form.elements.seconds.value = String(hold.seconds);
    stopHold();
    var keys = form.querySelector(".pain-tap");
    keys.classList.add("ask");
    keys.querySelector("legend").textContent = "Hold done. Back pain during it: tap to log it";
    keys.querySelector(".pain-key").focus();
  }
  root.addEventListener("click", function (event) {
    var button = event.target.closest(".hold-start");
    if (!button || stopped) { return; }
    unlockAudio();
    var index = parseInt(button.dataset.index, 10);
    if (hold && hold.index === index) {  // stopped early: log what was held
      var held = Math.max(0, Math.round((Date.now() - (hold.endsAt - hold.seconds * 1000)) / 1000));
      var form = exercises[index].querySelector(".log-form");
      if (hold.sides === 1) { form.elements.seconds.value = String(held); }
      stopHold();
      form.querySelector(".pain-tap").classList.add("ask");
      form.querySelector(".pain-key").focus();
      return;
    }
    stopHold();
    stopRest();
    var seconds = parseInt(exercises[index].querySelector("input[name=seconds]").value, 10) || 0;
    if (seconds <= 0) { return; }
    hold = { index: index, seconds: seconds, side: 1, sides: exercises[index].dataset.perSide === "1" ? 2 : 1,
             endsAt: Date.now() + seconds * 1000, timer: window.setInterval(holdTick, 200) };
    holdNode(index).hidden = false;
    button.textContent = "Stop the hold";
    holdTick();
  });

  // --- correct or delete a set ---------------------------------------------------------------
  var editDialog = document.getElementById("edit-set");
  var editForm = document.getElementById("edit-form");
  var editError = document.getElementById("edit-error");
  var editing = null;
  var undoBox = document.getElementById("undo");
  var undoTimer = null;
  var UNDO_MS = 6000;

  root.addEventListener("click", function (event) {
    var button = event.target.closest(".set-edit");
    if (!button) { return; }
    var row = button.closest(".set-row");
    if (!row.dataset.setId) {
      showDecision({ action: "adjust", rules: [{ message: "This set is not on the server yet: it can be corrected once it is sent." }] });
      return;
    }
    editing = row;
    var timed = row.dataset.seconds !== "";
    document.getElementById("edit-amount-label").textContent = timed ? "Seconds" : "Reps";
    editForm.elements.amount.value = timed ? row.dataset.seconds : row.dataset.reps;
    editForm.elements.load.value = row.dataset.load;
    document.getElementById("edit-load-field").hidden = row.dataset.load === "";
    editForm.elements.pain.value = row.dataset.pain;
    editError.textContent = "";
    if (editDialog.showModal) { editDialog.showModal(); } else { editDialog.setAttribute("open", ""); }
  });
  document.getElementById("edit-close").addEventListener("click", function () { editDialog.close(); });

  editForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!editing) { return; }
    var row = editing;
    var timed = row.dataset.seconds !== "";
    var changes = { pain: Number(editForm.elements.pain.value) };
    changes[timed ? "seconds" : "reps"] = Number(editForm.elements.amount.value);
    if (row.dataset.load !== "" && editForm.elements.load.value.trim() !== "") {
      changes.load = Number(editForm.elements.load.value.replace(",", "."));
    }
    fetch("/api/v1/sessions/" + sid + "/sets/" + row.dataset.setId,
          { method: "PATCH", headers: apiHeaders(), body: JSON.stringify(changes) })
      .then(function (response) { return response.json().then(function (p) { return { status: response.status, payload: p }; }); })
      .then(function (result) {
        if (result.status >= 400) { editError.textContent = result.payload.error.message; return; }
        var stored = result.payload.set;
        var node = row.closest(".exercise");
        row.querySelector(".set-what").textContent = describe({ reps: stored.reps === null ? undefined : stored.reps,
          seconds: stored.seconds === null ? undefined : stored.seconds,
          load: stored.load === null ? undefined : stored.load, unit: stored.unit,
          rpe: stored.rpe === null ? undefined : stored.rpe, pain: stored.pain }, node.dataset.perSide === "1") + " (edited)";
        renderSet({ client_id: row.dataset.clientId, exercise: node.dataset.exercise },
                  data.actions[result.payload.decision.action] || result.payload.decision.action, false, stored);
        editDialog.close();
        var decision = result.payload.decision;
        if (result.payload.stopped_now || decision.action === "end_session" || decision.action === "seek_care") {
          showDecision(decision, "After your correction.");
        }
      })
      .catch(function () { editError.textContent = "No connection: the correction was not saved. Try again when you are back online."; });
  });

  // Deleting waits out the undo window on this phone (queued with a due time), then is sent:
  // an undo within it sends nothing, so nothing has to be re-created on the server.
  document.getElementById("edit-delete").addEventListener("click", function () {
    if (!editing) { return; }
    var row = editing;
    editDialog.close();
    var entry = { id: "delete-" + row.dataset.setId, session: sid, kind: "delete", due: Date.now() + UNDO_MS,
                  body: { set_id: row.dataset.setId } };
    setQueue(queue().concat([entry]));
    row.hidden = true;
    undoBox.hidden = false;
    undoBox.dataset.entry = entry.id;
    document.getElementById("undo-text").textContent = "Set deleted.";
    if (undoTimer) { window.clearTimeout(undoTimer); }
    undoTimer = window.setTimeout(function () { undoBox.hidden = true; flush(); }, UNDO_MS);
    scheduleRetry();
  });
  document.getElementById("undo-button").addEventListener("click", function () {
    var id = undoBox.dataset.entry;
    var entry = queue().filter(function (q) { return q.id === id; })[0];
    setQueue(queue().filter(function (q) { return q.id !== id; }));
    if (entry) {
      var row = root.querySelector('.set-row[data-set-id="' + entry.body.set_id + '"]');
      if (row) { row.hidden = false; }
    }
    undoBox.hidden = true;
    if (undoTimer) { window.clearTimeout(undoTimer); undoTimer = null; }
  });
  // deletions still waiting after a reload: their rows stay hidden until they are sent
  queue().filter(function (q) { return q.session === sid && q.kind === "delete"; }).forEach(function (q) {
    var row = root.querySelector('.set-row[data-set-id="' + q.body.set_id + '"]');
    if (row) { row.hidden = true; }
  });
})();
