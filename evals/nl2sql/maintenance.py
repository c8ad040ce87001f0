"""A second, differently shaped schema for the zero-config eval: a maintenance department.

Assets, technicians, maintenance work orders and spare parts used, with `--` comments in
the DDL (as a hand-made SQLite schema would have). Deterministic from the seed.
Run: `.venv/bin/python -m evals.nl2sql.maintenance /tmp/maint.db`.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import datetime, timedelta

DDL = """
CREATE TABLE assets ( -- Plant equipment under maintenance
  id INTEGER PRIMARY KEY,
  tag TEXT NOT NULL UNIQUE, -- Asset tag, e.g. PMP-104
  description TEXT NOT NULL, -- What the asset is
  asset_type TEXT NOT NULL, -- pump, compressor, conveyor, boiler or chiller
  site TEXT NOT NULL -- Building where it stands
);
CREATE TABLE technicians ( -- Maintenance technicians
  id INTEGER PRIMARY KEY,
  full_name TEXT NOT NULL, -- Technician name
  trade TEXT NOT NULL -- mechanical, electrical or instrumentation
);
CREATE TABLE maintenance_orders ( -- Maintenance work orders (jobs) on assets
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets(id), -- Asset worked on
  technician_id INTEGER REFERENCES technicians(id), -- Technician assigned
  order_type TEXT NOT NULL, -- preventive or corrective
  priority TEXT NOT NULL, -- low, medium, high or urgent
  state TEXT NOT NULL, -- open, in_progress or closed
  failure_mode TEXT, -- Failure found, e.g. bearing wear, leak
  reported_at TIMESTAMP NOT NULL, -- When the job was requested
  finished_at TIMESTAMP, -- When the job was finished
  labor_hours REAL NOT NULL, -- Hours of work booked
  cost REAL NOT NULL -- Total cost of the job in EUR
);
CREATE TABLE part_usage ( -- Spare parts consumed by maintenance orders
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES maintenance_orders(id), -- Work order
  part_name TEXT NOT NULL, -- Spare part used
  quantity INTEGER NOT NULL, -- Number of parts used
  unit_price REAL NOT NULL -- Price of one part in EUR
);
"""

TYPES = ("pump", "compressor", "conveyor", "boiler", "chiller")
SITES = ("Building A", "Building B", "Utilities")
FAILURES = ("bearing wear", "leak", "overheating", "belt wear", "electrical fault", "vibration")
PARTS = ("bearing", "seal kit", "v-belt", "filter", "motor", "fuse")
END = datetime(2026, 11, 21, 12)


def generate(path: str, seed: int = 11) -> None:
    """Create the maintenance database at `path` (replaced if present)."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE IF EXISTS part_usage; DROP TABLE IF EXISTS maintenance_orders;"
        "DROP TABLE IF EXISTS technicians; DROP TABLE IF EXISTS assets;" + DDL
    )
    assets = []
    for i in range(1, 25):
        kind = TYPES[i % len(TYPES)]
        tag = f"{kind[:3].upper()}-{100 + i}"
        assets.append((i, tag, f"{kind.title()} {i}", kind, SITES[i % 3]))
    db.executemany("INSERT INTO assets VALUES (?, ?, ?, ?, ?)", assets)
    techs = [
        (1, "Ivan Petrov", "mechanical"),
        (2, "Mei Chen", "electrical"),
        (3, "Tom Baker", "mechanical"),
        (4, "Ana Lopez", "instrumentation"),
        (5, "Wu Lei", "electrical"),
    ]
    db.executemany("INSERT INTO technicians VALUES (?, ?, ?)", techs)
    orders, usage = [], []
    start = END - timedelta(days=120)
    for oid in range(1, 901):
        asset = rng.choice(assets)
        reported = start + timedelta(minutes=rng.randrange(120 * 24 * 60))
        corrective = rng.random() < (0.7 if asset[3] in ("pump", "conveyor") else 0.4)
        finished = reported + timedelta(hours=rng.uniform(1, 72))
        state = "closed" if finished < END - timedelta(days=2) else rng.choice(("open", "in_progress"))
        hours = round(rng.uniform(0.5, 12), 1)
        orders.append(
            (
                oid,
                asset[0],
                rng.choice(techs)[0],
                "corrective" if corrective else "preventive",
                rng.choices(("low", "medium", "high", "urgent"), (3, 5, 2, 1))[0],
                state,
                rng.choice(FAILURES) if corrective else None,
                reported.strftime("%Y-%m-%d %H:%M:%S"),
                finished.strftime("%Y-%m-%d %H:%M:%S") if state == "closed" else None,
                hours,
                round(hours * 55 + rng.uniform(0, 400), 2),
            )
        )
        for _ in range(rng.randrange(3)):
            usage.append(
                (len(usage) + 1, oid, rng.choice(PARTS), rng.randint(1, 4), rng.choice((12.5, 40.0, 85.0)))
            )
    db.executemany("INSERT INTO maintenance_orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", orders)
    db.executemany("INSERT INTO part_usage VALUES (?, ?, ?, ?, ?)", usage)
    db.commit()
    db.close()


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "maintenance.db")
