// The citizen page's service worker: keeps the page's shell and assets so the page opens in the
// hall without network (the posts then wait in the outbox, see outbox.ts). Browsers run it only
// over HTTPS or on localhost. Nothing else goes through it: /graphql and the WebSocket go to the
// network as they would without it, and the staff pages are never cached.

/** The assets the citizen page loads, named by content hash (web-build.ts fills it in). */
declare const PRECACHE: string[];
/** Changes with every build whose assets change: a new worker, a new cache, the old one dropped. */
declare const CACHE_NAME: string;

interface WorkerEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerFetchEvent extends WorkerEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: WorkerEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const worker = self as unknown as WorkerScope;
/** Every /s/<code> is the same shell: it is kept once, under this key. */
const SHELL = '/s/';

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      await cache.addAll(PRECACHE);
      const shell = await fetch('/s/-', { cache: 'no-cache' });
      if (shell.ok) await cache.put(SHELL, shell);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE_NAME) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/s/')) {
    // The network first (a new build, the session's current shell), the kept shell without it.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(SHELL, { cacheName: CACHE_NAME })) ?? Response.error()),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith((async () => (await caches.match(request, { cacheName: CACHE_NAME })) ?? fetch(request))());
  }
});
