"""Blind NL2SQL eval fixture: ERP/MES database of a CNC machining and heat-treatment job shop.

Build the SQLite database deterministically (same bytes each run)::

    python3 cnc_shop.py OUT.sqlite

Check every gold SQL of a question file against the freshly built DB::

    python3 cnc_shop.py OUT.sqlite --verify [QUESTIONS.jsonl]

Standard library only, deterministic (random.Random(SEED)).

Plant: contract machining + in-house heat treatment job shop near Wroclaw, Poland.
Plant time zone Europe/Warsaw: CEST (UTC+2) until Sun 2026-10-25 03:00, then CET (UTC+1).
History: Tue 2026-09-01 to Sat 2026-11-21 12:00 local ("now").

Working calendar (machining): Mon-Fri 06:00-22:00 (shift 1 06-14, shift 2 14-22),
Saturday 06:00-14:00 (shift 1 only).  Sundays off.  Plant holiday Wed 2026-11-11
(Independence Day): no machining, no furnace loads.  Furnaces charge at fixed slots
Mon-Sat (FUR-01 06:00 and 18:00, FUR-02 06:00, FUR-03 14:00).

Time storage (deliberately mixed):
  * WO_HDR.REL_DT / DUE_DT / CLS_DT, EMP_MSTR.HIRE_DT / TERM_DT, GAUGE_MSTR.*_DT,
    MCH_MSTR.INSTL_DT: INTEGER YYYYMMDD (local date).
  * WO_OPER.ACT_STRT_DT + ACT_STRT_TM, ACT_END_DT + ACT_END_TM and INSP_MEAS.MEAS_DT + MEAS_TM:
    INTEGER YYYYMMDD plus INTEGER HHMM (local), e.g. 20261120 and 945 = 09:45.
  * TOOL_CHG.CHG_TS, HT_LOAD.CHRG_IN / CHRG_OUT: TEXT 'DD.MM.YYYY HH:MM' (local).
  * MCH_STAT_LOG.STRT_MS / END_MS and NCR_HDR.OPEN_MS / CLS_MS: epoch MILLISECONDS (UTC instants).

Built-in facts the questions rely on:
  * VMC-04 spindle bearing failure: chatter/spindle stops on 11-10 and 11-13, surface-finish
    (Ra) NCRs and out-of-spec Ra readings 11-09..11-17, broken down since 2026-11-18 09:40
    (MCH_STAT_LOG.END_MS NULL, RSN_CD 'SPN'); the operation running on it is stuck in process.
  * Operator Pawel Kowalczyk (EMP_NBR 1047, lathes, shift 2) has by far the most NCRs
    (dimensional, on LTH lathes) and high scrap.
  * FUR-01 thermocouple drift: QT loads charged 10-19..10-27 came out soft (LOAD_RSLT 'F',
    hardness below spec, NCRs 'HRD' with disposition RW); recalibration downtime 10-28.
  * HMC-01 crash (RSN_CD 'CRS') on 2026-10-14, about 26 h down.
  * LTH-03 breaks many inserts on Ti6Al4V and 316L parts (TOOL_CHG.CHG_RSN 'B').
  * 5AX-01 installed 2026-10-05 (no work before).  EDM-01 retired (STAT_CD 'X'), no work.
  * Bore gauge G-BOR-03 quarantined 2026-11-12 (not used after); G-MIC-04 and G-HGT-02
    are past calibration due date and still active.
  * Customer C1008 Baltic Marine is inactive and has no orders; part AS-7710 never ordered.
  * Operator Marek Zielinski (1052) left 2026-10-16; Julia Wrobel (1060) joined 2026-11-02.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import random
import sqlite3
import sys

SEED = 20261121
START = dt.datetime(2026, 9, 1, 6, 0)
NOW = dt.datetime(2026, 11, 21, 12, 0)
DST_END = dt.datetime(2026, 10, 25, 2, 0)   # local times >= this are CET (UTC+1)
HOLIDAY = dt.date(2026, 11, 11)
VMC4_FAIL = dt.datetime(2026, 11, 18, 9, 40)
FIVEAX_START = dt.datetime(2026, 10, 5, 6, 0)
GBOR3_QUAR = dt.datetime(2026, 11, 12, 10, 0)


def ms(t):
    """Epoch milliseconds (UTC) of a naive Europe/Warsaw local time."""
    off = 2 if t < DST_END else 1
    return (calendar.timegm(t.timetuple()) - off * 3600) * 1000


def ymd(t):
    return t.year * 10000 + t.month * 100 + t.day


def hhmm(t):
    return t.hour * 100 + t.minute


def dmy(t):
    return t.strftime("%d.%m.%Y %H:%M")


SCHEMA = """
CREATE TABLE CUST_MSTR (
    CUST_NBR    TEXT PRIMARY KEY,
    CUST_NAME   TEXT NOT NULL,              -- legal name
    CNTRY_CD    TEXT,                       -- ISO country code
    SECTOR_CD   TEXT,                       -- HYD=hydraulics, AER=aerospace, AUT=automotive, MED=medical, AGR=agri machinery, RAI=rail, MAR=marine
    ACTV_FLG    TEXT NOT NULL DEFAULT 'Y'
);

CREATE TABLE PART_MSTR (
    PART_NBR    TEXT PRIMARY KEY,           -- customer drawing / part number
    PART_DESC   TEXT NOT NULL,
    CUST_NBR    TEXT,                       -- owning customer (CUST_MSTR)
    DWG_REV     TEXT,
    MATL_CD     TEXT NOT NULL,              -- material grade
    NET_WT_KG   REAL,                       -- finished weight per piece, kg
    HT_REQD     TEXT NOT NULL DEFAULT 'N',  -- Y = routing contains heat treatment
    HRC_MIN     REAL,                       -- hardness spec after heat treatment, HRC (NULL if no HT)
    HRC_MAX     REAL,
    UNIT_PRC    REAL                        -- selling price per piece, PLN
);

CREATE TABLE MCH_MSTR (
    MCH_ID      TEXT PRIMARY KEY,           -- asset tag used on the floor
    MCH_DESC    TEXT NOT NULL,
    MCH_TYP     TEXT NOT NULL,              -- LTH=CNC lathe, VMC=vertical mill, HMC=horizontal mill, 5AX=5-axis, GRD=cyl. grinder, EDM=wire EDM, FUR=furnace
    WRK_CTR     TEXT,                       -- work centre
    MFR_NAME    TEXT,
    INSTL_DT    INTEGER,                    -- installation / commissioning date YYYYMMDD
    HR_RATE     REAL,                       -- machine-hour rate, PLN/h
    STAT_CD     TEXT NOT NULL DEFAULT 'A'   -- A=available, X=retired
);

CREATE TABLE EMP_MSTR (
    EMP_NBR     INTEGER PRIMARY KEY,        -- badge number
    EMP_NAME    TEXT NOT NULL,
    JOB_CD      TEXT NOT NULL,              -- OPR=machine operator, SET=setter, INS=inspector, QE=quality engineer, HTT=heat-treat tech, MNT=maintenance tech, PLN=maint. planner, SUP=supervisor
    SHFT_CD     INTEGER,                    -- 1 = 06-14, 2 = 14-22, 0 = day staff
    HOME_WC     TEXT,                       -- home work centre (MCH_MSTR.WRK_CTR or WC-FIN = deburr/final inspection bench)
    HIRE_DT     INTEGER,
    TERM_DT     INTEGER                     -- last working day YYYYMMDD, NULL = still employed
);

