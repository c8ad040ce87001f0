"""Blind NL2SQL eval database: food & beverage batch-process plant (brewery + dairy + juice).

Usage:  python -m evals.nl2sql.blind.batch_plant OUT.db

Standard library only; deterministic (random.Random(SEED)).
Plant timezone Europe/Berlin.  History 2026-08-24 .. 2026-11-21 12:00 local ("now" of the snapshot).
Epoch-millisecond columns hold UTC instants; TEXT timestamp columns hold plant local time
'YYYY-MM-DD HH:MM:SS'.
"""
import datetime as dt
import math
import os
import random
import sqlite3
import sys

SEED = 20261121
HIST_START = dt.datetime(2026, 8, 24, 6, 0, 0)   # Monday, local
SNAP_NOW = dt.datetime(2026, 11, 21, 12, 0, 0)   # Saturday, local

# ----------------------------------------------------------------------------- time helpers


def _last_sunday(year, month):
    d = dt.date(year, month, 31)
    while d.weekday() != 6:
        d -= dt.timedelta(days=1)
    return d


def berlin_offset_h(local):
    """UTC offset (hours) of a naive Europe/Berlin local time (EU rule)."""
    start = dt.datetime.combine(_last_sunday(local.year, 3), dt.time(2, 0))
    end = dt.datetime.combine(_last_sunday(local.year, 10), dt.time(3, 0))
    return 2 if start <= local < end else 1


def to_ms(local):
    utc = local - dt.timedelta(hours=berlin_offset_h(local))
    return int((utc - dt.datetime(1970, 1, 1)).total_seconds() * 1000)


def to_txt(local):
    return local.strftime("%Y-%m-%d %H:%M:%S")


# ----------------------------------------------------------------------------- schema

SCHEMA = """
CREATE TABLE prod_line (
    line_id        INTEGER PRIMARY KEY,
    line_code      TEXT NOT NULL UNIQUE,      -- short code used on HMI, e.g. BH1
    line_name      TEXT NOT NULL,
    area           TEXT NOT NULL,             -- Brewing / Dairy / Beverage / Pilot
    is_active      INTEGER NOT NULL DEFAULT 1, -- 1=line in use, 0=mothballed
    commission_dt  TEXT                        -- YYYY-MM-DD
);

CREATE TABLE tank (
    tank_no        TEXT PRIMARY KEY,          -- vessel tag, e.g. FV-101
    line_id        INTEGER NOT NULL REFERENCES prod_line(line_id),
    tank_type      TEXT NOT NULL,             -- FV=fermenter/wort receiver, ST=milk silo, PT=process tank, PV=pilot vessel
    capacity_hl    REAL NOT NULL,             -- hectolitres
    matl           TEXT,                      -- construction material
    in_service     INTEGER NOT NULL DEFAULT 1, -- 1=in service, 0=out of service (maintenance)
    last_insp_dt   TEXT                        -- last pressure-vessel inspection, YYYY-MM-DD
);

CREATE TABLE recipe (
    recipe_id        TEXT PRIMARY KEY,
    product_name     TEXT NOT NULL,
    product_cat      TEXT NOT NULL,           -- beer / dairy / juice
    std_btch_size_l  REAL NOT NULL,           -- standard batch size, litres
    std_cycle_min    INTEGER NOT NULL,        -- standard cycle time, minutes
    target_ph        REAL,
    ph_min           REAL,
    ph_max           REAL,
    brix_min         REAL,                    -- degrees Brix (Plato for wort)
    brix_max         REAL,
    is_active        INTEGER NOT NULL DEFAULT 1,
    version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE operator (
    op_id       INTEGER PRIMARY KEY,
    op_name     TEXT NOT NULL,
    role        TEXT NOT NULL,                -- operator / shift_lead / lab_tech / cip_tech
    shift_grp   TEXT,                         -- A, B, C, D (rotating crews); NULL = day staff
    hire_dt     TEXT,
    active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE shift_roster (
    roster_dt   TEXT NOT NULL,                -- YYYY-MM-DD (night shift belongs to the day it starts)
    shift_cd    TEXT NOT NULL,                -- E=early 06:00-14:00, L=late 14:00-22:00, N=night 22:00-06:00
    shift_grp   TEXT NOT NULL,
    lead_op_id  INTEGER REFERENCES operator(op_id),
    PRIMARY KEY (roster_dt, shift_cd)
);

CREATE TABLE btch (
    btch_id        INTEGER PRIMARY KEY,
    btch_no        TEXT NOT NULL UNIQUE,
    recipe_id      TEXT NOT NULL REFERENCES recipe(recipe_id),
    line_id        INTEGER NOT NULL REFERENCES prod_line(line_id),
    tank_no        TEXT REFERENCES tank(tank_no),   -- destination vessel
    plan_qty_l     REAL NOT NULL,
    act_qty_l      REAL,
    plan_start_ts  INTEGER,                   -- epoch ms
    start_ts       INTEGER,                   -- epoch ms, NULL until started
    end_ts         INTEGER,                   -- epoch ms, NULL while running
    status         INTEGER NOT NULL,          -- 0=planned, 1=running, 2=completed, 3=aborted, 4=on hold (QA)
    shift_cd       TEXT,
    op_id          INTEGER REFERENCES operator(op_id)
);

CREATE TABLE btch_step (
    step_id       INTEGER PRIMARY KEY,
    btch_id       INTEGER NOT NULL REFERENCES btch(btch_id),
    step_seq      INTEGER NOT NULL,
    phase_cd      TEXT NOT NULL,
    start_ts      TEXT,
    end_ts        TEXT,
    dur_min       REAL,
    setpt_temp_c  REAL,
    act_temp_c    REAL,
    step_res      INTEGER
);

CREATE TABLE qc_sample (
    sample_id    INTEGER PRIMARY KEY,
    btch_id      INTEGER NOT NULL REFERENCES btch(btch_id),
    sample_ts    INTEGER NOT NULL,            -- epoch ms
    sample_pt    TEXT NOT NULL,               -- INPROC / FINAL / RETEST
    ph           REAL,
    brix         REAL,
    temp_c       REAL,
    pass_flg     INTEGER NOT NULL,            -- 1=pass, 0=fail
    lab_op_id    INTEGER REFERENCES operator(op_id)
);

CREATE TABLE cip_cycle (
    cip_id       INTEGER PRIMARY KEY,
    tank_no      TEXT NOT NULL REFERENCES tank(tank_no),
    start_ts     TEXT NOT NULL,
    end_ts       TEXT,
    cip_prog     TEXT NOT NULL,               -- F=full (caustic+acid), R=rinse only, S=sanitise only
    caustic_pct  REAL,
    max_temp_c   REAL,
    water_l      REAL,
    result_cd    INTEGER NOT NULL,            -- 0=OK, 1=failed (conductivity/temp not reached), 2=aborted
    op_id        INTEGER REFERENCES operator(op_id)
);

CREATE TABLE alarm_evt (
    evt_id      INTEGER PRIMARY KEY,
    ts          INTEGER NOT NULL,             -- epoch ms, alarm raised
    line_id     INTEGER REFERENCES prod_line(line_id),
    tank_no     TEXT,
    tag         TEXT,
    alarm_cd    TEXT NOT NULL,
    alarm_txt   TEXT,
    sev         INTEGER NOT NULL,             -- 1=info, 2=warning, 3=alarm, 4=critical
    ack_ts      INTEGER,                      -- epoch ms, NULL = not acknowledged
    ack_op_id   INTEGER,
    clr_ts      INTEGER
);

CREATE TABLE mat_cons (
    cons_id    INTEGER PRIMARY KEY,
    btch_id    INTEGER NOT NULL REFERENCES btch(btch_id),
    mat_code   TEXT NOT NULL,
    mat_desc   TEXT,
    lot_no     TEXT,
    qty_kg     REAL NOT NULL,
    cons_ts    TEXT
);
"""

