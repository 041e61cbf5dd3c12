"""Validation of kring's FHIR R5 bundles with tools that share no code with kring.

``problems(bundle)`` returns what is wrong with one bundle (a ``dict`` as parsed from JSON),
as a list of readable lines; an empty list means no problem was found. It checks:

1. **structure**, with the PyPI package ``fhir.resources`` (R5 models, pydantic v2): every
   element known, of the right type and cardinality, required elements present, primitive
   formats (``id``, ``dateTime``, ``instant``, ``uri``…) and choice types;
2. what ``fhir.resources`` leaves to its users, read from its own model metadata: codes of
   **required bindings** (``enum_values``) and the **resource types a reference may point at**
   (``enum_reference_types``), ``per-1`` on every ``Period`` and ``cod-1`` on every ``Coding``;
3. **FHIRPath invariants** with ``fhirpathpy`` (the R5 model): the Bundle's ``bdl-*`` rules
   that apply to a collection, every ``reference`` resolving to an entry's ``fullUrl``, and the
   resource invariants of R5 that the export can break (``inv-1`` and ``tsk-1`` of Task,
   ``enc-1`` and ``enc-2`` of Encounter, ``ctm-1`` of CareTeam, ``org-1``, ``grp-1``, ``gol-1``,
   ``prr-1``, ``ele-1``);
4. the **rules of the export** (``docs/fhir.md``): ids unique per type and equal to the UUID of
   the ``fullUrl``, every Task with an owner, every Task and ServiceRequest based on a CarePlan
   that plans it, CarePlans chained with ``replaces`` in version order with at most one active,
   conference parts ``partOf`` a conference, patients taking part in an encounter being its
   subject, and no contact details (``telecom``, ``address``, ``photo``) anywhere.

Run as a script it reads bundles as NDJSON (one per line) from the files named, or from
standard input, prints every problem with the line it was found on, and exits with 1 if there
was any::

    cargo run -p kring-fhir --example bundles -- 1000 | python tests/fhir/validate.py

Needs ``fhir.resources`` (8.x, R5 by default) and ``fhirpathpy`` (2.x): see
``requirements.txt`` beside this file.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import sys
from collections import Counter
from typing import Any, Iterable

import pydantic
from fhir.resources.bundle import Bundle
from fhir_core.fhirabstractmodel import FHIRAbstractModel
from fhirpathpy import compile as fhirpath
from fhirpathpy.models import models

R5 = models["r5"]

UUID_URL = re.compile(r"^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")

# Required bindings whose code lists fhir.resources marks as open ("+") or leaves out.
REQUIRED_CODES = {
    ("Task", "status"): {
        "draft", "requested", "received", "accepted", "rejected", "ready", "cancelled",
        "in-progress", "on-hold", "failed", "completed", "entered-in-error",
    },
    ("ServiceRequest", "intent"): {
        "proposal", "plan", "directive", "order", "original-order", "reflex-order",
        "filler-order", "instance-order", "option",
    },
}

# FHIRPath invariants, evaluated on the whole bundle: (key, expression, description).
# Date-time comparisons convert explicitly (`toDateTime()`): fhirpathpy 2.2 compares two
# date-times with different fractions of a second as text otherwise.
BUNDLE_INVARIANTS = [
    ("bdl-1", "total.empty() or (type = 'searchset') or (type = 'history')",
     "total only when a search or history"),
    ("bdl-2", "(type = 'searchset') or entry.search.empty()",
     "entry.search only when a search"),
    ("bdl-3", "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
     "entry.request mandatory for batch/transaction/history, otherwise prohibited"),
    ("bdl-4", "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
     "entry.response mandatory for batch-response/transaction-response/history, otherwise prohibited"),
    ("bdl-5", "entry.all(resource.exists() or request.exists() or response.exists())",
     "must be a resource unless there's a request or response"),
    ("bdl-7", "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&iif(resource.meta.versionId.exists(), resource.meta.versionId, '')).isDistinct()",
     "FullUrl must be unique in a bundle"),
    ("bdl-8", "entry.all(fullUrl.exists() implies fullUrl.contains('/_history/').not())",
     "fullUrl cannot be a version specific reference"),
    ("bdl-15", "type='transaction' or type='transaction-response' or type='batch' or type='batch-response' or entry.all(fullUrl.exists() or request.method='POST')",
     "every entry has a fullUrl"),
]

# FHIRPath invariants per resource type: (type, key, expression, description).
RESOURCE_INVARIANTS = [
    ("Task", "inv-1",
     "lastModified.exists().not() or authoredOn.exists().not() or lastModified.toDateTime() >= authoredOn.toDateTime()",
     "Last modified date must be greater than or equal to authored-on date."),
    ("Task", "tsk-1",
     "restriction.exists() implies code.coding.where(code='fulfill' and system='http://hl7.org/fhir/CodeSystem/task-code').exists() and focus.exists()",
     "Task.restriction is only allowed if the Task is seeking fulfillment and a focus is specified."),
    ("Encounter", "enc-1", "participant.all(actor.exists() or type.exists())",
     "A type must be provided when no explicit actor is specified"),
    ("Organization", "org-1", "(identifier.count() + name.count()) > 0",
     "The organization SHALL at least have a name or an identifier"),
    ("Group", "grp-1", "member.empty() or (membership = 'enumerated')",
     "Can only have members if the group is enumerated"),
    ("Goal", "gol-1", "target.all((detail.exists() and measure.exists()) or detail.exists().not())",
     "Goal.target.measure is required if Goal.target.detail is populated"),
    ("ServiceRequest", "prr-1", "orderDetail.empty() or code.exists()",
     "orderDetail SHALL only be present if code is present"),
]

_compiled: dict[str, Any] = {}


def _fp(expression: str):
    if expression not in _compiled:
        _compiled[expression] = fhirpath(expression, R5)
    return _compiled[expression]


def _true(result: list) -> bool:
    return result == [True]


def problems(bundle: dict) -> list[str]:
    """Everything wrong with one bundle; an empty list when nothing is."""
    out: list[str] = []
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return ["not a Bundle"]
    entries = bundle.get("entry") or []
    urls = {e.get("fullUrl"): e.get("resource", {}) for e in entries}
    types = {u: r.get("resourceType") for u, r in urls.items()}

    # 1. Structure, with fhir.resources.
    model = None
    try:
        model = Bundle.model_validate(bundle)
    except pydantic.ValidationError as e:
        for err in e.errors()[:20]:
            where = ".".join(str(x) for x in err["loc"])
            out.append(f"fhir.resources: {where}: {err['msg']}")

    # 2. Required bindings, reference targets and Periods, from the model's metadata.
    if model is not None:
        for entry in model.entry or []:
            resource = entry.resource
            if resource is not None:
                _walk(resource, resource.get_resource_type(), types, out)

    # 3. FHIRPath: the bundle's invariants, references, and each resource's invariants.
    data = copy.deepcopy(bundle)  # fhirpathpy annotates what it reads
    for key, expression, human in BUNDLE_INVARIANTS:
        if not _true(_fp(expression)(data, {"resource": data})):
            out.append(f"Bundle: {key} failed: {human}")
    references = _fp("Bundle.entry.resource.descendants().reference")(data)
    for ref in references:
        if isinstance(ref, str) and ref not in urls:
            out.append(f"reference {ref} does not resolve to an entry's fullUrl")
    for only, key, expression, human in RESOURCE_INVARIANTS:
        chosen = "Bundle.entry.resource" + (f".where(resourceType = '{only}')" if only else "")
        for failed in _fp(f"{chosen}.where(({expression}).not())")(data):
            out.append(f"{failed.get('resourceType')}/{failed.get('id')}: {key} failed: {human}")
    out.extend(_resolving_invariants(entries, types))

    # 4. The rules of the export.
    out.extend(_export_rules(entries, urls))
    out.extend(_empty_elements(bundle, "Bundle"))
    return out


def _walk(m: FHIRAbstractModel, path: str, types: dict, out: list[str]) -> None:
    """Checks required codes, reference targets and Periods in a parsed resource."""
    cls = type(m)
    if cls.__name__ == "Period":
        _check_period(m, path, out)
    if cls.__name__ == "Coding" and m.display is not None and m.code is None:
        out.append(f"{path}: cod-1 failed: A Coding SHOULD NOT have a display unless a code is also present")
    rtype = getattr(m, "__resource_type__", cls.__name__)
    for name, field in cls.model_fields.items():
        value = getattr(m, name, None)
        if value is None:
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        values = value if isinstance(value, list) else [value]
        codes = REQUIRED_CODES.get((rtype, name))
        if codes is None:
            enum = extra.get("enum_values")
            if enum and "+" not in enum:
                codes = set(enum)
        if codes is not None:
            for v in values:
                if isinstance(v, str) and v not in codes:
                    out.append(f"{path}.{name}: code {v!r} is not in the required value set")
        targets = extra.get("enum_reference_types")
        if targets:
            for v in values:
                ref = getattr(v, "reference", None)
                if isinstance(ref, FHIRAbstractModel):  # a CodeableReference
                    ref = getattr(ref, "reference", None)
                if isinstance(ref, str) and ref in types and "Resource" not in targets:
                    if types[ref] not in targets:
                        out.append(f"{path}.{name}: points at a {types[ref]}, expected one of {', '.join(targets)}")
        for i, v in enumerate(values):
            if isinstance(v, FHIRAbstractModel):
                sub = f"{path}.{name}" + (f"[{i}]" if isinstance(value, list) else "")
                _walk(v, sub, types, out)


def _bound(value: Any, high: bool) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    t = dt.time.max if high else dt.time.min
    return dt.datetime.combine(value, t, tzinfo=dt.timezone.utc)


def _check_period(p: Any, path: str, out: list[str]) -> None:
    """per-1: if present, start SHALL have a lower or equal value than end."""
    start, end = _bound(p.start, high=False), _bound(p.end, high=True)
    if start is not None and end is not None and start > end:
        out.append(f"{path}: per-1 failed: start {p.start} after end {p.end}")


def _resolving_invariants(entries: list[dict], types: dict) -> list[str]:
    """The invariants whose FHIRPath needs `resolve()`, which fhirpathpy does not implement:
    the same expressions, with references resolved through the bundle's fullUrls."""
    out = []
    for e in entries:
        r = e.get("resource", {})
        rid = f"{r.get('resourceType')}/{r.get('id')}"
        if r.get("resourceType") == "Encounter":
            # enc-2: actor.exists(resolve() is Patient or resolve() is Group) implies type.exists().not()
            for p in r.get("participant", []):
                target = types.get((p.get("actor") or {}).get("reference"))
                if target in ("Patient", "Group") and p.get("type"):
                    out.append(f"{rid}: enc-2 failed: A type cannot be provided for a patient or group participant")
        if r.get("resourceType") == "CareTeam":
            # ctm-1: onBehalfOf.exists() implies (member.resolve() is Practitioner)
            for p in r.get("participant", []):
                target = types.get((p.get("member") or {}).get("reference"))
                if p.get("onBehalfOf") and target != "Practitioner":
                    out.append(f"{rid}: ctm-1 failed: onBehalfOf only when the member is a Practitioner")
        if r.get("resourceType") == "Provenance":
            for a in r.get("agent", []):
                who = (a.get("who") or {}).get("reference")
                if who is not None and who == (a.get("onBehalfOf") or {}).get("reference"):
                    out.append(f"{rid}: an agent acts on behalf of itself")
    return out


