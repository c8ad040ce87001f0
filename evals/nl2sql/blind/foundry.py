"""Blind NL2SQL eval fixture: operations database of an aluminium high-pressure die-casting foundry.

Build the SQLite database deterministically (same bytes each run)::

    python3 foundry.py OUT.sqlite

Check every gold SQL of a question file against the freshly built DB::

    python3 foundry.py OUT.sqlite --verify [QUESTIONS.jsonl]

Standard library only, deterministic (random.Random(SEED)).

Plant: aluminium HPDC foundry near Vitoria-Gasteiz, Spain (six die-casting cells DC-01..DC-06,
three gas-fired tower melting furnaces H1..H3, in-house machining of some parts, two X-ray stations).
Plant time zone Europe/Madrid: CEST (UTC+2) until Sun 2026-10-25 03:00, then CET (UTC+1).
History: Sat 2026-08-01 06:00 to Sat 2026-11-21 12:00 local ("now").

Calendar: shifts M 06-14, T 14-22, N 22-06 (the night shift belongs to the date it starts).
Mon-Fri M/T/N, Saturday M only, Sunday off.  Summer shutdown Sun 2026-08-09 .. Sun 2026-08-23
(no production, furnaces H1/H2 cold 08-09..08-22).  Plant holiday Mon 2026-10-12.
Cells: DC-01/02/03 run M/T/N + Sat M; DC-04 and DC-05 run M/T + Sat M; DC-06 commissioned
2026-09-14, first production lot 09-21 (M/T), three shifts from 10-05, Saturday from 10-10.
DC-00 is decommissioned.

Time storage (deliberately mixed):
  * MeltCharge.chargedAt, downtime.inicio: ISO-8601 local time WITH UTC offset,
    e.g. '2026-11-20T08:15:00+01:00'.
  * XrayInsp.scanTs, MaintOrder.openedAt / closedAt: epoch SECONDS (UTC instants).
  * prod_lot.fecha (DATE text) + prod_lot.turno (shift code M/T/N).
  * meter_reading.fecha, employee.alta/baja, dc_cell.commissioned, Die.lastOverhaul: 'YYYY-MM-DD'.
  * durations: downtime.dur_s in SECONDS; MaintOrder.labourMin and prod_lot.plan_min/run_min in MINUTES.
  * booleans: MeltCharge.degassed 'true'/'false' text; XrayInsp.Accepted, downtime.planned,
    PartNumber.XrayReq / Machined, meter_reading.estimado, dc_cell.vacuum as 1/0.

Built-in facts (skews):
  * Die M-1755 (compressor bracket, DC-04) is near end of life: ~95 % of maxShotLife.
  * DC-03 (e-axle gearbox housing, vacuum HPDC) had a vacuum-valve problem 10-05..10-29:
    porosity scrap (code 110/180), many X-ray rejects, vacuum stops (code 235); repaired 10-30.
  * Furnace H1 gas consumption per tonne melted drifts upward from 10-01 (burner/recuperator);
    an open maintenance order was raised on 11-16.
  * DC-02 hydraulic accumulator failure 2026-11-04 10:40, ~19.4 h down.
  * DC-05 stopped since 2026-11-21 09:20 (die water leak on the mounted die), downtime still open.
  * DC-06 ramp-up scrap Sep 21 .. Oct 9.
  * Part HT-88010 (inverter housing) never produced; its die M-2290 has 0 shots.
  * Operator Raúl Ortega left 2026-10-09, Alba Molina joined 10-13; X-ray inspector Laura Vega joined 11-02.
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
START = dt.date(2026, 8, 1)
NOW = dt.datetime(2026, 11, 21, 12, 0)
DST_END = dt.datetime(2026, 10, 25, 2, 0)     # local times >= this are CET (UTC+1)
SHUT_FROM, SHUT_TO = dt.date(2026, 8, 9), dt.date(2026, 8, 23)
HOLIDAYS = [dt.date(2026, 10, 12)]
DC6_FIRST = dt.date(2026, 9, 21)
VAC_FROM, VAC_TO = dt.datetime(2026, 10, 5), dt.datetime(2026, 10, 30)
DC2_HYD = dt.datetime(2026, 11, 4, 10, 40)
DC5_LEAK = dt.datetime(2026, 11, 21, 9, 20)
DRIFT_FROM = dt.date(2026, 10, 1)


def off(t):
    return 2 if t < DST_END else 1


def epoch(t):
    """Epoch seconds (UTC) of a naive Europe/Madrid local time."""
    return calendar.timegm(t.timetuple()) - off(t) * 3600


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("+02:00" if off(t) == 2 else "+01:00")


def dstr(d):
    return d.strftime("%Y-%m-%d")


SCHEMA = """
CREATE TABLE PartNumber (
    PartNo       TEXT PRIMARY KEY,   -- customer part number
    Descr        TEXT NOT NULL,      -- part description
    DrawingNo    TEXT,               -- customer drawing number
    DrawingRev   TEXT,               -- drawing revision letter
    CustCode     TEXT,               -- customer code in the ERP
    CustName     TEXT,
    Alloy        TEXT,               -- EN AC designation, e.g. 'EN AC-46000 AlSi9Cu3(Fe)'
    NetWtKg      REAL,               -- weight of one finished casting, kg
    ShotWtKg     REAL,               -- metal per shot incl. biscuit, runners and overflows (all cavities), kg
    XrayReq      INTEGER,            -- 1 = every lot is sampled on X-ray, 0 = no X-ray
    XrayMaxGrade INTEGER,            -- highest acceptable porosity grade on X-ray
    Machined     INTEGER,            -- 1 = machined in-house after trimming
    PriceEur     REAL,               -- selling price per good casting, EUR
    LifecycleSts TEXT                -- S = series, R = ramp-up, N = new project (not launched)
);

CREATE TABLE dc_cell (
    maq_id       TEXT PRIMARY KEY,   -- die-casting cell / machine id painted on the machine
    descr        TEXT,
    fabricante   TEXT,
    clamp_t      INTEGER,            -- locking force, tonnes
    vacuum       INTEGER,            -- 1 = vacuum-assisted die casting
    trim_press   TEXT,               -- trim press id
    cnc_line     TEXT,               -- downstream machining line, NULL = castings not machined
    commissioned TEXT,               -- commissioning date
    sts          INTEGER             -- 1 = in production, 2 = stopped, 9 = decommissioned
);

