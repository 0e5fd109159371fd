#!/usr/bin/env python3
"""Writes api/cloudsso-2021-05-15.json from the official Python SDK and api/overrides.json.

Run by hand (see README.md beside this file). It reads the SDK's sources as text with the
`ast` module and never imports or runs them:

- models: every request, response-body and nested model class. Wire names come from
  `from_map` (`m.get('Wire')` guarding an assignment to `self.attr`), types from the
  `__init__` annotations, descriptions from the comments above each `self.attr = attr`.
- client.py: per operation (`*_with_options`), the action, method, style, and which
  parameters go to `query` or `body`; a parameter whose value is a `*_shrink` field built
  with `array_to_string_with_specified_style(..., 'json')` is sent as JSON text.

Allowed values and limits are read from the comments ("Valid values:" followed by a bullet
list of single tokens; "up to N characters", "Valid values: 1 to 100"). Required-ness is not
in the SDK: it stays false except where api/overrides.json states it from a documentation
page. The output is deterministic: operations in the SDK's action order (sorted), members in
the SDK's order unless an override orders them.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path
from typing import NamedTuple

FORMAT_VERSION = 2
# The product of an overrides file without a `product` block.
CLOUDSSO = {
    "package": "alibabacloud-cloudsso20210515",
    "module": "alibabacloud_cloudsso20210515",
    "product": "cloudsso",
    "api_version": "2021-05-15",
}


class ImportError_(Exception):
    """A fact the tool expected in the SDK is not there."""


# ---------------------------------------------------------------------------------------
# Names


def words(name: str) -> list[str]:
    """Splits a wire name into words at case boundaries: `MFAAuthenticationStatus` ->
    MFA, Authentication, Status; `SAMLIdPCertificate` -> SAML, Id, P, Certificate."""
    out: list[str] = []
    current = ""
    chars = list(name)
    for i, c in enumerate(chars):
        if not c.isalnum():
            if current:
                out.append(current)
            current = ""
            continue
        if current:
            prev = chars[i - 1]
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            boundary = c.isupper() and (
                prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower())
            )
            if boundary:
                out.append(current)
                current = ""
        current += c
    if current:
        out.append(current)
    return out


def pascal(name: str) -> str:
    """`MFAAuthenticationStatus` -> `MfaAuthenticationStatus` (the generator's rule too)."""
    return "".join(w[:1].upper() + w[1:].lower() for w in words(name))


def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


# ---------------------------------------------------------------------------------------
# Comments: descriptions, allowed values, limits

BULLET = re.compile(r"^\s*(?:[-*]|\d+\.)\s+(.*)$")
TOKEN = re.compile(r"^`?([A-Za-z0-9][A-Za-z0-9_.\-]*)`?\s*(?:\((?:default|Default)\))?\s*(?:[:：].*)?$")


def comment_above(lines: list[str], lineno: int) -> str:
    """The `#` comment block directly above line `lineno` (1-based), as Markdown text."""
    block: list[str] = []
    i = lineno - 2
    while i >= 0:
        stripped = lines[i].strip()
        if not stripped.startswith("#"):
            break
        block.append(stripped[1:].strip())
        i -= 1
    block.reverse()
    text = "\n".join(block).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def allowed_values(description: str) -> list[dict]:
    """The bullet list after "Valid values:" when every bullet is one token, else []."""
    lines = description.split("\n")
    for i, line in enumerate(lines):
        if not re.search(r"valid values?\s*[:：]\s*$", line, re.IGNORECASE):
            continue
        values: list[dict] = []
        for item in lines[i + 1:]:
            if not item.strip():
                continue
            bullet = BULLET.match(item)
            if not bullet:
                break
            token = TOKEN.match(bullet.group(1).strip())
            if not token:
                return []
            values.append({"value": token.group(1), "description": bullet.group(1).strip()})
        names = [v["value"] for v in values]
        if len(values) >= 2 and len(set(names)) == len(names):
            return values
        return []
    return []


def number(text: str) -> int:
    return int(text.replace(",", ""))


def limits(description: str, kind: str) -> dict:
    found: dict = {}
    for line in description.split("\n"):
        if BULLET.match(line):
            continue  # conditional facts ("If you set X, ... up to 32 characters")
        if kind == "string":
            m = re.search(r"(?:maximum length|length)\s*:\s*(?:up to\s+)?([\d,]+)\s*characters", line, re.I)
            m = m or re.search(r"\bup to ([\d,]+) characters", line, re.I)
            if m:
                found["max_length"] = number(m.group(1))
            m = re.search(r"valid values\s*:\s*([\d,]+) to ([\d,]+) characters", line, re.I)
            if m:
                found["min_length"] = number(m.group(1))
                found["max_length"] = number(m.group(2))
        if kind == "integer":
            m = re.search(r"valid values\s*:\s*(-?\d[\d,]*) to (-?\d[\d,]*)\b", line, re.I)
            if m:
                found["minimum"] = number(m.group(1))
                found["maximum"] = number(m.group(2))
    return found


# ---------------------------------------------------------------------------------------
# Models


def annotation_type(annotation: ast.expr | None) -> dict:
    """The JSON type expression of an `__init__` annotation."""
    if annotation is None:
        raise ImportError_("a field without a type annotation")
    text = ast.unparse(annotation)
    scalars = {"str": "string", "int": "integer", "bool": "boolean"}
    if text in scalars:
        return {"type": scalars[text]}
    m = re.fullmatch(r"List\[(.+)\]", text)
    if m:
        inner = ast.parse(m.group(1), mode="eval").body
        return {"type": "array", "items": annotation_type(inner)}
    m = re.fullmatch(r"(?:main_models|\w+_models)\.(\w+)", text)
    if m:
        return {"type": "object", "sdk_class": m.group(1)}
    raise ImportError_(f"unsupported annotation `{text}`")


def lenient_type(annotation: ast.expr | None) -> dict:
    """The type, or a marker that fails only if an operation uses the member (the
    `headers` of the SDK's response wrappers are not part of the API)."""
    try:
        return annotation_type(annotation)
    except ImportError_ as error:
        return {"type": "unsupported", "error": str(error)}


def read_models(package: Path) -> dict[str, list[dict]]:
    """Every model class: its members in the SDK's order."""
    files = sorted((package / "models").glob("*.py")) if (package / "models").is_dir() else []
    if (package / "models.py").is_file():
        files.append(package / "models.py")
    classes: dict[str, list[dict]] = {}
    for path in files:
        source = path.read_text(encoding="utf-8")
        lines = source.split("\n")
        tree = ast.parse(source)
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
            init, from_map = methods.get("__init__"), methods.get("from_map")
            if init is None or from_map is None:
                continue
            types = {a.arg: a.annotation for a in init.args.args[1:]}
            docs = {}
            for stmt in init.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.targets[0], ast.Attribute)
                    and isinstance(stmt.targets[0].value, ast.Name)
                    and stmt.targets[0].value.id == "self"
                ):
                    docs[stmt.targets[0].attr] = comment_above(lines, stmt.lineno)
            members = []
            for stmt in ast.walk(from_map):
                if not isinstance(stmt, ast.If):
                    continue
                wire = wire_name_of_test(stmt.test)
                if wire is None:
                    continue
                attr = assigned_attr(stmt)
                if attr is None:
                    raise ImportError_(f"{node.name}: no attribute for `{wire}` in from_map")
                members.append(
                    {
                        "wire_name": wire,
                        "sdk_name": attr,
                        "sdk_type": lenient_type(types.get(attr)),
                        "description": docs.get(attr, ""),
                    }
                )
            classes[node.name] = members
    return classes