CREATE TABLE WO_HDR (
    WO_NBR      TEXT PRIMARY KEY,
    PART_NBR    TEXT NOT NULL REFERENCES PART_MSTR(PART_NBR),
    CUST_PO     TEXT,                       -- customer purchase order reference
    QTY_ORD     INTEGER NOT NULL,           -- ordered pieces
    QTY_CMPL    INTEGER NOT NULL DEFAULT 0, -- good pieces through the last operation
    QTY_SCRP    INTEGER NOT NULL DEFAULT 0,
    REL_DT      INTEGER,                    -- released to shop floor, YYYYMMDD (NULL while planned)
    DUE_DT      INTEGER,                    -- promised ship date YYYYMMDD
    CLS_DT      INTEGER,                    -- date the last operation finished YYYYMMDD
    PRIO        INTEGER,
    WO_STAT     INTEGER NOT NULL            -- 1=planned, 2=released, 3=in process, 4=on hold, 5=closed/complete, 9=cancelled
);

CREATE TABLE WO_OPER (
    WO_NBR      TEXT NOT NULL,
    OPER_SEQ    INTEGER NOT NULL,
    OPER_CD     TEXT NOT NULL,              -- TRN=turning, MIL=milling, GRD=grinding, HTR=heat treatment, DBR=deburr, FIN=final inspection
    MCH_ID      TEXT,                       -- machine actually used (NULL for bench work / not started)
    EMP_NBR     INTEGER,                    -- operator who ran the operation
    STD_SETUP_MIN REAL,
    STD_RUN_MIN REAL,                       -- standard run time per piece, minutes
    ACT_STRT_DT INTEGER,                    -- YYYYMMDD local
    ACT_STRT_TM INTEGER,                    -- HHMM local, e.g. 945 = 09:45
    ACT_END_DT  INTEGER,
    ACT_END_TM  INTEGER,
    QTY_GOOD    INTEGER,
    QTY_SCRP    INTEGER,                    -- pieces scrapped at this operation
    OPER_STAT   INTEGER NOT NULL,           -- 10=not started, 20=running, 30=complete
    LOAD_NBR    TEXT,                       -- furnace load (HT_LOAD) for HTR operations
    PRIMARY KEY (WO_NBR, OPER_SEQ)
);

CREATE TABLE MCH_STAT_LOG (
    EVT_ID      INTEGER PRIMARY KEY,
    MCH_ID      TEXT NOT NULL,
    STATE_CD    INTEGER NOT NULL,           -- 3=setup, 4=breakdown, 5=planned maintenance, 6=waiting
    RSN_CD      TEXT,                       -- reason code, e.g. SPN spindle, CRS crash, ATC tool changer, CLN coolant, MAT waiting material, PRG program, PM
    STRT_MS     INTEGER NOT NULL,           -- epoch milliseconds UTC
    END_MS      INTEGER,                    -- NULL = still in this state
    EMP_NBR     INTEGER,
    EVT_TXT     TEXT
);

CREATE TABLE TOOL_CHG (
    CHG_ID      INTEGER PRIMARY KEY,
    MCH_ID      TEXT NOT NULL,
    WO_NBR      TEXT,
    TOOL_POS    TEXT,
    TOOL_TYP    TEXT,                       -- INS=indexable insert, EML=end mill, DRL=drill, TAP=tap, WHL=grinding wheel
    ITEM_NBR    TEXT,
    CHG_RSN     TEXT,                       -- W=worn, B=broken, Q=quality (dimension/finish), S=scheduled
    EDGE_PCS    INTEGER,                    -- pieces machined with the replaced edge
    CHG_TS      TEXT,                       -- DD.MM.YYYY HH:MM plant local time
    EMP_NBR     INTEGER
);

CREATE TABLE GAUGE_MSTR (
    GAUGE_ID    TEXT PRIMARY KEY,
    GAUGE_DESC  TEXT,
    GAUGE_TYP   TEXT,                       -- MIC=micrometer, BOR=bore gauge, HGT=height gauge, RGH=roughness tester, CMM=coord. measuring machine, HRD=hardness tester
    RESOL_MM    REAL,
    LAST_CAL_DT INTEGER,
    NEXT_CAL_DT INTEGER,
    GAUGE_STAT  TEXT NOT NULL DEFAULT 'A'   -- A=in use, Q=quarantined, S=scrapped
);

CREATE TABLE INSP_MEAS (
    MEAS_ID     INTEGER PRIMARY KEY,
    WO_NBR      TEXT NOT NULL,
    OPER_SEQ    INTEGER NOT NULL,
    CHAR_NBR    INTEGER,
    CHAR_DESC   TEXT,
    NOM_VAL     REAL,
    LSL         REAL,                       -- lower / upper spec limit
    USL         REAL,
    MEAS_VAL    REAL,
    UOM         TEXT,                       -- mm, um (roughness Ra)
    SMPL_TYP    TEXT,                       -- F=first article, P=in-process, L=last piece
    GAUGE_ID    TEXT,
    EMP_NBR     INTEGER,
    MEAS_DT     INTEGER,                    -- YYYYMMDD local
    MEAS_TM     INTEGER                     -- HHMM local
);

CREATE TABLE NCR_HDR (
    NCR_NBR     TEXT PRIMARY KEY,
    WO_NBR      TEXT NOT NULL,
    OPER_SEQ    INTEGER,
    MCH_ID      TEXT,
    DEFECT_CD   TEXT,                       -- DIM=dimension out of tol., SRF=surface finish, BUR=burrs, HRD=hardness, CRK=crack, DMG=handling damage, MAT=material defect
    QTY_NC      INTEGER,
    DISP_CD     TEXT,                       -- SC=scrap, RW=rework, UAI=use as is, RTV=return to supplier
    RESP_EMP    INTEGER,                    -- operator held responsible (EMP_MSTR)
    RPT_EMP     INTEGER,
    OPEN_MS     INTEGER,                    -- epoch ms UTC
    CLS_MS      INTEGER,
    NCR_STAT    TEXT,                       -- O=open, I=under investigation, C=closed
    COST_PLN    REAL                        -- estimated cost of the non-conformance, PLN
);

