/*!
 * Kundresa t.js: page views and events from the browser, sent to Kundresa as Segment-compatible calls.
 * Usage: <script src="https://kundresa.example.com/t.js" data-write-key="wk_..." async></script>
 * Attributes, API and the pre-load stub: server/features/snippet/README.md in the Kundresa repository.
 */
(function () {
  'use strict';
  const VERSION = '0.1.0';
  const PREFIX = 'kundresa_'; // localStorage keys and cookie names: kundresa_aid, kundresa_uid
  const MAX_QUEUE = 1000; // calls kept in memory while offline or waiting for consent (oldest dropped)
  const FLUSH_AT = 10; // calls waiting that trigger a flush at once
  const FLUSH_EVERY = 1000; // ms
  // keepalive fetch and sendBeacon may carry at most 64 KB in flight, so requests stay below that.
  const MAX_BYTES = 60000;
  const CAMPAIGN = { utm_source: 'source', utm_medium: 'medium', utm_campaign: 'name', utm_term: 'term', utm_content: 'content' };
  const CLICK_IDS = ['gclid', 'fbclid', 'msclkid', 'ttclid'];

  const stub = window.kundresa;
  if (stub && stub.version) return; // the snippet was included twice: the first copy keeps working

  const script = document.currentScript || document.querySelector('script[data-write-key]');
  const attr = (name) => (script && script.getAttribute('data-' + name)) || '';
  const writeKey = attr('write-key');
  const host = (attr('host') || (script && script.src ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, '');
  const endpoint = host + '/v1/batch';
  const autoPage = attr('auto-page') !== 'false';
  // 1 granted, 0 waiting for consent (calls wait in memory), -1 refused (calls are dropped).
  let consent = attr('consent') === 'wait' ? 0 : 1;
  if (!writeKey) console.warn('kundresa: the script tag has no data-write-key; nothing will be sent.');

  // crypto.randomUUID exists only on https pages; getRandomValues works everywhere.
  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; // version 4
    b[8] = (b[8] & 63) | 128; // RFC 4122 variant
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };

  // Ids live in localStorage and in a first-party cookie, so either one surviving keeps the visitor.
  // Both can throw (storage disabled, sandboxed frames); tracking then simply lasts one page.
  const load = (name) => {
    try {
      const m = document.cookie.match('(?:^|; )' + PREFIX + name + '=([^;]*)');
      return localStorage.getItem(PREFIX + name) || (m ? decodeURIComponent(m[1]) : null);
    } catch (e) {
      return null;
    }
  };
  const save = (name, value) => {
    try {
      if (value) localStorage.setItem(PREFIX + name, value);
      else localStorage.removeItem(PREFIX + name);
    } catch (e) { /* storage unavailable */ }
    try {
      document.cookie = PREFIX + name + '=' + encodeURIComponent(value || '') + '; path=/; SameSite=Lax; max-age=' +
        (value ? 31536000 : 0) + (location.protocol === 'https:' ? '; Secure' : '');
    } catch (e) { /* cookies unavailable */ }
  };
  // Before consent the ids exist in memory only: nothing is read from or written to the device.
  let aid = (consent > 0 && load('aid')) || uuid();
  let uid = consent > 0 ? load('uid') : null;
  const persist = () => {
    if (consent > 0) {
      save('aid', aid);
      save('uid', uid);
    }
  };
  persist();

  const href = () => location.href.split('#')[0];
  let referrer = document.referrer;
  let lastUrl = href();
  let lastPath = location.pathname;
  const pageInfo = () => ({ url: href(), path: location.pathname, title: document.title, referrer: referrer, search: location.search });
  // UTM parameters and ad click ids of a page's query string, in Segment's context.campaign shape.
  const campaign = (search) => {
    const params = new URLSearchParams(search);
    let c = null;
    for (const k of Object.keys(CAMPAIGN).concat(CLICK_IDS)) {
      const v = params.get(k);
      if (v) (c = c || {})[CAMPAIGN[k] || k] = v;
    }
    return c;
  };
  let timeZone;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) { /* very old browser */ }

  let q = []; // calls not yet sent, oldest first
  let timer = 0; // pending flush
  let busy = false; // a fetch flush is in flight (one at a time keeps calls in order)
  let failures = 0;
  let retryAt = 0; // no fetch flush before this time after a failure (exponential backoff)

  // `page` is the page the call happened on: the current one unless a page view was delayed.
  const enqueue = (type, fields, page) => {
    if (consent < 0) return;
    page = page || pageInfo();
    const context = {
      page: page,
      userAgent: navigator.userAgent,
      locale: navigator.language,
      timezone: timeZone,
      library: { name: 'kundresa-t.js', version: VERSION },
    };
    const c = campaign(page.search);
    if (c) context.campaign = c;
    const call = Object.assign({ type: type, messageId: uuid(), timestamp: new Date().toISOString(), anonymousId: aid }, fields, { context: context });
    if (uid) call.userId = uid;
    q.push(call);
    if (q.length > MAX_QUEUE) q.splice(0, q.length - MAX_QUEUE);
    kick();
  };
  const kick = () => {
    if (consent < 1) return;
    if (q.length >= FLUSH_AT) flush();
    else if (q.length && !timer) timer = setTimeout(flush, FLUSH_EVERY);
  };

  // Takes from the queue the calls that fit in one request; a call too large for any request is dropped
  // (the server refuses calls over 32 KB anyway).
  const take = () => {
    const batch = [];
    let size = 200;
    while (q.length) {
      const n = new Blob([JSON.stringify(q[0])]).size + 1;
      if (n > MAX_BYTES - 200) q.shift();
      else if (size + n > MAX_BYTES) break;
      else {
        size += n;
        batch.push(q.shift());
      }
    }
    return batch;
  };
  // sentAt is set per attempt, so the server corrects timestamps for the client's clock skew.
  const body = (batch) => JSON.stringify({ batch: batch, writeKey: writeKey, sentAt: new Date().toISOString() });

  // Normal flush: fetch with keepalive, so a request started just before navigation still completes.
  // text/plain keeps it a "simple" cross-origin request (no CORS preflight); the server parses JSON anyway.
  function flush() {
    clearTimeout(timer);
    timer = 0;
    if (busy || consent < 1 || !writeKey || !q.length) return;
    if (retryAt > Date.now()) {
      timer = setTimeout(flush, retryAt - Date.now());
      return;
    }
    const batch = take();
    busy = true;
    fetch(endpoint, { method: 'POST', body: body(batch), keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } })
      .then((res) => {
        // 429 and 5xx are temporary; any other refusal (bad write key, invalid calls) would only repeat.
        if (res.status === 429 || res.status >= 500) throw res;
        failures = 0;
        retryAt = 0;
      })
      .catch(() => {
        q = batch.concat(q);
        if (q.length > MAX_QUEUE) q.splice(0, q.length - MAX_QUEUE);
        failures++;
        retryAt = Date.now() + Math.min(1000 * Math.pow(2, failures), 60000);
      })
      .then(() => {
        busy = false;
        kick();
      });
  }

  const recordPage = (page, name, properties) => {
    const props = Object.assign({}, page);
    const c = campaign(page.search) || {};
    for (const k of CLICK_IDS) if (c[k]) props[k] = c[k];
    const fields = { properties: props };
    if (name) fields.name = props.name = String(name);
    Object.assign(props, properties);
    enqueue('page', fields, page);
  };
  let pendingPage = null; // an automatic SPA page view waiting for the new title

  // The page is being hidden or left: hand everything to sendBeacon, which outlives the page.
  const leave = () => {
    if (pendingPage) pendingPage();
    if (consent < 1 || !writeKey) return;
    if (!navigator.sendBeacon) return flush();
    while (q.length) {
      const batch = take();
      if (!navigator.sendBeacon(endpoint, body(batch))) {
        q = batch.concat(q); // over the browser's quota: keep them for the next flush
        break;
      }
    }
  };

  const api = {
    version: VERSION,
    /** Records an action: kundresa.track('Product Viewed', { product_id: 'p1' }). */
    track: (event, properties) => enqueue('track', { event: String(event), properties: properties || {} }),
    /** Names the visitor; later calls carry the userId until reset(). identify(traits) updates traits only. */
    identify: (userId, traits) => {
      if (userId && typeof userId === 'object') {
        traits = userId;
        userId = null;
      }
      if (userId || userId === 0) {
        uid = String(userId);
        persist();
      }
      enqueue('identify', { traits: traits || {} });
    },
    /** Records a page view of the current URL: page(), page(name), page(name, properties) or page(properties). */
    page: (name, properties) => {
      if (name && typeof name === 'object') {
        properties = name;
        name = null;
      }
      recordPage(pageInfo(), name, properties);
    },
    /** Forgets the visitor (e.g. on log-out): a new anonymous id and no userId. */
    reset: () => {
      aid = uuid();
      uid = null;
      persist();
    },
    /** Grants or withdraws consent. Withdrawing drops unsent calls and deletes the stored ids. */
    consent: (granted) => {
      if (!granted) {
        consent = -1;
        q = [];
        save('aid', null);
        save('uid', null);
        aid = uuid();
        uid = null;
        return;
      }
      if (consent < 1) {
        consent = 1;
        // A visitor who consented on an earlier visit keeps their ids; calls made while waiting join them.
        const storedAid = load('aid');
        const storedUid = uid ? null : load('uid');
        for (const call of q) {
          if (storedAid && call.anonymousId === aid) call.anonymousId = storedAid;
          if (storedUid && !call.userId) call.userId = storedUid;
        }
        aid = storedAid || aid;
        uid = uid || storedUid;
        persist();
      }
      kick();
    },
    /** Sends waiting calls now. */
    flush: () => flush(),
    /** The visitor's anonymous id, e.g. to pass to a server-side integration. */
    anonymousId: () => aid,
    /** Runs a queued call ['method', ...args]: keeps `kundresa.push([...])` working after load. */
    push: (args) => {
      const a = Array.prototype.slice.call(args);
      const fn = api[a.shift()];
      if (typeof fn === 'function') fn.apply(null, a);
    },
  };
  window.kundresa = api;

  // Calls queued by the stub run first, in order; then the automatic page view, unless one was queued.
  const queued = Array.isArray(stub) ? stub : [];
  queued.forEach(api.push);
  if (autoPage && !queued.some((a) => a[0] === 'page')) api.page();

  // Single-page apps: a page view when pushState/replaceState/popstate changes the path. The URL is
  // taken at once; the title 100 ms later, because routers usually set it just after changing the URL
  // (or at the next path change or when the page is left, if sooner).
  const navigated = () => {
    if (location.pathname !== lastPath) {
      lastPath = location.pathname;
      referrer = lastUrl;
      if (autoPage) {
        if (pendingPage) pendingPage();
        const page = pageInfo();
        let delay = 0;
        pendingPage = () => {
          clearTimeout(delay);
          pendingPage = null;
          page.title = document.title;
          recordPage(page);
        };
        delay = setTimeout(pendingPage, 100);
      }
    }
    lastUrl = href();
  };
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    history[method] = function () {
      const result = original.apply(this, arguments);
      navigated();
      return result;
    };
  }
  window.addEventListener('popstate', navigated);
  window.addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave();
  });
  window.addEventListener('online', () => {
    retryAt = 0;
    flush();
  });
})();
