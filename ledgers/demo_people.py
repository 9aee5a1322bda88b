"""Demo people: 1,000 households, 3,000 residents, their special ledgers, businesses, places."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.apps import apps
from faker import Faker
from simple_history.utils import bulk_create_with_history

from ledgers.codes import InflowReason, RelationToHead
from ledgers.identifiers import (
    CREDIT_ALPHABET,
    CREDIT_WEIGHTS,
    ID_CHECK_CHARS,
    ID_WEIGHTS,
    is_minority,
)
from ledgers.models import (
    Business,
    BusinessKind,
    Community,
    FloatingRecord,
    Grid,
    Household,
    OverseasTie,
    OverseasTieKind,
    PermitType,
    Place,
    PlaceKind,
    ResidenceType,
    Resident,
    ResidentStatus,
    StrataMembership,
    StudyAbroad,
    Tag,
)

T = TypeVar("T")

# Every date is counted back from this day (not from today), so that the demo is the same
# whenever and wherever it is seeded.
REFERENCE_DATE = date(2026, 9, 30)

HEAD, SPOUSE = RelationToHead.HEAD.value, RelationToHead.SPOUSE.value
SON, DAUGHTER = RelationToHead.SON.value, RelationToHead.DAUGHTER.value
FATHER, MOTHER = RelationToHead.FATHER.value, RelationToHead.MOTHER.value
MALE, FEMALE = "1", "2"
HAN, HUI, ZANG, UYGUR, MONGOL = "01", "03", "04", "05", "02"
MAN, DONGXIANG, TU, SALAR = "11", "26", "30", "35"
ISLAM, BUDDHISM = "3", "1"


@dataclass(frozen=True)
class Region:
    code: str  # the 6-digit address code that starts an ID number issued there
    name: str  # as written for 户籍地
    short: str  # as written for 籍贯


def _regions(*rows: tuple[str, str, str]) -> dict[str, Region]:
    return {code: Region(code, name, short) for code, name, short in rows}


LOCAL = Region("620202", "甘肃省嘉峪关市", "甘肃嘉峪关")
REGIONS = _regions(
    (LOCAL.code, LOCAL.name, LOCAL.short),
    ("620102", "甘肃省兰州市城关区", "甘肃兰州"),
    ("620502", "甘肃省天水市秦州区", "甘肃天水"),
    ("620602", "甘肃省武威市凉州区", "甘肃武威"),
    ("620902", "甘肃省酒泉市肃州区", "甘肃酒泉"),
    ("620923", "甘肃省酒泉市肃北蒙古族自治县", "甘肃肃北"),
    ("620924", "甘肃省酒泉市阿克塞哈萨克族自治县", "甘肃阿克塞"),
    ("620721", "甘肃省张掖市肃南裕固族自治县", "甘肃肃南"),
    ("622901", "甘肃省临夏回族自治州临夏市", "甘肃临夏"),
    ("622926", "甘肃省临夏回族自治州东乡族自治县", "甘肃东乡"),
    ("622927", "甘肃省临夏回族自治州积石山保安族东乡族撒拉族自治县", "甘肃积石山"),
    ("623001", "甘肃省甘南藏族自治州合作市", "甘肃合作"),
    ("640104", "宁夏回族自治区银川市兴庆区", "宁夏银川"),
    ("640302", "宁夏回族自治区吴忠市利通区", "宁夏吴忠"),
    ("630104", "青海省西宁市城西区", "青海西宁"),
    ("632126", "青海省海东市互助土族自治县", "青海互助"),  # an older code, still on real cards
    ("632128", "青海省海东市循化撒拉族自治县", "青海循化"),  # likewise
    ("632321", "青海省黄南藏族自治州同仁县", "青海同仁"),
    ("540102", "西藏自治区拉萨市城关区", "西藏拉萨"),
    ("513229", "四川省阿坝藏族羌族自治州马尔康市", "四川马尔康"),
    ("650102", "新疆维吾尔自治区乌鲁木齐市天山区", "新疆乌鲁木齐"),
    ("653101", "新疆维吾尔自治区喀什地区喀什市", "新疆喀什"),
    ("150102", "内蒙古自治区呼和浩特市新城区", "内蒙古呼和浩特"),
    ("152502", "内蒙古自治区锡林郭勒盟锡林浩特市", "内蒙古锡林浩特"),
    ("210102", "辽宁省沈阳市和平区", "辽宁沈阳"),
    ("130802", "河北省承德市双桥区", "河北承德"),
    ("222401", "吉林省延边朝鲜族自治州延吉市", "吉林延吉"),
    ("450102", "广西壮族自治区南宁市兴宁区", "广西南宁"),
    ("433101", "湖南省湘西土家族苗族自治州吉首市", "湖南吉首"),
    ("610113", "陕西省西安市雁塔区", "陕西西安"),
    ("410102", "河南省郑州市中原区", "河南郑州"),
    ("411302", "河南省南阳市宛城区", "河南南阳"),
    ("510104", "四川省成都市锦江区", "四川成都"),
    ("500103", "重庆市渝中区", "重庆"),
    ("370102", "山东省济南市历下区", "山东济南"),
    ("430102", "湖南省长沙市芙蓉区", "湖南长沙"),
)

# Where people of each ethnicity were born: (registered here, floating).
Weighted = list[tuple[str, int]]
BIRTHPLACES: dict[str, tuple[Weighted, Weighted]] = {
    HAN: (
        [(LOCAL.code, 70), ("620102", 6), ("620502", 6), ("620602", 8), ("620902", 10)],
        [
            ("620502", 4),
            ("620602", 4),
            ("610113", 3),
            ("410102", 3),
            ("411302", 2),
            ("510104", 2),
            ("500103", 1),
            ("370102", 1),
            ("430102", 1),
        ],
    ),
    HUI: (
        [(LOCAL.code, 65), ("622901", 20), ("620102", 10), ("640104", 5)],
        [("622901", 5), ("640104", 3), ("640302", 3), ("630104", 2), ("410102", 1)],
    ),
    ZANG: (
        [(LOCAL.code, 40), ("623001", 40), ("632321", 10), ("540102", 10)],
        [("623001", 3), ("632321", 2), ("540102", 1), ("513229", 1)],
    ),
    UYGUR: ([(LOCAL.code, 30), ("650102", 70)], [("650102", 1), ("653101", 2)]),
    MONGOL: (
        [(LOCAL.code, 40), ("620923", 40), ("150102", 20)],
        [("150102", 1), ("152502", 1), ("620923", 1)],
    ),
    MAN: ([(LOCAL.code, 60), ("210102", 25), ("130802", 15)], [("210102", 1), ("130802", 1)]),
    DONGXIANG: ([(LOCAL.code, 50), ("622926", 50)], [("622926", 3), ("622927", 1)]),
    TU: ([(LOCAL.code, 50), ("632126", 50)], [("632126", 1)]),
    SALAR: ([(LOCAL.code, 40), ("632128", 60)], [("632128", 2), ("622927", 1)]),
    "47": ([("622927", 1)], [("622927", 1)]),  # 保安族
    "48": ([("620721", 1)], [("620721", 1)]),  # 裕固族
    "17": ([("620924", 1)], [("620924", 1)]),  # 哈萨克族
    "08": ([("450102", 1)], [("450102", 1)]),  # 壮族
    "10": ([("222401", 1)], [("222401", 1)]),  # 朝鲜族
    "15": ([("433101", 1)], [("433101", 1)]),  # 土家族
}

# The ethnicity of minority household heads, as shares; most of the city's minority people are 回族.
MINORITY_MIX: Weighted = [
    (HUI, 60), (ZANG, 9), (DONGXIANG, 7), (UYGUR, 5), (MONGOL, 4), (MAN, 4), (TU, 3),
    (SALAR, 3), ("47", 1), ("48", 1), ("17", 1), ("08", 1), ("10", 1), ("15", 1),
]  # fmt: skip

# Share of households that came from elsewhere (流动人口), by the head's ethnicity.
FLOATING_SHARE = {HAN: 0.065, HUI: 0.09, UYGUR: 0.6, SALAR: 0.4, DONGXIANG: 0.2, ZANG: 0.12}

# Religion recorded for adults: (code, probability) by ethnicity; everyone else has none recorded.
RELIGION_SHARE = {
    HUI: (ISLAM, 0.75),
    DONGXIANG: (ISLAM, 0.75),
    SALAR: (ISLAM, 0.75),
    UYGUR: (ISLAM, 0.7),
    "47": (ISLAM, 0.7),
    "17": (ISLAM, 0.6),
    ZANG: (BUDDHISM, 0.6),
    TU: (BUDDHISM, 0.3),
    MONGOL: (BUDDHISM, 0.25),
    "48": (BUDDHISM, 0.3),
    HAN: (BUDDHISM, 0.02),
}

SURNAMES: dict[str, Weighted] = {
    HUI: [("马", 40), ("丁", 6), ("白", 6), ("杨", 6), ("沙", 4), ("哈", 4), ("穆", 3),
          ("冶", 3), ("喇", 2), ("韩", 4), ("海", 2), ("金", 3), ("苏", 3), ("李", 4), ("王", 4)],
    DONGXIANG: [("马", 6), ("妥", 3), ("汪", 2), ("唐", 2), ("何", 1)],
    SALAR: [("韩", 5), ("马", 4), ("沈", 1)],
    TU: [("李", 4), ("祁", 3), ("鲁", 2), ("吕", 2), ("星", 1)],
    MAN: [("关", 4), ("佟", 3), ("那", 2), ("赵", 2), ("富", 1), ("金", 2)],
    MONGOL: [("包", 4), ("白", 3), ("韩", 2), ("鲍", 2)],
    "47": [("马", 3), ("妥", 1)],
    "48": [("安", 2), ("杜", 1), ("贺", 1)],
}  # fmt: skip
TIBETAN_MALE = [
    "扎西",
    "多吉",
    "才让",
    "旦增",
    "次仁",
    "尼玛",
    "贡布",
    "索南",
    "洛桑",
    "桑杰",
    "嘉措",
]
TIBETAN_FEMALE = ["卓玛", "拉姆", "央金", "德吉", "措姆", "曲珍", "白玛", "达娃", "格桑", "拉毛"]
UYGHUR_MALE = ["买买提", "艾力", "吐尔逊", "热合曼", "亚森", "艾尔肯", "阿不都", "努尔", "依明"]
UYGHUR_FEMALE = ["阿依古丽", "古丽娜尔", "热依拉", "帕提古丽", "米娜瓦尔", "努尔古丽", "再努尔"]
MONGOLIAN = {
    MALE: ["巴特尔", "额尔敦", "巴图", "朝鲁", "孟和", "苏和"],
    FEMALE: ["其其格", "斯琴", "乌兰", "苏日娜", "萨仁", "托娅"],
}

# Occupation and employer of working-age adults (employer "" = none, "*" = a made-up company).
OCCUPATIONS: list[tuple[str, str, int]] = [
    ("公司职员", "*", 18), ("工人", "*", 12), ("个体经营", "", 10), ("教师", "市第三中学", 4),
    ("医生", "市第一人民医院", 2), ("护士", "市第一人民医院", 2), ("公务员", "区人民政府", 3),
    ("司机", "市公交公司", 4), ("厨师", "", 4), ("保安", "*", 3), ("快递员", "顺丰速运", 2),
    ("外卖骑手", "", 2), ("环卫工人", "市环境卫生管理处", 2), ("销售", "*", 6),
    ("自由职业", "", 3), ("务工", "", 6), ("无业", "", 6), ("家务", "", 5),
]  # fmt: skip
FLOATING_OCCUPATIONS: list[tuple[str, str, int]] = [
    ("务工", "", 30), ("个体经营", "", 25), ("厨师", "", 12), ("销售", "*", 8),
    ("外卖骑手", "", 8), ("快递员", "顺丰速运", 5), ("保安", "*", 4), ("家务", "", 8),
]  # fmt: skip

# Education of adults by birth cohort (GB/T 4658 codes).
EDUCATION_BY_COHORT: list[tuple[int, Weighted]] = [
    (1985, [("10", 5), ("20", 30), ("30", 25), ("40", 10), ("60", 15), ("70", 15)]),
    (1965, [("10", 2), ("20", 15), ("30", 18), ("40", 10), ("50", 5), ("60", 20), ("70", 25),
            ("80", 5)]),
    (1900, [("20", 5), ("30", 7), ("40", 5), ("60", 18), ("70", 30), ("80", 25), ("90", 10)]),
]  # fmt: skip

LANDLORD_TOWNS = ["城关镇", "新城镇", "河西乡", "东关街道", "南关街道", "北塬乡", "川口镇"]


@dataclass(frozen=True)
class CommunityPlan:
    name: str
    prefix: str  # of household numbers, as of the grids
    households: int
    minority_share: float  # of household heads
    streets: tuple[str, ...]  # roads with apartment compounds
    lanes: tuple[str, ...]  # lanes of courtyard houses (平房)


PLANS = (
    CommunityPlan(
        "庙川社区", "MC", 420, 0.30, ("庙川路", "新华北路", "庙川东路"), ("清真寺巷", "庙川西巷")
    ),
    CommunityPlan("北环路社区", "BH", 330, 0.13, ("北环路", "文化街", "团结路"), ("团结巷",)),
    CommunityPlan("站院巷社区", "ZY", 250, 0.12, ("站前街", "铁路新村"), ("站院巷",)),
)  # fmt: skip


@dataclass(frozen=True)
class Address:
    street: str
    number: int
    building: str = ""
    unit: str = ""
    room: str = ""

    @property
    def street_number(self) -> str:
        return f"{self.street}{self.number}号"

    def __str__(self) -> str:
        if not self.building:
            return self.street_number
        return f"{self.street_number}{self.building}栋{self.unit}单元{self.room}"


@dataclass
class Member:
    """A resident being planned, before it becomes a `Resident` row."""

    relation: str
    gender: str
    birth: date
    ethnicity: str
    surname: str
    given: str
    name: str
    birthplace: Region
    marital: str = ""
    status: str = ResidentStatus.ACTIVE
    status_date: date | None = None
    status_reason: str = ""
    occupation: str = ""
    employer: str = ""
    abroad: str = ""  # current address abroad, for students abroad
    arrived: date | None = None  # for floating residents: when they came
    tags: set[str] = field(default_factory=set)
    resident: Resident | None = None

    @property
    def age(self) -> int:
        born = self.birth
        before = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
        return REFERENCE_DATE.year - born.year - before


@dataclass
class Family:
    plan: CommunityPlan
    address: Address
    floating: bool
    members: list[Member]
    origin: Region
    arrived: date | None = None
    housing_type: str = "01"
    landlord: tuple[str, str] = ("", "")
    hardship: bool = False
    household: Household | None = None

    @property
    def head(self) -> Member:
        return self.members[0]


def id_check_char(body: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def credit_check_char(body: str) -> str:
    """GB 32100-2015 check character (MOD 31-3) of the first 17 characters."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


