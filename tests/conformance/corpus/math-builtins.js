// Math results that must be bit-identical (exactly specified operations only).
function lambda(input, callback) {
  callback(null, [Math.round(-0.5), Math.round(2.5), Math.round(-2.5), Math.trunc(-4.7), Math.sign(-3), Math.cbrt(27), Math.hypot(3, 4), Math.max(), Math.min(),
    Math.clz32(1), Math.fround(5.5), Math.fround(5.05), Math.imul(3, 4), Math.abs(-0), Math.sqrt(2), Math.floor(-0.5), Math.ceil(-0.5), 2 ** -1074, 7 % -3, -7 % 3, 0.1 * 3, 9007199254740992 + 1, (2 ** 53) * 2, 5 / 0, -5 / 0, 0 / 0,
    Number.MAX_SAFE_INTEGER, Number.EPSILON, Number.isInteger(5.0), Number.isSafeInteger(2 ** 53), parseInt('123abc'), parseInt('0x1A'), parseInt('08'), parseInt('1e3'), ~~3.7, 3.7 | 0, -1 >>> 0, 1 << 31]);
}
