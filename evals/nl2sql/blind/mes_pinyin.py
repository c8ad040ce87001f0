"""Blind NL2SQL fixture: a Chinese plant's MES database with pinyin-abbreviation names.

Usage:  python -m evals.nl2sql.blind.mes_pinyin OUT.db

Standard library only, deterministic (random.Random(SEED)).  History runs from
Monday 2026-08-03 to 2026-11-21 12:00 plant time (Asia/Shanghai, UTC+8, no DST).
All timestamps are epoch integers (UTC instants): seconds everywhere except
cl_bg.bgsj, which is epoch milliseconds.  Column/table meanings, status codes
and units are only documented as Chinese ``--`` comments inside the CREATE
TABLE text (SQLite keeps them in sqlite_master.sql).

Built-in skew (what the questions in mes_pinyin.jsonl rely on):
  * 冲压线2 (CY-L2) is the worst line: most stoppages, highest scrap; CY-03
    (3号冲压机) is the single worst machine by stoppage count.
  * HJ-03 had one 15-hour electrical breakdown on 2026-11-11, so it is the
    top machine by downtime *last week* while CY-03 leads on counts.
  * 1号烘干炉 (HG-01) and the disabled 6号冲压机 (CY-06) have no stoppages
    in October; 4号注塑机 (ZS-04) is disabled since 2026-10-15.
  * 注塑线1 had a wet-resin problem 2026-11-10..13 (scrap x5), so it has the
    highest scrap rate *last week* while 冲压线2 leads overall.
  * Night shift (C) scraps more; technician 李强 handles most 冲压 tickets;
    technicians 吴刚 (on leave since 10-25) and 冯涛 (joined 11-16) have no
    tickets in November; 郑凯 left on 2026-09-30.
  * CY-04 and HJ-06 are down right now (stoppage with no end time).
"""
from __future__ import annotations

import calendar
import math
import os
import random
import sqlite3
import sys

SEED = 20261121
TZ = 8 * 3600  # Asia/Shanghai, fixed offset
DAY = 86400


def ts(y, m, d, hh=0, mi=0, ss=0):
    """Epoch seconds of a plant-local wall-clock time."""
    return calendar.timegm((y, m, d, hh, mi, ss, 0, 0, 0)) - TZ


START = ts(2026, 8, 3)          # Monday
NOW = ts(2026, 11, 21, 12, 0)   # Saturday noon, plant time
TODAY = ts(2026, 11, 21)
PLAN_AHEAD_DAYS = 4

