// DOM helpers shared by the pages: element builder, status messages, dialogs, formatting, and the
// platform's error codes explained in words (seed-error-codes.md).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

let fieldIds = 0;
/** A labelled form field: `input` is an element; the label points at it. */
export function field(label, input, hint) {
  if (!input.id) input.id = `f${++fieldIds}`;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('small', { class: 'hint' }, hint) : null);
}

/** A status line (role=status, or alert for errors) that pages reuse. */
export function status() {
  const el = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  el.ok = (msg) => { el.className = 'status ok'; el.setAttribute('role', 'status'); el.textContent = msg; };
  el.error = (e) => { el.className = 'status error'; el.setAttribute('role', 'alert'); el.textContent = describe(e); };
  el.clear = () => { el.className = 'status'; el.textContent = ''; };
  return el;
}

/** A failure in words: the message, and the error code's meaning when it has one. */
export function describe(e) {
  if (!e) return '';
  const meaning = e.code && CODES[e.code];
  return meaning && !String(e.message).includes(meaning) ? `${e.message} — ${meaning} (${e.code})` : e.code ? `${e.message} (${e.code})` : String(e.message || e);
}

export const CODES = {
  'com.liveperson.faas.es.general': 'a general error with no specific or known reason',
  'com.liveperson.faas.es.unavailable': 'a remote system could not be reached; retry later',
  'com.liveperson.faas.es.badinput': 'the request was in the wrong format or a value was missing',
  'com.liveperson.faas.es.notdeployed': 'the function is not deployed',
  'com.liveperson.faas.es.missinglambda': 'the function does not exist',
  'com.liveperson.faas.handler.custom-failure': 'the function called back with an error, e.g. callback(new Error(…))',
  'com.liveperson.faas.handler.runtime-exception': 'the function crashed: an implementation error such as reading a property of undefined',
  'com.liveperson.faas.handler.executiontime-exceeded': 'the function exceeded its execution time: it never called back, waited on a slow call or blocked',
  'com.liveperson.faas.handler.log-limit-reached': 'the function wrote more logs than the limit allows',
  'com.liveperson.faas.fm.general': 'a general error with no specific or known reason',
  'com.liveperson.faas.fm.unavailable': 'a remote system could not be reached; retry later',
};

/** A modal confirmation (native <dialog>: focus trapped, Esc cancels). Resolves true or false. */
export function confirmDialog(message, action = 'Delete') {
  return new Promise((resolve) => {
    const d = h('dialog', { class: 'dialog', 'aria-label': 'Confirm' },
      h('p', {}, message),
      h('div', { class: 'row' },
        h('button', { class: 'danger', onclick: () => d.close('yes') }, action),
        h('button', { onclick: () => d.close('no') }, 'Cancel')));
    d.addEventListener('close', () => { d.remove(); resolve(d.returnValue === 'yes'); });
    document.body.append(d);
    d.showModal();
  });
}

/** A copy-to-clipboard button for `text()`. */
export function copyButton(label, text) {
  const b = h('button', { type: 'button', class: 'small', 'aria-label': label }, 'Copy');
  b.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(text()); b.textContent = 'Copied'; } catch (e) { b.textContent = 'Select and copy'; }
    setTimeout(() => { b.textContent = 'Copy'; }, 1500);
  });
  return b;
}

export const fmtTime = (t) => (t ? new Date(t).toLocaleString() : '–');
export const fmtMs = (ms) => (ms < 1 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`);

/** A state badge with its colour class. */
export function stateBadge(state) {
  const cls = { Productive: 'ok', Draft: 'muted', 'Build Start': 'busy', 'Deploy Start': 'busy', 'Marked Undeployed': 'busy', Modified: 'warn', 'Build Error': 'bad', 'Deploy Error': 'bad' }[state] || 'muted';
  return h('span', { class: `badge ${cls}`, 'data-state': state }, state);
}

export function table(headers, rows, caption) {
  return h('table', {}, caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

/** A segmented choice (radio buttons) e.g. time ranges; calls `onchange(value)`. */
export function choice(name, options, value, onchange) {
  return h('fieldset', { class: 'choice' }, h('legend', { class: 'sr-only' }, name),
    options.map(([v, label]) => {
      const id = `${name}-${v}`.replace(/\W/g, '-');
      return h('span', {}, h('input', { type: 'radio', name, id, value: v, checked: v === value, onchange: () => onchange(v) }), h('label', { for: id }, label));
    }));
}

export const RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/** The tabs of a function's page: its code and its history (links; the current one is marked). */
export function fnTabs(uuid, active, onleave) {
  const tab = (key, href, label) => h('a', { href, class: 'tab', 'aria-current': key === active ? 'page' : null, 'data-tab': key,
    onclick: onleave ? (e) => { if (key !== active) onleave(e, href); } : null }, label);
  return h('nav', { class: 'tabs', 'aria-label': 'Function sections' },
    tab('code', `#/functions/${uuid}`, 'Code'), tab('history', `#/functions/${uuid}/history`, 'History'));
}

/**
 * A long list in pages of `per` (100) with Previous/Next and "101–200 of 250 <noun>": only the
 * current page is in the DOM. `render(slice, offset)` makes the page's nodes; a list that fits in
 * one page is rendered whole, with no pager.
 */
export function paged(items, render, { per = 100, noun = 'rows' } = {}) {
  const box = h('div', { class: 'paged' });
  let page = 0;
  const last = Math.max(0, Math.ceil(items.length / per) - 1);
  const draw = () => {
    const from = page * per, to = Math.min(items.length, from + per);
    const pager = items.length > per ? h('nav', { class: 'pager', 'aria-label': `Pages of ${noun}` },
      h('button', { type: 'button', class: 'small', disabled: page === 0, onclick: () => { page -= 1; draw(); } }, 'Previous'),
      h('span', { class: 'pager-count', role: 'status' }, `${from + 1}–${to} of ${items.length} ${noun}`),
      h('button', { type: 'button', class: 'small', disabled: page >= last, onclick: () => { page += 1; draw(); } }, 'Next')) : null;
    clear(box, pager, render(items.slice(from, to), from));
  };
  draw();
  return box;
}
