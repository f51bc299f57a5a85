// Salesforce Template: queries Salesforce with jsforce through the toolbelt.
// Create the secret `salesforce-connection` holding JSON {"instanceUrl": "https://<you>.my.salesforce.com",
// "accessToken": "..."} and add the instance's host to the domain allowlist.
const { Toolbelt } = require('lp-faas-toolbelt');
const sfClient = Toolbelt.SFClient();
const secretClient = Toolbelt.SecretClient();

async function lambda(input, callback) {
  try {
    const { value } = await secretClient.readSecret('salesforce-connection');
    const { instanceUrl, accessToken } = JSON.parse(value);
    const connection = sfClient.connectToSalesforce({ instanceUrl, accessToken });
    const soql = (input.payload && input.payload.query) || 'SELECT Id, Name FROM Account LIMIT 5';
    const result = await connection.query(soql);
    callback(null, { totalSize: result.totalSize, records: result.records.map((r) => ({ id: r.Id, name: r.Name })) });
  } catch (error) {
    callback(error, null);
  }
}
