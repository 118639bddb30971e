"""Live-commerce text normalisation: what a native presenter would say, and the map back."""

from __future__ import annotations

import pytest

from studio.speech.normalize import normalize, normalize_text

ZH_CASES = [
    # prices
    ("¥199.9", "一百九十九点九元"),
    ("￥89", "八十九元"),
    ("到手价¥99元", "到手价九十九元"),
    ("199.9元", "一百九十九点九元"),
    ("只要$19.99", "只要十九点九九美元"),
    ("€10起", "十欧元起"),
    ("1,299元", "一千二百九十九元"),
    ("2元", "两元"),
    ("¥2", "两元"),
    ("200元", "两百元"),
    ("2000元", "两千元"),
    ("9块9包邮", "九块九包邮"),
    ("12345678元", "一千二百三十四万五千六百七十八元"),
    # percentages and discounts
    ("50%", "百分之五十"),
    ("100%纯棉", "百分之百纯棉"),
    ("0.5%", "百分之零点五"),
    ("全场8折", "全场八折"),
    ("8.5折", "八五折"),
    ("2折", "二折"),
    ("满300减50", "满三百减五十"),
    ("满2000减200", "满两千减两百"),
    ("3件8折", "三件八折"),
    ("2件8折", "两件八折"),
    ("第2件半价", "第二件半价"),
    ("买2送1", "买二送一"),
    ("买2件送1件", "买两件送一件"),
    ("10万+好评", "十万多好评"),
    # counts with measure words
    ("2个", "两个"),
    ("12个", "十二个"),
    ("22件", "二十二件"),
    ("保温12个小时", "保温十二个小时"),
    ("每天2小时", "每天两小时"),
    ("2个月", "两个月"),
    ("2年质保", "两年质保"),
    ("2万人", "两万人"),
    ("20000人", "两万人"),
    ("2.5万", "二点五万"),
    ("2两", "二两"),
    ("2号", "二号"),
    ("2楼", "二楼"),
    ("容量300毫升", "容量三百毫升"),
    ("容量500ml", "容量五百毫升"),
    ("净重2kg", "净重两公斤"),
    ("1.5L大容量", "一点五升大容量"),
    ("5000mAh大电池", "五千毫安时大电池"),
    ("65W快充", "六十五瓦快充"),
    ("24h发货", "二十四小时发货"),
    ("内存256GB", "内存两百五十六G"),
    ("3-5天发货", "三到五天发货"),
    ("2-3件", "两到三件"),
    ("100-200元", "一百到两百元"),
    ("¥100-200", "一百到两百元"),
    # dates and times
    ("2025年3月8日", "二零二五年三月八日"),
    ("2025-03-08发货", "二零二五年三月八日发货"),
    ("2025/3/8", "二零二五年三月八日"),
    ("3月8日", "三月八日"),
    ("12月", "十二月"),
    ("2月2日", "二月二日"),
    ("25年新款", "二五年新款"),
    ("12:30开播", "十二点三十分开播"),
    ("8:05", "八点零五分"),
    ("20:00", "二十点"),
    ("2:00", "两点"),
    ("晚8点", "晚八点"),
    ("2点半", "两点半"),
    ("10:00-22:00营业", "十点到二十二点营业"),
    ("下午3:15", "下午三点十五分"),
    ("618大促", "六一八大促"),
    ("双11", "双十一"),
    # phone numbers and codes: digit by digit, 1 is 幺
    ("13812345678", "幺三八幺二三四五六七八"),
    ("客服138-1234-5678", "客服幺三八 幺二三四 五六七八"),
    ("热线400-123-4567", "热线四零零 幺二三 四五六七"),
    ("订单号12345678", "订单号幺二三四五六七八"),
    ("编号007", "编号零零七"),
    # plain numbers
    ("10", "十"),
    ("105", "一百零五"),
    ("10010", "一万零一十"),
    ("第10名", "第十名"),
    ("3.14", "三点一四"),
    ("1/2", "二分之一"),
    ("16:9", "十六比九"),
    ("-5℃", "零下五摄氏度"),
    ("气温25℃", "气温二十五摄氏度"),
    # model numbers, brands, symbols, emoji
    ("这款 iPhone 16 Pro 手机壳", "这款 iPhone sixteen Pro 手机壳"),
    ("小米14", "小米十四"),
    ("华为P60", "华为P sixty"),
    ("XL码", "XL码"),
    ("M码和XXL码", "M码和XXL码"),
    ("5G手机", "五G手机"),
    ("4K超清", "四K超清"),
    ("Nike和Adidas", "Nike和Adidas"),
    ("🔥爆款🔥来了！", "爆款来了！"),
    ("好物推荐👍👍", "好物推荐"),
    ("#好物分享#", "好物分享"),
    ("限时抢购~", "限时抢购"),
    ("元/件", "元每件"),
    ("¥99/件", "九十九元每件"),
    ("新品|限时", "新品，限时"),
    ("全新——正品", "全新，正品"),
    ("ＡＢＣ牌１２３元", "ABC牌一百二十三元"),
]

