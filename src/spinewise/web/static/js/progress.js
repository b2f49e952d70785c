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
  function dateAxis() {
    return { values: function (u, ticks) {
      return ticks.map(function (t) {
        var d = new Date(t * 1000);
        return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
      });
    } };
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
      scales: { x: { time: true }, pain: { range: [0, 10] }, load: { range: function (u, min, max) { return [0, Math.max(10, (max || 0) * 1.2)]; } } },
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
    var opts = { width: width(figure), height: 240, scales: { x: { time: true } },
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