def wire_name_of_test(test: ast.expr) -> str | None:
    """`m.get('Wire') is not None` -> `Wire`."""
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Call)
        and isinstance(test.left.func, ast.Attribute)
        and test.left.func.attr == "get"
        and isinstance(test.left.func.value, ast.Name)
        and test.left.func.value.id == "m"
        and test.left.args
        and isinstance(test.left.args[0], ast.Constant)
    ):
        return test.left.args[0].value
    return None


def assigned_attr(node: ast.If) -> str | None:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
            if inner.value.id == "self":
                return inner.attr
    return None


# ---------------------------------------------------------------------------------------
# Client


def read_client(package: Path) -> list[dict]:
    source = (package / "client.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    operations = []
    for fn in client.body:
        if not isinstance(fn, ast.FunctionDef) or not fn.name.endswith("with_options"):
            continue
        params: dict = {}
        locations: dict[str, tuple[str, str]] = {}
        json_shrink: set[str] = set()
        request_class = None
        for arg in fn.args.args:
            if arg.arg in ("request", "tmp_req") and arg.annotation is not None:
                request_class = ast.unparse(arg.annotation).split(".")[-1]
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "Params":
                    for kw in node.keywords:
                        if isinstance(kw.value, ast.Constant):
                            params[kw.arg] = kw.value.value
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                target = node.targets[0]
                if isinstance(target.value, ast.Name) and target.value.id in ("query", "body"):
                    key = target.slice
                    if isinstance(key, ast.Constant) and isinstance(node.value, ast.Attribute):
                        locations[key.value] = (target.value.id, node.value.attr)
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
                value = node.value
                if (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Attribute)
                    and value.func.attr == "array_to_string_with_specified_style"
                ):
                    style = value.args[2].value if len(value.args) > 2 else None
                    if style != "json":
                        raise ImportError_(f"{fn.name}: shrink style `{style}`")
                    json_shrink.add(node.targets[0].attr)
        if "action" not in params:
            raise ImportError_(f"{fn.name}: no action")
        operations.append(
            {
                "action": params["action"],
                "method": params.get("method", "POST"),
                "style": params.get("style", "RPC"),
                "auth_type": params.get("auth_type", "AK"),
                "request_class": request_class,
                "locations": locations,
                "json_shrink": json_shrink,
            }
        )
    return operations


