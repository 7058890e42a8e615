import SluiceCore

/// The `python_function` loader module written into a bundle's `mlflow/code/` (MLflow imports
/// it by name and calls `_load_pyfunc(data_path)`): it scores rows as `predict` does, tabular
/// models through model.onnx and models with text columns from model.json with scikit-learn's
/// `HashingVectorizer`. MLflow's own onnx loader is not used: with pandas 3 it hands
/// onnxruntime string columns it refuses, and it scores a JSON null as an unknown category.
enum PyfuncLoader {
  /// The module's name (`loader_module` in MLmodel).
  static let moduleName = "sluice_pyfunc"

  /// The module's source, stating `testedWith` (package -> version).
  static func source(testedWith: [(String, String)]) -> String {
    let versions = testedWith.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
    return template + "\n\n# The versions Sluice's serving tests ran this loader with"
      + " (requirements.txt pins them).\nTESTED_WITH = {" + versions + "}\n"
  }

  static let template = #"""
    """MLflow python_function loader of a Sluice bundle (written by package-model; do not edit).

    Scores rows as `predict` does: a missing value (JSON null, NaN, an empty string or an absent
    column) means what an empty CSV field means, and the outputs are predict's: `label` and one
    `proba_<class>` per class, or `prediction`.

    - Tabular models run model.onnx in onnxruntime (float32 inputs, as the ONNX contract says).
    - Models with text columns run model.json here in double precision: text through
      scikit-learn's HashingVectorizer with the model's settings (Sluice hashes exactly as it
      does), numeric and categorical columns as Sluice's feature pipeline, then the linear model.
    """
    import json
    import math

    import numpy as np
    import pandas as pd


    def _load_pyfunc(path):
        if path.endswith(".onnx"):
            return _ONNXModel(path)
        return _NativeModel(path)


    def _frame(data):
        if isinstance(data, pd.DataFrame):
            return data
        if isinstance(data, dict):
            return pd.DataFrame({key: np.atleast_1d(value) for key, value in data.items()})
        return pd.DataFrame(data)


    def _is_missing(value):
        if value is None or value is pd.NA or value is pd.NaT:
            return True
        if isinstance(value, float) and math.isnan(value):
            return True
        return isinstance(value, str) and value == ""


    def _strings(frame, name):
        """The column as Python strings; None where the value is missing (or the column absent)."""
        if name not in frame:
            return [None] * len(frame)
        result = []
        for value in frame[name].astype(object).tolist():
            if _is_missing(value):
                result.append(None)
            elif isinstance(value, bytes):
                result.append(value.decode("utf-8"))
            elif isinstance(value, (bool, np.bool_)):
                result.append("true" if value else "false")
            else:
                result.append(str(value))
        return result


    def _numbers(frame, name):
        """The column as float64, NaN where missing; booleans are 1 and 0, as predict reads them."""
        if name not in frame:
            return np.full(len(frame), np.nan)
        column = frame[name]
        if column.dtype.kind in "fiub":
            return column.to_numpy(dtype=np.float64, na_value=np.nan)
        values = []
        for value in column.astype(object).tolist():
            if _is_missing(value):
                values.append(np.nan)
            elif isinstance(value, (bool, np.bool_)):
                values.append(1.0 if value else 0.0)
            elif isinstance(value, str) and value.lower() in ("true", "false"):
                values.append(1.0 if value.lower() == "true" else 0.0)
            else:
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    raise ValueError(f"value {value!r} in numeric column '{name}' is not a number")
                if not math.isfinite(number):
                    raise ValueError(f"value {value!r} in numeric column '{name}' is not finite")
                values.append(number)
        return np.array(values, dtype=np.float64)


    def _row(row):
        """A coefficient row of model.json: a list, or {size, indices, values} when long."""
        if isinstance(row, list):
            return row
        dense = np.zeros(row["size"], dtype=np.float64)
        dense[np.array(row["indices"], dtype=np.int64)] = row["values"]
        return dense


    class _ONNXModel:
        def __init__(self, path):
            import onnxruntime

            self.session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
            self.inputs = [(item.name, item.type) for item in self.session.get_inputs()]
            self.outputs = [item.name for item in self.session.get_outputs()]

        def _feed(self, frame, name, kind):
            if kind == "tensor(string)":
                # The contract spells a missing string as the empty string.
                return np.array([value or "" for value in _strings(frame, name)], dtype=object)
            numbers = _numbers(frame, name)
            if kind == "tensor(float)":
                return numbers.astype(np.float32)
            if np.isnan(numbers).any():
                raise ValueError(f"column '{name}' has a missing value, but it is not nullable")
            if kind == "tensor(bool)":
                return numbers != 0
            return numbers.astype(np.int64)

