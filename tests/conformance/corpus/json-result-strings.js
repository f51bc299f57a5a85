// Strings in the result JSON: escapes, control characters, line separators, astral characters.
function lambda(input, callback) {
  callback(null, {
    ctrl: Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''),
    quotes: 'a"b\\c/d', seps: '\u2028\u2029', del: '\u007f\u0080\u00ff', astral: '🎉 𝒳', bmp: 'é ✓ 你好',
    lone: ['\ud800', '\udc00x', 'a\ud83c'], keys: { 'ke"y': 1, '\n': 2, '': 3 }, empty: '',
  });
}
