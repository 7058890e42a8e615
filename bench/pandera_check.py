"""Validate a CSV with pandera against the checks of a Sluice schema.json.

The benchmark's pandera side of `validate-data check`: the same checks (type, nullability,
range, allowed values, lengths, uniqueness), all failures collected (lazy=True), the data
loaded with pandas as a pandera user would. Usage: pandera_check.py DATA SCHEMA
"""
import json
import sys

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

data_path, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
dtypes = {"integer": "Int64", "float": "float64", "boolean": "boolean", "string": "string",
          "datetime": "string"}
columns = {}
for column in schema["columns"]:
    checks = []
    if "min" in column:
        checks.append(pa.Check.ge(column["min"]))
    if "max" in column:
        checks.append(pa.Check.le(column["max"]))
    if "values" in column:
        checks.append(pa.Check.isin(column["values"]))
    if "min_length" in column or "max_length" in column:
        checks.append(pa.Check.str_length(column.get("min_length"), column.get("max_length")))
    columns[column["name"]] = pa.Column(
        dtypes[column["type"]], checks=checks, nullable=column["nullable"],
        unique=column.get("unique", False), coerce=True)
frame = pd.read_csv(data_path, dtype={c["name"]: dtypes[c["type"]] for c in schema["columns"]})
try:
    pa.DataFrameSchema(columns, strict=True).validate(frame, lazy=True)
    print("valid", len(frame))
except SchemaErrors as errors:
    print("invalid", len(errors.failure_cases))
