"""Blind NL2SQL eval fixture: operations DB of a beverage bottling and packaging plant.

Build the SQLite database deterministically (same bytes each run)::

    python3 bottling.py OUT.sqlite

Check every gold SQL of a question file against the freshly built DB::

    python3 bottling.py OUT.sqlite --verify [QUESTIONS.jsonl]

Standard library only, deterministic (random.Random(SEED)).

Plant: soft-drink and water bottler near Pune, India.  Plant time zone
Asia/Kolkata = UTC+05:30 all year (no DST).  History runs from Tuesday
2026-09-01 06:00 to Saturday 2026-11-21 12:00 local ("now").

Time storage (deliberately mixed):
  * prod_order.plan_start / act_start / act_end and changeover.co_start / co_end:
    ISO text with a 'T', plant local time 'YYYY-MM-DDTHH:MM:SS'.
  * line_hourly.hr_start: local 'YYYY-MM-DD HH:MM' (space, no seconds).
  * qc_check.chk_ts: local 'YYYY-MM-DD HH:MM:SS'.
  * work_req.req_ts / done_ts: local 'YYYY-MM-DD HH:MM'.
  * StopEvent.start_s / end_s: epoch SECONDS (UTC instants).
  * Date-only 'YYYY-MM-DD': util_daily.rd_dt, work_req.due_dt, staff.hire_dt / left_dt,
    Equipment.CommissionDate.

Shifts: A 06:00-14:00, B 14:00-22:00, C 22:00-06:00 (C belongs to the day it starts).
Line schedules: L1, L2 Mon-Fri A/B/C + Sat A/B; L3 Mon-Sat A/B; L4 Mon-Fri A/B;
L5 (new can line, first production 2026-10-12) like L1; L6 mothballed (no data).
Plant holiday (all lines off): Friday 2026-10-02.

Built-in facts the questions rely on:
  * FIL-301 (L3 filler) had repeated long breakdowns in October (valve seals).
  * CAP-101 (L1 capper) torque drift 2026-11-10..14: low cap torque QC failures, jams,
    higher rejects on L1 last week, WR completed 11-14.
  * LAB-201 (L2 labeler) label position problems in November.
  * BLW-201 (L2 blow molder) is broken down right now (StopEvent.end_s NULL since
    2026-11-21 10:42, emergency work request in progress).
  * CO2 leak 2026-11-17/18 at the CO2 tank.
  * L5 can line ramp-up in October (lower performance).
  * SKU TN-330C was never produced; GA-500P discontinued end of September.
  * QC tech Rohan Gupta left 2026-10-31, Kavita Rao joined 2026-11-02.
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

SEED = 7202611
UTC_OFF_S = 5 * 3600 + 1800          # Asia/Kolkata, UTC+05:30, no DST
START = dt.datetime(2026, 9, 1, 6, 0)
NOW = dt.datetime(2026, 11, 21, 12, 0, 0)
HOLIDAY = dt.date(2026, 10, 2)
L5_START = dt.datetime(2026, 10, 12, 6, 0)


def iso_t(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def txt_s(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def txt_m(t):
    return t.strftime("%Y-%m-%d %H:%M")


def epoch_s(t):
    """Epoch seconds (UTC) of a naive plant-local time."""
    return calendar.timegm(t.timetuple()) - UTC_OFF_S


def from_epoch(s):
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=s + UTC_OFF_S)


SCHEMA = """
CREATE TABLE line (
    ln_id       INTEGER PRIMARY KEY,       -- line number 1..6
    ln_code     TEXT NOT NULL UNIQUE,      -- short code shown on the floor: L1 .. L6
    ln_name     TEXT NOT NULL,
    pkg_type    TEXT NOT NULL,             -- PET = plastic bottles, GLS = returnable glass, CAN = aluminium cans
    rated_bph   INTEGER NOT NULL,          -- nameplate speed, containers per hour (base format)
    hall        TEXT,                      -- building hall: H1 / H2
    active      INTEGER NOT NULL DEFAULT 1 -- 1 = in use, 0 = mothballed
);

CREATE TABLE Equipment (
    EquipTag       TEXT PRIMARY KEY,       -- equipment tag <class>-<line digit><seq>, e.g. FIL-101; 9xx = plant utilities
    EquipName      TEXT NOT NULL,
    EquipClass     TEXT NOT NULL,          -- BLW=stretch blow molder, RIN=rinser, WSH=bottle washer, DEP=depalletizer, FIL=filler, CAP=capper/crowner/seamer, LAB=labeler, CPK=case packer / shrink wrapper, PAL=palletizer, CMP=air compressor, CO2=CO2 storage & vaporizer, WTP=water treatment, CHL=chiller
    LineId         INTEGER,                -- line.ln_id; NULL for plant utilities
    Vendor         TEXT,
    ModelNo        TEXT,
    CommissionDate TEXT,                   -- YYYY-MM-DD
    Critical       TEXT NOT NULL DEFAULT 'N', -- Y = line stops when this machine stops
    Status         TEXT NOT NULL DEFAULT 'A'  -- A = in service, S = standby / spare, X = scrapped
);

CREATE TABLE sku (
    sku_cd      TEXT PRIMARY KEY,          -- article code, e.g. CL-500P
    sku_desc    TEXT NOT NULL,
    brand       TEXT NOT NULL,
    vol_ml      INTEGER NOT NULL,          -- nominal content per container, ml
    pkg_typ     TEXT NOT NULL,             -- PET / GLS / CAN
    units_per_cs INTEGER NOT NULL,         -- containers per case (shrink pack / crate / tray)
    carb_yn     TEXT NOT NULL,             -- Y = carbonated
    tgt_fill_ml REAL NOT NULL,             -- target fill volume, ml
    tol_ml      REAL NOT NULL,             -- allowed fill deviation, +/- ml around tgt_fill_ml
    co2_gl      REAL,                      -- target CO2 content, g/l (NULL for still products)
    brix        REAL,                      -- target sugar content, degrees Brix (NULL for water)
    active      INTEGER NOT NULL DEFAULT 1 -- 1 = sellable, 0 = discontinued
);

CREATE TABLE staff (
    emp_no      TEXT PRIMARY KEY,          -- personnel number, e.g. E1042
    emp_nm      TEXT NOT NULL,
    role_cd     TEXT NOT NULL,             -- OPR=operator, LL=line lead, QT=quality technician, QM=quality manager, MT=maintenance technician, PLN=maintenance planner, EE=energy engineer, MGR=plant manager
    craft       TEXT,                      -- maintenance craft for MT: MEC=mechanical, ELE=electrical, INS=instrumentation; else NULL
    shift_cd    TEXT,                      -- A 06-14, B 14-22, C 22-06, G = general day shift 09-18
    home_ln     INTEGER,                   -- usual line (line.ln_id), NULL = not line-bound
    hire_dt     TEXT,                      -- YYYY-MM-DD
    left_dt     TEXT,                      -- YYYY-MM-DD last working day, NULL if still employed
    active_flg  TEXT NOT NULL DEFAULT 'Y'  -- Y / N
);

