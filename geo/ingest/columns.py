"""Column names an import accepts: the schema's English names and the Chinese headers staff use.

A header matches after spaces, brackets, colons and degree signs are dropped
and letters are lower-cased, so ``经度(°)``, ``经度`` and ``Lon`` all mean ``lon``.
"""

from __future__ import annotations

import re

from geo.ingest.problems import Problem

COMMON = {
    "编号": "id",
    "代码": "id",
    "来源": "source",
    "来源文件": "source",
    "出处": "section",
    "章节": "section",
    "条目": "section",
}

ALIASES: dict[str, dict[str, str]] = {
    "enterprises": {
        **COMMON,
        "企业编号": "id",
        "企业名称": "name_zh",
        "名称": "name_zh",
        "中文名称": "name_zh",
        "英文名称": "name_en",
        "所属区域": "area",
        "区域": "area",
        "所属区县": "area",
        "区县": "area",
        "行业": "industry_zh",
        "所属行业": "industry_zh",
        "产业": "industry_zh",
        "英文行业": "industry_en",
        "角色": "role_zh",
        "企业类型": "role_zh",
        "类型": "role_zh",
        "英文角色": "role_en",
        "经度": "lon",
        "纬度": "lat",
        "longitude": "lon",
        "latitude": "lat",
        "lng": "lon",
    },
    "indicators": {
        **COMMON,
        "指标编号": "id",
        "区域": "area",
        "所属区域": "area",
        "指标名称": "name_zh",
        "指标": "name_zh",
        "英文名称": "name_en",
        "指标族": "family",
        "指标类别": "family",
        "单位": "unit_zh",
        "英文单位": "unit_en",
        "基期年份": "baseline_year",
        "基期年": "baseline_year",
        "基期值": "baseline_value",
        "基期原文": "baseline_text",
        "目标年份": "target_year",
        "目标年": "target_year",
        "目标值": "target_value",
        "目标原文": "target_text",
        "比较": "comparison",
        "累计": "cumulative",
        "属性": "attribute_zh",
        "指标属性": "attribute_zh",
        "状态": "status",
        "原文": "quote_zh",
        "估计": "estimate",
        "预计": "estimate",
        "估计值": "estimate",
        "说明": "note_zh",
        "备注": "note_zh",
        "英文说明": "note_en",
        "英文备注": "note_en",
    },
    "areas": {
        **COMMON,
        "区域编号": "id",
        "名称": "name_zh",
        "中文名称": "name_zh",
        "英文名称": "name_en",
        "类型": "kind",
        "上级": "parent",
        "上级区域": "parent",
        "级别": "level_zh",
        "行政区划代码": "adcode",
        "精度": "accuracy",
        "精度说明": "accuracy_note_zh",
        "英文精度说明": "accuracy_note_en",
        "公布面积": "official_area_km2",
        "面积原文": "official_area_text",
        "定位": "positioning_zh",
        "主导产业": "industries_zh",
        "平台": "platforms_zh",
        "简介来源": "profile_source",
        "简介章节": "profile_section",
    },
}


def header_key(text: str) -> str:
    """Return the form headers are compared in: no spaces, brackets, colons or degree signs; lower case."""
    return re.sub(r"[\s()（）【】\[\]°:：]+", "", text).lower()


def map_header(
    header: list[str], kind: str, fields: dict[str, dict], name: str
) -> tuple[dict[str, str], list[Problem]]:
    """Map a file's columns to schema fields.

    Parameters
    ----------
    header
        The columns as written in the file.
    kind
        ``enterprises``, ``indicators`` or ``areas``.
    fields
        The table's field specs (``schema.toml``).
    name
        The file name, for messages.

    Returns
    -------
    tuple
        ``{column as written: field}`` and the problems: unknown columns, and
        two columns that mean the same field.
    """
    known = {header_key(f): f for f in fields}
    known.update({header_key(alias): f for alias, f in ALIASES[kind].items()})
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    for col in header:
        target = known.get(header_key(col))
        if target is None:
            accepted = ", ".join(fields)
            problems.append(Problem(name, f"unknown column (accepted: {accepted}, or their Chinese names)", 1, col))
            continue
        twin = next((c for c, f in mapping.items() if f == target), None)
        if twin is not None:
            problems.append(Problem(name, f"means {target!r} like column {twin!r}: keep one", 1, col))
            continue
        mapping[col] = target
    return mapping, problems
