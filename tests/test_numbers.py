"""qa.numbers convention by convention: pairs that must pass and one-change slips that must
be reported, in Simplified and Traditional Chinese, and the readers' interface."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from diglot.checks import Context
from diglot.checks.numbers import CHECK, unmatched
from diglot.diagnostics import Location
from diglot.model import Field, Unit
from diglot.numerals import (
    READERS,
    chinese_numbers,
    english_numbers,
    traditional_chinese_numbers,
)

from conftest import grows_in_proportion, pair_of


def unit(text: str) -> Unit:
    return Unit(
        "u", "paragraph", (Field("text", text, Location("x.yaml")),), Location("x.yaml"), "s"
    )


def messages(en: str, zh: str, readers=None) -> list[str]:
    ctx = Context()
    if readers:
        ctx.number_readers = readers
    return [f.message for f in pair_of(CHECK)(unit(en), unit(zh), ctx)]


# (convention, English, Chinese that corresponds, Chinese with one slip)
CONVENTIONS = [
    ("year in numerals", "adopted in 1948", "一九四八年通过", "一九四九年通过"),
    ("year with 〇", "by 2030", "到二〇三〇年", "到二〇三一年"),
    ("year with 零", "approved in 2018", "二零一八年批准", "二零一九年批准"),
    ("article in numerals", "Article 12 applies", "第十二条适用", "第十三条适用"),
    ("ordinal word for an article", "the twelfth article", "第十二条", None),
    ("article and paragraph", "under Article 7(2)", "依照第七条第二款", "依照第七条第三款"),
    ("article and paragraph swapped", "under Article 5(3)", "依照第五条第三款", "依照第三条第五款"),
    ("paragraph of an article", "paragraph 2 of Article 7", "第七条第二款", "第七条第三款"),
    ("article and paragraph in digits", "Article 7(2)", "第7条第2款", "第7条第3款"),
    (
        "articles in Roman numerals",
        "Article XX or XXI",
        "第二十条或第二十一条",
        "第二十条或第二十二条",
    ),
    ("annex in Roman numerals", "goods listed in Annex I", "附件一所列商品", "附件二所列商品"),
    ("annex before a number", "Annex I to 5% or less", "附件一降至5%或以下", "附件一降至6%或以下"),
    ("magnitude in numerals", "1.5 billion people", "十五亿人", "十六亿人"),
    ("magnitude with 两", "20,000 villages", "两万个村庄", "两千个村庄"),
    ("万亿", "3 trillion dollars", "三万亿美元", "三亿美元"),
    ("decimal magnitude", "150 million dollars", "一点五亿美元", "一点六亿美元"),
    ("magnitude with 多", "more than 2 billion people", "二十多亿人", "三十多亿人"),
    ("digits before 千万", "30 million people", "3千万人", "4千万人"),
    ("fraction in words", "a two-thirds majority", "三分之二多数", "四分之三多数"),
    ("fraction in digits", "a 2/3 majority", "三分之二多数", "三分之一多数"),
    ("one in five", "one in five children", "五分之一的儿童", "四分之一的儿童"),
    ("half", "half of the members", "二分之一的成员", "三分之一的成员"),
    ("percent in numerals", "45% of members", "百分之四十五的成员", "百分之五十四的成员"),
    ("per cent", "5 per cent", "5%", "6%"),
    ("percent decimal in numerals", "0.5 per cent", "百分之零点五", "百分之五"),
    ("percentage points", "0.5 percentage points", "0.5个百分点", "0.5%"),
    ("decimal in numerals", "a ratio of 0.5", "比率为零点五", "比率为零点八"),
    ("range", "over the next 5-7 years", "未来5至7年", "未来5至8年"),
    ("range with ～", "5-7 years", "5～7年", "5～8年"),
    ("range reversed", "between 3 and 6 months", "3至6个月", "6至3个月"),
    ("range with a shared percent", "5-7%", "5%—7%", "7%—5%"),
    ("range with a shared magnitude", "15-20 billion yuan", "150至200亿元", "15至20亿元"),
    ("abbreviated year range", "the 2023-24 session", "2023—2024年会期", "2023—2025年会期"),
    ("fiscal year with a slash", "the 2025/26 budget", "2025—2026年度预算", "2025—2027年度预算"),
    ("decade with century", "the 1980s", "20世纪80年代", "20世纪90年代"),
    ("decade in numerals", "the late 1970s", "二十世纪七十年代末", "二十一世纪七十年代末"),
    ("decade without century", "the 1990s", "上世纪90年代", None),
    ("decade of a new century", "the 2030s", "21世纪30年代", "20世纪30年代"),
    (
        "year once for two date ranges",
        "on 16-19 July 2023 and 4-7 November 2023",
        "于2023年7月16—19日和11月4—7日",
        "于2023年7月16—19日和11月4—8日",
    ),
    ("date in numerals", "on 10 December 1948", "于一九四八年十二月十日", "于一九四八年十一月十日"),
    ("day and month", "on April 2, 2025", "于2025年4月2日", "于2025年2月4日"),
    ("month abbreviation", "on Sept. 15, 2024", "于2024年9月15日", "于2024年8月15日"),
    ("May the month", "announced in May", "于5月宣布", "于3月宣布"),
    ("temperature ℃", "well below 2°C", "远低于2℃", "远低于3℃"),
    ("temperature in degrees C", "2 degrees C", "2℃", "1.5℃"),
    ("temperature in degrees Celsius", "2 degrees Celsius", "2摄氏度", "3摄氏度"),
    ("nanometres", "above 20nm", "20纳米以上", "28纳米以上"),
    ("enclosed enumerator", "(a) trade", "㈠贸易", None),
    ("circled enumerator", "(i) exchanges", "①交流", None),
    ("parenthesised enumerator", "(1) The Committee shall meet", "（一）委员会应举行会议", None),
    ("digit enumerator", "(2) Decisions by consensus", "（2）以协商一致方式作出决定", None),
    ("a call in code is no enumerator", "the call alert(1)", "调用alert(1)", "调用alert(2)"),
    ("list enumerator 一、", "1. The Parties reaffirm", "一、缔约方重申", None),
    ("enumerator 4、", "4. Disputes shall be settled", "4、争端应予解决", None),
    ("enumerators after a colon", "as follows: 1. consult; 2. share", "如下：1.磋商；2.共享", None),
    (
        "enumerators inside a sentence",
        "including (a) trade, (b) investment",
        "包括1、贸易，2、投资",
        None,
    ),
    ("a list of articles", "Articles 1 and 2", "第1、第2条", "第1、第3条"),
    ("a list of months", "October and November", "10、11月", "10、12月"),
    (
        "number after an enumerator",
        "(g) at least 3 workshops",
        "（七）至少3次研讨会",
        "（七）至少5次研讨会",
    ),
    ("ordinal words", "first, second and third", "第一、第二和第三", None),
    ("ordinal with a number", "the 70th anniversary", "70周年", "60周年"),
    ("number as words", "fifty years", "五十年", None),
    ("digits against numerals", "50 years", "五十年", "四十年"),
    ("both countries", "both countries may act", "两国可以采取行动", None),
    ("numerals inside words", "the parties agreed unanimously", "各方一致同意", None),
    ("approximate numerals", "tens of billions of dollars", "数百亿美元", None),
    ("code with a hyphen", "the COVID-19 pandemic", "新冠肺炎疫情", None),
    ("code glued to letters", "the G20 leaders", "二十国集团领导人", None),
    ("five-year plan", "the 14th Five-Year Plan", "“十四五”规划", None),
    ("time", "at 3:00 p.m.", "下午3时", "下午4时"),
    ("share in digits", "1 in 3 adults", "三分之一的成年人", None),
    ("counting word", "a dozen countries", "12个国家", "13个国家"),
    ("十余", "more than 10 countries", "十余个国家", None),
    # two numbers whose order "from … to" or "between … and" fixes, written the other way round
    ("from … to with a verb", "grew from 38% to 45%", "从38%提高到45%", "从45%提高到38%"),
    ("from … to, falling", "fell from 45% to 38%", "从45%降至38%", "从38%降至45%"),
    ("from … to, a magnitude", "from 2 to 5 billion", "由20亿增至50亿", "由50亿增至20亿"),
    (
        "from … to, counted",
        "from 12 to 15 stations",
        "从12个增加到了15个站",
        "从15个增加到了12个站",
    ),
    ("between … and", "between 10 and 20 km", "介于10和20公里之间", "介于20和10公里之间"),
    ("years from … to", "from 2019 to 2023", "从2019年到2023年", "从2023年到2019年"),
]


@pytest.mark.parametrize("name, en, zh, slip", CONVENTIONS, ids=[c[0] for c in CONVENTIONS])
def test_convention(name, en, zh, slip):
    assert messages(en, zh) == []
    if slip is not None:
        assert messages(en, slip), slip


# (reading, English, Chinese that corresponds, Chinese with one slip): numbers that official
# texts write in words, read where they are certain and compared where both texts state one of
# their kind (a fraction: as any fraction is); the English word missing from the Chinese is
# reported, not only the Chinese's
WORDS = [
    # how often
    ("annually", "The Board reports annually.", "理事会每年报告一次。", "理事会每两年报告一次。"),
    ("each year", "reviewed each year", "每年审查", "每两年审查"),
    ("every three years", "every three years", "每三年一次", "每年一次"),
    ("every other year", "held every other year", "每两年举行一次", "每年举行一次"),
    ("biennial", "the biennial conference", "两年一度的会议", "每年举行的会议"),
    ("twice a year", "meets twice a year", "每年举行两次会议", "每年举行一次会议"),
    ("twice a year as 每半年", "meets twice a year", "每半年举行一次会议", "每季度举行一次会议"),
    ("a count left out", "meets twice a year", "每年举行会议", "每两年举行会议"),
    ("once every two years", "once every two years", "两年一次", "一年一次"),
    ("three times a year", "three times a year", "一年三次", "一年两次"),
    ("at least once a year", "at least once a year", "每年至少一次", "每两年至少一次"),
    ("semi-annually", "reports semi-annually", "每半年报告一次", "每年报告一次"),
    ("quarterly", "published quarterly", "每季度发布", "每月发布"),
    ("monthly", "reported monthly", "每月报告", "每周报告"),
    ("weekly", "updated weekly", "每周更新", "每日更新"),
    ("every six months", "every six months", "每六个月", "每三个月"),
    (
        "annual as 年度",
        "the annual plan, reviewed quarterly",
        "年度计划每季度审查",
        "年度计划每月审查",
    ),
    # how many times
    ("twice", "met twice in 2024", "2024年举行了两次会议", "2024年举行了一次会议"),
    ("three times", "extended three times", "三次延长", "两次延长"),
    ("twice as 两度", "has twice renewed the mandate", "已两度延长授权", "已三次延长授权"),
    ("only once", "may speak only once", "只能发言一次", "只能发言两次"),
    (
        "a ratio is no number of times",
        "twice as high; met twice",
        "高出两倍；两次会晤",
        "高出两倍；一次会晤",
    ),
    # which one of a series
    ("Second Meeting", "the Second Meeting of the Parties", "缔约方第二次会议", "缔约方第三次会议"),
    ("third quarter", "in the third quarter", "第三季度", "第四季度"),
    ("quarter without 第", "in the third quarter of 2024", "2024年三季度", "2024年四季度"),
    ("Q4", "in Q4 2024", "2024年第四季度", "2024年第三季度"),
    ("first round as 首", "the first round of talks", "首轮会谈", "第二轮会谈"),
    ("first half", "in the first half of 2025", "2025年上半年", "2025年下半年"),
    ("second half", "in the second half", "下半年", "上半年"),
    ("Twentieth Session", "the Twentieth Session", "第二十届会议", "第二十一届会议"),
    ("for the first time", "met for the first time", "首次会晤", "第二次会晤"),
    ("second consecutive year", "for the second consecutive year", "连续第二年", "连续第三年"),
    ("a world war", "the Second World War", "第二次世界大战", "第一次世界大战"),
    ("century", "the twenty-first century", "二十一世纪", "二十世纪"),
    ("century in figures", "the twenty-first century", "21世纪", "20世纪"),
    # how many sides
    ("the two sides", "the two sides agreed", "双方同意", "三方同意"),
    (
        "said again",
        "Both sides agreed, and both sides signed.",
        "双方同意并签署。",
        "三方同意并签署。",
    ),
    ("both countries", "both countries", "两国", "三国"),
    ("the three countries", "all three countries", "三国", "两国"),
    ("bilateral", "bilateral trade", "双边贸易", "三边贸易"),
    ("tripartite", "a tripartite commission", "三方委员会", "四方委员会"),
    # fractions
    ("one third of", "one third of the seats", "三分之一的席位", "四分之一的席位"),
    ("a quarter of", "a quarter of the budget", "四分之一的预算", "五分之一的预算"),
    ("half of", "half of the funds", "一半资金", "三分之一的资金"),
    ("two-thirds", "two-thirds of the Parties", "三分之二的缔约方", "多数缔约方"),
    ("half as 50%", "half of the members", "50%的成员", "40%的成员"),
    ("three quarters as 75%", "three quarters of the respondents", "75%的受访者", "70%的受访者"),
    # words that say something else beside them
    (
        "once: as soon as",
        "Once ratified, it meets twice a year.",
        "一经批准，每年举行两次会议。",
        "一经批准，每年举行一次会议。",
    ),
    (
        "first: firstly",
        "First, the two sides met twice.",
        "首先，双方举行了两次会议。",
        "首先，双方举行了三次会议。",
    ),
    (
        "a third party",
        "The two sides invited a third party.",
        "双方邀请了第三方。",
        "三方邀请了第三方。",
    ),
    (
        "primary energy",
        "Primary energy use fell twice.",
        "一次能源消费两次下降。",
        "一次能源消费三次下降。",
    ),
    (
        "secondary use",
        "secondary use of data, for the first time",
        "首次数据二次利用",
        "第二次数据二次利用",
    ),
    (
        "the first three quarters",
        "in the first three quarters of 2024, in its second phase",
        "2024年前三季度，在第二阶段",
        "2024年前三季度，在第三阶段",
    ),
    ("half of a unit", "half of a point in the first half", "上半年0.5个点", "下半年0.5个点"),
    ("one another", "The two sides consult one another.", "双方相互协商。", "三方相互协商。"),
]


@pytest.mark.parametrize("name, en, zh, slip", WORDS, ids=[w[0] for w in WORDS])
def test_a_number_written_in_words_is_compared(name, en, zh, slip):
    assert messages(en, zh) == []
    assert any(m.startswith("the Chinese lacks") for m in messages(en, slip)), slip


# (reader, text, its certain numbers): words of how often, how many times, which one and how
# many sides are read where they say it, and not where they say something else
READINGS = [
    ("english", "First, the two sides met twice.", {"parties 2": 1, "times 2": 1}),
    ("english", "Once adopted, the decision is reviewed annually.", {"each 12 months": 1}),
    (
        "english",
        "One of the members asked for a second opinion; they consult one another twice a year.",
        {"every 6 months": 1},
    ),
    (
        "english",
        "The motion was seconded by both sides, and three times as many voted for it.",
        {"parties 2": 1},
    ),
    (
        "english",
        "Output in the first three quarters was twice as high, the quarterly survey says.",
        {"each 3 months": 1},
    ),
    ("english", "in the first half, with a quarter of a million people", {"ordinal 1": 1}),
    ("english", "the 21st century, the 3rd session, Q3", {"21": 1, "3": 1, "ordinal 3": 1}),
    ("chinese-simplified", "一次能源消费量每年下降", {"each 12 months": 1}),
    ("chinese-simplified", "双方欢迎第三方参与数据二次利用", {"parties 2": 1}),
    ("chinese-simplified", "前三季度再一次举行了两次会议", {"times 2": 1}),
    ("chinese-simplified", "中美两国与二十国集团", {"parties 2": 1}),
    ("chinese-simplified", "三次产业结构每年两度调整", {"every 6 months": 1}),
    ("chinese-simplified", "首先，第二委员会在元首会晤后每年开会", {"each 12 months": 1}),
    (
        "chinese-simplified",
        "每两年举行一次，每年至少一次",
        {"every 24 months": 1, "every 12 months": 1},
    ),
    ("chinese-traditional", "雙方每年舉行兩次會議", {"parties 2": 1, "every 6 months": 1}),
]


@pytest.mark.parametrize("reader, text, found", READINGS, ids=[r[1] for r in READINGS])
def test_words_are_read_where_they_say_a_number(reader, text, found):
    assert READERS[reader].certain(text) == found


# (bound, English, Chinese that keeps it, Chinese that turns it round)
BOUNDS = [
    ("at least", "at least US$60 billion", "至少600亿美元", "最多600亿美元"),
    ("no fewer than", "no fewer than 12 berths", "不少于12个泊位", "不超过12个泊位"),
    ("or more", "3 MW or more", "3兆瓦及以上", "3兆瓦以下"),
    ("or higher", "to 90% or higher", "提高到90%或以上", "提高到90%以下"),
    ("or less", "to 5% or less", "降至5%或以下", "降至5%以上"),
    ("more than", "more than 30% by 2035", "到2035年达到30%以上", "到2035年达到30%以内"),
    ("up to", "up to 40 professionals", "最多40名专业人员", "至少40名专业人员"),
    ("within", "within 30 days", "30日内", "30日以上"),
    ("before", "before September 21, 2021", "2021年9月21日前", "2021年9月21日后"),
    ("no later than", "no later than June 30, 2026", "不迟于2026年6月30日", "不早于2026年6月30日"),
    ("by a year", "by 2030", "2030年前", "2030年以后"),
    ("since", "since 2021", "自2021年以来", "2021年以前"),
    ("a negated qualifier", "no more than 2 degrees", "不应超过2℃", "应超过2℃"),
    # a comparison negated by its verb is the opposite bound, as laws state their limits
    ("shall not be less than", "shall not be less than 30 days", "不得少于30日", "不得超过30日"),
    ("must not exceed", "must not exceed 35 milligrams", "不得超过35毫克", "不得低于35毫克"),
    ("not to exceed", "a term not to exceed 5 years", "期限不超过5年", "期限5年以上"),
    ("exceeded", "spending exceeded 4 percent", "支出超过4%", "支出不足4%"),
]


@pytest.mark.parametrize("name, en, zh, slip", BOUNDS, ids=[b[0] for b in BOUNDS])
def test_a_bound_turned_round_is_reported(name, en, zh, slip):
    assert messages(en, zh) == []
    assert any("the bound is reversed" in m for m in messages(en, slip)), slip


def test_a_bound_the_translation_leaves_out_or_adds_is_no_reversal():
    """Only a bound turned round is reported: one dropped or added may be a translation's
    choice (more than 30% as 30%以上 or 超过30%; reduce by 30% as 减少30%)."""
    assert messages("at least 40 stations", "40个站") == []
    assert messages("reduce emissions by 30% by 2030", "到2030年减排30%以上") == []
    assert messages("from 36 hours to 22 hours", "由36小时缩短至22小时") == []


def test_a_negation_of_another_verb_sets_no_bound():
    """A negation turns a comparison round only when it is the comparison's own (shall not
    exceed, 不得超过); one of another verb (does not respond within) sets no bound."""
    assert messages("if it does not respond within 30 days", "如30日内未答复") == []
    assert messages("if it does not respond within 30 days", "如未在30日内答复") == []
    assert messages("no more than 2 degrees", "不超过2℃") == []


# (currencies, English, Chinese that keeps the currency, Chinese that changes it)
CURRENCIES = [
    ("US$ as yuan", "a loan of US$2.5 billion", "25亿美元的贷款", "25亿元的贷款"),
    ("euros as dollars", "€300 million", "3亿欧元", "3亿美元"),
    ("yuan as dollars", "500 million yuan", "5亿元", "5亿美元"),
    ("RMB before", "RMB 1.2 trillion", "1.2万亿元人民币", "1.2万亿美元"),
    ("renminbi named first", "500 million yuan", "人民币5亿元", "5亿港元"),
    ("pounds", "£40 million", "4000万英镑", "4000万欧元"),
    ("HK$", "HK$3 billion", "30亿港元", "30亿美元"),
    ("dollars as a word", "1,000 dollars", "1000美元", "1000元"),
    ("a dollar of another country", "$500 million", "5亿加元", "5亿日元"),
    ("the sign of the yen and the yuan", "¥3 billion", "30亿日元", "30亿美元"),
    ("¥ as yuan", "a loan of ¥500 million", "5亿元的贷款", "5亿欧元的贷款"),
    ("the full-width ¥", "￥500 million", "5亿元", "5亿港元"),
]


def test_the_sign_of_two_currencies_names_both():
    assert messages("¥3 billion", "30亿美元") == [
        "the English amount '¥3 billion' is in yen or yuan (renminbi), the Chinese '30亿美元' "
        "in US dollars: the currency differs"
    ]


@pytest.mark.parametrize("name, en, zh, slip", CURRENCIES, ids=[c[0] for c in CURRENCIES])
def test_an_amount_in_another_currency_is_reported(name, en, zh, slip):
    assert messages(en, zh) == []
    assert any("the currency differs" in m for m in messages(en, slip)), slip


def test_an_amount_without_a_currency_on_one_side_is_no_change_of_currency():
    """Only a currency changed is reported: one left out (a table's heading may say it) is
    not; nor is 元 in a word of its own (单元, 公元)."""
    assert messages("US$2.5 billion", "25亿") == []
    assert messages("2.5 billion", "25亿美元") == []
    assert messages("Unit 3 of the 2030 plan", "2030年计划第3单元") == []


# (measure, English, Chinese in another unit with the figure converted, Chinese with the
# same figure in another unit: another amount)
UNITS = [
    ("gigawatts as 亿千瓦", "3,600 gigawatts", "36亿千瓦", "3600千瓦"),
    ("MW as 万千瓦", "a 500 MW plant", "50万千瓦的电厂", "500千瓦的电厂"),
    ("TWh as 亿千瓦时", "300 TWh of electricity", "3000亿千瓦时电力", "300千瓦时电力"),
    ("TWh as 亿度", "300 TWh of electricity", "3000亿度电", "300度电"),
    ("tonnes as 万吨", "1.2 million tonnes", "120万吨", "1.2万吨"),
    ("km as 米", "a 40 km line", "4万米的线路", "40米的线路"),
    ("hectares as 平方公里", "2,000 hectares", "20平方公里", "2000平方公里"),
    # a thousand of one unit, the 千 of the other's name (千瓦, 千克) being no number of it
    ("1,000 MW as 万千瓦", "two units of 1,000 MW each", "两台100万千瓦机组", "两台1000千瓦机组"),
    ("1,000 GWh as 亿千瓦时", "1,000 GWh a year", "每年10亿千瓦时", "每年1000千瓦时"),
    ("1,000 tonnes as 千克", "1,000 tonnes", "100万千克", "1000千克"),
]


@pytest.mark.parametrize("name, en, zh, slip", UNITS, ids=[c[0] for c in UNITS])
def test_a_quantity_converted_agrees_and_one_in_another_unit_does_not(name, en, zh, slip):
    assert messages(en, zh) == []
    assert messages(en, slip), slip


# (duration, English, Chinese that keeps it, Chinese with the figure in another unit of time)
DURATIONS = [
    ("days", "within 30 days", "30日内", "30个月内"),
    ("a 90-day period", "a 90-day period", "90天的期限", "90周的期限"),
    ("months", "within 6 months", "6个月内", "6周内"),
    ("years", "for a term of 3 years", "任期3年", "任期3个月"),
    ("months as a year", "after 12 months", "1年后", None),
    ("hours", "within 48 hours", "48小时内", "48天内"),
]


@pytest.mark.parametrize("name, en, zh, slip", DURATIONS, ids=[c[0] for c in DURATIONS])
def test_a_time_limit_in_another_unit_of_time_is_reported(name, en, zh, slip):
    assert messages(en, zh) == []
    if slip is not None:
        assert any("another unit" in m for m in messages(en, slip)), slip


def test_energy_written_as_power_is_reported():
    """kWh as 千瓦 (power for energy), MW as 兆瓦时: the same figure in a unit of another
    measure; a quantity of each measure, both kept, agrees."""
    assert messages("a battery of 60 kWh", "60千瓦时的电池") == []
    assert messages("60 kWh, charged at 60 kW", "60千瓦时，以60千瓦充电") == []
    assert messages("a battery of 60 kWh", "60千瓦的电池") == [
        "the English '60 kWh' is energy in kWh, the Chinese '60千瓦' power in 千瓦: a unit of "
        "another measure"
    ]
    assert messages("a 500 MW plant", "500兆瓦时的电厂") == [
        "the English '500 MW' is power in MW, the Chinese '500兆瓦时' energy in 兆瓦时: a unit of "
        "another measure"
    ]


def test_a_rate_s_unit_and_a_table_s_unit_are_no_numbers_of_their_own():
    """The dollar of an exchange rate (1美元兑7.1元), the 万元 of energy used per 10,000 yuan
    of GDP (万元GDP), the billion of a table's heading (USD billion, 十亿美元)."""
    assert messages("7.1 yuan to the dollar", "1美元兑7.1元人民币") == []
    assert messages("7.1 yuan per US dollar", "1美元兑换7.1元") == []
    assert messages("energy use per 10,000 yuan of GDP fell 3%", "万元GDP能耗下降3%") == []
    assert messages("Table 3. Exports (USD billion)", "表3 出口（十亿美元）") == []
    assert messages("Exports (billion US dollars)", "出口（十亿美元）") == []
    # an amount of the heading's own is read as always
    assert messages("Exports (USD billion): 2.5 billion", "出口（十亿美元）：35亿") == [
        "the Chinese lacks 2500000000 from the English",
        "the Chinese has 3500000000 that the English does not",
    ]


def test_dates_and_working_days_are_no_durations_of_calendar_time():
    assert messages("on May 30, 2025", "于2025年5月30日") == []
    assert messages("by 2025", "2025年前") == []
    assert messages("within 30 working days", "30个工作日内") == []
    assert messages("24 hours a day", "每天24小时") == []


def test_working_days_written_as_calendar_days_or_the_reverse_are_another_time_limit():
    """A regulation's time limit: 15 working days are three weeks, 15日 two."""
    assert messages("within 15 working days of receipt", "自收到之日起15日内") == [
        "the English '15 working days' counts working days, the Chinese '15日' calendar time: "
        "another time limit"
    ]
    assert messages("within 30 days", "应当在30个工作日内删除") == [
        "the English '30 days' counts calendar time, the Chinese '30个工作日' working days: "
        "another time limit"
    ]
    assert messages("within 5 business days", "5个工作日内") == []
    assert messages("within 10 days", "十日内") == []


def test_degrees_of_temperature_are_no_kilowatt_hours():
    assert messages("at 30 degrees", "30度") == []
    assert messages("30 kWh of electricity", "30度电") == []


TRADITIONAL = [
    ("萬", "7.5 million residents", "750萬居民", "570萬居民"),
    ("億", "1.5 billion people", "十五億人", "十五萬人"),
    ("萬億", "3 trillion dollars", "三萬億美元", "三億美元"),
    ("兩", "20,000 residents", "兩萬名居民", "兩千名居民"),
    ("點", "0.5 percentage points", "零點五個百分點", "零點二五個百分點"),
    ("世紀", "the 1980s", "二十世紀八十年代", "二十世紀九十年代"),
    ("條", "Article 12", "第十二條", "第十三條"),
    ("款", "Article 7(2)", "第七條第二款", "第七條第三款"),
    ("以後", "after 2030", "2030年以後", "2030年以前"),
    ("兩次", "twice a year", "每年兩次", "每年一次"),
    ("雙邊", "bilateral trade", "雙邊貿易", "三邊貿易"),
    ("屆", "the Twentieth Session", "第二十屆會議", "第二十一屆會議"),
    ("世紀 alone", "the twenty-first century", "二十一世紀", "二十世紀"),
]


@pytest.mark.parametrize("name, en, zh, slip", TRADITIONAL, ids=[c[0] for c in TRADITIONAL])
def test_traditional_convention(name, en, zh, slip):
    readers = ("english", "chinese-traditional")
    assert messages(en, zh, readers) == []
    assert messages(en, slip, readers), slip


def test_the_simplified_reader_does_not_read_traditional_magnitudes():
    assert traditional_chinese_numbers("十五億人") == {"1500000000": 1}
    assert "1500000000" not in chinese_numbers("十五億人")


def test_messages_keep_their_form():
    assert messages("5-7 years", "7至5年") == [
        "the Chinese lacks the range 5–7 from the English",
        "the Chinese has the range 7–5 that the English does not",
    ]
    assert messages("on April 2, 2025", "于2025年2月4日") == [
        "the Chinese lacks the date 2 April from the English",
        "the Chinese has the date 4 February that the English does not",
    ]
    assert messages("the 1980s", "20世纪90年代") == [
        "the Chinese lacks 1980s from the English",
        "the Chinese has 1990s that the English does not",
    ]
    assert messages("a two-thirds majority", "四分之三多数") == [
        "the Chinese lacks 2/3 from the English",
        "the Chinese has 3/4 that the English does not",
    ]
    assert messages("The Board meets twice a year.", "理事会每年举行一次会议。") == [
        "the Chinese lacks twice a year from the English",
        "the Chinese has once a year that the English does not",
    ]
    assert messages("reviewed annually", "每两年审查") == [
        "the Chinese lacks every year from the English",
        "the Chinese has every 2 years that the English does not",
    ]
    assert messages("The Committee met three times.", "委员会举行了两次会议。") == [
        "the Chinese lacks 3 times from the English",
        "the Chinese has twice that the English does not",
    ]
    assert messages("the Second Meeting", "第三次会议") == [
        "the Chinese lacks the 2nd from the English",
        "the Chinese has the 3rd that the English does not",
    ]
    assert messages("the twenty-first century", "二十世纪") == [
        "the Chinese lacks the 21st century from the English",
        "the Chinese has the 20th century that the English does not",
    ]
    assert messages("the two sides", "三方") == [
        "the Chinese lacks 2 parties from the English",
        "the Chinese has 3 parties that the English does not",
    ]
    assert messages("at least US$60 billion", "最多600亿美元") == [
        "the English sets a lower bound ('at least US$60 billion'), the Chinese an upper bound "
        "('最多600亿'): the bound is reversed"
    ]


def test_readers_registry_and_values():
    assert {"english", "chinese-simplified", "chinese-traditional"} <= set(READERS)
    assert (
        READERS["english"]("by 2030, 45% and 1.5 billion")
        == english_numbers("by 2030, 45% and 1.5 billion")
        == {"2030": 1, "45%": 1, "1500000000": 1}
    )
    assert chinese_numbers("一九四八年，百分之四十五，三分之二，十五亿，零点五") == {
        "1948": 1,
        "45%": 1,
        "2/3": 1,
        "1500000000": 1,
        "~0.5": 1,
    }
    assert english_numbers("the twelfth of fifty") == {"~12": 1, "~50": 1}
    # words account for numbers of the other side, but are never reported themselves
    assert unmatched({"12": 1}, {"~12": 1}) == []
    assert unmatched({"~12": 1}, {}) == []
    # a year the other side has counts however often it is repeated
    assert unmatched({"2023": 2}, {"2023": 1}) == []
    assert unmatched({"2023": 1}, {}) == ["2023"]


def test_texts_without_numbers_read_nothing():
    assert READERS["english"].certain("The Parties agreed on the importance of dialogue.") == {}
    assert READERS["chinese-simplified"].certain("各方一致认为对话十分重要。") == {}
    assert READERS["chinese-traditional"].certain("各方一致認為對話十分重要。") == {}
    # both sides are two: a number of sides, compared as words of their kind are
    assert READERS["english"].certain("Both sides agreed.") == {"parties 2": 1}
    assert READERS["chinese-simplified"].certain("双方一致认为。") == {"parties 2": 1}
    assert READERS["chinese-traditional"].certain("雙方一致認為。") == {"parties 2": 1}


def test_context_chooses_the_readers():
    ctx = Context()
    ctx.number_readers = ("english", "chinese-traditional")
    assert list(pair_of(CHECK)(unit("1.5 billion"), unit("十五億"), ctx)) == []
    assert [f.message for f in pair_of(CHECK)(unit("1.5 billion"), unit("十五億"), Context())] == [
        "the Chinese lacks 1500000000 from the English"
    ]


def test_a_chinese_date_in_figures_only_is_read_as_the_date_it_is():
    """2018.3.3 in Chinese text is a date (qa.date-style reports its style), never the
    decimal 2018.3 and a 3."""
    assert messages("the Accord of March 3, 2018", "2018.3.3的协定") == []
    assert messages("the Accord of March 3, 2018", "2018-03-03的协定") == []
    assert messages("the Accord of March 3, 2018", "2018.3.4的协定") == [
        "the Chinese lacks 3 from the English",
        "the Chinese has 4 that the English does not",
    ]


def test_an_english_date_in_figures_only_is_read_as_the_date_it_is():
    """2026-03-02 in English text (a notice's, a table's) is a date, never the years
    2026-2103; 2026/03/02 is no year and a fraction."""
    assert messages("The meeting opens on 2026-03-02.", "会议于2026年3月2日开幕。") == []
    assert messages("The meeting opens on 2026/03/02.", "会议于2026年3月2日开幕。") == []
    assert messages("Filed no later than 2026-03-31.", "不早于2026年3月31日提交。") == [
        "the English sets an upper bound ('no later than March 31, 2026'), the Chinese a lower "
        "bound ('不早于2026年3月31日'): the bound is reversed"
    ]
    assert messages("The meeting opens on 2026-03-02.", "会议于2026年2月3日开幕。") == [
        "the Chinese lacks the date 2 March from the English",
        "the Chinese has the date 3 February that the English does not",
    ]
    assert messages("the 2023-24 season", "2023-24赛季") == []


def test_a_quantity_after_a_slash_is_read():
    """200 MW/800 MWh (a storage plant's power and energy): the figure after the slash is a
    quantity of its own, converted or changed like any other, not a fraction's."""
    assert messages("a 200 MW/800 MWh storage plant", "20万千瓦/80万千瓦时的储能电站") == []
    assert messages("a 200MW/800MWh storage plant", "200MW/800MWh储能电站") == []
    assert messages("a 200 MW/800 MWh storage plant", "20万千瓦/8万千瓦时的储能电站") == [
        "the Chinese lacks 800 from the English",
        "the Chinese has 80000 that the English does not",
    ]
    assert messages("2/3 of the funds", "三分之二的资金") == []
    assert messages("resolution A/RES/70/1", "A/RES/70/1号决议") == []


# Units of 25,000 characters made of what the patterns of the readers, bounds, amounts and
# quantities repeat: digits and separators, magnitudes, currency signs, dates, numerals. Each
# is read in time proportional to its length (a pattern tried again from each digit of a long
# run of figures took minutes on one such unit).
LONG: dict[str, Callable[[float], str]] = {
    "digits and commas": lambda f: "以上" + "1," * int(12_500 * f) + "x",
    "digits and commas before a bound": lambda f: "1," * int(12_500 * f) + "1以上",
    "digits and a decimal point": lambda f: "以上" + "1," * int(12_500 * f) + ".5x",
    "magnitudes": lambda f: "以上" + "1亿万千" * int(6_250 * f),
    "currency signs": lambda f: "以上" + "$1," * int(8_000 * f) + "美",
    "dates": lambda f: "以来" + "2020年1月" * int(3_500 * f),
    "dashes": lambda f: "以上" + "1—" * int(12_500 * f),
    "English words of bounds": lambda f: "at least " + "1," * int(12_500 * f) + " or",
    "English amounts": lambda f: "at least " + "US$1," * int(5_000 * f) + " million",
    "English months": lambda f: "since " + "May 1, " * int(3_500 * f),
    "figures before 分之": lambda f: "分之" + "9" * int(25_000 * f),
    "numerals before 分之": lambda f: "分之" + "一" * int(25_000 * f),
    "numerals before 世纪": lambda f: "世纪" + "一" * int(25_000 * f),
    "numerals of no number": lambda f: "年代" + "一十" * int(12_500 * f),
    "articles": lambda f: "条" + "第1、" * int(8_000 * f),
    # the words of how often, how many times, which one and how many sides
    "English frequencies": lambda f: (
        "every " * int(4_000 * f) + "twice a " * int(1_000 * f) + "year"
    ),
    "English counts": lambda f: (
        "twice " * int(2_500 * f) + "two times " * int(1_000 * f) + "at least once " * int(500 * f)
    ),
    "English ordinals": lambda f: (
        "the first " * int(2_500 * f) + "twenty-first " * int(1_000 * f) + "century"
    ),
    "English sides": lambda f: "the two " * int(4_000 * f) + "both " * int(1_000 * f) + "sides",
    "English fractions": lambda f: "one third " * int(2_500 * f) + "half " * int(2_500 * f) + "of",
    "English spaces": lambda f: (
        "twice" + " " * int(12_500 * f) + "a year, the first" + " -" * int(6_000 * f) + "meeting"
    ),
    "每": lambda f: "每" * int(25_000 * f),
    "每 and a period": lambda f: "每两" * int(12_500 * f) + "年",
    "每年 and a count": lambda f: "每年举" * int(8_000 * f) + "两次",
    "periods and counts": lambda f: "一年" * int(12_500 * f) + "两次",
    "numerals before 次": lambda f: "一" * int(25_000 * f) + "次",
    "第 and numerals": lambda f: "第一" * int(12_500 * f) + "次",
    "首": lambda f: "首" * int(25_000 * f) + "次",
    "sides": lambda f: "两国" * int(6_000 * f) + "两" * int(12_500 * f) + "方",
    "centuries": lambda f: "二十一" * int(8_000 * f) + "世纪",
}


@pytest.mark.parametrize("make", LONG.values(), ids=LONG.keys())
def test_a_long_unit_is_read_in_linear_time(make):
    def read(size: float) -> None:
        text = make(size)
        messages("at least US$5 and 5 MW or more", text)  # as the Chinese
        messages(text, "至少5美元，5兆瓦以上")  # as the English
        for reader in READERS.values():
            reader(text)

    grows_in_proportion(read, within=1)


FIGURES = "9" * 5_000  # more figures than Python converts to an int or back (4,300)
HUGE = {
    "a number": FIGURES,
    "a number with commas": FIGURES + ",000",
    "a fraction": FIGURES + "/" + FIGURES,
    "an article": f"Article {FIGURES}({FIGURES})",
    "a paragraph of an article": f"paragraph {FIGURES} of Article {FIGURES}",
    "a share": f"{FIGURES} in {FIGURES}",
    "a Chinese article": f"第{FIGURES}条第{FIGURES}款",
    "a Chinese fraction": f"{FIGURES}分之{FIGURES}",
    "a Chinese numeral": "一亿" * 700 + "年",
    "a magnitude": FIGURES + "亿",
}


@pytest.mark.parametrize("text", HUGE.values(), ids=HUGE.keys())
def test_a_number_of_thousands_of_figures_is_read_as_written(text):
    """Read, compared and reported like any number, never converted to a Python int."""
    for name, reader in READERS.items():
        assert reader(text) is not None, name
        assert reader.certain(text) is not None, name
    assert isinstance(messages(text, text), list)
    assert messages(FIGURES, FIGURES + "8") == [
        f"the Chinese lacks {FIGURES} from the English",
        f"the Chinese has {FIGURES}8 that the English does not",
    ]