SCHEMA = """
CREATE TABLE jc_cx ( -- 产线基础信息表
  cxid INTEGER PRIMARY KEY, -- 产线ID
  cxbm TEXT NOT NULL UNIQUE, -- 产线编码
  cxmc TEXT NOT NULL, -- 产线名称
  cjmc TEXT NOT NULL, -- 所属车间名称
  sjcn INTEGER, -- 设计产能(件/班)
  sfqy INTEGER NOT NULL DEFAULT 1 -- 是否启用: 1=启用 0=停用
);

CREATE TABLE jc_bc ( -- 班次定义表
  bcdm TEXT PRIMARY KEY, -- 班次代码
  bcmc TEXT NOT NULL, -- 班次名称
  kssj TEXT NOT NULL, -- 班次开始时间(HH:MM, 北京时间)
  jssj TEXT NOT NULL -- 班次结束时间(HH:MM, 北京时间)
);

CREATE TABLE sb_jbxx ( -- 设备基本信息台账
  sbbh TEXT PRIMARY KEY, -- 设备编号
  sbmc TEXT NOT NULL, -- 设备名称
  sblx TEXT NOT NULL, -- 设备类型: CY=冲压机 HJ=焊接机器人 ZS=注塑机 PT=喷涂机器人 HG=烘干炉
  ggxh TEXT, -- 规格型号
  cxid INTEGER NOT NULL REFERENCES jc_cx(cxid), -- 所属产线ID
  tyrq INTEGER, -- 投用日期(epoch秒, 当天零点北京时间)
  edgl REAL, -- 额定功率(kW)
  zt INTEGER NOT NULL DEFAULT 1, -- 设备状态: 1=在用 2=停用 3=报废
  sfgj INTEGER NOT NULL DEFAULT 0 -- 是否关键设备: 1=是 0=否
);

CREATE TABLE rs_bz ( -- 班组信息表
  bzid INTEGER PRIMARY KEY, -- 班组ID
  bzmc TEXT NOT NULL, -- 班组名称
  ssbm TEXT NOT NULL, -- 所属部门/车间
  bzz TEXT -- 班组长(员工编号)
);

CREATE TABLE rs_yg ( -- 员工信息表
  ygid TEXT PRIMARY KEY, -- 员工编号
  xm TEXT NOT NULL, -- 姓名
  xb INTEGER, -- 性别: 1=男 2=女
  bzid INTEGER REFERENCES rs_bz(bzid), -- 所属班组ID
  gw TEXT NOT NULL, -- 岗位: CZ=操作工 BZ=班组长 WX=设备维修工 ZJ=质检员 GY=工艺员
  rzrq INTEGER, -- 入职日期(epoch秒)
  lzrq INTEGER, -- 离职日期(epoch秒, 在职为空)
  sfzz INTEGER NOT NULL DEFAULT 1 -- 是否在职: 1=在职 0=离职
);

CREATE TABLE jc_cp ( -- 产品物料主数据
  cpbm TEXT PRIMARY KEY, -- 产品编码
  cpmc TEXT NOT NULL, -- 产品名称
  gg TEXT, -- 规格
  cplx TEXT NOT NULL, -- 产品类别: CY=冲压件 HJ=焊接总成 ZS=注塑件 TZ=涂装件
  dw TEXT NOT NULL DEFAULT '件', -- 计量单位
  dz REAL, -- 单重(kg)
  bzjp INTEGER, -- 标准节拍(秒/件)
  sfyx INTEGER NOT NULL DEFAULT 1 -- 是否有效: 1=有效 0=停用
);

CREATE TABLE scgd ( -- 生产工单
  gdh TEXT PRIMARY KEY, -- 工单号
  cpbm TEXT NOT NULL REFERENCES jc_cp(cpbm), -- 产品编码
  cxid INTEGER NOT NULL REFERENCES jc_cx(cxid), -- 生产产线ID
  wo_qty INTEGER NOT NULL, -- 计划数量(件)
  wc_qty INTEGER NOT NULL DEFAULT 0, -- 已完工合格数量(件)
  jhks INTEGER, -- 计划开始时间(epoch秒)
  jhjs INTEGER, -- 计划结束时间(epoch秒)
  sjks INTEGER, -- 实际开始时间(epoch秒, 未开工为空)
  sjjs INTEGER, -- 实际结束时间(epoch秒, 未完工为空)
  zt INTEGER NOT NULL DEFAULT 0, -- 状态: 0=待生产 1=生产中 2=已完工 9=已取消
  yxj INTEGER NOT NULL DEFAULT 2, -- 优先级: 1=高 2=中 3=低
  cjsj INTEGER, -- 创建时间(epoch秒)
  cjr TEXT -- 创建人(员工编号)
);

CREATE TABLE cl_bg ( -- 产量报工记录(每班次每台设备报工)
  bgid INTEGER PRIMARY KEY, -- 报工ID
  gdh TEXT NOT NULL REFERENCES scgd(gdh), -- 工单号
  sbbh TEXT NOT NULL REFERENCES sb_jbxx(sbbh), -- 设备编号
  ygid TEXT NOT NULL REFERENCES rs_yg(ygid), -- 报工人(操作工员工编号)
  bcdm TEXT NOT NULL REFERENCES jc_bc(bcdm), -- 班次代码
  bgsj INTEGER NOT NULL, -- 报工时间(epoch毫秒)
  hg_qty INTEGER NOT NULL DEFAULT 0, -- 合格数量(件)
  bf_qty INTEGER NOT NULL DEFAULT 0, -- 报废数量(件)
  dur INTEGER -- 本次报工作业时长(分钟)
);

CREATE TABLE sb_gz ( -- 设备故障停机记录
  gzid INTEGER PRIMARY KEY, -- 停机记录ID
  sbbh TEXT NOT NULL REFERENCES sb_jbxx(sbbh), -- 设备编号
  kssj INTEGER NOT NULL, -- 停机开始时间(epoch秒)
  jssj INTEGER, -- 停机结束时间(epoch秒, 为空表示尚未恢复)
  dur INTEGER, -- 停机时长(分钟, 未恢复为空)
  yydm TEXT NOT NULL, -- 停机原因代码: M01=机械故障 E02=电气故障 Q03=缺料待料 H04=换模换型 P05=计划保养 Z06=质量异常 O99=其他
  sfjh INTEGER NOT NULL DEFAULT 0, -- 是否计划停机: 1=是 0=否
  gzms TEXT, -- 故障描述
  bgr TEXT -- 报告人(员工编号)
);

CREATE TABLE zl_jy ( -- 质量检验记录
  jyid INTEGER PRIMARY KEY, -- 检验记录ID
  gdh TEXT NOT NULL REFERENCES scgd(gdh), -- 工单号
  jylx INTEGER NOT NULL, -- 检验类型: 1=首检 2=巡检 3=终检
  jysj INTEGER NOT NULL, -- 检验时间(epoch秒)
  jyy TEXT REFERENCES rs_yg(ygid), -- 检验员(员工编号)
  cysl INTEGER NOT NULL, -- 抽样数量(件)
  bhgs INTEGER NOT NULL DEFAULT 0, -- 不合格数量(件)
  qxlx INTEGER, -- 主要缺陷类型: 1=尺寸超差 2=划伤 3=毛刺 4=变形 5=焊点不良 6=色差 7=缩痕 (无缺陷为空)
  jg TEXT NOT NULL -- 判定结果: P=合格 F=不合格 R=让步接收
);

CREATE TABLE wx_gd ( -- 设备维修工单
  wxdh TEXT PRIMARY KEY, -- 维修单号
  sbbh TEXT NOT NULL REFERENCES sb_jbxx(sbbh), -- 设备编号
  gzid INTEGER REFERENCES sb_gz(gzid), -- 关联停机记录ID(可为空)
  wxlx INTEGER NOT NULL, -- 维修类型: 1=故障维修 2=预防性维护
  bxsj INTEGER NOT NULL, -- 报修时间(epoch秒)
  bxr TEXT, -- 报修人(员工编号)
  jdr TEXT REFERENCES rs_yg(ygid), -- 接单维修技术员(员工编号, 未派工为空)
  wcsj INTEGER, -- 维修完成时间(epoch秒)
  zt TEXT NOT NULL, -- 状态: D=待派工 C=维修中 W=已完成 X=已撤销
  fy REAL, -- 维修费用(元)
  wxnr TEXT -- 维修内容
);
"""

