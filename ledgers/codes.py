"""National code lists (shared/reference/*.csv): store the code, show the name."""

from django.db import models


class Gender(models.TextChoices):
    """性别 — GB/T 2261.1-2003."""

    UNKNOWN = "0", "未知的性别"
    MALE = "1", "男"
    FEMALE = "2", "女"
    UNSTATED = "9", "未说明的性别"


class Ethnicity(models.TextChoices):
    """民族 — GB/T 3304-1991 (01–56); 97 其他 and 98 外国血统中国籍人士 are in wide use."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    ZANG = "04", "藏族"
    UYGUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BUYEI = "09", "布依族"
    CHOSEN = "10", "朝鲜族"
    MAN = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAK = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KIRGIZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAO = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSS = "44", "俄罗斯族"
    EWENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"
    OTHER = "97", "其他"
    FOREIGN_ORIGIN = "98", "外国血统中国籍人士"


class MaritalStatus(models.TextChoices):
    """婚姻状况 — GB/T 2261.2-2003."""

    UNMARRIED = "10", "未婚"
    MARRIED = "20", "已婚"
    FIRST_MARRIAGE = "21", "初婚"
    REMARRIED = "22", "再婚"
    REMARRIED_SAME_SPOUSE = "23", "复婚"
    WIDOWED = "30", "丧偶"
    DIVORCED = "40", "离婚"
    UNSTATED = "90", "未说明的婚姻状况"


class PoliticalStatus(models.TextChoices):
    """政治面貌 — GB/T 4762-1984 (12 written as offices write it)."""

    CPC_MEMBER = "01", "中国共产党党员"
    CPC_PROBATIONARY = "02", "中国共产党预备党员"
    CYL_MEMBER = "03", "中国共产主义青年团团员"
    RCCK = "04", "中国国民党革命委员会会员"
    CDL = "05", "中国民主同盟盟员"
    CNDCA = "06", "中国民主建国会会员"
    CAPD = "07", "中国民主促进会会员"
    CPWDP = "08", "中国农工民主党党员"
    ZHI_GONG = "09", "中国致公党党员"
    JIUSAN = "10", "九三学社社员"
    TDSGL = "11", "台湾民主自治同盟盟员"
    NON_PARTY = "12", "无党派人士"
    MASSES = "13", "群众"


class Education(models.TextChoices):
    """学历 — GB/T 4658-1984, the coarse levels community ledgers use."""

    POSTGRADUATE = "10", "研究生"
    BACHELOR = "20", "大学本科"
    JUNIOR_COLLEGE = "30", "大学专科"
    SECONDARY_VOCATIONAL = "40", "中专/中技"
    TECHNICAL_SCHOOL = "50", "技工学校"
    HIGH_SCHOOL = "60", "高中"
    JUNIOR_HIGH = "70", "初中"
    PRIMARY = "80", "小学"
    ILLITERATE = "90", "文盲或半文盲"


class RelationToHead(models.TextChoices):
    """与户主关系 — GB/T 4761-2008."""

    SELF = "01", "本人"
    HEAD = "02", "户主"
    SPOUSE = "10", "配偶"
    HUSBAND = "11", "夫"
    WIFE = "12", "妻"
    SON = "20", "子"
    R21 = "21", "独生子"
    R22 = "22", "长子"
    R23 = "23", "次子"
    R24 = "24", "三子"
    R25 = "25", "四子"
    R26 = "26", "五子"
    R27 = "27", "养子或继子"
    R28 = "28", "女婿"
    R29 = "29", "其他儿子"
    DAUGHTER = "30", "女"
    R31 = "31", "独生女"
    R32 = "32", "长女"
    R33 = "33", "次女"
    R34 = "34", "三女"
    R35 = "35", "四女"
    R36 = "36", "五女"
    R37 = "37", "养女或继女"
    R38 = "38", "儿媳"
    R39 = "39", "其他女儿"
    R40 = "40", "孙子女"
    R41 = "41", "孙子"
    R42 = "42", "孙女"
    R43 = "43", "外孙子"
    R44 = "44", "外孙女"
    R45 = "45", "孙媳妇或外孙媳妇"
    R46 = "46", "孙女婿或外孙女婿"
    R47 = "47", "曾孙子或外曾孙子"
    R48 = "48", "曾孙女或外曾孙女"
    R49 = "49", "其他孙子女"
    PARENT = "50", "父母"
    FATHER = "51", "父亲"
    MOTHER = "52", "母亲"
    R53 = "53", "公公"
    R54 = "54", "婆婆"
    R55 = "55", "岳父"
    R56 = "56", "岳母"
    R57 = "57", "继父或养父"
    R58 = "58", "继母或养母"
    R59 = "59", "其他父母关系"
    R60 = "60", "祖父母"
    R61 = "61", "祖父"
    R62 = "62", "祖母"
    R63 = "63", "外祖父"
    R64 = "64", "外祖母"
    R65 = "65", "配偶的祖父母或外祖父母"
    R66 = "66", "曾祖父"
    R67 = "67", "曾祖母"
    R68 = "68", "配偶的曾祖父母或外曾祖父母"
    R69 = "69", "其他祖父母或外祖父母关系"
    R70 = "70", "兄弟姐妹"
    R71 = "71", "兄"
    R72 = "72", "嫂"
    R73 = "73", "弟"
    R74 = "74", "弟媳"
    R75 = "75", "姐姐"
    R76 = "76", "姐夫"
    R77 = "77", "妹妹"
    R78 = "78", "妹夫"
    R79 = "79", "其他兄弟姐妹"
    OTHER = "80", "其他"
    R81 = "81", "伯父"
    R82 = "82", "伯母"
    R83 = "83", "叔父"
    R84 = "84", "婶母"
    R85 = "85", "舅父"
    R86 = "86", "舅母"
    R87 = "87", "姨父"
    R88 = "88", "姨母"
    R89 = "89", "姑父"
    R90 = "90", "姑母"
    R91 = "91", "堂兄弟、堂姐妹"
    R92 = "92", "表兄弟、表姐妹"
    R93 = "93", "侄子"
    R94 = "94", "侄女"
    R95 = "95", "外甥"
    R96 = "96", "外甥女"
    OTHER_RELATIVE = "97", "其他亲属"
    NON_RELATIVE = "99", "非亲属"


class Religion(models.TextChoices):
    """宗教信仰 — the project's own codes for the five major religions."""

    NONE = "0", "无宗教信仰"
    BUDDHISM = "1", "佛教"
    TAOISM = "2", "道教"
    ISLAM = "3", "伊斯兰教"
    CATHOLICISM = "4", "天主教"
    PROTESTANTISM = "5", "基督教"
    OTHER = "9", "其他"