# ----------------------------------------------------------------------------- master data

LINES = [
    (1, "BH1", "Brewhouse 1", "Brewing", 1, "2009-04-01"),
    (2, "BH2", "Brewhouse 2", "Brewing", 1, "2017-09-15"),
    (3, "DRY1", "Milk Pasteuriser", "Dairy", 1, "2012-06-01"),
    (4, "DRY2", "Yogurt Line", "Dairy", 1, "2019-03-01"),
    (5, "JCE1", "Juice Blending", "Beverage", 1, "2015-05-20"),
    (6, "PLT1", "Pilot Brewery", "Pilot", 1, "2021-01-10"),
    (7, "DRY3", "Cheese Vat Line", "Dairy", 0, "1998-02-01"),
]

TANKS = [
    # tank_no, line, type, cap_hl, matl, in_service, last_insp
    ("FV-101", 1, "FV", 250, "AISI 304", 1, "2025-05-12"),
    ("FV-102", 1, "FV", 250, "AISI 304", 1, "2025-05-12"),
    ("FV-103", 1, "FV", 250, "AISI 304", 1, "2024-11-03"),
    ("FV-104", 1, "FV", 250, "AISI 304", 0, "2024-11-03"),
    ("FV-105", 2, "FV", 300, "AISI 316L", 1, "2026-02-20"),
    ("FV-106", 2, "FV", 300, "AISI 316L", 1, "2026-02-20"),
    ("FV-107", 2, "FV", 300, "AISI 316L", 1, "2025-09-08"),
    ("FV-108", 2, "FV", 300, "AISI 316L", 1, "2025-09-08"),
    ("ST-301", 3, "ST", 300, "AISI 304", 1, "2023-07-14"),
    ("ST-302", 3, "ST", 300, "AISI 304", 1, "2023-07-14"),
    ("ST-303", 3, "ST", 300, "AISI 304", 1, "2023-07-14"),
    ("PT-401", 4, "PT", 100, "AISI 316L", 1, "2025-01-30"),
    ("PT-402", 4, "PT", 100, "AISI 316L", 1, "2025-01-30"),
    ("PT-403", 4, "PT", 100, "AISI 316L", 1, "2025-01-30"),
    ("PT-501", 5, "PT", 120, "AISI 316L", 1, "2024-06-18"),
    ("PT-502", 5, "PT", 120, "AISI 316L", 1, "2024-06-18"),
    ("PV-601", 6, "PV", 10, "AISI 316L", 1, "2026-01-05"),
    ("VT-701", 7, "PT", 80, "AISI 304", 0, "2019-10-01"),
]

