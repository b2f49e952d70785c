/* spinewise progress charts (uPlot). The tables under each chart hold the same data. */
(function () {
  "use strict";
  var node = document.getElementById("progress-data");
  if (!node || !window.uPlot) { return; }
  var data = JSON.parse(node.textContent);
  var patternWords = JSON.parse(document.getElementById("pattern-words").textContent);
  var COLOURS = ["#0b5cad", "#b3541e", "#1e6b34", "#7a4fb0", "#a4161a", "#2a7d8c", "#4a5561", "#8a4b00"];
  var charts = [];

  function day(iso) { return Date.parse(iso + "T12:00:00Z") / 1000; }
  function width(figure) { return Math.max(280, figure.clientWidth); }
  function empty(figure, text) {
    var p = document.createElement("p");
    p.className = "chart-empty";
    p.textContent = text;
    figure.appendChild(p);
  }
  // --- the time axis: ticks on whole days, weeks, months or years, whatever the span ----
  // Dates are drawn at noon UTC and labelled in UTC, so a label never slips to the next
  // or previous day in the browser's time zone.
  var DAY = 86400;
  var MIN_TICK_PX = 56;  // room between two ticks for "12 Dec" (the year only on the first label)
  var STEPS = [["day", 1], ["day", 2], ["week", 1], ["week", 2], ["month", 1], ["month", 2], ["month", 3],
               ["month", 6], ["year", 1], ["year", 2], ["year", 5], ["year", 10]];
  function noon(date) { return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 12) / 1000; }
  function ticksFor(min, max, unit, n, anchor) {
    var out = [];
    var d = new Date(min * 1000);
    var t;
    if (unit === "day") {  // counted back from the anchor (the last session), so its day has a tick
      t = noon(new Date(Math.min(max, anchor) * 1000));
      if (t > max) { t -= DAY; }
      for (; t >= min; t -= n * DAY) { out.unshift(t); }
      for (t = out.length ? out[out.length - 1] + n * DAY : max + 1; t <= max; t += n * DAY) { out.push(t); }
      return out;
    }
    if (unit === "week") {  // on Mondays
      t = noon(d);
      if (t < min) { t += DAY; }
      while (new Date(t * 1000).getUTCDay() !== 1) { t += DAY; }
      for (; t <= max; t += n * 7 * DAY) { out.push(t); }
      return out;
    }
    var year = d.getUTCFullYear();
    var month = unit === "year" ? 0 : d.getUTCMonth();
    for (var guard = 0; guard < 2000; guard++) {
      t = Date.UTC(year, month, 1, 12) / 1000;
      if (t > max) { break; }
      var aligned = unit === "year" ? year % n === 0 : month % n === 0;
      if (t >= min && aligned) { out.push(t); }
      if (unit === "year") { year += 1; } else { month += 1; if (month > 11) { month = 0; year += 1; } }
    }
    return out;
  }
  function label(t, unit, withYear) {
    var d = new Date(t * 1000);
    var options = { timeZone: "UTC" };
    if (unit === "year") { options.year = "numeric"; }
    else if (unit === "month") { options.month = "short"; if (withYear) { options.year = "numeric"; } }
    else { options.day = "numeric"; options.month = "short"; if (withYear) { options.year = "numeric"; } }
    return d.toLocaleDateString(undefined, options);
  }
  /* Ticks and labels for dates from min to max (seconds) on an axis widthPx wide: the
     finest step that leaves MIN_TICK_PX between ticks (day steps counted back from
     anchor, the last session's date); the year on the first label and wherever it changes. */
  function timeAxis(min, max, widthPx, anchor) {
    if (anchor === undefined || anchor === null) { anchor = max; }
    var room = Math.max(2, Math.floor(widthPx / MIN_TICK_PX));
    var chosen = STEPS[0];
    var ticks = ticksFor(min, max, "day", 1, anchor);
    for (var i = 0; i < STEPS.length; i++) {
      var found = ticksFor(min, max, STEPS[i][0], STEPS[i][1], anchor);
      if (!found.length) { break; }  // coarser than the span: thin the finer ticks below
      chosen = STEPS[i];
      ticks = found;
      if (found.length <= room) { break; }
    }
    if (ticks.length > room) {
      var every = Math.ceil(ticks.length / room);
      ticks = ticks.filter(function (t, k) { return k % every === 0; });
    }
    if (!ticks.length) { ticks = [noon(new Date(((min + max) / 2) * 1000))]; }
    var unit = chosen[0];
    var labels = ticks.map(function (t, k) {
      var year = new Date(t * 1000).getUTCFullYear();
      var before = k > 0 ? new Date(ticks[k - 1] * 1000).getUTCFullYear() : null;
      return label(t, unit, k === 0 || year !== before);
    });
    return { unit: unit, step: chosen[1], ticks: ticks, labels: labels, width: Math.round(widthPx) };
  }
  window.spinewiseTimeAxis = timeAxis;  // for the browser tests
  // one day or a few days: a day and a half either side, so one session is not a point at the edge
  function xRange(u, min, max) {
    // from the data itself: for a single date uPlot hands over a made-up span of 1000 days
    var xs = u.data && u.data[0];
    if (xs && xs.length) { min = xs[0]; max = xs[xs.length - 1]; }
    if (min === null || max === null) { return [min, max]; }
    if (max - min < 6 * DAY) { return [min - 1.5 * DAY, max + 1.5 * DAY]; }
    var pad = (max - min) * 0.03;
    return [min - pad, max + pad];
  }
  function dateAxis() {
    return {
      splits: function (u, axisIdx, min, max) {
        var xs = u.data && u.data[0];
        var axis = timeAxis(min, max, u.bbox.width / (window.devicePixelRatio || 1),
                            xs && xs.length ? xs[xs.length - 1] : null);
        u.__timeLabels = axis;
        // the labels are drawn on a canvas: kept on the figure too, for tests and tools
        u.root.parentNode.dataset.timeAxis = JSON.stringify(axis);
        return axis.ticks;
      },
      values: function (u, ticks) {
        var axis = u.__timeLabels;
        return ticks.map(function (t) {
          var k = axis ? axis.ticks.indexOf(t) : -1;
          return k >= 0 ? axis.labels[k] : label(t, "day", true);
        });
      },
    };
  }

  function painChart() {
    var figure = document.getElementById("chart-pain");
    if (!figure) { return; }
    if (!data.pain.length) { empty(figure, "No sessions yet: the chart appears after your first logged session."); return; }
    var loads = {};
    data.training_load.forEach(function (r) { loads[r.session_id] = r.load; });
    var xs = [], during = [], after = [], morning = [], load = [];
    data.pain.forEach(function (r) {
      xs.push(day(r.date));
      during.push(r.during); after.push(r.after); morning.push(r.next_morning);
      load.push(loads[r.session_id] === undefined ? null : loads[r.session_id]);
    });
    var opts = {
      width: width(figure), height: 260,
      scales: { x: { time: true, range: xRange }, pain: { range: [0, 10] }, load: { range: function (u, min, max) { return [0, Math.max(10, (max || 0) * 1.2)]; } } },
      axes: [dateAxis(), { scale: "pain", label: "Pain (0-10)" }, { scale: "load", side: 1, label: "Load", grid: { show: false } }],
      series: [
        {},
        { label: "During", scale: "pain", stroke: COLOURS[0], width: 2, points: { size: 7 } },
        { label: "After", scale: "pain", stroke: COLOURS[1], width: 2, dash: [8, 4], points: { size: 7 } },
        { label: "Next morning", scale: "pain", stroke: COLOURS[2], width: 2, dash: [2, 4], points: { size: 7 } },
        { label: "Load", scale: "load", stroke: COLOURS[6], fill: "rgba(74,85,97,0.15)", width: 1,
          paths: uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.4, 40] }) : undefined, points: { show: false } },
      ],
    };
    charts.push([figure, new uPlot(opts, [xs, during, after, morning, load], figure)]);
    figure.dataset.drawn = "true";
  }

  function volumeChart() {
    var figure = document.getElementById("chart-volume");
    if (!figure) { return; }
    if (!data.volume_by_pattern.length) { empty(figure, "No sets logged yet."); return; }
    var weeks = [], patterns = [];
    data.volume_by_pattern.forEach(function (r) {
      if (weeks.indexOf(r.week) < 0) { weeks.push(r.week); }
      if (patterns.indexOf(r.pattern) < 0) { patterns.push(r.pattern); }
    });
    weeks.sort();
    var columns = [weeks.map(day)];
    patterns.forEach(function (pattern) {
      columns.push(weeks.map(function (w) {
        var row = data.volume_by_pattern.filter(function (r) { return r.week === w && r.pattern === pattern; })[0];
        return row ? row.sets : 0;
      }));
    });
    var series = [{}].concat(patterns.map(function (pattern, i) {
      return { label: patternWords[pattern] || pattern, stroke: COLOURS[i % COLOURS.length], width: 2,
               dash: i % 2 ? [6, 3] : undefined, points: { size: 6 } };
    }));
    var opts = { width: width(figure), height: 240, scales: { x: { time: true, range: xRange } },
                 axes: [dateAxis(), { label: "Sets" }], series: series };
    charts.push([figure, new uPlot(opts, columns, figure)]);
    figure.dataset.drawn = "true";
  }

  painChart();
  volumeChart();
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      charts.forEach(function (pair) { pair[1].setSize({ width: width(pair[0]), height: pair[1].height }); });
    }, 150);
  });
})();
