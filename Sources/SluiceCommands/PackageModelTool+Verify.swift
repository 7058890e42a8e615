import SluiceBundle
import SluiceCore

extension PackageModelTool {
  static let verifySpec = CommandSpec(
    name: "package-model verify",
    overview:
      "Verify a bundle: a canonical archive (no absolute paths, '..', links or duplicates; sorted members with canonical metadata), every checksum in SHA256SUMS and bundle.json, supported format versions, the native model reproducing examples/expected_output.csv, and with --provenance the statement's subject digest. Every defect is a finding, unreadable compression included: exit 0 when the bundle is valid, 1 when it is not. Decompression stops at --max-bytes. The summary names the archive's sha256 and the tar sha256 (of the uncompressed tar stream): the bundle's identity, the same whatever gzip level or zlib build compressed it.",
    usage: [
      "package-model verify BUNDLE [--provenance FILE] [--max-bytes N] [--json F] [--markdown F] [--junit F]"
    ],
    arguments: [ArgumentSpec("bundle", help: "The NAME-VERSION.tar.gz to verify.")],
    options: [
      OptionSpec(
        ["--provenance"], value: "file",
        help:
          "An in-toto statement (NAME-VERSION.tar.gz.intoto.json) whose subject must be this archive."
      ),
      OptionSpec(
        ["--max-bytes"], value: "n", help: "Stop decompressing past n bytes (a finding).",
        default: String(GzipReader.defaultLimit)),
    ] + ReportWriter.options,
    examples: [
      Example(
        "package-model verify churn-1.2.0.tar.gz --provenance churn-1.2.0.tar.gz.intoto.json",
        "Check the bundle and that the provenance statement is about it."),
      Example(
        "package-model verify churn-1.2.0.tar.gz --json verify.json",
        "Also write the findings as JSON."),
    ],
    exitCodes: [
      (.success, "the bundle is valid"),
      (.negativeVerdict, "the bundle has defects (findings listed)"),
      (.usage, "usage error"), (.noInput, "the bundle or statement is missing or unreadable"),
      (.internalError, "internal error"), (.cannotCreateOutput, "cannot create a report file"),
      (.ioError, "I/O error"),
    ])

  static let verify = Tool(spec: verifySpec) { invocation in
    let arguments = invocation.arguments
    let path = arguments.positionals[0]
    guard let limit = try arguments.int("--max-bytes"), limit > 0 else {
      throw CoreError.usage("invalid value for '--max-bytes': expected a positive integer")
    }
    let result = try BundleVerifier.verify(
      path: path, provenancePath: arguments.string("--provenance"), limit: UInt64(limit))
    try ReportWriter.write(
      report(result, path: path), arguments: arguments, environment: ProcessEnvironment.current,
      stdout: invocation.stdout, stderr: invocation.stderr)
    invocation.note("package-model: \(path): \(summary(result))")
    for finding in result.findings.prefix(20) {
      invocation.note(
        "\(path): error: [\(finding.check)] " + (finding.path.map { "\($0): " } ?? "")
          + finding.message)
    }
    if result.findings.count > 20 {
      invocation.stderr.write(
        "... \(result.findings.count - 20) more (see --json, --markdown or --junit)\n")
    }
    return result.isValid ? .success : .negativeVerdict
  }

  static func summary(_ result: VerifyResult) -> String {
    let count = result.findings.count
    let name = result.manifest.map { "\($0.name) \($0.version), " } ?? ""
    let tar = result.tarSHA256.map { ", tar sha256 \($0)" } ?? ""
    return result.isValid
      ? "valid: \(name)\(Plural.count(result.fileCount, "file")), archive sha256 "
        + result.archiveSHA256 + tar
      : "invalid: \(Plural.count(count, "finding")) (\(name)archive sha256 \(result.archiveSHA256)"
        + "\(tar))"
  }

  /// The verify report: one row per finding, one JUnit case per check.
  static func report(_ result: VerifyResult, path: String) -> Report {
    let rows = result.findings.map { [$0.check, $0.path ?? "", $0.message] }
    let cases = VerifyResult.checks.map { check -> ReportCase in
      let found = result.findings.filter { $0.check == check }
      if let reason = result.skipped[check], found.isEmpty {
        return ReportCase(
          suite: "package-model verify", className: path, name: check, verdict: .skipped,
          message: reason)
      }
      return ReportCase(
        suite: "package-model verify", className: path, name: check,
        verdict: found.isEmpty ? .pass : .fail,
        message: found.first.map { ($0.path.map { "\($0): " } ?? "") + $0.message } ?? "",
        details: found.map { ($0.path.map { "\($0): " } ?? "") + $0.message }.joined(
          separator: "\n"))
    }
    let payload = JSONValue.object([
      "valid": .bool(result.isValid), "bundle": .string(path),
      "archive_sha256": .string(result.archiveSHA256),
      "tar_sha256": result.tarSHA256.map { .string($0) } ?? .null,
      "name": result.manifest.map { .string($0.name) } ?? .null,
      "version": result.manifest.map { .string($0.version) } ?? .null,
      "members": .int(Int64(result.memberCount)),
      "checks": .object(
        Dictionary(
          uniqueKeysWithValues: cases.map { ($0.name, JSONValue.string($0.verdict.rawValue)) })),
      "findings": .array(
        result.findings.map {
          .object([
            "check": .string($0.check), "path": $0.path.map { .string($0) } ?? .null,
            "message": .string($0.message),
          ])
        }),
    ])
    return Report(
      tool: "package-model verify", title: "Bundle verification: \(path)",
      verdict: result.isValid ? .pass : .fail, summary: summary(result),
      table: ReportTable(headers: ["check", "file", "finding"], rows: rows), cases: cases,
      payload: payload, marker: "sluice-package-verify")
  }
}
