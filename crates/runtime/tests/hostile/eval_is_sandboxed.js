// expect: ok sandboxed
function lambda(input, callback) { const g = (0, eval)('this'); const f = new Function('return typeof require'); callback(null, g === globalThis && f() === 'undefined' ? 'sandboxed' : 'leak'); }
