// createPrivateKey / createPublicKey: KeyObject type and details, export (spki/pkcs8, pem/der),
// KeyObjects used to sign and verify, and the public half of a private key.
const RSA8 = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCrv1EnwuXJ5k/M\nc10wvW0ITxsN7VwpdQz3fXaY2Itivp1BsNDwgQ2Q3AL0PGMNgO/uNf2k0OY+oVHY\nGRAkSprGv8b4plPcDvHHu0F0a3OLZxnM+t5fd+Wl4ow+rGLmKu0NYaCMYIbo4VB9\n6uegCvDeNwkO8+BHAa6ylJ1fJrwXVKu8myhsT6p+6jHtOAAyBso7qMEP6DfrP60I\nKcEeqXgLpMYXdvioETfS6xtal+EcOSWSUX/2aP5xE+BfirAIw3GjxpjT2UL3Y2MU\nMMBRL0P/UkBciu8OpybCxQcK8713UuzOl1VfT2QxxNCp77mFwg3rmX9Z/853AL4s\nJgWzLLM3AgMBAAECggEADeblEfkH3PwRs9oXY4AZyMU6dTn5g/jlDU1wYaE5myBp\nyJegOgTVjRxkotIWhHvOMAkvwv0OfhL/IHpa4PfRp8p94mz4NxpV6NXCpRf42New\nx3OmYgeUT6/9q9RhXFcs1rCd1xm4dzZHFoItWzo3fWKVZEqfpK/BV9Q0GYUgTtUE\n4aPvf7POMSH0AsUnQU2lyvrNaSCKftUu2isPbCmgEv1bLHyLT1B9Idl2Oh39TyQb\nk1eHfUPQ/MIT4sKpUb5SGDkfut0wMUG9xwVnfY7LH0gDy2l7IvFEx/p9OZxTA+5H\nNsWWoDJd9SByGMygrJ4RPdA/grUWl6m89nys/2f8NQKBgQDeMdaaFZM5iBYHZ/2g\nmd/+b4X2xAzQXBvNqjrsuhiHXnjDSyhRZGK9TXCt5pV+oaxBWtHWZoVR9xAW3W9s\nvCZtUrj4VdZqO0MFOBRRav+S5FRwzVs5zRBW61mD8NMphuwpsU8WZmqLwc/dzrJC\nJssMSLJoXEvFwCaRFkxOSX0xzQKBgQDF4KCc/pgwSRfpyayEpoNRYIpVMaW2M5H6\n456YuCFjgCJ0vhWz7D1t1l63PmJltKgnnpB9BZ2jrprNoEHhpWCAUjeKiRULj6TX\nRaJdRVIwAQOZGpT/vOaOJozCkHxA9JPgVQWEsOz6PgXLw4TAo4L2ByzOisGaqofR\nZo4Y240FEwKBgHXDtnk+PCS+8uYEANIRHD4vf7I1YJFCcF4F/msfiwacVKc1e24A\nJbEtjS4uS0etiq2s5BCdj8XMi5OC056u7jL9KBo+7ICrXi8y9NneOwzwxaxvuw0c\nma9n167tgg29fAfw+PjnWUsvcuudtK8I/o9JLH3RhTuPRyGYzuKjYp51AoGANaQt\nJiIGU6Cc8O2Q7OzO0HKhTXMF/xx/yEmIJtJTisuji440B/BUvr/MMVSiC/wrUYI0\nnQ+2qjadFH0LHwZb4K1pDQ8YO2gXQZxI5YvzObwso4aHOcSVo5djtSLB7EHhDIE/\n27aypyvFGnXIOQiaaeOMC/mlfi4YX3Wzs51g3y0CgYEAw6pMuH+0DIdWzg3/c/j8\ntxv+TY2/O7DHtQG536eYO7meeynmZTOzkbCGnPrE/TaGllTxrG6pAW6jvJaHhYKf\n9P6Y5DJrIenQnDRTaCyxYYFTuqRiXa6RdQSIZgo3SHZnIsvwSZlOe/QXN6W7kSQ4\n+Cl/vFriVzrawBTec/otzas=\n-----END PRIVATE KEY-----\n";
const RSA1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq79RJ8LlyeZPzHNdML1tCE8bDe1cKXUM9312mNiLYr6dQbDQ\n8IENkNwC9DxjDYDv7jX9pNDmPqFR2BkQJEqaxr/G+KZT3A7xx7tBdGtzi2cZzPre\nX3flpeKMPqxi5irtDWGgjGCG6OFQfernoArw3jcJDvPgRwGuspSdXya8F1SrvJso\nbE+qfuox7TgAMgbKO6jBD+g36z+tCCnBHql4C6TGF3b4qBE30usbWpfhHDklklF/\n9mj+cRPgX4qwCMNxo8aY09lC92NjFDDAUS9D/1JAXIrvDqcmwsUHCvO9d1LszpdV\nX09kMcTQqe+5hcIN65l/Wf/OdwC+LCYFsyyzNwIDAQABAoIBAA3m5RH5B9z8EbPa\nF2OAGcjFOnU5+YP45Q1NcGGhOZsgaciXoDoE1Y0cZKLSFoR7zjAJL8L9Dn4S/yB6\nWuD30afKfeJs+DcaVejVwqUX+NjXsMdzpmIHlE+v/avUYVxXLNawndcZuHc2RxaC\nLVs6N31ilWRKn6SvwVfUNBmFIE7VBOGj73+zzjEh9ALFJ0FNpcr6zWkgin7VLtor\nD2wpoBL9Wyx8i09QfSHZdjod/U8kG5NXh31D0PzCE+LCqVG+Uhg5H7rdMDFBvccF\nZ32Oyx9IA8tpeyLxRMf6fTmcUwPuRzbFlqAyXfUgchjMoKyeET3QP4K1FpepvPZ8\nrP9n/DUCgYEA3jHWmhWTOYgWB2f9oJnf/m+F9sQM0Fwbzao67LoYh154w0soUWRi\nvU1wreaVfqGsQVrR1maFUfcQFt1vbLwmbVK4+FXWajtDBTgUUWr/kuRUcM1bOc0Q\nVutZg/DTKYbsKbFPFmZqi8HP3c6yQibLDEiyaFxLxcAmkRZMTkl9Mc0CgYEAxeCg\nnP6YMEkX6cmshKaDUWCKVTGltjOR+uOemLghY4AidL4Vs+w9bdZetz5iZbSoJ56Q\nfQWdo66azaBB4aVggFI3iokVC4+k10WiXUVSMAEDmRqU/7zmjiaMwpB8QPST4FUF\nhLDs+j4Fy8OEwKOC9gcszorBmqqH0WaOGNuNBRMCgYB1w7Z5PjwkvvLmBADSERw+\nL3+yNWCRQnBeBf5rH4sGnFSnNXtuACWxLY0uLktHrYqtrOQQnY/FzIuTgtOeru4y\n/SgaPuyAq14vMvTZ3jsM8MWsb7sNHJmvZ9eu7YINvXwH8Pj451lLL3LrnbSvCP6P\nSSx90YU7j0chmM7io2KedQKBgDWkLSYiBlOgnPDtkOzsztByoU1zBf8cf8hJiCbS\nU4rLo4uONAfwVL6/zDFUogv8K1GCNJ0Ptqo2nRR9Cx8GW+CtaQ0PGDtoF0GcSOWL\n8zm8LKOGhznElaOXY7UiwexB4QyBP9u2sqcrxRp1yDkImmnjjAv5pX4uGF91s7Od\nYN8tAoGBAMOqTLh/tAyHVs4N/3P4/Lcb/k2Nvzuwx7UBud+nmDu5nnsp5mUzs5Gw\nhpz6xP02hpZU8axuqQFuo7yWh4WCn/T+mOQyayHp0Jw0U2gssWGBU7qkYl2ukXUE\niGYKN0h2ZyLL8EmZTnv0Fzelu5EkOPgpf7xa4lc62sAU3nP6Lc2r\n-----END RSA PRIVATE KEY-----\n";
const RSAPUB = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq79RJ8LlyeZPzHNdML1t\nCE8bDe1cKXUM9312mNiLYr6dQbDQ8IENkNwC9DxjDYDv7jX9pNDmPqFR2BkQJEqa\nxr/G+KZT3A7xx7tBdGtzi2cZzPreX3flpeKMPqxi5irtDWGgjGCG6OFQfernoArw\n3jcJDvPgRwGuspSdXya8F1SrvJsobE+qfuox7TgAMgbKO6jBD+g36z+tCCnBHql4\nC6TGF3b4qBE30usbWpfhHDklklF/9mj+cRPgX4qwCMNxo8aY09lC92NjFDDAUS9D\n/1JAXIrvDqcmwsUHCvO9d1LszpdVX09kMcTQqe+5hcIN65l/Wf/OdwC+LCYFsyyz\nNwIDAQAB\n-----END PUBLIC KEY-----\n";
const EC8 = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgafr3FXhuPvrfXkpV\nX29NAnVHIlv4KtOTgF1NmLASvc6hRANCAAT0lXpiWT5s1AiC03hak1VVSKMXloTN\nw5+gn5EuGJiY+X8Al2bO/uvcTjUf32664Mr/VLa9f2COEErr95nB357R\n-----END PRIVATE KEY-----\n";
const EC1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGn69xV4bj76315KVV9vTQJ1RyJb+CrTk4BdTZiwEr3OoAoGCCqGSM49\nAwEHoUQDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aEzcOfoJ+RLhiYmPl/AJdmzv7r\n3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END EC PRIVATE KEY-----\n";
const ECPUB = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aE\nzcOfoJ+RLhiYmPl/AJdmzv7r3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END PUBLIC KEY-----\n";
function lambda(input, callback) {
  const crypto = require('crypto');
  const rsa = crypto.createPrivateKey(RSA1);
  const rsaPub = crypto.createPublicKey(RSA8);
  const ec = crypto.createPrivateKey({ key: EC1, format: 'pem' });
  const ecPub = crypto.createPublicKey(ECPUB);
  const der = rsa.export({ type: 'pkcs8', format: 'der' });
  const sig = crypto.sign('sha256', Buffer.from('k'), rsa);
  callback(null, {
    types: [rsa.type, rsa.asymmetricKeyType, rsaPub.type, rsaPub.asymmetricKeyType, ec.type, ec.asymmetricKeyType, ecPub.type],
    rsaBits: rsa.asymmetricKeyDetails.modulusLength,
    curve: ec.asymmetricKeyDetails.namedCurve,
    json: JSON.stringify(rsa),
    rsaPkcs8Pem: rsa.export({ type: 'pkcs8', format: 'pem' }) === RSA8,
    rsaSpkiPem: rsaPub.export({ type: 'spki', format: 'pem' }),
    ecSpkiPem: crypto.createPublicKey(EC1).export({ type: 'spki', format: 'pem' }) === ECPUB,
    ecPkcs8Pem: ec.export({ type: 'pkcs8', format: 'pem' }) === EC8,
    derKey: crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) === RSA8,
    spkiDer: crypto.createPublicKey({ key: rsaPub.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' }).type,
    sig: sig.toString('base64').slice(0, 40),
    verifiesWithKeyObject: crypto.verify('sha256', Buffer.from('k'), rsaPub, sig),
    ecRoundTrip: crypto.verify('sha256', Buffer.from('k'), ecPub, crypto.createSign('sha256').update('k').sign(ec)),
    equals: [rsaPub.equals(crypto.createPublicKey(RSAPUB)), rsaPub.equals(ecPub)],
    instance: rsa instanceof crypto.KeyObject,
  });
}