# recipe_id, name, cat, size_l, cycle(filled later), target_ph, ph_min, ph_max, brix_min, brix_max, active, version
RECIPES = [
    ("R-PIL-01", "Pilsner", "beer", 24000, None, 5.40, 5.20, 5.60, 11.2, 12.2, 1, 4),
    ("R-HEL-01", "Helles", "beer", 24000, None, 5.45, 5.25, 5.65, 11.0, 12.0, 1, 2),
    ("R-WEI-01", "Weissbier", "beer", 24000, None, 5.50, 5.30, 5.70, 12.0, 13.0, 1, 3),
    ("R-ALF-01", "Alcohol-free Lager", "beer", 20000, None, 5.30, 5.10, 5.50, 6.5, 7.5, 1, 1),
    ("R-MAE-01", "Maerzen", "beer", 24000, None, 5.40, 5.20, 5.60, 13.2, 14.2, 0, 2),
    ("R-IPA-PL", "Pilot IPA", "beer", 800, None, 5.35, 5.15, 5.55, 14.0, 15.5, 1, 1),
    ("R-MLK-35", "Whole Milk 3.5%", "dairy", 28000, None, 6.70, 6.60, 6.80, None, None, 1, 1),
    ("R-MLK-15", "Semi-skimmed Milk 1.5%", "dairy", 28000, None, 6.70, 6.60, 6.80, None, None, 1, 1),
    ("R-YOG-NAT", "Natural Yogurt", "dairy", 9000, None, 4.40, 4.20, 4.60, 13.0, 15.0, 1, 2),
    ("R-YOG-STR", "Strawberry Yogurt", "dairy", 9000, None, 4.30, 4.10, 4.50, 17.0, 19.5, 1, 3),
    ("R-KEF-01", "Kefir", "dairy", 8000, None, 4.50, 4.30, 4.70, 10.0, 12.0, 0, 1),
    ("R-OJ-100", "Orange Juice 100%", "juice", 11000, None, 3.70, 3.40, 3.90, 11.2, 12.4, 1, 2),
    ("R-AJ-SPR", "Apple Spritzer", "juice", 11000, None, 3.50, 3.20, 3.80, 5.8, 6.8, 1, 1),
]

PHASES = {
    # phase, nominal min, setpoint °C
    "beer": [("MILL", 30, None), ("MASH", 75, 65.0), ("LAUTER", 100, 76.0), ("BOIL", 70, 100.0),
             ("WHIRL", 25, 95.0), ("COOL", 50, 10.0)],
    "milk": [("RECV", 40, 4.0), ("SEP", 30, 50.0), ("PAST", 60, 72.0), ("HOMO", 45, 65.0), ("COOL", 35, 4.0)],
    "yog": [("PAST", 60, 90.0), ("COOL1", 30, 43.0), ("INOC", 20, 43.0), ("INCUB", 300, 43.0), ("COOL", 60, 5.0)],
    "juice": [("BLEND", 60, 20.0), ("PAST", 45, 90.0), ("COOL", 40, 4.0)],
    "pilot": [("MASH", 60, 66.0), ("LAUTER", 60, 76.0), ("BOIL", 60, 100.0), ("COOL", 30, 18.0)],
}


def phase_family(recipe_id):
    if recipe_id == "R-IPA-PL":
        return "pilot"
    if recipe_id.startswith("R-MLK"):
        return "milk"
    if recipe_id.startswith(("R-YOG", "R-KEF")):
        return "yog"
    if recipe_id.startswith(("R-OJ", "R-AJ")):
        return "juice"
    return "beer"


FIRST = ["Anna", "Lukas", "Marie", "Jonas", "Sophie", "Felix", "Laura", "Maximilian", "Julia", "Tim",
         "Lea", "Paul", "Sarah", "Leon", "Katharina", "Niklas", "Hannah", "Elias", "Mehmet", "Ayse",
         "Piotr", "Olga", "Stefan", "Claudia", "Dragan", "Yusuf", "Monika", "Tobias", "Ines", "Wei"]
LAST = ["Becker", "Schmidt", "Wagner", "Krueger", "Hoffmann", "Schulz", "Koch", "Richter", "Wolf",
        "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann", "Lange", "Yilmaz", "Kaya", "Nowak",
        "Kowalski", "Petrovic", "Vogel", "Fuchs", "Keller", "Lehmann", "Huber", "Frank", "Berger",
        "Haas", "Roth", "Zhang"]

MATERIALS = {
    "MALT-PIL": "Pilsner malt", "MALT-WHT": "Wheat malt", "MALT-MUN": "Munich malt",
    "HOP-HAL": "Hop pellets Hallertauer", "HOP-CAS": "Hop pellets Cascade",
    "YEAST-W34": "Lager yeast W-34/70", "YEAST-W68": "Wheat beer yeast W-68",
    "RAW-MILK": "Raw milk", "SMP": "Skim milk powder", "CULT-YO": "Yogurt culture YC-380",
    "STRAW-PREP": "Strawberry fruit prep", "SUGAR": "Sugar (sucrose)",
    "OJ-CONC": "Orange juice concentrate 65 Brix", "AJ-CONC": "Apple juice concentrate 70 Brix",
    "CITRIC": "Citric acid",
}
LOT_PREFIX = {"MALT-PIL": "MP", "MALT-WHT": "MW", "MALT-MUN": "MM", "HOP-HAL": "HH", "HOP-CAS": "HC",
              "YEAST-W34": "Y34", "YEAST-W68": "Y68", "RAW-MILK": "RM", "SMP": "SMP", "CULT-YO": "CY",
              "STRAW-PREP": "SP", "SUGAR": "SU", "OJ-CONC": "OJ", "AJ-CONC": "AJ", "CITRIC": "CA"}
