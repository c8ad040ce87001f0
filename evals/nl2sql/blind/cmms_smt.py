"""Blind NL2SQL eval fixture: maintenance (CMMS) + quality DB of an electronics SMT plant.

Build the SQLite database deterministically::

    python -m evals.nl2sql.blind.cmms_smt OUT.sqlite

Build and check every gold SQL of the question file (default: cmms_smt.jsonl beside this file
next to this script, or the path given after --verify)::

    python -m evals.nl2sql.blind.cmms_smt OUT.sqlite --verify [QUESTIONS.jsonl]

Standard library only, deterministic (random.Random(SEED)).

Plant: contract manufacturer in Guadalajara, Mexico.  Plant time zone
America/Mexico_City = UTC-6 all year (Mexico dropped DST in 2022).  History runs
from Monday 2026-08-24 to Saturday 2026-11-21 12:00 local ("now").

Conventions (deliberately different from the other blind fixtures):
  * TEXT timestamps are plant local time 'YYYY-MM-DD HH:MM:SS' (a space, no 'T'):
    wo.rpt_ts/start_ts/done_ts, part_use.issued_ts, prod_lot.start_ts/end_ts,
    aoi_defect.insp_ts.
  * brkdn.start_ms / end_ms are epoch MILLISECONDS (UTC instants).
  * Date-only TEXT 'YYYY-MM-DD': asset.inst_dt, tech.hire_dt, tech.term_dt,
    wo.due_dt, part.last_cnt_dt, prod_lot.prod_dt (night shift C belongs to the
    date it starts on).
  * Status / priority / disposition codes are small integers, explained only in
    the column comments; booleans are 'Y'/'N' text.
  * Shifts: A 06:00-14:00, B 14:00-22:00, C 22:00-06:00.  Production Mon-Fri
    three shifts, Saturday A and B only, no production on Sunday.

Built-in skews (what the questions rely on):
  * RFL-205 (reflow oven, SMT2) has by far the most breakdown minutes over the
    whole history (long heater / blower failures).
  * PNP-303 (placer, SMT3) had a nozzle / vacuum problem 2026-11-10..13: it has
    the most breakdowns last week, and NZL-1003 is by far the most-issued nozzle
    in November (now below its minimum stock).
  * PCB-7741 (Orion Medical) had a tombstoning problem from 2026-11-09: highest
    NG rate this month, three lots on QA hold; SMT3 has the worst NG rate
    last week.  SMT4 (legacy, stopped 2026-09-30) has the worst rate overall.
  * AOI-306 produces many false calls.
  * Techs: Luis Hernandez closes the most corrective WOs; Jorge Ramirez left
    2026-10-15; Carlos Mendoza is on leave since 2026-11-09 (no WO since);
    Ana Torres joined 2026-11-02.
  * SPI-102 was decommissioned 2026-10-04 and replaced by SPI-107.
  * PNP-204 is broken down right now (brkdn.end_ms NULL, emergency WO in
    progress); WO for RFL-305 has been waiting for parts since 2026-11-13;
    four PM work orders are past due and not started (PRN-301, AOI-206,
    RFL-105, N2G-903), a fifth (AOI-106, due 11-18) is in progress.
  * Spare parts SRV-AMP-01, N2G-MEM-01 and CAM-LNS-02 were never issued.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import os
import random
import sqlite3
import sys

SEED = 20261121
UTC_OFF_H = -6                     # America/Mexico_City, no DST
START = dt.datetime(2026, 8, 24)   # Monday, local
NOW = dt.datetime(2026, 11, 21, 12, 0, 0)   # Saturday noon, local


def txt(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def ms(t):
    """Epoch ms (UTC) of a naive plant-local time."""
    return (calendar.timegm(t.timetuple()) - UTC_OFF_H * 3600) * 1000


SCHEMA = """
CREATE TABLE line (
    line_cd    TEXT PRIMARY KEY,          -- SMT line code, e.g. SMT1
    line_nm    TEXT NOT NULL,
    bldg       TEXT NOT NULL,             -- building: B1 / B2
    active_yn  TEXT NOT NULL DEFAULT 'Y'  -- Y = line running, N = line stopped / mothballed
);

CREATE TABLE asset (
    asset_no   TEXT PRIMARY KEY,          -- equipment tag, <type>-<line digit><seq>, e.g. PNP-303
    asset_nm   TEXT NOT NULL,
    asset_typ  TEXT NOT NULL,             -- PRN=stencil printer, SPI=solder paste inspection, PNP=pick-and-place placer, RFL=reflow oven, AOI=automated optical inspection, CMP=air compressor, N2G=nitrogen generator
    line_cd    TEXT REFERENCES line(line_cd),  -- NULL for plant utilities
    mfr        TEXT,                      -- manufacturer
    model      TEXT,
    inst_dt    TEXT,                      -- installation date YYYY-MM-DD
    crit_yn    TEXT NOT NULL DEFAULT 'N', -- Y = critical asset (line stops without it)
    asset_sts  INTEGER NOT NULL DEFAULT 1 -- 1=in service, 2=standby, 3=decommissioned
);

CREATE TABLE tech (
    tech_id    INTEGER PRIMARY KEY,
    tech_nm    TEXT NOT NULL,
    craft_cd   TEXT NOT NULL,             -- ELE=electrical, MEC=mechanical, PRC=SMT process technician, CAL=metrology/calibration
    shift_cd   TEXT,                      -- A 06-14, B 14-22, C 22-06
    hire_dt    TEXT,                      -- YYYY-MM-DD
    term_dt    TEXT,                      -- YYYY-MM-DD, last day if the person left, else NULL
    active_yn  TEXT NOT NULL DEFAULT 'Y'  -- Y = on the active roster (a tech on leave stays Y)
);

