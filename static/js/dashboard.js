// The dashboard's charts: drawn with ECharts from the JSON in the page (#dashboard-charts);
// every bar opens the list of the rows behind it (so does each figure of the chart's table, for
// the keyboard and screen readers); the charts follow the window's width.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") return;
  const specs = JSON.parse(source.textContent);
  const font = getComputedStyle(document.body).fontFamily;  // the page's (CJK) font
  const palette = ["#a61b29", "#2f6f9f", "#e0a526", "#3c8d5a", "#7a4e9c", "#d8663a",
                   "#5b8c9a", "#9c6b30", "#c94f7c", "#6b7a8f", "#8aa63b"];
  const charts = [];

  function narrow() { return window.innerWidth < 576; }

  function option(spec) {
    const horizontal = spec.kind === "hbar";
    const several = spec.series.length > 1;
    const scrolling = spec.series.length > 4;  // a few legend entries wrap, many scroll
    const legendRows = !several ? 0 : scrolling ? 1 : narrow() ? 2 : 1;
    const categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: horizontal,  // the first category on top, as a list reads
      axisLabel: {
        interval: 0,
        width: narrow() ? (spec.lines === 2 ? 110 : 72) : 160,
        lineHeight: 14,
        overflow: "truncate",
        // Every community and month named: turned on a phone rather than left out.
        rotate: !horizontal && narrow() && spec.categories.length > 3 ? 40 : 0,
      },
      axisTick: { alignWithLabel: true },
    };
    const valueAxis = { type: "value", minInterval: 1, max: spec.max || null };
    return {
      color: palette,
      textStyle: { fontFamily: font },
      animation: false,
      // Series told apart by pattern as well as colour; the figures are also in a table.
      aria: { enabled: true, decal: { show: several } },
      // Rendered inside the canvas: no inline HTML styles, which the CSP would refuse.
      tooltip: { trigger: "item", renderMode: "richText", confine: true },
      legend: several
        ? { type: scrolling ? "scroll" : "plain", top: 0, textStyle: { fontFamily: font } }
        : { show: false },
      grid: {
        left: 8,
        right: horizontal && !spec.stacked ? 72 : 24,  // room for the value after a bar
        top: 12 + 26 * legendRows,
        bottom: 8,
        containLabel: true,
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (series) {
        return {
          type: "bar",
          name: series.name,
          stack: spec.stacked ? "total" : undefined,
          barMaxWidth: 28,
          cursor: "pointer",
          label: {
            show: !spec.stacked,
            position: horizontal ? "right" : "top",
            formatter: function (params) { return params.data.label || params.data.value || ""; },
          },
          data: series.data.map(function (point) {
            return { value: point.value, url: point.url, label: point.label };
          }),
        };
      }),
    };
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    const spec = specs[element.dataset.chart];
    if (!spec) return;
    if (spec.kind === "hbar") {  // room for every category, however many
      const perBar = spec.lines === 2 ? 40 : 30;
      element.style.height = Math.max(220, 60 + spec.categories.length * perBar) + "px";
    }
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    chart.on("click", function (params) {
      if (params.data && params.data.url) window.location.assign(params.data.url);
    });
    charts.push({ chart: chart, spec: spec });
  });

  let pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (item) {
        item.chart.setOption(option(item.spec), { notMerge: true });
        item.chart.resize();
      });
    }, 150);
  });
})();
