"""A bilingual manufacturing lexicon: words (English or Chinese) → concepts.

A concept is an English stem ("downtime", "station"); schema names and comments are read
through the same lexicon, so "停机" or "stoppage" in a question finds a column named
`downtime_min` or a table commented "Machine downtime". `VALUE_WORDS` translates Chinese
shop-floor words to the English values plants usually store ("缺料" → "material shortage").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

# concept: (English words and phrases, Chinese words)
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "andon": (
        ("andon", "andon call", "andons", "alarm", "call", "help call", "line stop call"),
        ("安灯", "安东", "呼叫", "报警"),
    ),
    "downtime": (
        ("downtime", "stoppage", "stop", "down", "went down", "outage", "breakdown time", "unavailability"),
        ("停机", "停线", "停产", "宕机", "停工", "停"),
    ),
    "station": (
        (
            "station",
            "machine",
            "equipment",
            "asset",
            "cell",
            "work cell",
            "press",
            "welder",
            "robot",
            "workstation",
            "tool",
        ),
        (
            "设备",
            "机台",
            "工位",
            "机器",
            "机床",
            "工作站",
            "资产",
            "注塑机",
            "冲床",
            "压机",
            "压力机",
            "压铸机",
        ),
    ),
    "line": (("line", "production line", "assembly line"), ("产线", "生产线", "线体", "条线", "号线", "线")),
    "shift": (("shift",), ("班次", "班")),
    "team": (("team", "crew"), ("班组", "小组", "班")),  # A班, B班: a crew, or the shift it works
    "defect": (
        (
            "defect",
            "reject",
            "nonconformance",
            "nonconformity",
            "ng",
            "quality issue",
            "bad part",
            "defective",
            "ncr",
            "nonconforming",
        ),
        ("不良", "缺陷", "次品", "不合格", "质量问题", "坏件", "不合格品", "不符合项", "不良品"),
    ),
    "scrap": (("scrap", "scrapped", "waste", "yield loss"), ("报废", "废品", "废料")),
    "rework": (("rework", "reworked", "repair"), ("返工", "返修")),
    "output": (
        (
            "output",
            "production",
            "produced",
            "produce",
            "producing",
            "made",
            "throughput",
            "yield",
            "volume",
            "good part",
        ),
        ("产量", "产出", "生产", "出产", "产能", "合格品", "良品"),
    ),
    # the good pieces, a part of the output: a column that counts them says so (see `GOOD_WORDS`)
    "good": (("good", "good part", "good piece"), ("合格品", "良品")),
    "plan": (("plan", "planned", "target", "scheduled"), ("计划", "目标")),
    # what was done, beside what was planned: `act_qty_kg`, "实际重量"
    "actual": (("actual", "actually"), ("实际", "实绩")),
    "order": (
        ("order", "work order", "production order", "job", "wo", "purchase order", "po"),
        ("工单", "订单", "生产订单", "单", "采购单", "采购订单"),
    ),
    "problem": (
        ("problem", "issue", "ticket", "incident", "case", "report"),
        ("问题", "异常", "事件", "工单问题"),
    ),
    "audit": (("audit", "5s", "inspection", "walk"), ("审核", "稽核", "5s", "巡检", "检查")),
    "maintenance": (
        # a repair ticket is a work order and a repair: both (`work_order` has them too)
        ("maintenance", "repair", "service", "fix", "pm", "overhaul", "repair ticket", "maintenance order"),
        ("维修", "保养", "维护", "检修", "修理"),
    ),
    "reason": (("reason", "cause", "why", "root cause"), ("原因", "理由", "起因")),
    "category": (
        ("category", "type", "kind", "class", "group", "sort"),
        ("类别", "类型", "分类", "种类", "类", "品类"),
    ),
    "duration": (
        ("duration", "length", "long", "minute", "hour", "time lost", "lost time", "lasted", "lasting"),
        ("时长", "时间", "多久", "多长", "分钟", "小时", "耗时"),
    ),
    "qty": (
        ("quantity", "qty", "piece", "pc", "pcs", "unit", "amount", "count of pieces", "number of pieces"),
        ("数量", "件数", "件", "个数", "数"),
    ),
    "score": (("score", "rating", "mark", "result", "points"), ("分数", "得分", "评分", "分")),
    "status": (("status", "state"), ("状态",)),
    "priority": (("priority", "urgency"), ("优先级", "紧急程度")),
    "severity": (("severity",), ("严重程度", "严重性", "级别")),
    "product": (
        ("product", "part", "item", "sku", "model", "article"),
        ("产品", "零件", "物料号", "型号", "品种", "物料"),
    ),
    "person": (
        (
            "person",
            "who",
            "operator",
            "worker",
            "employee",
            "staff",
            "people",
            "technician",
            "engineer",
            "user",
        ),
        ("人", "谁", "员工", "操作员", "操作工", "作业员", "工人", "人员", "技术员", "工程师"),
    ),
    "assignee": (("assignee", "owner", "responsible", "assigned"), ("负责人", "责任人", "处理人")),
    "auditor": (("auditor", "inspector"), ("审核员", "稽核员", "检查员")),
    "reporter": (("reporter", "raised by", "reported by", "caller"), ("报告人", "提出人", "发起人")),
    "area": (("area", "hall", "department", "workshop", "zone", "section"), ("区域", "车间", "工段", "部门")),
    "plant": (("plant", "factory", "site"), ("工厂", "厂区", "厂")),
    "due": (("due", "deadline", "due date"), ("到期", "截止", "交期")),
    # 开: a ticket opened (开了几张单) or a batch started (开了几个批次): both steps.
    "opened": (
        ("opened", "created", "reported", "raised", "logged", "placed", "filed", "registered"),
        ("提出", "创建", "报告", "发起", "开", "开单", "提了", "提过", "下达", "下了", "下过"),
    ),
    "resolved": (("resolved", "fixed", "solved"), ("解决", "已解决", "修复")),
    "closed": (
        ("closed", "close", "completed", "complete", "completion", "done", "finished", "finish", "ended"),
        ("关闭", "完成", "已完成", "完工", "已完工", "做完", "修完", "修好"),
    ),
    "started": (("started", "start", "began", "begin"), ("开始", "开工", "开")),
    "acknowledged": (
        ("acknowledged", "acknowledge", "ack", "responded", "confirmed", "confirm"),
        ("确认", "响应"),
    ),
    "escalation": (("escalation", "escalated", "escalate"), ("升级",)),
    "cancelled": (("cancelled", "canceled", "cancel", "void", "voided"), ("取消", "撤销", "作废")),
    "event": (("event", "occurrence", "log"), ("事件",)),
    # Routines: meetings (stand-ups, tier meetings) and the concerns raised at them.
    "meeting": (("meeting", "stand-up", "standup", "huddle"), ("会议", "早会", "班前会", "晨会", "站会")),
    "concern": (("concern", "agenda item", "agenda point"), ("事项", "议题")),
    # The lean routines: shift handovers, 5S audits, safety observations, improvement projects.
    "handover": (("handover", "shift handover", "hand-over", "hand over"), ("交接班", "交接")),
    "observation": (("observation", "safety observation", "safety report"), ("安全观察", "观察")),
    "project": (("project", "improvement project", "kaizen"), ("改善项目", "改进项目", "项目", "改善")),
    "countermeasure": (("countermeasure", "corrective action"), ("对策", "纠正措施", "措施")),
    "times": (("times",), ("次数", "几次", "多少次")),
    "hour": (("hourly", "hour"), ("每小时",)),
    "name": (("name", "title"), ("名称", "名字", "标题", "姓名")),
    # Not "no": "had no stoppages" is a negation far more often than "PO no 17" is a number.
    "code": (("code", "number", "id"), ("编号", "代码", "号")),
    "note": (("note", "comment", "remark", "description"), ("备注", "说明", "描述")),
    # Other domains: maintenance, warehouse, logistics.
    "work_order": (
        ("work order", "job", "maintenance order", "wo", "repair ticket", "maintenance ticket"),
        ("工单", "维修单"),
    ),
    "technician": (("technician", "mechanic", "engineer", "tech"), ("技术员", "维修工", "机修")),
    "spare": (("spare", "spare part"), ("备件", "零部件", "配件")),
    "cost": (
        ("cost", "spend", "spent", "expense", "price", "money"),
        ("成本", "费用", "花费", "价格", "金额", "费", "钱"),
    ),
    "labor": (("labor", "labour", "man hour", "effort", "work hour"), ("维修工时", "工时", "人工")),
    "failure": (
        ("failure", "fault", "breakdown", "malfunction", "error", "break down", "broke down", "breaks down"),
        ("故障", "失效", "失败"),
    ),
    "warehouse": (("warehouse", "depot", "dc", "distribution center"), ("仓库", "库房", "仓")),
    "inventory": (("inventory", "stock", "on hand", "stock level"), ("库存", "存货")),
    "shipment": (
        ("shipment", "delivery", "consignment", "dispatch", "shipping", "ship", "shipped"),
        ("发货", "运单", "发运", "货运", "配送", "出货"),
    ),
    "customer": (("customer", "client", "buyer"), ("客户", "顾客")),
    "supplier": (("supplier", "vendor", "supplied", "supplies", "supplied by"), ("供应商", "厂商")),
    "carrier": (
        ("carrier", "trucker", "haulier", "forwarder", "logistics provider"),
        ("承运商", "物流商", "承运人"),
    ),
    "vehicle": (("vehicle", "truck", "lorry", "van", "fleet"), ("车辆", "卡车", "货车")),
    "weight": (("weight", "weigh", "kg", "tonnage", "heavy"), ("重量", "公斤", "吨")),
    "cleaning": (
        ("cleaning", "clean", "wash", "washing", "sanitation", "cip", "clean in place"),
        ("清洗", "清洁", "洗罐"),
    ),
    "cycle": (("cycle",), ("周期", "循环")),
    "water": (("water",), ("水", "用水", "水量", "耗水", "清水")),
    "program": (("program", "programme", "prog"), ("程序",)),
    "mold": (("mold", "mould", "die"), ("模具",)),
    "recipe": (("recipe", "formula", "formulation"), ("配方",)),
    "lead_time": (("lead time", "leadtime"), ("交货期", "交期", "提前期", "采购周期")),
    "changeover": (
        ("changeover", "change over", "format change", "product change"),
        ("换型", "换线", "转产"),
    ),
    "standard": (("standard", "nominal", "rated", "nameplate"), ("标准", "额定", "铭牌")),
    "craft": (("craft", "trade"), ("工种",)),
    "material": (("material", "made of", "made from"), ("材料", "材质")),
    "badge": (("badge", "badge number", "badge no"), ("工牌", "工牌号", "胸卡")),
    "manufacturer": (
        ("manufacturer", "brand", "maker", "oem", "vendor make", "who makes"),
        ("品牌", "牌子", "厂家", "制造商", "生产厂家", "厂商"),
    ),
    "distance": (("distance", "km", "kilometre", "kilometer", "mile", "far"), ("距离", "公里", "里程")),
    "late": (("late", "delay", "delayed", "overdue"), ("延迟", "迟到", "晚到", "逾期", "延误")),
    "region": (("region", "destination", "province"), ("地区", "目的地", "区域", "省")),
    "city": (("city", "town"), ("城市",)),
    "country": (("country", "nation"), ("国家",)),
    "pick": (("pick", "picking", "picked"), ("拣货", "拣选", "拣")),
    "stocktake": (
        ("cycle count", "stocktake", "stock take", "stock count", "inventory count", "physical count"),
        ("盘点", "盘库", "盘存"),
    ),
    "transfer": (("transfer", "relocation", "rebin"), ("移库", "调拨", "移位", "转库")),
    "location": (("location", "bin", "slot", "storage location"), ("库位", "货位", "储位")),
    "meter": (("meter", "gauge"), ("电表", "仪表", "计量表", "水表", "气表")),
    "receipt": (("receipt", "receiving", "inbound", "received"), ("收货", "入库", "到货")),
    "sensor": (
        ("sensor", "reading", "measurement", "temperature", "vibration"),
        ("传感器", "读数", "温度", "振动"),
    ),
    # Quality lab: samples, tests, nonconformance reports.
    "sample": (("sample", "specimen", "sampling"), ("样品", "样本", "取样", "抽样", "抽检", "抽")),
    "test": (
        ("test", "testing", "assay", "lab test", "analysis", "inspection", "inspect", "quality check"),
        ("检测", "检验", "测试", "化验", "试验", "质检", "首检", "终检"),
    ),
    "analyst": (
        ("analyst", "lab tech", "chemist", "tester"),
        ("化验员", "检验员", "分析员", "质检员", "检测员"),
    ),
    "lab": (("lab", "laboratory"), ("实验室", "化验室", "检测室")),
    "family": (("family", "product family", "product line", "range"), ("系列", "产品系列", "产品族")),
    "disposition": (("disposition", "disposal", "decision"), ("处置", "处置方式", "处理方式", "处理结果")),
    "lot": (("lot", "batch"), ("批次", "批号", "批量", "批")),
    "energy": (
        ("energy", "power", "electricity", "kwh", "consumption"),
        ("能耗", "电耗", "用电", "能源", "用电量", "电量", "耗电", "度电", "功率"),
    ),
    "tank": (("tank", "vessel", "silo", "container"), ("罐", "储罐", "罐体", "容器")),
}

#: The concept of a row being recorded: opened, created, raised, reported, placed, 下了.
RECORDING = "opened"
#: The words of the step "opened" that also name the state a record is in: a code 'OPEN' is
#: "open", but a ticket raised, an order placed or 下了 says only that it was recorded,
#: whatever its state now.
OPEN_STATE_WORDS = frozenset({"opened", "开"})
#: Levels a code's comment names in one character ("严重度: H=高 M=中 L=低"), in English: only a
#: label is read so, never a question's character (最高 is no level).
LEVEL_WORDS: dict[str, tuple[str, ...]] = {"高": ("high",), "中": ("medium",), "低": ("low",)}
#: How people still employed are said, and those who have left: the states of a flag of staff
#: (`active_flg` 'Y', "1=在职 0=离职"), whatever the flag is named.
EMPLOYED = (
    "employed",
    "still employed",
    "currently employed",
    "still with us",
    "still with the company",
    "still work here",
    "still works here",
    "still working here",
    "still on the payroll",
)
LEFT = (
    "no longer employed",
    "no longer with us",
    "no longer with the company",
    "has left",
    "have left",
    "left the company",
    "has left the company",
    "have left the company",
)
# Chinese (and a few English) shop-floor words → the English value most plants store.
VALUE_WORDS: dict[str, tuple[str, ...]] = {
    "缺料": ("material shortage",),
    "物料短缺": ("material shortage",),
    "短缺": ("material shortage",),
    "待料": ("material shortage",),
    "设备故障": ("machine breakdown",),
    "机器故障": ("machine breakdown",),
    "机械故障": ("machine breakdown",),
    "故障停机": ("machine breakdown",),
    "换模": ("die change",),
    "质量检查": ("quality check",),
    "质检": ("quality check",),
    "计划保养": ("planned maintenance",),
    "计划维护": ("planned maintenance",),
    "缺人": ("no operator",),
    "无操作员": ("no operator",),
    "没人": ("no operator",),
    "换电极": ("electrode tip change",),
    "电极": ("electrode tip change",),
    "机器人故障": ("robot fault",),
    "换型": ("changeover",),
    "切换": ("changeover",),
    "计划停机": ("planned",),
    "非计划停机": ("unplanned",),
    "计划内": ("planned",),
    "非计划": ("unplanned",),
    "计划外": ("unplanned",),
    "意外": ("unplanned",),
    "划伤": ("scratch",),
    "划痕": ("scratch",),
    "毛刺": ("burr",),
    "裂纹": ("crack",),
    "开裂": ("crack",),
    "凹坑": ("dent",),
    "凹陷": ("dent",),
    "气孔": ("weld porosity", "porosity"),
    "焊穿": ("burn through",),
    "烧穿": ("burn through",),
    "漏焊": ("missing weld",),
    "尺寸超差": ("dimension out of tolerance",),
    "超差": ("dimension out of tolerance",),
    "缺件": ("missing part",),
    "漏装": ("missing part",),
    "错装": ("wrong part",),
    "装错": ("wrong part",),
    "错件": ("wrong part",),
    "紧固件松动": ("loose fastener",),
    "螺丝松动": ("loose fastener",),
    "松动": ("loose fastener",),
    "物料类": ("material",),
    "物料": ("material",),
    "质量类": ("quality",),
    "质量": ("quality",),
    "设备类": ("equipment",),
    "安全": ("safety",),
    "未遂": ("near miss",),
    "未遂事件": ("near miss",),
    "险肇": ("near miss",),
    "险兆": ("near miss",),
    "受伤": ("injury",),
    "工伤": ("injury",),
    "伤害": ("injury",),
    "不安全行为": ("unsafe act",),
    "不安全状态": ("unsafe condition",),
    "不安全条件": ("unsafe condition",),
    "计划阶段": ("plan",),
    "执行阶段": ("do",),
    "实施阶段": ("do",),
    "检查阶段": ("check",),
    "处理阶段": ("act",),
    "标准化阶段": ("act",),
    "工艺": ("process",),
    "其他": ("other",),
    "高严重": ("high",),
    "严重": ("high",),
    "紧急": ("critical",),
    "关键": ("critical",),
    "高优先级": ("high",),
    "低优先级": ("low",),
    "中优先级": ("medium",),
    "未解决": ("open", "raised"),
    "未关闭": ("open",),
    "打开": ("open",),
    "待处理": ("open", "raised"),
    "进行中": ("in_progress", "in progress"),
    "处理中": ("in_progress",),
    "已解决": ("resolved",),
    "已关闭": ("closed",),
    "已确认": ("acknowledged",),
    "已取消": ("cancelled",),
    "中止": ("aborted",),
    "已中止": ("aborted",),
    "终止": ("aborted", "terminated"),
    "已驳回": ("rejected",),
    "驳回": ("rejected",),
    "已完成": ("completed",),
    "计划中": ("planned",),
    "报废": ("scrap",),
    "返工": ("rework",),
    "冲压": ("Stamping",),
    "焊装": ("Welding",),
    "焊接": ("Welding",),
    "总装": ("Assembly",),
    "装配": ("Assembly",),
    "门板": ("door panel",),
    "顶盖": ("roof panel",),
    "支架": ("bracket",),
    "侧围": ("side frame",),
    "地板总成": ("floor assembly",),
    "门模块": ("door module",),
    "座椅模块": ("seat module",),
    "仪表板": ("dashboard",),
    "早班": ("Day",),
    "白班": ("Day",),
    "中班": ("Swing",),
    "夜班": ("Night",),
    "晚班": ("Night",),
    "延误": ("delayed", "late"),
    "已送达": ("delivered",),
    "在途": ("in_transit", "in transit"),
    "已发货": ("shipped",),
    "预防性": ("preventive",),
    "预防": ("preventive",),
    "纠正性": ("corrective",),
    "故障维修": ("corrective", "breakdown"),
    "电气": ("electrical",),
    "机械": ("mechanical",),
    "液压": ("hydraulic",),
    "气动": ("pneumatic",),
    "轴承": ("bearing",),
    "泵": ("pump",),
    "电机": ("motor",),
    "皮带": ("belt",),
    "不合格": ("fail", "failed", "rejected"),
    "合格": ("pass", "passed"),
    "通过": ("pass", "passed"),
    "失败": ("fail", "failed"),
    "拒收": ("rejected",),
    "退货": ("rejected", "returned"),
    "待检": ("pending",),
    "放行": ("released",),
    "已放行": ("released",),
    "来料": ("incoming",),
    "进料": ("incoming",),
    "过程": ("in_process", "in process"),
    "成品": ("final", "finished"),
    "首检": ("first article", "first-article", "first piece"),
    "巡检": ("patrol", "in-process"),
    "终检": ("final", "final inspection"),
    "轻微": ("minor",),
    "一般": ("minor", "major"),
    "主要": ("major",),
    "致命": ("critical",),
    "open": ("open", "raised"),
    "unresolved": ("open", "raised", "acknowledged"),
    "day shift": ("Day",),
    "night shift": ("Night",),
    "swing shift": ("Swing",),
    "afternoon shift": ("Swing",),
    "late shift": ("Swing",),
    "breakdown": ("machine breakdown",),
    "breakdowns": ("machine breakdown",),
    "shortage": ("material shortage",),
    "material shortages": ("material shortage",),
    "missing material": ("material shortage",),
    "porosity": ("weld porosity",),
    # Kinds of stock movement.
    "拣货": ("pick", "picking"),
    "拣": ("pick", "picking"),
    "收货": ("receipt", "received", "receiving"),
    "移库": ("transfer",),
    # Kinds of store.
    "冷库": ("cold store", "cold storage", "cold room", "freezer"),
    "冷藏库": ("cold store", "cold storage", "cold room"),
    "冷冻库": ("freezer", "cold store"),
    "调拨": ("transfer",),
    # States of 1/0 flags (see `nl2sql.link.flag_names`).
    "停用": ("inactive", "disabled", "out of service"),
    "弃用": ("inactive", "disabled"),
    "在用": ("active", "in service", "in use"),
    "在职": ("active", *EMPLOYED),
    "在岗": ("active", *EMPLOYED),
    "离职": ("inactive", *LEFT),
    "已离职": ("inactive", *LEFT),
    "备用": ("standby", "spare"),
    "启用": ("active", "enabled"),
    "可用": ("active", "enabled", "available"),
    "有效": ("valid", "active"),
    "首选": ("preferred",),
    "优选": ("preferred",),
    "危险品": ("hazmat", "hazardous"),
    "hazardous": ("hazmat",),
    "dangerous goods": ("hazmat",),
}

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "per",
        "from",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "do",
        "does",
        "did",
        "how",
        "many",
        "much",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "me",
        "us",
        "our",
        "we",
        "i",
        "you",
        "your",
        "show",
        "list",
        "give",
        "tell",
        "get",
        "find",
        "please",
        "have",
        "has",
        "had",
        "there",
        "their",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "as",
        "than",
        "more",
        "most",
        "less",
        "least",
        "over",
        "under",
        "each",
        "every",
        "all",
        "any",
        "total",
        "number",
        "count",
        "average",
        "avg",
        "mean",
        "sum",
        "max",
        "maximum",
        "different",
        "distinct",
        "unique",
        "min",
        "minimum",
        "top",
        "bottom",
        "worst",
        "best",
        "highest",
        "lowest",
        "longest",
        "shortest",
        "biggest",
        "largest",
        "smallest",
        "fewest",
        "greatest",
        "into",
        "about",
        "did",
        "so",
        "far",
        "up",
        "same",
        "did",
        "s",
        "our",
        "my",
        "can",
        "could",
        "would",
        "should",
        "let",
        "trend",
        "daily",
        "weekly",
        "monthly",
        "day",
        "week",
        "month",
        "year",
        "times",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*|[\u3400-\u9fff]+")


#: Chinese words for one state, said many ways ("在跑" on the floor), and the English words of
#: that state: a question's word finds a stored label said another way ("正在生产" the code
#: whose comment says "生产中") or in English ("running").
_STATES_SAID_MANY_WAYS = (
    (("生产中", "正在生产", "在生产", "在产", "在跑"), ("in production", "running", "in progress")),
    (("运行中", "正在运行", "在运行", "运转中", "在跑"), ("running", "in operation")),
    (("暂扣", "扣住", "扣着", "冻结", "暂停"), ("on_hold", "on hold", "hold")),
    (("等备件", "等待备件", "待备件", "缺备件"), ("waiting for parts", "awaiting parts")),
    (
        ("待派工", "等派工", "未派工", "没派工"),
        (
            "unassigned",
            "to be assigned",
            "waiting to be assigned",
            "awaiting assignment",
            "not yet assigned",
            "awaiting dispatch",
        ),
    ),
)
SAME_STATE_ZH = tuple(frozenset(words) for words, _english in _STATES_SAID_MANY_WAYS)


def _state_words() -> dict[str, tuple[str, ...]]:
    """Each Chinese word of `_STATES_SAID_MANY_WAYS` with the English words of its states."""
    said: dict[str, tuple[str, ...]] = {}
    for words, english in _STATES_SAID_MANY_WAYS:
        for word in words:
            said[word] = tuple(dict.fromkeys([*said.get(word, ()), *english]))
    return said


VALUE_WORDS.update(_state_words())


def same_state_zh(label: str) -> list[str]:
    """The other Chinese words for the state `label` names, longest first.

    >>> same_state_zh("生产中")
    ['正在生产', '在生产', '在产', '在跑']
    >>> same_state_zh("停用")
    []
    """
    others = {word for group in SAME_STATE_ZH if label in group for word in group} - {label}
    return sorted(others, key=lambda w: (-len(w), w))


#: Plurals that mean something other than their singular: "goods" are no good pieces.
_OWN_PLURALS = frozenset({"goods", "means", "premises"})


def stem(word: str) -> str:
    """A crude English stem: plural and a few suffixes removed.

    >>> [stem(w) for w in ("calls", "stoppages", "machines", "audits", "minutes", "status", "boxes", "goods")]
    ['call', 'stoppage', 'machine', 'audit', 'minute', 'status', 'box', 'goods']
    """
    if len(word) <= 3 or word.endswith(("ss", "us", "is")) or word in _OWN_PLURALS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _build() -> tuple[dict[str, set[str]], list[tuple[str, set[str]]]]:
    english: dict[str, set[str]] = {}
    chinese: dict[str, set[str]] = {}
    for concept, (en, zh) in CONCEPTS.items():
        for phrase in (concept.replace("_", " "), *en):
            key = " ".join(stem(w) for w in phrase.lower().split())
            english.setdefault(key, set()).add(concept)
        for word in zh:
            chinese.setdefault(word, set()).add(concept)
            if len(word) > 1 and word.endswith("员"):  # 化验员, 检验员: a kind of person
                chinese[word].add("person")
    return english, sorted(chinese.items(), key=lambda kv: -len(kv[0]))


_ENGLISH, _CHINESE = _build()
_CHINESE_WORDS = dict(_CHINESE)
_CHINESE_LONGEST = max(len(word) for word in _CHINESE_WORDS)
MAX_PHRASE = 4


@lru_cache(maxsize=4096)
def concepts_of_phrase(phrase: str) -> frozenset[str]:
    """Concepts of an English phrase (already stemmed and lower case), if it is in the lexicon.

    >>> sorted(concepts_of_phrase("machine"))
    ['station']
    """
    return frozenset(_ENGLISH.get(phrase, ()))


def own_chinese_words(text: str) -> frozenset[str]:
    """The words of a Chinese comment the lexicon does not know: each piece its words leave (of
    two to four characters) and the two-character words in it. They are the schema's own words
    (报工 of "报工时间", a production report's time), which a question may use as they are; no
    segmenter is loaded for them.

    >>> sorted(own_chinese_words("报工时间")), own_chinese_words("machine number")
    (['报工'], frozenset())
    """
    words: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]{2,}", text):
        left = list(run)
        for start, end, _concepts in chinese_concepts(run):
            left[start:end] = [" "] * (end - start)
        for piece in "".join(left).split():
            words |= {piece} if 2 <= len(piece) <= 4 else set()
            words |= {piece[i : i + 2] for i in range(len(piece) - 1)}
    return frozenset(w for w in words if w not in _CHINESE_WORDS and w not in VALUE_WORDS)


def tokens(text: str) -> list[str]:
    """Lower-case English stems and runs of Chinese characters.

    >>> tokens("Andon calls on PR-07, 上周")
    ['andon', 'call', 'on', 'pr-07', '上周']
    """
    return [stem(w) if w.isascii() else w for w in _WORD.findall(text.lower())]


def chinese_concepts(
    run: str, fillers: frozenset[str] = frozenset(), more: Mapping[str, frozenset[str]] | None = None
) -> list[tuple[int, int, frozenset[str]]]:
    """Lexicon words found in a run of Chinese characters, as (start, end, concepts); with
    `more` words besides the lexicon's, when given (the lexicon's meaning first, and no meaning for
    one of `fillers`).

    The run is cut where the lexicon's words and `fillers` (words that mean nothing of their
    own, such as 分别) cover the most characters, then into the fewest one-character words,
    then the fewest words: 维修工单 is 维修 + 工单 (maintenance, work order), not 维修工 + 单
    (technician, and a stray 单). Fillers are left out of what is returned.

    >>> [(s, e, sorted(c)) for s, e, c in chinese_concepts("哪台设备停机")]
    [(2, 4, ['station']), (4, 6, ['downtime'])]
    >>> [run for s, e, c in chinese_concepts("上周有多少维修工单") for run in ["上周有多少维修工单"[s:e]]]
    ['维修', '工单']
    """
    known = _CHINESE_WORDS if not more else {**more, **_CHINESE_WORDS}
    longest = _CHINESE_LONGEST if not more else max(_CHINESE_LONGEST, *map(len, more))
    n = len(run)
    # best[i]: (uncovered characters, one-character words, words) for run[i:], and the cut.
    best: list[tuple[tuple[int, int, int], int]] = [((0, 0, 0), n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        (a, b, c), _ = best[i + 1]
        choice = ((a + 1, b, c), i + 1)  # leave run[i] uncovered
        for length in range(min(longest, n - i), 0, -1):
            if run[i : i + length] in known or run[i : i + length] in fillers:
                (a, b, c), _ = best[i + length]
                score = (a, b + (length == 1), c + 1)
                if score < choice[0]:
                    choice = (score, i + length)
        best[i] = choice
    found: list[tuple[int, int, frozenset[str]]] = []
    i = 0
    while i < n:
        end = best[i][1]
        word = run[i:end]
        meaning = _CHINESE_WORDS.get(word) or (more.get(word) if more and word not in fillers else None)
        if meaning:
            found.append((i, end, frozenset(meaning)))
        i = end
    return found


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

#: Words of a column that counts only the good parts: "good parts" are its pieces, and a share of
#: all parts adds the scrap to it.
GOOD_WORDS = frozenset(["good", "ok", "pass", "passed", "accepted"])
#: … said in a Chinese comment (合格品数, 良品数), not 不合格.
GOOD_WORDS_ZH = re.compile(r"(?<!不)合格|良品")
#: Words of schema comments that say a table keeps records, not what of: 主数据 is "master data",
#: not 数 (a quantity) of 主.
RECORD_WORDS_ZH = frozenset(["数据", "主数据", "信息", "记录", "台账", "基础", "明细", "档案"])

# Abbreviations common in hand-made schemas ("qty", "sev_cd", "open_dt", "whse_cd"), spelled out.
ABBREVIATIONS = {
    "act": "actual",
    "actl": "actual",
    "amt": "amount",
    "avg": "average",
    "cd": "code",
    "chg": "change",
    "cls": "closed",
    "clsd": "closed",
    "cmpl": "completed",
    "cmplt": "completed",
    "cnt": "count",
    "compl": "completed",
    "cust": "customer",
    "dept": "department",
    "desc": "description",
    "disp": "disposition",
    "dt": "date",
    "dttm": "date",
    "emp": "employee",
    "end": "finished",  # `end_ts`, `end_time`: when a run finished
    "equip": "equipment",
    "insp": "inspection",
    "loc": "location",
    "mach": "machine",
    "maint": "maintenance",
    "mfg": "production",
    "mfr": "manufacturer",
    "mtce": "maintenance",
    "nbr": "number",
    "nm": "name",
    "num": "number",
    "prd": "product",
    "prod": "product",
    "qty": "quantity",
    "rcvd": "received",
    "recd": "received",
    "req": "request",
    "rlsd": "released",
    "sched": "scheduled",
    "sev": "severity",
    "shpd": "shipped",
    "stat": "status",
    "std": "standard",
    "sts": "status",
    "supp": "supplier",
    "tech": "technician",
    "ts": "date",
    "uom": "unit",
    "wh": "warehouse",
    "whse": "warehouse",
    "wt": "weight",
}


_VOWELS = frozenset("aeiou")
_SINGLE_WORDS = tuple(sorted(key for key in _ENGLISH if " " not in key and key.isalpha()))


def skeleton(word: str) -> str:
    """A word's first letter and its consonants, doubled letters once: how names are shortened.

    >>> skeleton("supplier"), skeleton("quantity"), skeleton("ticket")
    ('splr', 'qnty', 'tckt')
    """
    letters = word[:1] + "".join(ch for ch in word[1:] if ch not in _VOWELS)
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1])


def shortens(short: str, word: str) -> bool:
    """Whether `short` is how a schema writes `word`: its prefix ("sev", "dur"), its consonant
    skeleton ("tckt"), or that skeleton less one inner letter ("evt" for "evnt")."""
    if len(word) <= len(short) or short[0] != word[0]:
        return False
    if word.startswith(short):
        return True
    bones = skeleton(word)
    if short == bones:
        return True
    if len(bones) - len(short) != 1 or short[-1] != bones[-1]:
        return False
    rest = iter(bones)
    return all(ch in rest for ch in short)


@lru_cache(maxsize=4096)
def abbreviated(word: str) -> frozenset[str]:
    """Concepts of a shortened word in a schema name (`tckt`, `evt`, `dur`, `splr`), when every
    lexicon word it can shorten means the same; nothing for a word that is already known or too
    short to tell ("op", "cd"), or that could shorten words of different meanings ("res").

    >>> sorted(abbreviated("tckt")), sorted(abbreviated("dur")), sorted(abbreviated("res"))
    (['problem'], ['duration'], [])
    """
    if len(word) < 3 or not word.isalpha() or word in STOPWORDS or word in _ENGLISH or word in ABBREVIATIONS:
        return frozenset()
    meanings = {frozenset(_ENGLISH[w]) for w in _SINGLE_WORDS if shortens(word, w)}
    return next(iter(meanings)) if len(meanings) == 1 else frozenset()


def name_words(name: str) -> list[str]:
    """The words of a schema name, split at CamelCase and underscores, as `tokens`.

    >>> name_words("LeadTimeDays"), name_words("defect_cd")
    (['lead', 'time', 'day'], ['defect', 'cd'])
    """
    return tokens(_CAMEL.sub(" ", name).replace("_", " "))


def spells(surface: str, name: str) -> bool:
    """Whether the words of a question spell a schema name as it is written, whatever synonyms
    the lexicon gives them ("facilities" of `facility`, "work orders" of `work_order`).

    >>> spells("facilities", "facility"), spells("work orders", "WorkOrder"), spells("sites", "facility")
    (True, True, False)
    """
    return " ".join(stem(w) for w in surface.split()) == " ".join(name_words(name))


def identifier_concepts(name: str) -> frozenset[str]:
    """Concepts of a table or column name: `concepts_of_text`, plus the words its shortened
    parts stand for (`lot_evt` names an event).

    >>> sorted(identifier_concepts("fault_evt"))
    ['event', 'evt', 'failure', 'fault', 'fault_evt']
    """
    words = name_words(name)
    return concepts_of_text(name).union(*(abbreviated(w) for w in words if w.isascii()))


@lru_cache(maxsize=1024)
def name_word_concepts(name: str) -> tuple[frozenset[str], ...]:
    """The concepts of each word of a table or column name that has any: a question says the
    whole name when it says one concept of each.

    >>> [sorted(c) for c in name_word_concepts("machine_event")]
    [['machine', 'station'], ['event']]
    """
    words = name_words(name)
    found = (concepts_of_text(w) | abbreviated(w) for w in words if w.isascii())
    return tuple(c for c in found if c)


#: Abbreviations that stand for another word before a noun they modify: `prod_order` is a
#: production order (an order), where `prod_id` is a product's.
_SPELLED_BEFORE = {"prod": "production"}


#: Abbreviations that stand for another word when they lead a name: `dt_log` is a downtime
#: log, where `open_dt` is a date.
_LEADING = {"dt": "downtime"}


def _spell(word: str, following: str) -> str:
    """`word` spelled out; as its modifier spelling when that and `following` are a lexicon
    phrase meaning what `following` means alone ("production order" is an order).

    >>> _spell("prod", "order"), _spell("prod", "id"), _spell("qty", "")
    ('production', 'product', 'quantity')
    """
    other = _SPELLED_BEFORE.get(word)
    if other and following:
        head = _ENGLISH.get(stem(following), set())
        if head and _ENGLISH.get(f"{other} {stem(following)}") == head:
            return other
    return ABBREVIATIONS.get(word, word)


#: Words of a table's name that say it is a record of the noun before them.
_RECORD_WORDS = frozenset(
    ["mstr", "master", "hdr", "header", "tbl", "table", "list", "data", "info", "rec", "record"]
)


@lru_cache(maxsize=1024)
def head_concepts(name: str) -> frozenset[str]:
    """Concepts of the last word of a table or column name, the noun it is a kind of.

    A word that only says the table is a record ("master", "hdr") is passed over: `VENDOR_MSTR`
    is a table of vendors.

    >>> sorted(head_concepts("DepotBin")), sorted(head_concepts("andon_calls"))
    (['location'], ['andon'])
    >>> sorted(head_concepts("VENDOR_MSTR"))
    ['supplier']
    """
    words = [w for w in name_words(name) if w not in _RECORD_WORDS] or name_words(name)
    if not words:
        return frozenset()
    last = words[-1]
    return concepts_of_phrase(ABBREVIATIONS.get(last, last)) or abbreviated(last)


@lru_cache(maxsize=8192)
def concepts_of_text(text: str) -> frozenset[str]:
    """Every concept named in a schema name or comment (English or Chinese), plus its stems.

    >>> sorted(concepts_of_text("downtime_events"))
    ['downtime', 'downtime_events', 'event']
    >>> "station" in concepts_of_text("Machine or station that stopped")
    True
    >>> "downtime" in concepts_of_text("dt_log"), "downtime" in concepts_of_text("open_dt")
    (True, False)
    """
    words = name_words(text)
    found: set[str] = set()
    spelled = [_spell(w, words[i + 1] if i + 1 < len(words) else "") for i, w in enumerate(words)]
    if len(words) > 1 and " " not in text and words[0] in _LEADING:
        spelled[0] = _LEADING[words[0]]
    for seq in (words, spelled) if spelled != words else (words,):
        for n in range(MAX_PHRASE, 0, -1):
            for i in range(len(seq) - n + 1):
                phrase = " ".join(seq[i : i + n])
                found |= concepts_of_phrase(phrase)
    found.update(w for w in spelled if w not in words)
    for w in words:
        if not w.isascii():
            for _s, _e, concepts in chinese_concepts(w, RECORD_WORDS_ZH):
                found |= concepts
        elif w not in STOPWORDS:
            found.add(w)
    if "_" in text and " " not in text:
        found.add(text.lower())
    return frozenset(found)