# ---------------------------------------------------------------------------------------
# Building the description


class EnumUse(NamedTuple):
    """A member with documented values: a use of the enum it will refer to."""

    candidate: str  # the enum's name unless a name has several value lists
    values: tuple  # the documented values, as on the wire; a group of uses shares them
    action: str  # the action using it
    scalar: dict  # the member's type expression (its items for an array), given `enum`
    described: list  # the values with their descriptions, [{"value", "description"?}]
    pinned: bool  # whether the overrides name the enum
    wire: str  # the member's wire name


class Builder:
    def __init__(self, classes, client, overrides, package_version, action_order, product):
        self.product = product
        self.classes = classes
        self.client = client
        self.overrides = overrides
        self.package_version = package_version
        self.action_order = action_order
        self.enum_uses: list[EnumUse] = []
        self.object_uses: dict[str, tuple[str, str]] = {}  # sdk class -> (candidate, action)

    def member(self, raw: dict, action: str, override: dict | None, kind_of: str) -> dict:
        member: dict = {"wire_name": raw["wire_name"]}
        member.update(self.type_expr(raw["sdk_type"], raw["wire_name"], action))
        description = raw["description"]
        override = override or {}
        if "description" in override:
            description = override["description"]
        if kind_of == "parameter":
            member["location"] = raw["location"]
            member["style"] = raw["style"]
            if "required" in override:
                raise ImportError_(
                    f"{action}: {raw['wire_name']}: required-ness belongs in the overrides' "
                    "`required` evidence table, not in a parameter override"
                )
            member["required"] = False  # set from the evidence table (apply_required)
        member["description"] = description
        if "doc" in override:
            member["doc"] = override["doc"]
        if override.get("sensitive"):
            member["sensitive"] = True
        scalar = member if member["type"] != "array" else member["items"]
        values = (
            [{"value": v} for v in override["values"]]
            if "values" in override
            else allowed_values(raw["description"])
        )
        if scalar["type"] == "string" and values:
            use = EnumUse(
                candidate=override.get("enum") or pascal(raw["wire_name"]),
                values=tuple(v["value"] for v in values),
                action=action,
                scalar=scalar,
                described=values,
                pinned=bool(override.get("enum")),
                wire=raw["wire_name"],
            )
            self.enum_uses.append(use)
        found = limits(raw["description"], member["type"])
        if found:
            member["limits"] = found
        member["sdk_name"] = raw["sdk_name"]
        return member

    def type_expr(self, sdk_type: dict, wire_name: str, action: str, in_list=False) -> dict:
        if sdk_type["type"] == "unsupported":
            raise ImportError_(f"{action}: {wire_name}: {sdk_type['error']}")
        if sdk_type["type"] == "array":
            return {"type": "array", "items": self.type_expr(sdk_type["items"], wire_name, action, True)}
        if sdk_type["type"] == "object":
            cls = sdk_type["sdk_class"]
            candidate = pascal(wire_name)
            if in_list:
                candidate = singular(candidate)
            self.object_uses.setdefault(cls, (candidate, action))
            return {"type": "object", "ref": cls}
        return {"type": sdk_type["type"]}

    def build(self) -> dict:
        ops_overrides = self.overrides.get("operations", {})
        operations = []
        by_action = {op["action"]: op for op in self.client}
        for action in self.action_order:
            op = by_action[action]
            override = ops_overrides.get(action, {})
            request_class = op["request_class"]
            raw_params = []
            if request_class:
                sdk_members = self.classes.get(request_class)
                if sdk_members is None:
                    raise ImportError_(f"{action}: no model {request_class}")
                # The SDK converts the request into a `*ShrinkRequest` whose `*_shrink` field
                # holds the JSON text; the parameter's type is the one of the plain request.
                for m in sdk_members:
                    location = op["locations"].get(m["wire_name"])
                    if location is None:
                        raise ImportError_(f"{action}: {m['wire_name']} is not sent")
                    raw = dict(m)
                    raw["location"] = location[0]
                    raw["style"] = "json" if location[1] in op["json_shrink"] else "flat"
                    raw_params.append(raw)
            body_class = f"{action}ResponseBody"
            raw_response = self.classes.get(body_class)
            if raw_response is None:
                raise ImportError_(f"{action}: no model {body_class}")
            params = [
                self.member(r, action, override.get("parameters", {}).get(r["wire_name"]), "parameter")
                for r in ordered(raw_params, override.get("parameter_order"))
            ]
            response = [
                self.member(r, action, override.get("response", {}).get(r["wire_name"]), "field")
                for r in ordered(raw_response, override.get("response_order"))
            ]
            entry = {
                "action": action,
                "method": op["method"],
                "style": op["style"],
                "summary": override.get("summary", ""),
            }
            if "summary" in override:
                entry["summary_from"] = ["documentation"]
            if "source" in override:
                entry["documentation"] = override["source"]
            if op["auth_type"] == "Anonymous":
                entry["auth"] = "anonymous"
            elif op["auth_type"] != "AK":
                raise ImportError_(f"{action}: auth_type {op['auth_type']}")
            entry["parameters"] = params
            entry["response"] = response
            operations.append(entry)

        types = self.build_types()
        enums = self.build_enums()
        # Rename references from SDK classes to type names.
        names = {cls: t["name"] for t in types for cls in t["sdk_classes"]}

        def rename(expr: dict) -> None:
            if expr.get("type") == "object":
                expr["ref"] = names[expr["ref"]]
            if expr.get("type") == "array":
                rename(expr["items"])

        for op in operations:
            for m in op["parameters"] + op["response"]:
                rename(m)
        kept = []
        seen = set()
        for t in types:
            for m in t["fields"]:
                rename(m)
            if t["name"] not in seen:
                seen.add(t["name"])
                kept.append(t)
        for t in kept:
            t["sdk_classes"] = sorted(t["sdk_classes"])
        return {
            "format_version": FORMAT_VERSION,
            "product": self.product["product"],
            "api_version": self.product["api_version"],
            "source": {
                "package": self.product["package"],
                "package_version": self.package_version,
                "overrides": self.product["overrides"],
            },
            "operations": operations,
            "types": sorted(kept, key=lambda t: t["name"]),
            "enums": enums,
        }

    def build_types(self) -> list[dict]:
        """Nested objects: one type per distinct shape of a name; same name and shape share."""
        type_overrides = self.overrides.get("types", {})
        # Members of every nested class (with enums registered as they are read).
        pending = list(self.object_uses.items())
        members: dict[str, list[dict]] = {}
        while pending:
            cls, (candidate, action) = pending.pop(0)
            if cls in members:
                continue
            raw = self.classes.get(cls)
            if raw is None:
                raise ImportError_(f"no model {cls}")
            override = type_overrides.get(cls, {})
            before = set(self.object_uses)
            members[cls] = [
                self.member(r, action, override.get("fields", {}).get(r["wire_name"]), "field")
                for r in ordered(raw, override.get("field_order"))
            ]
            pending += [(c, self.object_uses[c]) for c in self.object_uses if c not in before]

        def shape(cls: str) -> str:
            def expr(e: dict):
                if e["type"] == "array":
                    return ["array", expr(e["items"])]
                if e["type"] == "object":
                    return ["object", shape(e["ref"])]
                return e["type"]
            return json.dumps([[m["wire_name"], expr(m)] for m in members[cls]])

        groups: dict[str, list[str]] = {}
        for cls, (candidate, _) in self.object_uses.items():
            name = type_overrides.get(cls, {}).get("name", candidate)
            groups.setdefault(name, []).append(cls)
        types = []
        for name, classes in groups.items():
            shapes: dict[str, list[str]] = {}
            for cls in classes:
                shapes.setdefault(shape(cls), []).append(cls)
            for same in shapes.values():
                first = same[0]
                action = self.object_uses[first][1]
                final = name if len(shapes) == 1 else pascal(action) + name
                override = type_overrides.get(first, {})
                description = override.get("description") or self.first_description(first)
                entry = {"name": final, "description": description}
                if "doc" in override:
                    entry["doc"] = override["doc"]
                entry["sdk_classes"] = same
                entry["fields"] = members[first]
                types.append(entry)
        return types

    def first_description(self, cls: str) -> str:
        """The description of the first member that refers to the class."""
        for other, raw in self.classes.items():
            for m in raw:
                t = m["sdk_type"]
                while t["type"] == "array":
                    t = t["items"]
                if t.get("sdk_class") == cls and m["description"]:
                    return m["description"]
        return ""

    def build_enums(self) -> list[dict]:
        """Open enums: one per distinct value list of a name; a name used with different
        lists is prefixed with the first action using each list, except a pinned name."""
        enum_overrides = self.overrides.get("enums", {})
        groups: dict[str, dict[tuple, list[EnumUse]]] = {}
        for use in self.enum_uses:
            groups.setdefault(use.candidate, {}).setdefault(use.values, []).append(use)
        enums = []
        for candidate, by_values in groups.items():
            for uses in by_values.values():
                pinned = any(u.pinned for u in uses)
                name = candidate if (len(by_values) == 1 or pinned) else pascal(uses[0].action) + candidate
                for use in uses:
                    use.scalar["enum"] = name
                override = enum_overrides.get(name, {})
                value_docs = {v["value"]: v for v in override.get("values", [])}
                described = uses[0].described
                entry_values = []
                used_variants = set()
                for v in described:
                    o = value_docs.get(v["value"], {})
                    variant = o.get("rust_name") or variant_name(v["value"])
                    while variant in used_variants:
                        variant += "_"
                    used_variants.add(variant)
                    entry_values.append(
                        {
                            "value": v["value"],
                            "rust_name": variant,
                            "description": o.get("description") or v.get("description") or f"`{v['value']}`.",
                        }
                    )
                enums.append(
                    {
                        "name": name,
                        "description": override.get("description")
                        or f"The documented values of `{candidate_wire(uses)}`.",
                        "values": entry_values,
                    }
                )
        names = [e["name"] for e in enums]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ImportError_(f"enum names used twice: {sorted(dupes)}")
        return sorted(enums, key=lambda e: e["name"])


