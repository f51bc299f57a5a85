// oauth-1.0a: HMAC-SHA256, PLAINTEXT, realm, body_hash, no token, parameter separator.
function lambda(input, callback) {
  const OAuth = require('oauth-1.0a');
  const crypto = require('crypto');
  const mk = (method, extra) => {
    const o = OAuth(Object.assign({
      consumer: { key: 'ck', secret: 'cs&x' }, signature_method: method,
      hash_function(base, key) { return crypto.createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key).update(base).digest('base64'); },
    }, extra));
    o.getNonce = () => 'nonce123';
    o.getTimeStamp = () => 1600000000;
    return o;
  };
  const req = { url: 'https://example.com/api/v1/items?b=2&a=1&a=0&z=%7E%20x', method: 'GET', data: { 'c d': "e!f*g'h(i)" } };
  const sha256 = mk('HMAC-SHA256', { realm: 'Example' });
  const plain = mk('PLAINTEXT');
  const sep = mk('HMAC-SHA1', { parameter_seperator: ';', last_ampersand: false, nonce_length: 8, version: '1.0' });
  const bodyHash = mk('HMAC-SHA1', { body_hash_function(data) { return crypto.createHash('sha1').update(data).digest('base64'); } });
  callback(null, {
    sha256: sha256.toHeader(sha256.authorize(req, { key: 'tk', secret: 'ts' })),
    plain: plain.authorize(req),
    sep: sep.toHeader(sep.authorize(req, { key: 'tk', secret: 'ts' })),
    bodyHash: bodyHash.authorize({ url: 'https://e.com/p', method: 'POST', data: '{"a":1}', includeBodyHash: true }),
    encoded: sep.percentEncode("!*'() ~"),
    deParam: sep.deParam('a=1&b=2&a=3'),
    deParamUrl: sep.deParamUrl('https://e.com/?x=1&y=%20'),
    sorted: sep.sortObject({ b: 1, a: [3, 2] }),
  });
}
