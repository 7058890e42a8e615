import SluiceCore

/// The in-toto v1 statement written next to an archive: an SLSA v1 provenance predicate
/// whose subject is the archive's sha256. It holds no timestamps or host names, so the same
/// inputs give the same statement too.
public enum Provenance {
  /// The in-toto statement type.
  public static let statementType = "https://in-toto.io/Statement/v1"
  /// The SLSA provenance predicate type.
  public static let predicateType = "https://slsa.dev/provenance/v1"
  /// The build type: how to read `externalParameters`.
  public static let buildType = "urn:sluice:package-model:v1"
  /// The builder's id.
  public static let builderID = "urn:sluice:package-model"

  /// One input of the build.
  public struct Input: Sendable, Equatable {
    /// What the input is for (`model`, `data`, `schema`, `metrics`, `params`, `profile`,
    /// `artifact`).
    public var role: String
    /// The file's name.
    public var name: String
    /// SHA-256 of its bytes.
    public var sha256: String

    /// Creates an input.
    public init(role: String, name: String, sha256: String) {
      self.role = role
      self.name = name
      self.sha256 = sha256
    }
  }

  /// The statement for archive `archiveName` with digest `archiveSHA256`.
  public static func statement(
    archiveName: String, archiveSHA256: String, bundleName: String, bundleVersion: String,
    inputs: [Input], sourceDate: SourceDate, gitCommit: String?, gitChanges: GitChanges? = nil
  ) -> JSONValue {
    var dependencies: [JSONValue] = inputs.map { input in
      .object([
        "name": .string(input.name), "digest": .object(["sha256": .string(input.sha256)]),
        "annotations": .object(["role": .string(input.role)]),
      ])
    }
    if let gitCommit {
      var source: [String: JSONValue] = [
        "name": .string("source"), "digest": .object(["gitCommit": .string(gitCommit)]),
      ]
      // The commit alone would claim sources that were not what was built from.
      if let gitChanges { source["annotations"] = gitChanges.json }
      dependencies.append(.object(source))
    }
    var roles: [String: [JSONValue]] = [:]
    for input in inputs { roles[input.role, default: []].append(.string(input.name)) }
    return .object([
      "_type": .string(statementType),
      "subject": .array([
        .object([
          "name": .string(archiveName),
          "digest": .object(["sha256": .string(archiveSHA256)]),
        ])
      ]),
      "predicateType": .string(predicateType),
      "predicate": .object([
        "buildDefinition": .object([
          "buildType": .string(buildType),
          "externalParameters": .object([
            "name": .string(bundleName), "version": .string(bundleVersion),
            "inputs": .object(roles.mapValues { .array($0) }),
          ]),
          "internalParameters": .object([
            "source_date_epoch": .int(sourceDate.epoch),
            "source_date_origin": .string(sourceDate.origin),
          ]),
          "resolvedDependencies": .array(dependencies),
        ]),
        "runDetails": .object([
          "builder": .object([
            "id": .string(builderID),
            "version": .object(["sluice": .string(sluiceVersion)]),
          ]),
          "metadata": .object([:]),
        ]),
      ]),
    ])
  }

  /// The sha256 digests of the statement's subjects.
  public static func subjectDigests(_ statement: JSONValue) -> [String] {
    (statement["subject"]?.arrayValue ?? []).compactMap { $0["digest"]?["sha256"]?.stringValue }
  }
}