# ---------------------------------------------------------------------------------------
# The official Go SDK's facts: summaries, operation descriptions, examples

GO_SOURCE_KEYS = ("repository", "module", "commit", "commit_date", "tags", "changelog_version", "files", "extracted_by")


def go_source(go: dict, path: Path) -> dict:
    """The provenance of the Go facts, for the description's `source.go_sdk`."""
    source = go.get("source", {})
    if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
        raise ImportError_(f"{path}: source.commit is not a 40-digit commit")
    out = {key: source[key] for key in GO_SOURCE_KEYS if key in source}
    out["facts"] = f"api/{path.name}"
    return out


def typed_example(text: str, kind: str) -> tuple[object | None, str]:
    """The Go SDK's example text as a JSON value of the member's type, or why not."""
    if kind == "string":
        return text, ""
    if kind == "integer":
        if re.fullmatch(r"-?\d+", text.strip()):
            return int(text.strip()), ""
        return None, f"`{text}` is not an integer"
    if kind == "boolean":
        # The Go SDK spells one boolean example `True` (GetLoginPreference's
        # AllowUserToGetCredentials); the wire value is JSON `true`.
        if text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true", ""
        return None, f"`{text}` is not a boolean"
    return None, f"an example of a whole {kind}"


def with_examples(member: dict, examples: list, source: str) -> dict:
    """`member` with `examples` and `examples_from` before `limits` and `sdk_name`."""
    tail = {key: member.pop(key) for key in ("limits", "sdk_name") if key in member}
    member["examples"] = examples
    member["examples_from"] = source
    member.update(tail)
    return member


