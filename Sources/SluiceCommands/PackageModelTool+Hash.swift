import SluiceBundle
import SluiceCore

extension PackageModelTool {
  static let hashSpec = CommandSpec(
    name: "package-model hash",
    overview:
      "Print the SHA-256 of each file in sha256sum's format ('<hex>  <file>'), with the hash bundles use: check a SHA256SUMS or an artifact where sha256sum is missing.",
    usage: ["package-model hash FILE..."],
    arguments: [ArgumentSpec("file", help: "The files to hash.", variadic: true)],
    examples: [Example("package-model hash weights.bin", "Print the file's sha256.")],
    exitCodes: [
      (.success, "hashed"), (.usage, "usage error"), (.noInput, "a file is missing or unreadable"),
      (.internalError, "internal error"), (.ioError, "I/O error"),
    ])

  static let hash = Tool(spec: hashSpec) { invocation in
    for path in invocation.arguments.positionals {
      let digest = try SHA256.hexOfFile(path)
      invocation.stdout.write("\(digest)  \(path)\n")
    }
    return .success
  }
}
