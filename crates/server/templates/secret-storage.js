// Secret Storage Template: reads a secret and updates it. Create the secret `my-secret` in
// Settings → Secrets first; a function can read and update secrets, never create them.
const { Toolbelt } = require('lp-faas-toolbelt');
const secretClient = Toolbelt.SecretClient();

async function lambda(input, callback) {
  try {
    const { value } = await secretClient.readSecret('my-secret');
    const counter = Number(value) || 0;
    await secretClient.updateSecret({ key: 'my-secret', value: String(counter + 1) });
    callback(null, { before: counter, after: counter + 1 });
  } catch (error) {
    callback(error, null);
  }
}