CREATE TABLE HT_LOAD (
    LOAD_NBR    TEXT PRIMARY KEY,
    FURN_ID     TEXT NOT NULL,
    RECIPE_CD   TEXT,
    SETPT_C     INTEGER,                    -- austenitizing / process set point, deg C
    LOAD_KG     REAL,                       -- total charge weight, kg
    CHRG_IN     TEXT,                       -- DD.MM.YYYY HH:MM charged into furnace (local)
    CHRG_OUT    TEXT,                       -- DD.MM.YYYY HH:MM discharged; NULL = still in the furnace
    HRC_MEAS    REAL,                       -- test coupon hardness after treatment
    LOAD_RSLT   TEXT,                       -- P=pass, F=fail
    HTT_EMP     INTEGER
);
"""

CUSTOMERS = [
    ("C1001", "Hydra-Tec Sp. z o.o.", "PL", "HYD", "Y"),
    ("C1002", "AeroSil GmbH", "DE", "AER", "Y"),
    ("C1003", "Motoflex s.r.o.", "CZ", "AUT", "Y"),
    ("C1004", "MedOrto AB", "SE", "MED", "Y"),
    ("C1005", "AgriDrive Sp. z o.o.", "PL", "AGR", "Y"),
    ("C1006", "Nordpump AS", "NO", "HYD", "Y"),
    ("C1007", "Voltex Rail S.A.", "PL", "RAI", "Y"),
    ("C1008", "Baltic Marine Sp. z o.o.", "PL", "MAR", "N"),
]

# part, desc, cust, material, kg, ht, hrc_min, hrc_max, price, route, weight(order freq)
PARTS = [
    ("HY-2201", "Hydraulic piston rod 40", "C1001", "42CrMo4", 3.2, "Y", 28, 34, 148.0, "TRN HTR GRD FIN", 9),
    ("HY-2202", "Cylinder end cap", "C1001", "C45", 1.8, "N", None, None, 62.0, "TRN MIL DBR FIN", 8),
    ("HY-2210", "Valve spool 16", "C1001", "16MnCr5", 0.4, "Y", 58, 62, 95.0, "TRN HTR GRD FIN", 7),
    ("HY-2215", "Manifold block 4-way", "C1001", "AW-7075", 2.6, "N", None, None, 310.0, "MIL MIL DBR FIN", 5),
    ("HY-2230", "Gland nut M52", "C1001", "C45", 0.7, "N", None, None, 38.0, "TRN DBR FIN", 6),
    ("AE-5101", "Actuator bracket", "C1002", "Ti6Al4V", 0.9, "N", None, None, 890.0, "MIL DBR FIN", 3),
    ("AE-5105", "Hinge pin 12", "C1002", "17-4PH", 0.2, "Y", 35, 40, 210.0, "TRN HTR GRD FIN", 3),
    ("AE-5120", "Sensor housing", "C1002", "AW-7075", 0.5, "N", None, None, 420.0, "MIL MIL DBR FIN", 3),
    ("AE-5130", "Ti fitting 3/4", "C1002", "Ti6Al4V", 0.15, "N", None, None, 260.0, "TRN MIL FIN", 3),
    ("MF-3301", "Drive shaft 25", "C1003", "42CrMo4", 1.4, "Y", 30, 36, 84.0, "TRN MIL HTR GRD FIN", 8),
    ("MF-3305", "Gear blank 48T", "C1003", "16MnCr5", 1.1, "Y", 58, 62, 71.0, "TRN MIL HTR FIN", 7),
    ("MF-3310", "Bushing 30x40", "C1003", "C45", 0.2, "N", None, None, 12.5, "TRN FIN", 6),
    ("MF-3320", "Shift fork", "C1003", "C45", 0.6, "N", None, None, 34.0, "MIL DBR FIN", 4),
    ("MO-4401", "Bone plate blank", "C1004", "Ti6Al4V", 0.1, "N", None, None, 540.0, "MIL DBR FIN", 3),
    ("MO-4405", "Surgical pin 4", "C1004", "316L", 0.02, "N", None, None, 48.0, "TRN FIN", 4),
    ("MO-4410", "Instrument shaft", "C1004", "17-4PH", 0.08, "Y", 35, 40, 125.0, "TRN HTR GRD FIN", 3),
    ("AG-6601", "PTO coupling", "C1005", "42CrMo4", 4.8, "Y", 28, 34, 196.0, "TRN MIL HTR FIN", 5),
    ("AG-6605", "Wheel hub flange", "C1005", "C45", 6.2, "N", None, None, 145.0, "TRN MIL DBR FIN", 5),
    ("AG-6610", "Spline shaft 35", "C1005", "16MnCr5", 2.3, "Y", 58, 62, 132.0, "TRN MIL HTR GRD FIN", 4),
    ("NP-7701", "Pump impeller hub", "C1006", "316L", 1.3, "N", None, None, 230.0, "TRN MIL DBR FIN", 4),
    ("NP-7705", "Pump shaft 30", "C1006", "316L", 2.0, "N", None, None, 205.0, "TRN GRD FIN", 4),
    ("NP-7710", "Seal carrier", "C1006", "316L", 0.6, "N", None, None, 88.0, "TRN MIL FIN", 3),
    ("VR-8801", "Brake lever pivot", "C1007", "42CrMo4", 0.9, "Y", 30, 36, 77.0, "TRN HTR GRD FIN", 4),
    ("VR-8805", "Coupler housing", "C1007", "C45", 5.5, "N", None, None, 260.0, "MIL MIL DBR FIN", 3),
    ("VR-8810", "Damper pin", "C1007", "16MnCr5", 0.3, "Y", 58, 62, 29.0, "TRN HTR FIN", 4),
    ("AS-7710", "Propeller shaft sleeve", "C1008", "316L", 3.1, "N", None, None, 310.0, "TRN GRD FIN", 0),
]

EDGE_PCS = {"42CrMo4": 60, "C45": 80, "16MnCr5": 70, "AW-7075": 220, "Ti6Al4V": 18,
            "316L": 32, "17-4PH": 40}
RUN_MIN = {"TRN": 3.0, "MIL": 5.0, "GRD": 2.2, "DBR": 1.0, "FIN": 0.8}
MAT_FACTOR = {"42CrMo4": 1.1, "C45": 0.9, "16MnCr5": 1.0, "AW-7075": 0.7, "Ti6Al4V": 2.2,
              "316L": 1.5, "17-4PH": 1.4}

MACHINES = [
    ("LTH-01", "Okuma LB3000 EX II", "LTH", "WC-TRN", "Okuma", 20190312, 180.0, "A"),
    ("LTH-02", "Okuma LB3000 EX II", "LTH", "WC-TRN", "Okuma", 20190312, 180.0, "A"),
    ("LTH-03", "DMG Mori NLX 2500", "LTH", "WC-TRN", "DMG Mori", 20210615, 210.0, "A"),
    ("LTH-04", "Doosan Puma 3100LY", "LTH", "WC-TRN", "Doosan", 20170904, 170.0, "A"),
    ("VMC-01", "Haas VF-4", "VMC", "WC-MIL", "Haas", 20160520, 150.0, "A"),
    ("VMC-02", "Haas VF-4SS", "VMC", "WC-MIL", "Haas", 20180220, 155.0, "A"),
    ("VMC-03", "Mazak VCN-530C", "VMC", "WC-MIL", "Mazak", 20200110, 175.0, "A"),
    ("VMC-04", "Mazak VCN-530C", "VMC", "WC-MIL", "Mazak", 20200110, 175.0, "A"),
    ("VMC-05", "Fanuc Robodrill a-D21", "VMC", "WC-MIL", "Fanuc", 20220801, 160.0, "A"),
    ("HMC-01", "Makino a51nx", "HMC", "WC-MIL", "Makino", 20211103, 240.0, "A"),
    ("HMC-02", "Makino a61nx", "HMC", "WC-MIL", "Makino", 20230418, 260.0, "A"),
    ("5AX-01", "Hermle C 42 U", "5AX", "WC-5AX", "Hermle", 20261005, 320.0, "A"),
    ("GRD-01", "Studer S33", "GRD", "WC-GRD", "Studer", 20150707, 190.0, "A"),
    ("EDM-01", "Sodick AQ537L", "EDM", "WC-EDM", "Sodick", 20090316, 120.0, "X"),
    ("FUR-01", "Ipsen sealed quench TQ-7 (harden+temper)", "FUR", "WC-HT", "Ipsen", 20140901, 140.0, "A"),
    ("FUR-02", "Aichelin carburizing furnace", "FUR", "WC-HT", "Aichelin", 20160301, 150.0, "A"),
    ("FUR-03", "Seco/Warwick vacuum furnace", "FUR", "WC-HT", "Seco/Warwick", 20200915, 165.0, "A"),
]

# EMP_NBR, name, job, shift, home_wc, hire, term
EMPLOYEES = [
    (1001, "Tomasz Nowak", "SUP", 1, "WC-TRN", 20110301, None),
    (1002, "Agnieszka Wisniewska", "SUP", 2, "WC-MIL", 20130902, None),
    (1003, "Krzysztof Lewandowski", "PLN", 0, None, 20150105, None),
    (1004, "Magdalena Kaminska", "QE", 0, None, 20170403, None),
    (1005, "Piotr Dabrowski", "QE", 0, None, 20200601, None),
    (1010, "Ewa Szymanska", "INS", 1, None, 20160801, None),
    (1011, "Michal Wozniak", "INS", 2, None, 20190115, None),
    (1012, "Karolina Kozlowska", "INS", 1, None, 20220307, None),
    (1020, "Andrzej Jankowski", "MNT", 1, None, 20120910, None),
    (1021, "Rafal Mazur", "MNT", 2, None, 20180502, None),
    (1022, "Grzegorz Krawczyk", "MNT", 1, None, 20210913, None),
    (1030, "Janusz Piotrowski", "HTT", 1, "WC-HT", 20100405, None),
    (1031, "Dariusz Grabowski", "HTT", 2, "WC-HT", 20190708, None),
    (1040, "Marcin Pawlowski", "OPR", 1, "WC-TRN", 20140602, None),
    (1041, "Lukasz Michalski", "OPR", 1, "WC-TRN", 20170109, None),
    (1042, "Jakub Krol", "OPR", 1, "WC-TRN", 20200803, None),
    (1045, "Adam Wieczorek", "OPR", 2, "WC-TRN", 20160314, None),
    (1046, "Mateusz Jablonski", "OPR", 2, "WC-TRN", 20210405, None),
    (1047, "Pawel Kowalczyk", "OPR", 2, "WC-TRN", 20250915, None),
    (1050, "Sebastian Wrobel", "OPR", 1, "WC-MIL", 20150511, None),
    (1051, "Damian Kubiak", "OPR", 1, "WC-MIL", 20190902, None),
    (1052, "Marek Zielinski", "OPR", 1, "WC-MIL", 20120220, 20261016),
    (1053, "Kamil Zajac", "OPR", 1, "WC-MIL", 20230116, None),
    (1055, "Robert Stepien", "OPR", 2, "WC-MIL", 20140818, None),
    (1056, "Dawid Sikora", "OPR", 2, "WC-MIL", 20200210, None),
    (1057, "Bartosz Baran", "OPR", 2, "WC-MIL", 20221003, None),
    (1058, "Natalia Duda", "OPR", 2, "WC-MIL", 20240603, None),
    (1060, "Julia Wrobel", "OPR", 1, "WC-MIL", 20261102, None),
    (1065, "Wojciech Szewczyk", "OPR", 1, "WC-5AX", 20180604, None),
    (1066, "Hubert Ostrowski", "OPR", 2, "WC-5AX", 20210111, None),
    (1070, "Zbigniew Tomaszewski", "OPR", 1, "WC-GRD", 20080901, None),
    (1071, "Patryk Pietrzak", "OPR", 2, "WC-GRD", 20230301, None),
    (1080, "Monika Walczak", "OPR", 1, "WC-FIN", 20190401, None),
    (1081, "Aleksandra Baran", "OPR", 2, "WC-FIN", 20210802, None),
    (1085, "Irena Gorska", "SET", 1, "WC-MIL", 20090115, None),
    (1086, "Stanislaw Rutkowski", "SET", 2, "WC-TRN", 20130603, None),
]

GAUGES = [
    ("G-MIC-01", "Outside micrometer 25-50 mm", "MIC", 0.001, 20260615, 20261215, "A"),
    ("G-MIC-02", "Outside micrometer 0-25 mm", "MIC", 0.001, 20260701, 20270101, "A"),
    ("G-MIC-03", "Digital micrometer 50-75 mm", "MIC", 0.001, 20260810, 20270210, "A"),
    ("G-MIC-04", "Outside micrometer 25-50 mm", "MIC", 0.001, 20260512, 20261112, "A"),
    ("G-BOR-01", "Bore gauge 18-35 mm", "BOR", 0.001, 20260620, 20261220, "A"),
    ("G-BOR-02", "Bore gauge 35-60 mm", "BOR", 0.001, 20260905, 20270305, "A"),
    ("G-BOR-03", "Bore gauge 18-35 mm", "BOR", 0.001, 20260415, 20261015, "Q"),
    ("G-HGT-01", "Height gauge 600 mm", "HGT", 0.01, 20260310, 20270310, "A"),
    ("G-HGT-02", "Height gauge 300 mm", "HGT", 0.01, 20250905, 20260905, "A"),
    ("G-RGH-01", "Roughness tester Mitutoyo SJ-210", "RGH", None, 20260520, 20270520, "A"),
    ("G-CMM-01", "CMM Zeiss Contura", "CMM", 0.0005, 20260202, 20270202, "A"),
    ("G-HRD-01", "Rockwell hardness tester", "HRD", None, 20260701, 20270101, "A"),
    ("G-MIC-05", "Outside micrometer 0-25 mm (old)", "MIC", 0.01, 20240301, 20250301, "S"),
]

HOLD_WOS = 5


def is_workday(d):
    return d.weekday() < 6 and d != HOLIDAY


def day_window(d):
    if not is_workday(d):
        return None
    if d.weekday() == 5:
        return (dt.datetime.combine(d, dt.time(6)), dt.datetime.combine(d, dt.time(14)))
    return (dt.datetime.combine(d, dt.time(6)), dt.datetime.combine(d, dt.time(22)))


def next_work(t):
    while True:
        w = day_window(t.date())
        if w:
            if t < w[0]:
                return w[0]
            if t < w[1]:
                return t
        t = dt.datetime.combine(t.date() + dt.timedelta(days=1), dt.time(0))


def add_work(t, minutes):
    t = next_work(t)
    rem = minutes
    while True:
        w = day_window(t.date())
        avail = (w[1] - t).total_seconds() / 60
        if rem <= avail:
            return t + dt.timedelta(minutes=rem)
        rem -= avail
        t = next_work(w[1])


def rnd_min(t):
    return t.replace(second=0, microsecond=0)


def build(path):
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO CUST_MSTR VALUES (?,?,?,?,?)", CUSTOMERS)
    revs = "ABCDE"
    con.executemany("INSERT INTO PART_MSTR VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(p[0], p[1], p[2], revs[i % 4], p[3], p[4], p[5], p[6], p[7], p[8])
                     for i, p in enumerate(PARTS)])
    con.executemany("INSERT INTO MCH_MSTR VALUES (?,?,?,?,?,?,?,?)", MACHINES)
    con.executemany("INSERT INTO EMP_MSTR VALUES (?,?,?,?,?,?,?)", EMPLOYEES)
    con.executemany("INSERT INTO GAUGE_MSTR VALUES (?,?,?,?,?,?,?)", GAUGES)
    part = {p[0]: p for p in PARTS}
    emp = {e[0]: e for e in EMPLOYEES}

    def active(e, d):
        v = ymd(d)
        return e[5] <= v and (e[6] is None or v <= e[6])

    def operator(wc, t):
        sh = 1 if t.hour < 14 else 2
        c = [e for e in EMPLOYEES if e[2] == "OPR" and e[4] == wc and e[3] == sh and active(e, t)]
        if not c:
            c = [e for e in EMPLOYEES if e[2] == "OPR" and e[4] == wc and active(e, t)]
        if wc == "WC-TRN" and sh == 2:
            # Kowalczyk runs a large share of the second-shift lathe work
            k = emp[1047]
            if rng.random() < 0.45:
                return k[0]
        return rng.choice(c)[0]

    def inspector(t):
        sh = 1 if t.hour < 14 else 2
        c = [e[0] for e in EMPLOYEES if e[2] == "INS" and e[3] == sh]
        return rng.choice(c)

    # ------------------------------------------------------------ work orders
    weights = [p[10] for p in PARTS]
    wos = []
    d = dt.date(2026, 8, 24)
    n = 0
    while d <= dt.date(2026, 12, 4):
        if d.weekday() < 5 and d != HOLIDAY:
            for _ in range(rng.choice([3, 4, 4, 5, 5, 6])):
                n += 1
                pn = rng.choices([p[0] for p in PARTS], weights=weights)[0]
                qty = rng.choice([20, 25, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400])
                if part[pn][3] in ("Ti6Al4V",):
                    qty = rng.choice([10, 12, 20, 24, 30, 40])
                rel = dt.datetime.combine(d, dt.time(7)) + dt.timedelta(minutes=rng.randint(0, 540))
                due = d + dt.timedelta(days=rng.randint(3, 21))
                wos.append({"nbr": f"W26-{1000 + n:05d}"[:-5] + f"{3100 + n}", "part": pn, "qty": qty,
                            "rel": rel, "due": due, "prio": rng.choice([1, 2, 2, 3, 3, 3])})
        d += dt.timedelta(days=1)
    for i, w in enumerate(wos):
        w["nbr"] = f"W26-{3100 + i + 1}"
        w["po"] = f"PO-{part[w['part']][2][1:]}-{rng.randint(100, 999)}"

    # choose cancelled / hold WOs
    cancel = set(rng.sample(range(len(wos)), 7))
    # released WOs that never started (waiting for material), now overdue
    cand = [i for i, w in enumerate(wos) if dt.datetime(2026, 10, 5) <= w["rel"] < dt.datetime(2026, 11, 6)
            and i not in cancel]
    mat_wait = set(rng.sample(cand, 6))

    ops_rows = []
    state_rows = []
    tool_rows = []
    meas_rows = []
    ncr_rows = []
    ht_ops = []   # (ready_time, wo, seq, qty)
    pending_after_ht = {}

    mch_by_typ = {}
    for m in MACHINES:
        mch_by_typ.setdefault(m[2], []).append(m[0])

    def pick_machine(code, p, t):
        mat = p[3]
        if code == "TRN":
            if mat in ("Ti6Al4V", "316L") and rng.random() < 0.7:
                return "LTH-03"
            if p[4] > 4:
                return "LTH-04"
            return rng.choice(["LTH-01", "LTH-02", "LTH-03", "LTH-04"])
        if code == "MIL":
            if mat == "Ti6Al4V" or p[0] in ("AE-5120", "HY-2215"):
                if t >= FIVEAX_START and rng.random() < 0.8:
                    return "5AX-01"
                return rng.choice(["HMC-01", "HMC-02"])
            if p[4] > 4:
                return rng.choice(["HMC-01", "HMC-02"])
            c = ["VMC-01", "VMC-02", "VMC-03", "VMC-04", "VMC-05", "VMC-04"]
            m = rng.choice(c)
            if m == "VMC-04" and t >= VMC4_FAIL - dt.timedelta(hours=3):
                m = "VMC-03"
            if m == "HMC-01" and dt.datetime(2026, 10, 14, 8) <= t < dt.datetime(2026, 10, 15, 12):
                m = "HMC-02"
            return m
        if code == "GRD":
            return "GRD-01"
        return None

    wc_of = {"TRN": "WC-TRN", "GRD": "WC-GRD", "DBR": "WC-FIN", "FIN": "WC-FIN"}

    def mil_wc(m):
        return "WC-5AX" if m == "5AX-01" else "WC-MIL"

    def char_defs(code, p, mch):
        base = 10 + (sum(ord(c) for c in p[0]) % 50)
        if code == "TRN":
            return [("OD dia %d h7" % base, base - 0.0105, base - 0.021, base, "mm", "MIC"),
                    ("Length %d" % (base * 3), base * 3.0, base * 3 - 0.1, base * 3 + 0.1, "mm", "HGT")]
        if code == "MIL":
            b = base / 2
            return [("Bore dia %.1f H7" % b, b + 0.009, b, b + 0.018, "mm", "BOR"),
                    ("Ra milled face", 0.8, 0.0, 1.6, "um", "RGH")]
        if code == "GRD":
            return [("Ground dia %d h6" % base, base - 0.0065, base - 0.013, base, "mm", "MIC"),
                    ("Ra ground", 0.2, 0.0, 0.4, "um", "RGH")]
        return []

    def gauge_for(typ, t):
        c = [g[0] for g in GAUGES if g[2] == typ and g[6] != "S"]
        if typ == "BOR" and t >= GBOR3_QUAR:
            c = [g for g in c if g != "G-BOR-03"]
        return rng.choice(c)

    ncr_seq = [0]

    def add_ncr(wo, seq, mch, defect, qty, disp, resp, t, cost):
        ncr_seq[0] += 1
        opened = t
        if opened > NOW - dt.timedelta(days=2):
            stat, closed = rng.choice(["O", "I"]), None
        else:
            closed = opened + dt.timedelta(hours=rng.randint(4, 24 * 12))
            if closed > NOW:
                stat, closed = "I", None
            else:
                stat = "C"
        ncr_rows.append([f"NCR-{ncr_seq[0]:04d}", wo, seq, mch, defect, qty, disp, resp,
                         inspector(t), ms(opened), ms(closed) if closed else None, stat, cost])

    wo_rows = []
    for idx, w in enumerate(wos):
        p = part[w["part"]]
        route = p[9].split()
        t = next_work(w["rel"] + dt.timedelta(minutes=rng.randint(60, 2400)))
        if idx in cancel or idx in mat_wait:
            t = NOW + dt.timedelta(days=400)
        qty = w["qty"]
        total_scrap = 0
        stopped = False
        op_list = []
        for k, code in enumerate(route):
            seq = (k + 1) * 10
            setup = {"TRN": 45, "MIL": 75, "GRD": 40, "HTR": 0, "DBR": 5, "FIN": 10}[code] + rng.choice([0, 5, 10, 15])
            run = 0 if code == "HTR" else round(RUN_MIN[code] * MAT_FACTOR[p[3]] * rng.uniform(0.8, 1.25), 2)
            row = {"wo": w["nbr"], "seq": seq, "code": code, "mch": None, "emp": None, "setup": setup,
                   "run": run, "s": None, "e": None, "good": None, "scrap": None, "stat": 10}
            op_list.append(row)
            if stopped:
                continue
            if code == "HTR":
                # scheduled later with furnace loads; following ops wait
                ht_ops.append([t, w["nbr"], seq, qty, p])
                stopped = True
                continue
            start = next_work(t)
            if start > NOW:
                stopped = True
                continue
            mch = pick_machine(code, p, start)
            wc = mil_wc(mch) if code == "MIL" else wc_of[code]
            op_emp = operator(wc, start)
            act_setup = setup * rng.uniform(0.8, 1.5)
            dur = act_setup + qty * run * rng.uniform(0.95, 1.2)
            end = rnd_min(add_work(start, dur))
            start = rnd_min(start)
            row.update(mch=mch, emp=op_emp, s=start)
            # scrap
            rate = 0.0025 if code not in ("DBR", "FIN") else 0.0004
            if op_emp == 1047:
                rate = 0.035
            if mch == "VMC-04" and dt.datetime(2026, 11, 9) <= start < VMC4_FAIL:
                rate = 0.05
            scrap = sum(1 for _ in range(qty) if rng.random() < rate)
            stuck = mch == "VMC-04" and start < VMC4_FAIL < end
            if end > NOW or stuck:
                row.update(stat=20)
                stopped = True
                end_eff = NOW if not stuck else VMC4_FAIL
            else:
                row.update(e=end, good=qty - scrap, scrap=scrap, stat=30)
                end_eff = end
            # machine state: setup
            if mch:
                se = start + dt.timedelta(minutes=round(act_setup))
                state_rows.append([mch, 3, None, start, se if se <= NOW else None, op_emp, None])
            # measurements
            chars = char_defs(code, p, mch)
            if chars:
                samples = [("F", start + dt.timedelta(minutes=round(act_setup)))]
                tt = samples[0][1] + dt.timedelta(minutes=rng.randint(90, 180))
                while tt < end_eff:
                    samples.append(("P", tt))
                    tt += dt.timedelta(minutes=rng.randint(120, 240))
                if row["stat"] == 30:
                    samples.append(("L", end))
                for styp, ts in samples:
                    if ts > end_eff or ts > NOW:
                        continue
                    for cn, (desc, nom, lsl, usl, uom, gt) in enumerate(chars, 1):
                        tol = usl - lsl
                        if uom == "um":
                            val = rng.gauss(nom * 0.9, 0.12 * usl)
                            if mch == "VMC-04" and dt.datetime(2026, 11, 9) <= ts < VMC4_FAIL:
                                val = rng.gauss(1.75, 0.25)
                            val = round(max(0.05, val), 2)
                        else:
                            sd = tol / 7.5
                            bias = 0.0
                            if op_emp == 1047:
                                sd, bias = tol / 4.0, tol * 0.25
                            val = round(rng.gauss(nom + bias, sd), 4)
                        meas_rows.append([w["nbr"], seq, cn, desc, nom, lsl, usl, val, uom, styp,
                                          gauge_for(gt, ts), inspector(ts) if styp != "P" else op_emp,
                                          ymd(ts), hhmm(ts)])
            # tool changes
            if mch and code in ("TRN", "MIL", "GRD"):
                made = qty if row["stat"] == 30 else int(qty * 0.5)
                life = EDGE_PCS[p[3]] * (4 if code == "GRD" else 1)
                nchg = min(14, int(made / life * rng.uniform(0.7, 1.3)))
                for j in range(nchg):
                    frac = (j + 1) / (nchg + 1)
                    ts = rnd_min(add_work(start, act_setup + (dur - act_setup) * frac)) if row["stat"] == 30 \
                        else rnd_min(start + (end_eff - start) * frac)
                    if ts > NOW:
                        continue
                    pbreak = 0.07
                    if mch == "LTH-03" and p[3] in ("Ti6Al4V", "316L"):
                        pbreak = 0.45
                    r = rng.random()
                    rsn = "B" if r < pbreak else ("Q" if r < pbreak + 0.05 else ("S" if r < pbreak + 0.15 else "W"))
                    if mch == "VMC-04" and dt.datetime(2026, 11, 9) <= ts < VMC4_FAIL and rng.random() < 0.5:
                        rsn = "Q"
                    typ = {"TRN": "INS", "MIL": rng.choice(["EML", "EML", "DRL", "INS", "TAP"]), "GRD": "WHL"}[code]
                    item = {"INS": rng.choice(["CNMG120408-PM 4325", "DNMG150608-MF 1115", "VBMT160404-UM 1125"]),
                            "EML": rng.choice(["EM10-4F-TiAlN", "EM12-3F-AL", "EM16-4F-TiAlN"]),
                            "DRL": rng.choice(["DRL-8.5-CARB", "DRL-6.8-CARB"]),
                            "TAP": "TAP-M10-HSSE", "WHL": "WHL-400-A80"}[typ]
                    edge = max(1, int(life * rng.uniform(0.3, 0.7))) if rsn == "B" else max(1, int(life * rng.uniform(0.8, 1.2)))
                    tool_rows.append([mch, w["nbr"], "T%02d" % rng.randint(1, 24), typ, item, rsn, edge, ts,
                                      op_emp if rng.random() < 0.8 else rng.choice([1085, 1086])])
            # NCRs
            if scrap > 0:
                defect = "DIM"
                if mch == "VMC-04" and dt.datetime(2026, 11, 9) <= start:
                    defect = "SRF"
                elif code in ("DBR", "FIN"):
                    defect = rng.choice(["DMG", "BUR"])
                elif rng.random() < 0.15:
                    defect = rng.choice(["MAT", "CRK"])
                add_ncr(w["nbr"], seq, mch, defect, scrap, "SC", op_emp,
                        end_eff - dt.timedelta(minutes=rng.randint(5, 60)), round(scrap * p[8] * 0.6, 2))
            pr = 0.05 if op_emp != 1047 else 0.3
            if code in ("DBR", "FIN"):
                pr = 0.01
            if mch == "VMC-04" and dt.datetime(2026, 11, 9) <= start:
                pr = 0.6
            if rng.random() < pr:
                defect = "SRF" if (mch == "VMC-04" and dt.datetime(2026, 11, 9) <= start) else rng.choice(["DIM", "BUR", "SRF", "DIM"])
                q = max(1, int(qty * rng.uniform(0.02, 0.15)))
                add_ncr(w["nbr"], seq, mch, defect, q, rng.choice(["RW", "RW", "UAI"]), op_emp,
                        start + (end_eff - start) * rng.uniform(0.2, 0.9), round(q * p[8] * 0.15, 2))
            total_scrap += scrap
            qty -= scrap
            t = (end if row["stat"] == 30 else NOW) + dt.timedelta(minutes=rng.randint(30, 1800))
        w["ops"] = op_list
        w["qty_left"] = qty
        w["t_after"] = t
        w["stopped_at_ht"] = any(o["code"] == "HTR" for o in op_list) and stopped

    # ------------------------------------------------------------ furnace loads
    furn_for = {"42CrMo4": ("FUR-01", "QT-850", 850), "C45": ("FUR-01", "QT-840", 840),
                "16MnCr5": ("FUR-02", "CARB-930", 930), "17-4PH": ("FUR-03", "VAC-H1025", 1040)}
    slots = {"FUR-01": [(6, 0), (18, 0)], "FUR-02": [(6, 0)], "FUR-03": [(14, 0)]}
    cyc = {"FUR-01": (300, 420), "FUR-02": (600, 720), "FUR-03": (330, 400)}

    def next_slot(f, r):
        d0 = r.date()
        while True:
            if d0.weekday() < 6 and d0 != HOLIDAY:
                for hh, mm in slots[f]:
                    s = dt.datetime.combine(d0, dt.time(hh, mm))
                    if s >= r + dt.timedelta(minutes=30):
                        return s
            d0 += dt.timedelta(days=1)

    loads = {}
    wo_by = {w["nbr"]: w for w in wos}
    # process HT ops in order of readiness; after HT, continue the routing
    ht_ops.sort(key=lambda x: (x[0], x[1]))
    ht_queue = list(ht_ops)
    load_rows = []
    load_seq = 0
    while ht_queue:
        r, wn, seq, qty, p = ht_queue.pop(0)
        f, rec, sp = furn_for[p[3]]
        s = next_slot(f, r)
        w = wo_by[wn]
        op = [o for o in w["ops"] if o["seq"] == seq][0]
        if s > NOW:
            continue
        key = (f, s)
        if key not in loads:
            load_seq += 1
            c = rng.randint(*cyc[f])
            e = s + dt.timedelta(minutes=c)
            hemp = 1030 if s.hour < 14 else 1031
            loads[key] = {"nbr": f"HT-{load_seq:04d}", "f": f, "rec": rec, "sp": sp, "s": s, "e": e, "kg": 0.0,
                          "p": p, "emp": hemp, "wos": []}
            load_rows.append(loads[key])
        L = loads[key]
        L["kg"] += qty * p[4]
        L["wos"].append((wn, seq, qty, p))
        op.update(mch=f, emp=L["emp"], s=s, load=L["nbr"])
        if L["e"] > NOW:
            op.update(stat=20)
            continue
        op.update(e=L["e"], good=qty, scrap=0, stat=30)
        # continue remaining ops
        t = L["e"] + dt.timedelta(minutes=rng.randint(60, 1440))
        for o in w["ops"]:
            if o["seq"] <= seq:
                continue
            start = next_work(t)
            if start > NOW:
                break
            code = o["code"]
            mch = pick_machine(code, p, start)
            wc = wc_of.get(code, "WC-MIL")
            oe = operator(wc, start)
            act_setup = o["setup"] * rng.uniform(0.8, 1.5)
            dur = act_setup + qty * o["run"] * rng.uniform(0.95, 1.2)
            end = rnd_min(add_work(start, dur))
            start = rnd_min(start)
            o.update(mch=mch, emp=oe, s=start)
            if mch:
                se = start + dt.timedelta(minutes=round(act_setup))
                state_rows.append([mch, 3, None, start, se if se <= NOW else None, oe, None])
            scrap = sum(1 for _ in range(qty) if rng.random() < (0.0025 if code not in ("DBR", "FIN") else 0.0004))
            if end > NOW:
                o.update(stat=20)
                end_eff = NOW
            else:
                o.update(e=end, good=qty - scrap, scrap=scrap, stat=30)
                end_eff = end
            for cn, (desc, nom, lsl, usl, uom, gt) in enumerate(char_defs(code, p, mch), 1):
                for styp, ts in (("F", start + dt.timedelta(minutes=round(act_setup))), ("L", end)):
                    if ts > end_eff or (styp == "L" and o["stat"] != 30):
                        continue
                    if uom == "um":
                        val = round(max(0.05, rng.gauss(nom * 0.9, 0.12 * usl)), 2)
                    else:
                        val = round(rng.gauss(nom, (usl - lsl) / 7.5), 4)
                    meas_rows.append([wn, o["seq"], cn, desc, nom, lsl, usl, val, uom, styp,
                                      gauge_for(gt, ts), inspector(ts), ymd(ts), hhmm(ts)])
            if code == "GRD" and o["stat"] == 30:
                nchg = int(qty / (EDGE_PCS[p[3]] * 4))
                for j in range(nchg):
                    ts = rnd_min(start + (end - start) * (j + 1) / (nchg + 1))
                    tool_rows.append([mch, wn, "T01", "WHL", "WHL-400-A80", "W" if rng.random() < 0.85 else "Q",
                                      EDGE_PCS[p[3]] * 4 + rng.randint(-20, 20), ts, oe])
            if scrap:
                add_ncr(wn, o["seq"], mch, rng.choice(["DIM", "DMG", "BUR"]), scrap, "SC", oe,
                        end_eff - dt.timedelta(minutes=20), round(scrap * p[8] * 0.6, 2))
                w["scrap_extra"] = w.get("scrap_extra", 0) + scrap
            qty -= scrap
            if o["stat"] != 30:
                break
            t = end + dt.timedelta(minutes=rng.randint(30, 1800))

    # load results
    for L in load_rows:
        p = L["p"]
        lo, hi = p[6], p[7]
        if L["e"] > NOW:
            L["hrc"], L["res"] = None, None
            continue
        hrc = round(rng.uniform(lo + 0.5, hi - 0.5), 1)
        res = "P"
        if L["f"] == "FUR-01" and dt.datetime(2026, 10, 19) <= L["s"] < dt.datetime(2026, 10, 28):
            if rng.random() < 0.75:
                hrc = round(lo - rng.uniform(1.5, 5.0), 1)
                res = "F"
        elif rng.random() < 0.02:
            hrc = round(hi + rng.uniform(0.5, 2.0), 1)
            res = "F"
        L["hrc"], L["res"] = hrc, res
        if res == "F":
            for wn, seq, q, pp in L["wos"]:
                add_ncr(wn, seq, L["f"], "HRD", q, "RW", L["emp"], L["e"] + dt.timedelta(minutes=40),
                        round(q * pp[4] * 9.5, 2))

    # ------------------------------------------------------------ WO header rows
    hold_candidates = []
    for idx, w in enumerate(wos):
        ops = w["ops"]
        started = [o for o in ops if o["stat"] in (20, 30)]
        done = all(o["stat"] == 30 for o in ops)
        scrap = sum(o["scrap"] or 0 for o in ops)
        last = ops[-1]
        qcmpl = last["good"] if last["stat"] == 30 else 0
        cls = None
        if idx in cancel:
            stat = 9
        elif done:
            stat, cls = 5, ymd(last["e"])
        elif started:
            stat = 3
            hold_candidates.append(idx)
        elif w["rel"].date() > NOW.date():
            stat = 1
        else:
            stat = 2
        w["stat"] = stat
        wo_rows.append([w["nbr"], w["part"], w["po"], w["qty"], qcmpl, scrap, ymd(w["rel"]) if stat != 1 else None,
                        ymd(w["due"]), cls, w["prio"], stat])
    # a few in-process WOs on hold (those with an open NCR)
    open_ncr_wos = [r[1] for r in ncr_rows if r[11] in ("O", "I")]
    held = 0
    for idx in hold_candidates:
        if wos[idx]["nbr"] in open_ncr_wos and held < HOLD_WOS:
            wo_rows[idx][10] = 4
            held += 1
    con.executemany("INSERT INTO WO_HDR VALUES (?,?,?,?,?,?,?,?,?,?,?)", wo_rows)

    op_out = []
    for w in wos:
        for o in w["ops"]:
            s, e = o["s"], o["e"]
            op_out.append((o["wo"], o["seq"], o["code"], o["mch"], o["emp"], o["setup"], o["run"],
                           ymd(s) if s else None, hhmm(s) if s else None, ymd(e) if e else None,
                           hhmm(e) if e else None, o["good"], o["scrap"], o["stat"], o.get("load")))
    con.executemany("INSERT INTO WO_OPER VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", op_out)

    # ------------------------------------------------------------ other machine states
    mnt = [1020, 1021, 1022]
    brk_rsn = ["ATC", "CLN", "HYD", "ELE", "CNC", "CHP", "SPN"]
    for m in MACHINES:
        mid = m[0]
        if m[7] == "X":
            continue
        d0 = START.date() if mid != "5AX-01" else FIVEAX_START.date()
        while d0 <= NOW.date():
            w = day_window(d0)
            if w:
                hi = min(w[1], NOW)
                # breakdowns
                if rng.random() < (0.07 if mid != "LTH-04" else 0.12):
                    s = w[0] + dt.timedelta(minutes=rng.randint(0, 600))
                    if s < hi:
                        rs = rng.choice(brk_rsn[:-1]) if m[2] != "FUR" else rng.choice(["ELE", "TC", "GAS", "DOR"])
                        dur = rng.randint(20, 240)
                        e = s + dt.timedelta(minutes=dur)
                        if not (mid == "VMC-04" and s >= VMC4_FAIL - dt.timedelta(hours=6)) and e < NOW:
                            state_rows.append([mid, 4, rs, s, e, rng.choice(mnt), None])
                # waiting
                if m[2] != "FUR":
                    for _ in range(rng.choice([0, 0, 1, 1, 2])):
                        s = w[0] + dt.timedelta(minutes=rng.randint(0, 900))
                        e = s + dt.timedelta(minutes=rng.randint(10, 150))
                        if e < NOW and not (mid == "VMC-04" and s >= VMC4_FAIL - dt.timedelta(hours=6)):
                            state_rows.append([mid, 6, rng.choice(["MAT", "MAT", "PRG", "OPR", "INS", "CRN"]), s, e,
                                               None, None])
            # monthly PM on the first Saturday after the machine's PM day
            if d0.weekday() == 5 and (d0.day + len(mid) + int(mid[-1])) % 4 == 0 and d0.day <= 14:
                s = dt.datetime.combine(d0, dt.time(14, 30))
                if s < NOW and not (mid == "VMC-04" and d0 > VMC4_FAIL.date()):
                    state_rows.append([mid, 5, "PM", s, s + dt.timedelta(minutes=rng.randint(180, 300)),
                                       rng.choice(mnt), "monthly PM"])
            d0 += dt.timedelta(days=1)
    # built-in events
    state_rows += [
        ["VMC-04", 4, "SPN", dt.datetime(2026, 11, 10, 10, 5), dt.datetime(2026, 11, 10, 10, 50), 1020,
         "spindle noise / chatter, bearing preload checked"],
        ["VMC-04", 4, "SPN", dt.datetime(2026, 11, 13, 15, 20), dt.datetime(2026, 11, 13, 16, 55), 1021,
         "spindle temperature alarm"],
        ["VMC-04", 4, "SPN", VMC4_FAIL, None, 1022, "spindle bearing seized - spindle out for rebuild"],
        ["HMC-01", 4, "CRS", dt.datetime(2026, 10, 14, 8, 35), dt.datetime(2026, 10, 15, 10, 50), 1020,
         "crash into fixture, Z-axis ballscrew check"],
        ["FUR-01", 5, "TC", dt.datetime(2026, 10, 28, 7, 0), dt.datetime(2026, 10, 28, 13, 30), 1022,
         "thermocouple replaced, SAT/TUS after drift"],
    ]
    state_rows.sort(key=lambda r: (r[3], r[0], r[1]))
    con.executemany("INSERT INTO MCH_STAT_LOG VALUES (?,?,?,?,?,?,?,?)",
                    [(i + 1, r[0], r[1], r[2], ms(r[3]), ms(r[4]) if r[4] else None, r[5], r[6])
                     for i, r in enumerate(state_rows)])

    tool_rows.sort(key=lambda r: (r[7], r[0], r[1]))
    con.executemany("INSERT INTO TOOL_CHG VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(i + 1, r[0], r[1], r[2], r[3], r[4], r[5], r[6], dmy(r[7]), r[8])
                     for i, r in enumerate(tool_rows)])
    meas_rows.sort(key=lambda r: (r[12], r[13], r[0], r[1], r[2]))
    con.executemany("INSERT INTO INSP_MEAS VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [tuple([i + 1] + r) for i, r in enumerate(meas_rows)])
    ncr_rows.sort(key=lambda r: (r[9], r[1]))
    for i, r in enumerate(ncr_rows):
        r[0] = f"NCR26-{i + 1:04d}"
    con.executemany("INSERT INTO NCR_HDR VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [tuple(r) for r in ncr_rows])
    con.executemany("INSERT INTO HT_LOAD VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(L["nbr"], L["f"], L["rec"], L["sp"], round(L["kg"], 1), dmy(L["s"]),
                      dmy(L["e"]) if L["e"] <= NOW else None, L["hrc"], L["res"], L["emp"]) for L in load_rows])
    con.commit()
    con.close()


# ---------------------------------------------------------------- verification

def default_questions():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "cnc_shop.jsonl")


def verify(db, qpath):
    con = sqlite3.connect(db)
    bad = 0
    with open(qpath, encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh if line.strip()]
    for q in qs:
        try:
            rows = con.execute(q["gold_sql"]).fetchall()
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
