"""Time `graph.validate.validate` on ~300 municipalities × 9 services (not a pytest test).

    PYTHONPATH=. python tests/shapes/bench_validate_13.py [municipalities] [per-document]

Documents cover `per-document` municipalities each (default 10, like a joint programme of
an employment area); every other document lacks one service section and the partner of
the integration plan, so the report is not empty.
"""

from __future__ import annotations

import sys
import time

from shapes13_support import REQUIRED, ProgrammeBuilder, base_store, without_service

from extraction.model import Role, ServiceKey
from extraction.reference_data import MunicipalityRecord, load_reference
from graph.ingest import write_document
from graph.validate import validate


def main(n: int = 300, per_document: int = 10) -> None:
    ref = load_reference()
    municipalities = sorted(ref.municipalities.values(), key=lambda m: m.code)
    for k in range(len(municipalities), n):  # pad with synthetic ones if the table is short
        rec = MunicipalityRecord(f"{900 + k % 100:03d}", f"Kunta {k}", f"Kommun {k}", "", "", "")
        ref.municipalities[rec.code] = rec
        municipalities.append(rec)
    municipalities = municipalities[:n]
    store = base_store(ref)
    start = time.perf_counter()
    for i in range(0, n, per_document):
        chunk = municipalities[i:i + per_document]
        ex = ProgrammeBuilder([(m.code, m.name_fi, m.name_sv) for m in chunk], name=f"doc{i}").build()
        if (i // per_document) % 2 == 0:
            ex = without_service(ex, REQUIRED[(i // per_document // 2) % len(REQUIRED)])
            ex.facts = [f for f in ex.facts if not (f.role is Role.PARTNER
                                                    and f.service is ServiceKey.INTEGRATION_PLAN)]
        write_document(store, ex)
    print(f"store: {store.count()} quads, ingest {time.perf_counter() - start:.1f} s")
    for label, code in (("all", None), ("all, again", None), ("one", municipalities[0].code)):
        start = time.perf_counter()
        report = validate(store, code)
        total = time.perf_counter() - start
        t = report.timings
        print(f"validate {label}: {total:.2f} s (store query {t['query_s']:.2f} s, "
              f"pySHACL {t['shacl_s']:.2f} s, report {t['report_s']:.2f} s; "
              f"{int(t['data_triples'])} triples, {len(report.municipalities)} municipalities, "
              f"{len(report.findings)} findings)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
