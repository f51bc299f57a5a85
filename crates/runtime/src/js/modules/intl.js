// fnhost's Intl: the ECMA-402 objects as a thin shim over Rust (crates/runtime/src/intl/). This
// file reads and validates the option bags (in ECMA-402's order, with V8's messages), resolves
// defaults, and keeps each object's state; locale negotiation, time zones, formatting, plural
// rules and collation are host calls (ICU4X + jiff). Loaded on the first use of `Intl`,
// `toLocale*String` or `localeCompare`, never by a function that uses none of them.
(function (host, lib, require) {
  'use strict';
  const DEFAULT_ZONE = 'UTC';
  const getTime = Date.prototype.getTime;
  const numberValue = Number.prototype.valueOf;
  const state = new WeakMap();
  const slot = (o, kind) => {
    const s = state.get(o);
    if (s === undefined || s.kind !== kind) throw new TypeError('Method Intl.' + kind + ' called on incompatible receiver ' + String(o));
    return s;
  };

  // Negotiation and zone lookups of the common case (one string) are remembered per instance.
  const localeMemo = new Map();
  const zoneMemo = new Map();
  function resolveLocale(locales) {
    if (typeof locales !== 'string') return host.intlLocale(localeList(locales));
    let r = localeMemo.get(locales);
    if (r === undefined) {
      r = host.intlLocale([locales]);
      if (localeMemo.size < 256) localeMemo.set(locales, r);
    }
    return r;
  }
  function resolveZone(name) {
    let r = zoneMemo.get(name);
    if (r === undefined) {
      r = host.intlTimeZone(name);
      if (r === undefined) throw new RangeError('Invalid time zone specified: ' + name);
      if (zoneMemo.size < 256) zoneMemo.set(name, r);
    }
    return r;
  }
  function localeList(locales) {
    if (locales === undefined) return [];
    if (typeof locales === 'string') return [locales];
    if (locales === null) throw new TypeError('Cannot convert undefined or null to object');
    const o = Object(locales);
    const len = o.length >>> 0;
    const out = [];
    for (let i = 0; i < len; i++) {
      if (!(i in o)) continue;
      const v = o[i];
      if (typeof v !== 'string' && (typeof v !== 'object' || v === null)) throw new TypeError('Language ID should be string or object.');
      out.push(String(v));
    }
    return out;
  }
  function optionsObject(options) {
    if (options === undefined) return Object.create(null);
    if (options === null) throw new TypeError('Cannot convert undefined or null to object');
    return Object(options);
  }
  function getOption(opts, prop, allowed, fallback, ctor) {
    let v = opts[prop];
    if (v === undefined) return fallback;
    v = String(v);
    if (allowed !== null && !allowed.includes(v)) throw new RangeError('Value ' + v + ' out of range for ' + ctor + ' options property ' + prop);
    return v;
  }
  function getBool(opts, prop, fallback) {
    const v = opts[prop];
    return v === undefined ? fallback : Boolean(v);
  }
  function getNumber(opts, prop, min, max, fallback) {
    let v = opts[prop];
    if (v === undefined) return fallback;
    v = Number(v);
    if (!(v >= min && v <= max)) throw new RangeError(prop + ' value is out of range.');
    return Math.floor(v);
  }
  const boundGetter = (proto, name, kind, make) => Object.defineProperty(proto, name, {
    configurable: true, enumerable: false,
    get() { const s = slot(this, kind); if (!s[name]) s[name] = make(s); return s[name]; },
  });
  function methods(proto, tag, fns) {
    for (const k of Object.keys(fns)) Object.defineProperty(proto, k, { value: fns[k], writable: true, configurable: true, enumerable: false });
    Object.defineProperty(proto, Symbol.toStringTag, { value: tag, configurable: true });
  }
  const supportedLocalesOf = (locales) => host.intlCanonicalLocales(localeList(locales))
    .filter((t) => t.startsWith('en') || host.intlLocale([t]) !== 'en-US');
  const statics = (ctor) => Object.defineProperty(ctor, 'supportedLocalesOf', { value: supportedLocalesOf, writable: true, configurable: true });

  // ---- DateTimeFormat ----------------------------------------------------------------------
  const DTF = 'Intl.DateTimeFormat';
  // [option, key letter, allowed values], in the order ECMA-402 reads them.
  const DATE_FIELDS = [
    ['weekday', 'E', ['narrow', 'short', 'long']],
    ['era', 'G', ['narrow', 'short', 'long']],
    ['year', 'y', ['2-digit', 'numeric']],
    ['month', 'M', ['2-digit', 'numeric', 'narrow', 'short', 'long']],
    ['day', 'd', ['2-digit', 'numeric']],
    ['hour', 'h', ['2-digit', 'numeric']],
    ['minute', 'm', ['2-digit', 'numeric']],
    ['second', 's', ['2-digit', 'numeric']],
    ['fractionalSecondDigits', 'S', null],
    ['timeZoneName', 'z', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']],
  ];
  const STYLES = ['full', 'long', 'medium', 'short'];

  // `required`/`defaults`: ECMA-402's ToDateTimeOptions ('any'/'all' for the constructor and
  // toLocaleString, 'date' or 'time' for toLocaleDateString/toLocaleTimeString).
  function dateState(locales, options, required, defaults) {
    const locale = resolveLocale(locales);
    const opts = optionsObject(options);
    getOption(opts, 'localeMatcher', ['lookup', 'best fit'], 'best fit', DTF);
    const calendar = getOption(opts, 'calendar', null, undefined, DTF);
    const numberingSystem = getOption(opts, 'numberingSystem', null, undefined, DTF);
    let hour12 = opts.hour12;
    hour12 = hour12 === undefined ? undefined : Boolean(hour12);
    const hourCycle = getOption(opts, 'hourCycle', ['h11', 'h12', 'h23', 'h24'], undefined, DTF);
    let timeZone = opts.timeZone;
    if (timeZone === undefined) timeZone = DEFAULT_ZONE;
    else {
      timeZone = resolveZone(String(timeZone));
    }
    const fields = {};
    // Indexed loops: array destructuring in for-of costs QuickJS an iterator per element.
    for (let i = 0; i < DATE_FIELDS.length; i++) {
      const name = DATE_FIELDS[i][0];
      fields[name] = name === 'fractionalSecondDigits' ? getNumber(opts, name, 1, 3, undefined) : getOption(opts, name, DATE_FIELDS[i][2], undefined, DTF);
    }
    getOption(opts, 'formatMatcher', ['basic', 'best fit'], 'best fit', DTF);
    const dateStyle = getOption(opts, 'dateStyle', STYLES, undefined, DTF);
    const timeStyle = getOption(opts, 'timeStyle', STYLES, undefined, DTF);
    const key = [];
    if (dateStyle !== undefined || timeStyle !== undefined) {
      for (let i = 0; i < DATE_FIELDS.length; i++) {
        const name = DATE_FIELDS[i][0];
        if (fields[name] !== undefined) throw new TypeError("Can't set option " + name + ' when ' + (dateStyle !== undefined ? 'dateStyle' : 'timeStyle') + ' is used');
      }
      if (required === 'date' && dateStyle === undefined) throw new TypeError('Invalid option : timeStyle');
      if (required === 'time' && timeStyle === undefined) throw new TypeError('Invalid option : dateStyle');
      if (dateStyle !== undefined) key.push('ds=' + dateStyle);
      if (timeStyle !== undefined) key.push('ts=' + timeStyle);
    } else {
      let needDefaults = true;
      if (required !== 'time' && (fields.weekday || fields.year || fields.month || fields.day)) needDefaults = false;
      if (required !== 'date' && (fields.hour || fields.minute || fields.second || fields.fractionalSecondDigits)) needDefaults = false;
      if (needDefaults && defaults !== 'time') fields.year = fields.month = fields.day = 'numeric';
      if (needDefaults && defaults !== 'date') fields.hour = fields.minute = fields.second = 'numeric';
      for (let i = 0; i < DATE_FIELDS.length; i++) {
        const v = fields[DATE_FIELDS[i][0]];
        if (v !== undefined) key.push(DATE_FIELDS[i][1] + '=' + v);
      }
    }
    const hasHour = fields.hour !== undefined || timeStyle !== undefined;
    if (hasHour) {
      if (hour12 !== undefined) key.push('hc=' + (hour12 ? '12' : '24'));
      else if (hourCycle !== undefined) key.push('hc=' + hourCycle);
    }
    const s = { kind: 'DateTimeFormat', key: locale + '|' + key.join(';'), locale, timeZone, fields, dateStyle, timeStyle, hasHour, calendar, numberingSystem };
    return s;
  }
  function timeValue(date) {
    const t = date === undefined ? Date.now() : Number(date);
    if (!isFinite(t)) throw new RangeError('Invalid time value');
    return t;
  }
  function DateTimeFormat(locales, options) {
    if (!new.target) return new DateTimeFormat(locales, options);
    state.set(this, dateState(locales, options, 'any', 'date'));
  }
  methods(DateTimeFormat.prototype, DTF, {
    formatToParts(date) {
      const s = slot(this, 'DateTimeFormat');
      const flat = host.intlDateParts(s.key, s.timeZone, timeValue(date)).split('\u0001');
      const out = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ type: flat[i], value: flat[i + 1] });
      return out;
    },
    resolvedOptions() {
      const s = slot(this, 'DateTimeFormat');
      const r = { locale: s.locale, calendar: 'gregory', numberingSystem: 'latn', timeZone: s.timeZone };
      let hour;
      if (s.hasHour) {
        const hc = host.intlDateHourCycle(s.key);
        if (hc) { r.hourCycle = hc[0]; r.hour12 = hc[0] === 'h11' || hc[0] === 'h12'; hour = hc[1]; }
      }
      // The hour's width is the pattern's (ICU4C reports 2-digit for en-US's `HH`).
      for (let i = 0; i < DATE_FIELDS.length; i++) {
        const name = DATE_FIELDS[i][0];
        if (s.fields[name] !== undefined && s.dateStyle === undefined && s.timeStyle === undefined) r[name] = name === 'hour' && hour ? hour : s.fields[name];
      }
      if (s.dateStyle !== undefined) r.dateStyle = s.dateStyle;
      if (s.timeStyle !== undefined) r.timeStyle = s.timeStyle;
      return r;
    },
  });
  boundGetter(DateTimeFormat.prototype, 'format', 'DateTimeFormat', (s) => {
    const format = (date) => host.intlDateFormat(s.key, s.timeZone, timeValue(date));
    return format;
  });
  statics(DateTimeFormat);

  // `d.toLocaleString()` / `d.toLocaleString('de-DE')` reuse their state (no options to read).
  const datesByLocale = [new Map(), new Map(), new Map()];
  const DATE_KINDS = [['any', 'all'], ['date', 'date'], ['time', 'time']];
  // Date.prototype.toLocaleString (kind 0), toLocaleDateString (1), toLocaleTimeString (2).
  function dateToLocale(d, kind, locales, options) {
    const t = getTime.call(d);
    if (t !== t) return 'Invalid Date';
    let s;
    if (options === undefined && (locales === undefined || typeof locales === 'string')) {
      const memo = datesByLocale[kind];
      s = memo.get(locales);
      if (s === undefined) {
        s = dateState(locales, undefined, DATE_KINDS[kind][0], DATE_KINDS[kind][1]);
        if (memo.size < 64) memo.set(locales, s);
      }
    } else s = dateState(locales, options, DATE_KINDS[kind][0], DATE_KINDS[kind][1]);
    return host.intlDateFormat(s.key, s.timeZone, t);
  }

  // ---- NumberFormat ------------------------------------------------------------------------
  const NF = 'Intl.NumberFormat';
  function numberState(locales, options) {
    const locale = resolveLocale(locales);
    const opts = optionsObject(options);
    getOption(opts, 'localeMatcher', ['lookup', 'best fit'], 'best fit', NF);
    getOption(opts, 'numberingSystem', null, undefined, NF);
    const style = getOption(opts, 'style', ['decimal', 'percent', 'currency', 'unit'], 'decimal', NF);
    let currency = getOption(opts, 'currency', null, undefined, NF);
    if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) throw new RangeError('Invalid currency code : ' + currency);
    const currencyDisplay = getOption(opts, 'currencyDisplay', ['code', 'symbol', 'narrowSymbol', 'name'], 'symbol', NF);
    const currencySign = getOption(opts, 'currencySign', ['standard', 'accounting'], 'standard', NF);
    getOption(opts, 'unit', null, undefined, NF);
    if (style === 'unit') throw new RangeError("fnhost's Intl.NumberFormat does not support style 'unit'");
    if (style === 'currency') {
      if (currency === undefined) throw new TypeError('Currency code is required with currency style.');
      currency = currency.toUpperCase();
      if (currencySign !== 'standard') throw new RangeError("fnhost's Intl.NumberFormat does not support currencySign 'accounting'");
    }
    const notation = getOption(opts, 'notation', ['standard', 'scientific', 'engineering', 'compact'], 'standard', NF);
    if (notation === 'scientific' || notation === 'engineering') throw new RangeError("fnhost's Intl.NumberFormat does not support notation '" + notation + "'");
    const compact = notation === 'compact';
    if (compact && style !== 'decimal') throw new RangeError("fnhost's Intl.NumberFormat supports notation 'compact' with style 'decimal' only");
    const minimumIntegerDigits = getNumber(opts, 'minimumIntegerDigits', 1, 21, 1);
    const cDigits = style === 'currency' ? host.intlCurrencyDigits(currency) : 0;
    const mnfdDefault = cDigits;
    const mxfdDefault = style === 'currency' ? cDigits : style === 'percent' ? 0 : 3;
    let mnfd = getNumber(opts, 'minimumFractionDigits', 0, 20, undefined);
    let mxfd = getNumber(opts, 'maximumFractionDigits', 0, 20, undefined);
    let mnsd = getNumber(opts, 'minimumSignificantDigits', 1, 21, undefined);
    let mxsd = getNumber(opts, 'maximumSignificantDigits', 1, 21, undefined);
    const significant = mnsd !== undefined || mxsd !== undefined;
    if (significant) {
      if (mnsd === undefined) mnsd = 1;
      if (mxsd === undefined) mxsd = 21;
      if (mnsd > mxsd) throw new RangeError('maximumSignificantDigits value is out of range.');
    }
    if (compact && (significant || mnfd !== undefined || mxfd !== undefined)) {
      throw new RangeError("fnhost's Intl.NumberFormat does not support digit options with notation 'compact'");
    }
    if (compact) { mnfd = 0; mxfd = 0; }
    else if (mnfd === undefined && mxfd === undefined) { mnfd = mnfdDefault; mxfd = mxfdDefault; }
    else if (mnfd === undefined) mnfd = Math.min(mnfdDefault, mxfd);
    else if (mxfd === undefined) mxfd = Math.max(mxfdDefault, mnfd);
    else if (mnfd > mxfd) throw new RangeError('maximumFractionDigits value is out of range.');
    const compactDisplay = getOption(opts, 'compactDisplay', ['short', 'long'], 'short', NF);
    let useGrouping = opts.useGrouping;
    if (useGrouping === undefined) useGrouping = compact ? 'min2' : 'auto';
    else if (useGrouping === true || useGrouping === 'true') useGrouping = 'always';
    else if (useGrouping === false || useGrouping === 'false' || useGrouping === null || useGrouping === '') useGrouping = false;
    else if (!['min2', 'auto', 'always'].includes(String(useGrouping))) throw new RangeError('Value ' + String(useGrouping) + ' out of range for ' + NF + ' options property useGrouping');
    else useGrouping = String(useGrouping);
    const signDisplay = getOption(opts, 'signDisplay', ['auto', 'never', 'always', 'exceptZero', 'negative'], 'auto', NF);
    // Rounding options fnhost does not implement are refused unless they ask for the default.
    const unsupported = (name, value, def) => {
      if (value !== def) throw new RangeError("fnhost's Intl.NumberFormat does not support " + name + " '" + value + "'");
    };
    unsupported('roundingMode', getOption(opts, 'roundingMode', null, 'halfExpand', NF), 'halfExpand');
    unsupported('roundingIncrement', String(getNumber(opts, 'roundingIncrement', 1, 5000, 1)), '1');
    unsupported('roundingPriority', getOption(opts, 'roundingPriority', null, 'auto', NF), 'auto');
    unsupported('trailingZeroDisplay', getOption(opts, 'trailingZeroDisplay', null, 'auto', NF), 'auto');
    const key = [locale, style, currency || '', currencyDisplay, String(useGrouping), compact ? 'compact-' + compactDisplay : 'standard', signDisplay].join('|');
    // [minInt, minFrac, maxFrac, minSig, maxSig] for the host; 255: the compact formatter rounds.
    const digits = [minimumIntegerDigits, mnfd, compact ? 255 : mxfd, significant ? mnsd : 0, significant ? mxsd : 0];
    return { kind: 'NumberFormat', key, digits, locale, style, currency, currencyDisplay, currencySign, minimumIntegerDigits, minimumFractionDigits: mnfd, maximumFractionDigits: mxfd, significant, mnsd, mxsd, compact, compactDisplay, useGrouping, signDisplay };
  }
  const formatNumber = (s, x) => host.intlNumberFormat(s.key, Number(x), s.digits);
  function NumberFormat(locales, options) {
    if (!new.target) return new NumberFormat(locales, options);
    state.set(this, numberState(locales, options));
  }
  methods(NumberFormat.prototype, NF, {
    formatToParts(x) {
      const s = slot(this, 'NumberFormat');
      const flat = host.intlNumberParts(s.key, Number(x), s.digits).split('\u0001');
      const out = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ type: flat[i], value: flat[i + 1] });
      return out;
    },
    resolvedOptions() {
      const s = slot(this, 'NumberFormat');
      const r = { locale: s.locale, numberingSystem: 'latn', style: s.style };
      if (s.style === 'currency') { r.currency = s.currency; r.currencyDisplay = s.currencyDisplay; r.currencySign = s.currencySign; }
      // In the order Node 20 reports them.
      r.minimumIntegerDigits = s.minimumIntegerDigits;
      if (s.significant || s.compact) {
        r.minimumSignificantDigits = s.significant ? s.mnsd : 1;
        r.maximumSignificantDigits = s.significant ? s.mxsd : 2;
      }
      if (!s.significant) {
        r.minimumFractionDigits = s.minimumFractionDigits;
        r.maximumFractionDigits = s.maximumFractionDigits;
      }
      r.useGrouping = s.useGrouping;
      r.notation = s.compact ? 'compact' : 'standard';
      if (s.compact) r.compactDisplay = s.compactDisplay;
      Object.assign(r, { signDisplay: s.signDisplay, roundingMode: 'halfExpand', roundingIncrement: 1, trailingZeroDisplay: 'auto', roundingPriority: s.compact ? 'morePrecision' : 'auto' });
      return r;
    },
  });
  boundGetter(NumberFormat.prototype, 'format', 'NumberFormat', (s) => {
    const format = (x) => formatNumber(s, x);
    return format;
  });
  statics(NumberFormat);
  // `n.toLocaleString()` and `n.toLocaleString('de-DE')` reuse their state (no options to read).
  const numberByLocale = new Map();
  function numberToLocale(n, locales, options) {
    const x = numberValue.call(n);
    let s;
    if (options === undefined && (locales === undefined || typeof locales === 'string')) {
      s = numberByLocale.get(locales);
      if (s === undefined) {
        s = numberState(locales, undefined);
        if (numberByLocale.size < 64) numberByLocale.set(locales, s);
      }
    } else s = numberState(locales, options);
    return formatNumber(s, x);
  }

  // ---- PluralRules -------------------------------------------------------------------------
  const PR = 'Intl.PluralRules';
  class PluralRules {
    constructor(locales, options) {
      const locale = resolveLocale(locales);
      const opts = optionsObject(options);
      getOption(opts, 'localeMatcher', ['lookup', 'best fit'], 'best fit', PR);
      const type = getOption(opts, 'type', ['cardinal', 'ordinal'], 'cardinal', PR);
      const minimumIntegerDigits = getNumber(opts, 'minimumIntegerDigits', 1, 21, 1);
      let mnfd = getNumber(opts, 'minimumFractionDigits', 0, 20, undefined);
      let mxfd = getNumber(opts, 'maximumFractionDigits', 0, 20, undefined);
      if (mnfd === undefined && mxfd === undefined) { mnfd = 0; mxfd = 3; }
      else if (mnfd === undefined) mnfd = Math.min(0, mxfd);
      else if (mxfd === undefined) mxfd = Math.max(3, mnfd);
      else if (mnfd > mxfd) throw new RangeError('maximumFractionDigits value is out of range.');
      state.set(this, { kind: 'PluralRules', locale, type, minimumIntegerDigits, minimumFractionDigits: mnfd, maximumFractionDigits: mxfd });
    }
    select(n) {
      const s = slot(this, 'PluralRules');
      return host.intlPluralSelect(s.locale, s.type === 'ordinal', Number(n), s.minimumFractionDigits, s.maximumFractionDigits);
    }
    resolvedOptions() {
      const s = slot(this, 'PluralRules');
      return {
        locale: s.locale, type: s.type, minimumIntegerDigits: s.minimumIntegerDigits,
        minimumFractionDigits: s.minimumFractionDigits, maximumFractionDigits: s.maximumFractionDigits,
        pluralCategories: host.intlPluralCategories(s.locale, s.type === 'ordinal').sort(),
      };
    }
  }
  Object.defineProperty(PluralRules.prototype, Symbol.toStringTag, { value: PR, configurable: true });
  statics(PluralRules);

  // ---- RelativeTimeFormat ------------------------------------------------------------------
  const RTF = 'Intl.RelativeTimeFormat';
  const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
  class RelativeTimeFormat {
    constructor(locales, options) {
      const locale = resolveLocale(locales);
      const opts = optionsObject(options);
      getOption(opts, 'localeMatcher', ['lookup', 'best fit'], 'best fit', RTF);
      getOption(opts, 'numberingSystem', null, undefined, RTF);
      const style = getOption(opts, 'style', ['long', 'short', 'narrow'], 'long', RTF);
      const numeric = getOption(opts, 'numeric', ['always', 'auto'], 'always', RTF);
      state.set(this, { kind: 'RelativeTimeFormat', locale, style, numeric, key: locale + '|' + style + '|' + numeric + '|' });
    }
    format(value, unit) {
      const s = slot(this, 'RelativeTimeFormat');
      const x = Number(value);
      const u = String(unit);
      const singular = u.endsWith('s') ? u.slice(0, -1) : u;
      if (!UNITS.includes(singular)) throw new RangeError('Invalid unit argument for ' + RTF + ".prototype.format() '" + u + "'");
      if (!isFinite(x)) throw new RangeError('Invalid number value');
      return host.intlRelativeTime(s.key + singular, x);
    }
    resolvedOptions() {
      const s = slot(this, 'RelativeTimeFormat');
      return { locale: s.locale, style: s.style, numeric: s.numeric, numberingSystem: 'latn' };
    }
  }
  Object.defineProperty(RelativeTimeFormat.prototype, Symbol.toStringTag, { value: RTF, configurable: true });
  statics(RelativeTimeFormat);

  // ---- Collator ----------------------------------------------------------------------------
  const CO = 'Intl.Collator';
  function collatorState(locales, options) {
    const locale = resolveLocale(locales);
    const opts = optionsObject(options);
    const usage = getOption(opts, 'usage', ['sort', 'search'], 'sort', CO);
    getOption(opts, 'localeMatcher', ['lookup', 'best fit'], 'best fit', CO);
    getOption(opts, 'collation', null, undefined, CO);
    const numeric = getBool(opts, 'numeric', false);
    const caseFirst = getOption(opts, 'caseFirst', ['upper', 'lower', 'false'], 'false', CO);
    const sensitivity = getOption(opts, 'sensitivity', ['base', 'accent', 'case', 'variant'], 'variant', CO);
    const ignorePunctuation = getBool(opts, 'ignorePunctuation', false);
    const key = [locale, usage, sensitivity, numeric, caseFirst, ignorePunctuation].join('|');
    return { kind: 'Collator', key, locale, usage, sensitivity, ignorePunctuation, numeric, caseFirst };
  }
  function Collator(locales, options) {
    if (!new.target) return new Collator(locales, options);
    state.set(this, collatorState(locales, options));
  }
  methods(Collator.prototype, CO, {
    resolvedOptions() {
      const s = slot(this, 'Collator');
      return { locale: s.locale, usage: s.usage, sensitivity: s.sensitivity, ignorePunctuation: s.ignorePunctuation, collation: 'default', numeric: s.numeric, caseFirst: s.caseFirst };
    },
  });
  boundGetter(Collator.prototype, 'compare', 'Collator', (s) => {
    const compare = (a, b) => host.intlCompare(s.key, String(a), String(b));
    return compare;
  });
  statics(Collator);
  let defaultCollator;
  function localeCompare(str, that, locales, options) {
    if (str == null) throw new TypeError('String.prototype.localeCompare called on null or undefined');
    const s = locales === undefined && options === undefined
      ? (defaultCollator || (defaultCollator = collatorState(undefined, undefined)))
      : collatorState(locales, options);
    return host.intlCompare(s.key, String(str), String(that));
  }

  // ---- Intl --------------------------------------------------------------------------------
  const Intl = {};
  const define = (name, value) => Object.defineProperty(Intl, name, { value, writable: true, configurable: true, enumerable: false });
  define('DateTimeFormat', DateTimeFormat);
  define('NumberFormat', NumberFormat);
  define('Collator', Collator);
  define('PluralRules', PluralRules);
  define('RelativeTimeFormat', RelativeTimeFormat);
  define('getCanonicalLocales', function getCanonicalLocales(locales) { return host.intlCanonicalLocales(localeList(locales)); });
  define('supportedValuesOf', function supportedValuesOf(key) {
    switch (String(key)) {
      case 'timeZone': return host.intlTimeZones();
      case 'calendar': return ['gregory'];
      case 'numberingSystem': return ['latn'];
      default: throw new RangeError('Invalid key : ' + String(key));
    }
  });
  Object.defineProperty(Intl, Symbol.toStringTag, { value: 'Intl', configurable: true });

  return { Intl, dateToLocale, numberToLocale, localeCompare };
})