LINES = [
    # cxid, cxbm, cxmc, cjmc, sjcn, sfqy
    (1, "CY-L1", "冲压线1", "一车间", 600, 1),
    (2, "CY-L2", "冲压线2", "一车间", 600, 1),
    (3, "CY-L3", "冲压线3", "一车间", 400, 0),
    (4, "HZ-L1", "焊装线1", "二车间", 160, 1),
    (5, "HZ-L2", "焊装线2", "二车间", 160, 1),
    (6, "ZS-L1", "注塑线1", "三车间", 450, 1),
    (7, "TZ-L1", "涂装线1", "三车间", 300, 1),
]

SHIFTS = [("A", "早班", "08:00", "16:00"), ("B", "中班", "16:00", "24:00"),
          ("C", "夜班", "00:00", "08:00")]
SHIFT_START_H = {"C": 0, "A": 8, "B": 16}

MACHINES = [
    # sbbh, sbmc, sblx, ggxh, cxid, tyrq(y,m,d), kW, zt, sfgj
    ("CY-01", "1号冲压机", "CY", "JH21-400", 1, (2015, 4, 18), 45.0, 1, 1),
    ("CY-02", "2号冲压机", "CY", "JH21-400", 1, (2016, 9, 6), 45.0, 1, 1),
    ("CY-03", "3号冲压机", "CY", "J31-630", 2, (2012, 3, 22), 55.0, 1, 1),
    ("CY-04", "4号冲压机", "CY", "J31-630", 2, (2018, 7, 10), 55.0, 1, 1),
    ("CY-05", "5号冲压机", "CY", "JH25-315", 2, (2021, 11, 2), 37.0, 1, 0),
    ("CY-06", "6号冲压机", "CY", "JH21-250", 3, (2010, 5, 15), 30.0, 2, 0),
    ("HJ-01", "1号焊接机器人", "HJ", "FANUC R-2000iC", 4, (2019, 6, 1), 12.0, 1, 1),
    ("HJ-02", "2号焊接机器人", "HJ", "FANUC R-2000iC", 4, (2019, 6, 1), 12.0, 1, 0),
    ("HJ-03", "3号焊接机器人", "HJ", "KUKA KR210", 4, (2020, 8, 20), 11.0, 1, 1),
    ("HJ-04", "4号焊接机器人", "HJ", "KUKA KR210", 4, (2020, 8, 20), 11.0, 1, 0),
    ("HJ-05", "5号焊接机器人", "HJ", "ABB IRB6700", 5, (2022, 3, 15), 13.5, 1, 1),
    ("HJ-06", "6号焊接机器人", "HJ", "ABB IRB6700", 5, (2022, 3, 15), 13.5, 1, 0),
    ("HJ-07", "7号焊接机器人", "HJ", "ABB IRB6700", 5, (2023, 1, 9), 13.5, 1, 0),
    ("HJ-08", "8号焊接机器人", "HJ", "ABB IRB6700", 5, (2025, 5, 28), 13.5, 1, 0),
    ("ZS-01", "1号注塑机", "ZS", "HTF1250X", 6, (2017, 2, 14), 90.0, 1, 1),
    ("ZS-02", "2号注塑机", "ZS", "HTF1250X", 6, (2017, 2, 14), 90.0, 1, 1),
    ("ZS-03", "3号注塑机", "ZS", "HTF860X", 6, (2020, 10, 12), 75.0, 1, 0),
    ("ZS-04", "4号注塑机", "ZS", "HTF530X", 6, (2013, 12, 3), 45.0, 2, 0),
    ("PT-01", "1号喷涂机器人", "PT", "DURR EcoRP E043", 7, (2021, 4, 26), 8.0, 1, 1),
    ("PT-02", "2号喷涂机器人", "PT", "DURR EcoRP E043", 7, (2021, 4, 26), 8.0, 1, 0),
    ("HG-01", "1号烘干炉", "HG", "RQ-120", 7, (2014, 8, 8), 120.0, 1, 1),
]
ZS04_OFF = ts(2026, 10, 15)