CREATE TABLE Die (
    DieId        INTEGER PRIMARY KEY,
    dieNo        TEXT NOT NULL,      -- die (mould) number stamped on the die, M-nnnn
    partNo       TEXT,               -- PartNumber.PartNo cast by this die
    cavities     INTEGER,
    shotCount    INTEGER,            -- cumulative shots since new (updated at each shift booking)
    maxShotLife  INTEGER,            -- expected die life in shots (toolmaker guarantee)
    stdCycleS    REAL,               -- standard cycle time per shot, seconds
    toolmaker    TEXT,
    lastOverhaul TEXT,               -- date of last die-shop overhaul
    dieStatus    INTEGER,            -- 0 = in storage, 1 = mounted on a cell, 2 = in die shop for repair, 3 = scrapped
    mountedOn    TEXT                -- dc_cell.maq_id while mounted
);

CREATE TABLE MeltCharge (
    chargeId     INTEGER PRIMARY KEY,
    furnaceId    TEXT NOT NULL,      -- H1, H2, H3 = gas-fired tower melting furnaces
    chargedAt    TEXT NOT NULL,      -- ISO 8601 local time with UTC offset
    alloy        TEXT,               -- EN AC alloy number, e.g. '46000'
    ingotKg      REAL,               -- ingot charged, kg
    returnsKg    REAL,               -- in-house returns charged (runners, biscuits, scrap castings), kg
    tapTempC     REAL,               -- melt temperature at transfer ladle, deg C
    degassed     TEXT,               -- 'true' / 'false': rotary N2 degassing done
    densIdx      REAL,               -- density index of reduced-pressure test sample, %
    melterId     INTEGER
);

CREATE TABLE prod_lot (
    lot_id       INTEGER PRIMARY KEY,
    fecha        TEXT NOT NULL,      -- production date YYYY-MM-DD; the night shift belongs to the date it starts
    turno        TEXT NOT NULL,      -- shift: M = 06-14, T = 14-22, N = 22-06
    maq_id       TEXT NOT NULL,      -- dc_cell
    DieId        INTEGER,            -- Die used
    shots        INTEGER,            -- shots fired in the shift, incl. warm-up shots
    good_qty     INTEGER,            -- good castings (castings = shots x cavities)
    scrap_qty    INTEGER,            -- scrapped castings; breakdown by reason in lot_scrap
    plan_min     INTEGER,            -- planned production time, minutes
    run_min      INTEGER,            -- time actually producing, minutes
    oper         INTEGER
);

CREATE TABLE lot_scrap (
    lot_id       INTEGER NOT NULL,   -- prod_lot
    cod_motivo   INTEGER NOT NULL,   -- scrap reason, reason_codes.cod (1xx)
    qty          INTEGER NOT NULL,   -- castings
    PRIMARY KEY (lot_id, cod_motivo)
);

CREATE TABLE reason_codes (
    cod          INTEGER PRIMARY KEY,
    tipo         TEXT NOT NULL,      -- S = scrap reason, P = paro (downtime) reason
    desc_es      TEXT,
    desc_en      TEXT,
    grupo        TEXT
);

CREATE TABLE XrayInsp (
    InspId       INTEGER PRIMARY KEY,
    LotId        INTEGER,            -- prod_lot.lot_id the casting comes from
    SerialNo     TEXT,               -- DMC code engraved on the casting
    scanTs       INTEGER,            -- epoch seconds (UTC)
    Station      TEXT,
    Grade        INTEGER,            -- porosity severity level 1..5, 1 = best
    MaxPoreMm    REAL,               -- largest pore found, mm
    Accepted     INTEGER,            -- 1 = OK, 0 = rejected (Grade above PartNumber.XrayMaxGrade)
    InspBy       INTEGER             -- inspector badge (employee)
);

CREATE TABLE downtime (
    paro_id      INTEGER PRIMARY KEY,
    maq_id       TEXT NOT NULL,
    inicio       TEXT NOT NULL,      -- stop start, ISO 8601 local time with UTC offset
    dur_s        INTEGER,            -- duration in seconds; NULL = cell still stopped
    cod_motivo   INTEGER,            -- reason_codes.cod (2xx)
    planned      INTEGER,            -- 1 = planned stop (die change, preventive maintenance), 0 = unplanned
    nota         TEXT,
    reported_by  INTEGER             -- employee badge
);

CREATE TABLE MaintOrder (
    OrderNo      TEXT PRIMARY KEY,   -- OT26-nnnn
    AssetId      TEXT,               -- maq_id, die number (M-nnnn), furnace (H1..H3) or X-ray station (XR-n)
    OrderType    TEXT,               -- CM = corrective, PM = preventive, DR = die repair, IM = improvement
    Priority     INTEGER,            -- 1 = urgent, 2 = normal, 3 = low
    Title        TEXT,
    openedAt     INTEGER,            -- epoch seconds
    closedAt     INTEGER,            -- epoch seconds, NULL while not completed
    labourMin    INTEGER,            -- labour booked, minutes
    Status       INTEGER,            -- 10 = open, 20 = in progress, 30 = waiting for parts, 40 = completed, 90 = cancelled
    TechId       INTEGER,
    paro_id      INTEGER             -- downtime event that triggered the order
);

CREATE TABLE employee (
    emp_id       INTEGER PRIMARY KEY, -- badge number
    nombre       TEXT NOT NULL,
    puesto       TEXT,               -- OPD = die-cast operator, FUS = melter, RX = X-ray inspector, MNT = maintenance tech, MOL = die shop, CAL = quality, ING = process engineer, JT = shift leader
    turno        TEXT,               -- M, T, N, or C = central (day staff)
    maq_id       TEXT,               -- home cell of operators
    alta         TEXT,               -- hire date
    baja         TEXT                -- leaving date, NULL = still employed
);