class GoImport:
    """Merges the Go facts into a built description and counts what made it."""

    def __init__(self, description: dict, go: dict, overrides: dict):
        self.description = description
        self.overrides = overrides.get("operations", {})
        self.rejected: dict[str, set] = {}
        self.go = go["operations"]
        self.types = {t["name"]: t for t in description["types"]}
        self.type_examples: dict[tuple[str, str], list] = {}
        self.skipped: list[str] = []
        self.counts = {
            "summaries": 0,
            "descriptions": 0,
            "parameter_examples": 0,
            "nested_parameter_examples": 0,
            "response_examples": 0,
        }

    def apply(self) -> None:
        actions = {op["action"] for op in self.description["operations"]}
        for action in sorted(set(self.go) - actions):
            self.skipped.append(f"{action}: an operation the description does not have")
        for op in self.description["operations"]:
            go = self.go.get(op["action"])
            if go is None:
                continue
            self.operation(op, go)
            rejected = {
                wire: set(p.get("rejected_examples", {}).get("values", []))
                for wire, p in self.overrides.get(op["action"], {}).get("parameters", {}).items()
            }
            self.rejected = rejected
            self.members(op["action"], op["parameters"], go["parameters"], "parameter_examples", "")
            self.rejected = {}
            self.members(op["action"], op["response"], go["response"], "response_examples", "")
        for (name, wire), examples in sorted(self.type_examples.items()):
            field = next(f for f in self.types[name]["fields"] if f["wire_name"] == wire)
            with_examples(field, examples, "go_sdk")

    def operation(self, op: dict, go: dict) -> None:
        summary = go.get("summary", "").strip()
        if summary:
            if op["summary"] and op["summary"] != summary:
                # A documentation page wins over the SDK; both are recorded only when equal.
                self.skipped.append(f"{op['action']}: summary differs from its documentation page's")
            else:
                sources = ["go_sdk"] + [s for s in op.get("summary_from", []) if s != "go_sdk"]
                rebuilt = {}
                for key, value in op.items():
                    rebuilt[key] = value
                    if key == "summary":
                        rebuilt["summary"] = summary
                        rebuilt["summary_from"] = sources
                op.clear()
                op.update(rebuilt)
                self.counts["summaries"] += 1
        description = go.get("description", "").strip()
        if description:
            rebuilt = {}
            for key, value in op.items():
                rebuilt[key] = value
                if key == "summary_from":
                    rebuilt["description"] = description
                    rebuilt["description_from"] = "go_sdk"
            op.clear()
            op.update(rebuilt)
            self.counts["descriptions"] += 1

    def members(self, action: str, members: list, go_members: dict, count: str, path: str) -> None:
        for member in members:
            go = go_members.get(member["wire_name"])
            if go is None:
                continue
            where = f"{action}: {path}{member['wire_name']}"
            examples = []
            for text in go.get("examples", []):
                if text in self.rejected.get(member["wire_name"], set()):
                    self.skipped.append(f"{where}: example `{text}` rejected by the overrides")
                    continue
                value, why = typed_example(text, member["type"])
                if value is None:
                    self.skipped.append(f"{where}: example {why}")
                elif value not in examples:
                    examples.append(value)
            if examples:
                with_examples(member, examples, "go_sdk")
                self.counts[count] += 1
            self.nested(action, member, go, f"{path}{member['wire_name']}.")

    def nested(self, action: str, member: dict, go: dict, path: str) -> None:
        """Examples of the fields of the member's type (the types are shared: every use's
        examples are kept, each once)."""
        expr = member["items"] if member["type"] == "array" else member
        if expr["type"] != "object" or "fields" not in go:
            return
        count = "nested_parameter_examples" if "location" in member else "response_examples"
        name = expr["ref"]
        for field in self.types[name]["fields"]:
            go_field = go["fields"].get(field["wire_name"])
            if go_field is None:
                continue
            where = f"{action}: {path}{field['wire_name']}"
            kept = self.type_examples.setdefault((name, field["wire_name"]), [])
            found = False
            for text in go_field.get("examples", []):
                value, why = typed_example(text, field["type"])
                if value is None:
                    self.skipped.append(f"{where}: example {why}")
                    continue
                found = True
                if value not in kept:
                    kept.append(value)
            if not kept:
                del self.type_examples[(name, field["wire_name"])]
            if found:
                self.counts[count] += 1
            self.nested(action, field, go_field, f"{where.split(': ', 1)[1]}.")


