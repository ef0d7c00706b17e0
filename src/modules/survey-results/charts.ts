/**
 * Bar charts for the DOCX summary, drawn on the server: Apache ECharts renders SVG without a browser (server-side
 * rendering), resvg (a Rust SVG renderer shipped inside its npm package, no download at install) turns it into PNG
 * with the system's fonts (DejaVu, which covers Vietnamese). Both are loaded on first use.
 */

export interface BarChart {
  title: string;
  /** Category labels (unit names, element names) and their values in percent; null values are left out. */
  bars: { label: string; value: number | null }[];
  /** The axis maximum (100 for indices). */
  max?: number;
}

/** Pixel width of the chart; the PNG is drawn at twice this for print. */
export const CHART_WIDTH = 800;

/** The chart's height for its number of bars: horizontal bars, 26 px each, within 220–2400 px. */
export const chartHeight = (bars: number) => Math.min(2400, Math.max(220, 90 + bars * 26));

export async function barChartSvg(chart: BarChart): Promise<{ svg: string; width: number; height: number }> {
  const echarts = await import('echarts');
  const bars = chart.bars.filter((b): b is { label: string; value: number } => b.value !== null);
  const height = chartHeight(bars.length);
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    instance.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'DejaVu Sans' },
      title: { text: chart.title, left: 'center', textStyle: { fontSize: 15 } },
      grid: { left: 10, right: 60, top: 40, bottom: 20, containLabel: true },
      xAxis: { type: 'value', min: 0, max: chart.max ?? 100 },
      // The first bar on top: ECharts draws a category axis from the bottom.
      yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.label), axisLabel: { width: 260, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => b.value),
          itemStyle: { color: '#1c7ed6' },
          label: { show: true, position: 'right', formatter: (p: { value: unknown }) => Number(p.value).toFixed(2).replace('.', ',') },
        },
      ],
    });
    return { svg: instance.renderToSVGString(), width: CHART_WIDTH, height };
  } finally {
    instance.dispose();
  }
}

/** The chart as PNG at twice its size. */
export async function barChartPng(chart: BarChart): Promise<{ png: Buffer; width: number; height: number }> {
  const { svg, width, height } = await barChartSvg(chart);
  const { Resvg } = await import('@resvg/resvg-js');
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return { png, width, height };
}
