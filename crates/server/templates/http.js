// HTTP Template: calls an API through the toolbelt's HTTP client.
// Add the API's host to Settings → Domain allowlist, and set TARGET_URL in the environment
// variables (default https://www.example.com/).
const { Toolbelt } = require('lp-faas-toolbelt');
const httpClient = Toolbelt.HTTPClient();

async function lambda(input, callback) {
  const url = process.env.TARGET_URL || 'https://www.example.com/';
  try {
    const response = await httpClient(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      json: true,
      simple: false,
      resolveWithFullResponse: true,
    });
    callback(null, { status: response.statusCode, body: response.body });
  } catch (error) {
    callback(error, null);
  }
}
