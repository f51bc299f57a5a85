// oauth-1.0a with a custom HMAC-SHA512 method, PLAINTEXT with a token, and url/data merging.
function lambda(input, callback) {
  const OAuth = require('oauth-1.0a');
  const crypto = require('crypto');
  const mk = (method, hash) => { const o = OAuth({ consumer: { key: 'k ey', secret: 's&ecret' }, signature_method: method, hash_function: hash }); o.getNonce = () => 'N0nce'; o.getTimeStamp = () => 1000000000; return o; };
  const sha512 = mk('HMAC-SHA512', (b, k) => crypto.createHmac('sha512', k).update(b).digest('base64'));
  const plain = mk('PLAINTEXT', (b, k) => k);
  const req = { url: 'https://ex.com/r?b=1', method: 'PUT', data: { a: ['x', 'y'], c: '' } };
  const tok = { key: 't', secret: 'ts' };
  callback(null, { sha512: sha512.toHeader(sha512.authorize(req, tok)), plain: plain.toHeader(plain.authorize(req, tok)), mergedParams: sha512.getParameterString(req, sha512.authorize(req, tok)) });
}
