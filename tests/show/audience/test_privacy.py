"""Names are masked when shown or spoken; ids are hashed with a key of the session."""

from __future__ import annotations

import pytest

from studio.show.audience.privacy import ViewerHasher, mask_name, scrub


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张**"),
        ("张三丰", "张**"),
        ("小可爱呀", "小***"),
        ("Tommy_2024_long_name", "T****"),
        ("🌸小花", "小**"),  # the first letter, not the emoji
        ("*{}", ""),  # nothing but markup: no name at all
        ("", ""),
    ],
)
def test_a_name_keeps_its_first_letter_only(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_ids_are_hashed_with_a_key_of_the_session() -> None:
    one, other = ViewerHasher(), ViewerHasher()
    first = one("douyin", "10086")
    assert first == one("douyin", "10086") and first.startswith("v:")
    assert "10086" not in first
    assert first != other("douyin", "10086")  # another session cannot link the viewer
    assert first != one("kuaishou", "10086")
    assert one("douyin", "") == "v:anonymous"


def test_contact_numbers_are_scrubbed_from_kept_text() -> None:
    assert scrub("电话 138-1234-5678 找我") == "电话 ############# 找我"
    assert scrub("有XL码吗，160斤") == "有XL码吗，160斤"
