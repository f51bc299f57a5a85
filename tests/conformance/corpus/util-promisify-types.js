// util.promisify / callbackify / inherits / types / isDeepStrictEqual / TextEncoder.
async function lambda(input, callback) {
  const util = require('util');
  const add = (a, b, cb) => setTimeout(() => (a < 0 ? cb(new Error('negative')) : cb(null, a + b)), 1);
  const padd = util.promisify(add);
  const sum = await padd(2, 3);
  let err;
  try { await padd(-1, 1); } catch (e) { err = e.message; }
  const cbified = util.callbackify(async (x) => x * 2);
  const viaCb = await new Promise((res) => cbified(21, (e, v) => res([e, v])));
  function A() {}
  A.prototype.hi = function () { return 'hi'; };
  function B() { A.call(this); }
  util.inherits(B, A);
  const te = new TextEncoder().encode('héllo ✓');
  callback(null, {
    sum, err, viaCb, inherits: [new B().hi(), B.super_ === A, new B() instanceof A],
    types: [util.types.isDate(new Date()), util.types.isRegExp(/x/), util.types.isPromise(Promise.resolve()), util.types.isMap(new Map()), util.types.isSet(new Set()), util.types.isTypedArray(new Uint8Array()), util.types.isUint8Array(Buffer.alloc(1)), util.types.isArrayBuffer(new ArrayBuffer(1)), util.types.isNativeError(new TypeError())],
    deep: [util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual({ a: 1 }, { a: '1' }), util.isDeepStrictEqual(new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]])), util.isDeepStrictEqual(new Set([1, 2]), new Set([2, 1])), util.isDeepStrictEqual([1, 2], [1, 2, 3]), util.isDeepStrictEqual(NaN, NaN), util.isDeepStrictEqual(0, -0)],
    te: Array.from(te), td: new TextDecoder().decode(te), enc: new TextEncoder().encoding,
    legacy: [util.isArray([]), util.isString('s'), util.isFunction(() => 1), util.isNullOrUndefined(null)],
  });
}