STUDY_PLACES = [
    ("埃及", "爱资哈尔大学", 3), ("马来西亚", "马来亚大学", 2), ("英国", "曼彻斯特大学", 2),
    ("俄罗斯", "莫斯科国立大学", 2), ("日本", "早稻田大学", 1), ("澳大利亚", "悉尼大学", 1),
    ("哈萨克斯坦", "阿里-法拉比哈萨克国立大学", 1), ("德国", "慕尼黑工业大学", 1),
    ("新加坡", "南洋理工大学", 1), ("美国", "密歇根大学", 1),
]  # fmt: skip
STRATA_ROLES = {
    "1": [("技术总监", "*"), ("总经理", "*"), ("部门经理", "*"), ("工程师", "*")],
    "2": [("律师", "正义律师事务所"), ("会计师", "同信会计师事务所"), ("社工", "阳光社工服务中心")],
    "3": [("自由撰稿人", ""), ("平面设计师", ""), ("摄影师", ""), ("家庭教师", "")],
    "4": [("短视频创作者", ""), ("网络主播", ""), ("自媒体作者", "")],
}  # fmt: skip

BUSINESSES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # name, kind, industry, ethnicities of the operator (empty: anyone)
    ("马记清真牛肉面馆", "individual", "餐饮业", (HUI,)),
    ("兰州牛肉面（庙川路店）", "individual", "餐饮业", (HUI,)),
    ("伊兰清真拉面馆", "individual", "餐饮业", (HUI, SALAR)),
    ("穆斯林清真食品店", "individual", "零售业", (HUI,)),
    ("回味清真糕点铺", "individual", "餐饮业", (HUI,)),
    ("丁家清真羊肉馆", "individual", "餐饮业", (HUI,)),
    ("撒拉人家特色餐厅", "individual", "餐饮业", (SALAR,)),
    ("东乡手抓羊肉馆", "individual", "餐饮业", (DONGXIANG,)),
    ("阿依古丽民族服饰店", "individual", "零售业", (UYGUR,)),
    ("艾力新疆大盘鸡", "individual", "餐饮业", (UYGUR,)),
    ("扎西藏式甜茶馆", "individual", "餐饮业", (ZANG,)),
    ("格桑花民族服饰店", "individual", "零售业", (ZANG,)),
    ("清真寺巷民族用品商店", "individual", "零售业", (HUI, DONGXIANG)),
    ("草原奶茶店", "individual", "餐饮业", (MONGOL,)),
    ("便民超市", "individual", "零售业", ()),
    ("鑫源五金店", "individual", "零售业", ()),
    ("美佳理发店", "individual", "居民服务业", ()),
    ("老王修车铺", "individual", "居民服务业", ()),
    ("家和水果店", "individual", "零售业", ()),
    ("红星烟酒店", "individual", "零售业", ()),
    ("晨光文具店", "individual", "零售业", ()),
    ("顺心家政服务部", "individual", "居民服务业", ()),
    ("丽人美容美发", "individual", "居民服务业", ()),
    ("永兴粮油店", "individual", "零售业", ()),
    ("小李手机维修", "individual", "居民服务业", ()),
    ("幸福洗衣店", "individual", "居民服务业", ()),
    ("巧手裁缝铺", "individual", "居民服务业", ()),
    ("老张馒头坊", "individual", "餐饮业", ()),
    ("平价蔬菜店", "individual", "零售业", ()),
    ("好运来彩票站", "individual", "零售业", ()),
    ("阳光早餐店", "individual", "餐饮业", ()),
    ("站前快捷宾馆", "individual", "住宿业", ()),
    ("同心商贸有限公司", "enterprise", "批发业", ()),
    ("庙川物业管理有限公司", "enterprise", "物业管理", ()),
    ("康宁大药房有限公司", "enterprise", "零售业", ()),
    ("丝路清真食品有限公司", "enterprise", "食品制造业", (HUI,)),
    ("站院物流有限公司", "enterprise", "道路货物运输", ()),
    ("北环建筑装饰工程有限公司", "enterprise", "建筑装饰业", ()),
    ("庙川社区志愿者协会", "social", "社会组织", ()),
    ("北环路社区居家养老服务中心", "social", "社会组织", ()),
]