LOT_DAYS = {"RAW-MILK": 1, "YEAST-W34": 7, "YEAST-W68": 7, "CULT-YO": 10, "STRAW-PREP": 6,
            "HOP-HAL": 18, "HOP-CAS": 30, "MALT-PIL": 9, "MALT-WHT": 14, "MALT-MUN": 21,
            "SMP": 20, "SUGAR": 25, "OJ-CONC": 8, "AJ-CONC": 10, "CITRIC": 40}

# kg per 100 L of batch
BOM = {
    "R-PIL-01": [("MALT-PIL", 17.0), ("HOP-HAL", 0.30), ("YEAST-W34", 0.50)],
    "R-HEL-01": [("MALT-PIL", 15.0), ("MALT-MUN", 1.5), ("HOP-HAL", 0.18), ("YEAST-W34", 0.50)],
    "R-WEI-01": [("MALT-WHT", 9.0), ("MALT-PIL", 8.0), ("HOP-HAL", 0.12), ("YEAST-W68", 0.45)],
    "R-ALF-01": [("MALT-PIL", 9.5), ("HOP-HAL", 0.20), ("YEAST-W34", 0.40)],
    "R-MAE-01": [("MALT-MUN", 10.0), ("MALT-PIL", 9.0), ("HOP-HAL", 0.20), ("YEAST-W34", 0.50)],
    "R-IPA-PL": [("MALT-PIL", 20.0), ("HOP-CAS", 1.2), ("YEAST-W34", 0.50)],
    "R-MLK-35": [("RAW-MILK", 103.5)],
    "R-MLK-15": [("RAW-MILK", 105.0)],
    "R-YOG-NAT": [("RAW-MILK", 100.0), ("SMP", 2.5), ("CULT-YO", 0.02)],
    "R-YOG-STR": [("RAW-MILK", 86.0), ("SMP", 2.0), ("CULT-YO", 0.02), ("STRAW-PREP", 14.0), ("SUGAR", 3.0)],
    "R-OJ-100": [("OJ-CONC", 18.5), ("CITRIC", 0.02)],
    "R-AJ-SPR": [("AJ-CONC", 8.5), ("SUGAR", 1.0), ("CITRIC", 0.03)],
}

ALARMS = [
    # code, text, tag suffix, severity weights (1..4)
    ("TEMP_HI", "Temperature high", "TT", (10, 45, 35, 10)),
    ("TEMP_LO", "Temperature low", "TT", (20, 50, 25, 5)),
    ("PRESS_HI", "Pressure high", "PT", (5, 40, 40, 15)),
    ("LEVEL_HI", "Level high", "LT", (20, 50, 25, 5)),
    ("LEVEL_LO", "Level low", "LT", (40, 45, 15, 0)),
    ("FLOW_LO", "Flow low", "FT", (30, 45, 25, 0)),
    ("VALVE_FB", "Valve feedback error", "XV", (10, 50, 35, 5)),
    ("PUMP_TRIP", "Pump motor trip", "P", (0, 20, 55, 25)),
    ("CIP_COND", "CIP return conductivity out of range", "QT", (15, 55, 30, 0)),
    ("COMM_LOSS", "Communication loss to remote IO", "IO", (0, 30, 50, 20)),
    ("DOOR_OPEN", "Access door open", "ZS", (85, 15, 0, 0)),
]


# ----------------------------------------------------------------------------- build