# ---------------------------------------------------------------------------------------
# Required parameters: only with evidence

EVIDENCE = {"✓": "api_page", "R": "ros", "T": "terraform"}


def apply_required(description: dict, table: dict, service_md: str | None) -> int:
    """Marks the parameters the evidence table names as required, with `required_by`.

    The table (`required` in the overrides) transcribes service.md §7: per operation, the
    row's operation cell, its Required cell, the parameters it names and the evidence marks
    that apply to this operation. With service.md at hand, every row and cell is checked
    against the text."""
    rows = section_7_rows(service_md) if service_md is not None else None
    operations = {op["action"]: op for op in description["operations"]}
    marked = 0
    for action, entry in table.get("operations", {}).items():
        op = operations.get(action)
        if op is None:
            raise ImportError_(f"required evidence for {action}, which is not an operation")
        if not row_names(entry["row"], action):
            raise ImportError_(f"{action}: row `{entry['row']}` does not name it")
        if rows is not None and rows.get(entry["row"]) != entry["cell"]:
            raise ImportError_(
                f"{action}: service.md §7 has no row `{entry['row']}` with Required `{entry['cell']}`"
                f" (found {rows.get(entry['row'])!r})"
            )
        evidence = entry["evidence"]
        for mark in evidence:
            if mark not in EVIDENCE.values():
                raise ImportError_(f"{action}: evidence `{mark}` (one of {sorted(EVIDENCE.values())})")
            symbol = next(k for k, v in EVIDENCE.items() if v == mark)
            if symbol not in entry["cell"]:
                raise ImportError_(f"{action}: evidence `{mark}` but the cell `{entry['cell']}` has no {symbol}")
        if not evidence:
            raise ImportError_(f"{action}: no evidence")
        named = cell_parameters(entry["cell"])
        if named != set(entry["parameters"]):
            raise ImportError_(
                f"{action}: the cell `{entry['cell']}` names {sorted(named)}, the entry {sorted(entry['parameters'])}"
            )
        for wire in entry["parameters"]:
            parameter = next((p for p in op["parameters"] if p["wire_name"] == wire), None)
            if parameter is None:
                raise ImportError_(f"{action}: required parameter {wire} is not a parameter")
            rebuilt = {}
            for key, value in parameter.items():
                rebuilt[key] = value
                if key == "required":
                    rebuilt["required"] = True
                    rebuilt["required_by"] = list(evidence)
            parameter.clear()
            parameter.update(rebuilt)
            marked += 1
    return marked


