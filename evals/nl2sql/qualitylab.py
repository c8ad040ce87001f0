"""A third schema for the zero-config eval, unlike the plant and the maintenance one: a quality lab.

Products, suppliers (CamelCase columns), analysts, lab samples, test results and nonconformance
reports (`ncr`, with abbreviated column names such as `qty`, `sev_cd`, `open_dt`). Comments are on
some tables and columns only, as a hand-made SQLite schema would have. Deterministic from the seed.
Run: `.venv/bin/python -m evals.nl2sql.qualitylab /tmp/qlab.db`.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import datetime, timedelta

DDL = """
CREATE TABLE products ( -- Finished products made at the plant
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  product_name TEXT NOT NULL,
  family TEXT NOT NULL -- Product family: resin, film or fiber
);
CREATE TABLE suppliers (
  SupplierId INTEGER PRIMARY KEY,
  SupplierName TEXT NOT NULL,
  CountryCode TEXT NOT NULL, -- ISO country code
  ApprovedFlag INTEGER NOT NULL
);
CREATE TABLE analysts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  lab TEXT NOT NULL
);
CREATE TABLE samples ( -- Lab samples taken from production lots and incoming material
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  supplier_id INTEGER REFERENCES suppliers(SupplierId), -- Supplier, for incoming material
  lot_no TEXT NOT NULL,
  sample_point TEXT NOT NULL, -- incoming, in_process or final
  status TEXT NOT NULL,
  sampled_at TIMESTAMP NOT NULL
);
CREATE TABLE test_results (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  analyst_id INTEGER NOT NULL REFERENCES analysts(id),
  test_name TEXT NOT NULL,
  result_value REAL NOT NULL,
  outcome TEXT NOT NULL, -- pass or fail
  tested_at TIMESTAMP NOT NULL
);
CREATE TABLE ncr ( -- Nonconformance reports
  ncr_no TEXT PRIMARY KEY,
  prod_id INTEGER NOT NULL REFERENCES products(id),
  sample_id INTEGER REFERENCES samples(id),
  sev_cd TEXT NOT NULL, -- Severity: minor, major or critical
  disp_cd TEXT,
  qty INTEGER NOT NULL,
  cost_amt REAL,
  open_dt TIMESTAMP NOT NULL,
  close_dt TIMESTAMP
);
"""

FAMILIES = ("resin", "film", "fiber")
TESTS = {  # test name: (typical value, spread)
    "viscosity": (420.0, 60.0),
    "moisture": (0.25, 0.1),
    "tensile strength": (32.0, 5.0),
    "melt index": (12.0, 3.0),
    "density": (0.95, 0.03),
}
ANALYSTS = [
    (1, "Li Na", "Main Lab"),
    (2, "Sara Kim", "Main Lab"),
    (3, "Omar Haddad", "Main Lab"),
    (4, "Zhang Wei", "Incoming QC"),
    (5, "Eva Novak", "Incoming QC"),
]
SUPPLIERS = [
    (1, "Sino Polymers", "CN", 1),
    (2, "Rhein Chemie", "DE", 1),
    (3, "Gulf Petrochem", "SA", 1),
    (4, "Pacific Additives", "US", 0),
]
END = datetime(2026, 11, 21, 12)


def generate(path: str, seed: int = 23) -> None:
    """Create the quality-lab database at `path` (replaced if present)."""
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE IF EXISTS ncr; DROP TABLE IF EXISTS test_results; DROP TABLE IF EXISTS samples;"
        "DROP TABLE IF EXISTS analysts; DROP TABLE IF EXISTS suppliers; DROP TABLE IF EXISTS products;" + DDL
    )
    products = []
    for i in range(1, 13):
        family = FAMILIES[i % 3]
        products.append(
            (i, f"{family[:2].upper()}-{200 + i}", f"{family.title()} Grade {chr(64 + i)}", family)
        )
    db.executemany("INSERT INTO products VALUES (?, ?, ?, ?)", products)
    db.executemany("INSERT INTO suppliers VALUES (?, ?, ?, ?)", SUPPLIERS)
    db.executemany("INSERT INTO analysts VALUES (?, ?, ?)", ANALYSTS)
    samples, results, ncrs = [], [], []
    start = END - timedelta(days=150)
    for sid in range(1, 1401):
        product = rng.choice(products)
        point = rng.choices(("incoming", "in_process", "final"), (3, 4, 3))[0]
        supplier = rng.choice(SUPPLIERS)[0] if point == "incoming" else None
        sampled = start + timedelta(minutes=rng.randrange(150 * 24 * 60))
        recent = sampled > END - timedelta(days=2)
        status = (
            rng.choice(("pending", "on_hold"))
            if recent
            else rng.choices(("released", "rejected", "on_hold"), (16, 3 if supplier != 4 else 8, 1))[0]
        )
        samples.append(
            (
                sid,
                product[0],
                supplier,
                f"L{sampled:%y%m}-{sid:04d}",
                point,
                status,
                f"{sampled:%Y-%m-%d %H:%M:%S}",
            )
        )
        for test in rng.sample(sorted(TESTS), rng.randint(1, 3)):
            mean, spread = TESTS[test]
            value = round(rng.gauss(mean, spread), 3)
            failed = abs(value - mean) > 1.6 * spread
            tested = sampled + timedelta(hours=rng.uniform(0.5, 30))
            if tested > END:
                continue
            analysts = ANALYSTS[3:] if point == "incoming" else ANALYSTS[:3]
            results.append(
                (
                    len(results) + 1,
                    sid,
                    rng.choice(analysts)[0],
                    test,
                    value,
                    "fail" if failed else "pass",
                    f"{tested:%Y-%m-%d %H:%M:%S}",
                )
            )
            if failed and rng.random() < 0.6:
                opened = tested + timedelta(hours=rng.uniform(1, 12))
                closed = opened + timedelta(days=rng.uniform(1, 25))
                done = closed < END
                qty = rng.randint(5, 400)
                ncrs.append(
                    (
                        f"NCR-{26000 + len(ncrs) + 1}",
                        product[0],
                        sid,
                        rng.choices(("minor", "major", "critical"), (6, 3, 1))[0],
                        rng.choice(("scrap", "rework", "use_as_is")) if done else None,
                        qty,
                        round(qty * rng.uniform(2, 9), 2) if done else None,
                        f"{opened:%Y-%m-%d %H:%M:%S}",
                        f"{closed:%Y-%m-%d %H:%M:%S}" if done else None,
                    )
                )
    db.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?)", samples)
    db.executemany("INSERT INTO test_results VALUES (?, ?, ?, ?, ?, ?, ?)", results)
    db.executemany("INSERT INTO ncr VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ncrs)
    db.commit()
    db.close()


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "qualitylab.db")