CREATE TABLE prod_order (
    po_no       TEXT PRIMARY KEY,          -- production order number
    sku_cd      TEXT NOT NULL REFERENCES sku(sku_cd),
    ln_id       INTEGER NOT NULL REFERENCES line(ln_id),
    plan_qty_cs INTEGER NOT NULL,          -- planned quantity, cases
    plan_start  TEXT,                      -- planned start, local time YYYY-MM-DDTHH:MM:SS
    act_start   TEXT,                      -- actual start, local time; NULL if not started
    act_end     TEXT,                      -- actual end, local time; NULL while running / not started
    good_cs     INTEGER,                   -- good cases produced (NULL if not started)
    po_sts      INTEGER NOT NULL           -- 10=released, 20=running, 30=completed, 40=completed but on QA hold, 90=cancelled
);

CREATE TABLE line_hourly (
    ln_id       INTEGER NOT NULL REFERENCES line(ln_id),
    hr_start    TEXT NOT NULL,             -- start of the clock hour, local time 'YYYY-MM-DD HH:MM'
    po_no       TEXT,                      -- production order running in that hour
    shft        TEXT NOT NULL,             -- A / B / C (C = 22-06, belongs to the start day)
    run_min     INTEGER NOT NULL,          -- minutes the line was running in that hour (60 minus stops)
    cnt_filled  INTEGER NOT NULL,          -- containers filled in that hour, including rejects
    cnt_rej     INTEGER NOT NULL,          -- containers rejected (inspector / manual), part of cnt_filled
    PRIMARY KEY (ln_id, hr_start)
);

CREATE TABLE StopEvent (
    stop_id     INTEGER PRIMARY KEY,
    ln_id       INTEGER NOT NULL,          -- line.ln_id
    equip_tag   TEXT,                      -- Equipment.EquipTag causing the stop; NULL when not machine-related
    start_s     INTEGER NOT NULL,          -- stop start, epoch seconds (UTC)
    end_s       INTEGER,                   -- line running again, epoch seconds (UTC); NULL = still stopped
    rsn_cd      TEXT NOT NULL,             -- BRK=equipment breakdown, JAM=jam / fallen containers, MAT=material shortage (preforms, caps, labels, cans, syrup), QLT=quality adjustment / hold, UTL=utility failure (air, CO2, power, water), NOP=no operator, CO=changeover (planned), CIP=cleaning in place (planned), PM=planned maintenance (planned)
    note        TEXT,
    logged_by   TEXT                       -- staff.emp_no of the person who logged it
);

CREATE TABLE changeover (
    co_id       INTEGER PRIMARY KEY,
    ln_id       INTEGER NOT NULL REFERENCES line(ln_id),
    from_sku    TEXT,                      -- sku.sku_cd before
    to_sku      TEXT NOT NULL,             -- sku.sku_cd after
    co_start    TEXT NOT NULL,             -- local time YYYY-MM-DDTHH:MM:SS
    co_end      TEXT NOT NULL,             -- local time YYYY-MM-DDTHH:MM:SS
    co_typ      TEXT NOT NULL,             -- FLV = flavour change (same container), FMT = format / size change
    std_min     INTEGER NOT NULL,          -- standard (target) duration, minutes
    lead_emp    TEXT                       -- staff.emp_no of the line lead in charge
);

CREATE TABLE qc_check (
    chk_id      INTEGER PRIMARY KEY,
    po_no       TEXT NOT NULL REFERENCES prod_order(po_no),
    ln_id       INTEGER NOT NULL,          -- line.ln_id
    chk_ts      TEXT NOT NULL,             -- local time 'YYYY-MM-DD HH:MM:SS'
    insp_emp    TEXT,                      -- staff.emp_no of the inspector
    fill_ml     REAL,                      -- mean fill volume of the sample, ml (spec: sku.tgt_fill_ml +/- sku.tol_ml)
    torq_nm     REAL,                      -- cap removal torque, Nm (PET only; spec 1.2 - 2.4 Nm); NULL for glass / cans
    lbl_mm      REAL,                      -- label position offset from nominal, mm (spec +/- 1.5 mm); NULL for cans
    co2_meas    REAL,                      -- measured CO2, g/l (carbonated products only)
    res         TEXT NOT NULL              -- A = accepted, R = rejected (out of spec, line adjusted), H = held for lab re-test
);

CREATE TABLE work_req (
    wr_no       TEXT PRIMARY KEY,          -- work request number WRyy-nnnn
    equip_tag   TEXT NOT NULL REFERENCES Equipment(EquipTag),
    wr_typ      TEXT NOT NULL,             -- BD = breakdown repair, CM = corrective (non-urgent), PM = preventive, IMP = improvement
    prio        INTEGER NOT NULL,          -- 1 = emergency, 2 = high, 3 = normal, 4 = low
    wr_sts      TEXT NOT NULL,             -- N = new, A = approved / planned, P = in progress, W = waiting for parts, C = completed, X = cancelled
    req_ts      TEXT NOT NULL,             -- requested, local 'YYYY-MM-DD HH:MM'
    req_by      TEXT,                      -- staff.emp_no of the requester
    due_dt      TEXT,                      -- due date YYYY-MM-DD (PM and CM); NULL for BD
    tech_emp    TEXT,                      -- staff.emp_no of the assigned maintenance technician
    done_ts     TEXT,                      -- completed, local 'YYYY-MM-DD HH:MM'; NULL if not completed
    lab_hrs     REAL,                      -- booked labour, HOURS
    stop_ref    INTEGER,                   -- StopEvent.stop_id that triggered the request (BD only)
    descr       TEXT
);

CREATE TABLE util_daily (
    meter_cd    TEXT NOT NULL,             -- meter: EL-L1..EL-L5 = line electricity, EL-CMP = compressor house, W-MAIN = plant water intake, W-CIP = CIP water sub-meter (included in W-MAIN), CO2-TANK = CO2 drawn from bulk tank
    rd_dt       TEXT NOT NULL,             -- consumption day YYYY-MM-DD (00:00-24:00 local)
    medium      TEXT NOT NULL,             -- EL = electricity, WTR = water, CO2 = carbon dioxide
    qty         REAL NOT NULL,             -- consumption that day, in uom
    uom         TEXT NOT NULL,             -- kWh (EL), m3 (WTR), kg (CO2)
    est_flg     INTEGER NOT NULL DEFAULT 0,-- 1 = estimated (meter fault), 0 = read
    PRIMARY KEY (meter_cd, rd_dt)
);

