"""The one settings object. Nothing else in kotograph reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.sparql_limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, SparqlLimits

if TYPE_CHECKING:  # imported when used: `kotograph ingest` through a server needs neither
    from api.extract_worker import IngestLimits
    from graph.store import Store


class Settings(BaseSettings):
    """Configuration from `KOTOGRAPH_*` environment variables (or keyword arguments)."""

    model_config = SettingsConfigDict(env_prefix="KOTOGRAPH_", extra="ignore")

    store: Path = Field(Path("var/store"), description="Directory of the embedded Oxigraph store")
    documents_dir: Path | None = Field(
        None, description="Copies of ingested originals (default: 'documents' beside the store)"
    )
    store_backend: Literal["oxigraph", "memory", "sparql"] = "oxigraph"
    sparql_query_url: str | None = Field(None, description="External store: query endpoint")
    sparql_update_url: str | None = Field(None, description="External store: update endpoint")
    sparql_graph_store_url: str | None = Field(
        None, description="External store: SPARQL 1.1 Graph Store endpoint, used to write documents "
        "when set (Virtuoso: {base}/sparql-graph-crud)")
    sparql_token: SecretStr | None = Field(None, description="External store: bearer token")

    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(
        None, description="Base URL as clients see it; /id/… and /ns/… are answered under it, "
        "so a w3id.org redirect of https://w3id.org/kotograph/ can point at this deployment")
    dumps_dir: Path | None = Field(
        None, description="Where the gzipped N-Quads and TriG dumps go (default: 'dumps' beside the store)")
    dataset_publisher: str = Field("kotograph", description="Publisher's name in the dataset description")
    dataset_publisher_url: str | None = Field(None, description="Publisher's IRI (a web page or an agent)")
    dataset_license: str = Field("https://creativecommons.org/licenses/by/4.0/",
                                 description="Licence of the data (an IRI), in VoID and DCAT")

    query_timeout_s: float = Field(10.0, gt=0)
    max_result_rows: int = Field(100_000, gt=0)
    max_query_bytes: int = Field(
        DEFAULT_MAX_BYTES, gt=0, description="Longest SPARQL query (and update by the public "
        "update token) accepted, in bytes of UTF-8; a longer one is a 400 before any parsing"
    )
    max_query_depth: int = Field(
        DEFAULT_MAX_DEPTH, gt=0, description="Deepest nesting of brackets and '!' in SPARQL "
        "text (graph.sparql_limits); 3,000 levels crash Oxigraph's parser"
    )
    max_update_bytes: int = Field(
        64 * 1024 * 1024, gt=0, description="Largest /sparql request body of the server's own "
        "CLI (its per-run admin token), which writes whole documents as SPARQL Update"
    )
    result_cache_mb: int = Field(
        64, ge=0, description="Memory for repeated /sparql results of the embedded store (0: off)"
    )
    enable_update: bool = Field(False, description="Allow SPARQL Update / Graph Store writes")
    update_token: SecretStr | None = Field(None, description="Bearer token for updates")
    upload_token: SecretStr | None = Field(None, description="Bearer token for document uploads")
    max_upload_bytes: int = Field(25 * 1024 * 1024, gt=0)
    ingest_memory_mb: int = Field(
        2048, gt=0, description="Address space of the process that reads one document "
        "(RLIMIT_AS); the examples need about 400 MB"
    )
    ingest_timeout_s: float = Field(300.0, gt=0, description="Wall time to read one document")
    docx_max_unpacked_mb: int = Field(200, gt=0, description="Most a DOCX may unpack to")
    docx_max_ratio: int = Field(
        200, gt=0, description="Most a DOCX part over 10 MB may inflate (a bomb inflates 1000-fold)"
    )
    html_max_mb: int = Field(5, gt=0, description="Largest HTML page read (its tree takes ~95x)")
    pdf_max_pages: int = Field(500, gt=0, description="Most pages of a PDF read")
    pdf_max_objects: int = Field(100_000, gt=0, description="Most objects a PDF may list")
    pdf_max_stream_mb: int = Field(100, gt=0, description="Most one PDF stream may inflate to")
    pdf_max_inflated_mb: int = Field(400, gt=0, description="Most a PDF's streams inflate to in all")
    supervisors: dict[str, SecretStr] = Field(
        default_factory=dict, description="Supervisors, name → secret (JSON): the secret is the "
        "bearer token of the review API and the password of the login page; readers need none")
    session_secret: SecretStr | None = Field(
        None, description="Key that signs login sessions (default: a new random key each start)")
    session_hours: float = Field(10.0, gt=0, description="How long a login lasts")

    extra_reference: list[Path] = Field(
        default_factory=list,
        description="Extra gazetteer folders (same CSVs as ontology/reference), e.g. examples/reference",
    )
    frontend_modules: Path = Field(
        Path(__file__).resolve().parent.parent / "node_modules",
        description="npm packages installed by `make setup` (YASGUI is served from here, no CDN)",
    )
    spacy_model: str = "spacy_fi_experimental_web_md"
    log_level: str = "info"

    def open_store(self) -> Store:
        """The configured store (graph.store.open_store with these settings)."""
        from graph.store import open_store

        return open_store(
            backend=self.store_backend, path=self.store, query_url=self.sparql_query_url,
            update_url=self.sparql_update_url, graph_store_url=self.sparql_graph_store_url,
            token=self.sparql_token.get_secret_value() if self.sparql_token else None,
            timeout_s=self.query_timeout_s, limits=self.sparql_limits(),
        )

    def sparql_limits(self) -> SparqlLimits:
        return SparqlLimits(self.max_query_bytes, self.max_query_depth)

    def ingest_limits(self) -> IngestLimits:
        from api.extract_worker import IngestLimits
        from extraction.readers import ReaderLimits

        return IngestLimits(self.ingest_memory_mb, self.ingest_timeout_s, ReaderLimits(
            self.docx_max_unpacked_mb * 1024 * 1024, self.docx_max_ratio,
            self.html_max_mb * 1024 * 1024, self.pdf_max_pages, self.pdf_max_objects,
            self.pdf_max_stream_mb * 1024 * 1024, self.pdf_max_inflated_mb * 1024 * 1024))

    def originals_dir(self) -> Path:
        return self.documents_dir or self.store.parent / "documents"

    def dumps_folder(self) -> Path:
        return self.dumps_dir or self.store.parent / "dumps"

    def server_file(self) -> Path:
        """Where a running server announces itself so that CLI commands go through it."""
        return self.store.with_name(self.store.name + ".server.json")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
