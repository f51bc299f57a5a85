// `events` module: a small EventEmitter.
(function (host, lib, require) {
  'use strict';
  class EventEmitter {
    constructor() { this._events = new Map(); this._max = 10; }
    on(name, fn) { if (!this._events.has(name)) this._events.set(name, []); this._events.get(name).push(fn); return this; }
    addListener(name, fn) { return this.on(name, fn); }
    prependListener(name, fn) { if (!this._events.has(name)) this._events.set(name, []); this._events.get(name).unshift(fn); return this; }
    once(name, fn) { const w = (...a) => { this.off(name, w); fn.apply(this, a); }; w.listener = fn; return this.on(name, w); }
    off(name, fn) {
      const l = this._events.get(name); if (!l) return this;
      const i = l.findIndex((x) => x === fn || x.listener === fn); if (i >= 0) l.splice(i, 1);
      if (!l.length) this._events.delete(name);
      return this;
    }
    removeListener(name, fn) { return this.off(name, fn); }
    removeAllListeners(name) { if (name === undefined) this._events.clear(); else this._events.delete(name); return this; }
    emit(name, ...args) {
      const l = this._events.get(name);
      if (!l || !l.length) { if (name === 'error') throw (args[0] instanceof Error ? args[0] : new Error('Unhandled error. (' + args[0] + ')')); return false; }
      for (const fn of l.slice()) fn.apply(this, args);
      return true;
    }
    listeners(name) { return (this._events.get(name) || []).map((f) => f.listener || f); }
    listenerCount(name) { return (this._events.get(name) || []).length; }
    eventNames() { return Array.from(this._events.keys()); }
    setMaxListeners(n) { this._max = n; return this; }
    getMaxListeners() { return this._max; }
  }
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.once = (em, name) => new Promise((resolve) => em.once(name, (...a) => resolve(a)));
  return EventEmitter;
})
