"""Maintainer command: regenerate `units` and `unit_changes` from the `vietnamadminunits` registry.

The registry (MIT licence) ships a SQLite file with both eras and a JSON map of the
2025 successions keyed by folded names. We read those files directly (importing the
package would pull in its geocoding stack) and write our own tables keyed by
`<era>-<code>`, because one code can name two units: 21361 was Xã Long Hiệp before
1 July 2025 and is Xã Minh Long after it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sqlite3
from pathlib import Path

from .errors import OpendataError
from .package import Package, write_json_atomic
from .units import ERA_NEW, ERA_OLD, NEW_ERA_START, OLD_ERA_END, unit_id
from .vntext import collapse_spaces, normalize

REGISTRY = "vietnamadminunits"
REGISTRY_HOME = "https://github.com/tranngocminhhieu/vietnamadminunits"

TYPES = {"tỉnh": "tỉnh", "thành phố": "thành phố", "huyện": "huyện", "quận": "quận", "thị xã": "thị xã",
         "xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "đặc khu": "đặc khu"}

# Legal bases we have checked ourselves; the registry does not carry them.
# Resolution 1677/NQ-UBTVQH15 (16/6/2025) arranged Quảng Ngãi's commune-level units.
BASIS_BY_NEW_PROVINCE = {"51": "Nghị quyết 1677/NQ-UBTVQH15 (16/6/2025)"}
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15 (12/6/2025)"


def _registry_files() -> tuple[Path, str]:
    spec = importlib.util.find_spec(REGISTRY)
    if spec is None or not spec.submodule_search_locations:
        raise OpendataError(f"the '{REGISTRY}' package is not installed",
                            hint="pip install -e '.[registry]'")
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    return folder, importlib.metadata.version(REGISTRY)


def _type_of(full_name: str, declared: str | None) -> str:
    kind = normalize(declared or "").lower()
    if kind in TYPES:
        return kind
    for prefix in sorted(TYPES, key=len, reverse=True):
        if normalize(full_name).lower().startswith(prefix + " "):
            return prefix
    raise OpendataError(f"unknown unit type for '{full_name}'")


def _short(full_name: str, kind: str) -> str:
    name = collapse_spaces(normalize(full_name))
    return name[len(kind) + 1:] if name.lower().startswith(kind + " ") else name


def build_tables(folder: Path) -> tuple[list[dict], list[dict]]:
    db = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    units: dict[str, dict] = {}

    def add(era, level, code, name, kind, parent, province):
        uid = unit_id(era, code)
        if uid in units:
            return uid
        units[uid] = {
            "id": uid, "era": era, "code": code, "level": level, "type": kind,
            "name": collapse_spaces(normalize(name)), "short_name": _short(name, kind),
            "parent_id": unit_id(era, parent) if parent else "",
            "province_id": unit_id(era, province) if province and province != code else "",
            "valid_from": NEW_ERA_START if era == ERA_NEW else "",
            "valid_to": OLD_ERA_END if era == ERA_OLD else "",
        }
        return uid

    old_by_key: dict[str, str] = {}
    for row in db.execute(
        "select province, provinceCode, district, districtType, districtCode, ward, wardType, wardCode,"
        " provinceKey, districtKey, wardKey from admin_units_legacy order by provinceCode, districtCode, wardCode"
    ):
        (province, pcode, district, dtype, dcode, ward, wtype, wcode, pkey, dkey, wkey) = row
        add(ERA_OLD, "province", pcode, province, _type_of(province, None), None, None)
        did = add(ERA_OLD, "district", dcode, district, _type_of(district, dtype), pcode, pcode)
        target = did
        if wcode:
            target = add(ERA_OLD, "commune", wcode, ward, _type_of(ward, wtype), dcode, pcode)
        old_by_key[f"{pkey}_{dkey}_{wkey or ''}"] = target
    old_province_by_key = {pkey: unit_id(ERA_OLD, pcode) for pkey, pcode in
                           db.execute("select distinct provinceKey, provinceCode from admin_units_legacy")}

    new_by_key: dict[tuple[str, str], str] = {}
    new_province_by_key: dict[str, str] = {}
    for province, pcode, ward, wtype, wcode, pkey, wkey in db.execute(
        "select province, provinceCode, ward, wardType, wardCode, provinceKey, wardKey"
        " from admin_units order by provinceCode, wardCode"
    ):
        new_province_by_key[pkey] = add(ERA_NEW, "province", pcode, province, _type_of(province, None), None, None)
        new_by_key[(pkey, wkey)] = add(ERA_NEW, "commune", wcode, ward, _type_of(ward, wtype), pcode, pcode)

    conv = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    changes: dict[tuple[str, str], dict] = {}

    def link(old, new, kind, primary, basis):
        changes[(old, new)] = {"old_unit_id": old, "new_unit_id": new, "kind": kind,
                               "primary": primary, "effective_date": NEW_ERA_START, "basis": basis}

    for new_pkey, old_pkeys in conv["DICT_PROVINCE"].items():
        for old_pkey in old_pkeys:
            link(old_province_by_key[old_pkey], new_province_by_key[new_pkey], "full", True, PROVINCE_BASIS)
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        basis = BASIS_BY_NEW_PROVINCE.get(units[new_province_by_key[new_pkey]]["code"], "")
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                link(old_by_key[old_key], new_by_key[(new_pkey, new_wkey)], "full", True, basis)
    for new_pkey, splits in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        basis = BASIS_BY_NEW_PROVINCE.get(units[new_province_by_key[new_pkey]]["code"], "")
        for old_key, targets in splits.items():
            for target in targets:
                link(old_by_key[old_key], new_by_key[(new_pkey, target["newWardKey"])], "partial",
                     bool(target["isDefaultNewWard"]), basis)
    order = {ERA_OLD: 0, ERA_NEW: 1}
    unit_rows = sorted(units.values(), key=lambda u: (order[u["era"]], len(u["code"]), u["code"]))
    change_rows = sorted(changes.values(), key=lambda c: (len(c["old_unit_id"]), c["old_unit_id"], c["new_unit_id"]))
    return unit_rows, change_rows


def regenerate(package: Package) -> dict:
    """Rewrite units.csv and unit_changes.csv and the registry entry in `sources`."""
    folder, version = _registry_files()
    unit_rows, change_rows = build_tables(folder)
    package.write({"units": unit_rows, "unit_changes": change_rows})
    sources = package.descriptor.setdefault("sources", [])
    entry = {"title": f"{REGISTRY} {version} (MIT): đơn vị hành chính hai thời kỳ / administrative units of both eras",
             "path": REGISTRY_HOME, "version": version}
    sources[:] = [s for s in sources if REGISTRY not in s.get("title", "")] + [entry]
    write_json_atomic(package.descriptor_path, package.descriptor)
    counts = {}
    for u in unit_rows:
        key = f"{u['era']} {u['level']}"
        counts[key] = counts.get(key, 0) + 1
    return {"version": version, "units": len(unit_rows), "changes": len(change_rows), "by_era_level": counts}
