// EventEmitter: once() returns, removeAllListeners, listeners(), max listeners, error with listener, this binding.
function lambda(input, callback) {
  const EventEmitter = require('events');
  class Bus extends EventEmitter {}
  const b = new Bus();
  const log = [];
  b.on('x', function (v) { log.push(['on', v, this === b]); });
  b.once('x', (v) => log.push(['once', v]));
  b.on('error', (e) => log.push(['error handled', e.message]));
  b.emit('x', 1); b.emit('x', 2);
  b.emit('error', new Error('boom'));
  const counts = [b.listenerCount('x'), b.listeners('x').length, b.getMaxListeners()];
  b.setMaxListeners(1);
  b.removeAllListeners('x');
  b.addListener('y', () => log.push(['y']));
  b.emit('y');
  b.removeAllListeners();
  callback(null, { log, counts, after: [b.listenerCount('x'), b.listenerCount('y'), b.emit('y')], max: b.getMaxListeners(), inst: b instanceof EventEmitter, defaultMax: EventEmitter.defaultMaxListeners });
}
