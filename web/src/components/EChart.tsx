import { Box } from '@mantine/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the pages draw is registered, so the chart chunk stays small (no full `echarts` import).
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

interface Props {
  option: ChartOption;
  /** CSS height of the chart; the width follows the container. */
  height: number | string;
  /** Read by screen readers instead of the canvas. */
  ariaLabel: string;
  testId?: string;
}

/**
 * Apache ECharts on a div: created once, given the option on every change, resized with the window and
 * with its container (the navbar folding on a phone changes the width without a window resize), and
 * disposed on unmount.
 */
export function EChart({ option, height, ariaLabel, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
    observer?.observe(el);
    return () => {
      window.removeEventListener('resize', resize);
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: a smaller block or another language must not keep series or labels of the previous option.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return <Box ref={ref} h={height} w="100%" role="img" aria-label={ariaLabel} data-testid={testId} />;
}
