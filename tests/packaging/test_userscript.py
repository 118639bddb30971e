"""The console userscript (packaging/userscript): its core and the Douyin adapter, run in
Node.js; events checked with the room's own parser, sent through a GM_xmlhttpRequest built
on Node's http to the real control server and audience desk."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from studio.core.paths import assets_dir
from studio.runtime.audience import AudienceDesk, DeskOptions, add_routes
from studio.runtime.control import ControlServer
from studio.show.audience.events import EventKind, parse_event
from studio.show.audience.privacy import mask_name
from studio.show.audience.respond import Settings
from studio.show.importer import import_file
from studio.show.queue import Queue
from studio.show.store import ShowStore

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "userscript" / "studio-comments.user.js"
NODE = shutil.which("node")
NODE_PATH = "/usr/share/nodejs:/usr/lib/nodejs"  # where Debian's node-* packages live
DEMO = assets_dir() / "demo"
TOKEN = "userscript-token"

pytestmark = pytest.mark.skipif(
    NODE is None,
    reason="node (Node.js) is not installed; `make deps` installs the Debian package nodejs",
)

PRELUDE = f"""
const S = require({json.dumps(str(SCRIPT))});
const http = require('http');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const out = (value) => console.log(JSON.stringify(value));

// GM_xmlhttpRequest as Tampermonkey gives it, on Node's http.
function GM_xmlhttpRequest(d) {{
  const u = new URL(d.url);
  const body = Buffer.from(d.data || '', 'utf8');
  const req = http.request(
    {{ hostname: u.hostname, port: u.port, path: u.pathname, method: d.method,
       headers: Object.assign({{ 'Content-Length': body.length }}, d.headers) }},
    (res) => {{
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => d.onload({{
        status: res.statusCode,
        responseText: Buffer.concat(chunks).toString('utf8'),
        responseHeaders: Object.entries(res.headers).map(([k, v]) => k + ': ' + v).join('\\r\\n'),
      }}));
    }});
  req.setTimeout(d.timeout, () => {{ req.destroy(); if (d.ontimeout) d.ontimeout(); }});
  req.on('error', () => {{ if (d.onerror) d.onerror({{ status: 0 }}); }});
  req.end(body);
}}

// Flush as the page's timer does, until nothing waits (or ``ms`` passed).
async function drain(core, ms) {{
  const end = Date.now() + ms;
  while ((core.waiting || core.busy) && Date.now() < end) {{
    core.flush();
    await sleep(20);
  }}
}}