class InflowReason(models.TextChoices):
    """流入原因 — GB/T 31000-2015 data dictionary."""

    WORK = "01", "务工"
    FARMING = "02", "务农"
    BUSINESS = "03", "经商"
    STUDY = "04", "学习培训"
    MARRIAGE = "05", "婚嫁"
    FOLLOWING_FAMILY = "06", "随迁"
    MEDICAL = "07", "治病疗养"
    RELATIVES = "08", "投亲靠友"
    TRANSFER = "09", "工作调动"
    OTHER = "99", "其他"


class DomicileType(models.TextChoices):
    """住所类型 — GB/T 31000-2015 data dictionary."""

    OWNED = "01", "自购房屋"
    RENTED = "02", "租赁房屋"
    LODGING = "03", "寄宿"
    BORROWED = "04", "借住"
    DORMITORY = "05", "单位宿舍"
    TEMPORARY_DORMITORY = "06", "临时性宿舍"
    WORKER_APARTMENT = "07", "农民工公寓"
    OTHER = "99", "其他"


class NewSocialStratum(models.TextChoices):
    """新的社会阶层人士 — the four official categories."""

    MANAGERS_TECHNICIANS = "1", "民营企业和外商投资企业管理技术人员"
    INTERMEDIARY_STAFF = "2", "中介组织和社会组织从业人员"
    FREELANCERS = "3", "自由职业人员"
    NEW_MEDIA = "4", "新媒体从业人员"


class HazardCategory(models.TextChoices):
    """隐患类别 — the project's own codes for religious-venue inspections."""

    FIRE = "fire", "消防"
    ELECTRIC = "electric", "用电"
    GAS = "gas", "燃气"
    STRUCTURE = "structure", "建筑结构"
    EVACUATION = "evacuation", "疏散通道"
    OPEN_FLAME = "open_flame", "香烛火源"
    CROWD = "crowd", "人员聚集/大型活动"
    FOOD = "food", "食品卫生"
    GEOLOGY_FLOOD = "geology_flood", "地质/防汛"
    PUBLIC_ORDER = "public_order", "治安"
    OTHER = "other", "其他"


# GB 3304-1991 romanisation and two-letter code of each group, from reference/ethnic_groups.csv;
# 97 其他 and 98 外国血统中国籍人士 have neither.
ETHNICITY_ROMAN: dict[str, tuple[str, str]] = {
    "01": ("Han", "HA"),
    "02": ("Mongol", "MG"),
    "03": ("Hui", "HU"),
    "04": ("Zang", "ZA"),
    "05": ("Uygur", "UG"),
    "06": ("Miao", "MH"),
    "07": ("Yi", "YI"),
    "08": ("Zhuang", "ZH"),
    "09": ("Buyei", "BY"),
    "10": ("Chosen", "CS"),
    "11": ("Man", "MA"),
    "12": ("Dong", "DO"),
    "13": ("Yao", "YA"),
    "14": ("Bai", "BA"),
    "15": ("Tujia", "TJ"),
    "16": ("Hani", "HN"),
    "17": ("Kazak", "KZ"),
    "18": ("Dai", "DA"),
    "19": ("Li", "LI"),
    "20": ("Lisu", "LS"),
    "21": ("Va", "VA"),
    "22": ("She", "SH"),
    "23": ("Gaoshan", "GS"),
    "24": ("Lahu", "LH"),
    "25": ("Sui", "SU"),
    "26": ("Dongxiang", "DX"),
    "27": ("Naxi", "NX"),
    "28": ("Jingpo", "JP"),
    "29": ("Kirgiz", "KG"),
    "30": ("Tu", "TU"),
    "31": ("Daur", "DU"),
    "32": ("Mulao", "ML"),
    "33": ("Qiang", "QI"),
    "34": ("Blang", "BL"),
    "35": ("Salar", "SL"),
    "36": ("Maonan", "MN"),
    "37": ("Gelao", "GL"),
    "38": ("Xibe", "XB"),
    "39": ("Achang", "AC"),
    "40": ("Pumi", "PM"),
    "41": ("Tajik", "TA"),
    "42": ("Nu", "NU"),
    "43": ("Uzbek", "UZ"),
    "44": ("Russ", "RS"),
    "45": ("Ewenki", "EW"),
    "46": ("Deang", "DE"),
    "47": ("Bonan", "BN"),
    "48": ("Yugur", "YG"),
    "49": ("Gin", "GI"),
    "50": ("Tatar", "TT"),
    "51": ("Derung", "DR"),
    "52": ("Oroqen", "OR"),
    "53": ("Hezhen", "HZ"),
    "54": ("Monba", "MB"),
    "55": ("Lhoba", "LB"),
    "56": ("Jino", "JN"),
}
