// Result shapes: undefined/functions dropped, toJSON, Dates, nested arrays, sparse arrays, boxed values.
function lambda(input, callback) {
  class Point { constructor() { this.x = 1; this.y = undefined; } toJSON() { return { p: [this.x] }; } }
  const arr = [1, , 3];
  arr.extra = 'ignored';
  callback(null, {
    undef: undefined, fn() {}, sym: Symbol('s'), arr, point: new Point(), date: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)),
    inArray: [undefined, () => 1, Symbol('x'), null], boxed: [new String('s'), new Number(5), new Boolean(false)],
    nested: { a: { b: { c: [[[]]] } } }, map: new Map([[1, 2]]), set: new Set([1]), typed: new Uint8Array([1, 2]), buf: Buffer.from('hi'),
    neg: -0, obj: Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3 } }),
    order: { b: 1, a: 2, 10: 3, 2: 4, '-1': 5 },
  });
}
