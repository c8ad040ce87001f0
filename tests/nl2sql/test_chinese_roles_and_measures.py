"""Chinese questions on a schema of its own, named in pinyin with Chinese comments (a casting
shop): "哪个检验员" asks which person of that role, by name; "每种缺陷类型" groups by the defect
code even where 缺陷 is said again after it; 合格 said of a sum of the column "合格数量" is what
the sum keeps, not a condition left out (though inspections keep a verdict 合格); 花掉的维修费
is the repair cost summed; "超过1张" bounds a number of orders, shown beside the average asked;
and 冷库 finds a store kept under its English name. People of a kind the role codes do not name
(质检员) are asked back, not counted as everyone. A shift named 夜班 is the English question's
"night shift"; "…的人员有哪些？各检验了几次？" still asks for the people."""

from __future__ import annotations

from nl2sql import NL2SQL
from tests.nl2sql.conftest import answered_outright, understood, understood_rows

SCHEMA = (
    """CREATE TABLE ry ( -- 人员
  gh TEXT PRIMARY KEY, -- 工号
  xm TEXT NOT NULL, -- 姓名
  gz TEXT NOT NULL -- 工种: ZZ=铸造工 JY=检验员 BY=搬运工 WX=维修工
)""",
    """CREATE TABLE jy_jl ( -- 铸件检验记录
  jlid INTEGER PRIMARY KEY, -- 记录ID
  jyr TEXT NOT NULL REFERENCES ry(gh), -- 检验人
  jysj TEXT NOT NULL, -- 检验时间
  jy_type TEXT NOT NULL, -- 检验类型: 首检, 巡检
  pd TEXT NOT NULL -- 判定: P=合格 F=不合格
)""",
    """CREATE TABLE qx_jl ( -- 缺陷记录
  qxid INTEGER PRIMARY KEY, -- 缺陷ID
  jlid INTEGER NOT NULL REFERENCES jy_jl(jlid), -- 检验记录
  fxsj TEXT NOT NULL, -- 发现时间
  defect_cd TEXT NOT NULL -- A=气孔 B=裂纹 C=夹砂
)""",
    """CREATE TABLE bc ( -- 班次
  bcdm TEXT PRIMARY KEY, -- 班次代码
  bcmc TEXT NOT NULL -- 班次名称
)""",
    """CREATE TABLE bg ( -- 产量报工
  bgid INTEGER PRIMARY KEY, -- 报工ID
  bcdm TEXT NOT NULL REFERENCES bc(bcdm), -- 班次
  bgsj TEXT NOT NULL, -- 报工时间
  ok_qty INTEGER NOT NULL, -- 合格数量(件)
  bf_qty INTEGER NOT NULL -- 报废数量(件)
)""",
    """CREATE TABLE sbwx ( -- 设备维修单
  wxid INTEGER PRIMARY KEY, -- 维修单号
  sbmc TEXT NOT NULL, -- 设备名称
  wxr TEXT NOT NULL REFERENCES ry(gh), -- 维修人
  wxfy REAL NOT NULL, -- 维修费用(元)
  wcsj TEXT NOT NULL -- 完成时间
)""",
    "CREATE TABLE store (store_id INTEGER PRIMARY KEY, store_name TEXT NOT NULL)",
    "CREATE TABLE bin (bin_code TEXT PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES store(store_id))",
)
ROWS = {
    "ry": [
        ("G1", "王强", "ZZ"),
        ("G2", "李娜", "JY"),
        ("G3", "张伟", "JY"),
        ("G4", "赵敏", "BY"),
        ("G5", "刘洋", "WX"),
        ("G6", "陈杰", "WX"),
    ],
    # October: 张伟 three inspections, 李娜 two, the caster 王强 four (more than either)
    "jy_jl": [
        (1, "G2", "2026-10-02 08:00:00", "首检", "P"),
        (2, "G3", "2026-10-03 09:00:00", "巡检", "F"),
        (3, "G3", "2026-10-08 10:00:00", "首检", "P"),
        (4, "G2", "2026-10-12 11:00:00", "巡检", "F"),
        (5, "G3", "2026-10-20 14:00:00", "首检", "P"),
        (6, "G1", "2026-10-05 08:00:00", "巡检", "P"),
        (7, "G1", "2026-10-06 08:00:00", "首检", "P"),
        (8, "G1", "2026-10-07 08:00:00", "巡检", "P"),
        (9, "G1", "2026-10-09 08:00:00", "首检", "P"),
        (10, "G2", "2026-11-03 08:00:00", "巡检", "P"),
    ],
    # October: three A, one B, one C
    "qx_jl": [
        (1, 1, "2026-10-02 08:10:00", "A"),
        (2, 2, "2026-10-03 09:10:00", "B"),
        (3, 4, "2026-10-12 11:10:00", "A"),
        (4, 5, "2026-10-20 14:10:00", "C"),
        (5, 7, "2026-10-06 08:10:00", "A"),
        (6, 10, "2026-11-03 08:10:00", "B"),
    ],
    # October: 240 + 198 good pieces reported; November: 60
    "bc": [("A", "早班"), ("B", "中班"), ("C", "夜班")],
    "bg": [
        (1, "A", "2026-10-02 20:00:00", 240, 5),
        (2, "C", "2026-10-09 20:00:00", 198, 2),
        (3, "C", "2026-11-04 20:00:00", 60, 1),
    ],
    "sbwx": [
        (1, "1号压铸机", "G5", 1200.0, "2026-10-04 16:00:00"),
        (2, "2号压铸机", "G6", 800.5, "2026-10-18 10:00:00"),
        (3, "1号压铸机", "G6", 300.0, "2026-11-02 09:00:00"),
        (4, "1号压铸机", "G5", 500.0, "2026-10-25 15:00:00"),
    ],
    "store": [(1, "Main Store"), (2, "Cold Room")],
    "bin": [("A-01", 1), ("A-02", 1), ("A-03", 1), ("C-01", 2), ("C-02", 2)],
}