# Words in a business's name that place it in a community.
NAMED_PLACES = {
    "庙川": "庙川社区",
    "清真寺巷": "庙川社区",
    "北环": "北环路社区",
    "站": "站院巷社区",
}

TAG_NAMES = ("低保对象", "残疾人", "高龄老人", "退役军人")

OVERSEAS = [
    (OverseasTieKind.RETURNED, "印度尼西亚", "1960年代归国，安置在本市工作", 60),
    (OverseasTieKind.RETURNED, "马来西亚", "归国后在本市定居", 60),
    (OverseasTieKind.RELATIVE, "马来西亚", "其兄在马来西亚定居", 30),
    (OverseasTieKind.RELATIVE, "沙特阿拉伯", "其子在沙特阿拉伯定居经商", 30),
    (OverseasTieKind.RELATIVE, "美国", "其女在美国定居", 25),
    (OverseasTieKind.RELATIVE, "加拿大", "其姐在加拿大定居", 25),
    (OverseasTieKind.RELATIVE, "新加坡", "其弟在新加坡定居", 25),
    (OverseasTieKind.HK_MACAO, "香港", "其兄为香港居民", 25),
    (OverseasTieKind.HK_MACAO, "澳门", "其女为澳门居民", 25),
    (OverseasTieKind.TAIWAN, "台湾", "其叔父为台湾居民", 40),
]

