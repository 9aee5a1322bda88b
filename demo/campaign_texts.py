"""The words of the demo campaigns: titles, themes, findings, outlets (Chinese, as staff write
them), and how many people each kind of activity draws."""

from campaigns.models import ActivityKind, PublicityKind, VisitPurpose

K = ActivityKind

TITLES: dict[str, tuple[str, ...]] = {
    K.STUDY: (
        "理论中心组专题学习习近平总书记关于加强和改进民族工作的重要思想",
        "理论中心组学习《中华民族共同体概论》",
        "理论中心组学习贯彻中央民族工作会议精神",
        "理论中心组学习《宗教事务条例》",
    ),
    K.MOBILISATION: (
        "民族团结进步创建工作动员部署会",
        "民族团结进步示范社区创建推进会",
        "安全隐患排查整治工作部署会",
    ),
    K.FORUM: (
        "少数民族代表座谈会",
        "宗教界人士座谈会",
        "新的社会阶层人士座谈会",
        "少数民族流动人口服务管理座谈会",
        "归侨侨眷迎春座谈会",
    ),
    K.POLICY_LECTURE: (
        "民族宗教政策宣讲进清真寺",
        "铸牢中华民族共同体意识宣讲会",
        "“石榴籽”宣讲团进社区",
        "民族团结进步政策宣讲进小区",
        "法律法规宣讲进商户",
    ),
    K.PERFORMANCE: (
        "迎新春“民族团结一家亲”文艺演出",
        "“石榴花开 籽籽同心”广场文艺演出",
        "庆祝国庆民族团结文艺汇演",
    ),
    K.TRAINING: (
        "网格员民族工作业务培训",
        "少数民族流动人口就业技能培训",
        "民族团结进步创建业务专题培训",
        "清真食品经营户食品安全培训",
        "宗教活动场所消防安全培训",
    ),
    K.SERVICE: (
        "为独居老人上门理发",
        "义诊进社区",
        "帮助困难群众代办救助申请",
        "为高龄老人送餐上门",
        "疏通小区下水管道",
        "更换楼道照明灯",
        "为流动人口代办居住证",
        "调解邻里用水纠纷",
        "为困难家庭学生申请助学金",
        "修缮小区健身器材",
        "清理楼道堆积杂物",
        "为残疾人申请辅助器具",
        "“敲门行动”关爱空巢老人",
        "为失业人员推荐就业岗位",
        "免费测量血压血糖",
        "维修老旧小区路灯",
        "帮助商户办理证照变更",
        "入户帮助老人安装反诈APP",
    ),
    K.ANTI_FRAUD: (
        "反电信网络诈骗宣传进社区",
        "“全民反诈”主题宣传活动",
        "防范养老诈骗宣传活动",
        "国家反诈中心APP推广活动",
    ),
    K.FESTIVAL: (
        "开斋节慰问少数民族困难群众",
        "古尔邦节联欢活动",
        "春节“民族团结一家亲”团拜会",
        "中秋节“我们的节日”联谊活动",
    ),
    K.UNITY_MONTH: ("民族团结进步宣传月启动仪式",),
    K.OTHER: ("民族团结宣传栏更新", "民族团结进步创建资料整理"),
}

THEMES: dict[str, str] = {
    K.STUDY: "铸牢中华民族共同体意识",
    K.MOBILISATION: "推进民族团结进步创建",
    K.FORUM: "听取意见建议，共促民族团结",
    K.POLICY_LECTURE: "党的民族宗教政策",
    K.PERFORMANCE: "中华民族一家亲",
    K.TRAINING: "提升服务各族群众能力",
    K.SERVICE: "我为群众办实事",
    K.ANTI_FRAUD: "守护群众“钱袋子”",
    K.FESTIVAL: "各民族交往交流交融",
    K.UNITY_MONTH: "民族团结进步宣传月",
    K.OTHER: "",
}

PARTICIPANTS: dict[str, tuple[int, int]] = {
    K.STUDY: (12, 25), K.MOBILISATION: (30, 60), K.FORUM: (10, 25), K.POLICY_LECTURE: (40, 120),
    K.PERFORMANCE: (200, 500), K.TRAINING: (25, 60), K.SERVICE: (5, 30), K.ANTI_FRAUD: (50, 200),
    K.FESTIVAL: (80, 300), K.UNITY_MONTH: (150, 400), K.OTHER: (5, 15),
}  # fmt: skip

FINDINGS: dict[str, tuple[str, str]] = {
    VisitPurpose.FESTIVAL: ("送去米面油等慰问品，家庭生活基本稳定", ""),
    VisitPurpose.POLICY: ("宣传民族宗教政策和反诈知识，群众反映良好", ""),
    VisitPurpose.HARDSHIP: ("家中老人患慢性病，收入较低", "持续关注，符合条件时协助申请救助"),
    VisitPurpose.SAFETY: ("燃气软管老化，已提醒住户更换", "下次走访时复查"),
    VisitPurpose.MEDIATION: ("邻里因楼道堆物发生矛盾，现场调解", "双方达成一致，一周后回访"),
    VisitPurpose.OTHER: ("了解家庭成员就业和子女上学情况", ""),
}

REFUSALS = ("老人无智能手机", "担心泄露个人信息", "手机内存不足", "已安装其他安全软件")

PUBLICITY_OUTLETS = {
    PublicityKind.WECHAT: ("{community}公众号", "https://mp.weixin.qq.com/s/"),
    PublicityKind.MEIPIAN: ("美篇", "https://www.meipian.cn/"),
    PublicityKind.NEWS: ("嘉峪关日报", ""),
    PublicityKind.BRIEFING: ("党工委工作简报", ""),
    PublicityKind.BOARD: ("社区宣传栏", ""),
}
