// The peers' JSON echo (same workload as ../../shared/reference/peers.md): parse the body, answer {echo: body}.
export default {
  async fetch(request) {
    let body = {};
    const text = await request.text();
    if (text) {
      try { body = JSON.parse(text); } catch (e) { return new Response('bad json', { status: 400 }); }
    }
    return new Response(JSON.stringify({ echo: body }), { headers: { 'content-type': 'application/json' } });
  },
};
