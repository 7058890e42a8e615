import Foundation
import XCTest

/// Bundles behind a real API: `mlflow models serve --env-manager local` from .venv-serve (the
/// newest MLflow 3 and pandas 3, as `pip install mlflow` gives a user; set up by
/// `ci/setup-python-oracles --set=serve`) answers /invocations as `predict` does, with missing
/// values as JSON null, "" and absent fields (ci/fixtures/check_serving.py starts one server
/// per bundle, posts the rows, and stops it, also on failure).
final class MLflowServingTests: XCTestCase {
  static let root = ReadmeExamplesTests.repositoryRoot

  /// Rows with the missing values a client sends: none, every nullable one, a missing
  /// categorical (scored as an unknown category before), "NA" and empty fields.
  static let penguinRows = """
    species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year
    Adelie,Torgersen,39.1,18.7,181,3750,male,2007
    Gentoo,Biscoe,,,,,,2009
    Chinstrap,Dream,46.5,17.9,192,3500,,2008
    Gentoo,Biscoe,47.3,NA,216,,female,2009
    Adelie,Dream,37.2,18.1,178,3900,NA,2007

    """

  static let reviewRows = """
    sentence,label
    "Good case, Excellent value.",1
    The mic is great.,1
    "The design is very odd, as the ear ""clip"" is not very comfortable at all.",0
    Not worth it; it broke after two days and support never answered.,0
    "",0
    Ça marche très bien!,1

    """

