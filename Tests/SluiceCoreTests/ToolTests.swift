import Foundation
import SluiceCore
import XCTest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

final class ToolTests: XCTestCase {
  struct Located: DiagnosticError {
    var exitCode: ExitCode { .dataError }
    var message: String { "bad cell" }
    var location: SourceLocation? { SourceLocation(file: "d.csv", line: 4, column: 2) }
  }

  struct Opaque: Error {}

  let spec = CommandSpec(
    name: "demo",
    overview: "Demo tool.",
    usage: ["demo DATA [-o file]"],
    arguments: [ArgumentSpec("data", help: "Input.")],
    options: [OptionSpec(["-o", "--output"], value: "file", help: "Output.")],
    examples: [Example("demo x", "Demo x.")])

  func run(_ tool: Tool, _ args: [String]) -> (status: Int32, stdout: String, stderr: String) {
    let stdout = ByteWriter.memory()
    let stderr = ByteWriter.memory()
    let status = tool.execute(args, stdout: stdout, stderr: stderr)
    return (status, stdout.text, stderr.text)
  }

  func testHelpAnywhereBeforeTerminator() {
    let tool = Tool(spec: spec) { _ in
      XCTFail("must not run")
      return .success
    }
    for args in [["--help"], ["-h"], ["x", "--bogus", "--help"], ["-o", "f", "-h"]] {
      let result = run(tool, args)
      XCTAssertEqual(result.status, 0, "\(args)")
      XCTAssertEqual(result.stdout, HelpFormatter.render(tool.spec))
      XCTAssertEqual(result.stderr, "")
    }
  }

  func testHelpAfterTerminatorIsPositional() {
    let tool = Tool(spec: spec) { invocation in
      invocation.stdout.write(invocation.arguments.positionals.joined(separator: ","))
      return .success
    }
    XCTAssertEqual(run(tool, ["--", "--help"]).stdout, "--help")
  }