PLACES: list[dict[str, Any]] = [
    {"community": "庙川社区", "name": "清真寺", "kind": PlaceKind.RELIGIOUS, "religion": ISLAM,
     "registration_number": "甘宗场证字（2005）第0031号", "address": "清真寺巷1号",
     "year_built": 1373, "notes": "始建于明洪武六年"},
    {"community": "北环路社区", "name": "北环路清真寺", "kind": PlaceKind.RELIGIOUS,
     "religion": ISLAM, "registration_number": "甘宗场证字（2005）第0047号",
     "address": "团结巷8号", "year_built": 1986, "notes": "1986年在原址重建"},
    {"community": "站院巷社区", "name": "普济寺", "kind": PlaceKind.RELIGIOUS,
     "religion": BUDDHISM, "registration_number": "甘宗场证字（2006）第0102号",
     "address": "站院巷66号", "year_built": 1921, "notes": "1999年修缮大殿"},
    {"community": "庙川社区", "name": "少数民族聚居点（清真寺巷）", "kind": PlaceKind.GATHERING,
     "address": "清真寺巷", "notes": "回族群众集中居住，约120户"},
    {"community": "站院巷社区", "name": "少数民族聚居点（铁路新村）", "kind": PlaceKind.GATHERING,
     "address": "铁路新村", "notes": "藏族、东乡族群众较集中"},
    {"community": "庙川社区", "name": "民族团结文化展厅", "kind": PlaceKind.CULTURAL,
     "address": "庙川路18号社区党群服务中心二楼", "year_built": 2021},
    {"community": "北环路社区", "name": "新时代文明实践广场", "kind": PlaceKind.CULTURAL,
     "address": "北环路与文化街交叉口", "year_built": 2020},
    {"community": "站院巷社区", "name": "民族团结活动室", "kind": PlaceKind.CULTURAL,
     "address": "站前街20号社区服务站", "year_built": 2019},
    {"community": "庙川社区", "name": "庙川小学", "kind": PlaceKind.SCHOOL,
     "address": "庙川东路30号", "year_built": 1958},
    {"community": "北环路社区", "name": "北环路农贸市场", "kind": PlaceKind.MARKET,
     "address": "北环路96号", "year_built": 2003, "notes": "设清真食品专区"},
    {"community": "庙川社区", "name": "庙川社区党群服务中心", "kind": PlaceKind.OTHER,
     "address": "庙川路18号", "year_built": 2016},
    {"community": "站院巷社区", "name": "站前幼儿园", "kind": PlaceKind.SCHOOL,
     "address": "站前街42号", "year_built": 1995},
]  # fmt: skip


@dataclass
class _Planned:
    member: Member
    family: Family
    values: dict[str, Any]
    model: type[Any]

    def build(self) -> Any:
        return self.model(resident=self.member.resident, **self.values)


@dataclass
class _PlannedBusiness:
    row: Business
    operator_member: Member | None


def _active_adults(families: list[Family], low: int, high: int) -> list[tuple[Family, Member]]:
    return [
        (f, m)
        for f in families
        for m in f.members
        if m.status == ResidentStatus.ACTIVE and low <= m.age <= high and not m.abroad
    ]


