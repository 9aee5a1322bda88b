// The dashboard's charts: drawn with ECharts from the JSON in the page (#dashboard-charts);
// every bar opens the list of the rows behind it (so does each figure of the chart's table, for
// the keyboard and screen readers); the charts follow their own width: a narrow one (a phone)
// draws its bars across, each category's name wrapped beside its bar.
(function () {
  "use strict";
  const source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") return;
  const specs = JSON.parse(source.textContent);
  const font = getComputedStyle(document.body).fontFamily;  // the page's (CJK) font
  const palette = ["#a61b29", "#2f6f9f", "#e0a526", "#3c8d5a", "#7a4e9c", "#d8663a",
                   "#5b8c9a", "#9c6b30", "#c94f7c", "#6b7a8f", "#8aa63b"];
  const MET = "#3c8d5a";
  const BELOW = "#a61b29";
  // Below target: hatched as well as red, so that it is not told by colour alone.
  const HATCHED = { symbol: "rect", symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [3, 4],
                    rotation: -Math.PI / 4, color: "rgba(255, 255, 255, 0.55)" };
  const ruler = document.createElement("canvas").getContext("2d");
  const charts = [];

  function narrow(element) { return element.clientWidth < 480; }

  // The legend is never paged: every entry is shown, on as many rows as it takes, and the
  // grid starts below it. ECharts wraps a plain legend itself; its rows are counted here with
  // the same measures (icon 25 + 5, gap 10, rows of 14 with gaps of 10, padding 5).
  function legendHeight(spec, width) {
    if (spec.series.length < 2) return 0;
    ruler.font = "12px " + font;
    let rows = 1;
    let x = 0;
    spec.series.forEach(function (series) {
      const item = 30 + ruler.measureText(series.name).width;
      if (x > 0 && x + item > width - 10) { rows += 1; x = 0; }
      x += item + 10;
    });
    return 10 + rows * 14 + (rows - 1) * 10;
  }

  // A narrow chart's bars across, each category's name above its bar (or group of bars) on
  // the chart's whole width, rather than squeezed beside it.
  const THIN = 12;  // a bar's thickness then
  function group(spec) {
    const bars = spec.stacked ? 1 : spec.series.length;
    return bars * THIN + (bars - 1) * 4;
  }

  function layout(spec, element) {
    const slim = narrow(element);
    const across = spec.kind === "hbar" || slim;
    const legend = legendHeight(spec, element.clientWidth);
    let height = 340 + legend;
    if (across) {  // room for every category, however many
      const bars = spec.stacked ? 1 : spec.series.length;
      const perCategory = slim ? 28 + group(spec)
        : Math.max(spec.lines === 2 ? 40 : 30, 14 + 18 * bars);
      height = Math.max(220, 48 + legend + spec.categories.length * perCategory);
    }
    return { across: across, slim: slim, legend: legend, height: height };
  }

  function targetPoint(point) {
    return {
      value: point.value,
      url: point.url,
      label: point.label,
      note: point.note,
      itemStyle: point.below ? { color: BELOW, decal: HATCHED } : { color: MET },
    };
  }

  function option(spec, element, shape) {
    const across = shape.across;
    const above = across && shape.slim;
    const plotWidth = element.clientWidth - 60;
    const categoryAxis = {
      type: "category",
      // Above the bar a name takes one line: what · where.
      data: above ? spec.categories.map(function (c) { return c.replace("\n", " · "); })
        : spec.categories,
      inverse: across,  // the first category on top, as a list reads
      axisLabel: above ? {
        inside: true, interval: 0, align: "left", verticalAlign: "bottom",
        padding: [0, 0, group(spec) / 2 + 3, 0], margin: 2, color: "#212529",
        width: element.clientWidth - 24, overflow: "truncate",
      } : {
        interval: 0,
        // Names wrap rather than run together or get cut: beside the bars when across,
        // under their column (as wide as it) when upright.
        width: across ? 160 : Math.max(24, plotWidth / spec.categories.length - 4),
        overflow: "break",
        lineHeight: 14,
      },
      axisTick: { show: !above, alignWithLabel: true },
    };
    const valueAxis = { type: "value", minInterval: 1 };
    if (spec.line) {  // the axis reaches the target line at least, and past it when a bar does
      const top = Math.max.apply(null, [spec.line].concat(spec.series[0].data.map(
        function (point) { return point.value || 0; })));
      const step = top <= 200 ? 25 : top <= 400 ? 50 : 100;
      valueAxis.max = Math.ceil(top / step) * step;
      valueAxis.interval = step;
    }
    return {
      color: palette,
      textStyle: { fontFamily: font },
      animation: false,
      // Series told apart by pattern as well as colour; the figures are also in a table.
      aria: { enabled: true, decal: { show: spec.series.length > 1 } },
      // Rendered inside the canvas: no inline HTML styles, which the CSP would refuse.
      tooltip: { trigger: "item", renderMode: "richText", confine: true },
      legend: shape.legend
        ? { type: "plain", top: 0, textStyle: { fontFamily: font } }
        : { show: false },
      grid: {
        left: 8,
        right: across && !spec.stacked ? (spec.line ? 96 : 48) : 24,  // the value after a bar
        top: (spec.line ? 24 : 16) + shape.legend,
        bottom: 8,
        containLabel: true,
      },
      xAxis: across ? valueAxis : categoryAxis,
      yAxis: across ? categoryAxis : valueAxis,
      series: spec.series.map(function (series) {
        const drawn = {
          type: "bar",
          name: series.name,
          stack: spec.stacked ? "total" : undefined,
          barMaxWidth: 28,
          barWidth: above ? THIN : undefined,
          cursor: "pointer",
          label: {
            show: !spec.stacked,
            position: across ? "right" : "top",
            formatter: function (params) {
              const text = params.data.label || params.data.value || "";
              return params.data.note ? text + " " + params.data.note : text;
            },
          },
          data: series.data.map(function (point) {
            return spec.line ? targetPoint(point)
              : { value: point.value, url: point.url, label: point.label };
          }),
        };
        if (spec.line) {
          drawn.markLine = {
            silent: true,
            symbol: "none",
            lineStyle: { color: "#212529", type: "dashed", width: 1 },
            label: { formatter: spec.line + "%", position: "start" },
            data: [across ? { xAxis: spec.line } : { yAxis: spec.line }],
          };
        }
        return drawn;
      }),
    };
  }

  function draw(item) {
    const shape = layout(item.spec, item.element);
    item.element.style.height = shape.height + "px";
    item.chart.resize();
    item.chart.setOption(option(item.spec, item.element, shape), { notMerge: true });
  }

  document.querySelectorAll("[data-chart]").forEach(function (element) {
    const spec = specs[element.dataset.chart];
    if (!spec) return;
    const item = { element: element, spec: spec };
    element.style.height = layout(spec, element).height + "px";
    item.chart = echarts.init(element, null, { renderer: "canvas" });
    item.chart.on("click", function (params) {
      if (params.data && params.data.url) window.location.assign(params.data.url);
    });
    draw(item);
    charts.push(item);
  });

  let pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(draw); }, 150);
  });
})();