def _export_rules(entries: list[dict], urls: dict) -> list[str]:
    out = []
    seen = Counter()
    by_type: dict[str, list[tuple[str, dict]]] = {}
    for e in entries:
        url, r = e.get("fullUrl", ""), e.get("resource", {})
        rtype, rid = r.get("resourceType"), r.get("id", "")
        seen[(rtype, rid)] += 1
        by_type.setdefault(rtype, []).append((url, r))
        m = UUID_URL.match(url)
        if not m:
            out.append(f"{rtype}/{rid}: fullUrl {url!r} is not a urn:uuid")
        elif m.group(1) != rid:
            out.append(f"{rtype}/{rid}: id is not the UUID of the fullUrl {url}")
        if not FHIR_ID.match(rid):
            out.append(f"{rtype}: id {rid!r} is not a FHIR id")
    for (rtype, rid), n in seen.items():
        if n > 1:
            out.append(f"{rtype}/{rid}: id used {n} times")

    plans = by_type.get("CarePlan", [])
    planned: dict[str, str] = {}
    for url, plan in plans:
        for act in plan.get("activity", []):
            ref = (act.get("plannedActivityReference") or {}).get("reference")
            if ref is not None:
                planned[ref] = url
    for rtype in ("Task", "ServiceRequest"):
        for url, r in by_type.get(rtype, []):
            rid = f"{rtype}/{r.get('id')}"
            if rtype == "Task" and not r.get("owner"):
                out.append(f"{rid}: a Task without an owner")
            based = [b.get("reference") for b in r.get("basedOn", [])]
            if url not in planned:
                out.append(f"{rid}: no CarePlan plans it")
            elif planned[url] not in based:
                out.append(f"{rid}: not based on the CarePlan that plans it")

    def version(entry: tuple[str, dict]) -> int:
        for ident in entry[1].get("identifier", []):
            if ident.get("system") == "urn:kring:plan":
                return int(ident["value"].rsplit("/", 1)[1])
        return -1

    ordered = sorted(plans, key=version)
    versions = [version(p) for p in ordered]
    if versions != list(range(1, len(plans) + 1)):
        out.append(f"CarePlan versions are {versions}, expected 1..{len(plans)}")
    for i, (url, plan) in enumerate(ordered):
        replaces = [r.get("reference") for r in plan.get("replaces", [])]
        expected = [ordered[i - 1][0]] if i > 0 else []
        if replaces != expected:
            out.append(f"CarePlan version {versions[i]}: replaces {replaces}, expected {expected}")
    active = [p for _, p in plans if p.get("status") == "active"]
    if len(active) > 1:
        out.append(f"{len(active)} CarePlans are active")

    for url, r in by_type.get("Encounter", []):
        rid = f"Encounter/{r.get('id')}"
        parent = (r.get("partOf") or {}).get("reference")
        if parent is not None:
            p = urls.get(parent, {})
            if p.get("partOf"):
                out.append(f"{rid}: part of a part")
            ps, s = (p.get("actualPeriod") or {}).get("start"), (r.get("actualPeriod") or {}).get("start")
            if ps and s and _bound(ps, False) > _bound(s, False):
                out.append(f"{rid}: starts before the conference it is part of")
        subject = (r.get("subject") or {}).get("reference")
        allowed = {subject}
        group = urls.get(subject, {})
        if group.get("resourceType") == "Group":
            allowed |= {(m.get("entity") or {}).get("reference") for m in group.get("member", [])}
        for p in r.get("participant", []):
            actor = (p.get("actor") or {}).get("reference")
            if urls.get(actor, {}).get("resourceType") == "Patient" and actor not in allowed:
                out.append(f"{rid}: a Patient takes part who is not the subject")

    for key in ("telecom", "address", "photo"):
        for path in _paths_with_key(entries, key):
            out.append(f"{path}: contact details are never exported")
    return out


