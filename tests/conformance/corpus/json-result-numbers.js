// Numbers in the result JSON are serialised exactly as JSON.stringify does.
function lambda(input, callback) {
  callback(null, [0.1 + 0.2, 1e21, 1e-7, 123e-20, -0, 2 ** 53 + 1, 123456789012345680000, 5e-324, 1.7976931348623157e308,
    NaN, Infinity, -Infinity, 100, 1e6, 0.000001, 1 / 3, -1.5e-9, 4.35, 9007199254740993, 0.1, 1e300 * 10, 2 ** 31, -(2 ** 31) - 1, 255 / 256]);
}
