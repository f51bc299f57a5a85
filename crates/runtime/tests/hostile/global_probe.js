// expect: ok nothing
function lambda(input, callback) {
  const names = Object.getOwnPropertyNames(globalThis);
  const bad = ['std', 'os', 'host', 'Deno', 'Bun', 'fetch', 'XMLHttpRequest', 'WebSocket', 'scriptArgs', 'print', 'readFile', 'open'].filter((n) => n in globalThis);
  const hostish = names.filter((n) => /fnhost/.test(n) && !['__fnhost_invoke', '__fnhost_load', '__fnhost_unhandled'].includes(n));
  const fnSrc = Function.prototype.toString.call(setTimeout);
  callback(null, bad.length === 0 && hostish.length === 0 && typeof process.binding === 'undefined' && typeof require.cache === 'undefined' ? 'nothing' : { bad, hostish, fnSrc });
}