CREATE TABLE board (
    board_pn   TEXT PRIMARY KEY,          -- customer board part number
    board_nm   TEXT NOT NULL,
    cust_nm    TEXT NOT NULL,             -- customer
    comp_cnt   INTEGER NOT NULL,          -- placed components per board
    active_yn  TEXT NOT NULL DEFAULT 'Y'
);

CREATE TABLE brkdn (
    bd_id      INTEGER PRIMARY KEY,
    asset_no   TEXT NOT NULL REFERENCES asset(asset_no),
    start_ms   INTEGER NOT NULL,          -- breakdown start, epoch milliseconds (UTC)
    end_ms     INTEGER,                   -- back in operation, epoch ms (UTC); NULL = still down
    dur_min    INTEGER,                   -- downtime minutes; NULL while still down
    fail_cd    TEXT NOT NULL,             -- NOZ=nozzle/pick-up, FDR=feeder, VAC=vacuum, CAM=vision/camera, CNV=conveyor, HTR=heater/thermocouple, FAN=blower, SQG=squeegee/stencil, SW=software/controller, PNE=pneumatics/air, ELE=electrical supply
    cause_txt  TEXT
);

CREATE TABLE wo (
    wo_no      TEXT PRIMARY KEY,          -- work order number
    asset_no   TEXT NOT NULL REFERENCES asset(asset_no),
    wo_typ     TEXT NOT NULL,             -- CM=corrective, PM=preventive, CAL=calibration
    prio       INTEGER NOT NULL,          -- 1=emergency, 2=high, 3=normal, 4=low
    wo_sts     INTEGER NOT NULL,          -- 10=new/unassigned, 20=assigned, 30=in progress, 40=waiting for parts, 50=completed, 90=cancelled
    rpt_ts     TEXT NOT NULL,             -- reported / created, local time
    due_dt     TEXT,                      -- PM/CAL due date YYYY-MM-DD (NULL for CM)
    start_ts   TEXT,                      -- work started, local time
    done_ts    TEXT,                      -- work completed, local time
    tech_id    INTEGER REFERENCES tech(tech_id),   -- assigned technician
    labor_min  INTEGER,                   -- booked labour minutes
    bd_id      INTEGER REFERENCES brkdn(bd_id),    -- breakdown that triggered the WO
    descr      TEXT
);

CREATE TABLE part (
    part_no       TEXT PRIMARY KEY,
    part_desc     TEXT NOT NULL,
    part_cat      TEXT NOT NULL,          -- NOZ nozzles, FDR feeder parts, FLT filters, HTR heating, MOT motors/drives, CNV conveyor, PRN printer parts, OPT optics/lighting, CON consumables, ELE electrical
    unit_cost_usd REAL NOT NULL,
    on_hand_pcs   INTEGER NOT NULL,
    min_pcs       INTEGER NOT NULL,       -- reorder point
    bin_loc       TEXT,
    last_cnt_dt   TEXT                    -- last physical count YYYY-MM-DD
);

CREATE TABLE part_use (
    use_id     INTEGER PRIMARY KEY,
    wo_no      TEXT NOT NULL REFERENCES wo(wo_no),
    part_no    TEXT NOT NULL REFERENCES part(part_no),
    qty_pcs    INTEGER NOT NULL,
    issued_ts  TEXT NOT NULL              -- local time
);

CREATE TABLE prod_lot (
    lot_no     TEXT PRIMARY KEY,
    line_cd    TEXT NOT NULL REFERENCES line(line_cd),
    board_pn   TEXT NOT NULL REFERENCES board(board_pn),
    prod_dt    TEXT NOT NULL,             -- production date YYYY-MM-DD (shift start date)
    shift_cd   TEXT NOT NULL,             -- A / B / C
    start_ts   TEXT NOT NULL,             -- local time
    end_ts     TEXT,                      -- local time, NULL while running
    qty_in_pcs INTEGER NOT NULL,          -- boards through AOI
    qty_ok_pcs INTEGER NOT NULL,          -- first-pass good boards
    qty_ng_pcs INTEGER NOT NULL,          -- boards with a confirmed AOI defect (reworked or scrapped)
    paste_kg   REAL,                      -- solder paste consumed
    lot_sts    INTEGER NOT NULL           -- 1=running, 2=complete, 3=on QA hold
);

CREATE TABLE aoi_defect (
    def_id     INTEGER PRIMARY KEY,
    lot_no     TEXT NOT NULL REFERENCES prod_lot(lot_no),
    asset_no   TEXT NOT NULL REFERENCES asset(asset_no),   -- AOI machine that flagged it
    insp_ts    TEXT NOT NULL,             -- local time
    def_cd     TEXT NOT NULL,             -- BRG=solder bridge, TMB=tombstone, MIS=missing part, SHF=shifted part, INS=insufficient solder, POL=wrong polarity, SBL=solder ball
    ref_des    TEXT,                      -- component reference designator
    qty_ng     INTEGER NOT NULL,          -- boards flagged with this defect
    disp_cd    INTEGER NOT NULL           -- 1=reworked OK, 2=scrapped, 3=false call (no real defect)
);

