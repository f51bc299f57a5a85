// Play: a test invocation (answered with logs, not recorded). Headers and payload are edited as
// JSON and checked before sending; an event's function with no sample payload of its own starts
// from the event's sample (GET /templates). The answer shows the result, duration, cold or warm
// start, the logs by level, and a failure's error code in words.
import { api } from '../api.js';
import { h, clear, status, fmtMs, CODES, describe } from '../ui.js';
import { jsonEditor, text } from '../editor.js';

const LEVELS = ['Debug', 'Info', 'Warn', 'Error'];

export function playPage(main, _params, uuid) {
  const msg = status();
  const headersBox = h('div', { class: 'editor small-editor', id: 'play-headers' });
  const payloadBox = h('div', { class: 'editor small-editor', id: 'play-payload' });
  const out = h('section', { class: 'play-out', 'aria-live': 'polite', 'aria-labelledby': 'out-title' });
  const run = h('button', { type: 'button', class: 'primary', onclick: invoke }, 'Invoke');
  const title = h('h1', {}, 'Play');
  let headersView, payloadView;
  clear(main,
    h('div', { class: 'page-head' }, title, h('div', { class: 'actions' }, run, h('a', { class: 'button', href: `#/functions/${uuid}` }, 'Back to the code'))),
    msg,
    h('div', { class: 'play-grid' },
      h('section', { 'aria-labelledby': 'in-title' },
        h('h2', { id: 'in-title' }, 'Input'),
        h('h3', { id: 'hdr-title' }, 'Headers (a JSON array of {"key", "value"})'), headersBox,
        h('h3', { id: 'pl-title' }, 'Payload (JSON)'), payloadBox),
      out));

  api.get(`/lambdas/${uuid}`).then(async ([fn]) => {
    title.textContent = `Play: ${fn.name}`;
    const sample = fn.samplePayload || { headers: [], payload: {} };
    let payload = sample.payload === undefined ? {} : sample.payload;
    if (fn.eventId && isEmpty(payload)) payload = await eventSample(fn.eventId, payload);
    if (!payloadBox.isConnected) return;
    headersView = jsonEditor(headersBox, JSON.stringify(sample.headers || [], null, 2), 'Headers JSON');
    payloadView = jsonEditor(payloadBox, JSON.stringify(payload, null, 2), 'Payload JSON');
    if (fn.state !== 'Productive' && fn.state !== 'Modified') msg.error({ message: `The function is ${fn.state}: deploy it before invoking.` });
  }).catch((e) => msg.error(e));

  function isEmpty(v) { return v === null || (typeof v === 'object' && Object.keys(v).length === 0); }

  /** The sample payload of the function's event (GET /templates), or `fallback`. */
  async function eventSample(eventId, fallback) {
    try {
      const t = (await api.get(`/templates?eventId=${encodeURIComponent(eventId)}`)).find((x) => x.eventId === eventId);
      return t && t.samplePayload !== undefined ? t.samplePayload : fallback;
    } catch (e) { return fallback; }
  }

  function parse(view, what) {
    try { return JSON.parse(text(view)); } catch (e) { throw new Error(`${what} is not valid JSON: ${e.message}`); }
  }

  function logList(logs) {
    const shown = new Set(LEVELS);
    const list = h('ol', { class: 'logs' });
    const draw = () => clear(list, logs.filter((l) => shown.has(l.level)).map((l) => h('li', { class: `log ${l.level.toLowerCase()}` },
      h('span', { class: 'level' }, l.level), ' ', h('span', { class: 'message' }, l.message),
      l.extras && l.extras.length ? h('code', { class: 'extras' }, ' ', JSON.stringify(l.extras)) : null)));
    const boxes = h('fieldset', { class: 'choice' }, h('legend', {}, 'Levels'), LEVELS.map((lv) => {
      const id = `play-level-${lv}`;
      return h('span', {}, h('input', { type: 'checkbox', id, checked: true, onchange: (e) => { if (e.target.checked) shown.add(lv); else shown.delete(lv); draw(); } }), h('label', { for: id }, `${lv} (${logs.filter((l) => l.level === lv).length})`));
    }));
    draw();
    return [boxes, logs.length ? list : h('p', { class: 'empty' }, 'No logs.')];
  }

  async function invoke() {
    msg.clear();
    let headers, payload;
    try {
      headers = parse(headersView, 'Headers');
      payload = parse(payloadView, 'Payload');
      if (!Array.isArray(headers)) throw new Error('Headers must be a JSON array of {"key": …, "value": …}');
    } catch (e) { msg.error(e); return; }
    run.disabled = true;
    const t0 = performance.now();
    try {
      const r = await api.post(`/lambdas/${uuid}/invoke?v=1`, { timestamp: Date.now(), headers, payload });
      const st = r.stats || {};
      clear(out, h('h2', { id: 'out-title' }, 'Result'),
        h('p', { class: 'result-ok' }, 'Succeeded in ', h('strong', { class: 'duration' }, fmtMs(st.durationMs ?? performance.now() - t0)), `, ${st.coldStart ? 'cold start' : 'warm'}`, st.coldStart && st.initMs ? ` (init ${fmtMs(st.initMs)})` : ''),
        h('pre', { class: 'result' }, JSON.stringify(r.result, null, 2)),
        h('h3', {}, 'Logs'), logList(r.logs || []));
    } catch (e) {
      clear(out, h('h2', { id: 'out-title' }, 'Result'),
        h('p', { class: 'result-error', role: 'alert' }, h('strong', {}, e.code || `HTTP ${e.status}`), ': ', e.message),
        e.code && CODES[e.code] ? h('p', { class: 'explain' }, `What it means: ${CODES[e.code]}.`) : h('p', { class: 'explain' }, describe(e)),
        h('h3', {}, 'Logs'), logList(e.logs || []));
    } finally { run.disabled = false; }
  }
  return () => { if (headersView) headersView.destroy(); if (payloadView) payloadView.destroy(); };
}
