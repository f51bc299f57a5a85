// The toolbelt's enums and error codes as the real toolbelt exports them.
const { LpServices, ConversationContentTypes, SDETypes, ErrorCodes } = require('lp-faas-toolbelt');

function lambda(input, callback) {
  const sorted = (o) => Object.keys(o).sort().map((k) => [k, o[k]]);
  callback(null, {
    LpServices: sorted(LpServices),
    ConversationContentTypes: sorted(ConversationContentTypes),
    SDETypes: sorted(SDETypes),
    csds: ErrorCodes.Csds,
    secret: [ErrorCodes.Secret.Invalid, ErrorCodes.Secret.Failure, ErrorCodes.Secret.NotFound, ErrorCodes.Secret.AuthFailure],
    platform: ErrorCodes.Platform,
  });
}
