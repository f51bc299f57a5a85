// Stacked bar charts drawn as SVG (no chart library): one bar per bucket, one colour per series.
const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  kids.forEach((k) => el.append(k));
  return el;
}

/**
 * buckets: [{from, values: {series: n}}]; series: [[key, label, cssClass]].
 * Returns a <figure> with the SVG, a legend and a text summary for screen readers.
 */
export function barChart(title, buckets, series) {
  const W = 720, H = 200, pad = { l: 40, r: 8, t: 8, b: 24 };
  const totals = buckets.map((b) => series.reduce((n, [k]) => n + (b.values[k] || 0), 0));
  const max = Math.max(1, ...totals);
  const bw = (W - pad.l - pad.r) / Math.max(1, buckets.length);
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'chart', preserveAspectRatio: 'none' });
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.append(s('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
  }
  buckets.forEach((b, i) => {
    let acc = 0;
    for (const [k, label, cls] of series) {
      const v = b.values[k] || 0;
      if (!v) continue;
      const rect = s('rect', { x: pad.l + i * bw + 1, width: Math.max(1, bw - 2), y: y(acc + v), height: y(acc) - y(acc + v), class: cls });
      rect.append(s('title', {}, `${new Date(b.from).toLocaleString()}: ${v} ${label}`));
      svg.append(rect);
      acc += v;
    }
  });
  const ticks = Math.min(6, buckets.length);
  for (let t = 0; t < ticks; t++) {
    const i = Math.floor((t * buckets.length) / ticks);
    const d = new Date(buckets[i].from);
    const span = buckets.length > 1 ? buckets[buckets.length - 1].from - buckets[0].from : 0;
    const label = span > 2 * 86_400_000 ? `${d.getMonth() + 1}/${d.getDate()}` : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    svg.append(s('text', { x: pad.l + i * bw, y: H - 6, class: 'axis' }, label));
  }
  const sum = (k) => buckets.reduce((n, b) => n + (b.values[k] || 0), 0);
  const fig = document.createElement('figure');
  fig.className = 'chart-box';
  const cap = document.createElement('figcaption');
  cap.textContent = `${title}: ` + series.map(([k, label]) => `${sum(k)} ${label}`).join(', ');
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const [, label, cls] of series) {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = `swatch ${cls}`;
    li.append(sw, label);
    legend.append(li);
  }
  fig.append(cap, svg, legend);
  return fig;
}

/** The histogram API's buckets in the chart's shape. */
export function fromStatistics(stats) {
  return stats.map((b) => ({
    from: b.from,
    values: { ok: b.SUCCEEDED, code: b.CODING_FAILURE, timeout: b.TIMEOUT, platform: b.PLATFORM_FAILURE + (b.UNKOWN || 0) },
  }));
}

export const OUTCOMES = [['ok', 'succeeded', 's-ok'], ['code', 'code errors', 's-bad'], ['timeout', 'timeouts', 's-warn'], ['platform', 'platform errors', 's-muted']];

/** Bucket size (seconds) for a window, within the API's 60..86400. */
export function bucketFor(windowMs) {
  if (windowMs <= 3_600_000) return 120;
  if (windowMs <= 86_400_000) return 3600;
  if (windowMs <= 7 * 86_400_000) return 6 * 3600;
  return 86_400;
}
