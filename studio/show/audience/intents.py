"""What viewers ask about, as word patterns: the intent vocabulary of the matcher.

Each intent has patterns with weights; a comment's score for an intent is the sum of
the weights of its patterns that occur (each once). Patterns run on the folded comment
(``textnorm.fold``: full-width, traditional characters and case already normalised) with
spaces removed. They are written from how viewers type in live rooms: short, often
without a question mark, with slang (多少米 = 多少钱, 啥价) and typed pinyin.

Intents that lead to an answer: price, discount, stock, size, colour, material,
shipping, after_sales, features, link (and faq: the merchant's own questions, matched
separately). Intents that do not: greeting and smalltalk (ignored), and other (a
question nothing here covers: a safe deflection, and the operator sees it).
"""

from __future__ import annotations

import re

ANSWERABLE = (
    "price", "discount", "stock", "size", "colour", "material", "shipping",
    "after_sales", "features", "link", "faq",
)  # fmt: skip
NOT_ANSWERED = ("greeting", "smalltalk")
INTENTS = (*ANSWERABLE, "other", *NOT_ANSWERED)

_COLOUR_CHARS = "黑白红粉蓝绿黄紫灰米咖棕橙银金藏青卡其"
#: Letter sizes as viewers type them (xl, XXL, s码, 2xl).
SIZE_LETTERS = re.compile(r"(?<![a-z])([2-5]?x{0,3}l|m|s)(?![a-z])")
SIZE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(毫升|ml|升|l|克|g|厘米|cm|寸)")
COLOUR_WORD = re.compile(rf"([{_COLOUR_CHARS}])(?:色|的|款)|有([{_COLOUR_CHARS}])")
SIZE_ADVICE = re.compile(
    r"\d+\s*(?:斤|kg|公斤|cm)|身高|体重|穿什么码|穿多大|穿哪个码|怎么选|选[sml]|[sml]还是[sml]"
    r"|偏瘦|偏胖|微胖|胖|瘦|[sml]码还是|码数.*选"
)
POSTAGE = re.compile(r"包邮|运费|邮费|免邮")

