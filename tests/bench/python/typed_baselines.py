"""The typed decoders a Python user would pick today, as baselines of `make bench`: msgspec
(`msgspec.json.Decoder(T)`, structs with `rename="camel"`, default and `gc=False`) and pydantic v2
(BaseModel with camelCase aliases, decoded with a `TypeAdapter`).

Their classes are generated from evovoice's own stubs (python/evovoice/_evovoice.pyi, itself
generated from the core's schema), so every field of `SessionInfo` and of the types it holds is
declared with the type a user would write (enum-valued fields as `str`, the cheapest and, like
evovoice, tolerant of values it does not know; every field optional, as the API may omit any).
No field name is written here. `source(...)` is the generated module text (written beside the
report for inspection).

Also generated: `read_all_<T>(obj)`, which reads every field of a `T` and of every object it holds
(nested lists included) by plain attribute access, the same code for every contender, and
`plain_<T>(obj)`, the value as nested dicts, lists and plain str/int/float/bool (to check that
every contender decodes the same values as evovoice before timing it).
"""
from __future__ import annotations

import ast
import os
import re
import sys
import types
from typing import Any, Dict, List, Tuple

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
STUBS = os.path.join(ROOT, "python", "evovoice", "_evovoice.pyi")

Fields = List[Tuple[str, str]]  # (python name, annotation without "| None")


def stub_types(root: str = "SessionInfo") -> Tuple[Dict[str, Fields], List[str]]:
    """The DTO classes reachable from `root` in the stubs (dependencies first) and the enum
    class names, read from the stubs' properties."""
    tree = ast.parse(open(STUBS).read())
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    enums = [n for n, c in classes.items() if any(isinstance(b, ast.Name) and b.id == "str" for b in c.bases)]
    out: Dict[str, Fields] = {}

    def visit(name: str) -> None:
        if name in out:
            return
        fields: Fields = []
        for item in classes[name].body:
            if isinstance(item, ast.FunctionDef) and any(isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list):
                ann = ast.unparse(item.returns)
                ann = re.sub(r"\s*\|\s*None$", "", ann)
                fields.append((item.name, ann))
        for _, ann in fields:
            for ref in re.findall(r"\b[A-Z]\w*", ann):
                if ref in classes and ref not in enums:
                    visit(ref)
        out[name] = fields

    visit(root)
    return out, enums


def _py_type(ann: str, enums: List[str]) -> str:
    for e in enums:
        ann = re.sub(rf"\b{e}\b", "str", ann)
    return ann


def _nested(ann: str, types: Dict[str, Fields]) -> Tuple[str, bool]:
    """(DTO name, is a list) if `ann` holds a DTO, else ("", False)."""
    m = re.fullmatch(r"list\[(\w+)\]", ann)
    if m and m.group(1) in types:
        return m.group(1), True
    if ann in types:
        return ann, False
    return "", False


def source(kind: str, root: str = "SessionInfo") -> str:
    """Module text declaring `root`'s classes and `ListResponse` for `kind` ("msgspec",
    "msgspec_nogc" or "pydantic"), plus the readers `read_all_*` and `plain_*`."""
    types, enums = stub_types(root)
    # Classes in dependency order, annotations evaluated as they are declared.
    lines = ["from typing import Optional", ""]
    if kind.startswith("msgspec"):
        gc = "False" if kind == "msgspec_nogc" else "True"
        lines += ["import msgspec", "", f"class _Base(msgspec.Struct, rename='camel', gc={gc}):", "    pass", ""]
        default = " = None"
    elif kind == "pydantic":
        lines += ["from pydantic import BaseModel, ConfigDict, TypeAdapter",
                  "from pydantic.alias_generators import to_camel", "",
                  "class _Base(BaseModel):",
                  "    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)", ""]
        default = " = None"
    else:
        raise ValueError(kind)
    for name, fields in list(types.items()) + [("ListResponse", [("items", f"list[{root}]"), ("total_count", "int"), ("total_pages", "int"), ("has_more_pages", "bool")])]:
        lines.append(f"class {name}(_Base):")
        for f, ann in fields:
            lines.append(f"    {f}: Optional[{_py_type(ann, enums)}]{default}")
        lines.append("")
    if kind == "pydantic":
        lines += ["ADAPTER = TypeAdapter(ListResponse)", "def decode(body): return ADAPTER.validate_json(body)", ""]
    else:
        lines += ["DECODER = msgspec.json.Decoder(ListResponse)", "def decode(body): return DECODER.decode(body)", ""]
    lines += readers(types, enums)
    return "\n".join(lines) + "\n"


def readers(types: Dict[str, Fields], enums: List[str]) -> List[str]:
    """`read_all_T(o)` (every attribute read once, nested objects too) and `plain_T(o)` for
    every type: generated so that reading costs the same attribute accesses for every
    contender."""
    lines: List[str] = []
    for name, fields in types.items():
        lines.append(f"def read_all_{name}(o):")
        for f, ann in fields:
            nested, is_list = _nested(ann, types)
            if not nested:
                lines.append(f"    o.{f}")
            elif is_list:
                lines += [f"    v = o.{f}", "    if v is not None:", "        for x in v:", f"            read_all_{nested}(x)"]
            else:
                lines += [f"    v = o.{f}", "    if v is not None:", f"        read_all_{nested}(v)"]
        lines.append("")
        lines.append(f"def plain_{name}(o):")
        lines.append("    d = {}")
        for f, ann in fields:
            nested, is_list = _nested(ann, types)
            lines.append(f"    v = o.{f}")
            if not nested:
                conv = "str(v)" if _py_type(ann, enums) == "str" else ("dict(v)" if ann.startswith("dict") else ("list(v)" if ann.startswith("list") else "v"))
                lines.append(f"    d[{f!r}] = None if v is None else {conv}")
            elif is_list:
                lines.append(f"    d[{f!r}] = None if v is None else [plain_{nested}(x) for x in v]")
            else:
                lines.append(f"    d[{f!r}] = None if v is None else plain_{nested}(v)")
        lines += ["    return d", ""]
    return lines


def load(kind: str, root: str = "SessionInfo") -> Dict[str, Any]:
    """The namespace of `source(kind)` executed, as module `bench_<kind>` (msgspec and pydantic
    resolve annotations in the class's module)."""
    name = f"bench_{kind}"
    if name not in sys.modules:
        module = types.ModuleType(name)
        sys.modules[name] = module
        exec(compile(source(kind, root), f"<{name}>", "exec"), module.__dict__)
    return sys.modules[name].__dict__
