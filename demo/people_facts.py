"""The facts the demo people are drawn from: regions and birthplaces, names, occupations,
businesses, places, each community's plan, and the families and addresses the seeder
(demo/people.py) fills in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledgers.codes import RelationToHead
from ledgers.models import (
    Household,
    OverseasTieKind,
    PlaceKind,
    Resident,
    ResidentStatus,
)

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
