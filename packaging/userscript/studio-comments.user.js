// ==UserScript==
// @name         Studio 直播评论转发 (Studio comments)
// @namespace    studio.local
// @version      1.0.0
// @description  把直播中控台里看到的评论、进场、关注、点赞、礼物、下单转发给本机的 Studio 直播间（只发到 127.0.0.1）。Forwards what the live console shows to the Studio room on this computer.
// @match        https://buyin.jinritemai.com/*
// @match        https://fxg.jinritemai.com/*
// @match        https://compass.jinritemai.com/*
// @grant        GM_xmlhttpRequest
// @grant        GM_getValue
// @grant        GM_setValue
// @grant        GM_registerMenuCommand
// @connect      127.0.0.1
// @connect      localhost
// @run-at       document-idle
// @noframes
// ==/UserScript==

/*
 * What this does (packaging/userscript/README.md says it in full):
 * the merchant installs it in her own logged-in live console page; it watches the
 * page's comment list with a MutationObserver (it reads what the page already shows:
 * no platform socket, no platform API), turns each new row it recognises into a viewer
 * event, and sends the events in small batches to the room's control API on this
 * computer (POST http://127.0.0.1:PORT/audience/events, the room's token).
 *
 * Two parts: one small core (de-duplication, masking, hashing, the bounded backlog,
 * batching and sending) and one adapter per console page (where the list is, how a row
 * reads). The adapters' selectors are in one table each, at the top of the adapter.
 *
 * The core and the adapters' row parsing are plain functions of plain values, so
 * tests/packaging/test_userscript.py runs them in Node; in Node this file only exports
 * them (the last lines) and touches no page.
 */

