"""Records -> one NetworkX graph.

The one direction, kept everywhere: an edge ``u -> v`` means "read u before v".
A citation therefore points from the cited paper to the citing one, a paper
points to the concepts it introduces, and a concept to the papers that use it.

The graph is a plain ``networkx.DiGraph``: everything a record holds is in its
attributes, as plain values that every networkx reader and writer takes (GraphML,
GEXF, node-link JSON), so it survives ``G.copy()``, subgraphs, ``relabel_nodes``,
``compose`` and pickling:

- a node has ``type`` ("paper" or "concept"), ``label`` and every field of its
  record (``title``, ``year``, ``venue``, ...); a list (``authors``, ``aliases``)
  is kept as its JSON text, and left out when empty;
- an edge that is only a citation (the great majority in real data) has no
  attributes at all; any other has ``kind`` (its best kind), ``kinds`` (all of
  them, best first, space-separated), ``weight`` and, where it has one, ``note``
  (the best kind's); another kind's note is ``<kind>_note``;
- a citation's evidence is ``reference`` and ``s2``, each the JSON text of its record.

``record(G, key)`` gives a node's whole record, ``edge_links(G, u, v)`` the
kinds and notes of an edge and ``edge_evidence(G, u, v)`` the ``cites`` record
with its evidence. Curated and concept links cost less than bare citations
(``weight``), so paths prefer them.

Outputs never depend on the order records were read in: nodes are inserted
sorted, and every query and renderer sorts or breaks ties by key.
"""

from __future__ import annotations

import difflib
import functools
import weakref
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from .errors import GraphDataError, PaperhopError, Problem
from .records import EDGE_KINDS, ConceptBase, PaperBase, normalize

if TYPE_CHECKING:  # networkx and the models are imported by the functions that run them (``reader`` says why)
    import networkx as nx

    from .models import Concept, Edge, GraphData, Paper

__all__ = [
    "CITED",
    "DUPLICATE_EDGE",
    "KIND_BITS",
    "KIND_WEIGHT",
    "MASK_WEIGHT",
    "assemble",
    "build_graph",
    "check",
    "concept",
    "edge_evidence",
    "edge_kinds",
    "edge_links",
    "edge_mask",
    "edge_where",
    "graph_memo",
    "influential_citations",
    "paper",
    "raise_on_errors",
    "record",
    "weight",
]

KIND_WEIGHT: dict[str, float] = {"builds_on": 1.0, "introduces": 1.0, "uses": 1.0, "cites": 3.0}
KIND_BITS: dict[str, int] = {kind: 1 << i for i, kind in enumerate(EDGE_KINDS)}  # builds_on 1 ... cites 8
# An edge's cost is its best kind's: the first of EDGE_KINDS it has (of those a question follows), by its mask.
MASK_WEIGHT: dict[int, float] = {
    mask: KIND_WEIGHT[next(kind for kind in EDGE_KINDS if mask & KIND_BITS[kind])]
    for mask in range(1, 1 << len(EDGE_KINDS))
}
CITED: Mapping[str, str | None] = MappingProxyType({"cites": None})  # the links of a plain citation
LISTS = ("authors", "aliases")  # the record fields kept as JSON text: GraphML and GEXF take no lists
EVIDENCE = ("reference", "s2")  # a citation's evidence, each kept as its record's JSON text
DUPLICATE_EDGE = "duplicate edge"
SUGGESTING = 200_000  # key comparisons spent on "did you mean" for missing keys: a typo is one of few

# Which node types each edge kind joins, in reading order.
KIND_ENDS: dict[str, tuple[str, str]] = {
    "cites": ("paper", "paper"),
    "builds_on": ("paper", "paper"),
    "introduces": ("paper", "concept"),
    "uses": ("concept", "paper"),
}


# Indexes derived from a graph (resolve's names), by graph: never copied or pickled with it, gone with it.
_MEMO: weakref.WeakKeyDictionary[nx.DiGraph, dict[str, object]] = weakref.WeakKeyDictionary()


