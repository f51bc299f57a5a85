// The code editor: CodeMirror 6 with JavaScript highlighting, bracket matching, search,
// completions for the toolbelt and require names, and diagnostics from the server's validation.
import { EditorView, basicSetup } from 'codemirror';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { completeFromList } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';

const word = (label, detail, type = 'function') => ({ label, detail, type });
const TOOLBELT = [
  word('Toolbelt.HTTPClient()', 'HTTP requests to allowlisted domains'),
  word('Toolbelt.SecretClient()', 'readSecret(key), updateSecret({key, value})'),
  word('Toolbelt.ContextServiceClient()', 'the context session store'),
  word('Toolbelt.OrchestratorClient()', 'invoke other functions'),
  word('Toolbelt.LpClient()', 'LivePerson APIs: domain from CSDS, OAuth 1.0a app key'),
  word('Toolbelt.ConversationUtil()', 'getConversationById(id, contentToRetrieve), scanConversationForKeywords(conv, keywords)'),
  word('Toolbelt.SDEUtil()', 'addSDEs(sdes, visitorId, sessionId), getSDEsFromConv(conv)'),
  word('Toolbelt.GDPRUtil()', 'replaceConversationFiles(conv, credentials, shouldReplace, file)'),
  word('Toolbelt.SFClient()', 'connectToSalesforce(options): a jsforce Connection'),
  word('Toolbelt.MTLSClient({ cert, key, ca })', 'mutual TLS: get, post, put, patch, delete, head, options'),
  word("require('lp-faas-toolbelt')", '{ Toolbelt, LpServices, … }'),
  word("require('crypto')", 'Node crypto'),
  word("require('buffer')", 'Node Buffer'),
  word("require('url')", 'URL, URLSearchParams'),
  word("require('util')", 'Node util'),
  word("require('events')", 'EventEmitter'),
  word("require('jsforce')", 'Salesforce client'),
  word("require('lodash')", 'lodash 4'),
  word("require('luxon')", 'DateTime, Duration, Interval'),
  word('fetch(url, init)', 'the Fetch API, to allowlisted domains'),
  word('getConversationById', 'ConversationUtil: a conversation from Messaging Interactions', 'method'),
  word('scanConversationForKeywords', 'ConversationUtil: messages matching keywords', 'method'),
  word('addSDEs', 'SDEUtil: add engagement attributes', 'method'),
  word('getSDEsFromConv', "SDEUtil: a conversation's engagement attributes", 'method'),
  word('replaceConversationFiles', "GDPRUtil: replace a conversation's files", 'method'),
  word('connectToSalesforce', 'SFClient: a jsforce Connection', 'method'),
  word('readSecret', 'SecretClient: read a secret', 'method'),
  word('updateSecret', 'SecretClient: update a secret', 'method'),
  word('callback', 'callback(error, result)', 'variable'),
  word('input.payload', 'the invocation payload', 'variable'),
  word('input.headers', 'the invocation headers', 'variable'),
  word('process.env', 'environment variables', 'variable'),
];

/**
 * The editor lives in a shadow root of `host`: CodeMirror then styles itself with constructed
 * (adopted) style sheets instead of inline <style> elements, which the console's CSP forbids.
 */
function shadow(host, height) {
  const theme = EditorView.theme({
    '&': { height, minHeight: '6rem', backgroundColor: '#fff' },
    '.cm-scroller': { overflow: 'auto' },
    // The lint theme draws its squiggle and gutter marker with data: images, which the CSP's
    // `img-src 'self'` refuses: text decoration and a glyph instead.
    '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy #d11', textDecorationSkipInk: 'none' },
    '.cm-lint-marker-error': { content: 'none' },
    '.cm-lint-marker-error::before': { content: '"\\2716"', color: '#d11', fontSize: '.8em' },
  });
  return { parent: host.shadowRoot || host.attachShadow({ mode: 'open' }), size: theme };
}

/** A JavaScript editor in `host`; `readOnly` for users without write access. */
export function codeEditor(host, doc, { readOnly = false, label = 'Function code', onChange, height = '60vh' } = {}) {
  const { parent, size } = shadow(host, height);
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        size,
        javascript(),
        javascriptLanguage.data.of({ autocomplete: completeFromList(TOOLBELT) }),
        lintGutter(),
        EditorState.readOnly.of(readOnly),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => { if (u.docChanged && onChange) onChange(u); }),
      ],
    }),
  });
}

/** A small JSON editor (headers, payload). */
export function jsonEditor(host, doc, label) {
  const { parent, size } = shadow(host, '10rem');
  return new EditorView({
    parent,
    state: EditorState.create({ doc, extensions: [basicSetup, size, json(), EditorView.contentAttributes.of({ 'aria-label': label })] }),
  });
}

/**
 * Shows the server's validation message in the editor. A syntax error names its place as
 * `(line L, column C)`; anything else marks the first line. Returns the diagnostic's line or 0.
 */
export function showServerError(view, message) {
  const m = /line (\d+), column (\d+)/.exec(message);
  const doc = view.state.doc;
  let from = 0, to = Math.min(doc.length, doc.line(1).to), line = 0;
  if (m) {
    line = Math.min(Number(m[1]), doc.lines);
    const l = doc.line(line);
    from = Math.min(l.from + Math.max(0, Number(m[2]) - 1), l.to);
    to = Math.max(from, l.to);
  }
  view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message }]));
  return line;
}

export function clearErrors(view) { view.dispatch(setDiagnostics(view.state, [])); }
export const text = (view) => view.state.doc.toString();