(function () {
  'use strict';

  // ---------------------------------------------------------------- the core's limits

  /** The room's rules (studio/show/audience/events.py, studio/runtime/control.py). */
  const LIMITS = {
    text: 200, // characters of a comment the room keeps
    name: 40,
    field: 80, // viewer id, gift, product
    maxBody: 64 * 1024, // bytes of one request the control API reads
  };

  const DEFAULTS = {
    port: 8765, // the room file's [control] port
    batchMs: 500, // how often a batch is sent
    maxBatch: 50, // events in one request (the room takes up to [audience] max_batch)
    maxBytes: 48 * 1024, // of one request's body (the room reads at most 64 KiB)
    maxBacklog: 500, // events waiting while the room is away; beyond, the oldest go
    maxAgeMs: 30000, // an event older than this is not sent (the room's stale rule)
    timeoutMs: 5000,
    seenKeep: 2000, // rows remembered for de-duplication ...
    seenMs: 10 * 60 * 1000, // ... and for how long
  };

  const KINDS = ['comment', 'enter', 'follow', 'like', 'gift', 'order'];

  // ---------------------------------------------------------------- names and ids

  /**
   * A display name as the room shows and speaks it: the first letter and stars
   * (张三 -> 张**, 小可爱呀 -> 小***), the same rule as studio/show/audience/privacy.py,
   * so the room receives a name that is already masked and the full one never leaves
   * the page. A name without a letter or digit (emoji only) gives "".
   */
  function maskName(name) {
    const text = String(name || '');
    let first = '';
    for (const ch of text.normalize('NFKC')) {
      if (/[\p{L}\p{N}]/u.test(ch) && !'*[]{}\\'.includes(ch)) {
        first = ch;
        break;
      }
    }
    if (!first) return '';
    const length = Array.from(text.trim()).length;
    return first + '*'.repeat(Math.max(2, Math.min(length - 1, 4)));
  }

  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
  ];

  /** SHA-256 of a string's UTF-8 bytes, as hex (synchronous: the page's crypto.subtle
   * is asynchronous and absent on plain-http pages). */
  function sha256(message) {
    const bytes = new TextEncoder().encode(String(message));
    const bitLength = bytes.length * 8;
    const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(padded.length - 4, bitLength >>> 0);
    const h = [
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
      0x5be0cd19,
    ];
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 =
          (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>>
          0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) >>> 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) >>> 0;
      }
      h[0] = (h[0] + a) >>> 0;
      h[1] = (h[1] + b) >>> 0;
      h[2] = (h[2] + c) >>> 0;
      h[3] = (h[3] + d) >>> 0;
      h[4] = (h[4] + e) >>> 0;
      h[5] = (h[5] + f) >>> 0;
      h[6] = (h[6] + g) >>> 0;
      h[7] = (h[7] + hh) >>> 0;
    }
    return h.map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  /**
   * The viewer id sent to the room: a hash of the platform's user id when the page
   * shows one, else of the nickname as the page shows it, keyed with this browser's
   * own random salt (kept with GM_setValue, never sent), so the room never sees an id
   * or a name it could look up, and the same viewer keeps the same id all session.
   */
  function viewerId(salt, platform, userId, nickname) {
    const who = userId ? 'id:' + userId : 'name:' + String(nickname || '').trim();
    if (who === 'name:') return '';
    return 'h:' + sha256(salt + '\u0000' + platform + '\u0000' + who).slice(0, 16);
  }

  function clip(value, limit) {
    return Array.from(String(value || '').replace(/\s+/g, ' ').trim())
      .slice(0, limit)
      .join('');
  }

  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  // ---------------------------------------------------------------- rows -> events

  /**
   * The event of one row as an adapter read it, or null (a row to skip).
   * ``row``: {kind, userId, nickname, text, gift, count, product, key}; ``seenAt``:
   * when the row appeared (ms since 1970).
   */
  function toEvent(row, platform, salt, seenAt) {
    if (!row || KINDS.indexOf(row.kind) < 0) return null;
    const text = clip(row.text, LIMITS.text);
    if (row.kind === 'comment' && !text) return null;
    const event = { kind: row.kind, platform: platform, at: seenAt };
    const viewer = viewerId(salt, platform, row.userId, row.nickname);
    if (viewer) event.viewer = viewer;
    const name = maskName(clip(row.nickname, LIMITS.name));
    if (name) event.name = name;
    if (text && row.kind === 'comment') event.text = text;
    if (row.kind === 'gift') {
      if (row.gift) event.gift = clip(row.gift, LIMITS.field);
      const count = parseInt(row.count, 10);
      if (count > 1) event.count = Math.min(count, 1000000);
    }
    if (row.kind === 'order' && row.product) event.product = clip(row.product, LIMITS.field);
    return event;
  }

  // ---------------------------------------------------------------- the core

  /**
   * The queue between the page and the room: new rows in (``offer``), batches out
   * (``flush``, every ``batchMs``), one request at a time, with a bounded backlog.
   *
   * ``send(body, done)`` posts one JSON body and calls ``done(status, text, headers)``
   * (status 0: the room could not be reached). ``onState(state)`` hears of changes:
   * "idle" (nothing sent yet), "connected", "unreachable", "refused" (wrong token),
   * "no-desk" (the room has no audience desk), "unset" (no token yet), "paused".
   */
  function createCore(options) {
    const o = Object.assign({}, DEFAULTS, options || {});
    const now = o.now || (() => Date.now());
    const platform = o.platform || 'web';
    const salt = o.salt || '';
    const backlog = [];
    const seen = new Map(); // row key -> when it was seen (insertion order = age)
    const stats = {
      offered: 0, duplicate: 0, skipped: 0, sent: 0, accepted: 0, rejected: 0,
      dropped: 0, stale: 0, requests: 0, failures: 0, waiting: 0,
    }; // prettier-ignore
    let state = o.token ? 'idle' : 'unset';
    let detail = '';
    let inFlight = false;
    let retryAt = 0;
    let backoffMs = 0;
    let maxBatch = o.maxBatch;
    let paused = false;

    function setState(next, why) {
      state = next;
      detail = why || '';
      stats.waiting = backlog.length;
      if (o.onState) o.onState(state, detail, stats);
    }

    /** True when ``key`` was seen recently (and remember it now). */
    function seenBefore(key, at) {
      if (!key) return false;
      const last = seen.get(key);
      seen.delete(key);
      seen.set(key, at);
      for (const [k, t] of seen) {
        if (seen.size <= o.seenKeep && at - t <= o.seenMs) break;
        seen.delete(k);
      }
      return last !== undefined && at - last <= o.seenMs;
    }

    /** One row the adapter read; false when it was a duplicate or not an event. */
    function offer(row, quiet) {
      const at = now();
      if (!row) {
        if (!quiet) stats.skipped += 1; // the shop's own row, or nothing to read
        return false;
      }
      if (seenBefore(row.key, at) || quiet) {
        if (!quiet) stats.duplicate += 1;
        return false;
      }
      const event = toEvent(row, platform, salt, at);
      if (!event) {
        stats.skipped += 1;
        return false;
      }
      stats.offered += 1;
      backlog.push(event);
      while (backlog.length > o.maxBacklog) {
        backlog.shift();
        stats.dropped += 1;
      }
      return true;
    }

    /** The next batch: fresh events, at most ``maxBatch`` and ``maxBytes``. */
    function take() {
      const cutoff = now() - o.maxAgeMs;
      while (backlog.length && backlog[0].at < cutoff) {
        backlog.shift();
        stats.stale += 1;
      }
      const batch = [];
      let bytes = 16;
      while (backlog.length && batch.length < maxBatch) {
        const size = utf8Length(JSON.stringify(backlog[0])) + 1;
        if (batch.length && bytes + size > o.maxBytes) break;
        bytes += size;
        batch.push(backlog.shift());
      }
      return batch;
    }

    function putBack(batch) {
      backlog.unshift.apply(backlog, batch);
      while (backlog.length > o.maxBacklog) {
        backlog.shift();
        stats.dropped += 1;
      }
    }

    function wait(ms) {
      retryAt = now() + ms;
    }

    function answered(batch, status, text, headers) {
      inFlight = false;
      stats.requests += 1;
      let reply = {};
      try {
        reply = JSON.parse(text || '{}');
      } catch (err) {
        reply = {};
      }
      if (status === 200) {
        backoffMs = 0;
        stats.sent += batch.length;
        stats.accepted += reply.accepted || 0;
        stats.rejected += (reply.rejected || []).length + (reply.overflow || 0);
        setState('connected', '');
        return;
      }
      stats.failures += 1;
      if (status === 401) {
        putBack(batch);
        setState('refused', reply.error || 'wrong token');
        wait(5000);
      } else if (status === 404) {
        putBack(batch);
        setState('no-desk', reply.error || 'no /audience/events here');
        wait(10000);
      } else if (status === 422 && /at most (\d+)/.test(reply.error || '')) {
        maxBatch = Math.max(1, parseInt(/at most (\d+)/.exec(reply.error)[1], 10));
        putBack(batch); // the room takes smaller batches: send them again, smaller
      } else if (status === 429 || status === 503) {
        putBack(batch); // the room is busy: the same batch again after Retry-After
        const after = parseFloat(((headers || '').match(/retry-after:\s*([\d.]+)/i) || [])[1]);
        wait(1000 * (after > 0 ? after : 1));
      } else if (status === 0 || status >= 500) {
        putBack(batch);
        backoffMs = Math.min(10000, backoffMs ? backoffMs * 2 : 1000);
        setState('unreachable', reply.error || 'the room does not answer');
        wait(backoffMs);
      } else {
        stats.rejected += batch.length; // 400, 413, 422: it will never be taken as it is
        setState('connected', reply.error || 'status ' + status);
      }
    }

    /** Send the next batch if there is one and nothing is in flight. */
    function flush() {
      if (paused || inFlight || !o.send || now() < retryAt) return false;
      if (!o.token) {
        if (state !== 'unset') setState('unset', '');
        return false;
      }
      const batch = take();
      if (!batch.length) return false;
      inFlight = true;
      try {
        o.send(JSON.stringify({ events: batch }), (status, text, headers) =>
          answered(batch, status, text, headers),
        );
      } catch (err) {
        answered(batch, 0, '', '');
      }
      return true;
    }

    return {
      offer: offer,
      flush: flush,
      stats: stats,
      get state() {
        return state;
      },
      get detail() {
        return detail;
      },
      get waiting() {
        return backlog.length;
      },
      get busy() {
        return inFlight;
      },
      get maxBatch() {
        return maxBatch;
      },
      configure(port, token) {
        o.port = port;
        o.token = token;
        retryAt = 0;
        backoffMs = 0;
        setState(token ? 'idle' : 'unset', '');
      },
      pause(on) {
        paused = Boolean(on);
        setState(paused ? 'paused' : o.token ? 'idle' : 'unset', '');
      },
    };
  }

  /**
   * ``send`` for the core over the userscript manager's GM_xmlhttpRequest (a page's own
   * fetch cannot reach http://127.0.0.1 from an https console: the manager can, for the
   * hosts named by @connect). ``settings()`` gives the current {port, token}.
   */
  function gmSender(request, settings, timeoutMs) {
    return function send(body, done) {
      const s = settings();
      let finished = false;
      const once = (status, text, headers) => {
        if (!finished) {
          finished = true;
          done(status, text, headers);
        }
      };
      request({
        method: 'POST',
        url: 'http://127.0.0.1:' + s.port + '/audience/events',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + s.token },
        data: body,
        timeout: timeoutMs || DEFAULTS.timeoutMs,
        onload: (r) => once(r.status, r.responseText, r.responseHeaders),
        onerror: () => once(0, '', ''),
        ontimeout: () => once(0, '', ''),
        onabort: () => once(0, '', ''),
      });
    };
  }

  // ---------------------------------------------------------------- adapters

  /** Kinds of rows by their words, for lists that show interactions beside comments
   * (Douyin's wording; an adapter for another console brings its own). */
  const DOUYIN_ROW_WORDS = [
    { kind: 'enter', re: /(?:来了|进入(?:了)?直播间|加入(?:了)?直播间|来到(?:了)?直播间)[!！。~]*$/ },
    { kind: 'follow', re: /(?:关注了(?:主播)?|成为了?(?:主播的)?粉丝|加入了?粉丝团)[!！。~]*$/ },
    { kind: 'like', re: /(?:为主播)?(?:点赞了?|点了赞|点亮了?赞)(?:\s*[x×X*]\s*\d+)?[!！。~]*$/ },
    { kind: 'gift', re: /(?:送出了?|送了|赠送了?|送给主播)\s*(.+?)\s*(?:[x×X*]\s*(\d+))?$/ },
    { kind: 'order', re: /(?:下单了|购买了|拍下了|正在购买|刚刚下单了?)\s*(.*)$/ },
  ];

  /**
   * What a notice row says (its whole text, e.g. "张三 送出了 小心心 ×3"): the kind, the
   * words before the action (the nickname) and the match (gift and count, or the
   * product). ``hinted``: a kind the page marks itself ("comment": no words are read).
   */
  function classify(text, words, hinted) {
    const t = String(text || '').trim();
    if (hinted === 'comment') return { kind: 'comment', m: null, before: '' };
    for (const w of words) {
      if (hinted && w.kind !== hinted) continue;
      const m = w.re.exec(t);
      if (m) return { kind: w.kind, m: m, before: t.slice(0, m.index).trim() };
    }
    return { kind: hinted || 'comment', m: null, before: '' };
  }

  /**
   * 抖音电商 live consoles: 巨量百应 直播中控台 (buyin.jinritemai.com/dashboard/live/control),
   * the same console inside 抖店 (fxg.jinritemai.com/ffa/buyin/dashboard/live/control), and
   * 电商罗盘's live screen (compass.jinritemai.com/screen/...).
   *
   * THE SELECTORS ARE NOT CHECKED AGAINST THE LIVE PAGES (Studio's developers cannot log
   * into a merchant's console). They follow what the pages were known to use: CSS-module
   * class names whose stable part is a prefix (``commentItem___3xYz`` -> match
   * ``[class^="commentItem"]``, the hash changes with each release of the page). Check
   * them with the menu's "检查选择器 / Check selectors" and the README's steps.
   */
  const DOUYIN_SELECTORS = {
    // where the comments are (the 直播互动 / 实时评论 panel); the first that exists wins
    list: [
      '#comment-list-wrapper',
      '[class^="commentList"]',
      '[class*=" commentList"]',
      '[class*="comment-list"]',
    ],
    // one row of that list
    row: '[class^="commentItem"], [class*=" commentItem"], [class*="comment-item"]',
    // inside a row: the nickname (often with a trailing "：") ...
    nickname: '[class^="nickname"], [class*=" nickname"], [class*="nick-name"], [class*="userName"]',
    // ... the words ...
    content: '[class^="description"], [class*=" description"], [class^="content"], [class*="comment-content"]',
    // ... labels on the nickname: 主播 / 自动回复 / 助理 mark the shop's own rows ...
    authorTag: '[class^="authorTag"], [class*=" authorTag"]',
    // ... and labels on the comment (问询 / 粉丝), dropped from the words
    commentTag: '[class^="commentTag"], [class*=" commentTag"]',
    // attributes a row may carry with the platform's user id (else the nickname is used)
    userIdAttributes: ['data-user-id', 'data-uid', 'data-userid', 'data-sec-uid'],
    // attributes a row may carry with its own id (de-duplication)
    rowIdAttributes: ['data-id', 'data-key', 'data-msg-id', 'data-comment-id'],
    // a row may say what it is: data-type / class words (enter, follow, like, gift, order)
    kindAttribute: 'data-type',
    // "有新评论" label shown when the list is scrolled up; clicked so new rows keep coming
    resume: '[class^="newCommentLabel"], [class*=" newCommentLabel"]',
  };

  /** Labels that mark the shop's own rows (never forwarded: the room would answer itself). */
  const SHOP_TAGS = /主播|自动回复|助理|助播|商家|官方|管理员|运营/;

  /** The plain row of a Douyin console row: pure, from the texts an element gives. */
  function douyinRow(parts) {
    const tags = (parts.authorTags || []).map((t) => String(t || '').trim());
    if (tags.some((t) => SHOP_TAGS.test(t))) return null;
    let nickname = String(parts.nickname || '').replace(/\s+/g, ' ').trim();
    nickname = nickname.replace(/[:：]\s*$/, '').trim();
    let text = String(parts.content || '').replace(/\s+/g, ' ').trim();
    if (!text && parts.whole) {
      // a row with one text (罗盘: "张三 来了"): the nickname, if known, comes first
      text = String(parts.whole).replace(/\s+/g, ' ').trim();
      if (nickname && text.startsWith(nickname)) text = text.slice(nickname.length);
      text = text.replace(/^[:：\s]+/, '');
    }
    // A row with its own words element is a viewer's comment (its words are hers, even
    // "来了" or "下单了"); a row of one text is the page's own notice, read by its words.
    const hinted = douyinKindHint(parts.kindHint) || (parts.content ? 'comment' : '');
    const found = classify(text, DOUYIN_ROW_WORDS, hinted);
    if (!nickname && found.before) nickname = found.before.replace(/[:：]\s*$/, '').trim();
    const row = {
      kind: found.kind,
      userId: String(parts.userId || '').trim(),
      nickname: nickname,
      text: found.kind === 'comment' ? text : '',
      key: parts.rowId ? 'id:' + parts.rowId : 'row:' + nickname + '\u0001' + text,
    };
    if (found.kind === 'gift') {
      row.gift = found.m ? found.m[1] : '';
      row.count = found.m && found.m[2] ? found.m[2] : '1';
    }
    if (found.kind === 'order') row.product = found.m ? found.m[1] : '';
    return row;
  }

  function douyinKindHint(value) {
    const v = String(value || '').toLowerCase();
    if (!v) return '';
    if (/enter|join|member/.test(v)) return 'enter';
    if (/follow|social|fans/.test(v)) return 'follow';
    if (/like|digg/.test(v)) return 'like';
    if (/gift/.test(v)) return 'gift';
    if (/order|buy|purchase/.test(v)) return 'order';
    if (/chat|comment/.test(v)) return 'comment';
    return '';
  }

  function textOf(el) {
    return el ? String(el.textContent || '') : '';
  }

  function firstAttribute(el, names) {
    for (const name of names) {
      const v = el.getAttribute && el.getAttribute(name);
      if (v) return v;
    }
    return '';
  }

  /** The texts of one row element (the only part that reads the page's DOM). */
  function douyinParts(el, sel) {
    const nickEl = el.querySelector(sel.nickname);
    let nickname = '';
    const authorTags = [];
    if (nickEl) {
      const clone = nickEl.cloneNode(true);
      for (const tag of clone.querySelectorAll(sel.authorTag)) {
        authorTags.push(textOf(tag));
        tag.remove();
      }
      for (const tag of clone.querySelectorAll(sel.commentTag)) tag.remove();
      nickname = textOf(clone);
    }
    for (const tag of el.querySelectorAll(sel.authorTag)) authorTags.push(textOf(tag));
    let content = '';
    const contentEl = el.querySelector(sel.content);
    if (contentEl && contentEl !== nickEl) {
      const clone = contentEl.cloneNode(true);
      for (const tag of clone.querySelectorAll(sel.commentTag)) tag.remove();
      content = textOf(clone);
    }
    return {
      nickname: nickname,
      content: content,
      whole: content ? '' : textOf(el),
      authorTags: authorTags,
      userId: firstAttribute(el, sel.userIdAttributes),
      rowId: firstAttribute(el, sel.rowIdAttributes),
      kindHint: (sel.kindAttribute && el.getAttribute(sel.kindAttribute)) || '',
    };
  }

  const DOUYIN = {
    name: 'douyin-ecommerce',
    platform: 'douyin',
    hosts: /(?:^|\.)(?:buyin|fxg|compass)\.jinritemai\.com$/,
    selectors: DOUYIN_SELECTORS,
    parts: douyinParts,
    row: douyinRow,
  };

  /** Every console this script knows; the first whose ``hosts`` match the page runs. */
  const ADAPTERS = [DOUYIN];

  function adapterFor(hostname) {
    return ADAPTERS.find((a) => a.hosts.test(hostname)) || null;
  }

  // ---------------------------------------------------------------- the page

  function findList(doc, adapter) {
    for (const s of adapter.selectors.list) {
      const el = doc.querySelector(s);
      if (el) return el;
    }
    return null;
  }

  /** Rows in or under ``node`` (a node the page added may be a row or hold rows). */
  function rowsIn(node, adapter) {
    if (!node || node.nodeType !== 1) return [];
    if (node.matches && node.matches(adapter.selectors.row)) return [node];
    return Array.from(node.querySelectorAll(adapter.selectors.row));
  }

  /** What each selector of ``adapter`` finds on the page now (the menu's check). */
  function checkSelectors(doc, adapter) {
    const list = findList(doc, adapter);
    const rows = list ? rowsIn(list, adapter).length : 0;
    const s = adapter.selectors;
    const first = list ? list.querySelector(s.row) : null;
    return {
      adapter: adapter.name,
      list: list ? s.list.find((q) => doc.querySelector(q)) : '',
      rows: rows,
      nickname: first ? Boolean(first.querySelector(s.nickname)) : false,
      content: first ? Boolean(first.querySelector(s.content)) : false,
      sample: first ? adapter.row(adapter.parts(first, s)) : null,
    };
  }

  /**
   * Watch the page: find the list (the console is a single-page app: it may come late
   * or be replaced), mark the rows already there as seen (old comments are not
   * answered), then hand every row added to the core.
   */
  function watch(win, doc, adapter, core, pollMs) {
    let list = null;
    let observer = null;
    const take = (node, quiet) => {
      for (const el of rowsIn(node, adapter)) {
        try {
          core.offer(adapter.row(adapter.parts(el, adapter.selectors)), quiet);
        } catch (err) {
          win.console.warn('[studio] a row could not be read', err);
        }
      }
    };
    const attach = () => {
      const found = findList(doc, adapter);
      if (found === list && found && found.isConnected !== false) return;
      if (observer) observer.disconnect();
      list = found;
      observer = null;
      if (!list) return;
      take(list, true);
      const rowOf = (node) => {
        const el = node.nodeType === 1 ? node : node.parentElement;
        return el && el.closest ? el.closest(adapter.selectors.row) : null;
      };
      observer = new win.MutationObserver((mutations) => {
        for (const m of mutations) {
          // a change inside a row: a list that reuses its row elements, or a row filled
          // after it was added (a row read again with the same words is a duplicate)
          const row = rowOf(m.target);
          if (row) take(row, false);
          if (m.type === 'childList') for (const n of m.addedNodes) take(n, false);
        }
      });
      observer.observe(list, { childList: true, subtree: true, characterData: true });
    };
    attach();
    const timer = win.setInterval(() => {
      attach();
      const more = adapter.selectors.resume && doc.querySelector(adapter.selectors.resume);
      if (more && typeof more.click === 'function') more.click();
    }, pollMs || 2000);
    return {
      stop() {
        win.clearInterval(timer);
        if (observer) observer.disconnect();
      },
      get list() {
        return list;
      },
    };
  }

  const BADGE = {
    idle: ['#8c8c8c', 'Studio：等待评论', 'Studio: waiting for comments'],
    unset: ['#8c8c8c', 'Studio：未设置口令', 'Studio: no token set (menu: 设置)'],
    connected: ['#389e0d', 'Studio：已连接', 'Studio: connected'],
    unreachable: ['#d48806', 'Studio：连不上直播间', 'Studio: room unreachable'],
    refused: ['#cf1322', 'Studio：口令被拒', 'Studio: token refused'],
    'no-desk': ['#cf1322', 'Studio：直播间没开评论互动', 'Studio: the room has no audience desk'],
    paused: ['#8c8c8c', 'Studio：已暂停', 'Studio: paused'],
  };

  /** The small status badge in the page's corner; a click opens the settings. */
  function badge(doc, onClick) {
    const el = doc.createElement('div');
    el.setAttribute('data-studio-badge', '');
    el.style.cssText =
      'position:fixed;right:12px;bottom:12px;z-index:2147483647;padding:4px 10px;' +
      'border-radius:12px;font:12px/18px sans-serif;color:#fff;cursor:pointer;opacity:.9;' +
      'box-shadow:0 1px 4px rgba(0,0,0,.3)';
    el.addEventListener('click', onClick);
    doc.body.appendChild(el);
    return function show(state, detail, stats) {
      const [colour, zh, en] = BADGE[state] || BADGE.idle;
      el.style.background = colour;
      el.textContent = zh + (state === 'connected' ? ' · ' + stats.sent : '');
      el.title =
        en + (detail ? ' (' + detail + ')' : '') + '\n已发送 sent ' + stats.sent +
        ' · 丢弃 dropped ' + (stats.dropped + stats.stale) + ' · 等待 waiting ' + stats.waiting;
    };
  }

  function start() {
    /* global GM_xmlhttpRequest, GM_getValue, GM_setValue, GM_registerMenuCommand */
    const adapter = adapterFor(location.hostname);
    if (!adapter) return;
    let salt = GM_getValue('salt', '');
    if (!salt) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      salt = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      GM_setValue('salt', salt);
    }
    const settings = () => ({
      port: GM_getValue('port', DEFAULTS.port),
      token: GM_getValue('token', ''),
    });
    let show = () => {};
    const core = createCore({
      platform: adapter.platform,
      salt: salt,
      token: settings().token,
      send: gmSender(GM_xmlhttpRequest, settings),
      onState: (state, detail, stats) => show(state, detail, stats),
    });
    const configure = () => {
      const s = settings();
      const port = window.prompt(
        'Studio 直播间的控制端口（房间文件 [control] port，默认 8765）\n' +
          "The room's control port ([control] port in the room file, default 8765)",
        String(s.port),
      );
      if (port === null) return;
      const number = parseInt(port, 10);
      if (!(number > 0 && number < 65536)) {
        window.alert('端口是 1 到 65535 的数字 / the port is a number from 1 to 65535');
        return;
      }
      const token = window.prompt(
        '控制口令：STUDIO_HOME/control-token 文件里的那一行（或房间文件的 [control] token）。' +
          '留空则不改。\nThe control token: the line in STUDIO_HOME/control-token (or ' +
          "[control] token in the room file). Leave empty to keep the one set.",
        '',
      );
      if (token === null) return;
      GM_setValue('port', number);
      if (token.trim()) GM_setValue('token', token.trim());
      core.configure(number, settings().token);
    };
    show = badge(document, configure);
    show(core.state, core.detail, core.stats);
    GM_registerMenuCommand('设置端口和口令 / Set port and token', configure);
    GM_registerMenuCommand('暂停或继续转发 / Pause or resume', () =>
      core.pause(core.state !== 'paused'),
    );
    GM_registerMenuCommand('检查选择器 / Check selectors', () => {
      window.alert(JSON.stringify(checkSelectors(document, adapter), null, 2));
    });
    watch(window, document, adapter, core, 2000);
    window.setInterval(() => core.flush(), DEFAULTS.batchMs);
  }

  const api = {
    LIMITS, DEFAULTS, KINDS, ADAPTERS, DOUYIN, DOUYIN_SELECTORS, DOUYIN_ROW_WORDS,
    maskName, sha256, viewerId, toEvent, createCore, gmSender, classify, douyinRow,
    douyinParts, adapterFor, findList, rowsIn, checkSelectors, watch,
  }; // prettier-ignore
  /* global GM_info */
  if (typeof GM_info === 'undefined' && typeof module !== 'undefined' && module.exports) {
    module.exports = api; // Node (tests): the functions only, no page
  } else {
    start();
  }
})();