TEAMS = [
    (1, "冲压甲班", "一车间"), (2, "冲压乙班", "一车间"), (3, "冲压丙班", "一车间"),
    (4, "焊装甲班", "二车间"), (5, "焊装乙班", "二车间"),
    (6, "注塑班", "三车间"), (7, "涂装班", "三车间"),
    (8, "设备维修班", "设备部"), (9, "质检班", "质量部"),
]

# (name, sex, team, post, hired (y,m,d), left (y,m,d) or None)
PEOPLE = [
    ("张伟", 1, 1, "BZ", (2014, 3, 1), None), ("刘洋", 1, 1, "CZ", (2018, 7, 9), None),
    ("陈静", 2, 1, "CZ", (2019, 2, 25), None), ("杨帆", 1, 1, "CZ", (2021, 8, 16), None),
    ("黄磊", 1, 1, "CZ", (2023, 3, 6), None), ("石磊", 1, 1, "CZ", (2022, 5, 4), (2026, 6, 30)),
    ("赵敏", 2, 2, "BZ", (2015, 6, 1), None), ("周强", 1, 2, "CZ", (2017, 9, 11), None),
    ("吴婷", 2, 2, "CZ", (2020, 4, 20), None), ("徐明", 1, 2, "CZ", (2022, 10, 10), None),
    ("孙丽", 2, 2, "CZ", (2024, 2, 26), None),
    ("马超", 1, 3, "BZ", (2013, 11, 4), None), ("朱军", 1, 3, "CZ", (2016, 5, 23), None),
    ("胡斌", 1, 3, "CZ", (2019, 8, 5), None), ("郭涛", 1, 3, "CZ", (2021, 3, 15), None),
    ("何亮", 1, 3, "CZ", (2025, 7, 1), None),
    ("高峰", 1, 4, "BZ", (2016, 2, 29), None), ("林涛", 1, 4, "CZ", (2019, 6, 17), None),
    ("罗勇", 1, 4, "CZ", (2020, 9, 1), None), ("梁宇", 1, 4, "CZ", (2023, 5, 8), None),
    ("宋佳", 2, 5, "BZ", (2017, 4, 10), None), ("郑浩", 1, 5, "CZ", (2021, 1, 4), None),
    ("谢飞", 1, 5, "CZ", (2022, 6, 13), None), ("韩冰", 2, 5, "CZ", (2024, 9, 2), None),
    ("唐刚", 1, 6, "BZ", (2012, 8, 20), None), ("冯雪", 2, 6, "CZ", (2018, 3, 12), None),
    ("于洋", 1, 6, "CZ", (2019, 11, 25), None), ("董鹏", 1, 6, "CZ", (2020, 7, 6), None),
    ("萧然", 2, 6, "CZ", (2022, 2, 21), None), ("程伟", 1, 6, "CZ", (2023, 10, 9), None),
    ("姚远", 1, 6, "CZ", (2021, 5, 10), (2026, 7, 15)),
    ("曹阳", 1, 7, "BZ", (2015, 10, 12), None), ("袁野", 1, 7, "CZ", (2020, 3, 2), None),
    ("邓超", 1, 7, "CZ", (2022, 8, 22), None), ("许晴", 2, 7, "CZ", (2024, 4, 15), None),
    ("王建国", 1, 8, "BZ", (2008, 5, 5), None), ("李强", 1, 8, "WX", (2011, 7, 1), None),
    ("王磊", 1, 8, "WX", (2015, 3, 16), None), ("孙浩", 1, 8, "WX", (2018, 8, 27), None),
    ("周杰", 1, 8, "WX", (2020, 12, 7), None), ("吴刚", 1, 8, "WX", (2016, 6, 20), None),
    ("郑凯", 1, 8, "WX", (2019, 4, 1), (2026, 9, 30)), ("冯涛", 1, 8, "WX", (2026, 11, 16), None),
    ("沈丽", 2, 9, "BZ", (2013, 9, 2), None), ("彭颖", 2, 9, "ZJ", (2017, 5, 15), None),
    ("蒋欣", 2, 9, "ZJ", (2019, 10, 8), None), ("蔡文", 1, 9, "ZJ", (2021, 6, 28), None),
    ("贾琳", 2, 9, "ZJ", (2023, 12, 11), None),
    ("田野", 1, None, "GY", (2016, 1, 18), None), ("范磊", 1, None, "GY", (2020, 5, 11), None),
]

