// Ordering of microtasks, nextTick, setImmediate and timers; clearImmediate; performance.now.
function lambda(input, callback) {
  const order = [];
  setTimeout(() => order.push('timeout 0'), 0);
  const cancelled = setImmediate(() => order.push('cancelled immediate'));
  clearImmediate(cancelled);
  setImmediate((a, b) => order.push('immediate ' + a + b), 'x', 'y');
  Promise.resolve().then(() => order.push('promise'));
  queueMicrotask(() => order.push('microtask'));
  process.nextTick(() => order.push('nextTick'));
  order.push('sync');
  const t0 = performance.now();
  setTimeout(() => {
    const t1 = performance.now();
    callback(null, {
      order: order.filter((x) => x !== 'timeout 0').concat(order.includes('timeout 0') ? ['timeout 0 ran'] : []),
      perf: [typeof t0, t1 >= t0, t1 - t0 >= 15, t1 - t0 < 5000],
      interval: typeof setInterval, clear: typeof clearInterval,
      timeout: (() => { const t = setTimeout(() => {}, 1000); clearTimeout(t); return [typeof t.ref, typeof t.unref, t.hasRef()]; })(),
    });
  }, 20);
}
