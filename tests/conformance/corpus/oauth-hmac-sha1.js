// oauth-1.0a HMAC-SHA1 signature with fixed nonce and timestamp (the Twitter docs example).
function lambda(input, callback) {
  const OAuth = require('oauth-1.0a');
  const crypto = require('crypto');
  const oauth = OAuth({
    consumer: { key: 'xvz1evFS4wEEPTGEFPHBog', secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
    signature_method: 'HMAC-SHA1',
    hash_function(base, key) { return crypto.createHmac('sha1', key).update(base).digest('base64'); },
  });
  oauth.getNonce = () => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg';
  oauth.getTimeStamp = () => 1318622958;
  const request = { url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true', method: 'POST', data: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' } };
  const token = { key: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb', secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE' };
  const auth = oauth.authorize(request, token);
  callback(null, {
    auth, header: oauth.toHeader(auth),
    base: oauth.getBaseString(request, auth),
    params: oauth.getParameterString(request, auth),
    signingKey: oauth.getSigningKey(token.secret),
  });
}
