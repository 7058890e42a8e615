import Foundation
import XCTest

/// The GitHub templates (.github/workflows/, templates/github/): static checks, the shard
/// option their matrix job uses, and the pipeline's jobs run on this machine
/// (ci/github-pipeline-local, the same scripts the workflow's actions run) against a stub of
/// the GitHub REST API on 127.0.0.1 that records the comment and publish calls.
final class TemplatesGitHubTests: XCTestCase {
  static let root = ReadmeExamplesTests.repositoryRoot.path
  static let token = "ghs_test-token-never-printed"

  // MARK: validate-data profile --shard

  func testProfileShardsPartitionTheTableAndMergeToTheWholeProfile() throws {
    let directory = try makeTempDir(self)
    var rows = "k,x,c\n"
    for index in 0..<10 {
      rows += "\(index),\(Double(index) * 1.5),\(index % 3 == 0 ? "a" : "b")\n"
    }
    try rows.write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    var total = 0
    var keys: [String] = []
    for shard in 1...3 {
      let result = try CLIRunner.run(
        "validate-data", ["profile", "d.csv", "--shard", "\(shard)/3", "-o", "s\(shard).json"],
        directory: directory)
      XCTAssertEqual(result.status, 0, result.stderr)
      XCTAssertTrue(result.stderr.contains("of shard \(shard)/3 of d.csv"), result.stderr)
      let profile = try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: directory + "/s\(shard).json")))
      let rowCount = try XCTUnwrap((profile as? [String: Any])?["rows"] as? Int)
      XCTAssertEqual(
        rowCount, shard == 1 ? 4 : 3, "shard \(shard): rows 1, 4, 7, 10 / 2, 5, 8 / ...")
      total += rowCount
      keys.append("s\(shard).json")
    }
    XCTAssertEqual(total, 10)
    let merged = try CLIRunner.run(
      "validate-data", ["merge"] + keys + ["-o", "merged.json"], directory: directory)
    XCTAssertEqual(merged.status, 0, merged.stderr)
    let whole = try CLIRunner.run("validate-data", ["profile", "d.csv"], directory: directory)
    let mergedProfile = try String(contentsOfFile: directory + "/merged.json", encoding: .utf8)
    for field in ["\"rows\": 10", "\"mean\": 6.75", "\"count\": 10"] {
      XCTAssertTrue(whole.stdout.contains(field), whole.stdout)
      XCTAssertTrue(mergedProfile.contains(field), mergedProfile)
    }
  }

  func testProfileShardRejectsAShardOutsideOneToN() throws {
    let directory = try makeTempDir(self)
    try "x\n1\n".write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
    for bad in ["0/2", "3/2", "2", "a/b", "1/0"] {
      let result = try CLIRunner.run(
        "validate-data", ["profile", "d.csv", "--shard", bad], directory: directory)
      XCTAssertEqual(result.status, 64, bad)
      XCTAssertTrue(result.stderr.contains("'--shard': expected I/N"), result.stderr)
    }
  }

  // MARK: static checks

  func testStaticChecksOfTheWorkflowsAndActionsFindNothing() throws {
    try Self.requireLinters()
    let (status, output) = try Self.shell(
      [Self.root + "/ci/check-github-templates"], in: Self.root)
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("check-github-templates: no findings"), output)
    // The consumer's workflow, made from the README's snippet, lints clean too.
    let repo = try makeTempDir(self)
    _ = try Self.makeConsumer(repo)
    let (consumer, consumerOutput) = try Self.shell(
      [Self.root + "/.venv-templates/bin/actionlint", ".github/workflows/model.yml"], in: repo)
    XCTAssertEqual(consumer, 0, consumerOutput)
  }

  // MARK: setup

  // MARK: the pipeline, event by event

  /// A consumer repository made from the snippet: a default-branch run publishes the
  /// champion; a pull request that regresses fails naming the rule; one that improves
  /// passes, and its run edits the first run's comment; a fork's pull request, whose token
  /// may not comment, still fails with the verdict in its log and summary; a data error is
  /// annotated on its line and its value stays out of the comment; the scheduled monitor
  /// fails on drifted data and passes on data like the training data; deploy extracts the
  /// MLflow model.
  func testPipelinePublishesTheChampionThenGatesPullRequestsInOneEditedComment() throws {
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: "/usr/bin/jq")
        || (try Self.shell(["sh", "-c", "command -v jq"], in: "/")).0 == 0,
      "jq is not installed (the templates' scripts use it, as GitHub's runners have it)")
    let repo = try makeTempDir(self)
    let stub = try StubGitHub(self, seeds: [])
    let (data, target) = try Self.makeConsumer(repo)
    XCTAssertEqual(data, "data/train.csv")
    XCTAssertEqual(target, "label")
    var environment = stub.environment
    environment["SLUICE_DATA"] = data
    environment["SLUICE_TARGET"] = target
    environment["GITHUB_REPOSITORY"] = "acme/consumer"
    environment["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567"
    environment["GITHUB_RUN_ATTEMPT"] = "1"
    environment["GITHUB_STEP_SUMMARY"] = repo + "/summary.md"
    var outputs: [String] = []

    func run(
      _ event: String, run number: Int, trainArgs: String, pr: Int? = nil,
      extra: [String: String] = [:]
    ) throws -> (Int32, String) {
      var env = environment
      env["GITHUB_RUN_NUMBER"] = String(number)
      env["SLUICE_TRAIN_ARGS"] = trainArgs
      if let pr { env["SLUICE_PR_NUMBER"] = String(pr) }
      env.merge(extra) { _, new in new }
      let result = try Self.shell(
        [Self.root + "/ci/github-pipeline-local", event], in: repo, environment: env)
      outputs.append(result.1)
      return result
    }

    // The default branch: no champion yet, so a first run; its gate passes and it publishes.
    let (pushed, pushOutput) = try run("push", run: 1, trainArgs: "--ignore x2")
    XCTAssertEqual(pushed, 0, pushOutput)
    XCTAssertTrue(pushOutput.contains("no champion yet"), pushOutput)
    XCTAssertTrue(pushOutput.contains("published the new champion sluice-champion-1-1"), pushOutput)
    var log = try stub.log()
    let releases = try XCTUnwrap(log["releases"] as? [[String: Any]])
    XCTAssertEqual(releases.count, 1)
    XCTAssertEqual(releases.first?["tag_name"] as? String, "sluice-champion-1-1")
    XCTAssertEqual(releases.first?["draft"] as? Bool, false)
    let assetNames = ((releases.first?["assets"] as? [[String: Any]]) ?? []).compactMap {
      $0["name"] as? String
    }
    XCTAssertEqual(
      assetNames,
      ["model-1.1.0.tar.gz", "model-1.1.0.tar.gz.intoto.json", "model-1.1.0.metrics.json"])
    let bundleList = try Self.shell(
      ["tar", "-tzf", ".sluice-jobs/publish/bundle/model-1.1.0.tar.gz"], in: repo)
    XCTAssertTrue(
      bundleList.1.contains("model-1.1.0/artifacts/predictions.profile.json"), bundleList.1)
    XCTAssertTrue(bundleList.1.contains("model-1.1.0/profile.json"), bundleList.1)

    // A pull request whose candidate loses the strongest feature: the gate fails, naming the rule.
    let (regressed, regressOutput) = try run(
      "pull_request", run: 2, trainArgs: "--ignore x1 --ignore x2", pr: 7)
    XCTAssertEqual(regressed, 1, regressOutput)
    XCTAssertTrue(
      regressOutput.contains("gating against the champion sluice-champion-1-1"), regressOutput)
    XCTAssertTrue(
      regressOutput.contains("[fail] roc_auc/roc_auc >= baseline - 0.01"), regressOutput)
    XCTAssertTrue(regressOutput.contains("pull request #7: created a comment"), regressOutput)
    log = try stub.log()
    var comments = try XCTUnwrap(log["comments"] as? [[String: Any]])
    XCTAssertEqual(comments.count, 1)
    let firstBody = comments.first?["body"] as? String ?? ""
    XCTAssertTrue(firstBody.hasPrefix("<!-- sluice:gate -->"), firstBody)
    XCTAssertTrue(firstBody.contains("Verdict: **FAIL**"), firstBody)
    XCTAssertTrue(firstBody.contains("roc\\_auc &gt;= baseline - 0.01"), firstBody)

    // The same pull request, now better than the champion: passes; the comment is edited.
    let (improved, improveOutput) = try run("pull_request", run: 3, trainArgs: "", pr: 7)
    XCTAssertEqual(improved, 0, improveOutput)
    XCTAssertTrue(improveOutput.contains("pull request #7: updated comment"), improveOutput)
    log = try stub.log()
    comments = try XCTUnwrap(log["comments"] as? [[String: Any]])
    XCTAssertEqual(comments.count, 1, "one comment, edited in place")
    XCTAssertEqual(comments.first?["edits"] as? Int, 1)
    XCTAssertTrue((comments.first?["body"] as? String ?? "").contains("Verdict: **PASS**"))

    // A fork's pull request: its token cannot comment; the job still fails with the verdict.
    let (forked, forkOutput) = try run(
      "pull_request", run: 4, trainArgs: "--ignore x1 --ignore x2", pr: 8,
      extra: ["GITHUB_TOKEN": "read-only"])
    XCTAssertEqual(forked, 1, forkOutput)
    XCTAssertTrue(forkOutput.contains("could not comment on pull request #8 (HTTP 403"), forkOutput)
    XCTAssertTrue(forkOutput.contains("gate: FAIL"), forkOutput)
    let summary = try String(contentsOfFile: repo + "/summary.md", encoding: .utf8)
    XCTAssertTrue(summary.contains("Verdict: **FAIL**"), summary)
    XCTAssertTrue(summary.contains("could not be written (HTTP 403)"), summary)
    XCTAssertEqual((try stub.log()["comments"] as? [[String: Any]])?.count, 1)

    // A committed schema and a bad row: annotated on its line; the value stays out of the comment.
    let infer = try Self.shell(
      [
        "sh", "-c",
        "mkdir -p sluice && validate-data infer data/train.csv -o sluice/schema.json"
          + " && printf '0.1,0.2,0.3,purple-secret,yes\\n' >> data/train.csv",
      ], in: repo)
    XCTAssertEqual(infer.0, 0, infer.1)
    let (invalid, invalidOutput) = try run("pull_request", run: 5, trainArgs: "", pr: 9)
    XCTAssertEqual(invalid, 1, invalidOutput)
    XCTAssertTrue(invalidOutput.contains("::error title="), invalidOutput)
    XCTAssertTrue(invalidOutput.contains("file=data/train.csv,line=1202"), invalidOutput)
    let invalidComment = try XCTUnwrap(
      (try stub.log()["comments"] as? [[String: Any]])?.first { ($0["issue"] as? Int) == 9 })
    let invalidBody = invalidComment["body"] as? String ?? ""
    XCTAssertTrue(invalidBody.contains("The data failed validation"), invalidBody)
    XCTAssertFalse(invalidBody.contains("purple-secret"), invalidBody)
    XCTAssertEqual(
      try Self.shell(["git", "checkout", "-q", "--", "data/train.csv"], in: repo).0, 0)
    try FileManager.default.removeItem(atPath: repo + "/sluice")

    // The scheduled monitor: shifted inputs drift; data like the training data does not.
    try Self.table(rows: 300, seed: 99, shift: 2.0).write(
      toFile: repo + "/data/new.csv", atomically: true, encoding: .utf8)
    let (drifted, driftOutput) = try run(
      "schedule", run: 6, trainArgs: "", extra: ["SLUICE_MONITOR_DATA": "data/new.csv"])
    XCTAssertEqual(drifted, 1, driftOutput)
    XCTAssertTrue(driftOutput.contains("drift: see drift-inputs.md"), driftOutput)
    let scores = try String(
      contentsOfFile: repo + "/.sluice-jobs/monitor/drift-scores.md", encoding: .utf8)
    XCTAssertTrue(scores.contains("proba"), scores)
    try Self.table(rows: 600, seed: 5, shift: 0).write(
      toFile: repo + "/data/new.csv", atomically: true, encoding: .utf8)
    let (steady, steadyOutput) = try run(
      "schedule", run: 7, trainArgs: "", extra: ["SLUICE_MONITOR_DATA": "data/new.csv"])
    XCTAssertEqual(steady, 0, steadyOutput)

    // Deploy: the champion's MLflow model, with the commands that serve it.
    let (deployed, deployOutput) = try run("workflow_dispatch", run: 8, trainArgs: "")
    XCTAssertEqual(deployed, 0, deployOutput)
    XCTAssertTrue(deployOutput.contains("mlflow models serve -m"), deployOutput)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: repo + "/.sluice-jobs/deploy/deploy/mlflow-model/MLmodel"))

    // The token never reaches a log, a report or a file the jobs left.
    for output in outputs { XCTAssertFalse(output.contains(Self.token)) }
    let grep = try Self.shell(["grep", "-rlF", Self.token, "."], in: repo)
    XCTAssertEqual(grep.0, 1, "files holding the token: \(grep.1)")
    let calls = try XCTUnwrap(try stub.log()["calls"] as? [[String: Any]])
    XCTAssertTrue(calls.allSatisfy { $0["token"] as? Bool == true }, "every call authenticated")
  }

  // MARK: the workflow itself, under act

  /// act (nektos/act from .venv-templates, on the host: `-P ubuntu-latest=-self-hosted`)
  /// runs the consumer's workflow made from the README's snippet, which calls this
  /// checkout's .github/workflows/pipeline.yml and actions (`--local-repository`); the
  /// pinned third-party actions are replaced by ci/fixtures/github-action-stubs; the tools
  /// come from a release on the stub API (wrappers of the built tools, with SHA256SUMS).
  /// A default-branch push publishes the champion; a regressing pull request fails naming
  /// the rule; an improving one passes and its run edits the first run's comment; the
  /// scheduled monitor fails on drifted data; the manual deploy hands over the MLflow model.
  func testWorkflowUnderActPublishesGatesPullRequestsMonitorsAndDeploys() throws {
    let act = try Self.act()
    let base = try makeTempDir(self)
    let manager = FileManager.default
    for directory in [".github", "templates"] {
      try manager.createDirectory(atPath: base + "/sluice", withIntermediateDirectories: true)
      try manager.copyItem(
        atPath: Self.root + "/" + directory, toPath: base + "/sluice/" + directory)
    }
    let arch = try Self.machine()
    let name = "sluice-v1.0.0-linux-\(arch)"
    try manager.createDirectory(
      atPath: "\(base)/release/\(name)/bin", withIntermediateDirectories: true)
    try manager.createDirectory(atPath: base + "/assets", withIntermediateDirectories: true)
    for tool in [
      "validate-data", "split-data", "train", "predict", "evaluate", "gate", "package-model",
    ] {
      let path = "\(base)/release/\(name)/bin/\(tool)"
      try "#!/bin/sh\nexec '\(CLIRunner.executable(tool))' \"$@\"\n".write(
        toFile: path, atomically: true, encoding: .utf8)
      try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    let pack = try Self.shell(
      [
        "sh", "-c",
        "'\(Self.root)/ci/release-pack' v1.0.0 \(arch) release/\(name)/bin assets"
          + " && cd assets && sha256sum -- \(name).tar.gz > SHA256SUMS",
      ], in: base)
    XCTAssertEqual(pack.0, 0, pack.1)
    let stub = try StubGitHub(self, seeds: ["sluice-ml/sluice:v1.0.0:\(base)/assets"])
    let repo = base + "/consumer"
    try manager.createDirectory(atPath: repo, withIntermediateDirectories: true)
    _ = try Self.makeConsumer(repo)
    let snippet = try String(
      contentsOfFile: repo + "/.github/workflows/model.yml", encoding: .utf8)
    let repository =
      #""repository": {"default_branch": "main", "full_name": "acme/consumer", "#
      + #""name": "consumer", "owner": {"login": "acme"}}"#
    let stubs = Self.root + "/ci/fixtures/github-action-stubs/"
    let replaced = [
      "sluice-ml/sluice@main=\(base)/sluice",
      "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683=\(stubs)checkout",
      "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02=\(stubs)upload-artifact",
      "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093="
        + "\(stubs)download-artifact",
      "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684=\(stubs)cache",
    ]

    func runAct(_ event: String, trainArgs: String, extra: String = "") throws -> (Int32, String) {
      var workflow =
        event == "push" || event == "pull_request"
        ? snippet
        : snippet.replacingOccurrences(
          of: "\njobs:\n",
          with: "\n  schedule:\n    - cron: '0 6 * * 1'\n  workflow_dispatch:\njobs:\n")
      if !trainArgs.isEmpty { workflow += "      train-args: \(trainArgs)\n" }
      workflow += extra
      try workflow.write(
        toFile: repo + "/.github/workflows/model.yml", atomically: true, encoding: .utf8)
      let commit = try Self.shell(["git", "commit", "-qam", event, "--allow-empty"], in: repo)
      XCTAssertEqual(commit.0, 0, commit.1)
      let payload =
        event != "pull_request"
        ? #"{"ref": "refs/heads/main", \#(repository)}"#
        : #"{"number": 7, "pull_request": {"number": 7, "head": {"ref": "change"}, "#
          + #""base": {"ref": "main"}}, \#(repository)}"#
      try payload.write(toFile: base + "/event.json", atomically: true, encoding: .utf8)
      try? manager.removeItem(atPath: base + "/artifacts")
      var arguments = [
        act, event, "-e", base + "/event.json", "-P", "ubuntu-latest=-self-hosted",
        "--action-cache-path", base + "/act-cache", "--action-offline-mode",
        "--concurrent-jobs", "1", "-s", "GITHUB_TOKEN=\(Self.token)",
        "--env", "GITHUB_API_URL=http://127.0.0.1:\(stub.port)",
        "--env", "SLUICE_STUB_ARTIFACTS=\(base)/artifacts",
      ]
      for replacement in replaced { arguments += ["--local-repository", replacement] }
      return try Self.shell(arguments, in: repo)
    }

    // The default branch, with a weaker model: a first run whose gate passes; it publishes.
    let (pushed, pushOutput) = try runAct("push", trainArgs: "--ignore x2")
    XCTAssertEqual(pushed, 0, pushOutput)
    XCTAssertTrue(pushOutput.contains("no champion yet"), pushOutput)
    XCTAssertTrue(pushOutput.contains("published the new champion sluice-champion-"), pushOutput)
    let published = try XCTUnwrap(try stub.log()["releases"] as? [[String: Any]]).filter {
      ($0["tag_name"] as? String ?? "").hasPrefix("sluice-champion-")
    }
    XCTAssertEqual(published.count, 1)
    XCTAssertEqual(published.first?["draft"] as? Bool, false)

    // A pull request that drops the strongest feature: the gate job fails, naming the rule.
    let (regressed, regressOutput) = try runAct(
      "pull_request", trainArgs: "--ignore x1 --ignore x2")
    XCTAssertNotEqual(regressed, 0, regressOutput)
    XCTAssertTrue(
      regressOutput.contains("[fail] roc_auc/roc_auc >= baseline - 0.01"), regressOutput)
    XCTAssertTrue(regressOutput.contains("pull request #7: created a comment"), regressOutput)
    var comments = try XCTUnwrap(try stub.log()["comments"] as? [[String: Any]])
    XCTAssertEqual(comments.count, 1)
    XCTAssertTrue((comments.first?["body"] as? String ?? "").contains("Verdict: **FAIL**"))

    // The same pull request with every feature: better than the champion; the comment is
    // edited, not repeated.
    let (improved, improveOutput) = try runAct("pull_request", trainArgs: "")
    XCTAssertEqual(improved, 0, improveOutput)
    XCTAssertTrue(improveOutput.contains("pull request #7: updated comment"), improveOutput)
    comments = try XCTUnwrap(try stub.log()["comments"] as? [[String: Any]])
    XCTAssertEqual(comments.count, 1)
    XCTAssertEqual(comments.first?["edits"] as? Int, 1)
    XCTAssertTrue((comments.first?["body"] as? String ?? "").contains("Verdict: **PASS**"))
    // The scheduled monitor on drifted data fails with its reports; deploy (manual)
    // hands over the champion's MLflow model.
    try Self.table(rows: 300, seed: 99, shift: 2.0).write(
      toFile: repo + "/data/new.csv", atomically: true, encoding: .utf8)
    let (drifted, driftOutput) = try runAct(
      "schedule", trainArgs: "", extra: "      monitor-data: data/new.csv\n")
    XCTAssertNotEqual(drifted, 0, driftOutput)
    XCTAssertTrue(driftOutput.contains("drift: see drift-inputs.md"), driftOutput)
    XCTAssertTrue(
      manager.fileExists(atPath: base + "/artifacts/sluice-drift/drift-scores.md"), driftOutput)
    let (deployed, deployOutput) = try runAct("workflow_dispatch", trainArgs: "")
    XCTAssertEqual(deployed, 0, deployOutput)
    XCTAssertTrue(deployOutput.contains("mlflow models serve -m"), deployOutput)
    XCTAssertTrue(
      manager.fileExists(atPath: base + "/artifacts/sluice-mlflow-model/MLmodel"), deployOutput)
    for output in [pushOutput, regressOutput, improveOutput, driftOutput, deployOutput] {
      XCTAssertFalse(output.contains(Self.token), "the token was printed")
    }
  }

  /// act from SLUICE_ACT, else the one ci/setup-test-tools installs in .venv-templates.
  static func act() throws -> String {
    if let path = ProcessInfo.processInfo.environment["SLUICE_ACT"], !path.isEmpty {
      return path
    }
    let path = root + "/.venv-templates/bin/act"
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: path),
      "act is not installed: run ci/setup-test-tools (.venv-templates)")
    return path
  }
}
