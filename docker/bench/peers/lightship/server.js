// A peer for docker/bench/proxy.sh: a minimal Node HTTP service shut down the way lightship's README shows.
// On SIGTERM lightship's /ready answers 500 at once, the service keeps serving for shutdownDelay, then the
// shutdown handler closes the server (HTTP/2: each session gets a graceful GOAWAY) and the process exits.
// Env: PORT, LIGHTSHIP_PORT, SHUTDOWN_DELAY_MS, PROTO (h1 or h2: HTTP/2 cleartext with prior knowledge).
import http from 'node:http';
import http2 from 'node:http2';
import { createLightship } from 'lightship';

const port = Number(process.env.PORT ?? 8080);
const h2 = process.env.PROTO === 'h2';

const lightship = await createLightship({
  detectKubernetes: false, // local mode would set shutdownDelay to 0 and pick a random port
  port: Number(process.env.LIGHTSHIP_PORT ?? 9000),
  shutdownDelay: Number(process.env.SHUTDOWN_DELAY_MS ?? 5000),
  gracefulShutdownTimeout: 30000,
  shutdownHandlerTimeout: 10000, // as the other peers' bound on requests in flight
});

const handler = (request, response) => {
  if (request.url === '/orders') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('[]');
  } else {
    response.writeHead(404);
    response.end();
  }
};

const sessions = new Set();
const server = h2 ? http2.createServer(handler) : http.createServer(handler);
if (h2) {
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
}

lightship.registerShutdownHandler(
  () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const session of sessions) {
        session.close(); // graceful: GOAWAY, streams in flight complete
      }
      if (!h2) {
        server.closeIdleConnections();
      }
    }),
);

server.listen(port, '127.0.0.1', () => lightship.signalReady());
