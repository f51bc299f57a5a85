// EventEmitter basics: on/once/off, order, listenerCount, error events, return values.
function lambda(input, callback) {
  const EventEmitter = require('events');
  const e = new EventEmitter();
  const log = [];
  const h = (x) => log.push('on ' + x);
  e.on('ev', h);
  e.once('ev', (x) => log.push('once ' + x));
  e.prependListener && e.prependListener('ev', (x) => log.push('first ' + x));
  const emitted = [e.emit('ev', 1), e.emit('ev', 2), e.emit('none')];
  e.off('ev', h);
  e.emit('ev', 3);
  let err;
  try { e.emit('error', new Error('unhandled')); } catch (x) { err = x.message; }
  callback(null, { log, emitted, count: e.listenerCount('ev'), err, names: e.eventNames(), isClass: typeof EventEmitter.EventEmitter });
}
