// Constant-rate load for bench_setlog.py: 64 connections sending, all together, a fixed
// number of requests per second (autocannon's overallRate), each a set with a unique
// client id, round-robin over the given sessions. Prints one line "ACJSON {...}".
// usage: node rate_load.js URL RATE SECONDS CONNECTIONS TAG EXERCISE SESSION...
// where each SESSION is a session id (sent with SPINEWISE_BENCH_TOKEN) or "id:token"
// (each session with its own person's token: the clinic benchmark).
"use strict";
const autocannon = require("autocannon");

const [url, rate, seconds, connections, tag, exercise, ...sessions] = process.argv.slice(2);
let counter = 0;
const fallbackToken = process.env.SPINEWISE_BENCH_TOKEN || "none";
const targets = sessions.map((given) => {
  const at = given.indexOf(":");
  return at < 0 ? { id: given, token: fallbackToken } : { id: given.slice(0, at), token: given.slice(at + 1) };
});

autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  overallRate: Number(rate),
  timeout: 5,
  requests: [{
    method: "POST",
    headers: { "content-type": "application/json" },
    setupRequest: (request) => {
      counter += 1;
      const target = targets[(counter * 7) % targets.length];
      request.path = `/api/v1/sessions/${target.id}/sets`;
      request.headers = { ...request.headers, authorization: "Bearer " + target.token };
      request.body = JSON.stringify({
        client_id: `${tag}-${counter}`, exercise, pain: 2, reps: 8, load: 16, unit: "kg", rpe: 7,
      });
      return request;
    },
  }],
}, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log("ACJSON " + JSON.stringify({
    requests: result.requests.total, seconds: result.duration, rps: result.requests.average,
    p50_ms: result.latency.p50, p90_ms: result.latency.p90, p99_ms: result.latency.p99,
    max_ms: result.latency.max, errors: result.errors, timeouts: result.timeouts,
    non2xx: result.non2xx, ok: result["2xx"],
  }));
});