class _Seeder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.credit_codes: set[str] = set()
        self.permit_serial = 0
        self.household_names: set[str] = set()

    # --- small helpers ---------------------------------------------------------------------

    def pick(self, weighted: Sequence[tuple[T, int]]) -> T:
        values = [value for value, _ in weighted]
        weights = [weight for _, weight in weighted]
        return self.rng.choices(values, weights)[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def born(self, age: int) -> date:
        """A birth date that makes someone `age` years old on the reference date."""
        latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
        return latest - timedelta(days=self.rng.randint(1, 364))

    def days_ago(self, low: int, high: int) -> date:
        return REFERENCE_DATE - timedelta(days=self.rng.randint(low, high))

    def phone(self) -> str:
        while True:
            number = f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999_999_999):09d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def citizen_id(self, region: Region, birth: date, gender: str) -> str:
        """A valid, unused 18-character ID number; the 17th digit is odd for men."""
        while True:
            order = self.rng.randrange(0, 500) * 2 + (1 if gender == MALE else 0)
            body = f"{region.code}{birth:%Y%m%d}{order:03d}"
            number = body + id_check_char(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def credit_code(self, authority: str) -> str:
        """A valid unified social credit code registered here (authority "92", "91", "51" …)."""
        while True:
            serial = "".join(self.rng.choice(CREDIT_ALPHABET) for _ in range(7))
            body = f"{authority}{LOCAL.code}MA{serial}"
            code = body + credit_check_char(body)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def name(
        self, ethnicity: str, gender: str, surname: str | None = None, father: str = ""
    ) -> tuple[str, str, str]:
        """(family name, given name, full name) as people of this ethnicity are named."""
        if ethnicity == ZANG:
            first = self.rng.choice(TIBETAN_MALE if gender == MALE else TIBETAN_FEMALE)
            second = self.rng.choice(
                TIBETAN_MALE + TIBETAN_FEMALE if gender == MALE else TIBETAN_FEMALE
            )
            given = first + second if first != second else first
            return "", given, given
        if ethnicity == UYGUR:
            given = self.rng.choice(UYGHUR_MALE if gender == MALE else UYGHUR_FEMALE)
            # The second part is the father's given name.
            return "", given, f"{given}·{father or self.rng.choice(UYGHUR_MALE)}"
        if ethnicity == MONGOL and surname is None and self.chance(0.4):
            given = self.rng.choice(MONGOLIAN[gender])
            return "", given, given
        if surname is None:
            surname = self.pick(SURNAMES[ethnicity]) if ethnicity in SURNAMES else ""
            surname = surname or self.fake.last_name()
        given = self.fake.first_name_male() if gender == MALE else self.fake.first_name_female()
        return surname, given, surname + given

    def person(
        self,
        relation: str,
        gender: str,
        age: int,
        ethnicity: str,
        birthplace: Region,
        surname: str | None = None,
        father: str = "",
    ) -> Member:
        for _ in range(20):  # nobody shares a name with someone in their own household
            family_name, given, full = self.name(ethnicity, gender, surname, father)
            if full not in self.household_names:
                break
        self.household_names.add(full)
        return Member(
            relation=relation,
            gender=gender,
            birth=self.born(age),
            ethnicity=ethnicity,
            surname=family_name,
            given=given,
            name=full,
            birthplace=birthplace,
        )

    def birthplace(self, ethnicity: str, floating: bool) -> Region:
        registered, elsewhere = BIRTHPLACES.get(ethnicity, BIRTHPLACES[HAN])
        return REGIONS[self.pick(elsewhere if floating else registered)]

    # --- households --------------------------------------------------------------------------

    def addresses(self, plan: CommunityPlan) -> list[Address]:
        """`plan.households` distinct addresses, in the order the community numbers them."""
        slots: list[Address] = []
        for street in plan.streets:
            for number in sorted(self.rng.sample(range(2, 120, 2), 4)):
                floors = self.rng.choice([5, 6, 6, 7, 11, 18])
                for building in range(1, self.rng.randint(3, 8) + 1):
                    for unit in range(1, self.rng.randint(2, 3) + 1):
                        for floor in range(1, floors + 1):
                            for door in (1, 2):
                                room = f"{floor}{door:02d}"
                                slots.append(
                                    Address(street, number, str(building), str(unit), room)
                                )
        lanes = [Address(lane, number) for lane in plan.lanes for number in range(1, 90)]
        courtyards = min(len(lanes), plan.households * 15 // 100)
        chosen = self.rng.sample(lanes, courtyards)
        chosen += self.rng.sample(slots, plan.households - courtyards)
        order = {street: i for i, street in enumerate(plan.streets + plan.lanes)}
        return sorted(
            chosen,
            key=lambda a: (order[a.street], a.number, int(a.building or 0), int(a.unit or 0),
                           int(a.room or 0)),
        )  # fmt: skip

    def family(self, plan: CommunityPlan, address: Address) -> Family:
        rng = self.rng
        self.household_names = set()
        ethnicity = self.pick(MINORITY_MIX) if self.chance(plan.minority_share) else HAN
        floating = self.chance(FLOATING_SHARE.get(ethnicity, 0.1))
        origin = self.birthplace(ethnicity, floating)
        head_gender = MALE if self.chance(0.74) else FEMALE
        band = self.pick([((22, 34), 22), ((35, 59), 50), ((60, 79), 22), ((80, 93), 6)])
        head_age = rng.randint(*band)
        if floating:  # people who come for work are younger
            head_age = rng.randint(22, 55)
        head = self.person(HEAD, head_gender, head_age, ethnicity, origin)
        members = [head]

        spouse_chance = 0.3 if head_age < 25 else 0.75 if head_age < 35 else 0.88
        spouse_chance = 0.65 if head_age >= 65 else spouse_chance
        spouse_chance = 0.35 if head_age >= 80 else spouse_chance
        spouse: Member | None = None
        if self.chance(spouse_chance):
            other = ethnicity
            if self.chance(0.07):  # a mixed marriage
                other = HAN if ethnicity != HAN else self.pick(MINORITY_MIX)
            gap = rng.randint(-2, 5) if head_gender == MALE else rng.randint(-5, 2)
            spouse_age = max(20, head_age - gap)
            spouse_gender = FEMALE if head_gender == MALE else MALE
            place = origin if self.chance(0.6) else self.birthplace(other, floating)
            spouse = self.person(SPOUSE, spouse_gender, spouse_age, other, place)
            head.marital = spouse.marital = self.pick([("20", 85), ("21", 10), ("22", 5)])
            members.append(spouse)

        father = head if head_gender == MALE else spouse if spouse else head
        mother = head if head_gender == FEMALE else spouse if spouse else None
        children = self.children(head_age, is_minority(ethnicity))
        mother_age = mother.age if mother else head_age
        child_age = mother_age - rng.randint(21, 30)
        for _ in range(children):
            if child_age < 0 or child_age > (45 if head_age >= 75 else 35):
                break
            child_gender = MALE if self.chance(0.52) else FEMALE
            child_eth = father.ethnicity
            if mother and mother.ethnicity != father.ethnicity and self.chance(0.3):
                child_eth = mother.ethnicity
            place = LOCAL if not floating and self.chance(0.9) else origin
            relation = SON if child_gender == MALE else DAUGHTER
            surname = father.surname or (mother.surname if mother else "") or None
            if child_eth != father.ethnicity and child_eth in (ZANG, UYGUR):
                surname = None
            patronymic = father.given if father.ethnicity == UYGUR else ""
            child = self.person(
                relation, child_gender, child_age, child_eth, place, surname, patronymic
            )
            child.marital = "10"
            if child_age > 30 and self.chance(0.4):
                child.marital = "40"
            members.append(child)
            child_age -= rng.randint(1, 5)

        if not spouse:
            if head_age < 30 and children == 0:
                head.marital = "10"
            elif head_age >= 55:
                head.marital = self.pick([("30", 70), ("40", 20), ("10", 10)])
            else:
                head.marital = self.pick([("40", 60), ("10", 25), ("30", 15)])
            if len(members) > 1 and head.marital == "10":
                head.marital = "40"

        if 28 <= head_age <= 62 and self.chance(0.3):
            parents = []
            father_age = head_age + rng.randint(23, 34)
            mother_age = father_age - rng.randint(0, 5)
            surname = head.surname or None
            if father_age <= 92 and self.chance(0.6):
                parents.append(self.person(FATHER, MALE, father_age, ethnicity, origin, surname))
            if mother_age <= 95 and (not parents or self.chance(0.8)):
                parents.append(self.person(MOTHER, FEMALE, mother_age, ethnicity, origin))
            for parent in parents:
                parent.marital = "20" if len(parents) == 2 else "30"
            members.extend(parents)

        family = Family(plan, address, floating, members, origin)
        if floating:
            family.arrived = self.days_ago(90, 8 * 365)
            for member in members:
                member.arrived = max(family.arrived, member.birth)
                if member.relation in (FATHER, MOTHER):  # parents often join later
                    member.arrived = max(member.arrived, self.days_ago(60, 3 * 365))
            family.housing_type = self.pick([("02", 75), ("05", 10), ("01", 10), ("04", 5)])
            if family.housing_type == "02":
                family.landlord = (self.fake.name(), self.phone())
        else:
            family.housing_type = self.pick([("01", 85), ("02", 10), ("05", 5)])
        return family

    def children(self, head_age: int, minority: bool) -> int:
        if head_age < 25:
            return self.pick([(0, 80), (1, 20)])
        if head_age < 35:
            return self.pick([(0, 20), (1, 50), (2, 30)])
        if head_age < 55:
            if minority:
                return self.pick([(0, 6), (1, 28), (2, 42), (3, 24)])
            return self.pick([(0, 8), (1, 42), (2, 38), (3, 12)])
        if head_age < 65:
            return self.pick([(0, 35), (1, 45), (2, 20)])
        return self.pick([(0, 60), (1, 35), (2, 5)])

    # --- attributes that follow from age and ethnicity ---------------------------------------

    def education(self, member: Member) -> str:
        age = member.age
        if age < 7:
            return ""
        for low, high, code in ((7, 12, "80"), (13, 15, "70"), (16, 18, "60")):
            if low <= age <= high:
                return code
        for cohort, weighted in EDUCATION_BY_COHORT:
            if member.birth.year >= cohort:
                return self.pick(weighted)
        return "90"

    def political_status(self, member: Member) -> str:
        age = member.age
        if 14 <= age <= 28 and self.chance(0.35):
            return "03"
        if age >= 18:
            return self.pick([("13", 870), ("01", 110), ("02", 5), ("05", 3), ("07", 3),
                              ("12", 4)])  # fmt: skip
        return "13"

    def occupation(self, member: Member, floating: bool) -> tuple[str, str]:
        age = member.age
        if age < 3:
            return "", ""
        if age < 7:
            return "学龄前儿童", ""
        if age < 19:
            return "学生", ""
        if age < 23 and self.chance(0.7):
            return "大学生", ""
        retired = 60 if member.gender == MALE else 55
        if age >= retired:
            return self.pick([("退休", 70), ("无业", 20), ("家务", 10)]), ""
        occupation, employer, _ = self.rng.choices(
            FLOATING_OCCUPATIONS if floating else OCCUPATIONS,
            [w for *_, w in (FLOATING_OCCUPATIONS if floating else OCCUPATIONS)],
        )[0]
        if employer == "*":
            employer = self.fake.company()
        return occupation, employer

    # --- the whole plan ------------------------------------------------------------------------

    def plan(self) -> list[Family]:
        families: list[Family] = []
        for plan in PLANS:
            families.extend(self.family(plan, address) for address in self.addresses(plan))
        for family in families:
            for member in family.members:
                member.occupation, member.employer = self.occupation(member, family.floating)
        self.mark_status(families)
        for family in self.rng.sample(families, len(families) * 4 // 100):
            family.hardship = True
        return families

    def mark_status(self, families: list[Family]) -> None:
        """A few members moved out or died; heads stay on the register."""
        others = [(f, m) for f in families for m in f.members[1:]]
        elderly = [(f, m) for f, m in others if m.age >= 70]
        for family, member in self.rng.sample(elderly, min(len(elderly), 30)):
            member.status = ResidentStatus.DECEASED
            member.status_date = self.days_ago(30, 5 * 365)
            member.status_reason = self.pick([("病故", 80), ("因病医治无效去世", 15), ("意外", 5)])
            partner = {SPOUSE: HEAD, FATHER: MOTHER, MOTHER: FATHER}.get(member.relation)
            for other in family.members:
                if other.relation == partner and other.marital.startswith("2"):
                    other.marital = "30"
        grown = [
            (f, m)
            for f, m in others
            if m.relation in (SON, DAUGHTER) and m.age >= 19 and not f.floating
        ]
        for _family, member in self.rng.sample(grown, min(len(grown), 40)):
            member.status = ResidentStatus.MOVED_OUT
            member.status_date = self.days_ago(30, 3 * 365)
            member.status_reason = self.pick([
                ("考入大学，户口迁往西安市", 3), ("工作调动，迁往兰州市城关区", 3),
                ("婚后迁往酒泉市肃州区", 3), ("随配偶迁往乌鲁木齐市", 1),
                ("购房迁往本市其他社区", 2),
            ])  # fmt: skip
        # A handful of floating residents went home: their stay here has ended.
        stayed = [
            m
            for f, m in others
            if m.arrived and m.status == ResidentStatus.ACTIVE
            and (REFERENCE_DATE - m.arrived).days > 120
        ]  # fmt: skip
        for member in self.rng.sample(stayed, min(5, len(stayed))):
            assert member.arrived is not None
            member.status = ResidentStatus.MOVED_OUT
            member.status_date = self.days_ago(20, min(400, (REFERENCE_DATE - member.arrived).days))
            member.status_reason = "离开本地，返回原籍"

    def resident(self, family: Family, member: Member, community: Community) -> Resident:
        adult = member.age >= 18
        religion = ""
        if adult and member.ethnicity in RELIGION_SHARE:
            code, share = RELIGION_SHARE[member.ethnicity]
            religion = code if self.chance(share) else ""
        registered = not family.floating
        home = str(family.address)
        hukou_place = LOCAL.name if registered else family.origin.name
        if registered:
            hukou_address = home
        else:
            town = self.rng.choice(LANDLORD_TOWNS)
            hukou_address = f"{town}{self.fake.last_name()}家庄村{self.rng.randint(1, 99)}号"
        return Resident(
            community=community,
            grid=family.household.grid if family.household else None,
            id_number=self.citizen_id(member.birthplace, member.birth, member.gender),
            name=member.name,
            gender=member.gender,
            birth_date=member.birth,
            ethnicity=member.ethnicity,
            native_place=member.birthplace.short,
            marital_status=member.marital,
            political_status=self.political_status(member),
            education=self.education(member),
            religion=religion,
            occupation=member.occupation,
            employer=member.employer,
            phone=self.phone() if member.age >= 16 else "",
            hukou_place=hukou_place,
            hukou_address=hukou_address,
            current_address=member.abroad or home,
            lives_at_registration=registered and not member.abroad,
            residence_type=ResidenceType.REGISTERED if registered else ResidenceType.FLOATING,
            status=member.status,
            status_date=member.status_date,
            status_reason=member.status_reason,
            household=family.household,
            relation_to_head=member.relation,
        )

    # --- special ledgers, businesses and places ----------------------------------------------

    def plan_studies(self, families: list[Family]) -> list[_Planned]:
        """About ten young people studying abroad, with a parent as contact at home."""
        candidates = [
            (f, m) for f, m in _active_adults(families, 19, 28) if m.relation in (SON, DAUGHTER)
        ]
        planned = []
        for family, member in self.rng.sample(candidates, min(10, len(candidates))):
            country, institution, _ = self.rng.choices(STUDY_PLACES, [w for *_, w in STUDY_PLACES])[
                0
            ]
            if member.ethnicity == HUI and self.chance(0.5):
                country, institution = "埃及", "爱资哈尔大学"
            start = self.days_ago(60, 4 * 365)
            start = start.replace(month=9, day=self.rng.randint(1, 20))
            member.occupation, member.employer = "留学生", institution
            member.abroad = f"{country}（留学）"
            head = family.head
            values = {
                "country": country,
                "institution": institution,
                "from_date": start,
                "to_date": start.replace(year=start.year + self.rng.choice([2, 4, 4, 5]))
                if self.chance(0.7)
                else None,
                "home_contact": head.name,
                "home_phone": "",  # the head's, once their resident row exists
            }
            planned.append(_Planned(member, family, values, StudyAbroad))
        return planned

    def plan_strata(self, families: list[Family]) -> list[_Planned]:
        """About thirty new-social-strata people: managers, lawyers, freelancers, new media."""
        candidates = [
            (f, m)
            for f, m in _active_adults(families, 25, 58)
            if m.occupation in ("公司职员", "销售", "自由职业", "个体经营", "无业")
        ]
        planned = []
        chosen = self.rng.sample(candidates, min(30, len(candidates)))
        for index, (family, member) in enumerate(chosen):
            categories = self.pick([("1", 35), ("2", 15), ("3", 20), ("4", 10), ("1,4", 8),
                                    ("3,4", 7), ("2,3", 5)])  # fmt: skip
            position, employer = self.rng.choice(STRATA_ROLES[categories[0]])
            employer = self.fake.company() if employer == "*" else employer
            member.occupation, member.employer = position, employer
            other = ""
            if index in (5, 11, 17):
                other = ["区工商联执委", "区青联委员", "市新联会理事"][index // 6]
            values = {
                "categories": categories,
                "employer": employer,
                "position": position,
                "is_npc_deputy": index in (0, 7),
                "is_cppcc_member": index in (1, 8, 14),
                "other_representative": other,
            }
            planned.append(_Planned(member, family, values, StrataMembership))
        return planned

    def plan_businesses(
        self, families: list[Family], communities: dict[str, Community]
    ) -> list[_PlannedBusiness]:
        """Forty businesses; residents run most of them, minority residents the 清真 restaurants."""
        taken: set[int] = set()
        adults = _active_adults(families, 25, 62)
        planned = []
        for index, (name, kind, industry, ethnicities) in enumerate(BUSINESSES):
            # A name that mentions a place (庙川路店, 站前快捷宾馆) puts the business there.
            named = [community for key, community in NAMED_PLACES.items() if key in name]
            default = PLANS[0] if ethnicities else PLANS[index % len(PLANS)]
            community_name = named[0] if named else default.name
            operator: Member | None = None
            if kind != "social" and (kind == "individual" or self.chance(0.5)):
                pool = [
                    (f, m)
                    for f, m in adults
                    if id(m) not in taken
                    and (m.ethnicity in ethnicities if ethnicities else m.ethnicity == HAN)
                ]
                here = [(f, m) for f, m in pool if f.plan.name == community_name]
                pool = here or pool
                if pool and self.chance(0.9 if kind == "individual" else 1):
                    family, operator = self.rng.choice(pool)
                    taken.add(id(operator))
                    community_name = family.plan.name
                    operator.occupation, operator.employer = "个体经营", name
            community = communities[community_name]
            plan = next(p for p in PLANS if p.name == community_name)
            streets = plan.streets + plan.lanes
            street = next((s for s in streets if s in name), self.rng.choice(streets))
            authority = {"individual": "92", "enterprise": "91", "social": "51"}[kind]
            if kind == "social" and "服务中心" in name:
                authority = "52"  # 民办非企业单位
            row = Business(
                community=community,
                name=name,
                kind=BusinessKind(kind),
                credit_code=self.credit_code(authority),
                operator_name="" if operator else self.fake.name(),
                industry=industry,
                address=f"{street}{self.rng.randint(1, 150)}号",
                phone=self.phone(),
                employees=self.rng.randint(1, 6)
                if kind == "individual"
                else self.rng.randint(8, 60),
                minority_run=bool(operator and is_minority(operator.ethnicity)),
            )
            planned.append(_PlannedBusiness(row, operator))
        return planned

    def tag(self, families: list[Family], history: dict[int | None, Any]) -> None:
        """Tag residents (低保对象, 残疾人, 高龄老人, 退役军人), also in their creation entries."""
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAG_NAMES}
        for family in families:
            low_income = family.hardship and self.chance(0.75)
            for member in family.members:
                if member.status != ResidentStatus.ACTIVE:
                    continue
                if low_income or (
                    member.age >= 70 and len(family.members) == 1 and self.chance(0.1)
                ):
                    member.tags.add("低保对象")
                if self.chance(0.01 + member.age / 3000):
                    member.tags.add("残疾人")
                if member.age >= 80:
                    member.tags.add("高龄老人")
                if member.gender == MALE and 30 <= member.age <= 75 and self.chance(0.06):
                    member.tags.add("退役军人")
        through = Resident.tags.through
        rows = [
            through(resident=member.resident, tag=tags[name])
            for family in families
            for member in family.members
            for name in sorted(member.tags)
        ]
        created = through.objects.bulk_create(rows, batch_size=500)
        historical_tags = apps.get_model("ledgers", "HistoricalResident_tags")
        historical_tags.objects.bulk_create(
            [
                historical_tags(
                    history=history[row.resident_id],
                    id=row.pk,
                    resident_id=row.resident_id,
                    tag=row.tag,
                )
                for row in created
            ],
            batch_size=500,
        )

    def create_floating(self, families: list[Family]) -> None:
        """A record for every floating resident; a few permits have expired, a few have left."""
        records = []
        for family in families:
            if not family.floating or family.arrived is None:
                continue
            for member in family.members:
                arrived = member.arrived or family.arrived
                if member.relation == HEAD:
                    reason = self.pick([("01", 45), ("03", 30), ("09", 10), ("04", 5), ("08", 5),
                                        ("99", 5)])  # fmt: skip
                elif member.relation == SPOUSE:
                    reason = self.pick([("05", 30), ("06", 50), ("01", 20)])
                elif member.relation in (FATHER, MOTHER):
                    reason = self.pick([("08", 70), ("07", 30)])
                else:
                    reason = "04" if member.age >= 18 and self.chance(0.5) else "06"
                stay = (REFERENCE_DATE - arrived).days
                permit_type, permit_number, expires = "", "", None
                if member.age >= 16 and stay >= 183 and not self.chance(0.1):
                    permit_type = PermitType.TEMPORARY_PERMIT if self.chance(0.1) else "01"
                    self.permit_serial += 1
                    issued = arrived + timedelta(days=183)
                    permit_number = f"{LOCAL.code}{issued.year}{self.permit_serial:06d}"
                    if stay > 400 and self.chance(0.12):
                        expires = self.days_ago(5, 200)  # expired, after its issue: to renew
                    else:
                        expires = REFERENCE_DATE + timedelta(days=self.rng.randint(90, 540))
                gone = member.status == ResidentStatus.MOVED_OUT
                records.append(
                    FloatingRecord(
                        resident=member.resident,
                        origin=family.origin.name,
                        arrived_on=arrived,
                        inflow_reason=InflowReason(reason),
                        permit_type=permit_type,
                        permit_number=permit_number,
                        permit_expires=expires,
                        domicile_type=family.housing_type,
                        landlord_name=family.landlord[0],
                        landlord_phone=family.landlord[1],
                        left_on=member.status_date if gone else None,
                    )
                )
        _create(FloatingRecord, records)

    def create_overseas_ties(self, families: list[Family]) -> None:
        """About fifteen residents with ties to Chinese abroad (归侨, 侨眷, 港澳台眷属)."""
        ties = []
        taken: set[int] = set()
        for index in range(15):
            kind, country, notes, min_age = OVERSEAS[index % len(OVERSEAS)]
            pool = [
                m for _f, m in _active_adults(families, max(min_age, 70 if index < 2 else 0), 95)
                if id(m) not in taken
            ]  # fmt: skip
            member = self.rng.choice(pool)
            taken.add(id(member))
            ties.append(
                OverseasTie(resident=member.resident, kind=kind, country=country, notes=notes)
            )
        _create(OverseasTie, ties)

    def places(self, communities: dict[str, Community]) -> list[Place]:
        places = []
        for values in PLACES:
            values = dict(values)
            community = communities[values.pop("community")]
            places.append(
                Place(
                    community=community,
                    person_in_charge=self.fake.name(),
                    phone=self.phone(),
                    **values,
                )
            )
        return places


def _grids(community: Community) -> list[Grid]:
    return list(Grid.objects.filter(community=community).order_by("code"))


def _create(model: type[Any], rows: list[Any]) -> list[Any]:
    """Insert the rows with one creation entry each in their history."""
    return list(bulk_create_with_history(rows, model, batch_size=500))


def seed_people(seed: int = 2026) -> None:
    """Households, residents, their ledgers, businesses and places of the demo communities.

    Does nothing once any resident lives in a demo community, so seeding twice changes nothing.
    """
    communities = {c.name: c for c in Community.objects.filter(name__in=[p.name for p in PLANS])}
    if (
        len(communities) < len(PLANS)
        or Resident.objects.filter(community__in=communities.values()).exists()
    ):
        return
    seeder = _Seeder(seed)
    families = seeder.plan()
    students = seeder.plan_studies(families)
    strata = seeder.plan_strata(families)
    businesses = seeder.plan_businesses(families, communities)

    # Households, numbered in address order, spread over the community's grids in that order.
    households: list[Household] = []
    for plan in PLANS:
        community = communities[plan.name]
        grids = _grids(community)
        mine = [f for f in families if f.plan is plan]
        for index, family in enumerate(mine):
            address = family.address
            family.household = Household(
                community=community,
                grid=grids[index * len(grids) // len(mine)] if grids else None,
                number=f"{plan.prefix}-{index + 1:04d}",
                address=address.street_number,  # the page adds building, unit and room
                building=address.building,
                unit=address.unit,
                room=address.room,
                housing_type=family.housing_type,
                hardship=family.hardship,
            )
            households.append(family.household)
    _create(Household, households)

    residents: list[Resident] = []
    for family in families:
        community = communities[family.plan.name]
        for member in family.members:
            member.resident = seeder.resident(family, member, community)
            residents.append(member.resident)
    # Not bulk_create_with_history: the creation entries are needed to record the tags in them.
    Resident.objects.bulk_create(residents, batch_size=500)
    history = Resident.history.bulk_history_create(residents, batch_size=500)  # type: ignore[attr-defined]
    seeder.tag(families, {r.pk: h for r, h in zip(residents, history, strict=True)})

    seeder.create_floating(families)
    _create(StrataMembership, [s.build() for s in strata])
    seeder.create_overseas_ties(families)
    for study in students:
        head = study.family.head.resident
        study.values["home_phone"] = head.phone if head else ""
    _create(StudyAbroad, [s.build() for s in students])
    for business in businesses:
        if business.operator_member is not None:
            business.row.operator = business.operator_member.resident
    _create(Business, [b.row for b in businesses])
    _create(Place, seeder.places(communities))
