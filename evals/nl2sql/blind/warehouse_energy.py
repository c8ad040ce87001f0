"""Blind NL2SQL eval fixture: warehouse + energy metering DB of a mid-size plant.

Build the SQLite database deterministically::

    python -m evals.nl2sql.blind.warehouse_energy OUT.db

Verify the question set against a freshly built database::

    python -m evals.nl2sql.blind.warehouse_energy OUT.db --verify

The schema is written the way an English-speaking integrator would build it:
CamelCase and abbreviated names mixed, ISO-8601 text timestamps with a ``T``
(plant local time) everywhere except ``PurchaseOrder`` (plain ``YYYY-MM-DD``
dates), booleans as INTEGER 0/1, enumerations as short codes that are only
explained in column comments.

History runs from Monday 2026-08-24 to Saturday 2026-11-21 12:00 (the "now"
of the question set).  Deliberate skews (so that questions have clear,
discriminating answers):

* Press Line 2 (EM-102) is down for overhaul during the whole week
  2026-11-09..15, so the Paint Shop is the biggest electricity consumer last
  week while the Press Shop is the biggest overall.
* Press Line 1 is down on 2026-11-20 and Compressor C1 (EM-401) runs with an
  air leak that day, so C1 is yesterday's top machine.
* Compressor C2 (EM-402) is decommissioned (inactive) since 2026-10-15; the
  site water meter (WM-001) lost communication 2026-11-20 00:00 .. 2026-11-21
  08:00, so neither sent readings yesterday.
* Sino Electric Parts and Milano Chemicals deliver late often.
* Luca Rossi books most of the scrap; Maria Lopez is the busiest picker.
* No scrap is booked 2026-10-21..23, so "last 30 days" is unambiguous.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import sys

SEED = 20261121
START = dt.datetime(2026, 8, 24)          # Monday
NOW = dt.datetime(2026, 11, 21, 12, 0)    # Saturday noon, plant local time

SCHEMA = """
CREATE TABLE Warehouse (
    wh_id       INTEGER PRIMARY KEY,
    wh_code     TEXT NOT NULL UNIQUE,
    wh_name     TEXT NOT NULL,
    city        TEXT,
    is_active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE WhLocation (
    loc_id        INTEGER PRIMARY KEY,
    wh_id         INTEGER NOT NULL REFERENCES Warehouse(wh_id),
    loc_code      TEXT NOT NULL,        -- aisle-rack-level, e.g. A-01-03
    loc_name      TEXT NOT NULL,
    loc_type      TEXT NOT NULL,        -- RK = rack bin, FL = floor block, CL = cold room bin, QA = quarantine
    max_weight_kg REAL,
    is_active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE Supplier (
    SupplierId     INTEGER PRIMARY KEY,
    SupplierName   TEXT NOT NULL,
    country        TEXT,                -- ISO 3166 alpha-2
    LeadTimeDays   INTEGER,
    is_preferred   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE Item (
    item_id      INTEGER PRIMARY KEY,
    sku          TEXT NOT NULL UNIQUE,
    descr        TEXT NOT NULL,
    category     TEXT NOT NULL,         -- RAW raw material, FAST fasteners, PACK packaging, CHEM chemicals/paints/lubricants, ELEC electrical, MRO maintenance spares, TOOL tooling
    uom          TEXT NOT NULL,         -- PCS, KG, L, M
    unit_cost    REAL,                  -- EUR per uom
    SupplierId   INTEGER REFERENCES Supplier(SupplierId),
    hazmat       INTEGER NOT NULL DEFAULT 0,
    home_loc_id  INTEGER REFERENCES WhLocation(loc_id),
    min_qty      REAL,
    is_active    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE Employee (
    emp_id     INTEGER PRIMARY KEY,
    badge_no   TEXT NOT NULL UNIQUE,
    emp_name   TEXT NOT NULL,
    role       TEXT NOT NULL,           -- OPR warehouse operator, LEAD shift lead, CLK receiving clerk, INV inventory controller, BUY buyer, ENG energy/maintenance engineer
    shift      TEXT,                    -- A early, B late, C night, D day (office)
    wh_id      INTEGER REFERENCES Warehouse(wh_id),
    hired_on   TEXT,
    is_active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE StockMove (
    move_id      INTEGER PRIMARY KEY,
    ts           TEXT NOT NULL,
    move_type    TEXT NOT NULL,         -- RCV receipt, PICK pick to production, XFER transfer, ADJ inventory adjustment, SCRAP scrap
    item_id      INTEGER NOT NULL REFERENCES Item(item_id),
    qty          REAL NOT NULL,         -- always positive, in item uom; direction from from_loc_id to to_loc_id
    from_loc_id  INTEGER REFERENCES WhLocation(loc_id),
    to_loc_id    INTEGER REFERENCES WhLocation(loc_id),
    emp_id       INTEGER REFERENCES Employee(emp_id),
    po_id        INTEGER,
    reason_cd    TEXT                   -- SCRAP/ADJ only: DMG damaged, EXP expired, QC quality reject, CNT count correction
);

CREATE TABLE PurchaseOrder (
    po_id        INTEGER PRIMARY KEY,
    SupplierId   INTEGER NOT NULL REFERENCES Supplier(SupplierId),
    wh_id        INTEGER REFERENCES Warehouse(wh_id),
    order_dt     TEXT NOT NULL,
    due_dt       TEXT NOT NULL,
    rcvd_dt      TEXT,
    rcvd_by      INTEGER REFERENCES Employee(emp_id),
    buyer_id     INTEGER REFERENCES Employee(emp_id),
    status       TEXT NOT NULL          -- OPEN, RCVD, CANC
);

CREATE TABLE PoLine (
    po_id       INTEGER NOT NULL REFERENCES PurchaseOrder(po_id),
    line_no     INTEGER NOT NULL,
    item_id     INTEGER NOT NULL REFERENCES Item(item_id),
    qty_ord     REAL NOT NULL,
    qty_rcvd    REAL,
    unit_price  REAL,                   -- EUR
    PRIMARY KEY (po_id, line_no)
);

CREATE TABLE EnergyMeter (
    meter_id     INTEGER PRIMARY KEY,
    meter_tag    TEXT NOT NULL UNIQUE,
    descr        TEXT,
    area         TEXT NOT NULL,
    machine      TEXT,
    medium       TEXT NOT NULL,         -- EL electricity (kWh), GAS natural gas (m3), WAT water (m3), CA compressed air (m3)
    interval_min INTEGER NOT NULL,
    is_active    INTEGER NOT NULL DEFAULT 1,
    installed_on TEXT
);

CREATE TABLE MeterReading (
    reading_id  INTEGER PRIMARY KEY,
    meter_id    INTEGER NOT NULL REFERENCES EnergyMeter(meter_id),
    ts          TEXT NOT NULL,          -- start of interval
    kwh         REAL,
    m3          REAL
);

CREATE TABLE CycleCount (
    count_id     INTEGER PRIMARY KEY,
    ts           TEXT NOT NULL,
    loc_id       INTEGER NOT NULL REFERENCES WhLocation(loc_id),
    item_id      INTEGER NOT NULL REFERENCES Item(item_id),
    qty_expected REAL NOT NULL,
    qty_counted  REAL NOT NULL,
    emp_id       INTEGER REFERENCES Employee(emp_id),
    status       TEXT NOT NULL          -- OK, VAR variance booked, RECNT recount requested
);

CREATE INDEX ix_move_ts ON StockMove(ts);
CREATE INDEX ix_reading_meter_ts ON MeterReading(meter_id, ts);
"""

WAREHOUSES = [
    (1, "MDC", "Main DC", "Linz", 1),
    (2, "NAX", "North Annex", "Linz", 1),
    (3, "CST", "Cold Store", "Linz", 1),
    (4, "OYD", "Old Yard", "Traun", 0),
]

SUPPLIERS = [
    # id, name, country, lead days, preferred, late probability
    (1, "Acme Steel", "DE", 14, 1, 0.22),
    (2, "Rhein Fasteners", "DE", 7, 1, 0.06),
    (3, "Nordic Polymers", "SE", 12, 0, 0.08),
    (4, "Bolt & Nut Co", "GB", 10, 0, 0.12),
    (5, "Lodz Packaging", "PL", 6, 1, 0.05),
    (6, "Milano Chemicals", "IT", 9, 0, 0.38),
    (7, "Sino Electric Parts", "CN", 21, 0, 0.6),
    (8, "Iberia Lubricants", "ES", 8, 0, 0.1),
    (9, "Danube Castings", "AT", 18, 1, 0.15),
    (10, "Vistula Cartons", "PL", 5, 0, 0.04),
    (11, "Alpen Tools", "CH", 10, 1, 0.07),
    (12, "Baltic Pallets", "LT", 7, 0, 0.0),
]

# category -> list of (descr, uom, cost, supplier, hazmat)
ITEM_BASE = {
    "RAW": [
        ("Steel coil DC04 {v}mm", "KG", 1.15, 1, 0, ["0.8", "1.0", "1.5", "2.0"]),
        ("Steel sheet S235 {v}mm", "KG", 1.05, 1, 0, ["2", "3", "4"]),
        ("Aluminium billet 6082 D{v}", "KG", 3.4, 9, 0, ["60", "80"]),
        ("Cast housing GH-{v}", "PCS", 18.5, 9, 0, ["40", "55", "70"]),
        ("PP granulate {v}", "KG", 1.9, 3, 0, ["natural", "black"]),
        ("Rubber seal profile {v}", "M", 2.2, 3, 0, ["12x8", "18x10"]),
    ],
    "FAST": [
        ("Hex bolt M{v} 8.8 zinc", "PCS", 0.07, 2, 0, ["6x20", "8x30", "10x40", "12x50"]),
        ("Hex nut M{v} 8 zinc", "PCS", 0.03, 2, 0, ["6", "8", "10", "12"]),
        ("Washer DIN125 M{v}", "PCS", 0.01, 4, 0, ["6", "8", "10"]),
        ("Socket screw M{v} 12.9", "PCS", 0.12, 4, 0, ["5x16", "6x25", "8x35"]),
        ("Blind rivet {v}", "PCS", 0.04, 2, 0, ["4x10", "4.8x12"]),
    ],
    "PACK": [
        ("Carton {v}", "PCS", 1.2, 5, 0, ["600x400x300", "400x300x200", "300x200x150"]),
        ("Euro pallet 1200x800", "PCS", 9.5, 12, 0, [None]),
        ("Stretch film roll {v}um", "PCS", 14.0, 5, 0, ["17", "23"]),
        ("Corner board {v}mm", "PCS", 0.35, 10, 0, ["35x35x1000", "50x50x1200"]),
        ("VCI bag {v}", "PCS", 0.45, 10, 0, ["small", "large"]),
    ],
    "CHEM": [
        ("Primer grey 20 L can", "PCS", 96.0, 6, 1, [None]),
        ("Powder coat RAL{v}", "KG", 7.8, 6, 0, ["9005", "7035", "5010"]),
        ("Spray paint RAL{v} 400 ml", "PCS", 4.2, 6, 1, ["9005", "3000"]),
        ("Adhesive cartridge {v} 310 ml", "PCS", 6.9, 6, 1, ["PU", "MS"]),
        ("Cutting oil {v}", "L", 3.6, 8, 0, ["CO-5", "CO-8"]),
        ("Hydraulic oil HLP{v}", "L", 2.9, 8, 0, ["32", "46"]),
        ("Degreaser solvent 5 L", "PCS", 22.0, 8, 1, [None]),
        ("Thinner 1 L", "PCS", 5.4, 6, 1, [None]),
    ],
    "ELEC": [
        ("Proximity sensor M{v}", "PCS", 24.0, 7, 0, ["12", "18"]),
        ("Relay 24VDC {v}", "PCS", 6.5, 7, 0, ["1CO", "2CO"]),
        ("Cable H07RN-F {v}", "M", 2.1, 7, 0, ["3G1.5", "3G2.5", "5G2.5"]),
        ("Li-ion battery pack 18V {v}Ah", "PCS", 79.0, 7, 1, ["4", "5"]),
        ("LED panel {v}W", "PCS", 38.0, 7, 0, ["36", "40"]),
        ("Fuse gG {v}A", "PCS", 1.6, 7, 0, ["10", "16", "25"]),
    ],
    "MRO": [
        ("Bearing {v}-2RS", "PCS", 5.8, 11, 0, ["6205", "6206", "6305"]),
        ("V-belt SPA {v}", "PCS", 11.0, 11, 0, ["1250", "1400"]),
        ("Hydraulic hose {v}", "PCS", 34.0, 3, 0, ["1/2in 1m", "3/4in 1.5m"]),
        ("Nitrile gloves size {v} (box)", "PCS", 7.5, 3, 0, ["M", "L", "XL"]),
        ("Air filter element AF-{v}", "PCS", 27.0, 11, 0, ["20", "30"]),
    ],
    "TOOL": [
        ("Drill bit HSS {v}mm", "PCS", 3.2, 11, 0, ["6", "8", "10", "12"]),
        ("Punch insert P-{v}", "PCS", 145.0, 11, 0, ["100", "120"]),
        ("Grinding disc {v}mm", "PCS", 2.4, 11, 0, ["125", "230"]),
        ("Carbide insert CNMG{v}", "PCS", 8.9, 11, 0, ["1204", "0904"]),
    ],
}

EMPLOYEES = [
    # name, role, shift, wh
    ("Maria Lopez", "OPR", "A", 1), ("Tom Becker", "OPR", "A", 1),
    ("Jan Kowalski", "OPR", "B", 1), ("Ahmed Yilmaz", "OPR", "B", 1),
    ("Luca Rossi", "OPR", "A", 2), ("Anna Schmidt", "OPR", "C", 1),
    ("Piotr Nowak", "OPR", "B", 2), ("Sven Larsson", "OPR", "A", 3),
    ("Elena Petrova", "OPR", "C", 2), ("David Miller", "OPR", "B", 1),
    ("Chen Wei", "OPR", "A", 2), ("Omar Haddad", "OPR", "C", 1),
    ("Karen Fischer", "LEAD", "A", 1), ("Marco Bianchi", "LEAD", "B", 1),
    ("Laura Novak", "LEAD", "C", 2),
    ("Peter Wagner", "CLK", "A", 1), ("Sofia Costa", "CLK", "B", 1),
    ("Mehmet Kaya", "CLK", "A", 2), ("Julia Hoffmann", "CLK", "D", 3),
    ("Nina Weber", "INV", "D", 1), ("Pavel Horak", "INV", "D", 2),
    ("Grace Kim", "INV", "D", 1),
    ("Robert King", "BUY", "D", None), ("Claudia Meyer", "BUY", "D", None),
    ("Lukas Brandt", "BUY", "D", None),
    ("Stefan Vogel", "ENG", "D", None), ("Irina Popescu", "ENG", "D", None),
    ("Frank Huber", "OPR", "B", 4),   # left the company, Old Yard
]

METERS = [
    # tag, descr, area, machine, medium, interval, active, prod, idle
    ("EM-101", "Press Line 1 main feeder", "Press Shop", "Press Line 1", "EL", 15, 1, 380, 40),
    ("EM-102", "Press Line 2 main feeder", "Press Shop", "Press Line 2", "EL", 15, 1, 320, 35),
    ("EM-201", "Paint oven feeder", "Paint Shop", "Paint Oven", "EL", 60, 1, 300, 60),
    ("EM-202", "Spray booth ventilation", "Paint Shop", "Spray Booth", "EL", 60, 1, 125, 22),
    ("EM-301", "Assembly hall sub-distribution", "Assembly", None, "EL", 60, 1, 150, 18),
    ("EM-401", "Compressor C1", "Compressor House", "Compressor C1", "EL", 15, 1, 110, 30),
    ("EM-402", "Compressor C2 (standby)", "Compressor House", "Compressor C2", "EL", 60, 0, 90, 25),
    ("EM-501", "Main DC lighting and chargers", "Warehouse", None, "EL", 60, 1, 42, 12),
    ("EM-502", "Cold store refrigeration", "Cold Store", "Refrigeration Unit R1", "EL", 60, 1, 62, 55),
    ("EM-601", "Office building", "Offices", None, "EL", 60, 1, 34, 6),
    ("GM-201", "Paint shop gas burner", "Paint Shop", "Paint Oven", "GAS", 60, 1, 46, 8),
    ("GM-001", "Boiler house gas", "Utilities", "Boiler B1", "GAS", 60, 1, 0, 0),
    ("WM-001", "Site water main", "Utilities", None, "WAT", 60, 1, 6.5, 0.8),
    ("FM-401", "Compressed air header flow", "Compressor House", None, "CA", 60, 1, 950, 160),
]


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def production(t: dt.datetime) -> bool:
    """Two-shift production: Mon-Fri 06-22, Sat 06-14."""
    wd = t.weekday()
    if wd < 5:
        return 6 <= t.hour < 22
    if wd == 5:
        return 6 <= t.hour < 14
    return False


def by_sku_descr(descr, items):
    return next(it[0] for it in items if it[2] == descr)


def build(path: str) -> None:
    rng = random.Random(SEED)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)

    con.executemany("INSERT INTO Warehouse VALUES (?,?,?,?,?)", WAREHOUSES)

    # ---- locations
    locs = []  # (loc_id, wh_id, code, name, type, maxkg, active)
    lid = 0
    layout = {1: ("ABCDE", 4, 3, "RK"), 2: ("FG", 5, 3, "RK"), 3: ("K", 4, 3, "CL"), 4: ("Y", 3, 2, "FL")}
    for wh, (aisles, racks, levels, typ) in layout.items():
        for a in aisles:
            for r in range(1, racks + 1):
                for lv in range(1, levels + 1):
                    lid += 1
                    code = f"{a}-{r:02d}-{lv:02d}"
                    kind = "Bin" if typ != "FL" else "Floor"
                    locs.append((lid, wh, code, f"{kind} {code}", typ,
                                 [800.0, 500.0, 250.0][min(lv, 3) - 1] if typ != "FL" else 2000.0,
                                 0 if wh == 4 else 1))
    # quarantine areas
    for wh, code in ((1, "QA-01"), (2, "QA-02")):
        lid += 1
        locs.append((lid, wh, code, f"Quarantine {code}", "QA", 1500.0, 1))
    # two bins in Main DC blocked
    locs = [l if l[2] not in ("E-04-03", "E-04-02") or l[1] != 1 else l[:6] + (0,) for l in locs]
    con.executemany("INSERT INTO WhLocation VALUES (?,?,?,?,?,?,?)", locs)
    bins = {wh: [l for l in locs if l[1] == wh and l[4] != "QA" and l[6] == 1] for wh in (1, 2, 3)}
    qa = {l[1]: l[0] for l in locs if l[4] == "QA"}
    oyd = [l[0] for l in locs if l[1] == 4]

    con.executemany("INSERT INTO Supplier VALUES (?,?,?,?,?)", [s[:5] for s in SUPPLIERS])
    late_p = {s[0]: s[5] for s in SUPPLIERS}
    lead = {s[0]: s[3] for s in SUPPLIERS}

    # ---- items
    items = []
    n = 10000
    main_bins = bins[1][:-14]        # last 14 Main DC bins never used as home
    for cat, bases in ITEM_BASE.items():
        for descr, uom, cost, sup, hz, variants in bases:
            for v in variants:
                n += 1
                d = descr.format(v=v) if v is not None else descr
                c = round(cost * rng.uniform(0.85, 1.25), 2 if cost >= 0.1 else 3)
                if cat == "CHEM" and "Powder" in d:
                    home = rng.choice(bins[3])[0]
                elif cat in ("CHEM", "PACK"):
                    home = rng.choice(bins[2])[0]
                else:
                    home = rng.choice(main_bins)[0]
                active = 0 if rng.random() < 0.07 else 1
                minq = {"PCS": rng.choice([20, 50, 100, 500]), "KG": 200, "L": 60, "M": 100}[uom]
                items.append([n - 10000, f"SKU-{n}", d, cat, uom, c, sup, hz, home, minq, active])
    # fixed anchors used by the questions
    by_sku = {it[1]: it for it in items}
    by_sku["SKU-10023"][5] = 0.042
    by_sku["SKU-10023"][10] = 1
    con.executemany("INSERT INTO Item VALUES (?,?,?,?,?,?,?,?,?,?,?)", items)
    item_ids = [it[0] for it in items]
    item = {it[0]: it for it in items}

    # ---- employees
    emps = []
    for i, (name, role, shift, wh) in enumerate(EMPLOYEES, start=1):
        hired = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 4500))
        emps.append((i, f"B{4100 + i * 7}", name, role, shift, wh, hired.isoformat(),
                     0 if name == "Frank Huber" else 1))
    con.executemany("INSERT INTO Employee VALUES (?,?,?,?,?,?,?,?)", emps)
    emp_by = {e[2]: e[0] for e in emps}
    oprs = [e[0] for e in emps if e[3] == "OPR" and e[7] == 1]
    clks = [e[0] for e in emps if e[3] == "CLK"]
    invs = [e[0] for e in emps if e[3] == "INV"]
    buyers = [e[0] for e in emps if e[3] == "BUY"]
    pick_w = [3.2 if e == emp_by["Maria Lopez"] else 1.0 for e in oprs]
    scrap_w = [6.0 if e == emp_by["Luca Rossi"] else 1.0 for e in oprs]

    moves = []

    def add_move(t, typ, iid, qty, frm, to, emp, po=None, reason=None):
        moves.append([None, iso(t), typ, iid, qty, frm, to, emp, po, reason])

    # ---- purchase orders + receipts
    items_by_sup = {}
    for it in items:
        if it[10]:
            items_by_sup.setdefault(it[6], []).append(it[0])
    sup_w = {1: 5, 2: 4, 3: 2, 4: 2, 5: 3, 6: 3, 7: 3, 8: 2, 9: 2, 10: 2, 11: 2, 12: 1}
    pos, lines = [], []
    po_id = 4560
    day = dt.date(2026, 8, 3)
    while day <= dt.date(2026, 11, 20):
        if day.weekday() < 5:
            for _ in range(rng.choice([2, 2, 3, 3, 4])):
                po_id += 1
                sup = rng.choices(list(sup_w), weights=list(sup_w.values()))[0]
                due = day + dt.timedelta(days=lead[sup] + rng.randint(-1, 2))
                status, rdt, rby = "OPEN", None, None
                if rng.random() < 0.04:
                    status = "CANC"
                else:
                    if rng.random() < late_p[sup]:
                        r = due + dt.timedelta(days=rng.randint(1, 12))
                    else:
                        r = due - dt.timedelta(days=rng.randint(0, 3))
                    while r.weekday() >= 5:
                        r += dt.timedelta(days=1)
                    if r < day:
                        r = day + dt.timedelta(days=1)
                    if r <= dt.date(2026, 11, 20):
                        status, rdt = "RCVD", r
                if po_id == 4711:
                    status, rdt = "RCVD", due + dt.timedelta(days=2)
                    while rdt.weekday() >= 5:
                        rdt += dt.timedelta(days=1)
                wh = 2 if sup in (5, 6, 8, 10, 12) else 1
                if rdt:
                    rby = rng.choice([c for c in clks if emps[c - 1][5] == wh] or clks)
                    if po_id == 4711:
                        rby = emp_by["Sofia Costa"]
                pos.append((po_id, sup, wh, day.isoformat(), due.isoformat(),
                            rdt.isoformat() if rdt else None, rby, rng.choice(buyers), status))
                cand = items_by_sup[sup]
                for ln, iid in enumerate(rng.sample(cand, min(len(cand), rng.randint(1, 4))), start=1):
                    it = item[iid]
                    q = {"PCS": rng.choice([100, 200, 500, 1000, 2000]) if it[5] < 1 else rng.choice([10, 20, 50, 100, 200]),
                         "KG": rng.choice([500, 1000, 2000, 5000]), "L": rng.choice([200, 400, 1000]),
                         "M": rng.choice([100, 250, 500])}[it[4]]
                    qr = None
                    if rdt:
                        qr = q if rng.random() < 0.9 else round(q * rng.choice([0.5, 0.8, 0.9]))
                        t = dt.datetime.combine(rdt, dt.time(rng.randint(7, 14), rng.choice([0, 10, 20, 30, 40, 50])))
                        if t >= START:
                            add_move(t, "RCV", iid, qr, None, it[8], rby, po_id)
                    lines.append((po_id, ln, iid, q, qr, round(it[5] * rng.uniform(0.95, 1.05), 3)))
        day += dt.timedelta(days=1)
    con.executemany("INSERT INTO PurchaseOrder VALUES (?,?,?,?,?,?,?,?,?)", pos)
    con.executemany("INSERT INTO PoLine VALUES (?,?,?,?,?,?)", lines)

    # ---- picks / transfers / adjustments / scrap
    active_items = [i for i in item_ids if item[i][10]]
    order = active_items[:]
    rng.shuffle(order)
    slow = set(order[-22:])   # slow movers: rarely touched
    pick_items = [i for i in order if i not in slow]
    pick_wts = [1.0 / (k + 3) ** 0.9 for k in range(len(pick_items))]
    pcs_items = [i for i in active_items if item[i][4] == "PCS"]
    elec_pcs = [i for i in pcs_items if item[i][3] == "ELEC"]
    exp_items = [i for i in pcs_items if item[i][3] == "CHEM"]
    carton = by_sku_descr("Carton 600x400x300", items)
    spare_main = [b[0] for b in bins[1][-14:-5]]
    used_main = sorted({item[i][8] for i in item_ids if item[i][8] in {b[0] for b in bins[1]}})

    def rand_time(d, h0=6, h1=21):
        return dt.datetime.combine(d, dt.time(rng.randint(h0, h1), rng.randrange(0, 60), rng.randrange(0, 60)))

    def pick_qty(iid):
        it = item[iid]
        if it[4] == "PCS":
            if it[5] < 0.2:
                return float(rng.choice([50, 100, 150, 200, 250, 500]))
            return float(rng.choices([1, 2, 4, 5, 10, 12, 20, 40, 60, 120, 150],
                                     weights=[6, 6, 5, 5, 6, 3, 3, 2, 2, 1, 1])[0])
        if it[4] == "KG":
            return float(rng.choice([25, 50, 120, 250, 480]))
        return float(rng.choice([5, 10, 20, 25, 50]))

    d = START.date()
    while d <= NOW.date():
        wd = d.weekday()
        n_pick = {5: 6, 6: 0}.get(wd, rng.randint(30, 40))
        if d == NOW.date():
            n_pick = 3
        if d >= dt.date(2026, 11, 2) and wd < 5:
            # November packaging campaign: big export order packed in 600x400x300 cartons
            for _ in range(rng.randint(3, 5)):
                add_move(rand_time(d), "PICK", carton, float(rng.choice([40, 60, 80])), item[carton][8], None,
                         rng.choices(oprs, weights=pick_w)[0])
        for _ in range(n_pick):
            iid = rng.choices(pick_items, weights=pick_wts)[0]
            t = rand_time(d, 6, 13 if wd == 5 else 21)
            add_move(t, "PICK", iid, pick_qty(iid), item[iid][8], None,
                     rng.choices(oprs, weights=pick_w)[0])
        if wd < 5:
            for _ in range(rng.randint(3, 9)):
                iid = rng.choices(pick_items, weights=pick_wts)[0]
                frm = item[iid][8]
                if rng.random() < 0.3:
                    # Main DC -> North Annex overflow
                    frm, to = rng.choice(used_main), rng.choice(bins[2])[0]
                elif rng.random() < 0.2:
                    frm, to = rng.choice(bins[2])[0], rng.choice(used_main)
                else:
                    to = rng.choice(used_main)
                    if d < dt.date(2026, 10, 10) and rng.random() < 0.3:
                        to = rng.choice(spare_main)   # summer overflow bins, emptied since
                emp = rng.choice(oprs + [emp_by["Maria Lopez"]] * 2)
                add_move(rand_time(d), "XFER", iid, pick_qty(iid), frm, to, emp)
            if rng.random() < 0.75:
                iid = rng.choice(active_items)
                gain = rng.random() < 0.4
                q = float(rng.choice([1, 2, 3, 5, 8, 10, 24]))
                add_move(rand_time(d, 8, 16), "ADJ", iid, q, None if gain else item[iid][8],
                         item[iid][8] if gain else None, rng.choice(invs), reason="CNT")
            no_scrap = dt.date(2026, 10, 21) <= d <= dt.date(2026, 10, 23)
            for _ in range(0 if no_scrap else rng.choices([0, 1, 2, 3], weights=[3, 4, 2, 1])[0]):
                reason = rng.choices(["DMG", "QC", "EXP"], weights=[5, 3, 2])[0]
                if reason == "EXP":
                    iid = rng.choice(exp_items)
                elif rng.random() < 0.2:
                    iid = rng.choice(elec_pcs)
                else:
                    iid = rng.choice(pcs_items)
                q = float(rng.choice([1, 2, 3, 4, 5, 6, 10, 12, 20, 25, 40]))
                if item[iid][5] < 0.2:
                    q *= 10
                frm = item[iid][8]
                if reason == "QC":   # quality rejects are scrapped out of quarantine
                    frm = qa[1] if frm in {b[0] for b in bins[1]} else qa[2]
                add_move(rand_time(d), "SCRAP", iid, q, frm, None,
                         rng.choices(oprs, weights=scrap_w)[0], reason=reason)
        # Old Yard clearing in September (inactive warehouse now)
        if d.month == 9 and wd < 5 and rng.random() < 0.5:
            iid = rng.choice(active_items)
            add_move(rand_time(d), "XFER", iid, pick_qty(iid), rng.choice(oyd), item[iid][8],
                     emp_by["Frank Huber"])
        d += dt.timedelta(days=1)

    # slow movers: a few touches, none in October
    for iid in list(slow)[:10]:
        dd = rng.choice([dt.date(2026, 9, rng.randint(1, 30)), dt.date(2026, 11, rng.randint(2, 19))])
        add_move(rand_time(dd), "PICK", iid, pick_qty(iid), item[iid][8], None, rng.choice(oprs))
    # big pick of a single SKU-10023 batch
    add_move(dt.datetime(2026, 11, 18, 9, 12, 44), "PICK", by_sku["SKU-10023"][0], 2500.0,
             by_sku["SKU-10023"][8], None, emp_by["Tom Becker"])

    moves = [m for m in moves if m[1] <= iso(NOW)]
    moves.sort(key=lambda m: m[1])
    for k, m in enumerate(moves, start=1):
        m[0] = k
    con.executemany("INSERT INTO StockMove VALUES (?,?,?,?,?,?,?,?,?,?)", moves)

    # ---- cycle counts
    counts = []
    d = START.date()
    cid = 0
    while d < NOW.date():
        if d.weekday() < 5:
            for _ in range(rng.randint(5, 10)):
                iid = rng.choice(active_items)
                exp = float(rng.randint(5, 400))
                r = rng.random()
                if r < 0.8:
                    cnt = exp
                elif r < 0.97:
                    cnt = max(0.0, exp + rng.choice([-5, -3, -2, -1, 1, 2, 4]))
                else:
                    cnt = max(0.0, exp + rng.choice([-40, -25, 18, 30]))
                st = "OK" if cnt == exp else ("RECNT" if abs(cnt - exp) > 10 else "VAR")
                cid += 1
                emp = rng.choices(invs, weights=[2, 1, 1.4])[0]
                counts.append((cid, iso(rand_time(d, 7, 15)), item[iid][8], iid, exp, cnt, emp, st))
        d += dt.timedelta(days=1)
    # the big October discrepancy and SKU-10023 count history
    sku23 = by_sku["SKU-10023"]
    extra = [(dt.datetime(2026, 10, 14, 10, 5), by_sku["SKU-10088"][0], 600.0, 472.0, "RECNT"),
             (dt.datetime(2026, 9, 9, 8, 40), sku23[0], 4000.0, 4000.0, "OK"),
             (dt.datetime(2026, 11, 4, 13, 15), sku23[0], 3500.0, 3460.0, "RECNT")]
    for t, iid, e, c, st in extra:
        cid += 1
        counts.append((cid, iso(t), item[iid][8], iid, e, c, invs[0], st))
    # SKU-10023 also lives in an overflow bin in North Annex
    cid += 1
    counts.append((cid, "2026-10-02T09:30:00", bins[2][4][0], sku23[0], 1000.0, 1000.0, invs[1], "OK"))
    con.executemany("INSERT INTO CycleCount VALUES (?,?,?,?,?,?,?,?)", counts)

    # ---- meters and readings
    con.executemany(
        "INSERT INTO EnergyMeter VALUES (?,?,?,?,?,?,?,?,?)",
        [(i, m[0], m[1], m[2], m[3], m[4], m[5], m[6], "2024-03-01") for i, m in enumerate(METERS, start=1)])
    readings = []
    for mid, (tag, _, area, machine, medium, step, active, prod, idle) in enumerate(METERS, start=1):
        t = START
        h = step / 60.0
        while t < NOW:
            day = t.date()
            if tag == "EM-402" and day >= dt.date(2026, 10, 15):
                break
            if tag == "WM-001" and dt.datetime(2026, 11, 20) <= t < dt.datetime(2026, 11, 21, 8):
                t += dt.timedelta(minutes=step)
                continue
            on = production(t)
            if tag == "GM-001":
                # heating: grows as autumn gets colder
                frac = (day - START.date()).days / 89.0
                kw = (4 + 26 * frac ** 1.5) * (1.3 if t.hour < 7 else 1.0)
            elif tag == "EM-601":
                kw = prod if (t.weekday() < 5 and 7 <= t.hour < 18) else idle
            elif tag == "EM-502":
                kw = prod if 10 <= t.hour < 18 else idle
            else:
                kw = prod if on else idle
            if tag == "EM-102" and dt.date(2026, 11, 9) <= day <= dt.date(2026, 11, 15):
                kw = 4.0
            if tag == "EM-101" and day == dt.date(2026, 11, 20):
                kw = idle
            if tag == "EM-101" and t in (dt.datetime(2026, 11, 18, 10, 30), dt.datetime(2026, 9, 23, 14, 15)):
                kw = 610.0 if t.month == 11 else 720.0   # deep-draw trial jobs
            if tag == "EM-401" and day == dt.date(2026, 11, 20):
                kw = 285.0
            if tag == "EM-402" and on and rng.random() < 0.15:
                kw = prod
            val = round(kw * h * rng.uniform(0.9, 1.1), 3)
            readings.append((mid, iso(t), val if medium == "EL" else None, None if medium == "EL" else val))
            t += dt.timedelta(minutes=step)
    con.executemany("INSERT INTO MeterReading (meter_id, ts, kwh, m3) VALUES (?,?,?,?)", readings)
    con.commit()
    con.close()


# ---------------------------------------------------------------- verification

def load_questions(path=None):
    path = path or os.path.join(os.path.dirname(__file__), "warehouse_energy.jsonl")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# Variants of the gold SQL with one filter/aggregate changed: the answer must differ.
ABLATIONS = {
    'whe-002':
        'SELECT sku FROM Item WHERE unit_cost < 5',
    'whe-003':
        'SELECT COUNT(*) FROM Item',
    'whe-004':
        'SELECT COUNT(*) FROM WhLocation',
    'whe-005':
        'SELECT COUNT(*) FROM EnergyMeter',
    'whe-006':
        'SELECT e.emp_name FROM PurchaseOrder p JOIN Employee e ON e.emp_id = p.buyer_id WHERE p.po_id = 4711',
    'whe-008':
        'SELECT COUNT(*) FROM Supplier',
    'whe-009':
        'SELECT po_id FROM PurchaseOrder WHERE rcvd_dt IS NULL',
    'whe-010':
        "SELECT COUNT(*) FROM StockMove WHERE ts >= '2026-11-20' AND ts < '2026-11-21'",
    'whe-011':
        "SELECT COUNT(*) FROM StockMove WHERE move_type = 'SCRAP' AND ts >= '2026-11-09' AND ts < '2026-11-16'",
    'whe-012':
        "SELECT m.area FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.medium = 'EL' GROUP BY m.area ORDER BY SUM(r.kwh) DESC LIMIT 1",
    'whe-013':
        "SELECT i.sku FROM StockMove s JOIN Item i ON i.item_id = s.item_id WHERE s.move_type = 'PICK' GROUP BY i.sku ORDER BY COUNT(*) DESC LIMIT 3",
    'whe-014':
        'SELECT w.wh_name, COUNT(*) FROM PurchaseOrder p JOIN Warehouse w ON w.wh_id = p.wh_id GROUP BY w.wh_name',
    'whe-015':
        'SELECT s.SupplierName FROM PurchaseOrder p JOIN Supplier s ON s.SupplierId = p.SupplierId GROUP BY s.SupplierName ORDER BY COUNT(*) DESC LIMIT 1',
    'whe-016':
        'SELECT COUNT(DISTINCT SupplierId) FROM PurchaseOrder',
    'whe-017':
        'SELECT s.SupplierName FROM PurchaseOrder p JOIN Supplier s ON s.SupplierId = p.SupplierId WHERE p.rcvd_dt > p.due_dt GROUP BY s.SupplierName HAVING COUNT(*) >= 3',
    'whe-018':
        'SELECT AVG(unit_cost) FROM Item',
    'whe-019':
        "SELECT COUNT(*) FROM StockMove s WHERE s.qty > 100 AND s.ts >= '2026-10-01' AND s.ts < '2026-11-01'",
    'whe-020':
        'SELECT sku FROM Item WHERE item_id NOT IN (SELECT item_id FROM StockMove)',
    'whe-021':
        "SELECT DISTINCT e.emp_name FROM StockMove s JOIN Item i ON i.item_id = s.item_id JOIN Employee e ON e.emp_id = s.emp_id WHERE s.move_type = 'SCRAP' AND s.ts >= '2026-11-01'",
    'whe-022':
        "SELECT COUNT(*) FROM StockMove s JOIN Employee e ON e.emp_id = s.emp_id WHERE e.emp_name = 'Maria Lopez' AND s.ts >= '2026-11-09' AND s.ts < '2026-11-16'",
    'whe-023':
        "SELECT SUM(r.m3) FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.medium = 'GAS' AND r.ts >= '2026-11-09' AND r.ts < '2026-11-16'",
    'whe-024':
        "SELECT SUM(r.kwh) FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.area = 'Compressor House' AND r.ts >= '2026-11-19' AND r.ts < '2026-11-20'",
    'whe-025':
        'SELECT meter_tag FROM EnergyMeter WHERE is_active = 0',
    'whe-026':
        "SELECT SUM(l.qty_ord * l.unit_price) FROM PoLine l JOIN PurchaseOrder p ON p.po_id = l.po_id JOIN Supplier s ON s.SupplierId = p.SupplierId WHERE s.SupplierName = 'Acme Steel' AND p.order_dt >= '2026-10-01' AND p.order_dt < '2026-11-01'",
    'whe-027':
        "SELECT i.category, COUNT(*) FROM StockMove s JOIN Item i ON i.item_id = s.item_id WHERE s.move_type = 'SCRAP' AND s.ts >= '2026-10-01' AND s.ts < '2026-11-01' GROUP BY i.category",
    'whe-028':
        "SELECT COUNT(*) FROM CycleCount WHERE ts >= '2026-10-01' AND ts < '2026-11-01'",
    'whe-029':
        "SELECT i.sku FROM CycleCount c JOIN Item i ON i.item_id = c.item_id WHERE c.ts >= '2026-10-01' AND c.ts < '2026-11-01' ORDER BY c.qty_counted - c.qty_expected DESC LIMIT 1",
    'whe-034':
        "SELECT r.ts FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.machine = 'Press Line 1' ORDER BY r.kwh DESC LIMIT 1",
    'whe-036':
        "SELECT COUNT(*) FROM Item i JOIN Supplier s ON s.SupplierId = i.SupplierId WHERE s.SupplierName = 'Milano Chemicals'",
    'whe-038':
        "SELECT p.po_id FROM PurchaseOrder p JOIN Supplier s ON s.SupplierId = p.SupplierId WHERE s.SupplierName = 'Sino Electric Parts'",
    'whe-039':
        'SELECT s.SupplierName, AVG(julianday(p.rcvd_dt) - julianday(p.due_dt)) FROM PurchaseOrder p JOIN Supplier s ON s.SupplierId = p.SupplierId WHERE p.rcvd_dt IS NOT NULL GROUP BY s.SupplierName',
    'whe-040':
        "SELECT SUM(r.kwh) FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.area = 'Cold Store'",
    'whe-041':
        "SELECT COUNT(*) FROM WhLocation l JOIN Warehouse w ON w.wh_id = l.wh_id WHERE w.wh_name = 'Main DC' AND l.is_active = 1 AND l.loc_id NOT IN (SELECT from_loc_id FROM StockMove WHERE from_loc_id IS NOT NULL UNION SELECT to_loc_id FROM StockMove WHERE to_loc_id IS NOT NULL)",
    'whe-042':
        "SELECT COUNT(*) FROM PurchaseOrder WHERE rcvd_dt IS NULL AND status <> 'CANC'",
    'whe-044':
        "SELECT s.SupplierName, SUM(l.qty_ord * l.unit_price) FROM PurchaseOrder p JOIN PoLine l ON l.po_id = p.po_id JOIN Supplier s ON s.SupplierId = p.SupplierId WHERE p.order_dt >= '2026-10-01' AND p.order_dt < '2026-11-01' GROUP BY s.SupplierName",
    'whe-046':
        "SELECT COUNT(*) FROM StockMove WHERE move_type = 'SCRAP' AND ts >= '2026-10-22'",
    'whe-047':
        'SELECT COUNT(*) FROM Employee',
    'whe-049':
        "SELECT COUNT(*) FROM StockMove s WHERE s.move_type = 'XFER' AND s.ts >= '2026-11-09' AND s.ts < '2026-11-16'",
    'whe-050':
        "SELECT m.machine FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.medium = 'EL' AND m.machine IS NOT NULL GROUP BY m.machine ORDER BY SUM(r.kwh) DESC LIMIT 1",
    'whe-051':
        "SELECT m.area, SUM(r.kwh) FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.medium = 'EL' GROUP BY m.area ORDER BY SUM(r.kwh) DESC",
    'whe-052':
        "SELECT SUM(qty) FROM StockMove WHERE move_type = 'SCRAP' AND ts >= '2026-10-01' AND ts < '2026-11-01'",
    'whe-054':
        'SELECT sku FROM Item WHERE unit_cost > 10',
    'whe-056':
        "SELECT AVG(r.m3) FROM MeterReading r JOIN EnergyMeter m ON m.meter_id = r.meter_id WHERE m.machine = 'Boiler B1'",
    'whe-057':
        "SELECT DISTINCT i.category FROM StockMove s JOIN Item i ON i.item_id = s.item_id JOIN Employee e ON e.emp_id = s.emp_id WHERE e.emp_name = 'Luca Rossi' AND s.move_type = 'SCRAP'",
    'whe-058':
        "SELECT COUNT(*) FROM PurchaseOrder WHERE rcvd_dt >= '2026-10-01' AND rcvd_dt < '2026-11-01'",
    'whe-060':
        "SELECT e.emp_name FROM StockMove s JOIN Employee e ON e.emp_id = s.emp_id WHERE s.move_type = 'SCRAP' AND s.ts >= '2026-10-01' AND s.ts < '2026-11-01' GROUP BY e.emp_name HAVING COUNT(*) > 50",
    'whe-061':
        "SELECT SUM(qty) FROM StockMove WHERE move_type = 'SCRAP' AND ts >= '2026-11-01'",
    'whe-062':
        "SELECT AVG(s.qty) FROM StockMove s JOIN Item i ON i.item_id = s.item_id WHERE i.sku = 'SKU-10023'",
    'whe-064':
        'SELECT SupplierName FROM Supplier WHERE SupplierId NOT IN (SELECT SupplierId FROM PurchaseOrder)',
}


def verify(db: str) -> int:
    con = sqlite3.connect(db)
    bad = 0
    print(f"{'id':8} {'lang':4} {'tier':6} rows cols  first-row")
    for q in load_questions():
        if q["gold_sql"] is None:
            print(f"{q['id']:8} {q['language']:4} {q['tier']:6}  --  refuse")
            continue
        try:
            cur = con.execute(q["gold_sql"])
            rows = cur.fetchall()
        except sqlite3.Error as e:
            print(f"{q['id']:8} ERROR {e}")
            bad += 1
            continue
        ok = bool(rows) and not all(v is None for v in rows[0])
        note = ""
        if q["id"] in ABLATIONS:
            alt = con.execute(ABLATIONS[q["id"]]).fetchall()
            if alt == rows:
                ok, note = False, "  NOT DISCRIMINATING"
        if not ok:
            bad += 1
        first = str(rows[0])[:60] if rows else "EMPTY"
        print(f"{q['id']:8} {q['language']:4} {q['tier']:6} {len(rows):4} {len(cur.description):4}  {first}{note}")
    con.close()
    print("FAILED:", bad)
    return bad


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__)
        return 2
    build(argv[0])
    if "--verify" in argv[1:]:
        return 1 if verify(argv[0]) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