def test_which_person_of_a_role_is_grouped_by_name(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "10月哪个检验员做检验的次数最多？")
    assert [row[0] for row in rows] == ["张伟"]


def test_each_kind_groups_by_its_code_though_its_noun_is_said_again(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "10月各种缺陷类型各有几次缺陷？")
    assert {row[0]: row[-1] for row in rows} == {"A": 3, "B": 1, "C": 1}


def test_a_good_count_said_of_its_column_is_summed_not_asked_back(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "10月报工合格数加起来有多少件？") == [(438,)]


def test_money_spent_is_the_cost_column(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "10月维修费一共花掉多少？") == [(2500.5,)]


def test_a_cold_store_is_found_by_its_chinese_name(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "冷库的库位数是多少？") == [(2,)]


def test_a_bound_in_a_measure_word_counts_the_rows_and_shows_their_number(own_plant: NL2SQL) -> None:
    answer = understood(own_plant, "10月哪些维修工做了超过1张维修单？每张平均维修费是多少？")
    assert [tuple(row) for row in answer.rows] == [("刘洋", "G5", 850.0, 2)]


def test_people_of_a_kind_the_codes_do_not_name_are_not_answered_as_everyone(own_plant: NL2SQL) -> None:
    assert answered_outright(own_plant, "有几个质检员？") is None  # the roles coded hold no 质检员
    assert understood_rows(own_plant, "有几个检验员？") == [(2,)]


def test_a_name_stored_in_chinese_is_found_by_its_english_word(own_plant: NL2SQL) -> None:
    assert understood_rows(own_plant, "Good pieces made by the night shift in October?") == [(198,)]


def test_the_thing_asked_before_which_stays_asked_when_a_second_question_follows(own_plant: NL2SQL) -> None:
    rows = understood_rows(own_plant, "10月检验次数超过2次的人员有哪些？各检验了几次？")
    assert rows == [("张伟", "G3", 3), ("王强", "G1", 4)]