CELL_NAMES = {"D": "DirectoryId", "AC ID": "AccessConfigurationId"}


def cell_parameters(cell: str) -> set[str]:
    """The parameters a §7 Required cell names before its marks, without the conditional
    ones in `(+...)`: `D, UserId (+NewStatus) ✓ (DeleteUser), ...` -> DirectoryId, UserId."""
    tokens = cell.split()
    end = next((i for i, t in enumerate(tokens) if re.fullmatch(r"[✓RT†/]+,?", t)), len(tokens))
    names = re.sub(r"\(\+[^)]*\)", "", " ".join(tokens[:end]))
    return {CELL_NAMES.get(n.strip(), n.strip()) for n in names.split(",") if n.strip()}


def row_names(row: str, action: str) -> bool:
    """Whether a §7 operation cell names `action`: `Create/DeleteAccessAssignment`,
    `Set/GetSCIMSynchronizationStatus`, `AddUserToGroup / RemoveUserFromGroup`."""
    for part in re.split(r"\s*(?:/ |,\s*)\s*", row):
        part = part.strip()
        m = re.fullmatch(r"((?:[A-Z][a-z]+/)*[A-Z][a-z]+)([A-Z]\w*?)(\(s\))?", part)
        if m:
            verbs = m.group(1).split("/")
            rest = m.group(2)
            for verb in verbs:
                if f"{verb}{rest}" == action or (m.group(3) and f"{verb}{rest}s" == action):
                    return True
        if part == action:
            return True
    return False


