"""Names vulture reports as unused that are used where it cannot see: read by `make lint` (pyproject
[tool.vulture]), which scans only the package. Each line says who uses the name.

The module imports the objects themselves, so renaming or removing one breaks it (pytest imports it when
it collects the doctests of tests/); ``_`` stands for any object, for names that are not attributes of
something importable (parameters, dataclass fields, attributes of third-party objects).
"""
from protocol_analytics.analysis.compare import family_table, pair_alignment, template_families
from protocol_analytics.analysis.routes import escalation_edges
from protocol_analytics.build.files import discover_files
from protocol_analytics.errors import Errors, ExitStatus, ProtocolAnalyticsError
from protocol_analytics.export import read_ig_script
from protocol_analytics.ingest.docx import read_docx
from protocol_analytics.ingest.html import read_html
from protocol_analytics.ingest.pdf import read_pdf
from protocol_analytics.ingest.text import read_markdown
from protocol_analytics.nlp.attributes import make_attribute_lookup
from protocol_analytics.nlp.components import make_deontic, make_escalation, make_role_mentions
from protocol_analytics.nlp.lemmas import make_lemma_memo
from protocol_analytics.nlp.reuse import ParseMemo
from protocol_analytics.nlp.tokenizer import create_tokenizer_with_suffixes
from protocol_analytics.notebook import document_scores, gold_files, processed_tables
from protocol_analytics.plots import escalation_route_pages, gold_accuracy
from protocol_analytics.rules.literals import may_match
from protocol_analytics.rules.segmentation import KEY_FIELDS
from protocol_analytics.segment.frame import clauses_frame


class _Any:
    def __getattr__(self, name):
        return self


_ = _Any()

# messages are looked up by the code a raise names: getattr(Errors, code) in errors.py
(Errors.PA001, Errors.PA002, Errors.PA003, Errors.PA004, Errors.PA006, Errors.PA007, Errors.PA011, Errors.PA012,
 Errors.PA014, Errors.PA015, Errors.PA016, Errors.PA017, Errors.PA019, Errors.PA041, Errors.PA042, Errors.PA043,
 Errors.PA044, Errors.PA045, Errors.PA046, Errors.PA047, Errors.PA048, Errors.PA051, Errors.PA052, Errors.PA053,
 Errors.PA054, Errors.PA055, Errors.PA056, Errors.PA057, Errors.PA058, Errors.PA059)
ExitStatus.PARTIAL  # exit status 3 in the README's table; build.outputs.BuildReport.exit_code returns the number
ProtocolAnalyticsError._render_traceback_  # IPython calls it to show an error as its one coded line
template_families  # the families of a similarity table given as a DataFrame: tests/test_scale.py, test_rebuild.py

# readers are found by suffix through @register_reader, spaCy components by name through @Language.factory
read_docx, read_html, read_pdf, read_markdown  # @register_reader
make_attribute_lookup, make_lemma_memo, make_role_mentions, make_deontic, make_escalation  # @Language.factory("pa_…")
create_tokenizer_with_suffixes  # @registry.tokenizers("protocol_analytics.Tokenizer.v1"): make_nlp's config names it

# public functions the notebooks call
processed_tables, gold_files, document_scores  # every notebook's set-up cell; 6.0
escalation_route_pages  # notebooks/4.0-escalation-routes.ipynb (and tests/test_features.py)
gold_accuracy  # notebooks/6.0-accuracy-against-gold.ipynb (and tests/test_report.py)
family_table  # notebooks/5.0-comparing-councils.ipynb

# public functions and constants only the tests use
pair_alignment  # tests/test_pipeline.py: how two councils' clauses align
discover_files  # tests/test_scale.py: the files a build reads
read_ig_script  # tests/test_features.py: the inverse of export.write_ig_script, for the round trip
may_match  # tests/test_literals.py: the literal prefilter's contract (topics.py and nlp/rules.py inline it)
KEY_FIELDS  # tests/test_data_files.py: the key fields of each section of segmentation.v1.yaml
ParseMemo.memory, _.misses  # tests/test_parse_reuse.py and benchmarks/RESULTS.md: a memo's size and its parses
# the DataFrame forms of what the build does on rows (edge_rows, clause_rows): tests/test_features.py, test_rules.py
escalation_edges, clauses_frame

# fields and attributes read reflectively or by other code
_.png_base64  # report.EmbeddedFigure: read by templates/report.html.j2
_.definition  # rules.taxonomy.Topic: the taxonomy's documented field (README), required by tests/test_data_files.py
_.freeze_panes  # openpyxl worksheet property, set in export.write_workbook
_.mtime_ns  # rules.lexicon._load and rules.taxonomy._load: part of the lru_cache key, so a changed file reloads
_.signum  # build.limits: a signal handler's signature is (signum, frame)
_.alignment  # analysis.compare.council_similarity(alignment, clauses, candidates): part of its signature; it reads the candidates
_.__path__  # nlp.spacy_import: the stand-in for spacy.cli is a package (its submodule spacy.cli.info is imported)
_.probability  # subject_model.LearnedSubject: the model's score, for callers auditing a subject (its rule string carries it too)