def build(path):
    rnd = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)

    con.executemany("INSERT INTO prod_line VALUES (?,?,?,?,?,?)", LINES)
    con.executemany("INSERT INTO tank VALUES (?,?,?,?,?,?,?)", TANKS)

    recipes = {}
    for r in RECIPES:
        cyc = sum(p[1] for p in PHASES[phase_family(r[0])])
        row = list(r)
        row[4] = cyc
        recipes[r[0]] = row
        con.execute("INSERT INTO recipe VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)

    # ---- operators: 4 crews x (1 lead + 4 operators + 1 lab tech) + day staff
    ops = []
    names = set()
    oid = 1001

    def new_name():
        while True:
            n = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            if n not in names:
                names.add(n)
                return n

    for grp in "ABCD":
        for role in ["shift_lead", "operator", "operator", "operator", "operator", "lab_tech"]:
            hire = dt.date(2005, 1, 1) + dt.timedelta(days=rnd.randint(0, 7200))
            ops.append([oid, new_name(), role, grp, hire.isoformat(), 1])
            oid += 1
    for role in ["cip_tech", "cip_tech", "lab_tech"]:
        ops.append([oid, new_name(), role, None, (dt.date(2010, 1, 1) + dt.timedelta(days=rnd.randint(0, 5000))).isoformat(), 1])
        oid += 1
    # one operator of crew C left on 2026-09-30, replaced by a new hire
    leaver = [o for o in ops if o[3] == "C" and o[2] == "operator"][0]
    leaver[5] = 0
    ops.append([oid, new_name(), "operator", "C", "2026-10-01", 1])
    oid += 1
    con.executemany("INSERT INTO operator VALUES (?,?,?,?,?,?)", ops)

    def crew_ops(grp, day, roles=("operator", "shift_lead")):
        out = []
        for o in ops:
            if o[3] != grp or o[2] not in roles:
                continue
            if o is leaver and day > dt.date(2026, 9, 30):
                continue
            if o[4] == "2026-10-01" and day < dt.date(2026, 10, 1):
                continue
            out.append(o[0])
        return out

    lead_of = {g: [o[0] for o in ops if o[3] == g and o[2] == "shift_lead"][0] for g in "ABCD"}
    # deputy leads step in on some days
    deputy_of = {g: [o[0] for o in ops if o[3] == g and o[2] == "operator" and o is not leaver][1] for g in "ABCD"}
    lab_day = [o[0] for o in ops if o[2] == "lab_tech" and o[3] is None]
    cip_techs = [o[0] for o in ops if o[2] == "cip_tech"]

    # ---- shift roster: 4 crews, 2-2-2 rotation (E,E,L,L,N,N, off x2)
    roster = {}
    d0 = HIST_START.date()
    day = d0 - dt.timedelta(days=1)
    while day <= dt.date(2026, 11, 28):
        k = (day - d0).days
        for si, sc in enumerate("ELN"):
            grp = "ABCD"[((k // 2) - si * 1) % 4]
            lead = lead_of[grp] if rnd.random() > 0.12 else deputy_of[grp]
            roster[(day, sc)] = (grp, lead)
            con.execute("INSERT INTO shift_roster VALUES (?,?,?,?)", (day.isoformat(), sc, grp, lead))
        day += dt.timedelta(days=1)

    def shift_at(local):
        h = local.hour
        if 6 <= h < 14:
            return local.date(), "E"
        if 14 <= h < 22:
            return local.date(), "L"
        if h >= 22:
            return local.date(), "N"
        return local.date() - dt.timedelta(days=1), "N"

    def on_shift_ops(local, roles=("operator", "shift_lead")):
        d, sc = shift_at(local)
        grp = roster[(d, sc)][0]
        return sc, crew_ops(grp, local.date(), roles)

    def lab_tech_at(local):
        d, sc = shift_at(local)
        grp = roster[(d, sc)][0]
        crew_lab = [o[0] for o in ops if o[3] == grp and o[2] == "lab_tech"]
        if sc == "E" and local.weekday() < 5 and rnd.random() < 0.5:
            return rnd.choice(lab_day)
        return crew_lab[0]

    # ---- lots
    lot_cache = {}

    def lot_for(mat, local):
        days = LOT_DAYS[mat]
        k = ((local.date() - dt.date(2026, 8, 1)).days) // days
        key = (mat, k)
        if key not in lot_cache:
            dd = dt.date(2026, 8, 1) + dt.timedelta(days=k * days)
            lot_cache[key] = f"{LOT_PREFIX[mat]}{dd.strftime('%y%m%d')}-{rnd.randint(1, 9)}"
        return lot_cache[key]

    # ---- line plans
    line_cfg = {
        1: dict(recipes=[("R-PIL-01", 50), ("R-HEL-01", 25), ("R-ALF-01", 10)], tanks=["FV-101", "FV-102", "FV-103", "FV-104"],
                gap=(40, 160), days=set(range(6)), yield_mu=0.985, yield_sd=0.015, abort=0.015),
        2: dict(recipes=[("R-PIL-01", 35), ("R-WEI-01", 40), ("R-HEL-01", 15)], tanks=["FV-105", "FV-106", "FV-107", "FV-108"],
                gap=(40, 170), days=set(range(6)), yield_mu=0.982, yield_sd=0.017, abort=0.02),
        3: dict(recipes=[("R-MLK-35", 60), ("R-MLK-15", 40)], tanks=["ST-301", "ST-302"],
                gap=(60, 150), days=set(range(7)), yield_mu=0.99, yield_sd=0.008, abort=0.01),
        4: dict(recipes=[("R-YOG-NAT", 55), ("R-YOG-STR", 45)], tanks=["PT-401", "PT-402", "PT-403"],
                gap=(50, 140), days=set(range(7)), yield_mu=0.978, yield_sd=0.015, abort=0.06),
        5: dict(recipes=[("R-OJ-100", 55), ("R-AJ-SPR", 45)], tanks=["PT-501", "PT-502"],
                gap=(60, 240), days=set(range(5)), yield_mu=0.958, yield_sd=0.028, abort=0.025),
    }

    batches = []   # dicts
    for line_id, cfg in line_cfg.items():
        cur = HIST_START + dt.timedelta(minutes=rnd.randint(0, 90))
        last_recipe = None
        while True:
            # working days
            while cur.weekday() not in cfg["days"]:
                cur = dt.datetime.combine(cur.date() + dt.timedelta(days=1), dt.time(6, 0)) + dt.timedelta(minutes=rnd.randint(0, 40))
            if cur > SNAP_NOW:
                break
            rid = rnd.choices([r for r, _ in cfg["recipes"]], [w for _, w in cfg["recipes"]])[0]
            # Maerzen was brewed on BH1 until the end of September (seasonal, now inactive)
            if line_id == 1 and cur < dt.datetime(2026, 9, 30) and rnd.random() < 0.18:
                rid = "R-MAE-01"
            tanks = [t for t in cfg["tanks"] if not (t == "FV-104" and cur >= dt.datetime(2026, 11, 2))]
            tank = rnd.choice(tanks)
            plan = recipes[rid][3]
            if rnd.random() < 0.12:
                plan = plan * rnd.choice([0.5, 0.75])
            plan_start = cur - dt.timedelta(minutes=rnd.randint(-30, 45))
            b = dict(recipe_id=rid, line_id=line_id, tank_no=tank, plan_qty_l=round(plan), start=cur,
                     plan_start=plan_start, cfg=cfg, prev_recipe=last_recipe)
            batches.append(b)
            last_recipe = rid
            # phases to compute duration
            fam = phase_family(rid)
            steps = []
            t = cur
            for seq, (ph, nom, sp) in enumerate(PHASES[fam], 1):
                mu = nom
                if line_id == 2 and ph == "LAUTER":
                    mu = nom * 1.18
                if rid == "R-WEI-01" and ph == "BOIL":
                    mu = nom * 1.05
                d = max(5.0, rnd.gauss(mu, mu * 0.07))
                if rnd.random() < 0.02:
                    d *= rnd.uniform(1.3, 1.8)     # occasional hold-up
                d = round(d, 1)
                st = t
                en = t + dt.timedelta(minutes=d)
                steps.append([seq, ph, st, en, d, sp])
                t = en + dt.timedelta(minutes=rnd.randint(0, 6))
            b["steps"] = steps
            b["end"] = steps[-1][3]
            cur = b["end"] + dt.timedelta(minutes=rnd.randint(*cfg["gap"]))
            if cur > SNAP_NOW:
                break

    # pilot brewery: occasional trial brews on fixed dates
    for d in ["2026-08-27", "2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20", "2026-11-05"]:
        st = dt.datetime.fromisoformat(d + " 07:30:00") + dt.timedelta(minutes=rnd.randint(0, 60))
        steps = []
        t = st
        for seq, (ph, nom, sp) in enumerate(PHASES["pilot"], 1):
            dd = round(max(5.0, rnd.gauss(nom, nom * 0.1)), 1)
            steps.append([seq, ph, t, t + dt.timedelta(minutes=dd), dd, sp])
            t = t + dt.timedelta(minutes=dd + rnd.randint(0, 10))
        batches.append(dict(recipe_id="R-IPA-PL", line_id=6, tank_no="PV-601", plan_qty_l=800, start=st,
                            plan_start=st, cfg=dict(yield_mu=0.95, yield_sd=0.03, abort=0.0), steps=steps,
                            end=steps[-1][3], prev_recipe=None))

    batches.sort(key=lambda b: (b["start"], b["line_id"]))

    # ---- assign status, operators, quantities
    # the operator with the shakiest hand on the yogurt line
    yog_abort_op = crew_ops("B", dt.date(2026, 9, 1))[2]
    held = 0
    for i, b in enumerate(batches, 1):
        b["btch_id"] = i
        b["btch_no"] = f"B26-{10000 + i * 3 + rnd.randint(0, 2):05d}"
        sc, cand = on_shift_ops(b["start"])
        b["shift_cd"] = sc
        op = rnd.choice(cand)
        b["op_id"] = op
        cfg = b["cfg"]
        p_abort = cfg["abort"]
        if op == yog_abort_op and b["line_id"] == 4:
            p_abort = 0.30
        if b["end"] > SNAP_NOW:
            b["status"] = 1
            b["act"] = None
            b["end_ms"] = None
            b["steps"] = [s for s in b["steps"] if s[2] <= SNAP_NOW]
            if b["steps"] and b["steps"][-1][3] > SNAP_NOW:
                s = b["steps"][-1]
                s[3] = None
                s[4] = None
        elif rnd.random() < p_abort:
            b["status"] = 3
            k = rnd.randint(1, max(1, len(b["steps"]) - 1))
            b["steps"] = b["steps"][:k]
            b["end"] = b["steps"][-1][3]
            b["act"] = round(b["plan_qty_l"] * rnd.uniform(0.0, 0.6))
            b["end_ms"] = to_ms(b["end"])
        else:
            b["status"] = 2
            if b["start"] > dt.datetime(2026, 11, 10) and b["line_id"] in (4, 5) and rnd.random() < 0.12 and held < 6:
                b["status"] = 4
                held += 1
            y = rnd.gauss(cfg["yield_mu"], cfg["yield_sd"])
            y = min(y, 1.012)
            b["act"] = round(b["plan_qty_l"] * y)
            b["end_ms"] = to_ms(b["end"])
        con.execute("INSERT INTO btch VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (i, b["btch_no"], b["recipe_id"], b["line_id"], b["tank_no"], b["plan_qty_l"], b["act"],
                     to_ms(b["plan_start"]), to_ms(b["start"]), b["end_ms"], b["status"], b["shift_cd"], b["op_id"]))

    # planned batches (future)
    nid = len(batches) + 1
    for line_id, cfg in line_cfg.items():
        t = SNAP_NOW + dt.timedelta(hours=rnd.randint(6, 14))
        for _ in range(3):
            while t.weekday() not in cfg["days"]:
                t = dt.datetime.combine(t.date() + dt.timedelta(days=1), dt.time(6, 0))
            rid = rnd.choices([r for r, _ in cfg["recipes"]], [w for _, w in cfg["recipes"]])[0]
            tanks = [x for x in cfg["tanks"] if x != "FV-104"]
            con.execute("INSERT INTO btch VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (nid, f"B26-{10000 + nid * 3:05d}", rid, line_id, rnd.choice(tanks), recipes[rid][3], None,
                         to_ms(t), None, None, 0, None, None))
            nid += 1
            t += dt.timedelta(hours=rnd.randint(5, 9))

    # ---- steps
    step_rows = []
    for b in batches:
        for seq, ph, st, en, d, sp in b["steps"]:
            if sp is None:
                act = None
            else:
                act = round(rnd.gauss(sp, 0.6 if sp < 80 else 0.4), 1)
            res = 0
            r = rnd.random()
            if r < 0.04:
                res = 1
            elif r < 0.06:
                res = 2
            if en is None:
                res = None
            step_rows.append((b["btch_id"], seq, ph, to_txt(st), to_txt(en) if en else None, d, sp, act, res))
    con.executemany("INSERT INTO btch_step (btch_id, step_seq, phase_cd, start_ts, end_ts, dur_min, setpt_temp_c, act_temp_c, step_res) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", step_rows)

    # ---- QC samples
    qc_rows = []
    for b in batches:
        rec = recipes[b["recipe_id"]]
        ph_t, ph_min, ph_max, bx_min, bx_max = rec[5], rec[6], rec[7], rec[8], rec[9]
        ph_sd = (ph_max - ph_min) / 4.6
        if b["recipe_id"] == "R-YOG-STR":
            ph_sd *= 1.8
        if b["line_id"] == 5:
            ph_sd *= 1.3
        pts = []
        done_steps = [s for s in b["steps"] if s[3] is not None]
        if not done_steps:
            continue
        mid = done_steps[min(len(done_steps) - 1, len(done_steps) // 2)][3]
        pts.append(("INPROC", mid + dt.timedelta(minutes=rnd.randint(5, 30))))
        if b["status"] in (2, 4):
            pts.append(("FINAL", b["end"] + dt.timedelta(minutes=rnd.randint(10, 90))))
        for pt, ts in pts:
            if ts > SNAP_NOW:
                continue
            ph = round(rnd.gauss(ph_t, ph_sd), 2)
            bx = None
            if bx_min is not None:
                c = (bx_min + bx_max) / 2
                bx = round(rnd.gauss(c, (bx_max - bx_min) / 5.2), 1)
            temp = round(rnd.gauss(rec and (12.0 if rec[2] == "beer" else 6.0), 1.2), 1)
            ok = ph_min <= ph <= ph_max and (bx is None or bx_min <= bx <= bx_max)
            qc_rows.append([b["btch_id"], to_ms(ts), pt, ph, bx, temp, 1 if ok else 0, lab_tech_at(ts)])
            if not ok:
                ts2 = ts + dt.timedelta(minutes=rnd.randint(30, 120))
                if ts2 <= SNAP_NOW:
                    ph2 = round(rnd.gauss(ph_t, ph_sd * 0.6), 2)
                    ok2 = ph_min <= ph2 <= ph_max
                    qc_rows.append([b["btch_id"], to_ms(ts2), "RETEST", ph2, bx, temp, 1 if ok2 else 0, lab_tech_at(ts2)])
    qc_rows.sort(key=lambda r: r[1])
    con.executemany("INSERT INTO qc_sample (btch_id, sample_ts, sample_pt, ph, brix, temp_c, pass_flg, lab_op_id) "
                    "VALUES (?,?,?,?,?,?,?,?)", qc_rows)

    # ---- CIP cycles
    cap = {t[0]: t[3] for t in TANKS}
    cip_rows = []

    def add_cip(tank, st, prog=None, fail_p=0.03):
        if prog is None:
            prog = "F"
        dur = {"F": (75, 95), "R": (22, 35), "S": (38, 50)}[prog]
        res = 0
        r = rnd.random()
        if r < fail_p:
            res = 1
        elif r < fail_p + 0.015:
            res = 2
        d = rnd.uniform(*dur)
        if res == 2:
            d *= rnd.uniform(0.2, 0.6)
        en = st + dt.timedelta(minutes=round(d, 1))
        if en > SNAP_NOW:
            return None
        water = round(cap[tank] * {"F": 32, "R": 14, "S": 18}[prog] * rnd.uniform(0.9, 1.12) * (d / sum(dur) * 2))
        caus = round(rnd.uniform(1.5, 2.1), 2) if prog == "F" else None
        tmax = round(rnd.uniform(78, 86) if prog == "F" else (rnd.uniform(18, 28) if prog == "R" else rnd.uniform(60, 72)), 1)
        if res == 1 and prog == "F" and rnd.random() < 0.5:
            tmax = round(rnd.uniform(66, 74), 1)
        sc, cand = on_shift_ops(st)
        opid = rnd.choice(cip_techs) if (st.weekday() < 5 and 7 <= st.hour < 16 and rnd.random() < 0.6) else rnd.choice(cand)
        cip_rows.append([tank, to_txt(st), to_txt(en), prog, caus, tmax, water, res, opid])
        return res, en

    for b in batches:
        if b["status"] == 1:
            continue
        tank = b["tank_no"]
        fail_p = 0.17 if tank == "FV-106" else (0.06 if tank == "PT-403" else 0.025)
        prog = "F"
        if b["line_id"] == 3 and rnd.random() < 0.35:
            prog = "R"
        elif b["prev_recipe"] == b["recipe_id"] and rnd.random() < 0.25:
            prog = "S"
        st = b["end"] + dt.timedelta(minutes=rnd.randint(20, 240))
        out = add_cip(tank, st, prog, fail_p)
        tries = 0
        while out and out[0] != 0 and tries < 2:
            out = add_cip(tank, out[1] + dt.timedelta(minutes=rnd.randint(10, 40)), "F", fail_p / 2)
            tries += 1
    # spare silo ST-303: sanitised every ~3 weeks; pilot vessel after each brew (done above)
    for d in ["2026-08-28", "2026-09-18", "2026-10-09", "2026-10-30"]:
        add_cip("ST-303", dt.datetime.fromisoformat(d + " 09:15:00"), "S", 0.0)
    # FV-104 last cleaned before maintenance
    cip_rows.sort(key=lambda r: r[1])
    con.executemany("INSERT INTO cip_cycle (tank_no, start_ts, end_ts, cip_prog, caustic_pct, max_temp_c, water_l, result_cd, op_id) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", cip_rows)

    # ---- alarms
    rate = {1: 2.4, 2: 3.6, 3: 1.6, 4: 2.2, 5: 1.7, 6: 0.05}   # per hour, on average
    line_tanks = {}
    for t in TANKS:
        line_tanks.setdefault(t[1], []).append(t[0])
    alarm_rows = []
    t = HIST_START.replace(hour=0, minute=0)
    code_w = [16, 9, 6, 8, 7, 10, 12, 3, 6, 2, 5]
    while t < SNAP_NOW:
        for line_id, lam in rate.items():
            lam_h = lam / 6.0 * (1.6 if 6 <= t.hour < 22 else 0.6)
            n = 0
            # poisson via inversion
            L, k, p = math.exp(-lam_h), 0, 1.0
            while True:
                p *= rnd.random()
                if p <= L:
                    break
                k += 1
            n = k
            for _ in range(n):
                ts = t + dt.timedelta(seconds=rnd.randint(0, 3599))
                if ts > SNAP_NOW:
                    continue
                ci = rnd.choices(range(len(ALARMS)), code_w)[0]
                code, txt, tagp, sw = ALARMS[ci]
                tank = rnd.choice([x for x in line_tanks[line_id] if x not in ("FV-104", "VT-701")] + [None])
                # cooling-jacket problem on FV-107 during the last two weeks
                if line_id == 2 and ts > dt.datetime(2026, 11, 9) and rnd.random() < 0.4:
                    code, txt, tagp, sw = ALARMS[0]
                    tank = "FV-107"
                sev = rnd.choices([1, 2, 3, 4], sw)[0]
                tag = f"{LINES[line_id - 1][1]}.{tagp}{rnd.randint(101, 140)}" if tank is None else f"{tank}.{tagp}{rnd.randint(1, 9):02d}"
                ack = ack_op = None
                p_ack = {1: 0.35, 2: 0.93, 3: 0.97, 4: 0.96}[sev]
                if rnd.random() < p_ack:
                    delay = rnd.lognormvariate(math.log({1: 20, 2: 6, 3: 3, 4: 2}[sev] * 60), 0.8)
                    if t.hour < 6 or t.hour >= 22:
                        delay *= 1.8
                    ack_dt = ts + dt.timedelta(seconds=delay)
                    if ack_dt <= SNAP_NOW:
                        ack = to_ms(ack_dt)
                        sc, cand = on_shift_ops(ack_dt)
                        d_, s_ = shift_at(ack_dt)
                        ack_op = roster[(d_, s_)][1] if rnd.random() < 0.45 else rnd.choice(cand)
                clr = ts + dt.timedelta(seconds=rnd.lognormvariate(math.log(900), 1.0))
                clr_ms = to_ms(clr) if clr <= SNAP_NOW else None
                alarm_rows.append((to_ms(ts), line_id, tank, tag, code, txt, sev, ack, ack_op, clr_ms))
        t += dt.timedelta(hours=1)
    alarm_rows.sort(key=lambda r: r[0])
    con.executemany("INSERT INTO alarm_evt (ts, line_id, tank_no, tag, alarm_cd, alarm_txt, sev, ack_ts, ack_op_id, clr_ts) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?)", alarm_rows)

    # ---- material consumption
    mc_rows = []
    for b in batches:
        frac = 1.0
        if b["status"] == 3:
            frac = rnd.uniform(0.6, 1.0)
        for mat, per100 in BOM[b["recipe_id"]]:
            if b["status"] == 1 and mat.startswith(("YEAST", "CULT", "STRAW")):
                continue
            qty = round(b["plan_qty_l"] / 100.0 * per100 * rnd.gauss(1.0, 0.02) * frac, 2 if per100 < 1 else 1)
            ts = b["start"] + dt.timedelta(minutes=rnd.randint(0, 40))
            mc_rows.append((b["btch_id"], mat, MATERIALS[mat], lot_for(mat, ts), qty, to_txt(ts)))
    con.executemany("INSERT INTO mat_cons (btch_id, mat_code, mat_desc, lot_no, qty_kg, cons_ts) VALUES (?,?,?,?,?,?)", mc_rows)

    con.commit()
    con.close()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__)
        return 2
    build(argv[0])
    con = sqlite3.connect(argv[0])
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        print(f"{name:14s} {con.execute(f'SELECT COUNT(*) FROM {name}').fetchone()[0]:7d}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
