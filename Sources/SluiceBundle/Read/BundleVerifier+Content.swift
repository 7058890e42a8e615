import SluiceCore
import SluiceLearn

extension BundleVerifier {
  /// SHA256SUMS: well-formed, every line's digest matches, every other file listed.
  static func checkSums(_ contents: [String: ArchiveMember], manifest: BundleManifest?, find: Find)
  {
    guard let member = contents[BundleManifest.sumsName], let bytes = member.bytes else {
      find("checksums", BundleManifest.sumsName, "SHA256SUMS is missing")
      return
    }
    var listed = Set<String>()
    let text = String(decoding: bytes, as: UTF8.self)
    if !bytes.isEmpty && bytes.last != UInt8(ascii: "\n") {
      find("checksums", BundleManifest.sumsName, "SHA256SUMS does not end with a newline")
    }
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where
      !(line.isEmpty
      && number == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    {
      let utf8 = Array(line.utf8)
      guard utf8.count > 66, utf8[64] == 0x20, utf8[65] == 0x20,
        utf8[0..<64].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
      else {
        find("checksums", BundleManifest.sumsName, "line \(number + 1) is not '<sha256>  <path>'")
        continue
      }
      let digest = String(decoding: utf8[0..<64], as: UTF8.self)
      let path = String(decoding: utf8[66...], as: UTF8.self)
      listed.insert(path)
      guard let file = contents[path] else {
        find("checksums", path, "listed in SHA256SUMS but not in the archive")
        continue
      }
      if file.sha256 != digest {
        find("checksums", path, "sha256 \(file.sha256) differs from SHA256SUMS's \(digest)")
      }
    }
    for path in contents.keys.sorted(by: byBytes)
    where path != BundleManifest.sumsName && !listed.contains(path) {
      find("checksums", path, "not listed in SHA256SUMS")
    }
  }

  /// The model, signature and lineage, and the metrics and profile when present, are in
  /// formats this Sluice reads.
  static func checkFormats(_ contents: [String: ArchiveMember], find: Find) {
    for (path, role) in [("metrics.json", "metrics"), ("profile.json", "profile")] {
      guard let bytes = contents[path]?.bytes else { continue }
      do {
        let json = try JSONParser.parse(bytes, file: path)
        if let problem = BundleBuilder.copiedVersionProblem(json, role: role) {
          find("formats", path, problem)
        }
      } catch {
        find("formats", path, describe(error))
      }
    }
    for path in ["model/model.json", "signature.json", "lineage.json"] {
      guard let bytes = contents[path]?.bytes else {
        find("formats", path, "\(path) is missing")
        continue
      }
      do {
        let json = try JSONParser.parse(bytes, file: path)
        switch path {
        case "model/model.json": _ = try ModelCodec.decode(json, file: path)
        case "signature.json": _ = try Signature(json: json, file: path)
        default:
          if json["lineage_version"] == nil {
            find("formats", path, "not a lineage file (no \"lineage_version\")")
          } else if let problem = FormatVersion.problem(
            in: json, key: "lineage_version", understood: Lineage.formatVersion)
          {
            find("formats", path, "lineage_version: \(problem)")
          }
        }
      } catch {
        find("formats", path, describe(error))
      }
    }
  }

  /// The native model reproduces examples/expected_output.csv from examples/input.csv.
  static func checkExamples(
    _ contents: [String: ArchiveMember], manifest: BundleManifest, find: Find
  ) {
    let inputPath = manifest.entryPoints["input_example"] ?? "examples/input.csv"
    let expectedPath = manifest.entryPoints["expected_output"] ?? "examples/expected_output.csv"
    guard let modelBytes = contents["model/model.json"]?.bytes,
      let input = contents[inputPath]?.bytes, let expected = contents[expectedPath]?.bytes
    else {
      find("examples", expectedPath, "the model or the example files are missing")
      return
    }
    do {
      let model = try ModelCodec.decode(
        JSONParser.parse(modelBytes, file: "model/model.json"), file: "model/model.json")
      let actual = try Examples.predictions(model: model, frame: Examples.frame(input: input))
      if let difference = firstDifference(actual, expected) {
        find("examples", expectedPath, "the native model does not reproduce it: \(difference)")
      }
    } catch {
      find("examples", inputPath, "cannot score the example rows: \(describe(error))")
    }
  }

  /// Where two predictions files differ beyond 1e-9 (relative), or nil.
  static func firstDifference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
    guard actual != expected else { return nil }
    let left = String(decoding: actual, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let right = String(decoding: expected, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    guard left.count == right.count else {
      return "\(right.count - 1) lines expected, \(left.count - 1) predicted"
    }
    for (index, (mine, theirs)) in zip(left, right).enumerated() where mine != theirs {
      let a = mine.split(separator: ",", omittingEmptySubsequences: false)
      let b = theirs.split(separator: ",", omittingEmptySubsequences: false)
      let close =
        a.count == b.count
        && zip(a, b).allSatisfy { x, y in
          if x == y { return true }
          guard let u = Double(x), let v = Double(y) else { return false }
          return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v))
        }
      if !close { return "line \(index + 1) is '\(theirs)', predicted '\(mine)'" }
    }
    return nil
  }

  /// The statement is an in-toto v1 SLSA provenance whose subject is this archive.
  static func checkProvenance(_ bytes: [UInt8], file: String, archiveSHA256: String, find: Find) {
    let statement: JSONValue
    do {
      statement = try JSONParser.parse(bytes, file: file)
    } catch {
      find("provenance", nil, "\(file) is not valid JSON: \(describe(error))")
      return
    }
    if statement["_type"]?.stringValue != Provenance.statementType {
      find("provenance", nil, "\(file) is not an in-toto v1 statement (_type)")
    }
    if statement["predicateType"]?.stringValue != Provenance.predicateType {
      find("provenance", nil, "\(file) does not hold SLSA v1 provenance (predicateType)")
    }
    let digests = Provenance.subjectDigests(statement)
    if !digests.contains(archiveSHA256) {
      let stated =
        digests.isEmpty ? "no sha256 subject" : "subject sha256 " + digests.joined(separator: ", ")
      find("provenance", nil, "\(file) names \(stated), not the archive's \(archiveSHA256)")
    }
  }
}
