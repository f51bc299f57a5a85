// assert: passing and failing calls, AssertionError fields and Node's short messages.
function lambda(input, callback) {
  const assert = require('assert');
  const t = (f) => { try { f(); return 'pass'; } catch (e) { return { name: e.name, code: e.code, message: e.message, operator: e.operator, generatedMessage: e.generatedMessage, actual: e.actual, expected: e.expected, isAE: e instanceof assert.AssertionError, keys: Object.keys(e) }; } };
  callback(null, {
    strictEqual: [t(() => assert.strictEqual(1, 1)), t(() => assert.strictEqual(1, 2)), t(() => assert.strictEqual('a', 'b')), t(() => assert.strictEqual(NaN, NaN))],
    equal: [t(() => assert.equal(1, '1')), t(() => assert.equal(1, 2)), t(() => assert.notEqual(1, 1)), t(() => assert.notEqual(1, 2))],
    notStrictEqual: t(() => assert.notStrictEqual(1, 1)),
    deepEqual: [t(() => assert.deepEqual({ a: 1 }, { a: '1' })), t(() => assert.deepEqual({ a: 1 }, { a: 2 })), t(() => assert.deepEqual([1, [2]], [1, [2]]))],
    custom: [t(() => assert.ok(false, 'custom message')), t(() => assert.fail('boom')), t(() => assert.equal(1, 2, 'mine'))],
    okPass: [t(() => assert(1)), t(() => assert.ok('x'))],
    errorAsMessage: t(() => assert.strictEqual(1, 2, new TypeError('own error'))),
    ifError: [t(() => assert.ifError(null)), t(() => assert.ifError(new Error('bad')))],
    fail: t(() => assert.fail()),
    ctor: (() => { const e = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' }); return [e.message, e.code, e.name]; })(),
    strictMode: [t(() => assert.strict.equal(1, '1')), typeof require('assert/strict'), require('assert').strict === require('assert/strict')],
  });
}
