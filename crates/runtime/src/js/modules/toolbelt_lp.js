// The toolbelt components that talk to LivePerson's Conversational Cloud: `LpClient()` (service
// domain from the account's service directory, OAuth 1.0a signing with the app key kept in the
// secret store, the request through the egress), `ConversationUtil()`, `SDEUtil()` and
// `GDPRUtil()`. Names, signatures, result shapes and messages follow the toolbelt that
// `liveperson-functions-cli` 1.31.13 ships.
//
// Internal module (`host.internal('toolbelt-lp')`): its factory returns `build(parts)`, which the
// toolbelt calls with its own host bridge, `HTTPClient` and `SecretClient`.
(function (host, lib, require) {
  'use strict';

  const DEFAULT_APP_KEY_SECRET = 'lp-faas-default-app-key';
  const CSDS_NOT_FOUND = 'com.liveperson.faas.csds.domain.not-found';
  const CSDS_FAILURE = 'com.liveperson.faas.csds.op-failed';
  const MSG_HIST = 'msgHist';
  const SMT = 'smt';
  const SWIFT = 'swift';
  // A 1×1 black PNG: what GDPRUtil puts in place of a file unless told otherwise.
  const BLACK_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR42mNgAAAAAgAB5Sfe/AAAAABJRU5ErkJggg==';

  // The error the toolbelt's internals throw: a message and a platform code.
  class InternalError extends Error {
    constructor(code, message) { super(message); this.code = code; }
  }

  return function build({ call, HTTPClient, SecretClient }) {
    const brandId = () => process.env.BRAND_ID;

    // The account's service directory (CSDS); the host caches it per account.
    const directory = {
      async get(service) {
        let domains;
        try {
          domains = await call('csds', 'domains', {});
        } catch (e) {
          throw new InternalError(e.code === CSDS_NOT_FOUND ? CSDS_NOT_FOUND : CSDS_FAILURE, e.message);
        }
        const hit = domains.find((d) => d.service === service);
        if (hit) return hit.baseURI;
        throw new InternalError(CSDS_NOT_FOUND, `Service "${service}" could not be found.`);
      },
    };

    // The four OAuth 1.0a values of an app key, from a secret holding them as JSON (or an object).
    async function appKeyCredentials(secretName) {
      let value;
      try {
        ({ value } = await SecretClient().readSecret(secretName));
      } catch (e) {
        throw new Error(`Could not fetch App Key credentials from secret storage: ${e.message}`);
      }
      if (typeof value === 'string') {
        try { value = JSON.parse(value); } catch (e) { value = null; }
      }
      const fields = ['consumerKey', 'consumerSecret', 'token', 'tokenSecret'];
      const missing = value && typeof value === 'object' ? fields.filter((f) => typeof value[f] !== 'string' || !value[f]) : fields;
      if (missing.length) {
        throw new Error(`Could not fetch App Key credentials from secret storage: the secret "${secretName}" must be JSON with the strings ${fields.join(', ')} (missing: ${missing.join(', ')})`);
      }
      return value;
    }

    // The `Authorization: OAuth ...` header for one request (HMAC-SHA1, as LivePerson's APIs take it).
    function oauthHeader(request, creds) {
      const OAuth = require('oauth-1.0a');
      const crypto = require('crypto');
      const signer = OAuth({
        consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
        signature_method: 'HMAC-SHA1',
        hash_function: (base, key) => crypto.createHmac('sha1', key).update(base).digest('base64'),
      });
      return signer.toHeader(signer.authorize(request, { key: creds.token, secret: creds.tokenSecret }));
    }

    function LpClient() {
      const http = HTTPClient();
      return async function lpClient(service, path, options) {
        const { appKeySecretName = DEFAULT_APP_KEY_SECRET, method = 'GET', ...rest } = options || {};
        const domain = await directory.get(service);
        if (!domain) throw new Error(`Service "${service}" could not be found.`);
        const baseUrl = `https://${domain}`;
        const creds = await appKeyCredentials(appKeySecretName);
        const header = oauthHeader({ url: `${baseUrl}${path}`, method, body: rest.body }, creds);
        return http(path, { ...rest, baseUrl, method, headers: { ...rest.headers, ...header } });
      };
    }

    // Text of a transcript entry a keyword scan looks at: plain text, or a hosted file's caption.
    const scannable = (m) => ({
      message: m.type === 'TEXT_PLAIN' ? m.messageData.msg.text : m.messageData.file.caption,
      sentTimestamp: m.timeL,
      sentBy: m.sentBy,
    });

    function ConversationUtil() {
      const lpClient = LpClient();
      return {
        async getConversationById(conversationId, contentToRetrieve) {
          if (!conversationId) throw new Error('Please provide a conversation ID.');
          const body = { conversationId };
          if (contentToRetrieve && contentToRetrieve.length) body.contentToRetrieve = contentToRetrieve;
          try {
            const conversation = await lpClient(MSG_HIST, `/messaging_history/api/account/${brandId()}/conversations/conversation/search?v=2`, {
              method: 'POST', headers: { 'Content-Type': 'application/json' }, body, json: true,
            });
            if (!conversation.conversationHistoryRecords.length) throw new Error(`Conversation "${conversationId}" not found.`);
            return conversation;
          } catch (e) {
            throw new Error(`Error while fetching conversation "${conversationId}": ${e.message}`);
          }
        },
        scanConversationForKeywords(conversation, keywords) {
          if (!conversation) throw new Error('Please provide conversation object.');
          if (!keywords || keywords.length === 0) throw new Error('Please provide array containing keywords.');
          const transcript = conversation.conversationHistoryRecords[0].messageRecords;
          const candidates = transcript.filter((m) => m.type === 'HOSTED_FILE' || m.type === 'TEXT_PLAIN').map(scannable);
          const hits = [];
          for (const keyword of keywords) {
            for (const m of candidates) {
              if (m.message.match(new RegExp(keyword, 'gmi'))) hits.push({ ...m, tag: `keywordRef:${keyword}` });
            }
          }
          return hits;
        },
      };
    }

    // Events of an SDE block ordered by server time, the latest last.
    const byServerTime = (sdes) => ({ events: sdes.events.sort((a, b) => (a.serverTimeStamp < b.serverTimeStamp ? -1 : 1)) });

    function SDEUtil() {
      const lpClient = LpClient();
      return {
        getSDEsFromConv(conversation) {
          try {
            if (!conversation || !Object.prototype.hasOwnProperty.call(conversation, 'conversationHistoryRecords')) {
              throw new Error('Please provide a valid conversation.');
            }
            const record = conversation.conversationHistoryRecords[0];
            // Node's wording, which functions may match on.
            if (record === undefined || record === null) throw new TypeError(`Cannot read properties of ${record} (reading 'sdes')`);
            const { sdes = { events: [] }, unAuthSdes = { events: [] } } = record;
            return { sdes: byServerTime(sdes), unAuthSdes: byServerTime(unAuthSdes) };
          } catch (e) {
            throw new Error(`Error while getting SDEs from conversation: ${e.message}`);
          }
        },
        async addSDEs(sdes, visitorId, sessionId) {
          if (!sdes || sdes.length === 0) throw new Error('Please provide one or more SDEs');
          try {
            await lpClient(SMT, `/api/account/${brandId()}/monitoring/visitors/${visitorId}/visits/current/events?v=1&sid=${sessionId}`, {
              method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: sdes, json: true,
            });
          } catch (e) {
            throw new Error(`Error while setting SDEs: ${e.message}`);
          }
        },
      };
    }

    function GDPRUtil() {
      const http = HTTPClient();
      // Swift (LivePerson's file storage) v1 auth: user and key in, a token in a response header.
      async function swiftToken(domain, username, password) {
        try {
          const res = await http(`https://${domain}/auth/v1.0`, {
            method: 'GET', simple: true, resolveWithFullResponse: true,
            headers: { 'X-Auth-User': username, 'X-Auth-Key': password },
          });
          return res.headers['x-auth-token'];
        } catch (e) {
          throw new Error(`Unable to authorize at Swift: ${e.message}`);
        }
      }
      return {
        async replaceConversationFiles(conversation, credentials, shouldReplace, replacementFile) {
          const { username, password } = credentials || {};
          const keep = shouldReplace || (() => true);
          const file = replacementFile || { contentType: 'image/png', body: require('buffer').Buffer.from(BLACK_PIXEL_PNG, 'base64') };
          if (!conversation) throw new Error('Please provide conversation object.');
          const records = conversation.conversationHistoryRecords || [];
          const paths = records
            .reduce((all, r) => all.concat(r.messageRecords), [])
            .filter((m) => m.type === 'HOSTED_FILE')
            .map((m) => m.messageData.file.relativePath)
            .filter(keep);
          await Promise.all(paths.map(async (path) => {
            try {
              const domain = await directory.get(SWIFT);
              const token = await swiftToken(domain, username, password);
              await http(`https://${domain}${path}`, {
                method: 'PUT', simple: true, resolveWithFullResponse: false,
                headers: { 'content-type': file.contentType, 'x-auth-token': token },
                body: file.body,
              });
            } catch (e) {
              throw new Error(`Unable to replace image ${path}: ${e.message}`);
            }
          }));
          return paths;
        },
      };
    }

    return { LpClient, ConversationUtil, SDEUtil, GDPRUtil, InternalError };
  };
})