CREATE INDEX ix_brkdn_asset ON brkdn(asset_no, start_ms);
CREATE INDEX ix_wo_asset ON wo(asset_no);
CREATE INDEX ix_lot_dt ON prod_lot(prod_dt);
CREATE INDEX ix_def_lot ON aoi_defect(lot_no);
"""

LINES = [
    ("SMT1", "SMT Line 1", "B1", "Y"),
    ("SMT2", "SMT Line 2", "B1", "Y"),
    ("SMT3", "SMT Line 3", "B2", "Y"),
    ("SMT4", "SMT Line 4 (legacy)", "B2", "N"),
]
SMT4_STOP = dt.datetime(2026, 10, 1)
SPI102_OFF = dt.datetime(2026, 10, 4, 14, 0)
SPI107_ON = dt.datetime(2026, 10, 5)

MODELS = {
    "PRN": [("DEK", "Horizon 03iX"), ("DEK", "Horizon 03iX"), ("ASM", "DEK TQ"), ("MPM", "Momentum II")],
    "SPI": [("Koh Young", "KY8030-3"), ("Koh Young", "KY8030-3"), ("Koh Young", "KY8030-2"), ("CyberOptics", "SE600")],
    "PNP": [("Fuji", "NXT III"), ("Fuji", "NXT III"), ("Fuji", "NXT III"), ("Yamaha", "YS24")],
    "PNP2": [("Fuji", "AIMEX IIIc"), ("ASM", "SIPLACE SX2"), ("Fuji", "AIMEX IIIc"), ("Yamaha", "YS12")],
    "RFL": [("Heller", "1913 MK5"), ("Heller", "1913 MK5"), ("BTU", "Pyramax 125A"), ("Vitronics", "XPM2 820")],
    "AOI": [("Omron", "VT-S730"), ("Koh Young", "Zenith 2"), ("Omron", "VT-S730"), ("Mirtec", "MV-6 OMNI")],
}
NICE = {"PRN": "Stencil printer", "SPI": "SPI", "PNP": "Placer", "RFL": "Reflow oven", "AOI": "AOI"}
INST = {"SMT1": (2019, 5, 13), "SMT2": (2021, 2, 8), "SMT3": (2023, 6, 19), "SMT4": (2012, 9, 3)}

TECHS = [
    # id, name, craft, shift, hired, term, active
    (501, "Luis Hernandez", "ELE", "A", "2014-03-10", None, "Y"),
    (502, "Maria Gonzalez", "MEC", "A", "2017-08-21", None, "Y"),
    (503, "Jorge Ramirez", "MEC", "B", "2016-01-18", "2026-10-15", "N"),
    (504, "Carlos Mendoza", "ELE", "B", "2019-04-01", None, "Y"),
    (505, "Diego Flores", "PRC", "C", "2020-10-05", None, "Y"),
    (506, "Fernanda Ruiz", "CAL", "A", "2018-06-11", None, "Y"),
    (507, "Ricardo Vargas", "PRC", "B", "2021-09-27", None, "Y"),
    (508, "Miguel Ortiz", "ELE", "C", "2022-02-14", None, "Y"),
    (509, "Ana Torres", "MEC", "C", "2026-11-02", None, "Y"),
    (510, "Sofia Castillo", "PRC", "A", "2015-07-06", None, "Y"),
]
JORGE_LEFT = dt.datetime(2026, 10, 16)
CARLOS_LEAVE = dt.datetime(2026, 11, 9)
ANA_JOIN = dt.datetime(2026, 11, 2)

BOARDS = [
    ("PCB-7741", "Infusion pump controller", "Orion Medical", 412, "Y"),
    ("PCB-3310", "Smart meter main board", "Voltia", 286, "Y"),
    ("PCB-5520", "Body control module", "Autronix", 530, "Y"),
    ("PCB-2208", "LED driver", "Lumex", 96, "Y"),
    ("PCB-6102", "Router mainboard", "NetCore", 742, "Y"),
    ("PCB-4415", "Thermostat UI board", "Voltia", 154, "Y"),
    ("PCB-9001", "Legacy PSU board", "Lumex", 120, "N"),
]
LINE_BOARDS = {
    "SMT1": [("PCB-3310", 4), ("PCB-4415", 3), ("PCB-2208", 2)],
    "SMT2": [("PCB-6102", 5), ("PCB-5520", 4)],
    "SMT3": [("PCB-7741", 4), ("PCB-5520", 3), ("PCB-3310", 2)],
    "SMT4": [("PCB-9001", 3), ("PCB-2208", 2)],
}
COMP = {b[0]: b[3] for b in BOARDS}
BOARDS_PER_H = {"PCB-7741": 55, "PCB-3310": 80, "PCB-5520": 42, "PCB-2208": 190,
                "PCB-6102": 30, "PCB-4415": 120, "PCB-9001": 110}
NG_BASE = {"SMT1": 0.007, "SMT2": 0.009, "SMT3": 0.008, "SMT4": 0.02}
DEF_W = {
    "PCB-7741": [("TMB", 3), ("INS", 3), ("BRG", 2), ("SHF", 2), ("MIS", 1), ("SBL", 1)],
    "PCB-3310": [("BRG", 3), ("INS", 3), ("SHF", 2), ("MIS", 2), ("POL", 1)],
    "PCB-5520": [("BRG", 4), ("INS", 2), ("SHF", 2), ("MIS", 2), ("POL", 1), ("SBL", 1)],
    "PCB-2208": [("INS", 3), ("SHF", 2), ("POL", 2), ("MIS", 1)],
    "PCB-6102": [("BRG", 5), ("INS", 2), ("SBL", 2), ("SHF", 1), ("MIS", 1)],
    "PCB-4415": [("SHF", 3), ("INS", 2), ("MIS", 2), ("BRG", 1)],
    "PCB-9001": [("INS", 4), ("BRG", 2), ("MIS", 2), ("POL", 2)],
}
REFS = {"TMB": ["C12", "C14", "R33", "C101", "R7"], "BRG": ["U1", "U4", "U12", "J3"],
        "INS": ["U1", "Q2", "J1", "L3", "U7"], "SHF": ["R15", "C22", "D4", "U9"],
        "MIS": ["C45", "R60", "D2", "C8"], "POL": ["D1", "D3", "C90", "LED2"],
        "SBL": ["U2", "U5", "Q1"]}

PARTS = [
    # part_no, desc, cat, cost, on_hand, min, bin
    ("NZL-1001", "Fuji H24 nozzle 1.0 (0402)", "NOZ", 38.0, 24, 10, "C1-01"),
    ("NZL-1002", "Fuji H24 nozzle 0.7 (0201)", "NOZ", 42.0, 18, 10, "C1-02"),
    ("NZL-1003", "Fuji H24 nozzle 1.3 (0603)", "NOZ", 36.5, 4, 10, "C1-03"),
    ("NZL-1004", "Fuji H08 nozzle 2.5 (SOIC)", "NOZ", 55.0, 9, 4, "C1-04"),
    ("NZL-2001", "Yamaha nozzle 71A", "NOZ", 29.0, 11, 6, "C1-05"),
    ("FDR-SPK-8", "8 mm feeder spring kit", "FDR", 14.5, 40, 15, "C2-01"),
    ("FDR-GEAR-12", "12 mm feeder sprocket gear", "FDR", 22.0, 8, 10, "C2-02"),
    ("FDR-CVR-8", "8 mm feeder tape cover", "FDR", 9.8, 30, 10, "C2-03"),
    ("VFL-200", "Placer head vacuum filter", "FLT", 6.2, 120, 50, "C3-01"),
    ("CMP-AF-10", "Compressor intake filter", "FLT", 48.0, 3, 2, "C3-02"),
    ("RFL-FLX-01", "Reflow flux filter cartridge", "FLT", 135.0, 5, 4, "C3-03"),
    ("TC-K-300", "Type K thermocouple 300 mm", "HTR", 27.0, 14, 6, "C4-01"),
    ("HTR-1K5", "Reflow heater element 1.5 kW", "HTR", 410.0, 3, 2, "C4-02"),
    ("FAN-MTR-90", "Reflow blower motor 90 W", "MOT", 690.0, 1, 2, "C4-03"),
    ("SRV-AMP-01", "Placer X-axis servo amplifier", "MOT", 3850.0, 1, 1, "C4-04"),
    ("CNV-BLT-3M", "Conveyor belt 3 m", "CNV", 58.0, 6, 4, "C5-01"),
    ("CNV-CHN-RF", "Reflow edge chain link set", "CNV", 240.0, 2, 1, "C5-02"),
    ("SQG-300", "Squeegee blade 300 mm", "PRN", 95.0, 7, 4, "C6-01"),
    ("WIP-ROLL", "Stencil wiper paper roll", "CON", 31.0, 25, 12, "C6-02"),
    ("CAM-LED-R", "Vision LED ring light", "OPT", 260.0, 3, 2, "C7-01"),
    ("CAM-LNS-02", "Telecentric lens 0.5x", "OPT", 1720.0, 1, 1, "C7-02"),
    ("N2G-MEM-01", "N2 generator membrane module", "FLT", 2400.0, 1, 1, "C3-04"),
    ("GRS-THK", "THK AFB-LF grease 70 g", "CON", 18.5, 16, 6, "C6-03"),
    ("FUS-10A", "Fuse 10 A ceramic", "ELE", 1.4, 60, 20, "C8-01"),
    ("RLY-24V", "Safety relay 24 VDC", "ELE", 88.0, 4, 2, "C8-02"),
]
FAIL_PARTS = {
    "NOZ": [("NZL-1001", 3), ("NZL-1002", 3), ("NZL-1003", 2), ("NZL-1004", 1)],
    "VAC": [("VFL-200", 1)],
    "FDR": [("FDR-SPK-8", 3), ("FDR-GEAR-12", 2), ("FDR-CVR-8", 2)],
    "HTR": [("TC-K-300", 3), ("HTR-1K5", 1)],
    "FAN": [("FAN-MTR-90", 1)],
    "CNV": [("CNV-BLT-3M", 3), ("CNV-CHN-RF", 1)],
    "SQG": [("SQG-300", 1)],
    "CAM": [("CAM-LED-R", 1)],
    "PNE": [("CMP-AF-10", 1)],
    "ELE": [("FUS-10A", 3), ("RLY-24V", 1)],
    "SW": [],
}
FAIL_BY_TYP = {
    "PNP": [("NOZ", 4), ("FDR", 5), ("VAC", 2), ("CAM", 1), ("CNV", 1), ("SW", 1)],
    "RFL": [("HTR", 4), ("FAN", 2), ("CNV", 3), ("ELE", 1)],
    "PRN": [("SQG", 3), ("CAM", 1), ("CNV", 1), ("SW", 1)],
    "SPI": [("CAM", 2), ("SW", 2), ("CNV", 1)],
    "AOI": [("CAM", 2), ("SW", 3), ("CNV", 1)],
    "CMP": [("PNE", 3), ("ELE", 1)],
    "N2G": [("PNE", 2), ("ELE", 1)],
}
CAUSE = {
    "NOZ": ["nozzle clogged, pick errors", "bent nozzle tip", "nozzle not seating"],
    "FDR": ["feeder jam", "tape not indexing", "feeder pick position error"],
    "VAC": ["vacuum pressure low", "head vacuum leak"],
    "CAM": ["vision recognition fail", "camera lighting fault", "fiducial not found"],
    "CNV": ["board stuck in conveyor", "belt slipping", "width adjust fault"],
    "HTR": ["zone 4 temperature deviation", "thermocouple open", "heater over-temp alarm"],
    "FAN": ["blower motor noise / stall", "cooling fan fault"],
    "SQG": ["squeegee pressure fault", "stencil clamp error"],
    "SW": ["controller hang, reboot", "program download error", "PC freeze"],
    "PNE": ["low air pressure", "dryer fault"],
    "ELE": ["breaker trip", "power supply fault"],
}
# daily rate, median minutes
BD_RATE = {"PRN": (0.12, 20), "SPI": (0.07, 30), "PNP": (0.28, 25), "RFL": (0.10, 70),
           "AOI": (0.09, 30), "CMP": (0.03, 60), "N2G": (0.03, 60)}
CRAFT_FOR = {"NOZ": "PRC", "FDR": "PRC", "VAC": "MEC", "CAM": "ELE", "CNV": "MEC", "HTR": "ELE",
             "FAN": "MEC", "SQG": "PRC", "SW": "ELE", "PNE": "MEC", "ELE": "ELE"}
TECH_W = {   # weight per craft need
    "ELE": {501: 10, 504: 5, 508: 4, 502: 1, 506: 1},
    "MEC": {502: 6, 503: 5, 509: 3, 501: 3, 508: 1},
    "PRC": {505: 4, 507: 4, 510: 4, 501: 3, 502: 1},
}


def shift_of(t):
    h = t.hour
    if 6 <= h < 14:
        return "A", t.date()
    if 14 <= h < 22:
        return "B", t.date()
    if h >= 22:
        return "C", t.date()
    return "C", t.date() - dt.timedelta(days=1)


def producing(t, line):
    """Is the line scheduled to run at local time t?"""
    if line == "SMT4" and t >= SMT4_STOP:
        return False
    sh, d = shift_of(t)
    wd = d.weekday()
    if wd < 5:
        return True
    if wd == 5:
        return sh in ("A", "B")
    return False


def pick_tech(rng, craft, t):
    w = dict(TECH_W[craft])
    if t >= JORGE_LEFT:
        w.pop(503, None)
    if t >= CARLOS_LEAVE:
        w.pop(504, None)
    if t < ANA_JOIN:
        w.pop(509, None)
    ids = list(w)
    return rng.choices(ids, [w[i] for i in ids])[0]


def build(path):
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO line VALUES (?,?,?,?)", LINES)

    # ---- assets
    assets = []
    for li, (lc, _, _, _) in enumerate(LINES):
        n = lc[-1]
        y, m, d = INST[lc]
        inst = dt.date(y, m, d).isoformat()
        for seq, typ, key, crit in [(1, "PRN", "PRN", "N"), (2, "SPI", "SPI", "N"), (3, "PNP", "PNP", "Y"),
                                    (4, "PNP", "PNP2", "Y"), (5, "RFL", "RFL", "Y"), (6, "AOI", "AOI", "N")]:
            mfr, model = MODELS[key][li]
            nm = f"L{n} {NICE[typ]}" + (" A" if seq == 3 else " B" if seq == 4 else "")
            sts = 2 if lc == "SMT4" else 1
            if lc == "SMT1" and typ == "SPI":
                sts = 3
            assets.append([f"{typ}-{n}{seq:02d}", nm, typ, lc, mfr, model, inst, crit, sts])
    assets.append(["SPI-107", "L1 SPI (new)", "SPI", "SMT1", "Koh Young", "KY8030-3", "2026-10-05", "N", 1])
    assets.append(["CMP-901", "Air compressor 1", "CMP", None, "Atlas Copco", "GA 37 VSD+", "2018-03-02", "Y", 1])
    assets.append(["CMP-902", "Air compressor 2 (backup)", "CMP", None, "Atlas Copco", "GA 30", "2012-11-20", "N", 2])
    assets.append(["N2G-903", "Nitrogen generator", "N2G", None, "Parker", "MAXIGAS 112", "2020-01-27", "Y", 1])
    con.executemany("INSERT INTO asset VALUES (?,?,?,?,?,?,?,?,?)", assets)
    amap = {a[0]: a for a in assets}

    con.executemany("INSERT INTO tech VALUES (?,?,?,?,?,?,?)", TECHS)
    con.executemany("INSERT INTO board VALUES (?,?,?,?,?)", BOARDS)

    # ---- production lots + AOI defects
    lots, defs = [], []
    day = START.date()
    lot_seq = {}
    while day <= NOW.date():
        for sh, h0 in (("A", 6), ("B", 14), ("C", 22)):
            s0 = dt.datetime.combine(day, dt.time(h0))
            if s0 > NOW:
                continue
            for lc in ("SMT1", "SMT2", "SMT3", "SMT4"):
                if not producing(s0, lc):
                    continue
                nlots = rng.choice([1, 2, 2]) if lc != "SMT4" else 1
                t = s0 + dt.timedelta(minutes=rng.randint(5, 25))
                seg = (8 * 60 - 40) / nlots
                for k in range(nlots):
                    bpn = rng.choices([b for b, _ in LINE_BOARDS[lc]], [w for _, w in LINE_BOARDS[lc]])[0]
                    run_min = seg * rng.uniform(0.75, 0.95)
                    st = t
                    en = st + dt.timedelta(minutes=round(run_min))
                    running = en > NOW
                    eff_min = ((NOW - st).total_seconds() / 60) if running else run_min
                    qty_in = int(BOARDS_PER_H[bpn] * eff_min / 60 * rng.uniform(0.85, 1.05))
                    if qty_in < 5:
                        t = en + dt.timedelta(minutes=rng.randint(8, 20))
                        continue
                    rate = NG_BASE[lc] * rng.uniform(0.5, 1.6)
                    tmb_boost = False
                    if bpn == "PCB-7741" and st >= dt.datetime(2026, 11, 9):
                        rate *= 4.5
                        tmb_boost = True
                    if sh == "C":
                        rate *= 1.25
                    ng = sum(1 for _ in range(qty_in) if rng.random() < rate)
                    key = day.strftime("%y%m%d") + lc[-1]
                    lot_seq[key] = lot_seq.get(key, 0) + 1
                    lot_no = f"L{key}{lot_seq[key]:02d}"
                    sts = 1 if running else 2
                    lots.append([lot_no, lc, bpn, day.isoformat(), sh, txt(st), None if running else txt(en),
                                 qty_in, qty_in - ng, ng, round(qty_in * COMP[bpn] * 0.000004 * rng.uniform(0.9, 1.1), 2), sts])
                    # defects: split ng over codes, plus false calls
                    aoi = f"AOI-{lc[-1]}06"
                    left = ng
                    while left > 0:
                        q = min(left, rng.randint(1, 4))
                        left -= q
                        w = DEF_W[bpn]
                        if tmb_boost:
                            w = [(c, x * (6 if c == "TMB" else 1)) for c, x in w]
                        code = rng.choices([c for c, _ in w], [x for _, x in w])[0]
                        it = st + dt.timedelta(minutes=rng.uniform(5, max(6, eff_min - 1)))
                        disp = 2 if rng.random() < 0.18 else 1
                        defs.append([lot_no, aoi, txt(min(it, NOW)), code, rng.choice(REFS[code]), q, disp])
                    fc_rate = 0.012 if lc == "SMT3" else 0.002
                    nfc = sum(1 for _ in range(qty_in) if rng.random() < fc_rate)
                    while nfc > 0:
                        q = min(nfc, rng.randint(1, 5))
                        nfc -= q
                        code = rng.choice(["SHF", "INS", "SBL", "POL"])
                        it = st + dt.timedelta(minutes=rng.uniform(5, max(6, eff_min - 1)))
                        defs.append([lot_no, aoi, txt(min(it, NOW)), code, rng.choice(REFS[code]), q, 3])
                    t = en + dt.timedelta(minutes=rng.randint(8, 20))
        day += dt.timedelta(days=1)
    # three PCB-7741 lots on QA hold (tombstoning)
    held = [l for l in lots if l[2] == "PCB-7741" and l[3] >= "2026-11-12" and l[11] == 2]
    held.sort(key=lambda l: -l[9] / max(1, l[7]))
    for l in held[:3]:
        l[11] = 3
    con.executemany("INSERT INTO prod_lot VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", lots)
    defs.sort(key=lambda r: r[2])
    con.executemany("INSERT INTO aoi_defect (lot_no, asset_no, insp_ts, def_cd, ref_des, qty_ng, disp_cd) "
                    "VALUES (?,?,?,?,?,?,?)", defs)

    # ---- breakdowns
    bds = []   # [asset, start(dt), end(dt|None), fail_cd, cause]
    ndays = (NOW.date() - START.date()).days + 1
    for a in assets:
        ano, typ, lc = a[0], a[2], a[3]
        lam, med = BD_RATE[typ]
        if ano == "RFL-205":
            lam, med = 0.2, 130
        if ano == "CMP-902":
            lam = 0.0
        for di in range(ndays):
            d0 = dt.datetime.combine(START.date() + dt.timedelta(days=di), dt.time(0))
            l_today = lam
            if ano == "PNP-303" and dt.datetime(2026, 11, 10) <= d0 <= dt.datetime(2026, 11, 13):
                l_today = 3.2
            k = 0
            L, p = math.exp(-l_today), 1.0
            while True:
                p *= rng.random()
                if p <= L:
                    break
                k += 1
            for _ in range(k):
                t = d0 + dt.timedelta(minutes=rng.randint(0, 1439))
                if ano == "SPI-102" and t >= SPI102_OFF:
                    continue
                if ano == "SPI-107" and t < SPI107_ON:
                    continue
                if lc and not producing(t, lc):
                    continue
                fl = FAIL_BY_TYP[typ]
                code = rng.choices([c for c, _ in fl], [w for _, w in fl])[0]
                if ano == "PNP-303" and dt.datetime(2026, 11, 10) <= d0 <= dt.datetime(2026, 11, 13):
                    code = rng.choice(["NOZ", "NOZ", "VAC"])
                if ano == "RFL-205" and rng.random() < 0.5:
                    code = rng.choice(["HTR", "FAN"])
                dm = max(4, min(int(round(med * math.exp(rng.gauss(0, 0.7)))), 600))
                en = t + dt.timedelta(minutes=dm)
                if en > NOW:
                    continue
                bds.append([ano, t, en, code, rng.choice(CAUSE[code])])
    bds.append(["PNP-204", dt.datetime(2026, 11, 21, 10, 40), None, "FDR", "feeder bank 2 carriage stuck, error E-4412"])
    bds.sort(key=lambda b: b[1])
    rows = []
    for i, (ano, st, en, code, cause) in enumerate(bds, start=1):
        rows.append((i, ano, ms(st), ms(en) if en else None,
                     int(round((en - st).total_seconds() / 60)) if en else None, code, cause))
    con.executemany("INSERT INTO brkdn VALUES (?,?,?,?,?,?,?)", rows)

    # ---- work orders
    wos = []   # dict rows
    for i, (ano, st, en, code, cause) in enumerate(bds, start=1):
        dmin = (en - st).total_seconds() / 60 if en else None
        if dmin is not None and dmin < 15:
            continue
        crit = amap[ano][7] == "Y"
        rpt = st + dt.timedelta(minutes=rng.randint(2, 10))
        if en is None:
            prio = 1
        elif crit and dmin >= 60:
            prio = 1
        elif crit or dmin >= 60:
            prio = 2
        else:
            prio = 3
        craft = CRAFT_FOR[code]
        tech = pick_tech(rng, craft, st)
        start = rpt + dt.timedelta(minutes=rng.randint(3, 20))
        if en is None:
            wos.append(dict(asset=ano, typ="CM", prio=1, sts=30, rpt=rpt, due=None, start=start, done=None,
                            tech=501, labor=None, bd=i, descr="Breakdown: " + cause, fail=code))
            continue
        done = en + dt.timedelta(minutes=rng.randint(0, 40))
        labor = int(max(10, dmin * rng.uniform(0.7, 1.3)))
        wos.append(dict(asset=ano, typ="CM", prio=prio, sts=50, rpt=rpt, due=None, start=start, done=done,
                        tech=tech, labor=labor, bd=i, descr="Breakdown: " + cause, fail=code))
    # requests without a breakdown
    req_txt = [("noise from conveyor motor", "CNV"), ("intermittent vision alarm", "CAM"),
               ("feeder calibration request", "FDR"), ("vacuum reading drifting", "VAC"),
               ("oil leak under machine", "PNE"), ("cabinet fan noisy", "ELE"),
               ("software update request", "SW"), ("squeegee wear check", "SQG")]
    active_assets = [a for a in assets if a[8] == 1]
    t = START + dt.timedelta(hours=7)
    while t < NOW - dt.timedelta(hours=3):
        t += dt.timedelta(hours=rng.uniform(14, 40))
        if t >= NOW - dt.timedelta(hours=3):
            break
        a = rng.choice(active_assets)
        if a[0] == "SPI-107" and t < SPI107_ON:
            continue
        if a[3] == "SMT4" and t >= SMT4_STOP:
            continue
        txt_, code = rng.choice(req_txt)
        craft = CRAFT_FOR[code]
        tech = pick_tech(rng, craft, t)
        prio = rng.choices([2, 3, 4], [1, 5, 3])[0]
        age = (NOW - t).total_seconds() / 86400
        if age < 2.5:
            sts = rng.choice([10, 20, 30])
        elif rng.random() < 0.05:
            sts = 90
        else:
            sts = 50
        start = t + dt.timedelta(hours=rng.uniform(1, 30)) if sts in (30, 50) else None
        done = start + dt.timedelta(minutes=rng.randint(30, 240)) if sts == 50 else None
        if done and done > NOW:
            sts, done = 30, None
        wos.append(dict(asset=a[0], typ="CM", prio=prio, sts=sts, rpt=t, due=None, start=start, done=done,
                        tech=None if sts in (10, 90) else tech,
                        labor=int((done - start).total_seconds() / 60 * rng.uniform(0.6, 0.9)) if done else None,
                        bd=None, descr="Request: " + txt_, fail=code))
    # the one waiting for parts
    wos.append(dict(asset="RFL-305", typ="CM", prio=2, sts=40, rpt=dt.datetime(2026, 11, 13, 9, 25), due=None,
                    start=dt.datetime(2026, 11, 13, 10, 5), done=None, tech=502, labor=95, bd=None,
                    descr="Request: blower motor bearing noise zone 6, motor on order", fail="FAN"))
    # preventive maintenance every 28 days, calibration every ~90 days
    overdue_left = {"PRN-301", "RFL-105", "AOI-206", "N2G-903"}
    for a in assets:
        if a[8] == 3 and a[0] != "SPI-102":
            continue
        if a[0] == "CMP-902":
            continue
        off = rng.randint(0, 27)
        due = START.date() + dt.timedelta(days=off)
        while due <= NOW.date() + dt.timedelta(days=10):
            if a[3] == "SMT4" and due >= SMT4_STOP.date():
                break
            if a[0] == "SPI-102" and due >= SPI102_OFF.date():
                break
            if a[0] == "SPI-107" and due < SPI107_ON.date():
                due += dt.timedelta(days=28)
                continue
            rpt = dt.datetime.combine(due - dt.timedelta(days=7), dt.time(5, 30))
            craft = "MEC" if a[2] in ("PNP", "RFL", "CMP", "N2G", "PRN") else "PRC"
            tech = pick_tech(rng, craft, rpt)
            dd = dt.datetime.combine(due, dt.time(0))
            if dd.date() > NOW.date() or (dd.date() > dt.date(2026, 10, 24) and a[0] in overdue_left):
                sts = 20 if dd.date() <= NOW.date() + dt.timedelta(days=3) else 10
                if a[0] in overdue_left and dd.date() <= NOW.date():
                    sts = rng.choice([10, 20])
                wos.append(dict(asset=a[0], typ="PM", prio=3, sts=sts, rpt=rpt, due=due.isoformat(), start=None,
                                done=None, tech=tech if sts == 20 else None, labor=None, bd=None,
                                descr="Monthly PM", fail=None))
            elif dd.date() == NOW.date() or (dd.date() >= dt.date(2026, 11, 19) and rng.random() < 0.5):
                wos.append(dict(asset=a[0], typ="PM", prio=3, sts=20, rpt=rpt, due=due.isoformat(), start=None,
                                done=None, tech=tech, labor=None, bd=None, descr="Monthly PM", fail=None))
            else:
                slip = rng.choices([-1, 0, 0, 1, 2, 4, 7], [2, 5, 5, 3, 2, 1, 1])[0]
                st = dt.datetime.combine(due + dt.timedelta(days=slip), dt.time(rng.randint(6, 18), rng.choice([0, 15, 30, 45])))
                if st.weekday() == 6:
                    st += dt.timedelta(days=1)
                lab = rng.randint(45, 180)
                done = st + dt.timedelta(minutes=lab + rng.randint(0, 30))
                if done > NOW:
                    wos.append(dict(asset=a[0], typ="PM", prio=3, sts=30, rpt=rpt, due=due.isoformat(), start=st,
                                    done=None, tech=tech, labor=None, bd=None, descr="Monthly PM", fail=None))
                else:
                    wos.append(dict(asset=a[0], typ="PM", prio=3, sts=50, rpt=rpt, due=due.isoformat(), start=st,
                                    done=done, tech=tech, labor=lab, bd=None, descr="Monthly PM", fail=None))
            due += dt.timedelta(days=28)
    for a in assets:
        if a[2] not in ("SPI", "AOI", "RFL") or a[8] == 3 or a[3] == "SMT4":
            continue
        for due in (dt.date(2026, 9, 8) + dt.timedelta(days=rng.randint(0, 14)),
                    dt.date(2026, 11, 9) + dt.timedelta(days=rng.randint(0, 14))):
            if a[0] == "SPI-107" and due < SPI107_ON.date():
                continue
            rpt = dt.datetime.combine(due - dt.timedelta(days=10), dt.time(5, 30))
            tech = 506 if rng.random() < 0.85 else 510
            if due <= dt.date(2026, 11, 20):
                st = dt.datetime.combine(due, dt.time(rng.randint(7, 12), 0))
                lab = rng.randint(60, 150)
                wos.append(dict(asset=a[0], typ="CAL", prio=3, sts=50, rpt=rpt, due=due.isoformat(), start=st,
                                done=st + dt.timedelta(minutes=lab), tech=tech, labor=lab, bd=None,
                                descr="Quarterly calibration / profile check", fail=None))
            else:
                wos.append(dict(asset=a[0], typ="CAL", prio=3, sts=20, rpt=rpt, due=due.isoformat(), start=None,
                                done=None, tech=tech, labor=None, bd=None,
                                descr="Quarterly calibration / profile check", fail=None))
    wos.sort(key=lambda w: (w["rpt"], w["asset"]))
    wo_rows, use_rows = [], []
    for k, w in enumerate(wos, start=1):
        wo_no = f"WO-{w['rpt'].strftime('%y')}-{40000 + k * 3 + rng.randint(0, 2):05d}"
        w["no"] = wo_no
        wo_rows.append((wo_no, w["asset"], w["typ"], w["prio"], w["sts"], txt(w["rpt"]), w["due"],
                        txt(w["start"]) if w["start"] else None, txt(w["done"]) if w["done"] else None,
                        w["tech"], w["labor"], w["bd"], w["descr"]))
        # parts
        if w["start"] is None:
            continue
        iss = w["start"] + dt.timedelta(minutes=rng.randint(2, 25))
        if iss > NOW:
            continue
        if w["typ"] == "CM" and w["fail"]:
            cand = FAIL_PARTS[w["fail"]]
            p_use = 0.95 if w["asset"] == "PNP-303" and w["fail"] in ("NOZ", "VAC") and w["rpt"] >= dt.datetime(2026, 11, 10) else 0.5
            if cand and rng.random() < p_use:
                pn = rng.choices([c for c, _ in cand], [x for _, x in cand])[0]
                if w["asset"] == "PNP-303" and w["fail"] == "NOZ" and w["rpt"] >= dt.datetime(2026, 11, 10):
                    pn = "NZL-1003"
                if w["asset"][:3] == "PNP" and amap[w["asset"]][4] == "Yamaha" and pn.startswith("NZL"):
                    pn = "NZL-2001"
                if pn in ("FAN-MTR-90", "HTR-1K5", "CNV-CHN-RF", "RLY-24V", "CMP-AF-10"):
                    q = 1
                elif pn.startswith("NZL"):
                    q = rng.randint(2, 6)
                else:
                    q = rng.randint(1, 4)
                use_rows.append((wo_no, pn, q, txt(iss)))
        elif w["typ"] == "PM":
            typ = amap[w["asset"]][2]
            kit = {"PNP": [("VFL-200", (2, 6)), ("GRS-THK", (1, 1))], "PRN": [("WIP-ROLL", (1, 2))],
                   "RFL": [("RFL-FLX-01", (1, 1))], "CMP": [("CMP-AF-10", (1, 1))]}.get(typ, [])
            for pn, (a_, b_) in kit:
                if rng.random() < 0.85:
                    use_rows.append((wo_no, pn, rng.randint(a_, b_), txt(iss)))
    con.executemany("INSERT INTO wo VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", wo_rows)
    con.executemany("INSERT INTO part_use (wo_no, part_no, qty_pcs, issued_ts) VALUES (?,?,?,?)",
                    sorted(use_rows, key=lambda r: r[3]))

    # ---- parts master (last count dates vary)
    prow = []
    for p in PARTS:
        cnt = (dt.date(2026, 8, 1) + dt.timedelta(days=rng.randint(0, 100))).isoformat()
        prow.append((p[0], p[1], p[2], p[3], p[4], p[5], p[6], cnt))
    con.executemany("INSERT INTO part VALUES (?,?,?,?,?,?,?,?)", prow)
    con.commit()
    con.close()


# ---------------------------------------------------------------- verification

def default_questions():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "cmms_smt.jsonl")


def verify(db, qpath):
    con = sqlite3.connect(db)
    bad = 0
    with open(qpath, encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh if line.strip()]
    print(f"{'id':14} {'lang':4} {'tier':6} rows cols  first-row")
    for q in qs:
        try:
            cur = con.execute(q["gold_sql"])
            rows = cur.fetchall()
        except sqlite3.Error as e:
            print(f"{q['id']:14} ERROR {e}")
            bad += 1
            continue
        expect_empty = q.get("expect_empty", False)
        ok = (not rows) if expect_empty else (bool(rows) and not all(v is None for v in rows[0]))
        if not ok:
            bad += 1
        first = str(rows[0])[:60] if rows else "EMPTY"
        print(f"{q['id']:14} {q['language']:4} {q['tier']:6} {len(rows):4} {len(cur.description):4}  {first}"
              + ("" if ok else "  <-- FAIL"))
    con.close()
    print(f"{len(qs)} questions, FAILED: {bad}")
    return bad


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    build(argv[0])
    if "--verify" in argv[1:]:
        i = argv.index("--verify")
        qpath = argv[i + 1] if len(argv) > i + 1 else default_questions()
        return 1 if verify(argv[0], qpath) else 0
    con = sqlite3.connect(argv[0])
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        print(f"{name:12s} {con.execute(f'SELECT COUNT(*) FROM {name}').fetchone()[0]:7d}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