CREATE INDEX ix_hourly_po ON line_hourly(po_no);
CREATE INDEX ix_stop_ln ON StopEvent(ln_id, start_s);
CREATE INDEX ix_qc_po ON qc_check(po_no);
CREATE INDEX ix_wr_equip ON work_req(equip_tag);
"""

LINES = [
    (1, "L1", "PET Line 1 - CSD 500 ml", "PET", 24000, "H1", 1),
    (2, "L2", "PET Line 2 - Water", "PET", 30000, "H1", 1),
    (3, "L3", "PET Line 3 - Large PET", "PET", 12000, "H1", 1),
    (4, "L4", "Glass Line (RGB)", "GLS", 18000, "H2", 1),
    (5, "L5", "Can Line", "CAN", 36000, "H2", 1),
    (6, "L6", "PET Line 6 (old)", "PET", 10000, "H2", 0),
]

# sku_cd, desc, brand, vol, pkg, upc, carb, tgt, tol, co2, brix, active
SKUS = [
    ("CL-500P", "Fizzo Cola 500 ml PET", "Fizzo", 500, "PET", 24, "Y", 503.0, 5.0, 7.2, 10.6, 1),
    ("CLZ-500P", "Fizzo Cola Zero 500 ml PET", "Fizzo", 500, "PET", 24, "Y", 503.0, 5.0, 7.2, None, 1),
    ("LM-500P", "Limzo Lemon 500 ml PET", "Limzo", 500, "PET", 24, "Y", 503.0, 5.0, 6.0, 10.2, 1),
    ("OR-500P", "Orbit Orange 500 ml PET", "Orbit", 500, "PET", 24, "Y", 503.0, 5.0, 4.5, 11.5, 1),
    ("GA-500P", "Fizzo Ginger Ale 500 ml PET", "Fizzo", 500, "PET", 24, "Y", 503.0, 5.0, 6.5, 9.8, 0),
    ("SPK-500P", "AquaPure Sparkling 500 ml PET", "AquaPure", 500, "PET", 24, "Y", 503.0, 5.0, 6.0, None, 1),
    ("AQ-500P", "AquaPure Still 500 ml PET", "AquaPure", 500, "PET", 24, "N", 502.0, 6.0, None, None, 1),
    ("AQ-1000P", "AquaPure Still 1 L PET", "AquaPure", 1000, "PET", 12, "N", 1004.0, 10.0, None, None, 1),
    ("CL-1500P", "Fizzo Cola 1.5 L PET", "Fizzo", 1500, "PET", 6, "Y", 1506.0, 12.0, 7.0, 10.6, 1),
    ("CL-2000P", "Fizzo Cola 2 L PET", "Fizzo", 2000, "PET", 6, "Y", 2008.0, 15.0, 7.0, 10.6, 1),
    ("OR-1500P", "Orbit Orange 1.5 L PET", "Orbit", 1500, "PET", 6, "Y", 1506.0, 12.0, 4.5, 11.5, 1),
    ("CL-300G", "Fizzo Cola 300 ml RGB", "Fizzo", 300, "GLS", 24, "Y", 302.0, 4.0, 7.4, 10.6, 1),
    ("LM-300G", "Limzo Lemon 300 ml RGB", "Limzo", 300, "GLS", 24, "Y", 302.0, 4.0, 6.2, 10.2, 1),
    ("SOD-300G", "Club Soda 300 ml RGB", "AquaPure", 300, "GLS", 24, "Y", 302.0, 4.0, 7.8, None, 1),
    ("CL-330C", "Fizzo Cola 330 ml can", "Fizzo", 330, "CAN", 24, "Y", 332.0, 3.0, 7.2, 10.6, 1),
    ("CLZ-330C", "Fizzo Cola Zero 330 ml can", "Fizzo", 330, "CAN", 24, "Y", 332.0, 3.0, 7.2, None, 1),
    ("EN-250C", "Volt Energy 250 ml can", "Volt", 250, "CAN", 24, "Y", 252.0, 3.0, 5.5, 12.0, 1),
    ("TN-330C", "AquaPure Tonic 330 ml can", "AquaPure", 330, "CAN", 24, "Y", 332.0, 3.0, 7.0, 8.5, 1),
]
SKU = {s[0]: s for s in SKUS}

# line -> [(sku, weight, bph)]
LINE_SKUS = {
    1: [("CL-500P", 5, 24000), ("CLZ-500P", 2, 24000), ("LM-500P", 2, 24000), ("OR-500P", 2, 24000),
        ("SPK-500P", 1, 24000), ("GA-500P", 1, 24000)],
    2: [("AQ-500P", 3, 30000), ("AQ-1000P", 2, 20000)],
    3: [("CL-1500P", 3, 12000), ("CL-2000P", 2, 9000), ("OR-1500P", 2, 12000)],
    4: [("CL-300G", 3, 18000), ("LM-300G", 2, 18000), ("SOD-300G", 1, 18000)],
    5: [("CL-330C", 4, 36000), ("CLZ-330C", 2, 36000), ("EN-250C", 2, 40000)],
}

EQUIP = [
    # tag, name, class, line, vendor, model, commission, critical, status
    ("BLW-101", "L1 stretch blow molder", "BLW", 1, "Sidel", "EvoBLOW S", "2019-02-11", "Y", "A"),
    ("FIL-101", "L1 filler", "FIL", 1, "Sidel", "Matrix SF300", "2019-02-11", "Y", "A"),
    ("CAP-101", "L1 capper", "CAP", 1, "Arol", "Euro PK", "2019-02-11", "Y", "A"),
    ("LAB-101", "L1 labeler", "LAB", 1, "Krones", "Contiroll", "2019-02-11", "N", "A"),
    ("CPK-101", "L1 shrink wrapper", "CPK", 1, "Smipack", "SP 800", "2019-03-04", "N", "A"),
    ("PAL-101", "L1 palletizer", "PAL", 1, "Krones", "Modulpal", "2019-03-04", "N", "A"),
    ("BLW-201", "L2 stretch blow molder", "BLW", 2, "Krones", "Contiform 3 Pro", "2021-06-21", "Y", "A"),
    ("FIL-201", "L2 filler", "FIL", 2, "Krones", "Modulfill VFS", "2021-06-21", "Y", "A"),
    ("CAP-201", "L2 capper", "CAP", 2, "Krones", "Capper 90", "2021-06-21", "Y", "A"),
    ("LAB-201", "L2 labeler", "LAB", 2, "Krones", "Contiroll ED", "2021-06-21", "N", "A"),
    ("CPK-201", "L2 shrink wrapper", "CPK", 2, "Krones", "Variopac Pro", "2021-07-05", "N", "A"),
    ("PAL-201", "L2 palletizer", "PAL", 2, "Krones", "Modulpal Pro", "2021-07-05", "N", "A"),
    ("BLW-301", "L3 stretch blow molder", "BLW", 3, "Sidel", "SBO 10", "2015-09-14", "Y", "A"),
    ("FIL-301", "L3 filler", "FIL", 3, "Sidel", "SF100 FM", "2015-09-14", "Y", "A"),
    ("CAP-301", "L3 capper", "CAP", 3, "Zalkin", "CA 12", "2015-09-14", "Y", "A"),
    ("LAB-301", "L3 labeler", "LAB", 3, "Sidel", "Rollquattro", "2015-09-14", "N", "A"),
    ("CPK-301", "L3 shrink wrapper", "CPK", 3, "Smipack", "SP 600", "2015-10-01", "N", "A"),
    ("PAL-301", "L3 palletizer", "PAL", 3, "Sidel", "PalAccess", "2015-10-01", "N", "A"),
    ("WSH-401", "L4 bottle washer", "WSH", 4, "KHS", "Innoclean DM", "2012-04-02", "Y", "A"),
    ("FIL-401", "L4 filler", "FIL", 4, "KHS", "Innofill Glass DRS", "2012-04-02", "Y", "A"),
    ("CAP-401", "L4 crowner", "CAP", 4, "KHS", "Innofill Crowner", "2012-04-02", "Y", "A"),
    ("LAB-401", "L4 labeler", "LAB", 4, "Krones", "Canmatic", "2012-04-02", "N", "A"),
    ("LAB-402", "L4 labeler (spare)", "LAB", 4, "Krones", "Canmatic", "2008-01-15", "N", "S"),
    ("CPK-401", "L4 crate packer", "CPK", 4, "KHS", "Innopack PP", "2012-04-20", "N", "A"),
    ("PAL-401", "L4 palletizer", "PAL", 4, "KHS", "Innopal PB", "2012-04-20", "N", "A"),
    ("DEP-501", "L5 can depalletizer", "DEP", 5, "KHS", "Innopal AS", "2026-09-14", "N", "A"),
    ("FIL-501", "L5 can filler", "FIL", 5, "KHS", "Innofill Can DVD", "2026-09-14", "Y", "A"),
    ("CAP-501", "L5 can seamer", "CAP", 5, "Ferrum", "F12", "2026-09-14", "Y", "A"),
    ("CPK-501", "L5 tray packer", "CPK", 5, "KHS", "Innopack Kisters TSP", "2026-09-21", "N", "A"),
    ("PAL-501", "L5 palletizer", "PAL", 5, "KHS", "Innopal PBL", "2026-09-21", "N", "A"),
    ("FIL-601", "L6 filler", "FIL", 6, "Sidel", "SF100", "2004-05-10", "Y", "X"),
    ("CAP-601", "L6 capper", "CAP", 6, "Zalkin", "CA 8", "2004-05-10", "Y", "X"),
    ("LAB-601", "L6 labeler", "LAB", 6, "Krones", "Canmatic", "2004-05-10", "N", "X"),
    ("CMP-901", "HP air compressor 1 (40 bar)", "CMP", None, "Atlas Copco", "ZD 4", "2019-01-20", "Y", "A"),
    ("CMP-902", "LP air compressor 2 (7 bar)", "CMP", None, "Atlas Copco", "GA 75 VSD", "2017-06-12", "Y", "A"),
    ("CO2-901", "CO2 bulk tank and vaporizer", "CO2", None, "Linde", "CRYO 30t", "2014-03-01", "Y", "A"),
    ("WTP-901", "Water treatment RO plant", "WTP", None, "Veolia", "RO 40", "2016-08-08", "Y", "A"),
    ("CHL-901", "Product chiller", "CHL", None, "Carrier", "30XA", "2016-08-08", "N", "A"),
]
LINE_EQ = {}
for _e in EQUIP:
    if _e[3] in (1, 2, 3, 4, 5) and _e[8] == "A":
        LINE_EQ.setdefault(_e[3], []).append(_e[0])

# emp_no, name, role, craft, shift, home_ln, hire, left, active
STAFF = [
    ("E1001", "Rajesh Kumar", "MGR", None, "G", None, "2011-07-01", None, "Y"),
    ("E1002", "Meera Iyer", "PLN", None, "G", None, "2016-03-14", None, "Y"),
    ("E1003", "Farhan Qureshi", "EE", None, "G", None, "2020-01-06", None, "Y"),
    ("E1004", "Sanjay Mehta", "QM", None, "G", None, "2013-09-02", None, "Y"),
    ("E1011", "Rahul Deshmukh", "LL", None, "A", None, "2014-05-19", None, "Y"),
    ("E1012", "Sneha Kulkarni", "LL", None, "B", None, "2017-08-07", None, "Y"),
    ("E1013", "Vikram Patil", "LL", None, "C", None, "2015-02-23", None, "Y"),
    ("E1014", "Pooja Bhosale", "LL", None, "A", None, "2019-11-11", None, "Y"),
    ("E1015", "Nikhil Sawant", "LL", None, "B", None, "2018-04-02", None, "Y"),
    ("E1016", "Aditya Kale", "LL", None, "C", None, "2020-10-05", None, "Y"),
    ("E1021", "Priya Nair", "QT", None, "A", None, "2018-06-18", None, "Y"),
    ("E1022", "Amit Shinde", "QT", None, "B", None, "2019-01-07", None, "Y"),
    ("E1023", "Rohan Gupta", "QT", None, "C", None, "2021-03-01", "2026-10-31", "N"),
    ("E1024", "Kavita Rao", "QT", None, "C", None, "2026-11-02", None, "Y"),
    ("E1025", "Neha Pawar", "QT", None, "G", None, "2022-07-11", None, "Y"),
    ("E1031", "Suresh Yadav", "MT", "MEC", "A", None, "2012-02-13", None, "Y"),
    ("E1032", "Manoj Jadhav", "MT", "ELE", "A", None, "2014-09-29", None, "Y"),
    ("E1033", "Imran Shaikh", "MT", "MEC", "B", None, "2017-05-15", None, "Y"),
    ("E1034", "Ganesh More", "MT", "ELE", "B", None, "2016-01-04", None, "Y"),
    ("E1035", "Deepak Chavan", "MT", "MEC", "C", None, "2019-07-22", None, "Y"),
    ("E1036", "Arjun Pillai", "MT", "INS", "G", None, "2021-02-08", None, "Y"),
    ("E1041", "Sachin Wagh", "OPR", None, "A", 1, "2018-03-05", None, "Y"),
    ("E1042", "Kiran Salunkhe", "OPR", None, "B", 1, "2019-06-10", None, "Y"),
    ("E1043", "Ajay Gaikwad", "OPR", None, "C", 1, "2020-02-17", None, "Y"),
    ("E1044", "Swati Mane", "OPR", None, "A", 2, "2021-08-02", None, "Y"),
    ("E1045", "Prakash Lokhande", "OPR", None, "B", 2, "2016-11-21", None, "Y"),
    ("E1046", "Ravi Thorat", "OPR", None, "C", 2, "2022-01-10", None, "Y"),
    ("E1047", "Dinesh Kadam", "OPR", None, "A", 3, "2017-04-03", None, "Y"),
    ("E1048", "Sunita Jagtap", "OPR", None, "B", 3, "2020-09-14", None, "Y"),
    ("E1049", "Mahesh Pawar", "OPR", None, "A", 4, "2013-12-09", None, "Y"),
    ("E1050", "Yogesh Ghule", "OPR", None, "B", 4, "2015-05-25", None, "Y"),
    ("E1051", "Tejas Nikam", "OPR", None, "A", 5, "2026-09-01", None, "Y"),
    ("E1052", "Asha Kamble", "OPR", None, "B", 5, "2026-09-01", None, "Y"),
    ("E1053", "Vijay Dhole", "OPR", None, "C", 5, "2026-09-15", None, "Y"),
    ("E1054", "Santosh Bhoir", "OPR", None, "C", None, "2010-08-16", "2026-09-30", "N"),
]
LL_BY_SHIFT = {"A": ["E1011", "E1014"], "B": ["E1012", "E1015"], "C": ["E1013", "E1016"]}
MT_BY_SHIFT = {"A": ["E1031", "E1032"], "B": ["E1033", "E1034"], "C": ["E1035"]}


def shift_of(t):
    h = t.hour
    if 6 <= h < 14:
        return "A", t.date()
    if 14 <= h < 22:
        return "B", t.date()
    if h >= 22:
        return "C", t.date()
    return "C", t.date() - dt.timedelta(days=1)


def producing(t, ln):
    sh, d = shift_of(t)
    if d == HOLIDAY:
        return False
    wd = d.weekday()
    if ln in (1, 2, 5):
        if ln == 5 and t < L5_START:
            return False
        return wd < 5 or (wd == 5 and sh in ("A", "B"))
    if ln == 3:
        return wd < 6 and sh in ("A", "B")
    if ln == 4:
        return wd < 5 and sh in ("A", "B")
    return False


def opr_for(ln, sh):
    c = [s[0] for s in STAFF if s[2] == "OPR" and s[5] == ln and s[4] == sh]
    return c[0] if c else None


def qt_for(sh, t, rng):
    if sh == "A" and rng.random() < 0.15:
        return "E1025"
    if sh == "A":
        return "E1021"
    if sh == "B":
        return "E1022"
    return "E1023" if t.date() <= dt.date(2026, 10, 31) else "E1024"


def build(path):
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO line VALUES (?,?,?,?,?,?,?)", LINES)
    con.executemany("INSERT INTO Equipment VALUES (?,?,?,?,?,?,?,?,?)", EQUIP)
    con.executemany("INSERT INTO sku VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", SKUS)
    con.executemany("INSERT INTO staff VALUES (?,?,?,?,?,?,?,?,?)", STAFF)

    orders = []        # dicts
    hourly = []        # rows
    stops = []         # dicts: ln, eq, s, e(datetime or None), rsn, note, by
    changeovers = []
    qc = []
    po_seq = [0]

    def new_po_no(t):
        po_seq[0] += 1
        return f"PO{t.strftime('%y%m')}-{po_seq[0] * 7 % 1000 + 1000 * (po_seq[0] // 143):04d}"

    for ln in (1, 2, 3, 4, 5):
        # all production hours
        hours = []
        t = START
        while t < NOW:
            if producing(t, ln):
                hours.append(t)
            t += dt.timedelta(hours=1)
        cursor = START          # line busy (stopped) until cursor
        cur = None
        left = 0
        prev_sku = None
        line_stops = []
        hrs_since_cip = 999
        last_cip_week = None
        last_pm_month = None
        for h in hours:
            sh, sd = shift_of(h)
            hend = h + dt.timedelta(hours=1)
            if cursor < h:
                cursor = h
            # --- order change
            if left <= 0:
                cands = [c for c in LINE_SKUS[ln]
                         if not (c[0] == "GA-500P" and h >= dt.datetime(2026, 9, 28))]
                cands2 = [c for c in cands if c[0] != prev_sku] or cands
                pick = rng.choices(cands2, [c[1] for c in cands2])[0]
                if prev_sku is not None and rng.random() < 0.12:
                    pick = [c for c in LINE_SKUS[ln] if c[0] == prev_sku][0]
                sku_cd, _, bph = pick
                if sku_cd == "GA-500P" and h >= dt.datetime(2026, 9, 26):
                    sku_cd, bph = "CL-500P", 24000
                left = rng.randint(8, 30) if ln != 2 else rng.randint(14, 40)
                cur = dict(po=new_po_no(h), sku=sku_cd, ln=ln, bph=bph, hours=[], first=h, good=0)
                orders.append(cur)
                if prev_sku is not None and prev_sku != sku_cd:
                    fmt = SKU[prev_sku][3] != SKU[sku_cd][3]
                    std = 90 if fmt else 35
                    dur = std * rng.uniform(0.8, 1.45)
                    if ln == 3 and fmt:
                        dur = std * rng.uniform(1.1, 1.9)
                    if ln == 5 and h < dt.datetime(2026, 11, 1):
                        dur *= 1.3
                    s = cursor + dt.timedelta(seconds=rng.randint(0, 120))
                    e = s + dt.timedelta(seconds=int(dur * 60))
                    lead = rng.choice(LL_BY_SHIFT[sh])
                    changeovers.append((ln, prev_sku, sku_cd, s, e, "FMT" if fmt else "FLV", std, lead))
                    line_stops.append(dict(ln=ln, eq=None, s=s, e=e, rsn="CO",
                                           note=f"Changeover {prev_sku} -> {sku_cd}", by=lead))
                    cursor = e
                prev_sku = sku_cd
            left -= 1
            # --- weekly CIP at first production hour of the ISO week
            wk = h.isocalendar()[:2]
            if wk != last_cip_week and h >= cursor - dt.timedelta(hours=3):
                last_cip_week = wk
                s = max(cursor, h) + dt.timedelta(seconds=rng.randint(0, 300))
                e = s + dt.timedelta(minutes=rng.randint(85, 140), seconds=rng.randint(0, 59))
                line_stops.append(dict(ln=ln, eq=[x for x in LINE_EQ[ln] if x.startswith("FIL")][0], s=s, e=e,
                                       rsn="CIP", note="Weekly CIP", by=rng.choice(LL_BY_SHIFT[sh])))
                cursor = e
            # --- monthly PM, first Wednesday A shift of the month
            mo = (h.year, h.month)
            if mo != last_pm_month and h.weekday() == 2 and h.hour == 7:
                last_pm_month = mo
                s = max(cursor, h) + dt.timedelta(seconds=rng.randint(0, 300))
                e = s + dt.timedelta(minutes=rng.randint(120, 240))
                line_stops.append(dict(ln=ln, eq=rng.choice(LINE_EQ[ln]), s=s, e=e, rsn="PM",
                                       note="Monthly planned maintenance", by=rng.choice(LL_BY_SHIFT[sh])))
                cursor = e
            # --- ongoing BLW-201 breakdown
            if ln == 2 and h == dt.datetime(2026, 11, 21, 10, 0):
                s = dt.datetime(2026, 11, 21, 10, 42, 17)
                line_stops.append(dict(ln=2, eq="BLW-201", s=s, e=None, rsn="BRK",
                                       note="Preform heater oven fault, lamps tripping", by="E1044", wr=True))
                cursor = NOW + dt.timedelta(days=1)
            # --- FIL-301 October breakdowns
            if ln == 3 and h.month == 10 and h.hour == 9 and h.day in (6, 13, 15, 22, 27, 29) and cursor <= h + dt.timedelta(minutes=20):
                s = h + dt.timedelta(minutes=rng.randint(20, 40), seconds=rng.randint(0, 59))
                e = s + dt.timedelta(minutes=rng.randint(150, 290), seconds=rng.randint(0, 59))
                line_stops.append(dict(ln=3, eq="FIL-301", s=s, e=e, rsn="BRK",
                                       note="Filling valve seal leak, valves replaced", by=opr_for(3, "A"), wr=True))
                cursor = e
            # --- random stops in this hour
            capdrift = ln == 1 and dt.datetime(2026, 11, 10, 6) <= h < dt.datetime(2026, 11, 14, 14)
            lab2 = ln == 2 and h >= dt.datetime(2026, 11, 3)
            l5ramp = ln == 5 and h < dt.datetime(2026, 11, 1)
            for _ in range(2):
                if cursor >= hend - dt.timedelta(minutes=5):
                    break
                r = rng.random()
                pj = 0.22 + (0.25 if capdrift else 0) + (0.12 if lab2 else 0) + (0.15 if l5ramp else 0)
                if r < pj:
                    rsn = "JAM"
                    if capdrift and rng.random() < 0.6:
                        eq = "CAP-101"
                    elif lab2 and rng.random() < 0.45:
                        eq = "LAB-201"
                    else:
                        eq = rng.choice([x for x in LINE_EQ[ln] if x[:3] in ("CAP", "LAB", "CPK", "PAL", "DEP", "FIL", "WSH")])
                    dur = rng.randint(2, 14)
                elif r < pj + 0.018 + (0.02 if l5ramp else 0):
                    rsn = "BRK"
                    eq = rng.choice(LINE_EQ[ln])
                    dur = rng.choice([rng.randint(15, 60), rng.randint(30, 150)])
                elif r < pj + 0.045:
                    rsn = "MAT"
                    eq = None
                    dur = rng.randint(10, 45)
                elif r < pj + 0.06 + (0.05 if capdrift else 0):
                    rsn = "QLT"
                    eq = "CAP-101" if capdrift else rng.choice([x for x in LINE_EQ[ln] if x[:3] in ("FIL", "CAP", "LAB")])
                    dur = rng.randint(8, 35)
                elif r < pj + 0.066:
                    rsn = "UTL"
                    eq = rng.choice(["CMP-901", "CMP-902", "CO2-901", "WTP-901"] if ln != 2 else ["CMP-901", "CMP-902", "WTP-901"])
                    dur = rng.randint(15, 55)
                elif r < pj + 0.071:
                    rsn = "NOP"
                    eq = None
                    dur = rng.randint(15, 35)
                else:
                    continue
                lo = max(cursor, h)
                span = int((hend - lo).total_seconds() // 60) - 3
                if span <= 0:
                    break
                s = lo + dt.timedelta(minutes=rng.randint(1, span), seconds=rng.randint(0, 59))
                e = s + dt.timedelta(minutes=dur, seconds=rng.randint(0, 59))
                if e > NOW:
                    continue
                if ln == 2 and e >= dt.datetime(2026, 11, 21, 10, 40):
                    continue
                note = {"JAM": "Fallen / jammed containers", "BRK": "Breakdown", "MAT": rng.choice(
                    ["Waiting for preforms", "Cap supply empty", "Label reel shortage", "Syrup not ready",
                     "Shrink film shortage"] if ln != 5 else ["Can supply late", "Ends (lids) shortage", "Syrup not ready"]),
                        "QLT": "Quality adjustment", "UTL": "Utility supply problem", "NOP": "No operator available"}[rsn]
                if rsn == "MAT" and ln in (2,) and "Syrup" in note:
                    note = "Waiting for preforms"
                if rsn == "QLT" and capdrift:
                    note = "Cap torque low - capper heads adjusted"
                line_stops.append(dict(ln=ln, eq=eq, s=s, e=e, rsn=rsn, note=note,
                                       by=opr_for(ln, sh) or rng.choice(LL_BY_SHIFT[sh]), wr=(rsn == "BRK" and dur >= 30)))
                cursor = e
            # --- hourly output
            down = 0.0
            for st in line_stops[-8:]:
                se = st["e"] or NOW
                ov = (min(se, hend) - max(st["s"], h)).total_seconds()
                if ov > 0:
                    down += ov
            run = max(0, 60 - int(round(down / 60.0)))
            perf = rng.uniform(0.84, 0.96)
            if l5ramp:
                perf = rng.uniform(0.62, 0.82)
            if ln == 4:
                perf = rng.uniform(0.80, 0.92)
            filled = int(run / 60.0 * cur["bph"] * perf)
            rr = rng.uniform(0.002, 0.008)
            if capdrift:
                rr = rng.uniform(0.02, 0.045)
            if lab2:
                rr = rng.uniform(0.006, 0.015)
            if l5ramp:
                rr = rng.uniform(0.008, 0.02)
            rej = int(filled * rr)
            hourly.append((ln, txt_m(h), cur["po"], sh, run, filled, rej))
            cur["hours"].append(h)
            cur["good"] += filled - rej
            # --- QC sample every 2 production hours while running
            if run >= 15 and (h.hour % 2 == 0):
                ct = h + dt.timedelta(minutes=rng.randint(5, 40), seconds=rng.randint(0, 59))
                s_ = SKU[cur["sku"]]
                tgt, tol = s_[7], s_[8]
                fill = rng.gauss(tgt + 0.4, tol / 3.2)
                torq = None
                if s_[4] == "PET":
                    torq = rng.gauss(1.75, 0.16)
                    if capdrift:
                        torq = rng.gauss(1.12, 0.12)
                lbl = None
                if s_[4] != "CAN":
                    lbl = rng.gauss(0.0, 0.5)
                    if lab2:
                        lbl = rng.gauss(1.15, 0.55)
                co2 = round(rng.gauss(s_[9], 0.08), 2) if s_[9] else None
                oos = (abs(fill - tgt) > tol or (torq is not None and not (1.2 <= torq <= 2.4))
                       or (lbl is not None and abs(lbl) > 1.5))
                res = "A"
                if oos:
                    res = "R" if rng.random() < 0.8 else "H"
                qc.append((cur["po"], ln, txt_s(ct), qt_for(sh, ct, rng), round(fill, 1),
                           None if torq is None else round(torq, 2), None if lbl is None else round(lbl, 1), co2, res))
        stops.extend(line_stops)

    # ---- production orders: status, times
    po_rows = []
    for o in orders:
        first, last = o["hours"][0], o["hours"][-1]
        s_ = SKU[o["sku"]]
        upc = s_[5]
        good_cs = o["good"] // upc
        plan_bottles = len(o["hours"]) * o["bph"] * 0.88
        plan_cs = int(round(plan_bottles / upc / 100.0)) * 100 or 100
        plan_start = first - dt.timedelta(minutes=rng.choice([0, 0, 30, 60, 90, 120, 240]))
        running = last + dt.timedelta(hours=1) >= NOW
        if running:
            sts, act_end = 20, None
            plan_cs = max(plan_cs, int(good_cs * 1.6 / 100) * 100)
        else:
            sts = 30
            act_end = last + dt.timedelta(hours=1) - dt.timedelta(minutes=rng.randint(0, 12))
        po_rows.append([o["po"], o["sku"], o["ln"], plan_cs, iso_t(plan_start), iso_t(first),
                        iso_t(act_end) if act_end else None, good_cs, sts])
    # QA holds: L1 orders that ran during the cap drift, one L4 order in October
    for r in po_rows:
        if r[2] == 1 and r[8] == 30 and r[5] < "2026-11-14T14" and (r[6] or "") > "2026-11-10T06":
            r[8] = 40
    l4oct = [r for r in po_rows if r[2] == 4 and r[5].startswith("2026-10-1")]
    l4oct[1][8] = 40
    # cancelled and released (future) orders
    extra = [
        ("CL-2000P", 3, 1800, dt.datetime(2026, 10, 8, 6, 0), 90),
        ("SOD-300G", 4, 2500, dt.datetime(2026, 11, 4, 14, 0), 90),
        ("CL-500P", 1, 9600, dt.datetime(2026, 11, 23, 6, 0), 10),
        ("OR-500P", 1, 6000, dt.datetime(2026, 11, 24, 2, 0), 10),
        ("AQ-1000P", 2, 14000, dt.datetime(2026, 11, 23, 6, 0), 10),
        ("OR-1500P", 3, 3600, dt.datetime(2026, 11, 23, 6, 0), 10),
        ("LM-300G", 4, 5200, dt.datetime(2026, 11, 23, 6, 0), 10),
        ("EN-250C", 5, 12000, dt.datetime(2026, 11, 23, 6, 0), 10),
    ]
    for sku_cd, ln, q, ps, sts in extra:
        po_seq[0] += 1
        po_rows.append([f"PO{ps.strftime('%y%m')}-{9000 + po_seq[0]:04d}", sku_cd, ln, q, iso_t(ps),
                        None, None, None, sts])
    con.executemany("INSERT INTO prod_order VALUES (?,?,?,?,?,?,?,?,?)", po_rows)
    con.executemany("INSERT INTO line_hourly VALUES (?,?,?,?,?,?,?)", hourly)

    # ---- stop events (sorted by start)
    stops.sort(key=lambda d: (d["s"], d["ln"]))
    stop_rows = []
    for i, st in enumerate(stops, start=1):
        st["id"] = i
        stop_rows.append((i, st["ln"], st["eq"], epoch_s(st["s"]), epoch_s(st["e"]) if st["e"] else None,
                          st["rsn"], st["note"], st["by"]))
    con.executemany("INSERT INTO StopEvent VALUES (?,?,?,?,?,?,?,?)", stop_rows)

    co_rows = [(i, c[0], c[1], c[2], iso_t(c[3]), iso_t(c[4]), c[5], c[6], c[7])
               for i, c in enumerate(sorted(changeovers, key=lambda c: (c[3], c[0])), start=1)]
    con.executemany("INSERT INTO changeover VALUES (?,?,?,?,?,?,?,?,?)", co_rows)

    qc.sort(key=lambda r: (r[2], r[1]))
    con.executemany("INSERT INTO qc_check (po_no, ln_id, chk_ts, insp_emp, fill_ml, torq_nm, lbl_mm, co2_meas, res) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", qc)

    # ---- work requests
    wrs = []
    eq_craft = {"BLW": "MEC", "FIL": "MEC", "CAP": "MEC", "LAB": "MEC", "CPK": "MEC", "PAL": "ELE", "WSH": "MEC",
                "DEP": "ELE", "CMP": "MEC", "CO2": "INS", "WTP": "INS", "CHL": "ELE"}
    techs = {"MEC": ["E1031", "E1033", "E1035"], "ELE": ["E1032", "E1034"], "INS": ["E1036"]}

    def tech_for(eq, t):
        sh, _ = shift_of(t)
        c = eq_craft[eq[:3]]
        cand = [x for x in techs[c] if x in MT_BY_SHIFT.get(sh, [])] or techs[c]
        return rng.choice(cand)

    for st in stops:
        if st.get("wr") and st["eq"]:
            rq = st["s"] + dt.timedelta(minutes=rng.randint(2, 10))
            tech = tech_for(st["eq"], rq)
            if st["e"] is None:
                wrs.append(dict(eq=st["eq"], typ="BD", prio=1, sts="P", req=rq, by=st["by"], due=None, tech="E1031",
                                done=None, lab=None, stop=st["id"], descr=st["note"]))
                continue
            done = st["e"] + dt.timedelta(minutes=rng.randint(0, 20))
            lab = round((st["e"] - st["s"]).total_seconds() / 3600 * rng.uniform(0.7, 1.3), 1)
            wrs.append(dict(eq=st["eq"], typ="BD", prio=1 if st["eq"] in [e[0] for e in EQUIP if e[7] == "Y"] else 2,
                            sts="C", req=rq, by=st["by"], due=None, tech=tech, done=done, lab=lab, stop=st["id"],
                            descr=st["note"] if st["note"] != "Breakdown" else "Machine stopped - repair"))
    # CAP-101 corrective request
    wrs.append(dict(eq="CAP-101", typ="CM", prio=2, sts="C", req=dt.datetime(2026, 11, 11, 9, 20), by="E1021",
                    due="2026-11-14", tech="E1031", done=dt.datetime(2026, 11, 14, 13, 35), lab=9.5, stop=None,
                    descr="Cap removal torque low - replace capping head clutches"))
    # PAL-101 waiting for parts, LAB-201 open
    wrs.append(dict(eq="PAL-101", typ="CM", prio=3, sts="W", req=dt.datetime(2026, 11, 12, 15, 5), by="E1042",
                    due="2026-11-19", tech="E1034", done=None, lab=1.5, stop=None,
                    descr="Gripper head vacuum cups worn - spare set ordered"))
    wrs.append(dict(eq="LAB-201", typ="CM", prio=2, sts="A", req=dt.datetime(2026, 11, 18, 10, 10), by="E1021",
                    due="2026-11-24", tech="E1033", done=None, lab=None, stop=None,
                    descr="Label position drift - check vacuum drum and reel brake"))
    # PM requests: monthly for critical equipment, due 2nd week of month
    for e in EQUIP:
        if e[8] != "A" or e[7] != "Y":
            continue
        for mo in (9, 10, 11):
            if e[3] == 5 and mo == 9:
                continue
            due = dt.date(2026, mo, 8 + rng.randint(0, 12))
            rq = dt.datetime(2026, mo, 1, 8, 0) + dt.timedelta(minutes=rng.randint(0, 120))
            if mo == 11 and rq > NOW:
                continue
            tech = tech_for(e[0], dt.datetime.combine(due, dt.time(10)))
            if mo < 11 or (due <= dt.date(2026, 11, 18) and e[0] not in ("FIL-401", "CMP-902", "BLW-301")):
                d0 = dt.datetime.combine(due - dt.timedelta(days=rng.randint(-2, 4)), dt.time(rng.randint(8, 16), rng.choice([0, 15, 30, 45])))
                wrs.append(dict(eq=e[0], typ="PM", prio=3, sts="C", req=rq, by="E1002", due=due.isoformat(), tech=tech,
                                done=d0, lab=round(rng.uniform(1.5, 6.0), 1), stop=None,
                                descr="Monthly preventive maintenance"))
            else:
                wrs.append(dict(eq=e[0], typ="PM", prio=3, sts="A", req=rq, by="E1002", due=due.isoformat(), tech=tech,
                                done=None, lab=None, stop=None, descr="Monthly preventive maintenance"))
    # random CM / IMP requests
    cm_txt = ["Air leak on guide rail", "Conveyor chain noisy", "Guard door switch loose", "Glue pump dripping",
              "Oil leak at gearbox", "Sensor bracket bent", "HMI screen flickering", "Worn star wheel",
              "Drive belt squeal", "Water leak at rinser nozzle"]
    pool = [e[0] for e in EQUIP if e[8] == "A" and e[0] not in ("PAL-301", "CPK-401", "DEP-501", "CHL-901", "LAB-402")]
    t = dt.datetime(2026, 9, 2, 8, 0)
    while True:
        t += dt.timedelta(hours=rng.randint(14, 40), minutes=rng.randint(0, 59))
        if t >= NOW - dt.timedelta(hours=3):
            break
        eq = rng.choice(pool)
        if eq.startswith(("FIL-501", "CAP-501", "CPK-501", "PAL-501")) and t < L5_START:
            continue
        typ = "IMP" if rng.random() < 0.12 else "CM"
        prio = 4 if typ == "IMP" else rng.choice([2, 3, 3, 3, 4])
        tech = tech_for(eq, t)
        age_d = (NOW - t).days
        if age_d > 12 or (age_d > 3 and rng.random() < 0.6):
            sts = "X" if rng.random() < 0.06 else "C"
        else:
            sts = rng.choice(["N", "A", "A", "P", "W"])
        done = t + dt.timedelta(hours=rng.randint(4, 96)) if sts == "C" else None
        if done and done > NOW - dt.timedelta(minutes=30):
            done = NOW - dt.timedelta(minutes=rng.randint(40, 200))
        lab = round(rng.uniform(0.5, 5.0), 1) if sts == "C" else None
        wrs.append(dict(eq=eq, typ=typ, prio=prio, sts=sts, req=t, by=rng.choice(
            [s[0] for s in STAFF if s[2] in ("OPR", "LL") and s[8] == "Y"]),
            due=(t.date() + dt.timedelta(days=7 if prio <= 3 else 21)).isoformat(),
            tech=tech if sts != "N" else None, done=done, lab=lab, stop=None,
            descr=rng.choice(cm_txt) if typ == "CM" else "Improvement: " + rng.choice(
                ["add guard sensor", "relocate E-stop", "quick-change parts", "LED lighting"])))
    wrs.sort(key=lambda w: (w["req"], w["eq"]))
    wr_rows = []
    for k, w in enumerate(wrs, start=1):
        wr_rows.append((f"WR{w['req'].strftime('%y')}-{3000 + k * 2 + rng.randint(0, 1):04d}", w["eq"], w["typ"],
                        w["prio"], w["sts"], txt_m(w["req"]), w["by"], w["due"], w["tech"],
                        txt_m(w["done"]) if w["done"] else None, w["lab"], w["stop"], w["descr"]))
    con.executemany("INSERT INTO work_req VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", wr_rows)

    # ---- utilities, daily
    hl = {}        # (ln, date) -> hl produced (good+rej filled)
    hl_carb = {}
    for ln, hs, po, sh, run, filled, rej in hourly:
        d = hs[:10]
        hl[(ln, d)] = hl.get((ln, d), 0.0)
    po_sku = {r[0]: r[1] for r in po_rows}
    for ln, hs, po, sh, run, filled, rej in hourly:
        d = hs[:10]
        s_ = SKU[po_sku[po]]
        v = filled * s_[3] / 100000.0
        hl[(ln, d)] = hl.get((ln, d), 0.0) + v
        if s_[6] == "Y":
            hl_carb[d] = hl_carb.get(d, 0.0) + v
    kwh_hl = {1: 6.2, 2: 4.1, 3: 5.0, 4: 3.6, 5: 2.4}
    idle = {1: 420, 2: 480, 3: 300, 4: 650, 5: 260}
    util = []
    d = dt.date(2026, 9, 1)
    while d <= dt.date(2026, 11, 20):
        ds = d.isoformat()
        tot = 0.0
        for ln in (1, 2, 3, 4, 5):
            v = hl.get((ln, ds), 0.0)
            tot += v
            if ln == 5 and d < dt.date(2026, 10, 5):
                q = 0.0 if d < dt.date(2026, 9, 14) else rng.uniform(150, 400)
            else:
                k = kwh_hl[ln] * (1.18 if ln == 5 and d < dt.date(2026, 11, 1) else 1.0)
                q = idle[ln] * rng.uniform(0.85, 1.15) + v * k * rng.uniform(0.93, 1.07)
            est = 1 if (ln == 4 and dt.date(2026, 10, 5) <= d <= dt.date(2026, 10, 7)) else 0
            if est:
                q = 4200.0
            util.append((f"EL-L{ln}", ds, "EL", round(q, 1), "kWh", est))
        util.append(("EL-CMP", ds, "EL", round(900 + tot * 0.55 * rng.uniform(0.92, 1.08), 1), "kWh", 0))
        cip = (sum(1 for st in stops if st["rsn"] == "CIP" and st["s"].date() == d) * rng.uniform(28, 40)
               + rng.uniform(3, 8))
        util.append(("W-MAIN", ds, "WTR", round(40 + tot * 0.152 * rng.uniform(0.95, 1.05) + cip * 1.02, 1), "m3", 0))
        util.append(("W-CIP", ds, "WTR", round(cip, 1), "m3", 0))
        co2 = 35 + hl_carb.get(ds, 0.0) * 0.82 * rng.uniform(0.95, 1.05)
        if ds == "2026-11-17":
            co2 += 4200
        if ds == "2026-11-18":
            co2 += 1800
        util.append(("CO2-TANK", ds, "CO2", round(co2, 1), "kg", 0))
        d += dt.timedelta(days=1)
    util.sort(key=lambda r: (r[0], r[1]))
    con.executemany("INSERT INTO util_daily VALUES (?,?,?,?,?,?)", util)
    con.commit()
    con.close()


# ---------------------------------------------------------------- verification

def default_questions():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bottling.jsonl")


def verify(db, qpath):
    con = sqlite3.connect(db)
    bad = 0
    with open(qpath, encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh if line.strip()]
    for q in qs:
        try:
            cur = con.execute(q["gold_sql"])
            rows = cur.fetchall()
        except sqlite3.Error as e:
            print(f"{q['id']:14} ERROR {e}")
            bad += 1
            continue
        ok = bool(rows) and not all(v is None for v in rows[0])
        if not ok:
            bad += 1
        first = str(rows[0])[:70] if rows else "EMPTY"
        print(f"{q['id']:14} {q['language']:3} {q['tier']:6} {len(rows):5}  {first}" + ("" if ok else "  <-- FAIL"))
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
