"""`studio show answer`: what the presenter would say, and why, without a stream."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from studio.core.paths import assets_dir

DEMO = assets_dir() / "demo"


def studio(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "STUDIO_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", "show", "answer", *args],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_an_answer_with_its_facts_and_reasons(tmp_path: Path) -> None:
    catalog = ["--catalog", str(DEMO / "products.csv"), "--faq", str(DEMO / "faq.toml")]
    r = studio("有XL码吗", *catalog, "--json", home=tmp_path)
    assert r.returncode == 0, r.stderr
    reply = json.loads(r.stdout)
    assert reply["says"] == "有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
    assert (reply["outcome"], reply["intent"], reply["product"]) == ("answer", "size", "轻薄羽绒服")
    assert reply["facts"] == ["sizes"]
    r = studio("多少钱", *catalog, "--product", "云南小粒咖啡豆", home=tmp_path)
    assert r.returncode == 0 and "says:    云南小粒咖啡豆" in r.stdout and "59.9" in r.stdout
    r = studio("这个能放洗衣机吗", *catalog, "--json", home=tmp_path)
    reply = json.loads(r.stdout)
    assert (
        reply["outcome"] == "deflect"
        and reply["says"] == "详细参数可以点开小黄车看看哦，也可以问问客服。"
    )
    r = studio("加我 v 信", *catalog, home=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("not answered: banned")


def test_the_faq_in_the_home_folder_is_used_and_bad_input_exits_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "faq.toml").write_text(
        '[[shop.faq]]\nask = ["发票"]\nanswer = "可以开电子发票。"\n', encoding="utf-8"
    )
    catalog = ["--catalog", str(DEMO / "products.csv")]
    r = studio("能开发票吗", *catalog, "--json", home=home)
    assert json.loads(r.stdout)["says"] == "可以开电子发票。"
    r = studio("多少钱", *catalog, "--product", "面膜", home=home)
    assert r.returncode == 2 and "no product named '面膜'" in r.stderr
    r = studio("多少钱", "--faq", str(tmp_path / "missing.toml"), *catalog, home=home)
    assert r.returncode == 2 and "no such file" in r.stderr
