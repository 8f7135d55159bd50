import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, startForeground, startOnFreePort } from './foreground-server.ts';
import { logTail } from './log-tail.ts';

export interface NginxOptions {
  /** The gateway processes to balance, as loopback ports. */
  upstreams: number[];
  /** Largest request body passed on (attachment uploads). Default 64 MiB. */
  maxBodyBytes?: number;
}

/** A private nginx on loopback in front of several gateway processes. */
export interface Nginx {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `http://127.0.0.1:<port>`: what a browser would open. */
  readonly origin: string;
  readonly dir: string;
  log(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The header naming the upstream that answered (`127.0.0.1:<port>`): tests use it to learn
 * where a request landed. A deployment would not expose it.
 */
export const UPSTREAM_HEADER = 'x-tidings-upstream';
/** The gateway's session cookie (SESSION_COOKIE in @tidings/protocol). */
const SESSION_COOKIE = 'tidings_sid';
const LOOPBACK = '127.0.0.1';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
const READY_TIMEOUT_MS = 5_000;
const PROBE_TIMEOUT_MS = 500;
/** Longer than socket.io's ping interval (25 s), so an idle WebSocket is never cut by nginx. */
const PROXY_READ_TIMEOUT_S = 120;
/** A failed upstream is skipped this long before nginx tries it again. */
const FAIL_TIMEOUT_S = 10;

/**
 * Balancing: consistent hashing on the session cookie. socket.io's long-polling fallback
 * (apps/web allows it when WebSocket fails) needs every request of one engine.io session on
 * the same process, so some stickiness is required; the session cookie gives it per browser
 * session (all tabs of one sign-in share a process, so their requests rarely need forwarding)
 * and, being consistent, a process that dies moves only its own sessions. Requests without
 * the cookie (the SPA's files, the sign-in form) need no stickiness and spread by request id.
 */
export function renderNginxConfig(dir: string, port: number, options: NginxOptions): string {
  const servers = options.upstreams
    .map(
      (upstream) =>
        `    server ${LOOPBACK}:${upstream} max_fails=1 fail_timeout=${FAIL_TIMEOUT_S}s;`,
    )
    .join('\n');
  return `
# Written by @tidings/testkit for one test run.
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
user nobody nogroup;

events {
  worker_connections 1024;
}

http {
  access_log ${join(dir, 'access.log')};
  client_body_temp_path ${join(dir, 'temp', 'body')};
  proxy_temp_path ${join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'temp', 'scgi')};

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }
  map $cookie_${SESSION_COOKIE} $balance_key {
    '' $request_id;
    default $cookie_${SESSION_COOKIE};
  }

  upstream tidings {
    hash $balance_key consistent;
${servers}
  }

  server {
    listen ${LOOPBACK}:${port};
    client_max_body_size ${options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES};

    location / {
      proxy_pass http://tidings;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout ${PROXY_READ_TIMEOUT_S}s;
      # Uploads and downloads stream through instead of being spooled to disk first.
      proxy_request_buffering off;
      proxy_buffering off;
      add_header ${UPSTREAM_HEADER} $upstream_addr always;
    }
  }
}
`;
}

/** Starts nginx (`daemon off`, own prefix and config) on a free loopback port. */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  if (options.upstreams.length === 0) throw new Error('startNginx needs at least one upstream');
  const dir = await mkdtemp(join(tmpdir(), 'tidings-nginx-'));
  const confPath = join(dir, 'nginx.conf');
  const logPath = join(dir, 'error.log');
  try {
    // The workers run as nobody: they must reach the temp directories.
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'temp'), { mode: 0o755 });
    const { server, port } = await startOnFreePort(async (port) => {
      await writeFile(confPath, renderNginxConfig(dir, port, options));
      return startForeground({
        command: 'nginx',
        // -e: the error log before the config is read (else /var/log/nginx, the system's).
        args: ['-p', dir, '-c', confPath, '-e', logPath],
        logPath,
        ready: () => answers(port, 'HEAD / HTTP/1.0\r\n\r\n', 'HTTP/1.', PROBE_TIMEOUT_MS),
        readyTimeoutMs: READY_TIMEOUT_MS,
        removeOnExit: [dir],
      });
    });
    return {
      host: LOOPBACK,
      port,
      origin: `http://${LOOPBACK}:${port}`,
      dir,
      log: () => logTail(logPath),
      async stop() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
