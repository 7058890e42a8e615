/// The version string reported by every Sluice tool's `--version`.
public let sluiceVersion = "0.1.0"
