// uuid input validation errors.
function lambda(input, callback) {
  const uuid = require('uuid');
  const t = (f) => { try { return f(); } catch (e) { return e.name + ': ' + e.message; } };
  callback(null, [
    t(() => uuid.parse('nope')), t(() => uuid.version('nope')), t(() => uuid.stringify([1, 2, 3])),
    t(() => uuid.v5('x', 'bad-namespace')), t(() => uuid.v1({ nsecs: 10001 })),
  ]);
}