  func servePython() throws -> String {
    let python = Self.root.appendingPathComponent(".venv-serve/bin/python").path
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: python),
      "needs the serving venv: run ci/setup-python-oracles --set=serve")
    return python
  }

  func run(_ tool: String, _ arguments: [String], in directory: String) throws {
    let result = try CLIRunner.run(
      tool, arguments, directory: directory, environment: ["SOURCE_DATE_EPOCH": "0"])
    XCTAssertEqual(result.status, 0, "\(tool) \(arguments): \(result.stderr)")
  }

  /// Trains and packages the penguins example (with its schema, so year is an integer and
  /// flipper_length_mm an integer column with missing values) into `p-1/`.
  func packagePenguins(in directory: String) throws {
    let data = Self.root.appendingPathComponent("examples/penguins/penguins.csv").path
    try run(
      "split-data",
      [
        data, "--test-fraction", "0.2", "--seed", "1", "--train-out", "train.csv",
        "--test-out", "test.csv",
      ], in: directory)
    try run("validate-data", ["infer", "train.csv", "-o", "schema.json"], in: directory)
    try run(
      "train", ["train.csv", "--target", "species", "-o", "m.json", "--quiet"], in: directory)
    try run(
      "package-model",
      [
        "m.json", "--name", "p", "--model-version", "1", "--schema", "schema.json", "--data",
        "test.csv", "-o", "p.tar.gz",
      ], in: directory)
    let (status, output) = try PackageModelTests.shell("tar -xzf p.tar.gz", directory: directory)
    XCTAssertEqual(status, 0, output)
  }

  /// Trains and packages a sentiment model (hashed n-grams + logistic) into `s-1/`.
  func packageSentiment(in directory: String) throws {
    let data = Self.root.appendingPathComponent("examples/sentiment/reviews.tsv").path
    try run(
      "split-data",
      [
        data, "--test-fraction", "0.2", "--seed", "1", "--train-out", "train.csv",
        "--test-out", "test.csv",
      ], in: directory)
    try run(
      "train", ["train.csv", "--target", "label", "--text", "sentence", "-o", "s.json", "--quiet"],
      in: directory)
    try run(
      "package-model",
      ["s.json", "--name", "s", "--model-version", "1", "--data", "test.csv", "-o", "s.tar.gz"],
      in: directory)
    let (status, output) = try PackageModelTests.shell("tar -xzf s.tar.gz", directory: directory)
    XCTAssertEqual(status, 0, output)
  }

  func checkServing(_ arguments: String, in directory: String) throws {
    let python = try servePython()
    let (status, output) = try PackageModelTests.shell(
      "'\(python)' '\(Self.root.path)/ci/fixtures/check_serving.py' \(arguments) 2>&1",
      directory: directory)
    XCTAssertEqual(status, 0, "check_serving.py \(arguments):\n\(output)")
    XCTAssertFalse(output.contains("FAIL"), output)
  }

  /// The tabular bundle (ONNX, float32): JSON null, "" and absent fields mean missing as in
  /// `predict` (issue 15: a null categorical was an unknown category, every request was a 400
  /// under pandas 3), and `mlflow models predict -t csv` scores the user's own CSV, whose
  /// integer columns (missing values in training) have no missing value here, so pandas reads
  /// them as int64 (refused for `double` before).
  func testTabularBundleServedByMLflowAnswersAsPredict() throws {
    _ = try servePython()
    let directory = try makeTempDir(self)
    try packagePenguins(in: directory)
    try Self.penguinRows.write(
      toFile: directory + "/rows.csv", atomically: true, encoding: .utf8)
    try run("predict", ["m.json", "rows.csv", "-o", "rows_expected.csv"], in: directory)
    let test = try String(contentsOfFile: directory + "/test.csv", encoding: .utf8)
    let complete = test.split(separator: "\n").filter { !$0.contains("NA") && !$0.contains(",,") }
    XCTAssertGreaterThan(complete.count, 30)
    try (complete.joined(separator: "\n") + "\n").write(
      toFile: directory + "/complete.csv", atomically: true, encoding: .utf8)
    try run("predict", ["m.json", "complete.csv", "-o", "complete_expected.csv"], in: directory)
    try checkServing(
      "p-1 rows.csv rows_expected.csv --tolerance 1e-5 --csv complete.csv complete_expected.csv",
      in: directory)
  }

  /// The text bundle (python_function from model.json with scikit-learn's HashingVectorizer,
  /// double precision): served answers equal `predict`'s to 1e-9.
  func testTextBundleServedByMLflowAnswersAsPredict() throws {
    _ = try servePython()
    let directory = try makeTempDir(self)
    try packageSentiment(in: directory)
    try Self.reviewRows.write(toFile: directory + "/rows.csv", atomically: true, encoding: .utf8)
    try run("predict", ["s.json", "rows.csv", "-o", "rows_expected.csv"], in: directory)
    try checkServing("s-1 rows.csv rows_expected.csv --tolerance 1e-9", in: directory)
  }

  /// MODEL_CARD.md lists exactly the files the archive holds, for a tabular bundle (ONNX and
  /// MLflow), a text bundle (MLflow without ONNX) and one with artifacts.
  func testModelCardListsExactlyTheBundlesFiles() throws {
    let directory = try makeTempDir(self)
    try packagePenguins(in: directory)
    try packageSentiment(in: directory)
    try "weights".write(toFile: directory + "/extra.bin", atomically: true, encoding: .utf8)
    try run(
      "package-model",
      [
        "m.json", "--name", "a", "--model-version", "1", "--artifact", "extra.bin", "-o",
        "a.tar.gz",
      ], in: directory)
    for (root, mustHold, mustLack) in [
      ("p-1", ["mlflow/MLmodel", "model/model.onnx"], [String]()),
      ("s-1", ["mlflow/MLmodel", "mlflow/code/sluice_pyfunc.py"], ["model/model.onnx"]),
      ("a-1", ["artifacts/extra.bin", "model/model.onnx"], []),
    ] {
      let (status, listing) = try PackageModelTests.shell(
        "tar -tzf \(root.prefix(1)).tar.gz", directory: directory)
      XCTAssertEqual(status, 0, listing)
      let files = listing.split(separator: "\n").filter { !$0.hasSuffix("/") }
        .map { String($0.dropFirst(root.count + 1)) }.sorted()
      let (_, card) = try PackageModelTests.shell(
        "tar -xzOf \(root.prefix(1)).tar.gz \(root)/MODEL_CARD.md", directory: directory)
      guard let section = card.components(separatedBy: "## Files\n\n").last else {
        return XCTFail("no Files section in \(root)'s card:\n\(card)")
      }
      let listed = section.split(separator: "\n").compactMap { line -> String? in
        guard line.hasPrefix("- `") else { return nil }
        return line.dropFirst(3).split(separator: "`").first.map(String.init)
      }.sorted()
      XCTAssertEqual(listed, files, "\(root): the card lists what the archive holds")
      for path in mustHold { XCTAssertTrue(files.contains(path), "\(root) lacks \(path)") }
      for path in mustLack { XCTAssertFalse(card.contains(path), "\(root)'s card names \(path)") }
    }
  }
}
