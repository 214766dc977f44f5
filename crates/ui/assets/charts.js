// Draws the dashboard's charts with uPlot from the JSON the page carries
// (#chart-data). Each chart's numbers are also in a table on the page.
(function () {
  "use strict";
  var colours = { client: "#2656c9", customer: "#1e7a46", consumer: "#b36b00", internal: "#777777", prospect: "#7d3cbf" };

  // The legend names the series; the values are in the tables, so it does
  // not show "--" for each while the pointer is elsewhere.
  var legend = { live: false };

  // Numbers on the axes as the reader's language writes them ("3,2", not "3.2").
  var locale = "en";
  function numbers(u, ticks) { return ticks.map(function (t) { return t.toLocaleString(locale); }); }

  function width(el) { return Math.max(260, Math.floor(el.getBoundingClientRect().width)); }

  // Months are positions named by the page, in the reader's language: uPlot's
  // own time axis would name them in English.
  function trend(el, d) {
    var name = function (i) { return d.labels[i] || ""; };
    var series = [{ label: d.x_label, value: function (u, i) { return name(i); } }], rows = [d.x];
    d.series.forEach(function (s) {
      series.push({ label: s.label, stroke: colours[s.kind] || "#333", width: 2 });
      rows.push(s.values);
    });
    return new uPlot({
      width: width(el), height: 260, series: series, legend: legend,
      scales: { x: { time: false } },
      axes: [{ values: function (u, ticks) { return ticks.map(name); } }, {}]
    }, rows, el);
  }

  function bars(el, d) {
    var xs = d.counts.map(function (_, i) { return i; });
    return new uPlot({
      width: width(el), height: 240, legend: legend,
      scales: { x: { time: false, range: [-0.5, xs.length - 0.5] } },
      series: [{ label: d.x_label, value: function (u, i) { return d.labels[i] || ""; } }, { label: d.label, fill: "rgba(38, 86, 201, 0.35)", stroke: "#2656c9", paths: uPlot.paths.bars({ size: [0.8] }) }],
      // Bands are named by their range: room for each name, so that they do not overlap.
      axes: [{ space: 110, values: function (u, ticks) { return ticks.map(function (t) { return d.labels[t] || ""; }); } }, { values: numbers }]
    }, [xs, d.counts], el);
  }

  function forecast(el, d) {
    return new uPlot({
      width: width(el), height: 260, legend: legend,
      scales: { x: { time: false }, tx: {}, rev: {} },
      series: [
        { label: d.week_label },
        { label: d.transactions_label, stroke: "#1e7a46", width: 2, scale: "tx" },
        { label: d.revenue_label, stroke: "#2656c9", width: 2, scale: "rev" }
      ],
      axes: [{}, { scale: "tx", values: numbers, label: d.transactions_label }, { scale: "rev", side: 1, grid: { show: false }, values: numbers, label: d.revenue_label }]
    }, [d.weeks, d.transactions, d.revenue], el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("chart-data");
    if (!source || !window.uPlot) return;
    var data = JSON.parse(source.textContent);
    locale = data.locale || locale;
    var drawn = [];
    [["chart-trend", data.trend, trend], ["chart-distribution", data.distribution, bars], ["chart-forecast", data.forecast, forecast]]
      .forEach(function (chart) {
        var el = document.getElementById(chart[0]);
        if (el && chart[1]) drawn.push([el, chart[2](el, chart[1])]);
      });
    window.addEventListener("resize", function () {
      drawn.forEach(function (pair) { pair[1].setSize({ width: width(pair[0]), height: pair[1].height }); });
    });
  });
})();