_P = list[tuple[str, float]]
PATTERNS: dict[str, _P] = {
    "price": [
        (
            r"多少钱|多少米|多钱|几块|几元|啥价|什么价|价格|价钱|价位|怎么卖|咋卖|售价|现价|原价",
            2.0,
        ),
        (r"贵不贵|贵吗|几百|多少一[个件条袋斤瓶]|一[个件条袋斤瓶]多少", 1.5),
        (r"^\d+(?:\.\d+)?(?:块|元)?[吗嘛呀啊]", 1.5),
        (r"duoshaoqian|jiage|price|howmuch", 2.0),
    ],
    "discount": [
        (r"优惠|打折|折扣|几折|券|满减|活动|降价|福利|赠品|送什么|划算|半价|第二件", 2.5),
        (
            r"便宜(?:点|些|一点|吗|不)|能少|少点|比原价便宜|一起买|买两|两[个件条袋]一起|买[二三两]",
            2.5,
        ),
    ],
    "stock": [
        (
            r"有货|还有货|现货|库存|还剩|剩几|剩多少|卖完|售罄|断货|补货|抢到|抢得到|没货|还能买",
            2.5,
        ),
        (r"还有(?:吗|没有|没|多少|几)|有没有货|多少件|几件了", 2.0),
    ],
    "size": [
        (
            r"尺码|码数|几码|什么码|多大码|大码|小码|穿多大|尺寸|容量|规格|大号|小号|小包装|方巾|长巾",
            2.5,
        ),
        (r"(?<![a-z])[2-5]?x{1,3}l(?![a-z])|(?<![a-z])[sml]码|\d+(?:毫升|ml|升)", 2.5),
        (r"(?<![a-z])[sml](?![a-z])", 1.0),
        (r"多大|多长|多宽|多重|几升|毫升|多少克|几克|几个码|几种规格", 2.0),
        (r"身高|体重|\d+\s*斤|偏瘦|偏胖", 2.0),
    ],
    "colour": [
        (r"颜色|什么色|几个色|几种色|色号|配色|纯色|印花|哪些色", 2.5),
        (rf"[{_COLOUR_CHARS}]色|有[{_COLOUR_CHARS}]的|[{_COLOUR_CHARS}]的(?:吗|有)", 2.0),
        (r"雾霾蓝|樱花粉|米白", 2.0),
    ],
    "material": [
        (
            r"材质|材料|面料|成分|什么做的|纯棉|真丝|含量|含绒量|鸭绒|鹅绒|充绒|填充|什么豆|阿拉比卡|品种|产地",
            2.5,
        ),
        (r"不锈钢|316|304|塑料|内胆|外壳|杯盖|桑蚕丝|棉的|羊毛", 1.5),
    ],
    "shipping": [
        (
            r"发货|快递|物流|几天到|多久到|几天能到|什么时候到|顺丰|中通|圆通|韵达|包邮|运费|邮费|免邮|预售",
            2.5,
        ),
        (r"多久发|几天发|什么时候发|几天能发|发什么|寄(?:什么|哪)", 2.5),
    ],
    "after_sales": [
        (
            r"退货|退款|退换|换货|无理由|售后|保修|质保|质量问题|包退|包换|能退|可以退|能换|可以换",
            2.5,
        ),
        (r"退吗|坏了|不合适|质量\S{0,2}问题", 1.5),
    ],
    "features": [
        (r"怎么样|好用吗|好不好|好喝吗|好穿吗|特点|亮点|介绍|讲讲|说说|卖点", 2.0),
        (
            r"保温多久|保温几|能保温|保暖|轻吗|重不重|收纳|单手|一键|味道|风味|口感|苦不苦|酸不酸|烘焙|新豆|双面",
            2.0,
        ),
    ],
    "link": [
        (
            r"怎么买|怎么拍|在哪拍|哪里拍|在哪买|哪里买|去哪买|链接|小黄车|购物车|怎么下单|如何下单|几号|上车",
            2.5,
        ),
    ],
    # What facts cannot settle: comparisons, fit, and what the presenter herself wears.
    "other": [
        (
            r"和\S{1,8}比|比\S{1,8}(?:怎么样|好吗|好不好)|哪个好|哪个更|偏大|偏小|主播(?:身上|穿的|戴的|用的)",
            3.0,
        ),
    ],
    "greeting": [
        (
            r"^(?:主播|大家|宝宝们?|姐妹们?)?(?:你好|您好|大家好|好|晚上好|早上好|中午好|下午好|早安|晚安|hello|hi|哈喽|嗨)[呀啊哦吖~]*$",
            3.0,
        ),
        (r"^(?:我)?来了|来了来了|^在吗|新人|第一次来|报道|报到|打卡", 3.0),
    ],
    "smalltalk": [
        (r"主播(?:几岁|多大|哪里人|结婚|单身|好看|漂亮|真美|声音|皮肤|辛苦|加油)|哪里人|几岁", 4.0),
        (
            r"666|哈哈|好看|漂亮|好美|真好|喜欢|爱了|已拍|拍了|下单了|买了|关注了|点赞了|扣1|冲冲|支持|辛苦|加油|好听|回购|想要|太贵|贵了|太差|好香|下次|好的|收到",
            1.0,
        ),
    ],
}
_COMPILED = {k: [(re.compile(p), w) for p, w in v] for k, v in PATTERNS.items()}

QUESTION = re.compile(
    r"[?？]|吗|嘛|呢|么|多少|几|什么|啥|怎么|咋|怎样|如何|哪|能不能|可不可以|有没有|是不是|会不会"
    r"|要不要|行不行|好不好|[能可会]\S{0,6}[吗不]|还是|(\S)不\1"
)


def scores(text: str) -> dict[str, float]:
    """Each intent's score for a folded comment without spaces (intents that score 0 are
    left out)."""
    out: dict[str, float] = {}
    for intent, patterns in _COMPILED.items():
        total = sum(w for p, w in patterns if p.search(text))
        if total:
            out[intent] = total
    return out


def is_question(text: str) -> bool:
    return bool(QUESTION.search(text))