CREATE TABLE meter_reading (
    meter_id     TEXT NOT NULL,      -- GAS-H1/H2/H3 = gas sub-meters of melting furnaces; GAS-MAIN = incoming gas (includes H1-H3); EL-GEN = incoming electricity; EL-DC = die-casting hall sub-meter
    fecha        TEXT NOT NULL,      -- consumption day (00:00-24:00 local)
    lectura      REAL,               -- counter value at end of day
    consumo      REAL,               -- consumption during the day
    uom          TEXT,               -- m3 (gas) or kWh
    estimado     INTEGER,
    PRIMARY KEY (meter_id, fecha)
);
"""

A46 = "EN AC-46000 AlSi9Cu3(Fe)"
A434 = "EN AC-43400 AlSi10Mg(Fe)"
A435 = "EN AC-43500 AlSi10MnMg"
ALLOY_NO = {A46: "46000", A434: "43400", A435: "43500"}
FURNACE_OF = {"46000": "H1", "43400": "H2", "43500": "H3"}

# PartNo, Descr, DrawingNo, Rev, CustCode, CustName, Alloy, NetWtKg, ShotWtKg, XrayReq, XrayMaxGrade,
# Machined, PriceEur, LifecycleSts
PARTS = [
    ("NM-30210", "Oil sump 2.0 TDI", "Z-30210-100", "F", "C-101", "Nordmotor GmbH", A46, 6.4, 9.8, 0, None, 1, 41.50, "S"),
    ("NM-30455", "Transmission cover 7DCT", "Z-30455-100", "C", "C-101", "Nordmotor GmbH", A46, 5.1, 8.2, 1, 3, 1, 36.90, "S"),
    ("ID-7720", "Steering gear housing EPS", "IDR-7720", "D", "C-102", "Iberdireccion SA", A46, 2.3, 6.1, 1, 3, 1, 22.40, "S"),
    ("ID-7731", "EPS motor flange", "IDR-7731", "B", "C-102", "Iberdireccion SA", A46, 0.9, 2.6, 0, None, 1, 9.80, "S"),
    ("VA-E2-110", "E-axle gearbox housing", "VAX-E2-0110", "H", "C-103", "VoltAxle Europe SL", A434, 9.7, 14.2, 1, 2, 1, 88.00, "S"),
    ("FT-4471", "Compressor mounting bracket", "FT-D-4471", "A", "C-104", "FrioTrans Compresores SA", A46, 0.6, 3.4, 0, None, 0, 4.15, "S"),
    ("SI-1208", "Sensor cover 60", "SI-1208-Z", "E", "C-105", "Sensortec Iberia SL", A46, 0.21, 1.3, 0, None, 0, 1.95, "S"),
    ("SI-1290", "Connector housing 12p", "SI-1290-Z", "B", "C-105", "Sensortec Iberia SL", A46, 0.34, 1.1, 0, None, 0, 2.70, "S"),
    ("HT-88002", "Battery tray end plate", "HT-88002-00", "A", "C-106", "Hispano Trucks SA", A435, 11.8, 16.5, 1, 3, 1, 97.00, "R"),
    ("HT-88010", "Inverter housing", "HT-88010-00", "0", "C-106", "Hispano Trucks SA", A434, 4.2, 7.0, 1, 2, 1, 54.00, "N"),
]
PART = {p[0]: p for p in PARTS}

CELLS = [
    ("DC-00", "Buhler SC N/53 (old cell, out of service)", "Buhler", 530, 0, None, None, "2004-05-10", 9),
    ("DC-01", "Buhler Carat 105 + trim press + robot", "Buhler", 1050, 0, "TP-01", "MEC-A", "2017-03-20", 1),
    ("DC-02", "Buhler Evolution 84D + trim press", "Buhler", 840, 0, "TP-02", "MEC-A", "2015-11-02", 1),
    ("DC-03", "Idra OL 1600 Vacuum cell", "Idra", 1600, 1, "TP-03", "MEC-B", "2021-06-14", 1),
    ("DC-04", "Italpresse TF 850", "Italpresse", 850, 0, "TP-04", None, "2012-09-03", 1),
    ("DC-05", "Frech DAK 580", "Frech", 580, 0, "TP-05", None, "2019-01-21", 2),
    ("DC-06", "Idra OL 2200 Vacuum megacell", "Idra", 2200, 1, "TP-06", "MEC-C", "2026-09-14", 1),
]

# DieId, dieNo, partNo, cavities, target final shotCount (None = computed), maxShotLife, stdCycleS, toolmaker, lastOverhaul
DIES = [
    (1, "M-1702", "FT-4471", 4, 141350, 140000, 52.0, "Moldes Bilbao", "2025-10-17"),
    (2, "M-1755", "FT-4471", 4, 142870, 150000, 52.0, "Moldes Bilbao", "2026-07-28"),
    (3, "M-1980", "NM-30210", 1, 77040, 120000, 75.0, "GF Casting Tools", "2026-06-30"),
    (4, "M-1981", "NM-30210", 1, 85210, 120000, 75.0, "GF Casting Tools", "2026-04-14"),
    (5, "M-2114", "NM-30455", 1, 61920, 130000, 70.0, "GF Casting Tools", "2026-07-24"),
    (6, "M-2051", "ID-7720", 2, 115400, 150000, 62.0, "Moldes Bilbao", "2026-07-27"),
    (7, "M-2052", "ID-7731", 2, 52100, 150000, 48.0, "Moldes Bilbao", "2026-05-08"),
    (8, "M-2207", "VA-E2-110", 1, 68350, 100000, 95.0, "Oskar Frech Tooling", "2026-07-31"),
    (9, "M-2130", "SI-1208", 4, 81900, 200000, 38.0, "Matrices Olaberria", "2026-03-02"),
    (10, "M-2131", "SI-1290", 2, 44300, 200000, 42.0, "Matrices Olaberria", "2026-02-16"),
    (11, "M-2260", "HT-88002", 1, None, 80000, 110.0, "Oskar Frech Tooling", None),
    (12, "M-2290", "HT-88010", 1, 0, 100000, 90.0, "Oskar Frech Tooling", None),
]
DIE = {d[0]: d for d in DIES}

REASONS = [
    (110, "S", "Porosidad de gas", "Gas porosity", "POROSIDAD"),
    (111, "S", "Rechupe", "Shrinkage porosity", "POROSIDAD"),
    (120, "S", "Junta fria", "Cold shut / flow lines", "LLENADO"),
    (130, "S", "Pegado", "Soldering / die sticking", "MOLDE"),
    (140, "S", "Grieta", "Crack / hot tear", "MOLDE"),
    (150, "S", "Llenado incompleto", "Incomplete fill / misrun", "LLENADO"),
    (160, "S", "Piezas de arranque", "Warm-up shots", "ARRANQUE"),
    (170, "S", "Dimensional / deformacion", "Dimensional / distortion", "DIMENSIONAL"),
    (180, "S", "Poro en mecanizado", "Porosity found in machining", "MECANIZADO"),
    (185, "S", "Mecanizado fuera de cota", "Machining out of tolerance", "MECANIZADO"),
    (190, "S", "Golpe / manipulacion", "Handling damage", "MANIPULACION"),
    (210, "P", "Cambio de molde", "Die change", "PLANIFICADO"),
    (220, "P", "Averia de molde / fuga de agua", "Die failure / water leak", "MOLDE"),
    (230, "P", "Averia hidraulica", "Hydraulic failure", "MAQUINA"),
    (235, "P", "Sistema de vacio", "Vacuum system", "MAQUINA"),
    (240, "P", "Inyeccion / piston", "Shot end / plunger tip", "MAQUINA"),
    (250, "P", "Robot extraccion / spray", "Extraction or spray robot", "MAQUINA"),
    (260, "P", "Prensa de rebarbar", "Trim press", "MAQUINA"),
    (270, "P", "Falta de metal", "No metal (furnace / ladle)", "ORGANIZACION"),
    (280, "P", "Electrico / PLC", "Electrical / PLC", "MAQUINA"),
    (290, "P", "Mantenimiento preventivo", "Preventive maintenance", "PLANIFICADO"),
    (295, "P", "Falta de operario", "No operator", "ORGANIZACION"),
    (298, "P", "Retencion calidad", "Quality hold", "ORGANIZACION"),
]

# emp_id, nombre, puesto, turno, maq_id, alta, baja
EMPLOYEES = [
    (3101, "Javier Morales", "OPD", "M", "DC-01", "2014-02-03", None),
    (3102, "Lucia Fernandez", "OPD", "M", "DC-02", "2018-09-10", None),
    (3103, "Sergio Navarro", "OPD", "M", "DC-03", "2021-05-17", None),
    (3104, "Ana Ruiz", "OPD", "M", "DC-04", "2011-03-01", None),
    (3105, "Iker Etxeberria", "OPD", "M", "DC-05", "2019-01-14", None),
    (3106, "Marta Gil", "OPD", "M", "DC-06", "2023-06-05", None),
    (3111, "Pablo Romero", "OPD", "T", "DC-01", "2016-10-24", None),
    (3112, "Raul Ortega", "OPD", "T", "DC-02", "2020-02-17", "2026-10-09"),
    (3113, "Elena Castro", "OPD", "T", "DC-03", "2021-09-06", None),
    (3114, "Diego Herrera", "OPD", "T", "DC-04", "2013-04-08", None),
    (3115, "Nerea Aguirre", "OPD", "T", "DC-05", "2022-01-10", None),
    (3116, "Hugo Serrano", "OPD", "T", "DC-06", "2024-03-18", None),
    (3117, "Alba Molina", "OPD", "T", "DC-02", "2026-10-13", None),
    (3121, "Carlos Vidal", "OPD", "N", "DC-01", "2015-07-13", None),
    (3122, "Jorge Rubio", "OPD", "N", "DC-02", "2017-01-09", None),
    (3123, "Oscar Iglesias", "OPD", "N", "DC-03", "2022-11-21", None),
    (3126, "Adrian Prieto", "OPD", "N", "DC-06", "2026-09-28", None),
    (3201, "Manuel Pena", "FUS", "M", None, "2009-05-04", None),
    (3202, "Tomas Lozano", "FUS", "M", None, "2016-02-22", None),
    (3203, "Francisco Cano", "FUS", "T", None, "2012-10-01", None),
    (3204, "Angel Marin", "FUS", "T", None, "2019-09-16", None),
    (3205, "Luis Garrido", "FUS", "N", None, "2014-01-13", None),
    (3206, "Victor Santos", "FUS", "N", None, "2021-03-29", None),
    (3301, "Cristina Delgado", "RX", "M", None, "2017-06-12", None),
    (3302, "Patricia Leon", "RX", "M", None, "2020-11-02", None),
    (3303, "Sonia Cabrera", "RX", "T", None, "2018-04-23", None),
    (3304, "Laura Vega", "RX", "T", None, "2026-11-02", None),
    (3305, "Miguel Pascual", "RX", "N", None, "2016-08-29", None),
    (3401, "Antonio Reyes", "MNT", "M", None, "2008-03-10", None),
    (3402, "Fernando Diez", "MNT", "T", None, "2013-09-02", None),
    (3403, "Ignacio Soto", "MNT", "N", None, "2019-05-20", None),
    (3404, "Roberto Campos", "MNT", "C", None, "2010-01-11", None),
    (3405, "Zhang Wei", "MNT", "C", None, "2024-02-05", None),
    (3501, "Enrique Calvo", "MOL", "C", None, "2006-10-16", None),
    (3502, "Daniel Vicente", "MOL", "C", None, "2018-07-02", None),
    (3601, "Wang Lei", "CAL", "C", None, "2023-09-04", None),
    (3602, "Beatriz Fuentes", "CAL", "C", None, "2015-02-09", None),
    (3701, "Chen Jing", "ING", "C", None, "2024-10-07", None),
    (3801, "Alberto Nieto", "JT", "M", None, "2007-11-05", None),
    (3802, "Raquel Dominguez", "JT", "T", None, "2012-05-14", None),
    (3803, "Jose Ramos", "JT", "N", None, "2011-08-22", None),
]

SHIFT_START = {"M": 6, "T": 14, "N": 22}
PLAN_MIN = 450
SCRAP_BASE = {110: 0.008, 111: 0.004, 120: 0.005, 130: 0.003, 140: 0.002, 150: 0.003,
              170: 0.002, 190: 0.0015}
SHORT_CODES = [(240, 3), (250, 5), (260, 4), (270, 3), (280, 2), (295, 1), (298, 1)]
BRK_CODES = [(230, 3), (220, 3), (280, 2), (240, 2), (250, 1)]


def working_day(d):
    return not (SHUT_FROM <= d <= SHUT_TO or d in HOLIDAYS or d.weekday() == 6)


def cell_turnos(cell, d):
    """Shifts the cell is scheduled on a given date."""
    if not working_day(d):
        return []
    sat = d.weekday() == 5
    if cell in ("DC-01", "DC-02", "DC-03"):
        return ["M"] if sat else ["M", "T", "N"]
    if cell in ("DC-04", "DC-05"):
        return ["M"] if sat else ["M", "T"]
    if cell == "DC-06":
        if d < DC6_FIRST:
            return []
        if sat:
            return ["M"] if d >= dt.date(2026, 10, 10) else []
        return ["M", "T", "N"] if d >= dt.date(2026, 10, 5) else ["M", "T"]
    return []


def die_for(cell, d):
    wk = d.isocalendar()[1]
    if cell == "DC-01":
        if wk % 2 == 0:
            return 5
        return 4 if d < dt.date(2026, 9, 12) else 3
    if cell == "DC-02":
        return 7 if wk % 3 == 0 else 6
    if cell == "DC-03":
        return 8
    if cell == "DC-04":
        return 2
    if cell == "DC-05":
        return 9 if wk % 2 == 1 else 10
    if cell == "DC-06":
        return 11
    raise ValueError(cell)


def weighted(rng, items):
    tot = sum(w for _, w in items)
    x = rng.random() * tot
    for v, w in items:
        x -= w
        if x < 0:
            return v
    return items[-1][0]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def overlap_min(a0, a1, b0, b1):
    s, e = max(a0, b0), min(a1, b1)
    return max(0.0, (e - s).total_seconds() / 60.0)


def build(path):
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)

    emp_by = {e[0]: e for e in EMPLOYEES}

    def active(eid, d):
        e = emp_by[eid]
        return e[5] <= dstr(d) and (e[6] is None or dstr(d) <= e[6])

    def on_shift(puesto, turno, d):
        return [e[0] for e in EMPLOYEES if e[2] == puesto and e[3] == turno and active(e[0], d)]

    def operator(cell, turno, d):
        c = [e[0] for e in EMPLOYEES if e[2] == "OPD" and e[3] == turno and e[4] == cell and active(e[0], d)]
        if c:
            return c[0]
        # cells without a home operator on this shift: shift leader signs in
        return {"M": 3801, "T": 3802, "N": 3803}[turno]

    def shift_of(t):
        h = t.hour
        if 6 <= h < 14:
            return "M", t.date()
        if 14 <= h < 22:
            return "T", t.date()
        return "N", (t.date() if h >= 22 else t.date() - dt.timedelta(days=1))

    # ------------------------------------------------------------ shifts per cell
    cells = [c[0] for c in CELLS if c[8] != 9]
    days = []
    d = START
    while d <= NOW.date():
        days.append(d)
        d += dt.timedelta(days=1)

    shifts = {c: [] for c in cells}     # (date, turno, start, end)
    for c in cells:
        for d in days:
            for tu in cell_turnos(c, d):
                s = dt.datetime.combine(d, dt.time(SHIFT_START[tu], 0))
                if s < NOW:
                    shifts[c].append((d, tu, s, s + dt.timedelta(hours=8)))

    # ------------------------------------------------------------ downtime events
    down = []   # [cell, start, end|None, code, planned, note, reporter]
    pm_parity = {"DC-01": 0, "DC-02": 1, "DC-03": 0, "DC-04": 1, "DC-05": 0, "DC-06": 1}
    for c in cells:
        busy = dt.datetime(2000, 1, 1)
        prev_die = None
        for (d, tu, s, e) in shifts[c]:
            die = die_for(c, d)
            evs = []
            if prev_die is not None and die != prev_die:
                evs.append([s, rng.randint(70, 150), 210, 1, "cambio %s -> %s" % (DIE[prev_die][1], DIE[die][1])])
            prev_die = die
            if d.weekday() == 5 and tu == "M" and d.isocalendar()[1] % 2 == pm_parity[c] and d >= dt.date(2026, 8, 24):
                evs.append([s + dt.timedelta(minutes=rng.randint(0, 20)), rng.randint(150, 270), 290, 1, "preventivo quincenal"])
            for _ in range(poisson(rng, 2.4)):
                st = s + dt.timedelta(minutes=rng.randint(5, 470))
                dur = int(min(55, max(3, rng.lognormvariate(2.6, 0.6))))
                evs.append([st, dur, weighted(rng, SHORT_CODES), 0, None])
            if rng.random() < 0.055:
                st = s + dt.timedelta(minutes=rng.randint(10, 420))
                evs.append([st, rng.randint(60, 330), weighted(rng, BRK_CODES), 0, None])
            if c in ("DC-03", "DC-06") and rng.random() < 0.04:
                evs.append([s + dt.timedelta(minutes=rng.randint(10, 460)), rng.randint(10, 40), 235, 0, None])
            if c == "DC-03" and VAC_FROM <= s < VAC_TO - dt.timedelta(days=1):
                for _ in range(poisson(rng, 0.9)):
                    evs.append([s + dt.timedelta(minutes=rng.randint(10, 460)), rng.randint(12, 55), 235, 0,
                                "vacio insuficiente / valvula"])
            evs.sort(key=lambda x: x[0])
            for st, dur, code, pl, note in evs:
                st = max(st, busy + dt.timedelta(minutes=2)) if st < busy + dt.timedelta(minutes=2) else st
                if st >= e:
                    continue
                en = st + dt.timedelta(minutes=dur, seconds=rng.randint(0, 59))
                if c == "DC-02" and st < DC2_HYD + dt.timedelta(hours=20) and en > DC2_HYD - dt.timedelta(minutes=5):
                    continue
                if c == "DC-03" and dt.datetime(2026, 10, 30, 5) <= st < dt.datetime(2026, 10, 30, 13):
                    continue
                if c == "DC-05" and en > DC5_LEAK - dt.timedelta(minutes=5):
                    continue
                if en >= NOW:
                    continue
                down.append([c, st, en, code, pl, note, operator(c, tu, d)])
                busy = en
    down += [
        ["DC-02", DC2_HYD, DC2_HYD + dt.timedelta(seconds=69905), 230, 0,
         "rotura vejiga acumulador hidraulico / accumulator bladder burst", 3102],
        ["DC-03", dt.datetime(2026, 10, 30, 6, 5), dt.datetime(2026, 10, 30, 12, 35, 20), 290, 1,
         "sustitucion valvula de vacio y filtro", 3103],
        ["DC-05", DC5_LEAK, None, 220, 0, "fuga de agua en molde, cavidad 3", 3105],
    ]
    down.sort(key=lambda r: (r[1], r[0]))

    # ------------------------------------------------------------ production lots
    def dist_grade(c, s):
        if c == "DC-03" and VAC_FROM <= s < VAC_TO:
            return [(1, 18), (2, 32), (3, 28), (4, 15), (5, 7)]
        if c == "DC-03":
            return [(1, 64), (2, 30), (3, 5), (4, 1)]
        if c == "DC-06" and s < dt.datetime(2026, 10, 10):
            return [(1, 35), (2, 35), (3, 20), (4, 8), (5, 2)]
        return [(1, 55), (2, 33), (3, 9), (4, 2.5), (5, 0.5)]

    lots, scraps, xrays, demand = [], [], [], {}
    down_by_cell = {c: [r for r in down if r[0] == c] for c in cells}
    lot_id = 0
    die_shots = {k: 0 for k in DIE}
    for c in cells:
        prev_end = None
        for (d, tu, s, e) in shifts[c]:
            cold_start = prev_end != s
            prev_end = e
            in_progress = e > NOW
            e_eff = min(e, NOW)
            die = die_for(c, d)
            dd = DIE[die]
            part = PART[dd[2]]
            cav = dd[3]
            lost, n_long = 0.0, 0
            for r in down_by_cell[c]:
                en = r[2] or NOW
                ov = overlap_min(s, e_eff, r[1], en)
                lost += ov
                if ov > 0 and (en - r[1]).total_seconds() >= 1200 and r[1] >= s:
                    n_long += 1
            plan = PLAN_MIN if not in_progress else int(PLAN_MIN * (e_eff - s).total_seconds() / 28800)
            run = max(0, int(round(min(plan, plan + 30 - lost))))
            slow = rng.uniform(1.03, 1.12)
            if c == "DC-06" and d < dt.date(2026, 10, 10):
                slow *= 1.25
            shots = int(run * 60 / (dd[6] * slow))
            if shots <= 0:
                continue
            key = (ALLOY_NO[part[6]], d, tu)
            demand[key] = demand.get(key, 0.0) + shots * part[8]
            if in_progress:
                continue
            die_shots[die] += shots
            pieces = shots * cav
            sc = {}
            for code, rate in SCRAP_BASE.items():
                r = rate
                if c == "DC-03" and code == 110:
                    r = 0.012
                    if VAC_FROM <= s < VAC_TO:
                        r = rng.uniform(0.05, 0.09)
                if c == "DC-06" and d < dt.date(2026, 10, 10) and code in (120, 150, 140):
                    r *= 4
                sc[code] = poisson(rng, pieces * r * rng.uniform(0.6, 1.4))
            if part[11]:
                r180 = 0.006
                if c == "DC-03" and VAC_FROM <= s < VAC_TO:
                    r180 = rng.uniform(0.02, 0.04)
                sc[180] = poisson(rng, pieces * r180)
                sc[185] = poisson(rng, pieces * 0.002)
            sc[160] = (n_long * rng.randint(2, 5) + (rng.randint(8, 15) if cold_start else 0)) * cav
            tot = sum(sc.values())
            if tot > pieces:
                continue
            lot_id += 1
            lots.append((lot_id, dstr(d), tu, c, die, shots, pieces - tot, tot, PLAN_MIN, run,
                         operator(c, tu, d)))
            for code in sorted(sc):
                if sc[code] > 0:
                    scraps.append((lot_id, code, sc[code]))
            if part[9]:
                n = min(10, 6 + pieces // 400)
                t = e + dt.timedelta(minutes=rng.randint(50, 360))
                for i in range(n):
                    t += dt.timedelta(seconds=rng.randint(100, 320))
                    if t >= NOW:
                        break
                    g = weighted(rng, dist_grade(c, s))
                    tsu, tdate = shift_of(t)
                    insp = on_shift("RX", tsu, tdate) or [3301]
                    serial = "%s%s%s%04d" % (c[-2:], d.strftime("%y%m%d"), tu, rng.randint(1, max(2, pieces)))
                    xrays.append([lot_id, serial, t, "XR-1" if c in ("DC-03", "DC-06") else "XR-2", g,
                                  round(g * 0.45 + rng.uniform(0.05, 0.45), 2),
                                  1 if g <= part[10] else 0, rng.choice(insp)])
    con.executemany("INSERT INTO prod_lot VALUES (?,?,?,?,?,?,?,?,?,?,?)", lots)
    con.executemany("INSERT INTO lot_scrap VALUES (?,?,?)", scraps)
    xrays.sort(key=lambda x: (x[2], x[0]))
    con.executemany("INSERT INTO XrayInsp VALUES (?,?,?,?,?,?,?,?,?)",
                    [(i + 1, x[0], x[1], epoch(x[2]), x[3], x[4], x[5], x[6], x[7]) for i, x in enumerate(xrays)])

    # ------------------------------------------------------------ static tables
    con.executemany("INSERT INTO PartNumber VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", PARTS)
    con.executemany("INSERT INTO dc_cell VALUES (?,?,?,?,?,?,?,?,?)", CELLS)
    con.executemany("INSERT INTO reason_codes VALUES (?,?,?,?,?)", REASONS)
    con.executemany("INSERT INTO employee VALUES (?,?,?,?,?,?,?)", EMPLOYEES)

    last_die = {c: die_for(c, shifts[c][-1][0]) for c in cells}
    die_rows = []
    for k in sorted(DIE):
        dd = DIE[k]
        if dd[4] is None:
            sc_ = die_shots[k] + 412          # 412 T0/T1 trial shots at commissioning
        else:
            sc_ = dd[4] if k not in (1, 12) else dd[4]
            assert sc_ >= die_shots[k], (dd[1], sc_, die_shots[k])
        mounted = [c for c in cells if last_die[c] == k]
        if k == 1:
            st, mo = 3, None
        elif k == 4:
            st, mo = 2, None
        elif mounted:
            st, mo = 1, mounted[0]
        else:
            st, mo = 0, None
        die_rows.append((k, dd[1], dd[2], dd[3], sc_, dd[5], dd[6], dd[7], dd[8], st, mo))
    con.executemany("INSERT INTO Die VALUES (?,?,?,?,?,?,?,?,?,?,?)", die_rows)

    # ------------------------------------------------------------ melt charges
    charges = []
    temp = {"H1": (735, 6), "H2": (724, 5), "H3": (742, 6)}
    melted = {}
    for (alloy, d, tu) in sorted(demand):
        need = demand[(alloy, d, tu)] * rng.uniform(1.01, 1.05)
        f = FURNACE_OF[alloy]
        s = dt.datetime.combine(d, dt.time(SHIFT_START[tu], 0))
        span = min(8 * 60, (NOW - s).total_seconds() / 60 - 5)
        n = max(1, int(round(need / rng.uniform(1150, 1500))))
        for i in range(n):
            t = s + dt.timedelta(minutes=int(span * (i + rng.uniform(0.1, 0.9)) / n))
            if t >= NOW:
                continue
            kg = need / n * rng.uniform(0.9, 1.1)
            ret = round(kg * rng.uniform(0.33, 0.5), 0)
            ing = round(kg - ret, 0)
            dg = "true" if rng.random() < 0.96 else "false"
            dens = round(rng.uniform(0.5, 2.6) if dg == "true" else rng.uniform(4.0, 9.0), 1)
            su, sd = shift_of(t)
            mel = on_shift("FUS", su, sd)
            mel = mel[0] if f == "H1" else mel[-1]
            tc = round(rng.gauss(*temp[f]), 1)
            charges.append([f, t, alloy, ing, ret, tc, dg, dens, mel])
            melted[(f, t.date())] = melted.get((f, t.date()), 0.0) + ing + ret
    # H3 commissioning trial melts (DC-06 T0 trials, no production lots)
    for d0, hh in ((dt.date(2026, 9, 16), 9), (dt.date(2026, 9, 16), 13), (dt.date(2026, 9, 17), 9),
                   (dt.date(2026, 9, 17), 12), (dt.date(2026, 9, 18), 10)):
        t = dt.datetime.combine(d0, dt.time(hh, rng.randint(0, 59)))
        ing = float(rng.randint(900, 1200))
        charges.append(["H3", t, "43500", ing, 0.0, round(rng.gauss(745, 4), 1), "true", 1.4, 3202])
        melted[("H3", d0)] = melted.get(("H3", d0), 0.0) + ing
    charges.sort(key=lambda r: (r[1], r[0]))
    con.executemany("INSERT INTO MeltCharge VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(i + 1, r[0], iso(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for i, r in enumerate(charges)])

    # ------------------------------------------------------------ meter readings (daily, to 2026-11-20)
    meters = {"GAS-H1": 1843020.0, "GAS-H2": 1211877.0, "GAS-H3": 0.0, "GAS-MAIN": 4622950.0,
              "EL-GEN": 30881200.0, "EL-DC": 17402310.0}
    mrows = []
    d = START
    last = dt.date(2026, 11, 20)
    while d <= last:
        vals = {}
        for f in ("H1", "H2", "H3"):
            t_melt = melted.get((f, d), 0.0) / 1000.0
            spec = {"H1": 62.0, "H2": 66.0, "H3": 70.0}[f]
            if f == "H1" and d >= DRIFT_FROM:
                spec += 0.5 * ((d - DRIFT_FROM).days + 1)
            hold = 24 * rng.uniform(13.0, 16.0)
            if f in ("H1", "H2") and SHUT_FROM <= d < SHUT_TO:
                hold = 0.0
            if f in ("H1", "H2") and d == SHUT_TO:
                hold = rng.uniform(2000, 2400)
            if f == "H3":
                if d < dt.date(2026, 9, 15):
                    continue
                if d == dt.date(2026, 9, 15):
                    hold = rng.uniform(2400, 2700)
            vals["GAS-" + f] = round(t_melt * spec * rng.uniform(0.97, 1.03) + hold, 1)
        heat = rng.uniform(120, 220) if d < dt.date(2026, 10, 15) else rng.uniform(450, 800)
        vals["GAS-MAIN"] = round(sum(v for k, v in vals.items()) + heat, 1)
        prod = working_day(d)
        el = rng.uniform(38000, 52000) if prod else rng.uniform(4000, 9000)
        if SHUT_FROM <= d <= SHUT_TO:
            el = rng.uniform(1500, 2600)
        vals["EL-GEN"] = round(el, 0)
        vals["EL-DC"] = round(el * rng.uniform(0.55, 0.62), 0)
        for m in ("GAS-H1", "GAS-H2", "GAS-H3", "GAS-MAIN", "EL-GEN", "EL-DC"):
            if m not in vals:
                continue
            meters[m] += vals[m]
            mrows.append((m, dstr(d), round(meters[m], 1), vals[m], "kWh" if m.startswith("EL") else "m3",
                          1 if rng.random() < 0.015 else 0))
        d += dt.timedelta(days=1)
    con.executemany("INSERT INTO meter_reading VALUES (?,?,?,?,?,?)", mrows)

    # ------------------------------------------------------------ downtime rows
    con.executemany("INSERT INTO downtime VALUES (?,?,?,?,?,?,?,?)",
                    [(i + 1, r[0], iso(r[1]), int((r[2] - r[1]).total_seconds()) if r[2] else None,
                      r[3], r[4], r[5], r[6]) for i, r in enumerate(down)])
    paro_id = {id(r): i + 1 for i, r in enumerate(down)}

    # ------------------------------------------------------------ maintenance orders
    orders = []   # [asset, type, prio, title, opened, closed, labour, status, tech, paro]
    techs = {"M": 3401, "T": 3402, "N": 3403}
    mounted_die_at = lambda c, t: DIE[die_for(c, shift_of(t)[1])][1]
    titles = {220: "Fuga / averia molde", 230: "Averia hidraulica", 235: "Fallo sistema de vacio",
              240: "Inyeccion: piston / camisa", 250: "Robot extraccion/spray", 260: "Prensa rebarbado",
              280: "Fallo electrico / PLC"}
    for r in down:
        c, st, en, code, pl, note, rep = r
        durm = ((en or NOW) - st).total_seconds() / 60
        if code == 290:
            opened = dt.datetime.combine(st.date() - dt.timedelta(days=st.weekday() + 7), dt.time(7, 30))
            if r[5] and "valvula" in r[5]:
                continue
            orders.append([c, "PM", 2, "Preventivo quincenal " + c, opened, en + dt.timedelta(minutes=rng.randint(10, 90)),
                           int(durm * 2 * rng.uniform(0.8, 1.0)), 40, 3404, paro_id[id(r)]])
        elif code == 210 and rng.random() < 0.45:
            old = note.split(" ")[1]
            cl = st + dt.timedelta(hours=rng.randint(20, 70))
            orders.append([old, "DR", 2, "Mantenimiento molde tras desmontaje " + old, st + dt.timedelta(minutes=30),
                           cl if cl < NOW else None, rng.randint(120, 600), 40 if cl < NOW else 20, 3501, None])
        elif pl == 0 and code in titles and durm >= 45 and not (c == "DC-05" and en is None):
            if rng.random() < 0.1:
                continue
            su, sd = shift_of(st)
            opened = st + dt.timedelta(minutes=rng.randint(4, 20))
            closed = en + dt.timedelta(minutes=rng.randint(5, 150))
            if code == 220:
                asset, typ, tech = mounted_die_at(c, st), "DR", 3502
            else:
                asset, typ, tech = c, "CM", techs[su]
            status = 40
            if closed >= NOW:
                closed, status = None, 20
            elif st >= dt.datetime(2026, 11, 18) and rng.random() < 0.4:
                closed, status = None, 20
            orders.append([asset, typ, 1 if durm >= 120 else 2, "%s %s" % (titles[code], c), opened, closed,
                           int(durm * rng.uniform(0.7, 1.3)), status, tech, paro_id[id(r)]])
    # furnace and X-ray station preventive orders, monthly
    for mth in (8, 9, 10, 11):
        for a, day_, lab in (("H1", 3, 300), ("H2", 4, 300), ("H3", 5, 240), ("XR-1", 10, 90), ("XR-2", 11, 90)):
            if a == "H3" and mth < 10:
                continue
            if mth == 8 and a in ("H1", "H2"):
                day_ = 12      # done during the summer shutdown
            op = dt.datetime(2026, mth, 1, 7, 30) - dt.timedelta(days=7)
            due = dt.datetime(2026, mth, day_, 8, 0)
            if due < NOW:
                orders.append([a, "PM", 2, "Preventivo mensual " + a, op, due + dt.timedelta(minutes=lab + rng.randint(20, 120)),
                               lab + rng.randint(-30, 60), 40, 3404 if a.startswith("H") else 3405, None])
    # PMs planned for next week (created, not yet done)
    for c in cells:
        if c == "DC-05":
            continue
        orders.append([c, "PM", 2, "Preventivo quincenal " + c, dt.datetime(2026, 11, 16, 7, 30), None, 0, 10, 3404, None])
    specials = [
        ["DC-03", "CM", 1, "Sustituir valvula de vacio y filtro DC-03 (porosidad)", dt.datetime(2026, 10, 21, 9, 10),
         dt.datetime(2026, 10, 30, 13, 40), 455, 40, 3405, None],
        ["M-1981", "DR", 2, "Reparacion molde M-1981: insertos de noyo agrietados, pedido a GF", dt.datetime(2026, 9, 11, 18, 0),
         None, 960, 30, 3501, None],
        ["DC-02", "CM", 2, "Reponer vejiga acumulador de repuesto (stock a cero)", dt.datetime(2026, 11, 5, 8, 15),
         None, 45, 30, 3404, None],
        ["H1", "CM", 2, "Consumo gas H1 alto: revisar quemador y recuperador", dt.datetime(2026, 11, 16, 8, 30),
         None, 0, 10, 3405, None],
        ["M-1755", "IM", 2, "M-1755 cerca de fin de vida: pedir molde de sustitucion", dt.datetime(2026, 11, 3, 11, 0),
         None, 60, 10, 3701, None],
        ["XR-2", "CM", 3, "Monitor estacion XR-2 con pixel muerto", dt.datetime(2026, 11, 12, 16, 20),
         None, 0, 10, 3405, None],
        ["DC-04", "IM", 3, "Instalar contador de ciclos en refrigeracion de molde", dt.datetime(2026, 9, 2, 10, 0),
         None, 0, 90, 3405, None],
        ["DC-01", "CM", 3, "Ruido en bomba de termorreguladores", dt.datetime(2026, 10, 7, 12, 0),
         None, 0, 90, 3401, None],
        ["DC-05", "CM", 2, "Fotocelula barrera robot intermitente", dt.datetime(2026, 8, 27, 9, 0),
         None, 0, 90, 3402, None],
    ]
    leak = [r for r in down if r[0] == "DC-05" and r[2] is None][0]
    specials.append([mounted_die_at("DC-05", DC5_LEAK), "DR", 1, "Fuga de agua molde en DC-05, cavidad 3",
                     DC5_LEAK + dt.timedelta(minutes=15), None, 120, 20, 3502, paro_id[id(leak)]])
    orders += specials
    orders.sort(key=lambda o: (o[4], o[0]))
    con.executemany("INSERT INTO MaintOrder VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [("OT26-%04d" % (1400 + i), o[0], o[1], o[2], o[3], epoch(o[4]),
                      epoch(o[5]) if o[5] else None, o[6], o[7], o[8], o[9]) for i, o in enumerate(orders)])
    con.commit()
    con.close()


# ---------------------------------------------------------------- verification

def default_questions():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "foundry.jsonl")


def verify(db, qpath):
    con = sqlite3.connect(db)
    bad = 0
    with open(qpath, encoding="utf-8") as fh:
        qs = [json.loads(line) for line in fh if line.strip()]
    for q in qs:
        try:
            rows = con.execute(q["gold_sql"]).fetchall()
        except sqlite3.Error as e:
            print(f"{q['id']:12} ERROR {e}")
            bad += 1
            continue
        ok = bool(rows) and not all(v is None for v in rows[0])
        if not ok:
            bad += 1
        first = str(rows[0])[:70] if rows else "EMPTY"
        print(f"{q['id']:12} {q['language']:3} {q['tier']:6} {len(rows):5}  {first}" + ("" if ok else "  <-- FAIL"))
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
        print(f"{name:14s} {con.execute(f'SELECT COUNT(*) FROM {name}').fetchone()[0]:7d}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