PRODUCTS = [
    # cpbm, cpmc, gg, cplx, dz kg, bzjp s/pc, line ids
    ("P1001", "左前门内板", "DX54D 0.8mm", "CY", 3.2, 12, (1, 2)),
    ("P1002", "右前门内板", "DX54D 0.8mm", "CY", 3.2, 12, (1, 2)),
    ("P1003", "后盖板", "DC06 0.7mm", "CY", 4.1, 15, (1, 2)),
    ("P1004", "前围板", "DC04 1.0mm", "CY", 5.6, 18, (1, 2)),
    ("P2001", "前门总成", "焊点86个", "HJ", 14.5, 75, (4, 5)),
    ("P2002", "后门总成", "焊点72个", "HJ", 12.8, 70, (4, 5)),
    ("P2003", "侧围总成", "焊点210个", "HJ", 28.0, 160, (4, 5)),
    ("P3001", "仪表板支架", "PP+EPDM-T20", "ZS", 1.9, 55, (6,)),
    ("P3002", "前保险杠", "PP+EPDM-T15", "ZS", 4.3, 70, (6,)),
    ("P3003", "门护板", "PP-T20", "ZS", 1.4, 45, (6,)),
    ("P4001", "前保险杠涂装件", "水性漆 三涂一烘", "TZ", 4.4, 90, (7,)),
    ("P4002", "后视镜壳", "水性漆 双涂一烘", "TZ", 0.3, 30, (7,)),
    ("P1005", "行李箱内板", "DC04 0.8mm", "CY", 3.9, 16, ()),  # 已停产
]

# line -> (work orders per day, shifts run, scrap base rate)
LINE_PLAN = {
    1: (2, ("C", "A", "B"), 0.012),
    2: (2, ("C", "A", "B"), 0.034),
    4: (1, ("A", "B"), 0.008),
    5: (1, ("A", "B"), 0.010),
    6: (2, ("C", "A", "B"), 0.020),
    7: (1, ("A", "B"), 0.024),
}
SHIFT_SCRAP = {"A": 1.0, "B": 1.1, "C": 1.6}
MACHINE_SCRAP = {"CY-03": 1.45}
PRODUCT_SCRAP = {"P3003": 1.5}
DEFECTS = {1: (1, 3, 4, 2), 2: (1, 3, 4, 2), 4: (5, 1), 5: (5, 1), 6: (7, 3, 2), 7: (6, 2)}

# unplanned stoppages per machine per day (Poisson rate) and median minutes
FAULT_RATE = {
    "CY-01": (0.30, 22), "CY-02": (0.28, 22), "CY-03": (1.05, 42), "CY-04": (0.55, 30),
    "CY-05": (0.50, 28), "CY-06": (0.0, 0),
    "HJ-01": (0.25, 20), "HJ-02": (0.22, 20), "HJ-03": (0.30, 24), "HJ-04": (0.22, 20),
    "HJ-05": (0.25, 20), "HJ-06": (0.28, 22), "HJ-07": (0.20, 20), "HJ-08": (0.15, 18),
    "ZS-01": (0.30, 25), "ZS-02": (0.28, 25), "ZS-03": (0.26, 25), "ZS-04": (0.35, 30),
    "PT-01": (0.22, 18), "PT-02": (0.06, 15), "HG-01": (0.05, 35),
}
REASONS_UNPLANNED = [("M01", 35), ("E02", 25), ("Q03", 15), ("Z06", 10), ("O99", 15)]
REASON_TEXT = {
    "M01": ["模具卡料", "送料机构卡滞", "液压系统泄漏", "导轨磨损异响", "气缸动作不到位", "轴承过热"],
    "E02": ["伺服驱动器报警", "光栅误触发", "PLC通讯中断", "电机过载跳闸", "传感器失效", "焊枪控制器报警"],
    "Q03": ["上工序来料不足", "卷料未到", "粒子未烘干到位", "线边库缺料"],
    "Z06": ["首件尺寸超差停机调整", "批量毛刺停机排查", "外观不良停机确认"],
    "O99": ["停电", "叉车占道", "人员培训", "其他原因"],
    "H04": ["换模", "换型调整"],
    "P05": ["月度计划保养", "季度点检保养"],
}
TECHS = ["李强", "王磊", "孙浩", "周杰", "吴刚", "郑凯", "王建国"]
TECH_WEIGHTS = {  # by machine family; 王建国 (维修班长) takes a few tickets himself
    "CY": [46, 16, 12, 10, 10, 6, 4],
    "HJ": [8, 38, 10, 28, 8, 8, 4],
    "ZS": [6, 8, 40, 10, 28, 8, 4],
    "PT": [6, 12, 30, 20, 24, 8, 4],
    "HG": [6, 12, 30, 20, 24, 8, 4],
}
WU_GANG_LEAVE = ts(2026, 10, 25)
ZHENG_KAI_LEFT = ts(2026, 9, 30)