        def predict(self, data, params=None):
            frame = _frame(data)
            feeds = {name: self._feed(frame, name, kind) for name, kind in self.inputs}
            results = self.session.run(self.outputs, feeds)
            columns = {}
            for name, values in zip(self.outputs, results):
                if values.dtype.kind in "OSU":
                    columns[name] = [str(value) for value in values.tolist()]
                else:
                    columns[name] = values.astype(np.float64)
            return pd.DataFrame(columns)


    class _NativeModel:
        def __init__(self, path):
            with open(path, encoding="utf-8") as file:
                model = json.load(file)
            self.task = model["task"]
            self.classes = model.get("classes", [])
            linear = model["model"]
            self.coefficients = np.array(
                [_row(row) for row in linear["coefficients"]], dtype=np.float64)
            self.intercepts = np.array(linear["intercepts"], dtype=np.float64)
            self.pipeline = model["pipeline"]

        def _text(self, documents, hashing):
            from sklearn.feature_extraction.text import HashingVectorizer
            from sklearn.preprocessing import normalize

            low, high = hashing.get("ngram_range", [1, 2])
            norm = hashing.get("norm", "l2")
            sublinear = hashing.get("sublinear_tf", False) and not hashing.get("binary", False)
            vectorizer = HashingVectorizer(
                ngram_range=(low, high), n_features=hashing.get("n_features", 1 << 20),
                alternate_sign=hashing.get("alternate_sign", True),
                binary=hashing.get("binary", False), lowercase=hashing.get("lowercase", True),
                norm=None if sublinear else norm)
            matrix = vectorizer.transform(documents)
            if sublinear:
                # Sluice's sublinear_tf: sign(v)·(1 + ln|v|) on stored nonzero values, then the norm.
                data = matrix.data
                nonzero = data != 0
                data[nonzero] = np.sign(data[nonzero]) * (1 + np.log(np.abs(data[nonzero])))
                if norm is not None:
                    matrix = normalize(matrix, norm=norm, copy=False)
            return matrix

        def _features(self, frame):
            from scipy import sparse

            rows = len(frame)
            blocks = []
            for encoder in self.pipeline:
                name = encoder["column"]
                kind = encoder["kind"]
                if kind == "numeric":
                    values = _numbers(frame, name)
                    missing = np.isnan(values)
                    imputed = np.where(missing, encoder["median"], values)
                    columns = [(imputed - encoder["mean"]) / encoder["scale"]]
                    if encoder.get("indicator", False):
                        flag = missing.astype(np.float64)
                        columns.append(
                            (flag - encoder.get("indicator_mean", 0.0))
                            / encoder.get("indicator_scale", 1.0))
                    blocks.append(sparse.csr_matrix(np.column_stack(columns)))
                elif kind == "categorical":
                    categories = encoder["categories"]
                    lookup = {value: index for index, value in enumerate(categories)}
                    infrequent = encoder.get("infrequent", False)
                    has_missing = encoder.get("missing", False)
                    width = len(categories) + int(infrequent) + int(has_missing)
                    block = np.zeros((rows, width))
                    for row, value in enumerate(_strings(frame, name)):
                        # The empty string is missing unless it was a training category.
                        if value is None and "" in lookup:
                            value = ""
                        if value is None:
                            slot = len(categories) + int(infrequent) if has_missing else None
                        elif value in lookup:
                            slot = lookup[value]
                        else:
                            slot = len(categories) if infrequent else None
                        if slot is not None:
                            block[row, slot] = 1.0
                    blocks.append(sparse.csr_matrix(block))
                elif kind == "text":
                    documents = [value or "" for value in _strings(frame, name)]
                    blocks.append(self._text(documents, encoder.get("hashing", {})))
                else:
                    raise ValueError(f"unknown feature kind '{kind}' in model.json")
            return sparse.hstack(blocks, format="csr")

        def predict(self, data, params=None):
            from scipy.special import expit, softmax

            frame = _frame(data)
            linear = self._features(frame) @ self.coefficients.T + self.intercepts
            if self.task == "regression":
                return pd.DataFrame({"prediction": linear[:, 0]})
            if self.task == "binary":
                probabilities = np.column_stack([expit(-linear[:, 0]), expit(linear[:, 0])])
                labels = [self.classes[int(p > 0.5)] for p in probabilities[:, 1]]
            else:
                probabilities = softmax(linear, axis=1)
                labels = [self.classes[int(index)] for index in np.argmax(probabilities, axis=1)]
            columns = {"label": labels}
            for position, label in enumerate(self.classes):
                columns[f"proba_{label}"] = probabilities[:, position]
            return pd.DataFrame(columns)
    """#
}
