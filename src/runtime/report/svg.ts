// Renders a vega-lite spec to an SVG string in Node: vega-lite compiles it to a vega spec, and
// vega's headless View renders that to SVG. No browser and no canvas: without node-canvas, vega
// estimates text widths, which is close enough for axis labels and titles.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type VegaLiteSpec = TopLevelSpec;

/** One look for every figure: white background, legible sizes, no chart border. */
const FIGURE_CONFIG: TopLevelSpec['config'] = {
  background: 'white',
  // No aria-label on every mark: a label per point bloats the SVG and helps no screen-reader user.
  aria: false,
  padding: 8,
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 12, titleFontSize: 13, titlePadding: 8, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12 },
  header: { labelFontSize: 13, titleFontSize: 13 },
};

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...FIGURE_CONFIG, ...spec.config } } as TopLevelSpec;
  const { spec: vgSpec } = compile(withConfig);
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
