import Foundation
import XCTest

/// Secrets in the environment of a CI job appear in nothing a full pipeline run writes:
/// standard output, standard error (GitHub annotations included), the step summary, any
/// report, artifact, bundle (inside the tar.gz too) or provenance statement.
final class SecretLeakTests: XCTestCase {
  /// Distinctive values: a leak of any of them, whole, is unmistakable.
  private static let secrets: [String: String] = [
    "GITHUB_TOKEN": "ghp_SLUICEplantedGitHubToken0123456789ab",
    "MLFLOW_TRACKING_TOKEN": "mlflow-SLUICE-planted-tracking-token-4242",
    "CI_JOB_TOKEN": "glcbt-SLUICE-planted-ci-job-token-9999",
    "DATABRICKS_TOKEN": "dapiSLUICEplanteddatabrickstoken00000000",
    "AWS_SECRET_ACCESS_KEY": "SLUICEplanted/AwsSecretAccessKey+0123456789",
    "SLUICE_TEST_PASSWORD": "hunter2-SLUICE-planted-password",
  ]

  private func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  @discardableResult
  private func sh(_ command: String, in directory: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  func testPlantedTokensAppearInNoOutputOfAFullPipeline() throws {
    let directory = NSTemporaryDirectory() + "sluice-secrets-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
    let example = repositoryRoot().appendingPathComponent("examples/penguins").path
    // A work tree whose remote URL carries a token, as CI checkouts often do.
    let token = Self.secrets["GITHUB_TOKEN"] ?? ""
    let setUp = """
      cp -R '\(example)' penguins && git init -q . && git config user.email t@example.com \
      && git config user.name t \
      && git remote add origin https://x-access-token:\(token)@github.com/o/r.git \
      && git add -A && git commit -qm data && mkdir out
      """
    XCTAssertEqual(try sh(setUp, in: directory), 0)

    var environment = Self.secrets
    environment["GITHUB_ACTIONS"] = "true"
    environment["GITHUB_STEP_SUMMARY"] = directory + "/out/step-summary.md"
    environment["SOURCE_DATE_EPOCH"] = "1700000000"
    let data = "penguins/penguins.csv"
    let stages: [(String, [String])] = [
      ("validate-data", ["infer", data, "-o", "out/schema.json"]),
      (
        "validate-data",
        [
          "check", data, "--schema", "out/schema.json", "--json", "out/check.json",
          "--markdown", "out/check.md", "--junit", "out/check.xml",
        ]
      ),
      ("validate-data", ["profile", data, "-o", "out/profile.json"]),
      (
        "validate-data",
        [
          "drift", data, "--reference", "out/profile.json", "--markdown", "out/drift.md",
          "--json", "out/drift.json", "--junit", "out/drift.xml",
        ]
      ),
      (
        "split-data",
        [
          data, "--test-fraction", "0.2", "--seed", "7", "--stratify", "species",
          "--train-out", "out/train.csv", "--test-out", "out/test.csv",
        ]
      ),
      (
        "train",
        [
          "out/train.csv", "--target", "species", "--schema", "out/schema.json", "-o",
          "out/model.json",
        ]
      ),
      (
        "evaluate",
        [
          "out/model.json", "out/test.csv", "--bootstrap", "200", "--slice", "island",
          "--min-slice-size", "10", "--predictions-out", "out/predictions.csv",
          "--markdown", "out/metrics.md", "--openmetrics", "out/metrics.txt",
          "--plots", "out/plots", "-o", "out/metrics.json",
        ]
      ),
      (
        "gate",
        [
          "out/metrics.json", "--baseline", "penguins/baseline/metrics.json",
          "--rules", "penguins/gate.rules", "--predictions", "out/predictions.csv",
          "--baseline-predictions", "penguins/baseline/predictions.csv",
          "--json", "out/gate.json", "--markdown", "out/gate.md", "--junit", "out/gate.xml",
        ]
      ),
      (
        "package-model",
        [
          "out/model.json", "--name", "penguins", "--model-version", "1.0.0",
          "--metrics", "out/metrics.json", "--schema", "out/schema.json",
          "--profile", "out/profile.json", "--data", "out/train.csv",
          "--triton", "out/triton", "-o", "out/penguins-1.0.0.tar.gz",
        ]
      ),
      (
        "package-model",
        [
          "verify", "out/penguins-1.0.0.tar.gz",
          "--provenance", "out/penguins-1.0.0.tar.gz.intoto.json", "--json", "out/verify.json",
        ]
      ),
      ("package-model", ["inspect", "out/penguins-1.0.0.tar.gz"]),
      // A failing gate, so the run writes GitHub annotations (scanned too).
      (
        "gate",
        [
          "out/metrics.json", "--rule", "accuracy >= 0.99999", "--markdown", "out/gate-fail.md",
          "--junit", "out/gate-fail.xml",
        ]
      ),
      ("predict", ["out/penguins-1.0.0.tar.gz", "out/test.csv", "-o", "out/bundle-preds.csv"]),
    ]
    var streams: [(String, Data)] = []
    for (tool, args) in stages {
      let result = try CLIRunner.run(
        tool, args, directory: directory, environment: environment)
      let expected: Int32 = args.contains("accuracy >= 0.99999") ? 1 : 0
      XCTAssertEqual(result.status, expected, "\(tool) \(args.first ?? ""): \(result.stderr)")
      streams.append(("\(tool) \(args.first ?? "") stdout", result.stdoutBytes))
      streams.append(("\(tool) \(args.first ?? "") stderr", Data(result.stderr.utf8)))
    }

    // Every file written, and the decompressed contents of every gzip file (the bundle's tar
    // holds its members' bytes as they are).
    let out = directory + "/out"
    var files: [(String, Data)] = []
    let enumerator = FileManager.default.enumerator(atPath: out)
    while let name = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = out + "/" + name
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue, let bytes = FileManager.default.contents(atPath: path)
      else { continue }
      files.append((name, bytes))
      if name.hasSuffix(".gz") {
        let plain = directory + "/plain-" + UUID().uuidString
        XCTAssertEqual(try sh("gzip -dc '\(path)' > '\(plain)'", in: directory), 0, name)
        files.append(
          (name + " (decompressed)", FileManager.default.contents(atPath: plain) ?? Data()))
      }
    }
    let names = Set(files.map(\.0))
    for expected in [
      "check.json", "check.md", "check.xml", "metrics.txt", "gate.xml", "step-summary.md",
      "penguins-1.0.0.tar.gz (decompressed)", "penguins-1.0.0.tar.gz.intoto.json",
      "verify.json", "predictions.csv",
    ] {
      XCTAssertTrue(names.contains(expected), "\(expected) was not written: \(names.sorted())")
    }
    XCTAssertTrue(
      streams.contains { String(decoding: $0.1, as: UTF8.self).contains("::") },
      "no GitHub annotation was written, so the annotations were not scanned")
    XCTAssertTrue(
      files.contains { $0.0.hasSuffix("(decompressed)") && $0.1.count > 10_000 },
      "the bundle's contents were not scanned")

    // The scan sees into the bundle: the model's class names are in its decompressed bytes.
    XCTAssertTrue(
      files.contains {
        $0.0.hasSuffix("(decompressed)") && $0.1.range(of: Data("Gentoo".utf8)) != nil
      })

    for (name, value) in Self.secrets {
      let needle = Data(value.utf8)
      for (source, bytes) in streams + files where bytes.range(of: needle) != nil {
        XCTFail("\(name)'s value appears in \(source)")
      }
    }
  }
}