def _listed(value: object) -> list[str]:
    """A list field as a node keeps it: its JSON text (or a list, in a graph built by hand)."""
    return value if isinstance(value, list) else orjson.loads(value)  # type: ignore[arg-type]


def record(G: nx.DiGraph, key: str) -> Paper | Concept:
    """The whole record of the node *key*.

    >>> from paperhop.models import GraphData, Paper
    >>> G = build_graph(GraphData("demo", {"a": Paper(key="a", title="A", year=2017, authors=["Ann", "Bo"])}))
    >>> G.nodes["a"]
    {'type': 'paper', 'label': 'a', 'title': 'A', 'authors': '["Ann","Bo"]', 'year': 2017}
    >>> record(G, "a").authors
    ['Ann', 'Bo']
    """
    [(kind, fields)] = record_fields(G, [key])
    from .models import Concept, Paper

    model = Paper if kind == "paper" else Concept
    for name in _listed_fields(model):
        fields.setdefault(name, [])
    return model.model_construct(**fields)


def record_fields(G: nx.DiGraph, keys: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(type, the fields its record holds) of each node of *keys*: the key, its attributes but type and
    label, and its list fields that are not empty. What a record leaves out is at its default."""
    nodes = G.nodes
    for key in keys:
        attrs = nodes[key]
        fields = {"key": key, **attrs}
        del fields["type"], fields["label"]
        for name in LISTS:
            if name in fields:
                fields[name] = _listed(fields[name])
        yield attrs["type"], fields


@functools.cache
def _listed_fields(model: type[Paper | Concept]) -> tuple[str, ...]:
    """The fields whose default is a new list: given to ``model_construct``, which would otherwise inspect the
    factory's signature for each one left out, on every call (seconds, for a long reading list)."""
    return tuple(name for name, info in model.model_fields.items() if info.default_factory is list)


def paper(G: nx.DiGraph, key: str) -> Paper:
    """The record of the paper *key*; KeyError if *key* is no paper."""
    rec = record(G, key)
    if not isinstance(rec, PaperBase):
        raise KeyError(f"{key} is a concept, not a paper")
    return rec


def concept(G: nx.DiGraph, key: str) -> Concept:
    """The record of the concept *key*; KeyError if *key* is no concept."""
    rec = record(G, key)
    if not isinstance(rec, ConceptBase):
        raise KeyError(f"{key} is a paper, not a concept")
    return rec


def lookups(G: nx.DiGraph) -> Iterator[tuple[str, list[str], str, list[str]]]:
    """What each node is found by, in G's order: (key, its names folded (key, label, aliases), its title folded
    (a concept's label), its paper ids as ``ids.request_ids`` spells them). ``queries.resolve`` and the index
    (``index.build_index``) both look names up in these."""
    from .ids import request_ids

    for key, attrs in G.nodes(data=True):
        label = attrs["label"]
        names = folded_names(key, label, _listed(attrs["aliases"]) if "aliases" in attrs else ())
        if attrs["type"] != "paper":
            yield key, names, normalize(label), []
            continue
        get = attrs.get
        found = request_ids(s2_id=get("s2_id"), arxiv=get("arxiv"), doi=get("doi"), corpus_id=get("corpus_id"))
        yield key, names, normalize(attrs["title"]), found


def folded_names(key: str, label: str, aliases: Iterable[str]) -> list[str]:
    """The names a node is found by, folded (``records.normalize``): its key, its label, its aliases (a name
    that folds to nothing finds nothing)."""
    return [folded for name in (key, label, *aliases) if (folded := normalize(name))]


def linked_edges(
    G: nx.DiGraph,
) -> tuple[Mapping[tuple[str, str], Mapping[str, str | None]], Mapping[tuple[str, str], Edge]]:
    """The edges that are more than a plain citation: (u, v) -> its links (``edge_links``), and (u, v) -> its
    ``cites`` record with evidence (``edge_evidence``). Every other edge of *G* is a plain citation."""
    links, evidence = {}, {}
    for u, v, data in G.edges(data=True):
        if data:
            if "kinds" in data:
                links[(u, v)] = _links(data)
            if (cites := _evidence(u, v, data)) is not None:
                evidence[(u, v)] = cites
    return links, evidence


def edge_links(G: nx.DiGraph, u: str, v: str) -> Mapping[str, str | None]:
    """The kinds of the edge u -> v, best first, each with its note (or None)."""
    return _links(G[u][v])


def edge_mask(data: Mapping[str, Any]) -> int:
    """The kinds of an edge with the attributes *data*, as a mask of ``KIND_BITS``."""
    return sum(KIND_BITS[kind] for kind in data["kinds"].split()) if "kinds" in data else KIND_BITS["cites"]


def _links(data: Mapping[str, Any]) -> Mapping[str, str | None]:
    if "kinds" not in data:
        return CITED
    best, *others = data["kinds"].split()
    return {best: data.get("note"), **{kind: data.get(f"{kind}_note") for kind in others}}


def edge_evidence(G: nx.DiGraph, u: str, v: str) -> Edge | None:
    """The ``cites`` record of the edge u -> v if it carries evidence (``reference``, ``s2``), else None.

    >>> from paperhop.models import Edge, GraphData, Paper, Reference
    >>> cites = Edge(source="a", target="b", kind="cites", reference=Reference(number=3, text="A. 2017."))
    >>> G = build_graph(GraphData("demo", {k: Paper(key=k, title=k, year=2017) for k in "ab"}, edges=[cites]))
    >>> edge_evidence(G, "a", "b").evidence, G["a"]["b"]
    ('reference [3] A. 2017.', {'reference': '{"number":3,"text":"A. 2017."}'})
    """
    return _evidence(u, v, G[u][v])


def _evidence(u: str, v: str, data: Mapping[str, Any]) -> Edge | None:
    if "reference" not in data and "s2" not in data:
        return None
    from .models import Edge

    found = {name: orjson.loads(data[name]) for name in EVIDENCE if name in data}
    note = _links(data).get("cites")
    return Edge.model_validate({"source": u, "target": v, "kind": "cites", "note": note, **found})


def graph_memo(G: nx.DiGraph) -> dict[str, object]:
    """A place for indexes derived from *G*, kept as long as *G* (resolve's name index). A copy, or a view
    (which may hold fewer nodes), starts empty."""
    return _MEMO.setdefault(G, {})


def weight(u: str, v: str, data: Mapping[str, object]) -> float:
    """The cost of following an edge: a weight function for networkx's path functions."""
    return data.get("weight", KIND_WEIGHT["cites"])  # type: ignore[return-value]


def _node_attrs(rec: Paper | Concept) -> dict[str, object]:
    kind = "paper" if isinstance(rec, PaperBase) else "concept"
    attrs: dict[str, object] = {"type": kind, "label": rec.label}
    for name, value in rec.__dict__.items():  # the fields, without pydantic's iteration
        if value is not None and name != "key":
            if name in LISTS:
                if value:
                    attrs[name] = orjson.dumps(value).decode()
            else:
                attrs[name] = value
    return attrs


def _edge_data(links: Mapping[str, str | None]) -> dict[str, object]:
    """The networkx attributes of an edge with these kinds: none for a plain citation."""
    if links == CITED:
        return {}
    kinds = [k for k in EDGE_KINDS if k in links]
    data: dict[str, object] = {"kind": kinds[0], "kinds": " ".join(kinds), "weight": KIND_WEIGHT[kinds[0]]}
    if links[kinds[0]] is not None:
        data["note"] = links[kinds[0]]
    data.update((f"{kind}_note", links[kind]) for kind in kinds[1:] if links[kind] is not None)
    return data


def _set_links(G: nx.DiGraph, u: str, v: str, links: Mapping[str, str | None]) -> None:
    """Give the edge u -> v the kinds and notes *links*, keeping its evidence."""
    G.add_edge(u, v)
    attrs = G[u][v]
    evidence = {name: attrs[name] for name in EVIDENCE if name in attrs}
    attrs.clear()
    attrs.update(_edge_data({k: links[k] for k in EDGE_KINDS if k in links}))
    attrs.update(evidence)


def _set_evidence(G: nx.DiGraph, cites: Edge) -> None:
    attrs = G[cites.source][cites.target]
    for name in EVIDENCE:
        if (value := getattr(cites, name)) is not None:
            attrs[name] = value.model_dump_json(exclude_none=True)  # what it does not say, it does not store


def build_graph(data: GraphData) -> nx.DiGraph:
    """Build the reading-order graph of *data*; raise GraphDataError if it has errors.

    >>> from paperhop.models import Edge, GraphData, Paper
    >>> data = GraphData("demo", {
    ...     "a": Paper(key="a", title="A", year=2017),
    ...     "b": Paper(key="b", title="B", year=2020)},
    ...     edges=[Edge(source="a", target="b", kind="builds_on", note="B extends A.")])
    >>> G = build_graph(data)
    >>> list(G.edges(data=True))
    [('a', 'b', {'kind': 'builds_on', 'kinds': 'builds_on', 'weight': 1.0, 'note': 'B extends A.'})]
    """
    return raise_on_errors(*assemble(data.name, data.papers, data.concepts, data.edges, warnings=False))


def check(data: GraphData) -> list[Problem]:
    """Every problem in *data* as a whole, errors and warnings, sorted.

    Errors: dangling keys, a key used twice, names or aliases shared by two
    nodes, an edge joining the wrong kinds of node or a node to itself, a
    ``builds_on`` link with no note, a duplicate edge, a cycle of ``builds_on``
    links. Warnings: ``cites`` cycles (real citation data has them) and a paper
    citing a later one.
    """
    return assemble(data.name, data.papers, data.concepts, data.edges, warnings=True)[1]


def raise_on_errors(G: nx.DiGraph, problems: list[Problem]) -> nx.DiGraph:
    """*G*, if no problem is an error; else GraphDataError listing the errors."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GraphDataError(errors)
    return G


class KeptRecord(NamedTuple):
    """A record as a graph keeps it: its networkx attributes."""

    attrs: dict[str, object]

    @property
    def label(self) -> str:
        return self.attrs["label"]  # type: ignore[return-value]

    @property
    def aliases(self) -> list[str]:
        return _listed(self.attrs["aliases"]) if "aliases" in self.attrs else []


def kept_record(rec: Paper | Concept | KeptRecord) -> KeptRecord:
    """*rec* as a graph keeps it: what ``read_graph_files`` keeps of each record for ``assemble``."""
    return rec if isinstance(rec, KeptRecord) else KeptRecord(_node_attrs(rec))


def assemble(
    name: str,
    papers: dict[str, Paper] | dict[str, KeptRecord],
    concepts: dict[str, Concept] | dict[str, KeptRecord],
    edges: Iterable[Edge | list[tuple[str, str]]],
    *,
    warnings: bool,
    citations: Callable[[], Iterable[tuple[str, str]]] | None = None,
    release: bool = False,
    rejected: Collection[str] = (),
) -> tuple[nx.DiGraph, list[Problem]]:
    """The graph and its problems. *edges* holds Edge records and batches of plain
    (cited, citing) pairs; the batches go in at once and are checked after.
    *citations* reads all plain pairs again, to name duplicates if there are any.
    The records may be given as they are kept (``kept_record``). With *release*, *papers* and *concepts* are
    emptied once their nodes are in.
    *rejected* are the keys of records refused when read: an edge to one is left
    out with no problem of its own, since the record's problem explains it."""
    import networkx as nx

    G = nx.DiGraph(name=name)
    problems: list[Problem] = []
    shared = _SharedNames()
    concept_keys = sorted(concepts)
    for records, keys in ((papers, sorted(papers)), (concepts, concept_keys)):
        for key in keys:
            if records is concepts and key in G:  # G holds the papers, by now
                problems.append(Problem(key, "key is used by both a paper and a concept"))
                continue
            # With release, each record goes once its node is in: a million would not live on twice.
            kept = kept_record(records.pop(key) if release else records[key])
            G.add_node(key, **kept.attrs)
            shared.add(key, kept)
    problems += shared.problems
    graph_memo(G)["names"] = shared.owner  # each folded name's node: resolve's first lookup, already made

    others: list[tuple[str, str, str, str | None, Edge | None]] = []  # tuples: 50,000 models would hold 27 MB
    plain: list[tuple[str, str]] = []  # plain citations given as Edge records
    added = 0
    for item in edges:
        if isinstance(item, list):
            G.add_edges_from(item)
            added += len(item)
        elif item.kind == "cites" and item.note is None and item.reference is None and item.s2 is None:
            plain.append((item.source, item.target))
        else:
            evidence = item if item.reference is not None or item.s2 is not None else None
            others.append((item.source, item.target, item.kind, item.note, evidence))
    G.add_edges_from(plain)
    added += len(plain)
    if G.number_of_edges() < added:
        repeated = _repeated(citations() if citations else plain)
        problems += [Problem(edge_where(u, v, "cites"), DUPLICATE_EDGE) for u, v in repeated]
    missing = _Missing(G)
    problems += _misplaced_citations(G, concept_keys, missing, rejected)

    curated = _add_links(G, others, missing, rejected, problems)
    problems += _cycles(nx.DiGraph(curated), "builds_on", "error")
    if warnings:
        uncited = [(u, v) for u, v, *_ in others if G.has_edge(u, v) and "cites" not in edge_links(G, u, v)]
        problems += _cited_cycles(G, uncited)
        problems += _later_citations(G, uncited)
    return G, sorted(set(problems), key=_problem_order)


def _add_links(
    G: nx.DiGraph,
    others: list[tuple[str, str, str, str | None, Edge | None]],
    missing: _Missing,
    rejected: Collection[str],
    problems: list[Problem],
) -> list[tuple[str, str]]:
    """The links other than plain citations, each added to its edge (with its evidence) unless a rule refuses it,
    which goes on *problems*; the ``builds_on`` links added."""
    types = dict(G.nodes(data="type"))
    curated: list[tuple[str, str]] = []
    for u, v, kind, note, evidence in others:
        refused = _refused(types.get(u), types.get(v), u, v, kind, note, missing, rejected)
        links = edge_links(G, u, v) if refused is None and G.has_edge(u, v) else {}
        if refused is None and kind in links:
            refused = DUPLICATE_EDGE
        if refused is not None:
            if refused:  # "" when only a rejected record is missing: its own problem says why
                problems.append(Problem(edge_where(u, v, kind), refused))
            continue
        _set_links(G, u, v, {**links, kind: note})
        if evidence is not None:
            _set_evidence(G, evidence)
        if kind == "builds_on":
            curated.append((u, v))
    return curated


def edge_where(u: str, v: str, kind: str) -> str:
    """Where a problem with the edge u -> v of *kind* is: the location of its Problem."""
    return f"edge {u} -> {v} ({kind})"


class _Missing:
    """Says that a key is no node, with the key meant when one is close ("did you mean transformer?").

    Close keys are looked for only while the comparisons stay few (``SUGGESTING``): a hand-written
    graph's typos are worth it, the thousands of missing references of a fetched one are not.
    """

    def __init__(self, G: nx.DiGraph) -> None:
        self.G = G
        self.keys: list[str] | None = None  # the nodes', listed at the first missing key
        self.said: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self.said:
            if self.keys is None:
                self.keys = [n for n, kind in self.G.nodes(data="type") if kind is not None]
            close = []
            if len(self.said) * len(self.keys) < SUGGESTING:
                close = difflib.get_close_matches(key, self.keys, n=1)
            self.said[key] = f"no paper or concept {key!r}" + (f"; did you mean {close[0]}?" if close else "")
        return self.said[key]


def _misplaced_citations(
    G: nx.DiGraph, concepts: list[str], missing: _Missing, rejected: Collection[str]
) -> list[Problem]:
    """Find, report and remove the plain citations that broke a rule: to or from
    a key that does not exist (networkx added it as a bare node), a concept, or
    the paper itself. Checked after the batch, since they are rare."""
    import networkx as nx

    problems = []
    absent = [n for n, kind in G.nodes(data="type") if kind is None]
    concept_nodes = [n for n in concepts if G.nodes[n].get("type") == "concept"]
    for node in [*absent, *concept_nodes]:
        for u, v in [*G.in_edges(node), *G.out_edges(node)]:
            if G.nodes[node].get("type") is None:
                if node not in rejected:
                    problems.append(Problem(edge_where(u, v, "cites"), missing(node)))
            elif not G[u][v]:
                ends = f"{G.nodes[u]['type']} -> {G.nodes[v]['type']}"
                problems.append(Problem(edge_where(u, v, "cites"), f"a cites edge goes paper -> paper, not {ends}"))
                G.remove_edge(u, v)
    G.remove_nodes_from(absent)
    for node in list(nx.nodes_with_selfloops(G)):
        problems.append(Problem(edge_where(node, node, "cites"), f"edge from {node} to itself"))
        G.remove_edge(node, node)
    return problems


def _repeated(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pair for pair, count in Counter(pairs).items() if count > 1)


def _refused(
    source_type: str | None,
    target_type: str | None,
    source: str,
    target: str,
    kind: str,
    note: str | None,
    missing: _Missing,
    rejected: Collection[str] = (),
) -> str | None:
    """Why an edge cannot join the graph, or None; "" if only because an end's record was *rejected*."""
    absent = [key for key, kind in ((source, source_type), (target, target_type)) if kind is None]
    if absent:
        unknown = [key for key in absent if key not in rejected]
        return missing(unknown[0]) if unknown else ""
    if source == target:
        return f"edge from {source} to itself"
    if (source_type, target_type) != KIND_ENDS[kind]:
        want = " -> ".join(KIND_ENDS[kind])
        return f"a {kind} edge goes {want}, not {source_type} -> {target_type}"
    if kind == "builds_on" and note is None:
        return "a builds_on edge needs a note saying why"
    return None


CYCLE_NAMES = 20  # a cycle's problem names this many of its members, then counts the rest


def _cycles(G: nx.DiGraph, kind: str, severity: str) -> list[Problem]:
    return [_cycle(component, kind, severity) for component in _strongly_connected(G) if len(component) > 1]


def _strongly_connected(G: nx.DiGraph) -> list[list[str]]:
    """The strongly connected components of *G* that hold a cycle (``engine.components``)."""
    from array import array

    from .engine import components

    keys = list(G)
    number = {key: i for i, key in enumerate(keys)}
    start, targets = array("q", [0]), array("i")
    for key in keys:
        targets.extend(number[v] for v in G.succ[key])
        start.append(len(targets))
    name = components(start, targets)
    size = array("i", [0]) * len(keys)
    for c in name:
        size[c] += 1
    found: dict[int, list[str]] = {}
    for i, c in enumerate(name):
        if size[c] > 1:
            found.setdefault(c, []).append(keys[i])
    return list(found.values())


def _cycle(component: Collection[str], kind: str, severity: str) -> Problem:
    """A cycle's problem: a million members would make a line of megabytes."""
    names = sorted(component)
    listed = ", ".join(names[:CYCLE_NAMES])
    more = f" and {len(names) - CYCLE_NAMES:,} more" if len(names) > CYCLE_NAMES else ""
    return Problem(f"{kind} cycle", f"among {listed}{more}", severity)


def _cited_cycles(G: nx.DiGraph, uncited: list[tuple[str, str]]) -> list[Problem]:
    """The citation cycles of *G*, whose *uncited* edges carry other links only. A cycle of
    citations lies inside a cycle of *G*: only a cycle of *G* with an uncited edge in it is
    looked at again, with its citations alone (a filtered view of a million edges is slow)."""
    import networkx as nx

    problems = []
    for members in _strongly_connected(G):
        component = set(members)
        inside = {(u, v) for u, v in uncited if u in component and v in component}
        if not inside:
            problems.append(_cycle(component, "cites", "warning"))
            continue
        cited = nx.DiGraph((u, v) for u in component for v in G.succ[u] if v in component and (u, v) not in inside)
        problems += _cycles(cited, "cites", "warning")
    return problems


def _later_citations(G: nx.DiGraph, uncited: list[tuple[str, str]]) -> list[Problem]:
    problems = []
    skip = set(uncited)
    year = {node: attrs.get("year") for node, attrs in G.nodes(data=True)}
    for u, after in G.adjacency():
        for v in after:
            if year[v] is not None and year[u] is not None and year[v] < year[u] and (u, v) not in skip:
                message = f"{v} ({year[v]}) cites the later {u} ({year[u]})"
                problems.append(Problem(edge_where(u, v, "cites"), message, "warning"))
    return problems


def _problem_order(p: Problem) -> tuple[str, str, str]:
    return (p.severity, p.location, p.message)


def edge_kinds(G: nx.DiGraph, kinds: frozenset[str]) -> nx.DiGraph:
    """*G* with only the links of *kinds*, weights recomputed from those alone.

    Returns *G* itself when every kind is kept, else a new graph with the same
    nodes and records.
    """
    if kinds >= set(EDGE_KINDS):
        return G
    return _kept(G, lambda u, v: {k: note for k, note in edge_links(G, u, v).items() if k in kinds})


def influential_citations(G: nx.DiGraph) -> nx.DiGraph:
    """*G* with only the citations Semantic Scholar marks influential (``s2.influential``).

    Raises PaperhopError if no citation of *G* has Semantic Scholar's evidence: then nothing
    says which are influential (``paperhop link`` fetches it).
    """
    if not any("s2" in data for *_, data in G.edges(data=True)):
        raise PaperhopError(
            "no citation of this graph has Semantic Scholar's evidence, so none is marked influential "
            "(paperhop link fetches it)"
        )

    def influential(u: str, v: str) -> dict[str, str | None]:
        cites = edge_evidence(G, u, v)
        return {"cites": edge_links(G, u, v).get("cites")} if cites and cites.s2 and cites.s2.influential else {}

    return _kept(G, influential)


def _kept(G: nx.DiGraph, keep: Callable[[str, str], Mapping[str, str | None]]) -> nx.DiGraph:
    """A new graph with *G*'s nodes and records, and the links *keep* keeps of each edge (a citation with
    its evidence)."""
    import networkx as nx

    H = nx.DiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        kept = keep(u, v)
        if kept:
            _set_links(H, u, v, kept)
            if "cites" in kept:
                H[u][v].update((name, data[name]) for name in EVIDENCE if name in data)
    return H


class _SharedNames:
    """Names or aliases given to two nodes: each node's, told as it comes (in G's order)."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}
        self.problems: list[Problem] = []

    def add(self, key: str, kept: KeptRecord) -> None:
        for name in sorted(set(folded_names(key, kept.label, kept.aliases))):
            other = self.owner.setdefault(name, key)
            if other != key:
                self.problems.append(Problem(key, f"name or alias {name!r} is also {other!r}'s"))
