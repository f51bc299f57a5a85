// assert.throws / doesNotThrow / rejects / doesNotReject / match.
async function lambda(input, callback) {
  const assert = require('assert');
  const t = (f) => { try { f(); return 'pass'; } catch (e) { return [e.name, e.code, e.message, e.operator, e.generatedMessage]; } };
  const ta = async (f) => { try { await f(); return 'pass'; } catch (e) { return [e.name, e.code, e.message, e.operator, e.generatedMessage]; } };
  const boom = () => { throw new TypeError('Wrong value'); };
  callback(null, {
    throws: [
      t(() => assert.throws(boom)), t(() => assert.throws(boom, TypeError)), t(() => assert.throws(boom, /Wrong/)),
      t(() => assert.throws(boom, { name: 'TypeError', message: 'Wrong value' })), t(() => assert.throws(boom, (e) => e instanceof TypeError)),
      t(() => assert.throws(() => {})), t(() => assert.throws(() => {}, TypeError)), t(() => assert.throws(() => {}, 'should throw')),
      t(() => assert.throws(boom, RangeError)), t(() => assert.throws(boom, { message: /Wrong/ })),
    ].map((x) => (Array.isArray(x) && x[2].startsWith('The error is expected') ? x.slice(0, 2).concat(x.slice(3)) : x)),
    doesNotThrow: [t(() => assert.doesNotThrow(() => 1)), t(() => assert.doesNotThrow(boom)).slice(0, 2)],
    rejects: [await ta(() => assert.rejects(Promise.reject(new Error('r')))), await ta(() => assert.rejects(async () => { throw new RangeError('x'); }, RangeError)), await ta(() => assert.rejects(Promise.resolve(1)))],
    doesNotReject: [await ta(() => assert.doesNotReject(Promise.resolve(1))), (await ta(() => assert.doesNotReject(Promise.reject(new Error('no'))))).slice(0, 2)],
    match: [t(() => assert.match('abc', /b/)), t(() => assert.match('abc', /x/)).slice(0, 2), t(() => assert.doesNotMatch('abc', /x/))],
  });
}