EN_CASES = [
    ("Only $19.99 today!", "Only nineteen dollars and ninety-nine cents today!"),
    ("It costs $1.", "It costs one dollar."),
    ("Just $0.99 each", "Just ninety-nine cents each"),
    ("Price $1,299", "Price one thousand two hundred ninety-nine dollars"),
    ("Sale 50% off", "Sale fifty percent off"),
    ("Buy 2 get 1 free", "Buy two get one free"),
    ("hot for 12 hours.", "hot for twelve hours."),
    ("The 1st and 22nd", "The first and twenty-second"),
    ("It's 8:05", "It's eight oh five"),
    ("Open at 8:00", "Open at eight o'clock"),
    ("Live at 5pm", "Live at five P M"),
    ("Made in 2025.", "Made in twenty twenty-five."),
    ("Over 1234 reviews", "Over one thousand two hundred thirty-four reviews"),
    ("The iPhone 16 Pro", "The iPhone sixteen Pro"),
    ("iPhone16", "iPhone sixteen"),
    ("RTX 4090", "RTX forty ninety"),
    ("A 500ml bottle", "A five hundred milliliters bottle"),
    ("Call 13812345678 now", "Call one three eight one two three four five six seven eight now"),
    ("Fish & chips", "Fish and chips"),
    ("hot🔥deal", "hot deal"),
    ("Ship in 3-5 days", "Ship in three to five days"),
    ("3/4 full", "three quarters full"),
]


@pytest.mark.parametrize(("text", "spoken"), ZH_CASES)
def test_chinese_scripts(text: str, spoken: str) -> None:
    assert normalize_text(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), EN_CASES)
def test_english_scripts(text: str, spoken: str) -> None:
    assert normalize_text(text) == spoken


@pytest.mark.parametrize(("text", "spoken"), ZH_CASES + EN_CASES)
def test_offset_map_is_ordered_and_in_bounds(text: str, spoken: str) -> None:
    norm = normalize(text)
    assert norm.source == text
    assert len(norm.origin) == len(norm.text)
    starts = [s for s, _ in norm.origin]
    assert starts == sorted(starts)
    for s, e in norm.origin:
        assert 0 <= s <= e <= len(text)


def test_forced_language_reads_every_number_in_it() -> None:
    assert normalize_text("iPhone 16 Pro", "zh") == "iPhone 十六 Pro"
    assert normalize_text("Only $5", "zh") == "Only 五美元"
    assert normalize_text("只要99元", "en") == "只要ninety-nine元"


def test_other_languages_keep_digits_and_drop_emoji() -> None:
    assert normalize_text("مرحبا 99 🔥", "ar") == "مرحبا 99"


def test_mixed_line_maps_back_to_the_original() -> None:
    text = "只要¥199.9，满300减50！这款 iPhone 16 Pro 🔥"
    norm = normalize(text)
    assert norm.text == "只要一百九十九点九元，满三百减五十！这款 iPhone sixteen Pro"

    def source_of(spoken: str) -> str:
        i = norm.text.index(spoken)
        s, e = norm.source_span(i, i + len(spoken))
        return text[s:e]

    assert source_of("一百九十九点九元") == "¥199.9"
    assert source_of("九十九") == "¥199.9"  # a part maps to the whole written price
    assert source_of("满三百") == "满300"
    assert source_of("五十") == "50"
    assert source_of("sixteen") == "16"
    assert source_of("Pro") == "Pro"
    assert source_of("iPhone sixteen") == "iPhone 16"


def test_empty_and_symbol_only_text() -> None:
    assert normalize("").text == ""
    assert not normalize("🔥🔥👍").is_speakable
    assert not normalize("！！！……").is_speakable
    assert normalize("好🔥").is_speakable
    span = normalize("🔥好").source_span(0, 1)
    assert span == (1, 2)


def test_a_masked_viewer_name_is_read_masked() -> None:
    """张** on the subtitles is 张某某 aloud; a lone star is still just dropped."""
    assert normalize_text("张**，有XL码") == "张某某，有XL码"
    assert normalize_text("欢迎小***来到直播间") == "欢迎小某某来到直播间"
    assert normalize_text("5*3") == "五三"
