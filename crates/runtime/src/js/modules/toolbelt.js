// `lp-faas-toolbelt`: the LivePerson Functions toolbelt. Secrets, HTTP, the context session store,
// the orchestrator and the service directory are host services the embedder passes in; the
// components built on LivePerson's cloud (LpClient, ConversationUtil, SDEUtil, GDPRUtil) live in
// toolbelt_lp.js, HTTPClient in toolbelt_http.js, MTLSClient in toolbelt_mtls.js.
(function (host, lib, require) {
  'use strict';

  const { call, HTTPClient } = lib.internal('toolbelt-http');

  class SecretError extends Error {
    constructor(code, message) { super(message); this.name = 'SecretError'; this.code = code; }
  }
  // The toolbelt's codes (`InvalidFormat` and `OperationFailed` are older spellings kept for code
  // written against them).
  const ErrorCodes = {
    Platform: { Secret: { NoToken: 'com.liveperson.faas.handler.no-sa-token' } },
    Secret: {
      Invalid: 'com.liveperson.faas.secret.invalid-format', Failure: 'com.liveperson.faas.secret.op-failed',
      NotFound: 'com.liveperson.faas.secret.not-found', AuthFailure: 'com.liveperson.faas.secret.auth-failed',
      InvalidFormat: 'com.liveperson.faas.secret.invalid-format', OperationFailed: 'com.liveperson.faas.secret.op-failed',
    },
    Csds: { NotFound: 'com.liveperson.faas.csds.domain.not-found', Failure: 'com.liveperson.faas.csds.op-failed' },
  };

  function SecretClient() {
    const used = new Map();
    const wrap = async (op, args) => {
      try { return await call('secrets', op, args); } catch (e) {
        throw new SecretError(e.code && e.code.startsWith('com.liveperson.faas.secret') ? e.code : ErrorCodes.Secret.OperationFailed, e.message);
      }
    };
    return {
      async readSecret(key) {
        if (typeof key !== 'string' || !key) throw new SecretError(ErrorCodes.Secret.InvalidFormat, 'secret key must be a non-empty string');
        const value = await wrap('read', { key });
        used.set(key, value);
        return { key, value };
      },
      async updateSecret(secret) {
        if (!secret || typeof secret.key !== 'string') throw new SecretError(ErrorCodes.Secret.InvalidFormat, 'updateSecret expects {key, value}');
        const value = typeof secret.value === 'string' ? secret.value : JSON.stringify(secret.value);
        await wrap('update', { key: secret.key, value });
        used.set(secret.key, value);
        return { key: secret.key, value };
      },
      getUsedSecrets() { return Array.from(used, ([key, value]) => ({ key, value })); },
    };
  }

  function ContextServiceClient(a, b) {
    const cfg = typeof a === 'object' && a !== null ? a : { apiKey: a, accountId: b };
    const acc = String(cfg.accountId || process.env.BRAND_ID);
    const op = (name, args) => call('context', name, Object.assign({ accountId: acc }, args));
    const sid = (s) => (s === undefined || s === null ? '__default__' : String(s));
    return {
      createNamespace: (namespace, options) => op('createNamespace', { namespace, ttlSecond: options && options.ttl }).then((n) => Object.assign(n, { createdAt: new Date(n.createdAt) })),
      deleteNamespace: (namespace) => op('deleteNamespace', { namespace }),
      getListOfNamespaces: () => op('listNamespaces', {}).then((l) => l.map((n) => Object.assign(n, { createdAt: new Date(n.createdAt) }))),
      setPropertiesInNamespace: (namespace, properties, sessionId) => op('setProperties', { namespace, properties, sessionId: sid(sessionId) }),
      updatePropertiesInNamespace: (namespace, properties, sessionId) => op('setProperties', { namespace, properties, sessionId: sid(sessionId) }),
      getAllPropertiesInSession: (namespace, sessionId) => op('getProperties', { namespace, sessionId: sid(sessionId), names: null }),
      getSelectedPropertiesInSession: (namespace, names, sessionId) => op('getProperties', { namespace, sessionId: sid(sessionId), names }),
      getPropertyInSession: (namespace, name, sessionId) => op('getProperties', { namespace, sessionId: sid(sessionId), names: [name] }).then((p) => p[name]),
      deletePropertyInSession: (namespace, name, sessionId) => op('deleteProperty', { namespace, sessionId: sid(sessionId), name }),
      deleteSession: (namespace, sessionId) => op('deleteSession', { namespace, sessionId: sid(sessionId) }),
      getListOfSessions: (namespace) => op('listSessions', { namespace }),
    };
  }

  const ErrorStrategy = { EXIT_ON_ERROR: 'ExitOnError', CONTINUE_ON_ERROR: 'ContinueOnError' };
  function OrchestratorClient() {
    return {
      async invoke(invocations, deadline, options) {
        if (!Array.isArray(invocations) || invocations.length === 0) throw new Error('invocations must be a non-empty array');
        if (typeof deadline !== 'number' || deadline <= 0 || deadline > 25000) throw new Error('deadline must be a number of milliseconds between 1 and 25000');
        options = options || {};
        const timeout = options.timeout || Math.floor(deadline / invocations.length);
        const strategy = options.errorStrategy || ErrorStrategy.EXIT_ON_ERROR;
        const one = async (inv) => {
          const retries = inv.retries === undefined ? 3 : inv.retries;
          let last;
          for (let attempt = 0; attempt <= retries; attempt++) {
            last = await call('orchestrator', 'invoke', { uuid: inv.uuid, payload: inv.payload === undefined ? null : inv.payload, headers: inv.headers || {}, timeoutMs: timeout });
            const retryable = inv.retryFunction ? inv.retryFunction(last.statusCode, last.error) : [429, 500, 502, 504].includes(last.statusCode);
            if (!last.error || !retryable) break;
          }
          if (last.error && strategy === ErrorStrategy.EXIT_ON_ERROR) {
            const e = new Error('Invocation of ' + inv.uuid + ' failed: ' + last.error.message);
            e.response = last;
            throw e;
          }
          return last;
        };
        const run = async () => {
          if (options.invokeParallel) return Promise.all(invocations.map(one));
          const out = [];
          for (const inv of invocations) out.push(await one(inv));
          return out;
        };
        let timer;
        const guard = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('Orchestrator deadline of ' + deadline + ' ms exceeded')), deadline); });
        try { return await Promise.race([run(), guard]); } finally { clearTimeout(timer); }
      },
    };
  }

  // The LivePerson components load on first use.
  let lpParts;
  const lp = () => lpParts || (lpParts = lib.internal('toolbelt-lp')({ call, HTTPClient, SecretClient }));

  const Toolbelt = {
    SecretClient, HTTPClient, ContextServiceClient, OrchestratorClient,
    LpClient: () => lp().LpClient(), ConversationUtil: () => lp().ConversationUtil(), SDEUtil: () => lp().SDEUtil(),
    GDPRUtil: () => lp().GDPRUtil(),
    // A jsforce Connection whose HTTP goes through `fetch`, so through the egress like every call.
    SFClient: () => ({ connectToSalesforce: (options) => new (require('jsforce').Connection)(options) }),
    MTLSClient(options) { return lib.internal('toolbelt-mtls').MTLSClient(options); },
  };
  const LpServices = {
    ACCOUNT_CONFIG_READ_ONLY: 'accountConfigReadOnly', ACCOUNT_CONFIG_READ_WRITE: 'accountConfigReadWrite', AGENT_VEP: 'agentVep',
    ASYNC_MESSAGING: 'asyncMessaging', ASYNC_MESSAGING_EN: 'asyncMessagingEnt', AUDITLOG: 'auditlog', ENG_HIST_DOMAIN: 'engHistDomain',
    LE_DATA_REPORTING: 'leDataReporting', MSDKGW: 'msdkgw', MSG_EWT_API: 'msgEwtAPI', MSG_HIST: 'msgHist', PUSHER: 'pusher', RTBF: 'rtbf', SMT: 'smt',
  };
  // What getConversationById may retrieve (Messaging Interactions API `contentToRetrieve`).
  const ConversationContentTypes = {
    INFO: 'info', SDES: 'sdes', UNAUTH_SDES: 'unAuthSdes', CAMPAIGN: 'campaign', MESSAGE_RECORDS: 'messageRecords',
    AGENT_PARTICIPANTS: 'agentParticipants', AGENT_PARTICIPANTS_ACTIVE: 'agentParticipantsActive',
    CONSUMER_PARTICIPANTS: 'consumerParticipants', TRANSFERS: 'transfers', INTERACTIONS: 'interactions',
    MESSAGE_SCORES: 'messageScores', MESSAGE_STATUSES: 'messageStatuses', SKILL_CHANGES: 'skillChanges',
    CONVERSATION_SURVEYS: 'conversationSurveys', AGENT_PARTICIPANTS_LEAVE: 'agentParticipantsLeave',
    COBROWSE_SESSIONS: 'coBrowseSessions', SUMMARY: 'summary', MONITORING: 'monitoring', DIALOGS: 'dialogs',
    RESPONSE_TIME: 'responseTime', INTENTS: 'intents', UNIQUE_INTENTS: 'uniqueIntents',
    LATEST_AGENT_SURVEY: 'latestAgentSurvey', PREVIOUSLY_SUBMITTED_AGENT_SURVEYS: 'previouslySubmittedAgentSurveys',
  };
  const SDETypes = {
    CART: 'cart', TRANSACTION: 'purchase', VIEWED_PRODUCT: 'prodView', CUSTOMER_INFO: 'ctmrinfo', MARKETING_SOURCE: 'mrktInfo',
    PERSONAL_INFO: 'personal', LEAD: 'lead', SERVICE_ACTIVITY: 'service', VISITOR_ERROR: 'error', SEARCHED_CONTENT: 'searchInfo',
  };
  return { Toolbelt, LpServices, ConversationContentTypes, SDETypes, ErrorStrategy, ErrorCodes, SecretError };
})
