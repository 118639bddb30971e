"""`studio show …` as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studio.cli import main
from studio.core.paths import assets_dir

DEMO = assets_dir() / "demo"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", "show", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_exit_codes(tmp_path: Path) -> None:
    ok = run("check", str(DEMO / "script.toml"), "--catalog", str(DEMO / "products.csv"))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 blocking" in ok.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "@product 316不锈钢保温杯\n大家好\n这是全网最低价，只要69元！\n", encoding="utf-8"
    )
    r = run("check", str(bad), "--catalog", str(DEMO / "products.csv"))
    assert r.returncode == 2
    assert "bad.txt:3:3: BLOCKS: '全网最低' [absolute-term]" in r.stdout
    assert "suggestion: 改为“直播间专享价”" in r.stdout
    assert "bad.txt:3:11: BLOCKS: '69元' [price]" in r.stdout
    assert not (tmp_path / "show.db").exists()


def test_import_list_queue_insert_audit_export(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "show.db")
    assert main(["show", "import", str(DEMO / "products.csv"), "--db", db]) == 0
    assert main(["show", "import", str(DEMO / "script.toml"), "--db", db]) == 0
    assert main(["show", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "316不锈钢保温杯: 89元 (original 129元), stock 120" in out
    assert "夜间轮播: 开场 > 羽绒服讲解 > 保温杯讲解; 20:00-08:00" in out
    assert (
        main(
            [
                "show",
                "insert",
                "{name}库存还有{stock}件",
                "--product",
                "桑蚕丝印花丝巾",
                "--urgent",
                "--db",
                db,
                "--by",
                "小李",
            ]
        )
        == 0
    )
    assert main(["show", "queue", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "next 1: 桑蚕丝印花丝巾库存还有35件 [urgent]" in out
    assert main(["show", "insert", "全网最低！", "--db", db]) == 2
    assert "全网最低" in capsys.readouterr().err
    assert main(["show", "audit", "--csv", str(tmp_path / "audit.csv"), "--db", db]) == 0
    text = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert "insert" in text and "refused" in text and "小李" in text
    assert main(["show", "export", "--out", str(tmp_path / "p.json"), "--db", db]) == 0
    assert '"price": "89.00"' in (tmp_path / "p.json").read_text(encoding="utf-8")


def test_approve_from_the_command_line(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "show.db")
    script = tmp_path / "s.txt"
    script.write_text("最好看的是这款\n", encoding="utf-8")
    assert main(["show", "import", str(script), "--db", db]) == 0
    assert "BLOCKS: '最好'" in capsys.readouterr().out
    assert (
        main(
            [
                "show",
                "approve",
                "--script",
                "s",
                "--item",
                "1",
                "--by",
                "店长",
                "--reason",
                "只和本店其他颜色比较",
                "--db",
                db,
            ]
        )
        == 0
    )
    r = run("check", str(script), "--db", db)
    assert r.returncode == 0 and "approved by 店长" in r.stdout
    assert main(["show", "audit", "--kind", "approval", "--db", db]) == 0
    assert "approval  by 店长" in capsys.readouterr().out


def test_bad_product_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "p.csv"
    bad.write_text("name,price\n杯子,abc\n", encoding="utf-8")
    r = run("import", str(bad), "--db", str(tmp_path / "show.db"))
    assert r.returncode == 2
    assert "p.csv: line 2, column 'price': 'abc' is not a price" in r.stderr
    assert "hint:" in r.stderr


def test_a_setting_never_set_reads_in_chinese(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "show.db")
    assert main(["--lang", "zh_CN", "show", "setting", "ai_label.text", "--db", db]) == 0
    assert capsys.readouterr().out == "ai_label.text = （未设置）\n"
    assert main(["show", "setting", "ai_label.text", "--db", db]) == 0
    assert capsys.readouterr().out == "ai_label.text = (unset)\n"
    argv = ["show", "setting", "ai_label.text", "AI生成", "--by", "店长", "--db", db]
    assert main(["--lang", "zh_CN", *argv]) == 0
    assert capsys.readouterr().out == "ai_label.text = AI生成（已记入审计）\n"
    assert main(["--lang", "zh_CN", "show", "setting", "ai_label.text", "--db", db]) == 0
    assert capsys.readouterr().out == "ai_label.text = AI生成\n"
