// oauth-1.0a on a GET with query-string and data parameters, encoded keys and arrays.
function lambda(input, callback) {
  const OAuth = require('oauth-1.0a');
  const crypto = require('crypto');
  const oauth = OAuth({
    consumer: { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' }, signature_method: 'HMAC-SHA1',
    hash_function: (b, k) => crypto.createHmac('sha1', k).update(b).digest('base64'),
  });
  oauth.getNonce = () => 'kllo9940pd9333jh';
  oauth.getTimeStamp = () => 1191242096;
  const token = { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' };
  const req = { url: 'http://photos.example.net/photos?file=vacation.jpg&size=original', method: 'GET' };
  const req2 = { url: 'https://api.example.com/x?tags=a&tags=b&empty=', method: 'get', data: { 'sp ace': 'a+b', list: ['z', 'y'] } };
  const a1 = oauth.authorize(req, token);
  const a2 = oauth.authorize(req2, token);
  callback(null, { a1, h1: oauth.toHeader(a1), base2: oauth.getBaseString(req2, a2), a2: a2.oauth_signature, url: oauth.getBaseUrl('HTTP://Example.COM:80/a?b=c') });
}
