// Function templates offered when creating a function (lpf-spec §1.6, "No Event" templates).
export const TEMPLATES = {
  hello: {
    label: 'Hello World',
    code: `function lambda(input, callback) {
  callback(null, \`Hello World\`);
}
`,
  },
  http: {
    label: 'HTTP',
    code: `const { Toolbelt } = require('lp-faas-toolbelt');
const httpClient = Toolbelt.HTTPClient();

// Add the domain to Settings → Domain allowlist first.
async function lambda(input, callback) {
  try {
    const response = await httpClient('https://www.example.com', {
      method: 'GET',
      headers: {},
      simple: false,
      resolveWithFullResponse: true,
    });
    callback(null, { status: response.statusCode });
  } catch (error) {
    callback(error, null);
  }
}
`,
  },
  logging: {
    label: 'Logging',
    code: `function lambda(input, callback) {
  console.debug('debug: shown in test invocations only');
  console.info('info: the payload', input.payload);
  console.warn('warn: something to look at');
  console.error('error: something went wrong');
  callback(null, { logged: true });
}
`,
  },
  secret: {
    label: 'Secret Storage',
    code: `const { Toolbelt } = require('lp-faas-toolbelt');
const secretClient = Toolbelt.SecretClient();

// Create the secret in Settings → Secrets first.
async function lambda(input, callback) {
  try {
    const { value } = await secretClient.readSecret('my-secret');
    callback(null, { hasSecret: value.length > 0 });
  } catch (error) {
    callback(error, null);
  }
}
`,
  },
};
