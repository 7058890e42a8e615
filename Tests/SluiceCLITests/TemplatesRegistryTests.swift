import Foundation
import XCTest

/// The templates' champion from the MLflow Model Registry (input `mlflow-model`), on the
/// GitHub scripts (ci/github-pipeline-local) against a real `mlflow server` from the test
/// venv; ci/test-templates-gitlab runs the same scenario through sluice-ci.
final class TemplatesRegistryTests: XCTestCase {
  func testRegistryChampionIsTheBaselineAndThePublishedReleaseTheFallback() throws {
    try MLflowTestSupport.requirePython()
    try XCTSkipUnless(
      (try TemplatesGitHubTests.shell(["sh", "-c", "command -v jq"], in: "/")).0 == 0,
      "jq is not installed (the templates' scripts use it, as GitHub's runners have it)")
    let serverDirectory = try makeTempDir(self)
    let server = try BackgroundScript("mlflow_server.py", [serverDirectory])
    addTeardownBlock { server.stop() }
    let port = try XCTUnwrap(server.port, "mlflow server did not start: \(server.firstLine)")
    let tracking = "http://127.0.0.1:\(port)"

    let repo = try makeTempDir(self)
    let stub = try StubGitHub(self, seeds: [])
    let (data, target) = try TemplatesGitHubTests.makeConsumer(repo)
    var environment = stub.environment
    environment["SLUICE_DATA"] = data
    environment["SLUICE_TARGET"] = target
    environment["SLUICE_MLFLOW_MODEL"] = "churn"
    environment["MLFLOW_TRACKING_URI"] = tracking
    environment["MLFLOW_EXPERIMENT_NAME"] = "churn"
    environment["GITHUB_REPOSITORY"] = "acme/consumer"
    environment["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567"
    environment["GITHUB_RUN_ATTEMPT"] = "1"
    environment["GITHUB_STEP_SUMMARY"] = repo + "/summary.md"
    func run(_ event: String, _ number: Int, _ extra: [String: String] = [:]) throws
      -> (Int32, String)
    {
      var env = environment
      env["GITHUB_RUN_NUMBER"] = String(number)
      env["SLUICE_PR_NUMBER"] = event == "pull_request" ? "7" : nil
      env.merge(extra) { _, new in new }
      return try TemplatesGitHubTests.shell(
        [TemplatesGitHubTests.root + "/ci/github-pipeline-local", event], in: repo,
        environment: env)
    }

    // Default branch, empty registry: a first run; the bundle is registered as challenger
    // and, its gate passed, published and made the registry's champion.
    let (pushed, pushOutput) = try run("push", 1)
    XCTAssertEqual(pushed, 0, pushOutput)
    XCTAssertTrue(pushOutput.contains("no champion in the registry"), pushOutput)
    XCTAssertTrue(pushOutput.contains("registered churn version 1 with alias 'challenger'"))
    XCTAssertTrue(pushOutput.contains("published the new champion sluice-champion-1-1"))
    XCTAssertTrue(
      pushOutput.contains("registry: models:/churn@champion is version 1"), pushOutput)

    // A pull request: the baseline is the registry's champion, and the comment says so.
    let (passed, prOutput) = try run("pull_request", 2)
    XCTAssertEqual(passed, 0, prOutput)
    XCTAssertTrue(
      prOutput.contains("baseline: the MLflow Model Registry's models:/churn@champion"), prOutput)
    let comments = try XCTUnwrap(try stub.log()["comments"] as? [[String: Any]])
    let body = comments.last?["body"] as? String ?? ""
    XCTAssertTrue(body.contains("Baseline: the MLflow Model Registry's models:/churn@champion"))

    // No tracking server (a fork's pull request gets no secrets): the published release.
    let (fallback, fallbackOutput) = try run("pull_request", 3, ["MLFLOW_TRACKING_URI": ""])
    XCTAssertEqual(fallback, 0, fallbackOutput)
    XCTAssertTrue(fallbackOutput.contains("the registry is not used"), fallbackOutput)
    XCTAssertTrue(
      fallbackOutput.contains("gating against the champion sluice-champion-1-1"), fallbackOutput)

    // MLflow's own client: both aliases on version 1, whose run holds evaluate's metrics.
    let check = try MLflowTestSupport.run(
      MLflowTestSupport.python.path,
      [
        "-c",
        """
        import sys
        from mlflow import MlflowClient
        client = MlflowClient(tracking_uri=sys.argv[1], registry_uri=sys.argv[1])
        champion = client.get_model_version_by_alias("churn", "champion")
        challenger = client.get_model_version_by_alias("churn", "challenger")
        assert champion.version == challenger.version == "1", (champion, challenger)
        metrics = client.get_run(champion.run_id).data.metrics
        assert "roc_auc" in metrics and "roc_auc_ci_low" in metrics, metrics
        print("ok")
        """,
        tracking,
      ])
    XCTAssertEqual(check.status, 0, check.output)
  }
}
