// A small SVG line chart (no library): one line per series over dated points, with a data table for
// screen readers and for anyone who wants the numbers.

import { h, svg, table } from './dom.js';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 44, right: 16, top: 14, bottom: 30 };

function niceMax(value) {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s * 4 >= value);
  return step * 4;
}

/**
 * labels: ['2026-01-01', ...]; series: [{name: 'critical', values: [..same length..]}]
 */
export function lineChart({ labels, series, caption }) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (labels.length < 2 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v) => PAD.top + plotH - (v / max) * plotH;

  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const value = Math.round(max * f);
    return svg('g', { class: 'tick' },
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value) }),
      svg('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, String(value)));
  });
  const xIndexes = [...new Set([0, Math.floor((labels.length - 1) / 2), labels.length - 1])].filter((i) => i >= 0);
  const xLabels = xIndexes.map((i) => svg('text', {
    x: x(i), y: HEIGHT - 8, 'text-anchor': labels.length < 2 ? 'middle' : i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle',
  }, labels[i]));
  // Drawn least severe first, so where lines meet the worse severity stays on top.
  const lines = [...series].reverse().map((s) => svg('g', { class: `series sev-${s.name}` },
    svg('polyline', { points: s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ') }),
    labels.length > 40 ? null : s.values.map((v, i) => svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3 },
      svg('title', null, `${s.name}: ${v} on ${labels[i]}`)))));

  const figure = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': caption },
    svg('g', { class: 'grid' }, grid), lines, svg('g', { class: 'x-labels' }, xLabels));
  const legend = h('ul', { class: 'legend' }, series.map((s) => h('li', { class: `sev-${s.name}` },
    h('span', { class: 'swatch', 'aria-hidden': 'true' }), `${s.name} (${s.values[s.values.length - 1] ?? 0} now)`)));
  const numbers = h('details', { class: 'chart-table' }, h('summary', null, 'Show the numbers'),
    table(['Date', ...series.map((s) => s.name)], labels.map((label, i) => h('tr', null,
      h('th', { scope: 'row' }, label), series.map((s) => h('td', null, String(s.values[i]))))), caption));
  return h('figure', { class: 'chart-figure' }, figure, h('figcaption', null, caption), legend, numbers);
}
