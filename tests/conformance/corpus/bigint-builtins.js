// BigInt arithmetic and conversions.
function lambda(input, callback) {
  const a = 2n ** 100n;
  callback(null, [String(a), String(a / 3n), String(a % 7n), String(-a >> 3n), (255n).toString(16), String(BigInt('0x1fffffffffffff') + 1n), String(BigInt.asUintN(8, 257n)), String(BigInt.asIntN(8, 255n)), typeof 1n, 10n > 9, 10n == 10, String(BigInt(Number.MAX_SAFE_INTEGER) * 2n), (() => { try { return 1n + 1; } catch (e) { return e.name; } })(), String(-7n / 2n), String((-7n) % 2n)]);
}
