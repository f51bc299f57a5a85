// assert.deepStrictEqual / deepEqual semantics (pass or fail, and the operator).
function lambda(input, callback) {
  const assert = require('assert');
  const r = (f) => { try { f(); return true; } catch (e) { return [e.code, e.operator, e.generatedMessage]; } };
  const c1 = { a: 1 }; c1.self = c1;
  const c2 = { a: 1 }; c2.self = c2;
  callback(null, [
    r(() => assert.deepStrictEqual({ a: [1, 2, { b: 3 }] }, { a: [1, 2, { b: 3 }] })),
    r(() => assert.deepStrictEqual({ a: 1 }, { a: '1' })),
    r(() => assert.deepEqual({ a: 1 }, { a: '1' })),
    r(() => assert.deepStrictEqual([1, 2], [2, 1])),
    r(() => assert.deepStrictEqual(new Date(5), new Date(5))),
    r(() => assert.deepStrictEqual(new Date(5), new Date(6))),
    r(() => assert.deepStrictEqual(/a/g, /a/g)),
    r(() => assert.deepStrictEqual(/a/g, /a/i)),
    r(() => assert.deepStrictEqual(new Map([[1, 'a']]), new Map([[1, 'a']]))),
    r(() => assert.deepStrictEqual(new Map([[1, 'a']]), new Map([[1, 'b']]))),
    r(() => assert.deepStrictEqual(new Set([1, { x: 1 }]), new Set([{ x: 1 }, 1]))),
    r(() => assert.deepStrictEqual(Buffer.from('ab'), Buffer.from('ab'))),
    r(() => assert.deepStrictEqual(Buffer.from('ab'), Buffer.from('ac'))),
    r(() => assert.deepStrictEqual(c1, c2)),
    r(() => assert.deepStrictEqual(Object.create(null), {})),
    r(() => assert.deepEqual(Object.create(null), {})),
    r(() => assert.deepStrictEqual(0, -0)),
    r(() => assert.deepEqual(0, -0)),
    r(() => assert.deepStrictEqual(NaN, NaN)),
    r(() => assert.deepStrictEqual([1, , 3], [1, undefined, 3])),
    r(() => assert.deepEqual([1, , 3], [1, undefined, 3])),
    r(() => assert.deepStrictEqual(new Error('x'), new Error('x'))),
    r(() => assert.deepStrictEqual(new Error('x'), new TypeError('x'))),
    r(() => assert.notDeepStrictEqual({ a: 1 }, { a: 2 })),
    r(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })),
    r(() => assert.deepStrictEqual(new Number(1), new Number(1))),
    r(() => assert.deepStrictEqual(new Number(1), new Number(2))),
    r(() => assert.deepEqual({ a: undefined }, {})),
  ]);
}
