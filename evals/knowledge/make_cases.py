"""Writes cases.jsonl from the tables below and checks every gold snippet is verbatim in a playbook.

Run: .venv/bin/python -m evals.knowledge.make_cases

The playbooks state many facts twice (a step, its timebox, the role that does it, a checklist
line), so some questions are answered by more than one section. ALSO_ANSWERED lists those
other sections' snippets. They were found in a second reading by a judge who saw only the
questions and the playbooks, never the search code or its results, and who added a section
only when it gives the asker what they asked on its own. Each case keeps them apart in
`added_snippets` as well, so `evals.knowledge.run --strict` scores the first reading alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.library import BUNDLED

# (question, question language, doc language, gold snippets)
CASES: list[tuple[str, str, str, list[str]]] = [
    # English questions, English playbooks
    (
        "we're about to run out of screws at station 4, what do I do?",
        "en",
        "en",
        ["state the part number, the station and how many minutes of stock are left"],
    ),
    (
        "how fast should the water spider show up when someone pulls the cord for missing parts?",
        "en",
        "en",
        ["Response by the water spider: 3 minutes"],
    ),
    (
        "the supermarket is empty too, who chases the supplier?",
        "en",
        "en",
        ["chases the supplier or warehouse when the supermarket is empty"],
    ),
    (
        "when can I close a material call?",
        "en",
        "en",
        ["Close the call only when stock is back above the reorder point"],
    ),
    (
        "found a scratched housing on the line, what's the procedure?",
        "en",
        "en",
        ["put the defective part in the red box with a tag"],
    ),
    (
        "how far back do we quarantine parts after finding a bad one?",
        "en",
        "en",
        ["back to the last known good part"],
    ),
    (
        "after fixing the cause of a defect how many parts should we verify?",
        "en",
        "en",
        ["verify the first three parts after the fix"],
    ),
    (
        "the press stopped with an alarm, what should the operator note down?",
        "en",
        "en",
        ["Write down the alarm code, the last operation"],
    ),
    (
        "repair will take an hour, what does the team leader do?",
        "en",
        "en",
        ["moves the work to another machine or another model"],
    ),
    (
        "must maintenance lock out the machine before opening the guard?",
        "en",
        "en",
        ["applies lockout/tagout before opening guards"],
    ),
    (
        "someone slipped on an oil spill and got hurt, what first?",
        "en",
        "en",
        ["if someone is hurt, call first aid before anything else"],
    ),
    (
        "can we clean up the scene right after a near miss?",
        "en",
        "en",
        ["Do not move equipment or clean up until the safety officer has seen the scene"],
    ),
    (
        "who decides when work restarts after an accident?",
        "en",
        "en",
        ["Restart only with the safety officer's approval"],
    ),
    (
        "nobody acknowledged my andon for 5 minutes, who gets it next?",
        "en",
        "en",
        ["it escalates to the area supervisor automatically"],
    ),
    (
        "when does the plant manager hear about a stop that risks a shipment?",
        "en",
        "en",
        ["goes to the plant manager at 2 hours"],
    ),
    ("who should score our 5S audit?", "en", "en", ["a person from another area, rotating every week"]),
    ("how do we score each S in the workplace audit?", "en", "en", ["Score each S from 0 to 4"]),
    (
        "how long should a workplace organisation audit take per area?",
        "en",
        "en",
        ["Audit walk: 20 minutes per area"],
    ),
    (
        "what happens in the check stage of plan-do-check-act?",
        "en",
        "en",
        ["compare the results with the target and the baseline"],
    ),
    ("our trial didn't hit the target, what now?", "en", "en", ["learn why and start a new cycle"]),
    ("what goes in the current condition box of an A3?", "en", "en", ["with numbers gathered at the gemba"]),
    (
        "what does the mentor do during A3 work?",
        "en",
        "en",
        ["asks questions at each section instead of giving answers"],
    ),
    ("how do I check my why chain makes sense?", "en", "en", ['Read the chain backwards with "therefore"']),
    (
        "should the problem statement name the operator who made the mistake?",
        "en",
        "en",
        ["what, where, when and how much — not who"],
    ),
    ("how do you work out takt time?", "en", "en", ["available time divided by customer demand"]),
    (
        "how many times should I observe a job before writing the standard?",
        "en",
        "en",
        ["at least ten times"],
    ),
    ("how do we make die changes faster?", "en", "en", ["Move external work out of the stop"]),
    (
        "when does a changeover start and end when we measure it?",
        "en",
        "en",
        ["from the last good part of the old product to the first good part of the new one"],
    ),
    (
        "what does the operator do every day to look after the machine?",
        "en",
        "en",
        ["cleaning, inspecting, lubricating, tightening"],
    ),
    ("how is OEE calculated?", "en", "en", ["availability × performance × quality"]),
    ("how long does a kaizen blitz usually last?", "en", "en", ["Event: 3 to 5 days"]),
    (
        "who should be on the improvement week team?",
        "en",
        "en",
        ["5 to 8 people, including operators from the area"],
    ),
    (
        "what kind of questions should a manager ask on the shop floor walk?",
        "en",
        "en",
        ["What slows you down?"],
    ),
    (
        "should I fix things I notice while walking the floor?",
        "en",
        "en",
        ["do not fix problems on the spot unless there is a safety risk"],
    ),
    (
        "what should someone see in 30 seconds when they enter the area?",
        "en",
        "en",
        ["whether things are normal or not"],
    ),
    ("what colours do we use on the production board?", "en", "en", ["green on plan, red off plan"]),
    (
        "can I just send the next shift a message instead of meeting?",
        "en",
        "en",
        ["do not hand over by message only"],
    ),
    (
        "what does the incoming leader repeat back at changeover of shifts?",
        "en",
        "en",
        ["repeats back the top three risks for the shift"],
    ),
    (
        "how long do tagged items sit in the holding area?",
        "en",
        "en",
        ["Keep the items in the holding area for 30 days"],
    ),
    ("what do I write on a red tag?", "en", "en", ["writing the item, quantity, date and reason on the tag"]),
    (
        "who audits at the second layer and how often?",
        "en",
        "en",
        ["Layer 2, area supervisor**: audits a different line every day"],
    ),
    ("how many questions should an LPA checklist have?", "en", "en", ["10 to 15 questions"]),
    # Chinese questions, Chinese playbooks
    ("线边快没料了，我该怎么做？", "zh", "zh", ["报出零件号、工位以及剩余物料还能生产多少分钟"]),
    ("仓库也没货的话找谁？", "zh", "zh", ["班组长升级给物料计划员并商定方案"]),
    ("缺料的安灯什么时候才能关掉？", "zh", "zh", ["只有库存恢复到再订货点以上才能关闭呼叫"]),
    ("发现一个不良品，第一步做什么？", "zh", "zh", ["把缺陷件贴上标签放入红色箱"]),
    ("出了质量问题，可疑品要追溯到哪里？", "zh", "zh", ["一直追溯到最后一个确认合格的零件"]),
    ("围堵要多长时间完成？", "zh", "zh", ["完成围堵：15 分钟内"]),
    ("机器坏了维修工多久要到？", "zh", "zh", ["技术员到达设备：5 分钟内"]),
    ("修好设备后重新开机前要做什么？", "zh", "zh", ["空运行一个循环，并按标准检查首件"]),
    ("同一个故障一个月内又发生了怎么办？", "zh", "zh", ["30 天内重复发生的故障转为 TPM 问题处理"]),
    ("有人受伤了先做什么？", "zh", "zh", ["如有人受伤，首先呼叫急救"]),
    ("出了安全事故要多久通知生产经理？", "zh", "zh", ["通知生产经理：15 分钟内"]),
    ("事故报告什么时候要交？", "zh", "zh", ["书面事故报告：本班结束前完成"]),
    ("安灯没人响应会自动升级吗？", "zh", "zh", ["呼叫 5 分钟内无人确认，自动升级到区域主管"]),
    ("安全问题需要一级一级往上报吗？", "zh", "zh", ["安全呼叫可以越级"]),
    ("5S 检查谁来打分？", "zh", "zh", ["来自其他区域的人员，每周轮换"]),
    ("5S 审核发现的问题多久要关闭？", "zh", "zh", ["关闭发现项：一周内"]),
    ("PDCA 一轮大概多久？", "zh", "zh", ["一轮循环：1 到 4 周"]),
    ("试行的时候范围应该多大？", "zh", "zh", ["先在一条线、一个班次或一个产品上试行"]),
    ("A3 报告的背景部分写什么？", "zh", "zh", ["这个问题为什么现在重要"]),
    ("A3 里每条对策有什么要求？", "zh", "zh", ["每条对策对应一个根本原因"]),
    ("问为什么要问到什么程度才停？", "zh", "zh", ["当答案落到你能控制的流程或系统上时就可以停止"]),
    ("根本原因分析要在问题发生后多久做？", "zh", "zh", ["问题发生后 24 小时内"]),
    ("节拍时间怎么算？", "zh", "zh", ["可用时间除以客户需求"]),
    ("标准作业票要多久复查一次？", "zh", "zh", ["至少每六个月复查一次"]),
    ("换模时间怎么缩短？", "zh", "zh", ["把外部作业移出停机时间"]),
    ("换型的目标是多少分钟？", "zh", "zh", ["换型时间少于 10 分钟"]),
    ("设备点检时发现异常怎么处理？", "zh", "zh", ["每发现一处异常就挂一张牌"]),
    ("自主保全每天花多长时间？", "zh", "zh", ["班次开始时 10 分钟"]),
    ("改善周第一天做什么？", "zh", "zh", ["简短培训团队，走一遍流程，绘制现状图"]),
    ("改善活动结束后没做完的事情怎么办？", "zh", "zh", ["30 天内完成未完成的行动"]),
    ("领导下现场巡视应该从哪里开始？", "zh", "zh", ["从区域看板开始"]),
    ("经理多久去一次现场？", "zh", "zh", ["班组长每天，经理每周"]),
    ("生产看板每小时要写什么？", "zh", "zh", ["每个未达成的小时都要写明原因"]),
    ("每日例会开多长时间？", "zh", "zh", ["看板前每日例会：15 分钟"]),
    ("交班前要准备什么？", "zh", "zh", ["交班班组长填写交接单"]),
    ("交接班没关闭的事项谁负责？", "zh", "zh", ["未关闭事项保留原负责人"]),
    ("贴红牌的标准是什么？", "zh", "zh", ["下周（工具为下个月）在本区域用不到的物品一律贴红牌"]),
    ("红牌物品放满 30 天后怎么处理？", "zh", "zh", ["入库、转给其他区域、出售或报废"]),
    ("分层审核中厂长多久审一次？", "zh", "zh", ["第 4 层，厂长**：每月审核"]),
    ('审核时发现"否"怎么办？', "zh", "zh", ['能当场纠正的"否"当场纠正']),
    # Cross-lingual: English questions answered from Chinese text
    (
        "what should I do when a part is running out at my station?",
        "en",
        "zh",
        ["报出零件号、工位以及剩余物料还能生产多少分钟"],
    ),
    (
        "how quickly must the team leader arrive for a quality andon?",
        "en",
        "zh",
        ["班组长到达工位：2 分钟内"],
    ),
    (
        "what do we record after a machine breakdown is fixed?",
        "en",
        "zh",
        ["记录停机分钟数、原因和使用的备件"],
    ),
    (
        "someone got injured on the line, what is the first thing to do?",
        "en",
        "zh",
        ["如有人受伤，首先呼叫急救"],
    ),
    ("who is level 3 in the escalation ladder?", "en", "zh", ["第 3 级，可以暂停订单、批准加班"]),
    ("what should a 5 Whys problem statement contain?", "en", "zh", ["什么、哪里、何时、多少"]),
    ("how do we calculate takt time?", "en", "zh", ["可用时间除以客户需求"]),
    ("how do we shorten a changeover?", "en", "zh", ["把外部作业移出停机时间"]),
    (
        "what are the daily autonomous maintenance tasks for operators?",
        "en",
        "zh",
        ["清扫、点检、润滑、紧固"],
    ),
    ("how long is the holding period for red-tagged items?", "en", "zh", ["暂存期：30 天"]),
    (
        "what should the outgoing team leader prepare before the shift ends?",
        "en",
        "zh",
        ["交班班组长填写交接单"],
    ),
    ("how long does one layered process audit take?", "en", "zh", ["一次审核：10 到 15 分钟"]),
    ("what are the stages of a kaizen week, day by day?", "en", "zh", ["第 2 天：找出浪费及其原因"]),
    ("what goes into the plan step of PDCA?", "en", "zh", ["用数据描述现状，设定可衡量的目标"]),
    # Cross-lingual: Chinese questions answered from English text
    ("物料员多久要响应缺料呼叫？", "zh", "en", ["Response by the water spider: 3 minutes"]),
    ("发现缺陷后要隔离哪些零件？", "zh", "en", ["back to the last known good part"]),
    ("设备坏了，维修前必须做什么安全措施？", "zh", "en", ["applies lockout/tagout before opening guards"]),
    ("安全事故后谁批准复工？", "zh", "en", ["Restart only with the safety officer's approval"]),
    ("呼叫多久没人确认会升级？", "zh", "en", ["not acknowledged in 5 minutes"]),
    ("5S 审核怎么打分？", "zh", "en", ["Score each S from 0 to 4"]),
    ("A3 的导师应该做什么？", "zh", "en", ["asks questions at each section instead of giving answers"]),
    ("OEE 怎么计算？", "zh", "en", ["availability × performance × quality"]),
    ("现场巡视时应该问什么问题？", "zh", "en", ["What slows you down?"]),
    ("看板用什么颜色表示偏离计划？", "zh", "en", ["green on plan, red off plan"]),
    ("交接班能不能只发消息？", "zh", "en", ["do not hand over by message only"]),
    ("红牌上要写哪些内容？", "zh", "en", ["writing the item, quantity, date and reason on the tag"]),
    ("标准作业要观察多少次？", "zh", "en", ["at least ten times"]),
    (
        "换型时间从什么时候开始算？",
        "zh",
        "en",
        ["from the last good part of the old product to the first good part of the new one"],
    ),
]


#: question -> snippets of other sections that answer it as well (see the module docstring).
ALSO_ANSWERED: dict[str, list[str]] = {
    "how fast should the water spider show up when someone pulls the cord for missing parts?": [
        "answers within 3 minutes, checks the supermarket and brings the part"
    ],
    "the supermarket is empty too, who chases the supplier?": [
        "the team leader escalates to the materials planner and agrees a plan",
        "Escalation to the materials planner: 15 minutes if the part is still missing",
    ],
    "how far back do we quarantine parts after finding a bad one?": [
        "Suspect parts quarantined back to the last good part"
    ],
    "after fixing the cause of a defect how many parts should we verify?": [
        "First three parts after the fix checked"
    ],
    "repair will take an hour, what does the team leader do?": [
        "Estimated repair time over 30 minutes: replan production and escalate to the maintenance supervisor"
    ],
    "must maintenance lock out the machine before opening the guard?": [
        "responds within 5 minutes, applies lockout/tagout and repairs"
    ],
    "someone slipped on an oil spill and got hurt, what first?": ["First aid or emergency call: immediately"],
    "can we clean up the scene right after a near miss?": ["Scene kept for the safety officer"],
    "who decides when work restarts after an accident?": [
        "investigates, decides when work may restart and reports as the law requires",
        "Restart approved by the safety officer",
    ],
    "how do I check my why chain makes sense?": ['Chain checked backwards with "therefore"'],
    "should the problem statement name the operator who made the mistake?": [
        "Problem statement measurable and blame-free"
    ],
    "when does a changeover start and end when we measure it?": [
        "Baseline time from last good part to first good part"
    ],
    "what should someone see in 30 seconds when they enter the area?": [
        "Normal and abnormal visible in 30 seconds"
    ],
    "can I just send the next shift a message instead of meeting?": [
        "Handover done face to face at the board"
    ],
    "what does the incoming leader repeat back at changeover of shifts?": ["Top three risks repeated back"],
    "how long do tagged items sit in the holding area?": ["Holding period: 30 days."],
    "仓库也没货的话找谁？": ["超市缺货时，负责追供应商或仓库", "仍然缺料时升级给物料计划员：15 分钟内"],
    "发现一个不良品，第一步做什么？": ["在工位停下，拉安灯，保留缺陷件作为证据"],
    "出了质量问题，可疑品要追溯到哪里？": ["可疑品已追溯隔离到最后一个合格件"],
    "机器坏了维修工多久要到？": ["5 分钟内响应，执行上锁挂牌后进行维修"],
    "有人受伤了先做什么？": ["急救或紧急呼叫：立即"],
    "出了安全事故要多久通知生产经理？": ["每一次安全呼叫都要在 15 分钟内被告知"],
    "安灯没人响应会自动升级吗？": ["第 1 级升到第 2 级：5 分钟无人确认"],
    "A3 里每条对策有什么要求？": ["每条对策都对应根本原因"],
    "问为什么要问到什么程度才停？": ["一直追问到流程或系统层面的原因"],
    "设备点检时发现异常怎么处理？": ["清扫、点检、润滑、紧固——并给异常挂牌"],
    "改善活动结束后没做完的事情怎么办？": ["后续行动：30 天内关闭", "有带负责人的 30 天行动清单"],
    "每日例会开多长时间？": ["站在看板前召开每日例会，15 分钟内结束"],
    "交班前要准备什么？": ["准备交接单，并与接班班组长一起走线", "准备交接单：下班前 30 分钟"],
    "贴红牌的标准是什么？": ["整理：下周用不到的物品一律贴红牌"],
    "how quickly must the team leader arrive for a quality andon?": ["2 分钟内到场，对照限度样品确认缺陷"],
    "someone got injured on the line, what is the first thing to do?": ["急救或紧急呼叫：立即"],
    "how long is the holding period for red-tagged items?": ["物品在暂存区保留 30 天"],
    "what should the outgoing team leader prepare before the shift ends?": [
        "准备交接单，并与接班班组长一起走线",
        "准备交接单：下班前 30 分钟",
    ],
    "物料员多久要响应缺料呼叫？": ["answers within 3 minutes, checks the supermarket and brings the part"],
    "发现缺陷后要隔离哪些零件？": ["Suspect parts quarantined back to the last good part"],
    "设备坏了，维修前必须做什么安全措施？": ["responds within 5 minutes, applies lockout/tagout and repairs"],
    "安全事故后谁批准复工？": [
        "investigates, decides when work may restart and reports as the law requires",
        "Restart approved by the safety officer",
    ],
    "呼叫多久没人确认会升级？": ["Level 1 → 2: 5 minutes without acknowledgement"],
    "交接班能不能只发消息？": ["Handover done face to face at the board"],
    "换型时间从什么时候开始算？": ["Baseline time from last good part to first good part"],
}


def main() -> None:
    texts = {p.name: p.read_text("utf-8") for p in BUNDLED.glob("*.md")}
    out = Path(__file__).with_name("cases.jsonl")
    lines = []
    counters: dict[str, int] = {}
    unknown = set(ALSO_ANSWERED) - {question for question, *_ in CASES}
    if unknown:
        raise SystemExit(f"ALSO_ANSWERED names questions that are not cases: {sorted(unknown)}")
    for question, language, doc_language, first_reading in CASES:
        added = ALSO_ANSWERED.get(question, [])
        snippets = first_reading + added
        for snippet in snippets:
            if not any(snippet in t for n, t in texts.items() if n.endswith(f".{doc_language}.md")):
                raise SystemExit(f"gold snippet not found verbatim in {doc_language} playbooks: {snippet!r}")
        tier = "same" if language == doc_language else f"{language}->{doc_language}"
        counters[tier] = counters.get(tier, 0) + 1
        case_id = f"{tier.replace('->', '2')}-{counters[tier]:03d}"
        lines.append(
            json.dumps(
                {
                    "id": case_id,
                    "question": question,
                    "language": language,
                    "tier": tier,
                    "doc_language": doc_language,
                    "gold_snippets": snippets,
                    **({"added_snippets": added} if added else {}),
                },
                ensure_ascii=False,
            )
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases written to {out}: {counters}")


if __name__ == "__main__":
    main()
