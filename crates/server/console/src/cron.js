// Cron expressions (5 fields, UTC, as the server's scheduler reads them): parsing, a sentence in
// words, and the next run times, computed in the browser.
const FIELDS = [
  ['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7],
];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function value(text, i) {
  const t = text.toUpperCase();
  if (i === 3 && MONTHS.includes(t)) return MONTHS.indexOf(t) + 1;
  if (i === 4 && DAYS.includes(t)) return DAYS.indexOf(t);
  if (!/^\d+$/.test(t)) throw new Error(`\`${text}\` is not a number in the ${FIELDS[i][0]} field`);
  return Number(t);
}

function parseField(text, i) {
  const [name, lo, hi] = FIELDS[i];
  const set = new Set();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`the step \`${stepText}\` in the ${name} field is not valid`);
    let a, b;
    if (range === '*') { a = lo; b = hi === 7 ? 6 : hi; } else if (range.includes('-')) {
      [a, b] = range.split('-').map((x) => value(x, i));
    } else { a = value(range, i); b = stepText === undefined ? a : hi; }
    if (a < lo || b > hi || a > b) throw new Error(`${range} is outside the ${name} field's ${lo}–${hi}`);
    for (let v = a; v <= b; v += step) set.add(i === 4 && v === 7 ? 0 : v);
  }
  return set;
}

/** {fields: [Set…], star: [bool…]} or throws an Error in words. */
export function parse(expr) {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`a cron expression has 5 fields (minute hour day-of-month month day-of-week); this has ${parts[0] ? parts.length : 0}`);
  return { parts, fields: parts.map(parseField), star: parts.map((p) => p === '*' || p === '*/1') };
}

/** The next `n` run times (Date, UTC) after `from`. */
export function nextRuns(expr, n = 5, from = new Date()) {
  const c = parse(expr);
  const [min, hour, dom, mon, dow] = c.fields;
  const out = [];
  const t = new Date(from.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = from.getTime() + 5 * 366 * 86_400_000;
  while (out.length < n && t.getTime() < limit) {
    if (!mon.has(t.getUTCMonth() + 1)) { t.setUTCMonth(t.getUTCMonth() + 1, 1); t.setUTCHours(0, 0); continue; }
    const domOk = dom.has(t.getUTCDate()), dowOk = dow.has(t.getUTCDay());
    const dayOk = c.star[2] || c.star[4] ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) { t.setUTCDate(t.getUTCDate() + 1); t.setUTCHours(0, 0); continue; }
    if (!hour.has(t.getUTCHours())) { t.setUTCHours(t.getUTCHours() + 1, 0); continue; }
    if (!min.has(t.getUTCMinutes())) { t.setUTCMinutes(t.getUTCMinutes() + 1); continue; }
    out.push(new Date(t.getTime()));
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return out;
}

const list = (xs) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const two = (n) => String(n).padStart(2, '0');

/** The expression in words, e.g. "At 01:00 UTC, every day". */
export function describe(expr) {
  const c = parse(expr);
  const [m, hr] = c.parts;
  let time;
  const every = (p) => p.match(/^\*\/(\d+)$/);
  if (c.star[0] && c.star[1]) time = 'Every minute';
  else if (every(m) && c.star[1]) time = `Every ${every(m)[1]} minutes`;
  else if (/^\d+$/.test(m) && /^\d+$/.test(hr)) time = `At ${two(hr)}:${two(m)} UTC`;
  else if (/^\d+$/.test(m) && c.star[1]) time = `At minute ${m} of every hour`;
  else if (/^\d+$/.test(m) && every(hr)) time = `At minute ${m} of every ${every(hr)[1]}th hour`;
  else time = `At minute ${list([...c.fields[0]].map(String))} past hour ${list([...c.fields[1]].map(String))} (UTC)`;
  const days = [];
  if (!c.star[2]) days.push(`on day ${list([...c.fields[2]].map(String))} of the month`);
  if (!c.star[4]) days.push(`on ${list([...c.fields[4]].sort().map((d) => DAY_NAMES[d]))}`);
  let when = days.length ? days.join(' or ') : 'every day';
  if (!c.star[3]) when += `, in ${list([...c.fields[3]].map((x) => MONTH_NAMES[x - 1]))}`;
  return `${time}, ${when}`;
}
