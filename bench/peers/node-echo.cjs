'use strict';
const http = require('http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = {};
    const text = Buffer.concat(chunks).toString();
    if (text) {
      try { body = JSON.parse(text); } catch (e) { res.writeHead(400); res.end('bad json'); return; }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echo: body }));
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
