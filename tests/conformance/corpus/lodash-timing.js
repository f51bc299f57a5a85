// lodash debounce / throttle / delay / defer with timers.
function lambda(input, callback) {
  const _ = require('lodash');
  const log = [];
  const debounced = _.debounce((x) => log.push('debounced ' + x), 20);
  debounced(1); debounced(2); debounced(3);
  const throttled = _.throttle((x) => log.push('throttled ' + x), 1000);
  throttled('a'); throttled('b');
  _.defer((x) => log.push('deferred ' + x), 'd');
  _.delay((x) => log.push('delayed ' + x), 5, 'e');
  const leading = _.debounce((x) => log.push('leading ' + x), 20, { leading: true, trailing: false });
  leading('L1'); leading('L2');
  setTimeout(() => { throttled.cancel(); callback(null, { log: log.sort(), pending: typeof debounced.flush }); }, 80);
}
