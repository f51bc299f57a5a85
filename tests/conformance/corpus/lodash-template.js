// _.template: interpolate, escape, evaluate, imports, custom settings, sourceURL-free compile.
function lambda(input, callback) {
  const _ = require('lodash');
  const list = _.template('<% _.forEach(users, function(user) { %><li><%- user %></li><% }); %>');
  const custom = _.template('hello {{ user }}!', { interpolate: /{{([\s\S]+?)}}/g });
  const es = _.template('hello ${ user }!');
  const imported = _.template('<% jq.each(users, function(user) { %><li><%- user %></li><% }); %>', { imports: { jq: { each: _.forEach } } });
  const variable = _.template('hi <%= data.user %>!', { variable: 'data' });
  let err;
  try { _.template('<%= missing %>')({}); } catch (e) { err = e.name + ': ' + e.message; }
  callback(null, {
    list: list({ users: ['fred', '<barney>', 'a & b'] }),
    custom: custom({ user: 'mustache' }),
    es: es({ user: 'pebbles' }),
    imported: imported({ users: ['x', 'y'] }),
    variable: variable({ user: 'v' }),
    missing: err,
    escapeOnly: _.template('<%- value %>')({ value: '<script>"&\'' }),
    multiline: _.template('line1\n<%= a %>\n\tline3 \\ \u2028 end')({ a: 1 }),
  });
}
