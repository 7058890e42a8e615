import Foundation
import XCTest

/// The GitHub setup action's installer (templates/github/scripts/install.sh) against a stub
/// of the releases API: a release is installed only when its archive matches SHA256SUMS, and
/// jobs that install the same release into one tool cache at once (a matrix on a
/// self-hosted runner) all succeed, none seeing another's half-extracted folder; builds of
/// different checkouts keep folders of their own.
final class TemplatesGitHubSetupTests: XCTestCase {
  static let tools = [
    "validate-data", "split-data", "train", "predict", "evaluate", "gate", "package-model",
  ]

  func testSetupInstallsAReleaseOnlyWhenItMatchesItsSHA256SUMS() throws {
    let directory = try makeTempDir(self)
    let (name, arch) = try Self.makeRelease(in: directory)
    let tampered = "sluice-v0.0.1-linux-\(arch)"
    for command in [
      ["mkdir", "-p", "tampered"],
      ["cp", "assets/\(name).tar.gz", "tampered/\(tampered).tar.gz"],
      ["sh", "-c", "printf '%064d  \(tampered).tar.gz\\n' 0 > tampered/SHA256SUMS"],
    ] {
      let (status, output) = try TemplatesGitHubTests.shell(command, in: directory)
      XCTAssertEqual(status, 0, output)
    }
    let stub = try StubGitHub(
      self,
      seeds: [
        "sluice-ml/sluice:v0.0.1:\(directory)/tampered",
        "sluice-ml/sluice:v9.9.9:\(directory)/assets",
      ])
    let path = directory + "/github-path"
    var environment = Self.environment(stub, tools: directory + "/tools")
    environment["GITHUB_PATH"] = path
    let (status, output) = try TemplatesGitHubTests.shell(
      [Self.installer], in: directory, environment: environment)
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("installed validate-data 9.9.9"), output)
    XCTAssertTrue(output.contains("\(name).tar.gz: OK"), output)
    let added = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertEqual(added, directory + "/tools/v9.9.9/\(arch)/bin\n")
    let helper = directory + "/tools/v9.9.9/\(arch)/bin/sluice-ci"
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: helper))
    XCTAssertFalse(output.contains(TemplatesGitHubTests.token))

    // A second run finds the complete install and downloads nothing.
    let (again, againOutput) = try TemplatesGitHubTests.shell(
      [Self.installer], in: directory, environment: environment)
    XCTAssertEqual(again, 0, againOutput)
    XCTAssertTrue(againOutput.contains("Sluice v9.9.9 is already installed"), againOutput)
    XCTAssertFalse(againOutput.contains("tar.gz: OK"), againOutput)

    environment["SLUICE_VERSION"] = "v0.0.1"
    let (refused, tamperedOutput) = try TemplatesGitHubTests.shell(
      [Self.installer], in: directory, environment: environment)
    XCTAssertEqual(refused, 1, tamperedOutput)
    XCTAssertTrue(
      tamperedOutput.contains("does not match the SHA256SUMS of release v0.0.1"), tamperedOutput)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/tools/v0.0.1"))
  }

  /// Five jobs install one release into one tool cache, 0.8 s apart, while a tar that pauses
  /// after every 512-byte record keeps each extraction running for about 5 s: the later jobs
  /// start after the first one's `gate` exists but before its `validate-data` does. Every job
  /// finds all seven tools, and no staging folder is left behind.
  func testJobsInstallingTheSameReleaseAtOnceAllSucceed() throws {
    let directory = try makeTempDir(self)
    let (_, arch) = try Self.makeRelease(in: directory)
    let stub = try StubGitHub(self, seeds: ["sluice-ml/sluice:v9.9.9:\(directory)/assets"])
    let shim = directory + "/slow-tar"
    try FileManager.default.createDirectory(atPath: shim, withIntermediateDirectories: true)
    let realTar = try TemplatesGitHubTests.shell(["sh", "-c", "command -v tar"], in: "/").1
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try """
    #!/bin/sh
    case " $* " in
      *" -xzf "*) exec '\(realTar)' -b 1 --checkpoint=1 --checkpoint-action=exec='sleep 0.05' "$@" ;;
    esac
    exec '\(realTar)' "$@"

    """.write(toFile: shim + "/tar", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim + "/tar")
    var environment = ProcessInfo.processInfo.environment
    for name in environment.keys where name.hasPrefix("GITHUB_") || name.hasPrefix("SLUICE_") {
      environment[name] = nil
    }
    environment.merge(Self.environment(stub, tools: directory + "/tools")) { _, new in new }
    environment["PATH"] = shim + ":" + (environment["PATH"] ?? "/usr/bin:/bin")

    var jobs: [(Process, Pipe)] = []
    for _ in 0..<5 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Self.installer)
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      process.environment = environment
      let pipe = Pipe()
      process.standardOutput = pipe
      process.standardError = pipe
      try process.run()
      jobs.append((process, pipe))
      Thread.sleep(forTimeInterval: 0.8)
    }
    for (process, pipe) in jobs {
      let output = String(
        decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      XCTAssertEqual(process.terminationStatus, 0, output)
      XCTAssertTrue(output.contains("installed validate-data 9.9.9"), output)
    }
    let parent = "\(directory)/tools/v9.9.9/\(arch)"
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent), ["bin"])
    for tool in Self.tools {
      XCTAssertTrue(FileManager.default.isExecutableFile(atPath: parent + "/bin/" + tool), tool)
    }
  }

  /// `version: source` on a runner that builds two checkouts (two branches, two jobs): each
  /// build gets the folder of its own source hash, so installing the second leaves the
  /// first job's tools (on its PATH) as they were, and the same source is built only once.
  /// A stand-in `swift` "builds" tools that print their checkout's name.
  func testSourceBuildsOfDifferentCheckoutsKeepTheirOwnFolders() throws {
    let directory = try makeTempDir(self)
    let fake = directory + "/fake-swift"
    try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
    let tools = Self.tools.joined(separator: " ")
    try """
    #!/bin/sh
    [ "$1" = --version ] && { echo "Swift version 0.0 (stand-in)"; exit 0; }
    while [ $# -gt 0 ]; do
      case "$1" in --package-path) package="$2"; shift ;; --show-bin-path) show=1 ;; esac
      shift
    done
    products="$package/.build/release"
    [ -n "${show:-}" ] && { echo "$products"; exit 0; }
    echo "$package" >> "\(directory)/builds"
    mkdir -p "$products"
    for tool in \(tools); do
      printf '#!/bin/sh\\necho "%s %s"\\n' "$tool" "${package##*/}" > "$products/$tool"
      chmod 755 "$products/$tool"
    done

    """.write(toFile: fake + "/swift", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake + "/swift")
    for checkout in ["main", "branch"] {
      try FileManager.default.createDirectory(
        atPath: "\(directory)/\(checkout)/Sources/Tool", withIntermediateDirectories: true)
      try "// swift-tools-version:6.0\n".write(
        toFile: "\(directory)/\(checkout)/Package.swift", atomically: true, encoding: .utf8)
      try "let checkout = \"\(checkout)\"\n".write(
        toFile: "\(directory)/\(checkout)/Sources/Tool/main.swift", atomically: true,
        encoding: .utf8)
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    func install(_ checkout: String, hash: String? = nil) throws -> (Int32, String, String) {
      let outputs = "\(directory)/outputs-\(checkout)"
      var environment = [
        "SLUICE_VERSION": "source", "SLUICE_SOURCE_DIR": "\(directory)/\(checkout)",
        "SLUICE_INSTALL_DIR": directory + "/tools", "GITHUB_OUTPUT": outputs,
        "PATH": fake + ":" + path,
      ]
      environment["SLUICE_SOURCE_HASH"] = hash
      try? FileManager.default.removeItem(atPath: outputs)
      let (status, output) = try TemplatesGitHubTests.shell(
        [Self.installer], in: directory, environment: environment)
      let bin = (try? String(contentsOfFile: outputs, encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("bin=") }?.dropFirst(4)
      return (status, output, bin.map(String.init) ?? "")
    }

    let (first, firstOutput, mainBin) = try install("main")
    XCTAssertEqual(first, 0, firstOutput)
    XCTAssertTrue(firstOutput.contains("installed validate-data main"), firstOutput)
    let (hashStatus, hash) = try TemplatesGitHubTests.shell(
      [Self.installer.replacingOccurrences(of: "install.sh", with: "source-hash.sh"), "main"],
      in: directory)
    XCTAssertEqual(hashStatus, 0, hash)
    XCTAssertEqual(
      mainBin, "\(directory)/tools/source/\(hash.trimmingCharacters(in: .newlines))/bin")

    let (second, secondOutput, branchBin) = try install("branch")
    XCTAssertEqual(second, 0, secondOutput)
    XCTAssertTrue(secondOutput.contains("installed validate-data branch"), secondOutput)
    XCTAssertNotEqual(branchBin, mainBin)
    // The first job's PATH still finds its own build.
    let (status, version) = try TemplatesGitHubTests.shell(
      [mainBin + "/validate-data", "--version"], in: directory)
    XCTAssertEqual(status, 0, version)
    XCTAssertEqual(version, "validate-data main\n")

    // The same source again: its build is reused, nothing is built.
    let (again, againOutput, againBin) = try install("main")
    XCTAssertEqual(again, 0, againOutput)
    XCTAssertTrue(againOutput.contains("using the cached build of this source"), againOutput)
    XCTAssertEqual(againBin, mainBin)
    let builds = try String(contentsOfFile: directory + "/builds", encoding: .utf8)
    XCTAssertEqual(builds, "\(directory)/main\n\(directory)/branch\n")

    // A hash that could name a folder outside the cache is refused before anything is built.
    let (refused, refusedOutput, _) = try install("main", hash: "../../elsewhere")
    XCTAssertEqual(refused, 1, refusedOutput)
    XCTAssertTrue(refusedOutput.contains("is not 32 hex digits"), refusedOutput)
  }

  // MARK: helpers

  static let installer = TemplatesGitHubTests.root + "/templates/github/scripts/install.sh"

  /// A release v9.9.9 in DIRECTORY/assets, packed by ci/release-pack (the one release
  /// layout: name/bin/ with the tools and sluice-ci) with its SHA256SUMS; each tool prints
  /// "TOOL 9.9.9". Returns the archive's base name and the machine's architecture.
  static func makeRelease(in directory: String) throws -> (String, String) {
    let arch = try TemplatesGitHubTests.machine()
    let name = "sluice-v9.9.9-linux-\(arch)"
    try FileManager.default.createDirectory(
      atPath: "\(directory)/\(name)/bin", withIntermediateDirectories: true)
    for tool in tools {
      let path = "\(directory)/\(name)/bin/\(tool)"
      try "#!/bin/sh\necho \"\(tool) 9.9.9\"\n".write(
        toFile: path, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    try FileManager.default.createDirectory(
      atPath: directory + "/assets", withIntermediateDirectories: true)
    for command in [
      [TemplatesGitHubTests.root + "/ci/release-pack", "v9.9.9", arch, "\(name)/bin", "assets"],
      ["sh", "-c", "cd assets && sha256sum -- \(name).tar.gz > SHA256SUMS"],
    ] {
      let (status, output) = try TemplatesGitHubTests.shell(command, in: directory)
      XCTAssertEqual(status, 0, output)
    }
    return (name, arch)
  }

  /// The installer's environment: the stub's API, the latest release of sluice-ml/sluice,
  /// installed under TOOLS.
  static func environment(_ stub: StubGitHub, tools: String) -> [String: String] {
    var environment = stub.environment
    environment["SLUICE_REPOSITORY"] = "sluice-ml/sluice"
    environment["SLUICE_INSTALL_DIR"] = tools
    environment["SLUICE_VERSION"] = "latest"
    return environment
  }
}
