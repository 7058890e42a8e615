// swift-tools-version:6.0
// Sluice has no package dependencies by design: Foundation and the toolchain only.
import PackageDescription

let tools = [
  "validate-data", "split-data", "train", "predict", "evaluate", "gate", "package-model",
]

let package = Package(
  name: "Sluice",
  platforms: [.macOS(.v13)],
  products: tools.map { .executable(name: $0, targets: [$0]) },
  targets: [
    .target(name: "SluiceCore"),
    // zlib is a system library (zlib1g-dev), not a package: gzip tables and model bundles.
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    .target(name: "SluiceTable", dependencies: ["SluiceCore", "CZlib"]),
    .target(name: "SluiceData", dependencies: ["SluiceCore", "SluiceTable"]),
    .target(name: "SluiceLearn", dependencies: ["SluiceCore", "SluiceTable", "SluiceData"]),
    .target(name: "SluiceMetrics", dependencies: ["SluiceCore", "SluiceTable"]),
    .target(name: "SluiceGate", dependencies: ["SluiceCore", "SluiceTable", "SluiceMetrics"]),
    .target(
      name: "SluiceBundle",
      dependencies: [
        "SluiceCore", "SluiceTable", "SluiceData", "SluiceLearn", "SluiceMetrics", "CZlib",
      ]),
    // One job: talking to an MLflow tracking server over its REST API (Foundation only).
    .target(name: "SluiceTracking", dependencies: ["SluiceCore"]),
    .target(
      name: "SluiceCommands",
      dependencies: [
        "SluiceCore", "SluiceTable", "SluiceData", "SluiceLearn", "SluiceMetrics", "SluiceGate",
        "SluiceBundle", "SluiceTracking",
      ]),
    .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore"]),
    .testTarget(
      name: "SluiceDataTests", dependencies: ["SluiceData"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SluiceLearnTests", dependencies: ["SluiceLearn"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SluiceMetricsTests", dependencies: ["SluiceMetrics", "CZlib"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SluiceGateTests", dependencies: ["SluiceGate"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SluiceBundleTests", dependencies: ["SluiceBundle"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "SluiceTableTests", dependencies: ["SluiceCore", "SluiceTable"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "SluiceCommandsTests", dependencies: ["SluiceCore", "SluiceCommands"]),
    // The fuzz targets' entry points, replayed on the committed corpus (fuzz/, ci/fuzz).
    .testTarget(
      name: "SluiceFuzzTests",
      dependencies: [
        "SluiceCore", "SluiceTable", "SluiceData", "SluiceLearn", "SluiceMetrics", "SluiceGate",
        "SluiceBundle", "SluiceCommands",
      ]),
    .testTarget(
      name: "SluiceCLITests", dependencies: ["SluiceCore"] + tools.map { .target(name: $0) },
      exclude: ["Fixtures"]),
  ]
    + tools.map { .executableTarget(name: $0, dependencies: ["SluiceCommands"]) }
)
