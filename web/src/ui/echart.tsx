// One Apache ECharts chart as a Solid component: created on mount (SVG renderer, so what is drawn is in the DOM),
// given each new option, resized with its box and disposed with the component.

import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import { BarChart, LineChart } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { type ComposeOption, init, use } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { createEffect, onCleanup, onMount } from "solid-js";

use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export function EChart(props: { option: ChartOption; testId: string; height?: number }) {
  let box: HTMLDivElement | undefined;
  onMount(() => {
    if (!box) return;
    const chart = init(box, undefined, { renderer: "svg" });
    createEffect(() => chart.setOption(props.option, { notMerge: true }));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(box);
    onCleanup(() => {
      resize.disconnect();
      chart.dispose();
    });
  });
  return <div class="chart" ref={box} data-testid={props.testId} style={{ height: `${props.height ?? 260}px` }} />;
}