  func testVersion() {
    let tool = Tool(spec: spec) { _ in .success }
    let result = run(tool, ["--version"])
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.stdout, "demo 0.1.0\n")
    XCTAssertEqual(result.stderr, "")
  }

  func testMisuseTextIsExact() {
    let tool = Tool(spec: spec) { _ in .success }
    let result = run(tool, ["x", "--outptu", "y"])
    XCTAssertEqual(result.status, 64)
    XCTAssertEqual(result.stdout, "")
    XCTAssertEqual(
      result.stderr,
      "demo: error: unknown option '--outptu'; did you mean '--output'?\n"
        + "Usage: demo DATA [-o file]\nSee 'demo --help'.\n")
    XCTAssertEqual(
      run(tool, []).stderr,
      "demo: error: missing argument <data>\nUsage: demo DATA [-o file]\nSee 'demo --help'.\n")
  }

  func testRunReceivesArgumentsAndItsExitCodeIsReturned() {
    let tool = Tool(spec: spec) { invocation in
      invocation.stdout.write(
        "\(invocation.arguments.positionals) \(invocation.arguments.string("-o") ?? "")")
      invocation.warn("careful")
      return .negativeVerdict
    }
    let result = run(tool, ["data.csv", "--output=o.json"])
    XCTAssertEqual(result.status, 1)
    XCTAssertEqual(result.stdout, "[\"data.csv\"] o.json")
    XCTAssertEqual(result.stderr, "demo: warning: careful\n")
  }

  func testThrownErrorsMapToExitCodes() {
    let cases: [(any Error, Int32, String)] = [
      (
        CoreError.usage("bad combo"), 64,
        "demo: error: bad combo\nUsage: demo DATA [-o file]\nSee 'demo --help'.\n"
      ),
      (CoreError.invalidData("bad row"), 65, "demo: error: bad row\n"),
      (
        CoreError.missingInput(path: "x", reason: "gone"), 66,
        "demo: error: cannot read 'x': gone\n"
      ),
      (CoreError.internalError("bug"), 70, "demo: error: internal error: bug\n"),
      (
        CoreError.cannotCreateOutput(path: "o", reason: "no"), 73,
        "demo: error: cannot create 'o': no\n"
      ),
      (CoreError.io(path: "x", reason: "eio"), 74, "demo: error: input/output error on 'x': eio\n"),
      (Located(), 65, "d.csv:4:2: error: bad cell\n"),
      (Opaque(), 70, "demo: error: internal error: Opaque()\n"),
    ]
    for (error, status, stderr) in cases {
      let tool = Tool(spec: spec) { _ in throw error }
      let result = run(tool, ["d"])
      XCTAssertEqual(result.status, status, "\(error)")
      XCTAssertEqual(result.stderr, stderr)
      XCTAssertEqual(result.stdout, "")
    }
  }

  func makeSubcommandTool(root: Tool.Run? = nil) -> Tool {
    let infer = Tool(
      spec: CommandSpec(
        name: "vd infer", overview: "Infer.", usage: ["vd infer DATA"],
        arguments: [ArgumentSpec("data", help: "Data.")],
        options: [OptionSpec(["-o", "--output"], value: "file", help: "Out.")])
    ) { invocation in
      invocation.stdout.write("infer \(invocation.arguments.positionals) \(invocation.spec.name)")
      return .success
    }
    let check = Tool(
      spec: CommandSpec(
        name: "vd check", overview: "Check.", usage: ["vd check DATA --schema F"],
        arguments: [ArgumentSpec("data", help: "Data.")])
    ) { _ in throw CoreError.usage("not yet") }
    return Tool(
      spec: CommandSpec(
        name: "vd", overview: "Validate.", usage: ["vd infer DATA", "vd check DATA"],
        arguments: root == nil ? [] : [ArgumentSpec("model", help: "Model.")]),
      subcommands: [infer, check], run: root)
  }

  func testSubcommandDispatch() {
    let tool = makeSubcommandTool()
    XCTAssertEqual(tool.spec.subcommands.map(\.name), ["vd infer", "vd check"])
    let result = run(tool, ["infer", "a.csv", "-o", "s.json"])
    XCTAssertEqual(result.status, 0)
    XCTAssertEqual(result.stdout, "infer [\"a.csv\"] vd infer")
  }

  func testSubcommandHelpAndVersion() {
    let tool = makeSubcommandTool()
    let help = run(tool, ["infer", "--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: Infer.\n"))
    let rootHelp = run(tool, ["--help"])
    XCTAssertTrue(rootHelp.stdout.contains("SUBCOMMANDS:\n  infer  Infer.\n  check  Check.\n"))
    XCTAssertEqual(run(tool, ["check", "--version"]).stdout, "vd 0.1.0\n")
  }

  func testSubcommandMisuseNamesTheSubcommand() {
    let tool = makeSubcommandTool()
    XCTAssertEqual(
      run(tool, ["check", "x"]).stderr,
      "vd: error: not yet\nUsage: vd check DATA --schema F\nSee 'vd check --help'.\n")
    XCTAssertEqual(run(tool, ["check", "x"]).status, 64)
  }

  func testUnknownAndMissingSubcommand() {
    let tool = makeSubcommandTool()
    let unknown = run(tool, ["infr", "x"])
    XCTAssertEqual(unknown.status, 64)
    XCTAssertEqual(
      unknown.stderr,
      "vd: error: unknown subcommand 'infr'; did you mean 'infer'?\nUsage: vd infer DATA\nSee 'vd --help'.\n"
    )
    XCTAssertEqual(
      run(tool, ["zzzzzz"]).stderr.split(separator: "\n").first,
      "vd: error: unknown subcommand 'zzzzzz'; expected one of: infer, check")
    let missing = run(tool, [])
    XCTAssertEqual(missing.status, 64)
    XCTAssertEqual(
      missing.stderr.split(separator: "\n").first,
      "vd: error: missing subcommand; expected one of: infer, check")
  }

  func testRootRunHandlesNonSubcommandArguments() {
    let tool = makeSubcommandTool { invocation in
      invocation.stdout.write("root \(invocation.arguments.positionals)")
      return .success
    }
    XCTAssertEqual(run(tool, ["model.json"]).stdout, "root [\"model.json\"]")
    XCTAssertEqual(run(tool, ["infer", "d"]).stdout, "infer [\"d\"] vd infer")
  }

  func testStdoutWriteFailureIs74AndBrokenPipeIsQuiet() throws {
    let tool = Tool(spec: spec) { invocation in
      invocation.stdout.write("result\n")
      return .success
    }
    let full = open("/dev/full", O_WRONLY)
    try XCTSkipIf(full < 0, "/dev/full not available")
    defer { close(full) }
    let stderr = ByteWriter.memory()
    XCTAssertEqual(
      tool.execute(["d"], stdout: ByteWriter(fileDescriptor: full), stderr: stderr), 74)
    XCTAssertEqual(
      stderr.text, "demo: error: input/output error on standard output: no space left on device\n")

    signal(SIGPIPE, SIG_IGN)
    var fds: [Int32] = [0, 0]
    XCTAssertEqual(pipe(&fds), 0)
    close(fds[0])
    defer { close(fds[1]) }
    let quiet = ByteWriter.memory()
    XCTAssertEqual(
      tool.execute(["d"], stdout: ByteWriter(fileDescriptor: fds[1]), stderr: quiet), 0)
    XCTAssertEqual(quiet.text, "")
  }
}