def poisson(rng, lam):
    if lam <= 0:
        return 0
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def build(path):
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)

    con.executemany("INSERT INTO jc_cx VALUES (?,?,?,?,?,?)", LINES)
    con.executemany("INSERT INTO jc_bc VALUES (?,?,?,?)", SHIFTS)
    con.executemany(
        "INSERT INTO sb_jbxx VALUES (?,?,?,?,?,?,?,?,?)",
        [(m[0], m[1], m[2], m[3], m[4], ts(*m[5]), m[6], m[7], m[8]) for m in MACHINES])

    # --- people -------------------------------------------------------
    ygid = {}
    rows = []
    for i, (xm, xb, bz, gw, rz, lz) in enumerate(PEOPLE):
        eid = "E%04d" % (1001 + i * 7)
        ygid[xm] = eid
        rows.append((eid, xm, xb, bz, gw, ts(*rz), ts(*lz) if lz else None, 0 if lz else 1))
    con.executemany("INSERT INTO rs_yg VALUES (?,?,?,?,?,?,?,?)", rows)
    leader = {p[2]: ygid[p[0]] for p in PEOPLE if p[3] == "BZ"}
    con.executemany("INSERT INTO rs_bz VALUES (?,?,?,?)",
                    [(t[0], t[1], t[2], leader.get(t[0])) for t in TEAMS])
    team_members = {}
    for xm, xb, bz, gw, rz, lz in PEOPLE:
        if gw in ("CZ", "BZ") and lz is None and bz in range(1, 8):
            team_members.setdefault(bz, []).append(ygid[xm])
    inspectors = [ygid[n] for n in ("彭颖", "蒋欣", "蔡文", "贾琳", "沈丽")]
    insp_w = [30, 28, 22, 15, 5]
    planners = [ygid["田野"], ygid["范磊"]]

    con.executemany(
        "INSERT INTO jc_cp VALUES (?,?,?,?,?,?,?,?)",
        [(p[0], p[1], p[2], p[3], "件", p[4], p[5], 1 if p[6] else 0) for p in PRODUCTS])
    products_by_line = {}
    for p in PRODUCTS:
        for lid in p[6]:
            products_by_line.setdefault(lid, []).append(p)
    machines_by_line = {}
    for m in MACHINES:
        if m[7] == 1 or m[0] == "ZS-04":
            machines_by_line.setdefault(m[4], []).append(m[0])

    def team_on(line, shift, day0):
        week = (day0 - START) // (7 * DAY)
        if line in (1, 2):
            order = ["C", "A", "B"]
            return 1 + (order.index(shift) + week) % 3
        if line in (4, 5):
            return 4 + (("A", "B").index(shift) + week) % 2
        return 6 if line == 6 else 7

    # --- work orders + output reports + inspections --------------------
    wo_rows, bg_rows, jy_rows = [], [], []
    seq_per_day = {}
    ndays = (TODAY - START) // DAY + 1 + PLAN_AHEAD_DAYS
    for di in range(ndays):
        day0 = START + di * DAY
        for line, (per_day, shifts, base_scrap) in LINE_PLAN.items():
            n = per_day if rng.random() > 0.08 else per_day - 1
            lms = list(machines_by_line[line])
            if line == 6 and day0 >= ZS04_OFF:
                lms.remove("ZS-04")
            rng.shuffle(lms)
            for k in range(n):
                prod = rng.choice(products_by_line[line])
                mach = lms[k % len(lms)]
                cap = {1: 560, 2: 540, 4: 150, 5: 150, 6: 420, 7: 280}[line]
                qty = int(round(cap * len(shifts) / per_day * rng.uniform(0.75, 1.1), -1))
                dstr = _local_date(day0)
                seq_per_day[dstr] = seq_per_day.get(dstr, 0) + 1
                gdh = "WO%s%03d" % (dstr[2:], seq_per_day[dstr])
                s0 = shifts[0]
                jhks = day0 + SHIFT_START_H[s0] * 3600
                jhjs = day0 + (SHIFT_START_H[shifts[-1]] + 8) * 3600
                cjsj = day0 - rng.randint(2, 6) * DAY + rng.randint(8 * 3600, 18 * 3600)
                yxj = rng.choices([1, 2, 3], [2, 6, 2])[0]
                # status
                if jhks > NOW:
                    zt = 0
                elif day0 < TODAY - DAY and rng.random() < 0.035:
                    zt = 9
                elif day0 >= TODAY - 3 * DAY and day0 < TODAY and rng.random() < 0.18:
                    zt = rng.choice([0, 1, 1])   # overdue
                elif jhjs > NOW:
                    zt = 1
                else:
                    zt = 2
                sjks = sjjs = None
                wc = 0
                if zt in (1, 2):
                    sjks = jhks + rng.randint(0, 40) * 60
                    run_shifts = list(shifts)
                    if zt == 1 and jhjs <= NOW:
                        run_shifts = run_shifts[:max(1, len(run_shifts) - 1)]
                    per_shift = qty / len(shifts)
                    last_t = sjks
                    for s in run_shifts:
                        s_start = day0 + SHIFT_START_H[s] * 3600
                        s_end = s_start + 8 * 3600
                        if s_start > NOW:
                            break
                        s_end_eff = min(s_end, NOW)
                        frac = (s_end_eff - s_start) / (8 * 3600)
                        nrep = 2 if rng.random() < 0.35 else 1
                        team = team_on(line, s, day0)
                        for r in range(nrep):
                            made = per_shift * frac / nrep * rng.uniform(0.85, 1.08)
                            rate = base_scrap * SHIFT_SCRAP[s] * MACHINE_SCRAP.get(mach, 1.0) \
                                * PRODUCT_SCRAP.get(prod[0], 1.0) * _spike(line, day0) \
                                * rng.uniform(0.5, 1.6)
                            bf = int(round(made * rate))
                            hg = max(0, int(round(made)) - bf)
                            t_rep = s_start + int((r + 1) * (s_end_eff - s_start) / nrep) \
                                - rng.randint(0, 25) * 60
                            if t_rep > NOW:
                                t_rep = NOW - rng.randint(1, 20) * 60
                            t_rep = max(t_rep, sjks + 600)
                            op = rng.choice(team_members[team])
                            durm = int((s_end_eff - s_start) / 60 / nrep) - rng.randint(0, 30)
                            bg_rows.append([gdh, mach, op, s, t_rep * 1000 + rng.randint(0, 999),
                                            hg, bf, durm])
                            wc += hg
                            last_t = max(last_t, t_rep)
                    if zt == 2:
                        sjjs = last_t + rng.randint(2, 30) * 60
                    # inspections
                    insp_times = [(1, sjks + rng.randint(15, 45) * 60, 5)]
                    t = sjks + 3 * 3600
                    end_t = sjjs if sjjs else NOW
                    while t < end_t - 3600:
                        insp_times.append((2, t + rng.randint(-20, 20) * 60, 20))
                        t += rng.randint(4, 7) * 3600
                    if sjjs:
                        insp_times.append((3, sjjs + rng.randint(5, 40) * 60, 50))
                    for jylx, jt, cy in insp_times:
                        if jt > NOW:
                            continue
                        prate = base_scrap * 1.3 * MACHINE_SCRAP.get(mach, 1.0) \
                            * PRODUCT_SCRAP.get(prod[0], 1.0) * _spike(line, day0)
                        bh = sum(1 for _ in range(cy) if rng.random() < prate)
                        if bh == 0:
                            qx, jg = None, "P"
                        else:
                            qx = rng.choice(DEFECTS[line])
                            jg = "F" if bh / cy > 0.06 else rng.choice(["R", "P"])
                        jy_rows.append((gdh, jylx, jt, rng.choices(inspectors, insp_w)[0],
                                        cy, bh, qx, jg))
                wo_rows.append((gdh, prod[0], line, qty, wc, jhks, jhjs, sjks, sjjs, zt,
                                yxj, cjsj, rng.choice(planners)))
    con.executemany("INSERT INTO scgd VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", wo_rows)
    bg_rows.sort(key=lambda r: r[4])
    con.executemany("INSERT INTO cl_bg (gdh,sbbh,ygid,bcdm,bgsj,hg_qty,bf_qty,dur) "
                    "VALUES (?,?,?,?,?,?,?,?)", bg_rows)
    jy_rows.sort(key=lambda r: r[2])
    con.executemany("INSERT INTO zl_jy (gdh,jylx,jysj,jyy,cysl,bhgs,qxlx,jg) "
                    "VALUES (?,?,?,?,?,?,?,?)", jy_rows)

    # --- stoppages -----------------------------------------------------
    gz = []  # [sbbh, kssj, jssj, dur, yydm, sfjh, gzms, bgr]
    line_of = {m[0]: m[4] for m in MACHINES}
    fam = {m[0]: m[2] for m in MACHINES}
    for m in MACHINES:
        sb = m[0]
        lam, med = FAULT_RATE[sb]
        pm_offset = rng.randint(0, 20)
        for di in range((TODAY - START) // DAY + 1):
            day0 = START + di * DAY
            if sb == "ZS-04" and day0 >= ZS04_OFF:
                break
            if sb == "CY-06":
                break
            events = []
            for _ in range(poisson(rng, lam)):
                code = rng.choices([c for c, _ in REASONS_UNPLANNED],
                                   [w for _, w in REASONS_UNPLANNED])[0]
                if sb == "CY-03" and rng.random() < 0.3:
                    code = "M01"
                d = int(round(med * math.exp(rng.gauss(0, 0.75))))
                d = max(3, min(d, 480))
                events.append((code, d, 0))
            if fam[sb] == "CY" and rng.random() < 0.55:
                events.append(("H04", rng.randint(18, 45), 1))
            if (di + pm_offset) % 21 == 0:
                events.append(("P05", rng.randint(8, 16) * 15, 1))
            for code, d, pl in events:
                if sb == "HG-01" and ts(2026, 10, 1) <= day0 < ts(2026, 11, 1):
                    continue
                if code == "P05":
                    k0 = day0 + rng.choice([9, 13, 14]) * 3600
                else:
                    k0 = day0 + rng.randint(0, 86399)
                k0 -= k0 % 60
                if k0 + d * 60 > NOW:
                    continue
                team = team_on(line_of[sb], "A", day0) if line_of[sb] in LINE_PLAN else 1
                bgr = rng.choice(team_members.get(team, team_members[1]))
                gz.append([sb, k0, k0 + d * 60, d, code, pl,
                           rng.choice(REASON_TEXT[code]), bgr])
    # the big one last week, and two machines that are down right now
    gz.append(["HJ-03", ts(2026, 11, 11, 9, 20), ts(2026, 11, 12, 0, 20), 900, "E02", 0,
               "焊接电源主板烧毁, 等待备件", ygid["林涛"]])
    gz.append(["CY-04", ts(2026, 11, 21, 10, 35), None, None, "M01", 0,
               "离合器异响, 滑块无法回程", ygid["刘洋"]])
    gz.append(["HJ-06", ts(2026, 11, 21, 11, 20), None, None, "E02", 0,
               "示教器报警 SRVO-050", ygid["郑浩"]])
    gz.sort(key=lambda r: r[1])
    con.executemany("INSERT INTO sb_gz (sbbh,kssj,jssj,dur,yydm,sfjh,gzms,bgr) "
                    "VALUES (?,?,?,?,?,?,?,?)", gz)
    gz_rows = con.execute("SELECT gzid,sbbh,kssj,jssj,dur,yydm,sfjh,bgr FROM sb_gz "
                          "ORDER BY gzid").fetchall()

    # --- repair tickets --------------------------------------------------
    wx = []  # [bxsj, sbbh, gzid, wxlx, bxr, jdr, wcsj, zt, fy, wxnr]
    for gzid, sb, k0, k1, d, code, pl, bgr in gz_rows:
        if code == "P05":
            bx = k0 - rng.randint(20, 28) * 3600
            tech = _pick_tech(rng, fam[sb], k0)
            wx.append([bx, sb, gzid, 2, ygid["王建国"], ygid[tech], k1, "W",
                       round(rng.uniform(200, 1500), 2), "计划保养: 润滑、紧固、点检"])
            continue
        if code not in ("M01", "E02"):
            continue
        if d is not None and d < 30:
            continue
        bx = k0 + rng.randint(2, 12) * 60
        if k1 is None:
            if sb == "HJ-06":
                wx.append([bx, sb, gzid, 1, bgr, None, None, "D", None, None])
            else:
                wx.append([bx, sb, gzid, 1, bgr, ygid["李强"], None, "C", None, None])
            continue
        tech = _pick_tech(rng, fam[sb], k0)
        big = d >= 240
        cost = rng.uniform(1500, 9000) if big else rng.uniform(0, 1800)
        if code == "E02":
            cost *= 1.2
        wx.append([bx, sb, gzid, 1, bgr, ygid[tech], k1 + rng.randint(0, 40) * 60, "W",
                   round(cost, 2), "处理: " + ("更换备件" if big else "调整/紧固/复位")])
    # minor tickets without a stoppage, some pending / cancelled in the last days
    for _ in range(60):
        sb = rng.choice([m[0] for m in MACHINES if m[7] == 1])
        bx = START + rng.randint(0, (NOW - START) // 60 - 60) * 60
        tech = _pick_tech(rng, fam[sb], bx)
        if bx > NOW - 2 * DAY:
            st = rng.choice(["D", "C"])
            wx.append([bx, sb, None, 1, rng.choice(team_members[1]),
                       None if st == "D" else ygid[tech], None, st, None, "设备异响待检查"])
        elif rng.random() < 0.12:
            wx.append([bx, sb, None, 1, rng.choice(team_members[1]), None, None, "X", None,
                       "误报, 撤销"])
        else:
            wx.append([bx, sb, None, 1, rng.choice(team_members[1]), ygid[tech],
                       bx + rng.randint(30, 300) * 60, "W", round(rng.uniform(0, 800), 2),
                       "小修: 更换密封件/传感器校准"])
    wx.sort(key=lambda r: (r[0], r[1]))
    seq = {}
    out = []
    for r in wx:
        dstr = _local_date(r[0])
        seq[dstr] = seq.get(dstr, 0) + 1
        out.append(["WX%s%03d" % (dstr, seq[dstr]), r[1], r[2], r[3], r[0], r[4], r[5], r[6],
                    r[7], r[8], r[9]])
    con.executemany("INSERT INTO wx_gd VALUES (?,?,?,?,?,?,?,?,?,?,?)", out)
    con.commit()
    con.close()


def _spike(line, day0):
    """注塑线1 ran with wet resin 2026-11-10..13: scrap x5 that week."""
    if line == 6 and ts(2026, 11, 10) <= day0 < ts(2026, 11, 14):
        return 5.0
    return 1.0


def _pick_tech(rng, family, t):
    w = list(TECH_WEIGHTS[family])
    if t >= WU_GANG_LEAVE:
        w[TECHS.index("吴刚")] = 0
    if t >= ZHENG_KAI_LEFT:
        w[TECHS.index("郑凯")] = 0
    return rng.choices(TECHS, w)[0]


def _local_date(epoch):
    y, m, d = _ymd(epoch)
    return "%04d%02d%02d" % (y, m, d)


def _ymd(epoch):
    import time
    t = time.gmtime(epoch + TZ)
    return t.tm_year, t.tm_mon, t.tm_mday


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m evals.nl2sql.blind.mes_pinyin OUT.db", file=sys.stderr)
        return 2
    build(argv[0])
    print("wrote", argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