function sender(port, token) {{
  const s = {{ port: port, token: token }};
  return {{ settings: s, send: S.gmSender(GM_xmlhttpRequest, () => s, 2000) }};
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node(tmp_path: Path, code: str, timeout: float = 60) -> Any:
    """Run ``code`` after the prelude in Node; its last line of output, as JSON."""
    driver = tmp_path / "driver.js"
    driver.write_text(PRELUDE + code, encoding="utf-8")
    env = {**os.environ, "NODE_PATH": NODE_PATH}
    r = subprocess.run(
        [NODE, str(driver)], capture_output=True, text=True, timeout=timeout, env=env
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


# Rows as the Douyin console shows them: what douyinParts reads from a row element.
ROWS = [
    {"nickname": "张晓雨：", "content": "有XL码吗", "authorTags": [], "userId": "dy_100001"},
    {"nickname": "王先生", "content": "  丝巾多少钱\n ", "authorTags": []},
    {"nickname": "店主小美", "content": "欢迎大家", "authorTags": ["主播"]},
    {"nickname": "助手", "content": "已上架", "authorTags": ["自动回复"]},
    {"nickname": "李四", "content": "来了", "authorTags": []},  # her words: a comment
    {"whole": "周杰伦粉 来了"},
    {"whole": "小可爱呀 关注了主播"},
    {"whole": "赵六：为主播点赞了"},
    {"whole": "钱七 送出了 小心心 ×3"},
    {"whole": "孙八 下单了 轻薄羽绒服"},
    {"nickname": "😀😀", "content": "好" * 300},
    {"nickname": "", "content": ""},
]


def test_console_rows_become_events_the_room_takes(tmp_path: Path) -> None:
    events = node(
        tmp_path,
        f"""
const rows = {json.dumps(ROWS, ensure_ascii=False)};
const core = S.createCore({{ platform: 'douyin', salt: 'salt-1', token: 't' }});
const other = S.createCore({{ platform: 'douyin', salt: 'salt-2', token: 't' }});
const made = [];
for (const parts of rows) {{
  const row = S.douyinRow(parts);
  const event = row && S.toEvent(row, 'douyin', 'salt-1', 1733390000000);
  made.push(event);
  core.offer(row);
  other.offer(row);
}}
core.offer(S.douyinRow(rows[0]));  // the page redraws a row: not sent again
out({{ made: made, stats: core.stats,
       again: S.viewerId('salt-1', 'douyin', 'dy_100001', 'x'),
       salted: S.viewerId('salt-2', 'douyin', 'dy_100001', 'x') }});
""",
    )
    made = events["made"]
    assert made[2] is None and made[3] is None and made[11] is None  # shop's rows, empty
    parsed = [parse_event(e) for e in made if e is not None]  # the room's own parser
    kinds = [e.kind for e in parsed]
    assert kinds == [EventKind.COMMENT] * 3 + [
        EventKind.ENTER, EventKind.FOLLOW, EventKind.LIKE, EventKind.GIFT, EventKind.ORDER,
        EventKind.COMMENT,
    ]  # fmt: skip
    first, second, her, enter, follow, like, gift, order, long = parsed
    assert (first.text, first.name, first.platform) == ("有XL码吗", "张**", "douyin")
    assert second.text == "丝巾多少钱" and her.text == "来了"
    assert (enter.name, follow.name, like.name) == ("周***", "小***", "赵**")
    assert (gift.gift, gift.count, order.product) == ("小心心", 3, "轻薄羽绒服")
    assert len(long.text) == 200 and long.name == ""
    assert first.at == pytest.approx(1733390000.0)  # milliseconds, read as seconds
    # nothing personal leaves the page: no raw id, no full nickname, in any event
    sent = json.dumps(made, ensure_ascii=False)
    for personal in ("dy_100001", "张晓雨", "王先生", "周杰伦粉", "小可爱呀", "店主小美"):
        assert personal not in sent
    assert first.viewer == events["again"] and first.viewer.startswith("h:")
    assert events["salted"] != first.viewer  # another browser's salt: another id
    assert len({e.viewer for e in parsed}) == len(parsed)
    stats = events["stats"]
    assert (stats["offered"], stats["skipped"], stats["duplicate"]) == (9, 3, 1)


def test_masking_and_hashing_match_the_room(tmp_path: Path) -> None:
    names = ["张三", "小可爱呀", "周杰伦粉丝团团长", "A", "😀😀", "  李四 ", "＊王五", "ｘｙｚ", ""]
    texts = ["", "abc", "多少钱", "a" * 55, "a" * 56, "b" * 64, "中" * 40]
    got = node(
        tmp_path,
        f"out({{ masks: {json.dumps(names)}.map(S.maskName), "
        f"hashes: {json.dumps(texts)}.map(S.sha256) }});",
    )
    assert got["masks"] == [mask_name(n) for n in names]
    assert got["hashes"] == [hashlib.sha256(t.encode()).hexdigest() for t in texts]


@pytest.fixture
def desk_api(tmp_path: Path):
    """A real show database, queue and audience desk behind the real control server,
    which takes at most 5 events a request (the script must adapt)."""
    store = ShowStore(tmp_path / "show.db")
    import_file(store, DEMO / "products.csv")
    queue = Queue(store)
    options = DeskOptions(faq_path=DEMO / "faq.toml")
    desk = AudienceDesk(queue, store, Settings(), options, card=lambda: "轻薄羽绒服")
    server = ControlServer(TOKEN, port=0)
    add_routes(server, desk, burst=50, per_second=20.0, max_batch=5)
    server.start()
    yield server.port, desk
    server.stop()
    store.close()


def comments(n: int, prefix: str = "观众") -> list[dict]:
    return [{"nickname": f"{prefix}{i}", "content": f"有XL码吗{i}"} for i in range(n)]


def test_batches_reach_the_desk_in_the_sizes_the_room_takes(tmp_path: Path, desk_api) -> None:
    port, desk = desk_api
    got = node(
        tmp_path,
        f"""
(async () => {{
  const rows = {json.dumps(comments(12), ensure_ascii=False)};
  const s = sender({port}, {json.dumps(TOKEN)});
  const states = [];
  const core = S.createCore({{ platform: 'douyin', salt: 's', token: {json.dumps(TOKEN)},
                               send: s.send, onState: (st) => states.push(st) }});
  for (const parts of rows) core.offer(S.douyinRow(parts));
  for (const parts of rows.slice(0, 4)) core.offer(S.douyinRow(parts));  // redrawn rows
  await drain(core, 10000);
  out({{ state: core.state, stats: core.stats, maxBatch: core.maxBatch, states: states }});
}})();
""",
    )
    assert got["state"] == "connected" and got["maxBatch"] == 5  # told "at most 5": smaller
    assert got["stats"]["accepted"] == 12 and got["stats"]["duplicate"] == 4
    desk.pump()
    snap = desk.snapshot()
    assert snap["offered"] == 12
    recent = snap["recent"]
    assert sorted(r["text"] for r in recent) == sorted(f"有XL码吗{i}" for i in range(12))
    assert all(r["name"].startswith("观**") and r["viewer"].startswith("v:") for r in recent)
    assert "观众3" not in json.dumps(snap, ensure_ascii=False)


def test_a_wrong_token_is_shown_refused_and_what_waited_is_sent_once_fixed(
    tmp_path: Path, desk_api
) -> None:
    port, desk = desk_api
    got = node(
        tmp_path,
        f"""
(async () => {{
  const s = sender({port}, 'not-the-token');
  const core = S.createCore({{ platform: 'douyin', salt: 's', token: 'not-the-token',
                               send: s.send }});
  for (const parts of {json.dumps(comments(3), ensure_ascii=False)}) core.offer(S.douyinRow(parts));
  await drain(core, 1500);
  const refused = {{ state: core.state, waiting: core.waiting, sent: core.stats.sent }};
  s.settings.token = {json.dumps(TOKEN)};
  core.configure({port}, {json.dumps(TOKEN)});  // the merchant sets the right one
  await drain(core, 5000);
  out({{ refused: refused, state: core.state, accepted: core.stats.accepted }});
}})();
""",
    )
    assert got["refused"] == {"state": "refused", "waiting": 3, "sent": 0}
    assert got["state"] == "connected" and got["accepted"] == 3
    desk.pump()
    assert desk.snapshot()["offered"] == 3


def test_an_unreachable_room_keeps_the_newest_and_drops_what_is_stale(
    tmp_path: Path, desk_api
) -> None:
    port, desk = desk_api
    closed = free_port()  # nothing listens there
    got = node(
        tmp_path,
        f"""
(async () => {{
  let clock = 1000000;
  const s = sender({closed}, {json.dumps(TOKEN)});
  const core = S.createCore({{ platform: 'douyin', salt: 's', token: {json.dumps(TOKEN)},
                               send: s.send, maxBacklog: 10, now: () => clock }});
  for (const parts of {json.dumps(comments(30), ensure_ascii=False)}) core.offer(S.douyinRow(parts));
  core.flush();
  await sleep(300);
  const away = {{ state: core.state, waiting: core.waiting, dropped: core.stats.dropped }};
  s.settings.port = {port};  // the room is back (here: the right port)
  clock += 5000;  // after the back-off
  await drain(core, 5000);
  const back = {{ state: core.state, accepted: core.stats.accepted }};
  core.offer(S.douyinRow({{ nickname: '迟到的', content: '还有货吗' }}));
  clock += 31000;  // not sent within the stale rule: dropped, not answered late
  core.flush();
  out({{ away: away, back: back, stale: core.stats.stale, waiting: core.waiting }});
}})();
""",
    )
    assert got["away"] == {"state": "unreachable", "waiting": 10, "dropped": 20}
    assert got["back"] == {"state": "connected", "accepted": 10}
    assert got["stale"] == 1 and got["waiting"] == 0
    desk.pump()
    texts = sorted(r["text"] for r in desk.snapshot()["recent"])
    assert texts == sorted(f"有XL码吗{i}" for i in range(20, 30))  # the newest ten


def _jsdom_missing() -> bool:
    if NODE is None:
        return True
    r = subprocess.run(
        [NODE, "-e", "require('jsdom')"],
        capture_output=True,
        env={**os.environ, "NODE_PATH": NODE_PATH},
    )
    return r.returncode != 0


PAGE = """<!doctype html><html><body>
<div class="liveHeader___1a">直播中</div>
<div id="comment-list-wrapper">
  <div class="commentItem___x1"><div class="nickname___n1">老观众：</div>
    <div class="description___d1">昨天的问题</div></div>
</div></body></html>"""

NEW_ROWS = """
<div class="commentItem___x1" data-user-id="dy_555"><div class="nickname___n1">张晓雨：
  <span class="commentTag___t1">问询</span></div>
  <div class="description___d1">羽绒服有XL码吗</div></div>
<div class="commentItem___x1"><div class="nickname___n1">店主小美
  <span class="authorTag___a1">主播</span>：</div>
  <div class="description___d1">欢迎大家</div></div>
<div class="commentItem___x1"><span>周杰伦粉 来了</span></div>
"""


@pytest.mark.skipif(_jsdom_missing(), reason="jsdom is not installed (Debian: node-jsdom)")
def test_the_page_watcher_forwards_new_rows_only(tmp_path: Path, desk_api) -> None:
    port, desk = desk_api
    got = node(
        tmp_path,
        f"""
const {{ JSDOM }} = require('jsdom');
(async () => {{
  const dom = new JSDOM({json.dumps(PAGE)});
  const win = dom.window, doc = win.document;
  const s = sender({port}, {json.dumps(TOKEN)});
  const core = S.createCore({{ platform: 'douyin', salt: 's', token: {json.dumps(TOKEN)},
                               send: s.send }});
  const watcher = S.watch(win, doc, S.DOUYIN, core, 50);
  const list = doc.querySelector('#comment-list-wrapper');
  const wrap = doc.createElement('div');  // the page adds a block holding rows
  wrap.innerHTML = {json.dumps(NEW_ROWS)};
  list.appendChild(wrap);
  const again = list.firstElementChild.cloneNode(true);  // a redrawn old row
  list.appendChild(again);
  await sleep(100);
  // a list that reuses a row element: the words replaced in place
  list.firstElementChild.querySelector('[class^="description"]').textContent = '丝巾是真丝的吗';
  await sleep(100);
  const check = S.checkSelectors(doc, S.DOUYIN);
  await drain(core, 5000);
  watcher.stop();
  win.close();
  out({{ stats: core.stats, check: check }});
}})();
""",
    )
    assert got["stats"]["accepted"] == 3 and got["stats"]["skipped"] == 1  # the shop's row
    check = got["check"]
    assert check["list"] == "#comment-list-wrapper" and check["rows"] == 5
    assert check["nickname"] and check["content"] and check["sample"]["nickname"] == "老观众"
    desk.pump()
    recent = desk.snapshot()["recent"]
    assert [(r["kind"], r["name"], r["text"]) for r in recent] == [
        ("comment", "张**", "羽绒服有XL码吗"),
        ("enter", "周***", ""),
        ("comment", "老**", "丝巾是真丝的吗"),
    ]