def _paths_with_key(value: Any, key: str, path: str = "entry") -> Iterable[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                yield f"{path}.{k}"
            yield from _paths_with_key(v, key, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths_with_key(v, key, f"{path}[{i}]")


def _empty_elements(value: Any, path: str) -> Iterable[str]:
    """ele-1: every element has a value or children (no null, "", [] or {})."""
    if value is None or value == "" or value == [] or value == {}:
        yield f"{path}: ele-1 failed: empty element"
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _empty_elements(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _empty_elements(v, f"{path}[{i}]")


def _lines(paths: list[str]) -> Iterable[tuple[str, int, str]]:
    if not paths:
        for n, line in enumerate(sys.stdin, 1):
            yield "<stdin>", n, line
        return
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                yield p, n, line


def main(argv: list[str]) -> int:
    bundles = found = 0
    for name, n, line in _lines(argv):
        if not line.strip():
            continue
        bundles += 1
        try:
            bundle = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"{name}:{n}: not JSON: {e}")
            found += 1
            continue
        case = (bundle.get("identifier") or {}).get("value", "?") if isinstance(bundle, dict) else "?"
        for p in problems(bundle):
            print(f"{name}:{n} ({case}): {p}")
            found += 1
    print(f"{bundles} bundles checked, {found} problems", file=sys.stderr)
    return 1 if found or not bundles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