def section_7_rows(text: str) -> dict[str, str]:
    """service.md §7's table: operation cell -> Required cell."""
    section = text.split("## 7. Operations", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("Operation", "---"):
            rows[cells[0]] = cells[2]
    return rows


def candidate_wire(uses: list[EnumUse]) -> str:
    return uses[0].wire


def variant_name(value: str) -> str:
    name = pascal(value)
    if not name or not name[0].isalpha():
        name = "V" + name
    return name


def ordered(members: list[dict], order: list[str] | None) -> list[dict]:
    if not order:
        return list(members)
    rank = {name: i for i, name in enumerate(order)}
    return sorted(members, key=lambda m: (rank.get(m["wire_name"], len(rank)),))


def package_version(site: Path, product: dict) -> str:
    for dist in site.glob(f"{product['module']}-*.dist-info"):
        return dist.name.removesuffix(".dist-info").split("-")[1]
    raise ImportError_(f"{product['package']} is not installed in {site}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site-packages", required=True, type=Path)
    parser.add_argument("--overrides", required=True, type=Path)
    parser.add_argument(
        "--actions", type=Path, help="protocol.md (the operation list), unless the overrides list them"
    )
    parser.add_argument("--go-facts", type=Path, help="the Go SDK's facts (api/cloudsso-go-sdk-facts.json)")
    parser.add_argument(
        "--service-md", type=Path, help="service.md: checks the overrides' required evidence against its §7 table"
    )
    parser.add_argument("--output", required=True, type=Path)
    args = parser.parse_args()
    try:
        overrides = json.loads(args.overrides.read_text(encoding="utf-8"))
        product = dict(overrides.get("product", CLOUDSSO))
        product["overrides"] = args.overrides.as_posix()
        package = args.site_packages / product["module"]
        classes = read_models(package)
        client = read_client(package)
        version = package_version(args.site_packages, product)
        if version != overrides.get("package_version"):
            raise ImportError_(
                f"installed {product['package']} {version}, overrides pinned to {overrides.get('package_version')}"
            )
        sdk_actions = {op["action"] for op in client}
        if "actions" in product:
            # A subset of the SDK's operations, in the overrides' order.
            actions = product["actions"]
            missing = sorted(set(actions) - sdk_actions)
            if missing:
                raise ImportError_(f"the SDK has no {missing}")
            client = [op for op in client if op["action"] in actions]
            sdk_actions = set(actions)
        elif args.actions is None:
            raise ImportError_("--actions protocol.md is needed without the overrides' actions")
        else:
            actions = documented_actions(args.actions.read_text(encoding="utf-8"))
        if set(actions) != sdk_actions:
            raise ImportError_(
                f"protocol.md and the SDK differ: only documented {sorted(set(actions) - sdk_actions)}, "
                f"only in the SDK {sorted(sdk_actions - set(actions))}"
            )
        description = Builder(classes, client, overrides, version, actions, product).build()
        go = json.loads(args.go_facts.read_text(encoding="utf-8")) if args.go_facts else None
        if go is not None:
            description["source"]["go_sdk"] = go_source(go, args.go_facts)
        description["source"]["required_evidence"] = overrides.get("required", {}).get("source", "")
        merged = GoImport(description, go, overrides) if go is not None else None
        if merged is not None:
            merged.apply()
        service_md = args.service_md.read_text(encoding="utf-8") if args.service_md else None
        required = apply_required(description, overrides.get("required", {}), service_md)
    except ImportError_ as error:
        print(f"import-api: {error}", file=sys.stderr)
        return 1
    text = json.dumps(description, indent=2, ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    if merged is None:
        print(
            f"wrote {args.output}: {len(description['operations'])} operations, "
            f"{len(description['types'])} types, {len(description['enums'])} enums, "
            f"required with evidence: {required} parameters (no Go SDK facts)"
        )
        return 0
    stats = go.get("statistics", {})
    counts = merged.counts
    print(
        f"wrote {args.output}: {len(description['operations'])} operations, "
        f"{len(description['types'])} types, {len(description['enums'])} enums\n"
        f"from the Go SDK @ {go['source']['commit'][:12]}: {counts['summaries']} of {stats.get('with_summary')} summaries, "
        f"{counts['descriptions']} of {stats.get('with_description')} operation descriptions, "
        f"{counts['parameter_examples']} of {stats.get('request_parameters_with_example')} parameter examples "
        f"(+{counts['nested_parameter_examples']} nested), {counts['response_examples']} response field examples "
        f"(incl. nested, of {stats.get('response_fields_with_example')})\n"
        f"required with evidence: {required} parameters"
        + ("" if service_md else " (evidence rows not checked: no --service-md)")
    )
    for line in merged.skipped:
        print(f"  not imported: {line}")
    return 0


def documented_actions(protocol: str) -> list[str]:
    """The operation list of protocol.md, in its order."""
    section = protocol.split("## CloudSSO 2021-05-15 operations", 1)[1]
    section = section.split("The official Python package", 1)[0]
    actions = []
    for line in section.split("\n")[1:]:
        if ":" in line:
            line = line.split(":", 1)[1]
        for name in line.split(","):
            name = name.strip().rstrip(".")
            if re.fullmatch(r"[A-Z][A-Za-z0-9]+", name):
                actions.append(name)
    return actions


if __name__ == "__main__":
    sys.exit(main())
