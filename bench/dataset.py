"""The query benchmarks' dataset: the examples plus a synthetic national scale-up.

The examples go in through `kotograph ingest` (the real NLP path). The scale-up skips the
NLP: it builds one `DocumentExtraction` per municipality of ontology/reference (about
300 documents, the size of the national corpus once every municipality has published),
writes them with `graph.ingest.write_document` into an embedded OxigraphStore on disk,
and dumps the result as N-Quads, which `oxigraph load` puts into a second, fresh store
for the baseline server. Both servers therefore hold exactly the same quads.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import EXAMPLES, EXAMPLES_REFERENCE, ROOT, tool
from extraction.model import (
    Approval,
    ContactPoint,
    DocumentExtraction,
    Fact,
    LegalRef,
    Municipality,
    Organisation,
    OrgKind,
    Provenance,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.reference_data import ReferenceData, load_reference

# The statutory sections each service description cites (Act 681/2023).
_SECTIONS = {
    ServiceKey.ASSESSMENT: "14", ServiceKey.MULTISECTOR_ASSESSMENT: "14",
    ServiceKey.INTEGRATION_PLAN: "15", ServiceKey.MULTISECTOR_INTEGRATION_PLAN: "16",
    ServiceKey.FAMILY_INTEGRATION_PLAN: "21", ServiceKey.CIVIC_ORIENTATION: "22",
    ServiceKey.INTEGRATION_TRAINING: "23", ServiceKey.FINAL_LANGUAGE_TEST: "24",
    ServiceKey.OTHER_TRAINING_AND_SERVICES: "26", ServiceKey.GUIDANCE_AND_COUNSELLING: "13",
    ServiceKey.OTHER_MUNICIPAL_SERVICES: "13",
}
# Services that some documents leave out (so "missing a required service" has answers).
_SOMETIMES_MISSING = (ServiceKey.MULTISECTOR_ASSESSMENT, ServiceKey.MULTISECTOR_INTEGRATION_PLAN,
                      ServiceKey.FAMILY_INTEGRATION_PLAN, ServiceKey.FINAL_LANGUAGE_TEST,
                      ServiceKey.OTHER_MUNICIPAL_SERVICES, ServiceKey.GUIDANCE_AND_COUNSELLING)
# Services delivered by a regional provider (an educational institution or an NGO).
_PROVIDED = (ServiceKey.CIVIC_ORIENTATION, ServiceKey.INTEGRATION_TRAINING,
             ServiceKey.FINAL_LANGUAGE_TEST)


def _sha(code: str) -> str:
    import hashlib

    return hashlib.sha256(f"kotograph-bench synthetic programme {code}".encode()).hexdigest()


def synthetic_extractions(ref: ReferenceData, *, seed: int = 681,
                          fictional: bool = False) -> list[DocumentExtraction]:
    """One programme per real municipality: every service's responsible bodies per target
    group, partners, regional providers, descriptions with legal references, contacts."""
    rng = random.Random(seed)
    docs = []
    for code in sorted(ref.municipalities):
        m = ref.municipalities[code]
        if m.fictional != fictional:
            continue
        ea = ref.employment_areas.get(m.employment_area)
        wa = ref.welfare_areas.get(m.welfare_area)
        region = ref.regions.get(m.region_code)
        employment = (Organisation(ea.key, ea.name_fi, OrgKind.EMPLOYMENT_AREA, identifier=ea.key,
                                   name_sv=ea.name_sv or None) if ea else
                      Organisation("te-palvelut", "TE-palvelut", OrgKind.EMPLOYMENT_AUTHORITY))
        welfare = (Organisation(wa.key, wa.name_fi, OrgKind.WELFARE_AREA, identifier=wa.code or wa.key)
                   if wa else None)
        city = Organisation(code, f"{m.name_fi}n kunta", OrgKind.MUNICIPALITY, identifier=code)
        unit = Organisation(f"{code}/kotoutumispalvelut", f"{m.name_fi}n kunta", OrgKind.MUNICIPAL_UNIT,
                            unit="kotoutumispalvelut", parent_key=code)
        region_name = region.name_fi if region else "Suomi"
        college = Organisation(f"opisto-{m.region_code}", f"{region_name}n kansanopisto",
                               OrgKind.EDUCATIONAL_INSTITUTION)
        ngo = Organisation("spr", "Suomen Punainen Risti", OrgKind.NGO)
        facts: list[Fact] = []
        services: list[ServiceDescription] = []
        offset = 0
        page = 2

        def prov(quote: str, rule: str, page_: int) -> Provenance:
            nonlocal offset
            p = Provenance(page_, offset, offset + len(quote), quote, rule)
            offset += len(quote) + 1
            return p

        for key in ServiceKey:
            if key in _SOMETIMES_MISSING and rng.random() < 0.12:
                continue
            page += rng.random() < 0.5
            heading = f"{page} {key.value.replace('-', ' ').capitalize()} (KotoL {_SECTIONS[key]} §)"
            text = (f"{m.name_fi}n kunnassa palvelua {key.value} järjestetään kotoutumislain "
                    f"{_SECTIONS[key]} §:n mukaisesti. " * 3).strip()
            services.append(ServiceDescription(
                key, (code,), heading, text, (LegalRef("681/2023", _SECTIONS[key]),),
                prov(heading, "heading", page)))
            q_js = f"Työnhakijoiden osalta palvelusta {key.value} vastaa {employment.name}."
            facts.append(Fact(code, key, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, employment,
                              prov(q_js, "vastuutaho", page)))
            q_ot = f"Muiden maahanmuuttajien osalta palvelusta {key.value} vastaa {m.name_fi}n kunta."
            facts.append(Fact(code, key, Role.RESPONSIBLE, TargetGroup.OTHERS, unit,
                              prov(q_ot, "vastuutaho", page)))
            if welfare is not None:
                q_pa = f"Yhteistyötä tehdään {welfare.name} kanssa."
                facts.append(Fact(code, key, Role.PARTNER, TargetGroup.ALL, welfare,
                                  prov(q_pa, "yhteistyo", page)))
            if key in _PROVIDED:
                provider = college if rng.random() < 0.7 else ngo
                q_pr = f"Palvelun {key.value} toteuttaa {provider.name}."
                facts.append(Fact(code, key, Role.PROVIDER, TargetGroup.ALL, provider,
                                  prov(q_pr, "toteuttaja", page)))
        name = f"{m.name_fi.lower()}-kotoutumisohjelma.pdf"
        docs.append(DocumentExtraction(
            source_name=name, sha256=_sha(code), media_type="application/pdf", language="fi",
            title=f"{m.name_fi}n kotoutumisohjelma 2025–2028", page_count=page + 2,
            municipalities=[Municipality(code, m.name_fi, m.name_sv or None)],
            services=services, facts=facts,
            legal_refs=[(LegalRef("681/2023", "13"), prov("kotoutumislain 13 §", "legal", 1))],
            contact_points=[ContactPoint(None, "Kotoutumiskoordinaattori", "Etu Sukunimi",
                                         f"kotoutuminen@{code}.example.fi", "040 000 0000", city,
                                         prov("Kotoutumiskoordinaattori", "contact", 1))],
            coordinators=[(unit, prov(f"{m.name_fi}n kotoutumispalvelut", "coordinator", 1))],
            drafting_partners=[(o, prov(o.name, "drafting", 1)) for o in (employment, welfare) if o],
            approvals=[Approval("kunnanvaltuusto", "2025-01-15",
                                prov("Kunnanvaltuusto hyväksyi ohjelman", "approval", 1))],
        ))
    return docs


class RecordingStore:
    """A Store that passes everything through and remembers the queries it was asked."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.queries: list[str] = []

    def select(self, query: str):
        self.queries.append(query)
        return self._inner.select(query)

    def ask(self, query: str) -> bool:
        self.queries.append(query)
        return self._inner.ask(query)

    def raw_query(self, query: str, *args, **kwargs):
        self.queries.append(query)
        return self._inner.raw_query(query, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


@dataclass(slots=True)
class Dataset:
    kotograph_store: Path
    oxigraph_store: Path
    nquads: Path
    reference_env: dict[str, str]
    info: dict[str, object] = field(default_factory=dict)


def build(workdir: Path, *, include_examples: bool = True, synthetic: int | None = None,
          log: Callable[[str], None] = print) -> Dataset:
    """Build both stores under `workdir`; `info` says what is in them and how long it took.

    `synthetic`: how many synthetic programmes (None: one per municipality, 0: none). The
    synthetic batch ends as `kotograph ingest` ends one (`api.ingest.finish_batch`), so the
    store is served as kotograph leaves it after an ingest."""
    from api.ingest import finish_batch, prepare_store
    from graph.ingest import write_document
    from graph.store import OxigraphStore

    kstore, ostore, nq = workdir / "kotograph-store", workdir / "oxigraph-store", workdir / "dump.nq"
    info: dict[str, object] = {"examples": None}
    refs: tuple[Path, ...] = ()
    if include_examples:
        log("dataset: ingesting examples/ with `kotograph ingest` (real extraction pipeline)")
        t0 = time.perf_counter()
        proc = subprocess.run(
            [tool("kotograph"), "--store", str(kstore), "ingest", "--json",
             "--reference", str(EXAMPLES_REFERENCE), str(EXAMPLES)],
            cwd=ROOT, capture_output=True, text=True, timeout=1800,
        )
        elapsed = time.perf_counter() - t0
        if proc.returncode == 0:
            refs = (EXAMPLES_REFERENCE,)
            try:
                docs = json.loads(proc.stdout)["ingested"]
            except (ValueError, KeyError):
                docs = []
            info["examples"] = {"documents": len(docs), "seconds": round(elapsed, 1),
                                "facts": sum(d.get("facts", 0) for d in docs)}
        else:
            reason = (proc.stderr.strip().splitlines() or ["?"])[-1]
            info["examples"] = {"error": reason[:300]}
            log(f"dataset: examples NOT ingested ({reason[:200]}); continuing with synthetic data")
            if kstore.exists():
                import shutil

                shutil.rmtree(kstore)
    store = OxigraphStore(kstore)
    prepare_store(store, refs)  # what `kotograph ingest` and `serve` do: ontology, reference
    docs = synthetic_extractions(load_reference())[:synthetic]
    log(f"dataset: writing {len(docs)} synthetic programmes with graph.ingest.write_document")
    t0 = time.perf_counter()
    for ex in docs:
        write_document(store, ex)
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    finish_batch(store)
    info["finish_batch_seconds"] = round(time.perf_counter() - t0, 2)
    info["synthetic"] = {"documents": len(docs), "facts": sum(len(d.facts) for d in docs),
                         "write_seconds": round(write_s, 1),
                         "write_ms_per_document": round(write_s * 1000 / max(1, len(docs)), 1)}
    info["quads"] = store.count()
    info["graphs"] = len(store.graph_names())
    nq.write_bytes(store.dump("application/n-quads"))
    store.close()
    del store
    log(f"dataset: {info['quads']} quads in {info['graphs']} graphs; loading them into "
        "a fresh store with `oxigraph load`")
    subprocess.run([tool("oxigraph"), "load", "--location", str(ostore), "--file", str(nq)],
                   check=True, capture_output=True, timeout=600)
    env = {"KOTOGRAPH_EXTRA_REFERENCE": json.dumps([str(p) for p in refs])}
    return Dataset(kstore, ostore, nq, env, info)


def store_layout(kstore: Path, ostore: Path, scratch: Path, *, repeats: int = 7) -> dict[str, object]:
    """The same quads in three physical layouts, queried in-process by pyoxigraph (no server):

    kotograph's store as it was served, a copy of it compacted with `Store.optimize()`, and
    the `oxigraph load` bulk load the baseline server used. Runs after the servers stopped;
    the three are measured interleaved. A difference here is the store's, not the server's.
    """
    import shutil

    import pyoxigraph as ox

    from bench.queries import ANALYTIC

    copy = scratch / "kotograph-store-optimized"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(kstore, copy)
    compacted = ox.Store(str(copy))
    t0 = time.perf_counter()
    compacted.optimize()
    optimize_s = time.perf_counter() - t0
    stores = {"as_served_ms": ox.Store.read_only(str(kstore)), "optimized_ms": compacted,
              "bulk_loaded_ms": ox.Store.read_only(str(ostore))}
    times: dict[str, dict[str, list[float]]] = {k: {n: [] for n in ANALYTIC} for k in stores}
    for rep in range(repeats + 1):
        for name, (_, text) in ANALYTIC.items():
            for key, store in stores.items():
                t0 = time.perf_counter()
                store.query(text, use_default_graph_as_union=True).serialize(
                    format=ox.QueryResultsFormat.JSON)
                if rep:  # the first round warms the caches
                    times[key][name].append((time.perf_counter() - t0) * 1000)
    del stores, compacted
    shutil.rmtree(copy, ignore_errors=True)
    out: dict[str, object] = {k: {n: statistics.median(v) for n, v in per.items()}
                              for k, per in times.items()}
    out["optimize_seconds"] = optimize_s
    return out


class _UnrecordedValidation:
    """The app's validation cache, run on the unrecorded store: a cached report is the
    steady state of every page request, so its queries are not the page's own."""

    def __init__(self, cache: object, store: object) -> None:
        self._cache, self._store = cache, store

    def get(self, _store: object):
        return self._cache.get(self._store)

    def ready(self, store: object):
        """Always ready: the page is captured as it is once its report exists."""
        return self.get(store)


def capture_queries(reference_env: dict[str, str], municipality: str,
                    service: str) -> dict[str, list[str]]:
    """The SPARQL that kotograph itself sends for the who-question and the home page.

    The handlers run in-process (FastAPI TestClient) over a recording store, so the
    baseline replays exactly what the routes asked, even if the routes change. The texts
    do not depend on the data's size, so a small in-memory store with a few programmes
    serves (the home page's SHACL report, cached in steady state, stays out).
    """
    from api.ingest import prepare_store
    from graph import queries
    from graph.ingest import write_document
    from graph.store import OxigraphStore

    extra = tuple(Path(p) for p in json.loads(reference_env["KOTOGRAPH_EXTRA_REFERENCE"]))
    store = OxigraphStore(None)
    prepare_store(store, extra)
    docs = synthetic_extractions(load_reference())
    for ex in [d for d in docs if d.municipalities[0].name_fi == municipality] + docs[:5]:
        write_document(store, ex)
    out: dict[str, list[str]] = {}
    m = queries.find_municipality(store, municipality)
    if m is None:
        raise RuntimeError(f"benchmark municipality {municipality!r} is not in the dataset")
    rec = RecordingStore(store)
    queries.responsibilities(rec, m, ServiceKey(service))
    out["responsibilities"] = rec.queries
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(store_backend="memory", extra_reference=list(extra))
    rec = RecordingStore(store)
    app = create_app(settings, rec)
    app.state.kg.validation = _UnrecordedValidation(app.state.kg.validation, store)
    client = TestClient(app)
    for name, path, params in (
        ("rest_who", "/api/v1/responsibilities", {"municipality": municipality, "service": service}),
        ("home", "/", None),
    ):
        client.get(path, params=params).raise_for_status()  # one-time work out of the way
        rec.queries = []
        # no-cache: the route computes its answer again instead of keeping the last one
        client.get(path, params=params, headers={"Cache-Control": "no-cache"}).raise_for_status()
        out[name] = list(rec.queries)
    out["captured_by"] = ["in-process app (TestClient) over a recording store"]
    return out
