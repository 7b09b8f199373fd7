// What the site's charts use (docs/javascripts/ogi-charts.js): lines and bars on a grid, a legend, drawn as
// SVG (text in the page's own fonts, Chinese included). Bundled into docs/javascripts/vendor/echarts.min.js.
import * as echarts from "echarts/core";
import { LineChart, BarChart } from "echarts/charts";
import { GridSimpleComponent, LegendComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, GridSimpleComponent, LegendComponent, SVGRenderer]);
window.echarts = echarts;
