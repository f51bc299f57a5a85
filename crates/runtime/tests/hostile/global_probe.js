// expect: ok nothing
// `fetch` is a global now, but it is the egress's (the same host call, allowlist and checks as
// Toolbelt.HTTPClient), not a way around it: see crates/runtime/tests/fetch.rs.
function lambda(input, callback) {
  const names = Object.getOwnPropertyNames(globalThis);
  const bad = ['std', 'os', 'host', 'Deno', 'Bun', 'XMLHttpRequest', 'WebSocket', 'scriptArgs', 'print', 'readFile', 'open'].filter((n) => n in globalThis);
  const hostish = names.filter((n) => /fnhost/.test(n) && !['__fnhost_invoke', '__fnhost_load', '__fnhost_unhandled'].includes(n));
  const fnSrc = Function.prototype.toString.call(setTimeout);
  callback(null, bad.length === 0 && hostish.length === 0 && typeof process.binding === 'undefined' && typeof require.cache === 'undefined' ? 'nothing' : { bad, hostish, fnSrc });
}
