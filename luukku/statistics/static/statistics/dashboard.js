/*
 * Tietojohtaminen: draws each indicator's chart as inline SVG from Indicator.as_json() (the server puts the same
 * JSON as the API's in a data block beside each table), and when a filter changes fetches the figures again from
 * the JSON API, redraws each chart and its table and updates the address. Without this script the page still
 * works: the filter is a GET form and the server renders every table.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var UNIT_SUFFIX = { percent: " %", days: " pv", hours: " h", eur: " €" };
  var WIDTH = 640;
  var PLOT_HEIGHT = 200;
  var lang = document.documentElement.lang || "fi";
  var form = document.querySelector("[data-testid=dashboard-filters]");
  var status = document.querySelector("[data-testid=dashboard-status]");
  var texts = status ? status.dataset : {};
  var generation = 0;

  function svgNode(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function htmlNode(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function format(value, unit) {
    if (value === null || value === undefined) { return "–"; }
    var decimals = unit === "percent" || !Number.isInteger(value) ? 1 : 0;
    var number = new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return number.format(value) + (UNIT_SUFFIX[unit] || "");
  }

  function finnishDate(iso) {
    var parts = (iso || "").split("-");
    return parts.length === 3 ? Number(parts[2]) + "." + Number(parts[1]) + "." + parts[0] : iso;
  }

  /* The step of the four grid lines: 1, 2 or 5 times a power of ten (whole numbers for counts). */
  function niceStep(max, unit) {
    var raw = max / 4;
    if (unit === "percent" && max <= 100) { return 25; }
    if (!(raw > 0)) { return unit === "count" ? 1 : 0.25; }
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (v) { return v >= raw; })[0];
    return unit === "count" ? Math.max(1, Math.ceil(step)) : step;
  }

  function valueOf(row, series) {
    var value = row.values[series.key];
    return typeof value === "number" ? value : null;
  }

  /*
   * The series one chart can show on one scale: those of the first series' unit (counts beside their shares
   * are in the table only); a line chart of a trend shows the shares when there are any; a stacked bar leaves out
   * the "total" column, which is the stack's own height.
   */
  function chartedSeries(data) {
    var series = data.series.filter(function (s) { return !(data.chart === "stacked_bar" && s.key === "total"); });
    if (!series.length) { return []; }
    var unit = series[0].unit;
    if (data.chart === "line" && series.some(function (s) { return s.unit === "percent"; })) { unit = "percent"; }
    return series.filter(function (s) { return s.unit === unit; });
  }

  /* One chart: bar (grouped when there are several series), stacked_bar or line, drawn as SVG. */
  function drawChart(container, data) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    var series = chartedSeries(data);
    var rows = data.rows;
    if (!rows.length || !series.length) { return; }
    var kind = data.chart;
    var legendRows = series.length > 1 ? series.length : 0;
    var rotate = rows.length > 6;
    var left = 56;
    var right = 12;
    var top = 12 + legendRows * 20;
    var bottom = rotate ? 72 : 32;
    var plotW = WIDTH - left - right;
    var plotH = PLOT_HEIGHT;
    var height = top + plotH + bottom;
    var max = 0;
    rows.forEach(function (row) {
      var sum = 0;
      series.forEach(function (s) {
        var value = valueOf(row, s) || 0;
        sum += Math.max(value, 0);
        max = Math.max(max, value);
      });
      if (kind === "stacked_bar") { max = Math.max(max, sum); }
    });
    var step = niceStep(max, series[0].unit);
    max = step * 4;
    var y = function (value) { return top + plotH - (Math.max(value, 0) / max) * plotH; };
    var band = plotW / rows.length;
    var unit = series[0].unit;
    var svg = svgNode("svg", {
      viewBox: "0 0 " + WIDTH + " " + height,
      role: "img",
      "aria-label": data.title + " – " + (texts.chartSummary || "") + " (" +
        series.map(function (s) { return s.label; }).join(", ") + ")",
      "data-testid": "chart-svg",
      "data-chart": kind,
    });
    for (var tick = 0; tick <= 4; tick += 1) {
      var tickValue = step * tick;
      var tickY = y(tickValue);
      svg.appendChild(svgNode("line", { class: tick ? "grid" : "axis", x1: left, x2: WIDTH - right, y1: tickY, y2: tickY }));
      svg.appendChild(svgNode("text", { x: left - 6, y: tickY + 4, "text-anchor": "end" }, format(tickValue, unit)));
    }
    rows.forEach(function (row, index) {
      var centre = left + band * (index + 0.5);
      var label = svgNode("text", rotate
        ? { x: centre, y: top + plotH + 14, "text-anchor": "end", transform: "rotate(-40 " + centre + " " + (top + plotH + 14) + ")" }
        : { x: centre, y: top + plotH + 18, "text-anchor": "middle" }, row.label);
      svg.appendChild(label);
    });
    if (kind === "line") {
      series.forEach(function (s, si) {
        var points = [];
        rows.forEach(function (row, index) {
          var value = valueOf(row, s);
          if (value === null) { return; }
          var x = left + band * (index + 0.5);
          points.push(x + "," + y(value));
          var dot = svgNode("circle", {
            class: "point s" + (si % 6), cx: x, cy: y(value), r: 3.5,
            "data-row": row.key, "data-series": s.key, "data-value": String(value),
          });
          dot.appendChild(svgNode("title", {}, row.label + ", " + s.label + ": " + format(value, s.unit)));
          svg.appendChild(dot);
        });
        svg.insertBefore(svgNode("polyline", { class: "line s" + (si % 6), points: points.join(" ") }), svg.firstChild);
      });
    } else {
      var inner = band * 0.8;
      var barWidth = kind === "stacked_bar" ? inner : inner / series.length;
      rows.forEach(function (row, index) {
        var x0 = left + band * index + band * 0.1;
        var stack = 0;
        series.forEach(function (s, si) {
          var value = valueOf(row, s);
          if (value === null) { return; }
          var base = kind === "stacked_bar" ? stack : 0;
          var top_ = y(base + value);
          var height = y(base) - top_;
          var x = kind === "stacked_bar" ? x0 : x0 + barWidth * si;
          var rect = svgNode("rect", {
            class: "bar s" + (si % 6), x: x, y: top_, width: Math.max(barWidth - 1, 1), height: Math.max(height, 0),
            "data-row": row.key, "data-series": s.key, "data-value": String(value),
          });
          rect.appendChild(svgNode("title", {}, row.label + ", " + s.label + ": " + format(value, s.unit)));
          svg.appendChild(rect);
          if (kind === "stacked_bar") { stack += Math.max(value, 0); }
        });
      });
    }
    if (legendRows) {
      series.forEach(function (s, si) {
        var lx = left;
        var ly = 6 + si * 20;
        svg.appendChild(svgNode("rect", { class: "s" + (si % 6), x: lx, y: ly, width: 12, height: 12 }));
        svg.appendChild(svgNode("text", { x: lx + 16, y: ly + 11 }, s.label));
      });
    }
    container.appendChild(svg);
  }

  function casesLink(section, row, query) {
    var params = new URLSearchParams(query);
    params.set("row", row.drilldown);
    var text = (texts.caseLink || "%(label)s").replace("%(label)s", row.label);
    return htmlNode("a", { href: section.dataset.cases + "?" + params.toString() }, text);
  }

  function cell(value, unit) {
    return htmlNode("td", { "data-value": value === null || value === undefined ? "" : String(value) }, format(value, unit));
  }

  /* The accessible table, rebuilt from the same JSON as the chart. */
  function fillTable(section, data, query) {
    var table = section.querySelector("table");
    var drilldown = data.rows.some(function (row) { return row.drilldown; });
    var caption = table.querySelector("caption");
    caption.textContent = data.title + " " + finnishDate(data.filters.start) + "–" + finnishDate(data.filters.end);
    var headRow = table.querySelector("thead tr");
    while (headRow.children.length > 1) { headRow.removeChild(headRow.lastChild); }
    data.series.forEach(function (s) { headRow.appendChild(htmlNode("th", { scope: "col", class: "num" }, s.label)); });
    if (drilldown) { headRow.appendChild(htmlNode("th", { scope: "col" }, texts.cases || "")); }
    var body = table.querySelector("tbody");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    data.rows.forEach(function (row) {
      var tr = htmlNode("tr");
      tr.appendChild(htmlNode("th", { scope: "row" }, row.label));
      data.series.forEach(function (s) { tr.appendChild(cell(row.values[s.key], s.unit)); });
      if (drilldown) {
        var td = htmlNode("td");
        if (row.drilldown) { td.appendChild(casesLink(section, row, query)); }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
    if (!data.rows.length) {
      var empty = htmlNode("tr");
      empty.appendChild(htmlNode("td", { colspan: String(data.series.length + 1) }, texts.empty || ""));
      body.appendChild(empty);
    }
    var foot = table.querySelector("tfoot");
    if (foot) { table.removeChild(foot); }
    if (data.totals && Object.keys(data.totals).length) {
      foot = htmlNode("tfoot");
      var totalRow = htmlNode("tr");
      totalRow.appendChild(htmlNode("th", { scope: "row" }, texts.total || ""));
      data.series.forEach(function (s) { totalRow.appendChild(cell(data.totals[s.key], s.unit)); });
      if (drilldown) { totalRow.appendChild(htmlNode("td")); }
      foot.appendChild(totalRow);
      table.appendChild(foot);
    }
    var csv = section.querySelector(".csv-link");
    if (csv) { csv.setAttribute("href", section.dataset.api + "?" + query + (query ? "&" : "") + "format=csv"); }
  }

  function render(section, data, query) {
    var chart = section.querySelector("[data-testid=chart]");
    if (chart) { drawChart(chart, data); }
    if (query !== null) { fillTable(section, data, query); }
  }

  function currentQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value) { params.append(key, value); } });
    return params.toString();
  }

  function periodValid() {
    var start = form.elements.start.value;
    var end = form.elements.end.value;
    return form.checkValidity() && start && end && start <= end;
  }

  function refresh() {
    var query = currentQuery();
    var address = window.location.pathname + "?" + query;
    var sections = Array.prototype.slice.call(document.querySelectorAll("[data-testid=indicator]"));
    generation += 1;
    var mine = generation;
    window.history.pushState(null, "", address);
    if (status) { status.textContent = texts.loading || ""; }
    // One request at a time: a dashboard has some fifteen figures, and the server need not answer them at once.
    var results = [];
    sections.reduce(function (previous, section) {
      return previous.then(function () {
        if (mine !== generation) { return null; }
        return fetch(section.dataset.api + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          })
          .then(function (data) { results.push(data); });
      });
    }, Promise.resolve()).then(function () {
      if (mine !== generation) { return; }
      results.forEach(function (data, index) { render(sections[index], data, query); });
      if (status) { status.textContent = texts.updated || ""; }
    }).catch(function () {
      // The API did not answer with figures: the server renders the same filter as a whole page.
      if (mine === generation) { window.location.assign(address); }
    });
  }

  document.querySelectorAll("[data-testid=indicator]").forEach(function (section) {
    var block = document.getElementById(section.dataset.json);
    if (block) { render(section, JSON.parse(block.textContent), null); }
  });

  if (!form || !window.fetch || !window.history.pushState) { return; }
  form.addEventListener("change", function () { if (periodValid()) { refresh(); } });
  form.addEventListener("submit", function (event) {
    if (periodValid()) {
      event.preventDefault();
      refresh();
    }
  });
  form.querySelectorAll("a[data-start]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      form.elements.start.value = link.dataset.start;
      form.elements.end.value = link.dataset.end;
      refresh();
    });
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
}());
