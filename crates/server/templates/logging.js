// Logging Template: what each log level is for. Logs are kept with the invocation; debug lines
// show in test invocations only.
function lambda(input, callback) {
  console.debug('debug: shown in test invocations only');
  console.info('info: the payload', input.payload);
  console.warn('warn: something to look at');
  console.error('error: something went wrong');
  callback(null, { logged: true });
}
