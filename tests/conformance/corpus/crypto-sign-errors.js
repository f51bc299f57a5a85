// Signing errors as Node (OpenSSL 3) reports them: undecodable PEM, a public key given to sign,
// unknown digests, missing or wrongly typed keys, an Ed25519 key, reuse after sign().
const RSA8 = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCrv1EnwuXJ5k/M\nc10wvW0ITxsN7VwpdQz3fXaY2Itivp1BsNDwgQ2Q3AL0PGMNgO/uNf2k0OY+oVHY\nGRAkSprGv8b4plPcDvHHu0F0a3OLZxnM+t5fd+Wl4ow+rGLmKu0NYaCMYIbo4VB9\n6uegCvDeNwkO8+BHAa6ylJ1fJrwXVKu8myhsT6p+6jHtOAAyBso7qMEP6DfrP60I\nKcEeqXgLpMYXdvioETfS6xtal+EcOSWSUX/2aP5xE+BfirAIw3GjxpjT2UL3Y2MU\nMMBRL0P/UkBciu8OpybCxQcK8713UuzOl1VfT2QxxNCp77mFwg3rmX9Z/853AL4s\nJgWzLLM3AgMBAAECggEADeblEfkH3PwRs9oXY4AZyMU6dTn5g/jlDU1wYaE5myBp\nyJegOgTVjRxkotIWhHvOMAkvwv0OfhL/IHpa4PfRp8p94mz4NxpV6NXCpRf42New\nx3OmYgeUT6/9q9RhXFcs1rCd1xm4dzZHFoItWzo3fWKVZEqfpK/BV9Q0GYUgTtUE\n4aPvf7POMSH0AsUnQU2lyvrNaSCKftUu2isPbCmgEv1bLHyLT1B9Idl2Oh39TyQb\nk1eHfUPQ/MIT4sKpUb5SGDkfut0wMUG9xwVnfY7LH0gDy2l7IvFEx/p9OZxTA+5H\nNsWWoDJd9SByGMygrJ4RPdA/grUWl6m89nys/2f8NQKBgQDeMdaaFZM5iBYHZ/2g\nmd/+b4X2xAzQXBvNqjrsuhiHXnjDSyhRZGK9TXCt5pV+oaxBWtHWZoVR9xAW3W9s\nvCZtUrj4VdZqO0MFOBRRav+S5FRwzVs5zRBW61mD8NMphuwpsU8WZmqLwc/dzrJC\nJssMSLJoXEvFwCaRFkxOSX0xzQKBgQDF4KCc/pgwSRfpyayEpoNRYIpVMaW2M5H6\n456YuCFjgCJ0vhWz7D1t1l63PmJltKgnnpB9BZ2jrprNoEHhpWCAUjeKiRULj6TX\nRaJdRVIwAQOZGpT/vOaOJozCkHxA9JPgVQWEsOz6PgXLw4TAo4L2ByzOisGaqofR\nZo4Y240FEwKBgHXDtnk+PCS+8uYEANIRHD4vf7I1YJFCcF4F/msfiwacVKc1e24A\nJbEtjS4uS0etiq2s5BCdj8XMi5OC056u7jL9KBo+7ICrXi8y9NneOwzwxaxvuw0c\nma9n167tgg29fAfw+PjnWUsvcuudtK8I/o9JLH3RhTuPRyGYzuKjYp51AoGANaQt\nJiIGU6Cc8O2Q7OzO0HKhTXMF/xx/yEmIJtJTisuji440B/BUvr/MMVSiC/wrUYI0\nnQ+2qjadFH0LHwZb4K1pDQ8YO2gXQZxI5YvzObwso4aHOcSVo5djtSLB7EHhDIE/\n27aypyvFGnXIOQiaaeOMC/mlfi4YX3Wzs51g3y0CgYEAw6pMuH+0DIdWzg3/c/j8\ntxv+TY2/O7DHtQG536eYO7meeynmZTOzkbCGnPrE/TaGllTxrG6pAW6jvJaHhYKf\n9P6Y5DJrIenQnDRTaCyxYYFTuqRiXa6RdQSIZgo3SHZnIsvwSZlOe/QXN6W7kSQ4\n+Cl/vFriVzrawBTec/otzas=\n-----END PRIVATE KEY-----\n";
const RSAPUB = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq79RJ8LlyeZPzHNdML1t\nCE8bDe1cKXUM9312mNiLYr6dQbDQ8IENkNwC9DxjDYDv7jX9pNDmPqFR2BkQJEqa\nxr/G+KZT3A7xx7tBdGtzi2cZzPreX3flpeKMPqxi5irtDWGgjGCG6OFQfernoArw\n3jcJDvPgRwGuspSdXya8F1SrvJsobE+qfuox7TgAMgbKO6jBD+g36z+tCCnBHql4\nC6TGF3b4qBE30usbWpfhHDklklF/9mj+cRPgX4qwCMNxo8aY09lC92NjFDDAUS9D\n/1JAXIrvDqcmwsUHCvO9d1LszpdVX09kMcTQqe+5hcIN65l/Wf/OdwC+LCYFsyyz\nNwIDAQAB\n-----END PUBLIC KEY-----\n";
const ECPUB = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aE\nzcOfoJ+RLhiYmPl/AJdmzv7r3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END PUBLIC KEY-----\n";
const ED = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFUH0g2VcksVrrejYPZ/bi5nxkTVcaaaqtoMb6nyEEhA\n-----END PRIVATE KEY-----\n";
function lambda(input, callback) {
  const crypto = require('crypto');
  const t = (f) => { try { const v = f(); return Buffer.isBuffer(v) ? 'buffer' : v; } catch (e) { return [e.name, e.code, e.message]; } };
  const used = crypto.createSign('sha256').update('x');
  used.sign(RSA8);
  callback(null, {
    notPem: t(() => crypto.createSign('sha256').update('x').sign('not a key')),
    badBase64: t(() => crypto.createSign('sha256').update('x').sign('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')),
    publicToSign: t(() => crypto.createSign('sha256').update('x').sign(RSAPUB)),
    ecPublicToSign: t(() => crypto.sign('sha256', Buffer.from('x'), ECPUB)),
    unknownDigest: t(() => crypto.createSign('nope')),
    noKey: t(() => crypto.createSign('sha256').update('x').sign()),
    numberKey: t(() => crypto.createSign('sha256').update('x').sign(123)),
    verifyGarbageKey: t(() => crypto.createVerify('sha256').update('x').verify('garbage', Buffer.alloc(3))),
    ed25519: t(() => crypto.createSign('sha256').update('x').sign(ED)),
    signTwice: t(() => used.sign(RSA8)),
    updateAfter: t(() => used.update('y')),
    publicKeyObject: t(() => crypto.sign('sha256', Buffer.from('x'), crypto.createPublicKey(RSAPUB))),
    createPrivateFromPublic: t(() => crypto.createPrivateKey(RSAPUB)),
    createPublicBad: t(() => crypto.createPublicKey('bad')),
    badHexSig: t(() => crypto.createVerify('sha256').update('x').verify(RSAPUB, 'abc', 'hex')),
  });
}
